import Foundation

/// Where a need (a mission) comes from.
public enum NeedOrigin: String, CaseIterable, Codable, Sendable {
    case followUp = "follow_up"
    case signal, partner, coordinator
    /// An inhabitants' project's need for skills (Potentials).
    case project

    public var label: String {
        switch self {
        case .followUp: "Suivi d'une personne"
        case .signal: "Signalement du Radar"
        case .partner: "Partenaire"
        case .coordinator: "Coordination"
        case .project: "Projet d'habitants"
        }
    }
}

/// open → proposed (the coordinator confirmed a person) → accepted (the person said yes) → done
/// (hours declared); or cancelled. A declined proposal goes back to open.
public enum NeedStatus: String, CaseIterable, Codable, Sendable {
    case open, proposed, accepted, done, cancelled

    public var label: String {
        switch self {
        case .open: "À pourvoir"
        case .proposed: "Proposé"
        case .accepted: "Accepté"
        case .done: "Réalisé"
        case .cancelled: "Annulé"
        }
    }
}

/// Hours of a done mission: declared by the person, then verified by the referent.
public enum HoursStatus: String, CaseIterable, Codable, Sendable {
    case declared, verified
    public var label: String { self == .declared ? "Déclarées, à vérifier" : "Vérifiées" }
}

public struct Need: Sendable, Equatable {
    public let id: UUID
    public let territoryId: UUID
    public var title: String
    public var skills: [String]
    public var neighbourhood: String
    public var weekday: Int?
    public var start: Int?
    public var end: Int?
    public var durationMinutes: Int
    public var urgency: SignalUrgency
    public var professionalOnly: Bool
    public var status: NeedStatus
    public var origin: NeedOrigin
    /// The person helped, when the need comes from their file or a signal (for continuity).
    public var personId: UUID?
    public var signalId: UUID?
    public var resourcePersonId: UUID?
    public let createdBy: UUID
    public let createdAt: Date
    public var acceptedAt: Date?
    public var doneAt: Date?
    public var minutes: Int?
    public var hoursStatus: HoursStatus?

    public init(
        id: UUID, territoryId: UUID, title: String, skills: [String], neighbourhood: String, weekday: Int? = nil,
        start: Int? = nil, end: Int? = nil, durationMinutes: Int, urgency: SignalUrgency = .normal,
        professionalOnly: Bool = false, status: NeedStatus = .open, origin: NeedOrigin = .coordinator, personId: UUID? = nil,
        signalId: UUID? = nil, resourcePersonId: UUID? = nil, createdBy: UUID, createdAt: Date, acceptedAt: Date? = nil,
        doneAt: Date? = nil, minutes: Int? = nil, hoursStatus: HoursStatus? = nil
    ) {
        self.id = id
        self.territoryId = territoryId
        self.title = title
        self.skills = skills
        self.neighbourhood = neighbourhood
        self.weekday = weekday
        self.start = start
        self.end = end
        self.durationMinutes = durationMinutes
        self.urgency = urgency
        self.professionalOnly = professionalOnly
        self.status = status
        self.origin = origin
        self.personId = personId
        self.signalId = signalId
        self.resourcePersonId = resourcePersonId
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.acceptedAt = acceptedAt
        self.doneAt = doneAt
        self.minutes = minutes
        self.hoursStatus = hoursStatus
    }

    public var scope: RecordScope { RecordScope(territoryId: territoryId) }
}

/// What the form or the API sends for a need (README, « HTTP »).
public struct NeedInput: Sendable, Codable, Equatable {
    public var title: String
    public var skills: [String]
    public var neighbourhood: String
    public var weekday: Int?
    public var start: String?
    public var end: String?
    public var durationMinutes: Int
    public var urgency: String
    public var professionalOnly: Bool
    public var personId: UUID?
    public var signalId: UUID?

    public init(
        title: String, skills: [String], neighbourhood: String, weekday: Int? = nil, start: String? = nil, end: String? = nil,
        durationMinutes: Int, urgency: String, professionalOnly: Bool, personId: UUID? = nil, signalId: UUID? = nil
    ) {
        self.title = title
        self.skills = skills
        self.neighbourhood = neighbourhood
        self.weekday = weekday
        self.start = start
        self.end = end
        self.durationMinutes = durationMinutes
        self.urgency = urgency
        self.professionalOnly = professionalOnly
        self.personId = personId
        self.signalId = signalId
    }
}

public struct ValidNeed: Sendable, Equatable {
    public let title: String
    public let skills: [String]
    public let neighbourhood: String
    public let weekday: Int?
    public let start: Int?
    public let end: Int?
    public let durationMinutes: Int
    public let urgency: SignalUrgency
    public let professionalOnly: Bool
}

/// The Energies rules that are not matching: the taxonomy, need checks, the workflow, hours.
public enum EnergiesRules {
    /// The skills a territory starts with; the coordinator edits the list.
    public static let defaultSkills = [
        "Visite de convivialité", "Accompagnement aux courses", "Aide administrative", "Aide au numérique", "Petit bricolage",
        "Jardinage", "Transport accompagné", "Cuisine et repas partagés", "Traduction et interprétariat", "Soutien scolaire",
        "Animation d'atelier", "Écoute et soutien",
    ]
    /// The taxonomy has at most 64 skills: the matching holds a person's skills in one machine word.
    public static let maxSkills = 64
    /// Default rest rule: at most this many missions a week.
    public static let defaultRestMissionsPerWeek = 3
    /// Default goal of the bureau of useful hours, per month.
    public static let defaultMonthlyGoalMinutes = 2000 * 60

    static func matchSkills(_ names: [String], taxonomy: [String], errors: inout FieldErrors) -> [String] {
        var result: [String] = []
        for name in names {
            if let match = taxonomy.first(where: { SearchText.fold($0) == SearchText.fold(name) }) {
                if !result.contains(match) { result.append(match) }
            } else {
                errors.add("skills", "Compétence inconnue : \(name).")
            }
        }
        return result
    }

    static func matchNeighbourhoods(_ names: [String], territory: Territory, field: String, errors: inout FieldErrors) -> [String] {
        var result: [String] = []
        for name in names where !name.trimmingCharacters(in: .whitespaces).isEmpty {
            if let match = territory.neighbourhoods.first(where: { SearchText.fold($0.name) == SearchText.fold(name) }) {
                if !result.contains(match.name) { result.append(match.name) }
            } else {
                errors.add(field, "Quartier inconnu : \(name).")
            }
        }
        return result
    }

    public static func validate(_ input: NeedInput, skills taxonomy: [String], territory: Territory) throws(AutourError) -> ValidNeed {
        var errors = FieldErrors()
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors.add("title", "Le titre est obligatoire.") }
        if title.count > 200 { errors.add("title", "200 caractères au plus.") }
        let skills = matchSkills(input.skills, taxonomy: taxonomy, errors: &errors)
        if skills.isEmpty { errors.add("skills", "Indiquez au moins une compétence.") }
        let places = matchNeighbourhoods([input.neighbourhood], territory: territory, field: "neighbourhood", errors: &errors)
        if places.isEmpty, input.neighbourhood.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.add("neighbourhood", "Indiquez le quartier.")
        }
        if let weekday = input.weekday, !(1...7).contains(weekday) { errors.add("weekday", "Jour de 1 (lundi) à 7 (dimanche).") }
        let start = input.start.flatMap { $0.isEmpty ? nil : $0 }, end = input.end.flatMap { $0.isEmpty ? nil : $0 }
        var window: (Int, Int)?
        switch (start, end) {
        case (nil, nil): break
        case let (s?, e?):
            if let a = WeeklySlot.minutes(s), let b = WeeklySlot.minutes(e), a < b {
                window = (a, b)
            } else {
                errors.add("start", "Horaires invalides (HH:MM, début avant la fin).")
            }
        default: errors.add("start", "Donnez le début et la fin, ou aucun des deux.")
        }
        if window != nil, input.weekday == nil { errors.add("weekday", "Un horaire demande un jour.") }
        if !(15...480).contains(input.durationMinutes) { errors.add("durationMinutes", "Entre 15 et 480 minutes.") }
        if let window, input.durationMinutes > window.1 - window.0 { errors.add("durationMinutes", "Plus longue que le créneau.") }
        let urgency = SignalUrgency(rawValue: input.urgency)
        if urgency == nil { errors.add("urgency", "normal ou urgent.") }
        try errors.throwIfAny("Le besoin ne peut pas être enregistré.")
        return ValidNeed(
            title: title, skills: skills, neighbourhood: places[0], weekday: input.weekday, start: window?.0, end: window?.1,
            durationMinutes: input.durationMinutes, urgency: urgency!, professionalOnly: input.professionalOnly)
    }

    /// The moves of a need. Nothing is assigned without a person deciding: the coordinator
    /// proposes, the resource person accepts.
    public enum Move: Sendable { case propose, accept, decline, declareHours, verifyHours, cancel }

    public static func status(after move: Move, from status: NeedStatus) throws(AutourError) -> NeedStatus {
        switch (move, status) {
        case (.propose, .open): return .proposed
        case (.accept, .proposed): return .accepted
        case (.decline, .proposed): return .open
        case (.declareHours, .accepted): return .done
        case (.verifyHours, .done): return .done
        case (.cancel, .open), (.cancel, .proposed): return .cancelled
        default: throw .conflict("Ce besoin est « \(status.label) » : action impossible.")
        }
    }

    public static func validateMinutes(_ minutes: Int) throws(AutourError) -> Int {
        guard (5...720).contains(minutes) else {
            throw .invalid("Durée invalide.", fields: ["minutes": "Entre 5 et 720 minutes."])
        }
        return minutes
    }
}
