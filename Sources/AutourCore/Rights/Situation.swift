import Foundation

/// A member's place in the household, as OpenFisca's entities need it.
public enum HouseholdRole: String, CaseIterable, Codable, Sendable {
    case applicant, spouse, child

    public var label: String {
        switch self {
        case .applicant: "Demandeur·se"
        case .spouse: "Conjoint·e"
        case .child: "Enfant à charge"
        }
    }
}

/// Declared monthly resources by kind, gross (« brut »), in euros: what a payslip or a pension
/// statement shows. Each is optional in JSON (absent is 0).
public enum IncomeKind: String, CaseIterable, Codable, Sendable {
    case salary, unemployment, pension, disability

    public var label: String {
        switch self {
        case .salary: "Salaire"
        case .unemployment: "Allocation chômage"
        case .pension: "Retraite"
        case .disability: "Pension d'invalidité"
        }
    }

    public var help: String {
        switch self {
        case .salary: "Montant brut du mois, en haut de la fiche de paie (« salaire brut »)."
        case .unemployment: "Montant brut mensuel versé par France Travail."
        case .pension: "Montant brut mensuel de toutes les retraites (base et complémentaires)."
        case .disability: "Pension d'invalidité de l'Assurance maladie, montant mensuel."
        }
    }
}

public enum HousingStatus: String, CaseIterable, Codable, Sendable {
    case tenant, owner, hosted, homeless

    public var label: String {
        switch self {
        case .tenant: "Locataire"
        case .owner: "Propriétaire"
        case .hosted: "Hébergé·e gratuitement"
        case .homeless: "Sans domicile"
        }
    }
}

public struct HouseholdMember: Codable, Sendable, Equatable {
    public var role: HouseholdRole
    /// `YYYY-MM-DD`.
    public var birthDate: String
    /// Euros per kind; a missing kind is 0.
    public var monthlyIncome: [IncomeKind: Double]
    /// A disability recognised at 80 % or more (the AAH's rate); absent is false.
    public var disabled: Bool?
    /// The person of the file this member is, when known (never sent to OpenFisca).
    public var personId: UUID?

    public init(role: HouseholdRole, birthDate: String, monthlyIncome: [IncomeKind: Double] = [:], disabled: Bool? = nil, personId: UUID? = nil) {
        self.role = role
        self.birthDate = birthDate
        self.monthlyIncome = monthlyIncome
        self.disabled = disabled
        self.personId = personId
    }

    enum CodingKeys: String, CodingKey { case role, birthDate, monthlyIncome, disabled, personId }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        role = try c.decode(HouseholdRole.self, forKey: .role)
        birthDate = try c.decode(String.self, forKey: .birthDate)
        let raw = try c.decodeIfPresent([String: Double].self, forKey: .monthlyIncome) ?? [:]
        var income: [IncomeKind: Double] = [:]
        for (key, value) in raw {
            guard let kind = IncomeKind(rawValue: key) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .monthlyIncome, in: c, debugDescription: "unknown income kind '\(key)' (salary, unemployment, pension, disability)")
            }
            // Zero is what an absent kind means: one value for both.
            if value != 0 { income[kind] = value }
        }
        monthlyIncome = income
        disabled = try c.decodeIfPresent(Bool.self, forKey: .disabled)
        personId = try c.decodeIfPresent(UUID.self, forKey: .personId)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(role, forKey: .role)
        try c.encode(birthDate, forKey: .birthDate)
        try c.encode(Dictionary(uniqueKeysWithValues: IncomeKind.allCases.map { ($0.rawValue, monthlyIncome[$0] ?? 0) }), forKey: .monthlyIncome)
        try c.encodeIfPresent(disabled, forKey: .disabled)
        try c.encodeIfPresent(personId, forKey: .personId)
    }

    public func income(_ kind: IncomeKind) -> Double { monthlyIncome[kind] ?? 0 }
}

public struct Housing: Codable, Sendable, Equatable {
    public var status: HousingStatus
    /// Monthly rent in euros, charges excluded (tenants).
    public var rent: Double?
    /// INSEE code of the commune: OpenFisca derives the housing-aid zone (A, B, C) from it.
    public var commune: String
    /// A social (HLM, conventionné) dwelling: the housing aid is then the APL.
    public var socialHousing: Bool?

    public init(status: HousingStatus, rent: Double? = nil, commune: String, socialHousing: Bool? = nil) {
        self.status = status
        self.rent = rent
        self.commune = commune
        self.socialHousing = socialHousing
    }
}

/// A household's situation as the agent reviews it and as `autour rights simulate` reads it.
public struct HouseholdSituation: Codable, Sendable, Equatable {
    public var members: [HouseholdMember]
    public var housing: Housing
    /// Benefits the household says it already receives.
    public var receives: [Benefit]

    public init(members: [HouseholdMember], housing: Housing, receives: [Benefit] = []) {
        self.members = members
        self.housing = housing
        self.receives = receives
    }

    enum CodingKeys: String, CodingKey { case members, housing, receives }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        members = try c.decode([HouseholdMember].self, forKey: .members)
        housing = try c.decode(Housing.self, forKey: .housing)
        receives = try c.decodeIfPresent([Benefit].self, forKey: .receives) ?? []
    }

    public var applicant: HouseholdMember? { members.first { $0.role == .applicant } }
}

public enum SituationRules {
    public static let maximumMembers = 15
    /// A month's resource of one kind, in euros: beyond it the figure is a typing error.
    public static let maximumMonthlyIncome = 50_000.0
    public static let maximumRent = 10_000.0

    /// Checks a situation before it is stored or computed: one applicant, at most one spouse,
    /// dates of birth in the past, amounts finite and within bounds, a commune code. Every
    /// problem is reported at once; the numbers are checked here so that nothing downstream traps.
    public static func validate(_ situation: HouseholdSituation, today: Date) throws(AutourError) -> HouseholdSituation {
        var errors = FieldErrors()
        let members = situation.members
        if members.filter({ $0.role == .applicant }).count != 1 { errors.add("members", "Indiquez une et une seule personne demandeuse.") }
        if members.filter({ $0.role == .spouse }).count > 1 { errors.add("members", "Un foyer compte au plus un·e conjoint·e.") }
        if members.count > maximumMembers { errors.add("members", "Un foyer compte au plus \(maximumMembers) personnes.") }
        let todayText = FrenchTime.day(today)
        for (index, member) in members.enumerated() {
            if !isDate(member.birthDate) || member.birthDate > todayText {
                errors.add("members.\(index).birthDate", "Date de naissance attendue au format AAAA-MM-JJ, dans le passé.")
            }
            for (kind, amount) in member.monthlyIncome where !(amount.isFinite && (0...maximumMonthlyIncome).contains(amount)) {
                errors.add("members.\(index).\(kind.rawValue)", "\(kind.label) : un montant mensuel de 0 à \(Int(maximumMonthlyIncome)) €.")
            }
        }
        if let rent = situation.housing.rent, !(rent.isFinite && (0...maximumRent).contains(rent)) {
            errors.add("rent", "Loyer : un montant mensuel de 0 à \(Int(maximumRent)) €.")
        }
        if !isCommuneCode(situation.housing.commune) { errors.add("commune", "Code INSEE de la commune : 5 caractères (par exemple 69383).") }
        try errors.throwIfAny("La situation du foyer est à compléter.")
        var checked = situation
        checked.receives = Array(Set(situation.receives)).sorted()
        if checked.housing.status != .tenant {
            checked.housing.rent = nil
            checked.housing.socialHousing = nil
        }
        return checked
    }

    static func isDate(_ text: String) -> Bool { PersonRules.parseDay(text) != nil && text >= "1900-01-01" }

    /// Five characters: digits, or 2A / 2B for Corsica.
    static func isCommuneCode(_ text: String) -> Bool {
        guard text.count == 5 else { return false }
        let rest = text.dropFirst(2)
        let head = text.prefix(2)
        return rest.allSatisfy(\.isASCIIDigit) && (head.allSatisfy(\.isASCIIDigit) || head == "2A" || head == "2B")
    }

    /// A month typed by someone (`YYYY-MM`, empty for `current`) within the months a screening
    /// may compute: the one path for the form, the API and the command line.
    public static func period(_ text: String?, today: Date) throws(AutourError) -> YearMonth {
        let current = YearMonth(containing: today)
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return current }
        guard let period = YearMonth(text) else { throw .invalid("Mois au format AAAA-MM.", fields: ["period": "Mois au format AAAA-MM."]) }
        return try checkPeriod(period, today: today)
    }

    /// The months a screening may compute: from January 2016 (the prime d'activité's first month;
    /// OpenFisca-France refuses earlier ones) to a year ahead of `today`.
    public static func checkPeriod(_ period: YearMonth, today: Date) throws(AutourError) -> YearMonth {
        let last = YearMonth(containing: today).adding(months: 12)
        guard period >= YearMonth(year: 2016, month: 1)!, period <= last else {
            throw .invalid("Mois hors de la période calculable.", fields: ["period": "Un mois de janvier 2016 à \(last.label)."])
        }
        return period
    }

    /// Age in whole years on the first day of `period`.
    public static func age(birthDate: String, at period: YearMonth) -> Int? {
        let parts = birthDate.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var age = period.year - parts[0]
        if period.month < parts[1] || (period.month == parts[1] && parts[2] > 1) { age -= 1 }
        return age
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
