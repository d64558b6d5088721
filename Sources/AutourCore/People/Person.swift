import Foundation

/// Facts that make a person more fragile, recorded to prioritise help, never to label.
public enum VulnerabilityFlag: String, CaseIterable, Codable, Sendable {
    case livesAlone = "lives_alone"
    case over75 = "over_75"
    case disability
    case noPhone = "no_phone"
    case noInternet = "no_internet"

    public var label: String {
        switch self {
        case .livesAlone: "Vit seul·e"
        case .over75: "Plus de 75 ans"
        case .disability: "Situation de handicap"
        case .noPhone: "Sans téléphone"
        case .noInternet: "Sans accès à internet"
        }
    }
}

/// A person of the CCAS's case file, with minimal identity. Everything is optional but the name:
/// an agent often knows little at first.
public struct Person: Sendable, Equatable, Codable {
    public let id: UUID
    public let territoryId: UUID
    public var firstName: String
    public var lastName: String
    /// `YYYY-MM-DD`.
    public var birthDate: String?
    public var address: String?
    public var communeCode: String?
    public var neighbourhood: String?
    public var phone: String?
    public var email: String?
    public var languages: [String]
    public var flags: Set<VulnerabilityFlag>
    /// Persons living together share this id.
    public var householdId: UUID?
    public let createdAt: Date
    /// Set once the person is erased: the record then only counts in statistics.
    public var erasedAt: Date?

    public init(
        id: UUID, territoryId: UUID, firstName: String, lastName: String, birthDate: String? = nil,
        address: String? = nil, communeCode: String? = nil, neighbourhood: String? = nil, phone: String? = nil,
        email: String? = nil, languages: [String] = [], flags: Set<VulnerabilityFlag> = [], householdId: UUID? = nil,
        createdAt: Date, erasedAt: Date? = nil
    ) {
        self.id = id
        self.territoryId = territoryId
        self.firstName = firstName
        self.lastName = lastName
        self.birthDate = birthDate
        self.address = address
        self.communeCode = communeCode
        self.neighbourhood = neighbourhood
        self.phone = phone
        self.email = email
        self.languages = languages
        self.flags = flags
        self.householdId = householdId
        self.createdAt = createdAt
        self.erasedAt = erasedAt
    }

    public var displayName: String { erasedAt == nil ? "\(firstName) \(lastName)" : "Personne anonymisée" }
    public var scope: RecordScope { RecordScope(territoryId: territoryId) }
}

/// What a caller sends to create or change a person (API JSON and web form alike).
public struct PersonInput: Sendable, Codable, Equatable {
    public var firstName: String
    public var lastName: String
    public var birthDate: String?
    public var address: String?
    public var communeCode: String?
    public var neighbourhood: String?
    public var phone: String?
    public var email: String?
    public var languages: [String]?
    public var flags: [String]?

    public init(
        firstName: String, lastName: String, birthDate: String? = nil, address: String? = nil,
        communeCode: String? = nil, neighbourhood: String? = nil, phone: String? = nil, email: String? = nil,
        languages: [String]? = nil, flags: [String]? = nil
    ) {
        self.firstName = firstName
        self.lastName = lastName
        self.birthDate = birthDate
        self.address = address
        self.communeCode = communeCode
        self.neighbourhood = neighbourhood
        self.phone = phone
        self.email = email
        self.languages = languages
        self.flags = flags
    }
}

/// The checked, normalised form of a `PersonInput`.
public struct ValidPerson: Sendable, Equatable {
    public let firstName: String
    public let lastName: String
    public let birthDate: String?
    public let address: String?
    public let communeCode: String?
    public let neighbourhood: String?
    public let phone: String?
    public let email: String?
    public let languages: [String]
    public let flags: Set<VulnerabilityFlag>
}

public enum PersonRules {
    /// Checks a person against the territory (its communes and neighbourhoods) and `today`
    /// (no birth in the future). Every problem is reported at once, by field.
    public static func validate(_ input: PersonInput, territory: Territory, today: Date) throws(AutourError) -> ValidPerson {
        var errors = FieldErrors()
        func clean(_ text: String?, _ field: String, max: Int) -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            if text.count > max { errors.add(field, "\(max) caractères au plus.") }
            return text
        }
        let first = clean(input.firstName, "firstName", max: 100)
        let last = clean(input.lastName, "lastName", max: 100)
        if first == nil { errors.add("firstName", "Le prénom est obligatoire.") }
        if last == nil { errors.add("lastName", "Le nom est obligatoire.") }

        var birth: String?
        if let text = clean(input.birthDate, "birthDate", max: 10) {
            if let date = parseDay(text), date <= today, date > today.addingTimeInterval(-125 * 365.25 * 86400) {
                birth = text
            } else {
                errors.add("birthDate", "Date de naissance invalide (format AAAA-MM-JJ, dans le passé).")
            }
        }
        let communeCode = clean(input.communeCode, "communeCode", max: 5)?.uppercased()
        if let communeCode, !territory.communes.contains(communeCode) {
            errors.add("communeCode", "Cette commune n'appartient pas au territoire.")
        }
        var neighbourhood: String?
        if let name = clean(input.neighbourhood, "neighbourhood", max: 100) {
            if let match = territory.neighbourhoods.first(where: { SearchText.fold($0.name) == SearchText.fold(name) }) {
                neighbourhood = match.name
            } else {
                errors.add("neighbourhood", "Quartier inconnu sur ce territoire.")
            }
        }
        var phone: String?
        if let text = clean(input.phone, "phone", max: 30) {
            let digits = SearchText.digits(text)
            if digits.count < 10 || digits.count > 15 { errors.add("phone", "Numéro de téléphone invalide (10 chiffres au moins).") }
            phone = text
        }
        let email = clean(input.email, "email", max: 254)?.lowercased()
        if let email, !AccountRules.isPlausibleEmail(email) { errors.add("email", "Adresse e-mail invalide.") }
        let languages = (input.languages ?? []).compactMap { clean($0, "languages", max: 40) }
        if languages.count > 10 { errors.add("languages", "10 langues au plus.") }
        var flags = Set<VulnerabilityFlag>()
        for name in input.flags ?? [] {
            if let flag = VulnerabilityFlag(rawValue: name) { flags.insert(flag) } else { errors.add("flags", "Indicateur inconnu : \(name).") }
        }
        try errors.throwIfAny("La fiche ne peut pas être enregistrée.")
        return ValidPerson(
            firstName: first!, lastName: last!, birthDate: birth, address: clean(input.address, "address", max: 300),
            communeCode: communeCode ?? territory.communes.first, neighbourhood: neighbourhood, phone: phone,
            email: email, languages: languages, flags: flags)
    }

    /// Parses `YYYY-MM-DD` as a UTC day.
    public static func parseDay(_ text: String) -> Date? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: y, month: m, day: d)
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == d,
            calendar.component(.month, from: date) == m
        else { return nil }
        return date
    }

    /// A person is a likely duplicate of another when they share the folded full name and either
    /// the birth date or the folded address.
    public static func likelyDuplicates(of candidate: IdentityKey, among people: [Person]) -> [Person] {
        let name = SearchText.fold(candidate.firstName + " " + candidate.lastName)
        return people.filter { other in
            guard other.id != candidate.id, other.erasedAt == nil,
                SearchText.fold(other.firstName + " " + other.lastName) == name
            else { return false }
            if let birth = candidate.birthDate, birth == other.birthDate { return true }
            if let address = candidate.address, let otherAddress = other.address,
                SearchText.fold(address) == SearchText.fold(otherAddress)
            {
                return true
            }
            return false
        }
    }
}

/// What duplicate detection compares, from a new person's input or from an existing file.
public struct IdentityKey: Sendable {
    /// Set for an existing file, which is never its own duplicate.
    public let id: UUID?
    public let firstName: String
    public let lastName: String
    public let birthDate: String?
    public let address: String?

    public init(_ person: ValidPerson) {
        (id, firstName, lastName, birthDate, address) = (nil, person.firstName, person.lastName, person.birthDate, person.address)
    }

    public init(_ person: Person) {
        (id, firstName, lastName, birthDate, address) = (person.id, person.firstName, person.lastName, person.birthDate, person.address)
    }
}

/// Text as searches compare it: accents, case and punctuation do not matter.
public enum SearchText {
    public static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "fr_FR"))
        let words = folded.map { $0.isLetter || $0.isNumber ? $0 : " " }
        return String(words).split(separator: " ").joined(separator: " ")
    }

    public static func digits(_ text: String) -> String { text.filter(\.isNumber) }

    /// What a person search looks for in the folded name and address, and in the phone's digits.
    public struct PersonQuery: Equatable, Sendable {
        /// Found anywhere in the folded text. Three characters at least, so that a trigram index
        /// can answer it: a two-character query becomes " xy", the start of a word.
        public let text: String
        /// Four digits or more, looked for in phone numbers too.
        public let digits: String?
    }

    /// The search for `query`, nil when it has fewer than two letters or digits. Two characters
    /// find the names and addresses with a word starting with them ("ly" finds Ly and Lyon, not
    /// Kelly); three or more find them anywhere ("mar" finds Marie and Lamarque).
    public static func personQuery(_ query: String) -> PersonQuery? {
        let folded = fold(query)
        guard folded.count >= 2 else { return nil }
        let digits = digits(query)
        return PersonQuery(text: folded.count == 2 ? " " + folded : folded, digits: digits.count >= 4 ? digits : nil)
    }
}
