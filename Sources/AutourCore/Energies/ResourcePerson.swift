import Foundation

/// Why someone gives their time: the matching prefers missions that fit it.
public enum Motivation: String, CaseIterable, Codable, Sendable {
    case socialLink = "social_link"
    case learning
    case backToWork = "back_to_work"
    case helpingNeighbours = "helping_neighbours"
    case other

    public var label: String {
        switch self {
        case .socialLink: "Créer du lien"
        case .learning: "Apprendre"
        case .backToWork: "Retrouver un emploi"
        case .helpingNeighbours: "Aider ses voisins"
        case .other: "Autre"
        }
    }
}

public enum ResourceKind: String, CaseIterable, Codable, Sendable {
    case volunteer, professional
    case partnerStaff = "partner_staff"

    public var label: String {
        switch self {
        case .volunteer: "Bénévole"
        case .professional: "Professionnel·le"
        case .partnerStaff: "Salarié·e d'un partenaire"
        }
    }

    /// Only professionals and partner staff take `professionalOnly` needs.
    public var isProfessional: Bool { self != .volunteer }
}

/// A weekly availability: weekday 1 (Monday) to 7, from `start` to `end` in minutes after midnight.
public struct WeeklySlot: Sendable, Equatable, Codable {
    public let weekday: Int
    public let start: Int
    public let end: Int

    public init(weekday: Int, start: Int, end: Int) {
        self.weekday = weekday
        self.start = start
        self.end = end
    }

    /// `HH:MM` → minutes after midnight.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
            (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440
        else { return nil }
        return h * 60 + m
    }

    public static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }

    /// "Lun. 09:00–12:00".
    public var label: String {
        let days = ["Lun.", "Mar.", "Mer.", "Jeu.", "Ven.", "Sam.", "Dim."]
        return "\(days[(weekday - 1) % 7]) \(Self.clock(start))–\(Self.clock(end))"
    }
}

/// A period of absence, whole days `YYYY-MM-DD` included.
public struct Absence: Sendable, Equatable, Codable {
    public let from: String
    public let to: String
    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }
}

/// A volunteer, professional or partner's staff member the territory can call on.
public struct ResourcePerson: Sendable, Equatable {
    public let id: UUID
    public let territoryId: UUID
    /// The volunteer's own account, when they have one (they then edit their profile).
    public var accountId: UUID?
    public var name: String
    public var kind: ResourceKind
    public var skills: [String]
    public var availability: [WeeklySlot]
    public var absences: [Absence]
    public var neighbourhoods: [String]
    public var maxMinutesPerMonth: Int
    public var motivations: Set<Motivation>
    public var languages: [String]
    public var paused: Bool

    public init(
        id: UUID, territoryId: UUID, accountId: UUID?, name: String, kind: ResourceKind, skills: [String],
        availability: [WeeklySlot], absences: [Absence] = [], neighbourhoods: [String], maxMinutesPerMonth: Int,
        motivations: Set<Motivation>, languages: [String] = [], paused: Bool = false
    ) {
        self.id = id
        self.territoryId = territoryId
        self.accountId = accountId
        self.name = name
        self.kind = kind
        self.skills = skills
        self.availability = availability
        self.absences = absences
        self.neighbourhoods = neighbourhoods
        self.maxMinutesPerMonth = maxMinutesPerMonth
        self.motivations = motivations
        self.languages = languages
        self.paused = paused
    }

    public var scope: RecordScope { RecordScope(territoryId: territoryId, ownerId: accountId) }
}

/// What the form or the API sends for a resource person (README, « HTTP »).
public struct ResourcePersonInput: Sendable, Codable, Equatable {
    public struct Slot: Sendable, Codable, Equatable {
        public var weekday: Int
        public var start: String
        public var end: String
        public init(weekday: Int, start: String, end: String) {
            self.weekday = weekday
            self.start = start
            self.end = end
        }
    }
    public var name: String
    public var skills: [String]
    public var availability: [Slot]
    public var neighbourhoods: [String]
    public var maxMinutesPerMonth: Int
    public var motivations: [String]
    public var professional: Bool
    public var kind: String?
    public var languages: [String]?
    public var absences: [Absence]?
    public var accountId: UUID?

    public init(
        name: String, skills: [String], availability: [Slot], neighbourhoods: [String], maxMinutesPerMonth: Int,
        motivations: [String], professional: Bool, kind: String? = nil, languages: [String]? = nil, absences: [Absence]? = nil,
        accountId: UUID? = nil
    ) {
        self.name = name
        self.skills = skills
        self.availability = availability
        self.neighbourhoods = neighbourhoods
        self.maxMinutesPerMonth = maxMinutesPerMonth
        self.motivations = motivations
        self.professional = professional
        self.kind = kind
        self.languages = languages
        self.absences = absences
        self.accountId = accountId
    }
}

/// The checked form of a `ResourcePersonInput`.
public struct ValidResourcePerson: Sendable, Equatable {
    public let name: String
    public let kind: ResourceKind
    public let skills: [String]
    public let availability: [WeeklySlot]
    public let absences: [Absence]
    public let neighbourhoods: [String]
    public let maxMinutesPerMonth: Int
    public let motivations: Set<Motivation>
    public let languages: [String]
    public let accountId: UUID?
}

public enum ResourceRules {
    /// A month of help is capped at 80 hours: beyond that it is a job, not volunteering.
    public static let maxMonthlyCap = 80 * 60

    public static func validate(_ input: ResourcePersonInput, skills taxonomy: [String], territory: Territory)
        throws(AutourError) -> ValidResourcePerson
    {
        var errors = FieldErrors()
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { errors.add("name", "Le nom est obligatoire.") }
        if name.count > 120 { errors.add("name", "120 caractères au plus.") }
        let skills = EnergiesRules.matchSkills(input.skills, taxonomy: taxonomy, errors: &errors)
        if skills.isEmpty { errors.add("skills", "Indiquez au moins une compétence.") }
        var slots: [WeeklySlot] = []
        for slot in input.availability {
            guard (1...7).contains(slot.weekday), let start = WeeklySlot.minutes(slot.start), let end = WeeklySlot.minutes(slot.end),
                start < end
            else {
                errors.add("availability", "Créneau invalide : jour 1 à 7, heures HH:MM, début avant la fin.")
                continue
            }
            slots.append(WeeklySlot(weekday: slot.weekday, start: start, end: end))
        }
        if slots.count > 21 { errors.add("availability", "21 créneaux au plus.") }
        let places = EnergiesRules.matchNeighbourhoods(input.neighbourhoods, territory: territory, field: "neighbourhoods", errors: &errors)
        if !(30...maxMonthlyCap).contains(input.maxMinutesPerMonth) {
            // The form asks for hours, the API for minutes: the message reads right for both.
            errors.add("maxMinutesPerMonth", "De 30 minutes (0,5 h) à \(maxMonthlyCap / 60) heures par mois.")
        }
        var motivations = Set<Motivation>()
        for text in input.motivations {
            if let motivation = Motivation(rawValue: text) {
                motivations.insert(motivation)
            } else {
                errors.add("motivations", "Motivation inconnue : \(text).")
            }
        }
        var kind: ResourceKind = input.professional ? .professional : .volunteer
        if let text = input.kind {
            if let parsed = ResourceKind(rawValue: text), parsed.isProfessional == input.professional {
                kind = parsed
            } else {
                errors.add("kind", "Type incohérent avec « professional ».")
            }
        }
        var absences: [Absence] = []
        for absence in input.absences ?? [] {
            guard let from = PersonRules.parseDay(absence.from), let to = PersonRules.parseDay(absence.to), from <= to else {
                errors.add("absences", "Absence invalide : dates AAAA-MM-JJ, début avant la fin.")
                continue
            }
            absences.append(absence)
        }
        let languages = (input.languages ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if languages.count > 10 { errors.add("languages", "10 langues au plus.") }
        try errors.throwIfAny("La personne ressource ne peut pas être enregistrée.")
        return ValidResourcePerson(
            name: name, kind: kind, skills: skills, availability: slots, absences: absences,
            neighbourhoods: places, maxMinutesPerMonth: input.maxMinutesPerMonth, motivations: motivations,
            languages: languages, accountId: input.accountId)
    }
}
