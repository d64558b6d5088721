import Foundation

/// Potentials: the CCAS as an incubator of inhabitants' projects (the « fabrique des possibles »).
/// A project goes through the territory's stages; a coach ticks each stage's criteria with a dated
/// note before it passes on. Not everyone wants to carry a project: joining one as a member is a
/// path of its own.

public enum ProjectScale: String, CaseIterable, Codable, Sendable {
    case individual, collective
    public var label: String { self == .individual ? "Individuel" : "Collectif" }
}

/// Who proposed the project: an inhabitant (through an agent or their own account), a partner, the CCAS.
public enum ProjectOrigin: String, CaseIterable, Codable, Sendable {
    case inhabitant, partner, ccas
    public var label: String {
        switch self {
        case .inhabitant: "Un·e habitant·e"
        case .partner: "Un partenaire"
        case .ccas: "Le CCAS"
        }
    }
}

public enum ProjectState: String, CaseIterable, Codable, Sendable {
    case active, paused, stopped
    public var label: String {
        switch self {
        case .active: "En cours"
        case .paused: "En pause"
        case .stopped: "Arrêté"
        }
    }
}

public enum ProjectRole: String, CaseIterable, Codable, Sendable {
    case carrier, member, coach
    public var label: String {
        switch self {
        case .carrier: "Porteur·se"
        case .member: "Membre"
        case .coach: "Accompagnateur·rice"
        }
    }
}

/// The themes the public gallery is browsed by.
public enum ProjectTheme: String, CaseIterable, Codable, Sendable {
    case food, environment, culture, sport, digital, repair, youth, elders, neighbourhood, work
    case mutualAid = "mutual_aid"
    public var label: String {
        switch self {
        case .food: "Alimentation"
        case .environment: "Nature et environnement"
        case .culture: "Culture et fête"
        case .sport: "Sport et santé"
        case .mutualAid: "Entraide"
        case .digital: "Numérique"
        case .repair: "Réparer, bricoler"
        case .youth: "Enfance et jeunesse"
        case .elders: "Aînés"
        case .neighbourhood: "Vie du quartier"
        case .work: "Activité et emploi"
        }
    }
}

extension ProjectTheme {
    /// The words that point at the theme in an interview's answers (with the project's title).
    public var cues: [String] {
        switch self {
        case .food: ["cuisine", "cuisiner", "repas", "marché", "légumes", "manger", "épicerie"]
        case .environment: ["jardin", "jardiner", "potager", "plantes", "fleurs", "nature", "compost", "arbres"]
        case .culture: ["musique", "chanter", "chorale", "théâtre", "danse", "fête", "lecture", "livres", "cinéma"]
        case .sport: ["sport", "marcher", "marche", "courir", "vélo", "gym", "football", "balade"]
        case .digital: ["ordinateur", "internet", "smartphone", "tablette", "numérique", "informatique"]
        case .repair: ["réparer", "bricoler", "bricolage", "couture", "coudre", "outils", "vélo"]
        case .youth: ["enfants", "jeunes", "devoirs", "école", "ados"]
        case .elders: ["âgées", "aînés", "retraités", "visite", "visites", "compagnie"]
        case .neighbourhood: ["voisins", "quartier", "immeuble", "fête", "ensemble"]
        case .work: ["emploi", "travail", "métier", "entreprise", "formation"]
        case .mutualAid: ["aider", "entraide", "service", "échanger", "troc", "partager"]
        }
    }
}

/// A stage of the territory's pipeline, with the criteria a coach ticks to enter it and to leave it.
public struct ProjectStage: Sendable, Equatable, Codable {
    public let id: UUID
    public var name: String
    public var entry: [String]
    public var exit: [String]
    /// Days after which an active project that has not moved on is flagged as stalled.
    public var stallDays: Int

    public init(id: UUID, name: String, entry: [String], exit: [String], stallDays: Int) {
        self.id = id
        self.name = name
        self.entry = entry
        self.exit = exit
        self.stallDays = stallDays
    }
}

/// Which side of a stage a criterion belongs to.
public enum CriterionSide: String, CaseIterable, Codable, Sendable {
    case entry, exit
}

/// A criterion a coach ticked, with the date and the note that justify it.
public struct CriterionCheck: Sendable, Equatable {
    public let stageId: UUID
    public let side: CriterionSide
    public let criterion: String
    public let note: String
    public let at: Date
    public let by: String

    public init(stageId: UUID, side: CriterionSide, criterion: String, note: String, at: Date, by: String) {
        self.stageId = stageId
        self.side = side
        self.criterion = criterion
        self.note = note
        self.at = at
        self.by = by
    }
}

public struct Project: Sendable, Equatable {
    public let id: UUID
    public let territoryId: UUID
    public var title: String
    public var purpose: String
    public var serves: String
    public var neighbourhood: String
    public var theme: ProjectTheme
    public var scale: ProjectScale
    public var origin: ProjectOrigin
    public var stageId: UUID
    public var stageSince: Date
    public var state: ProjectState
    public var lessons: String
    public var isPublic: Bool
    public let createdAt: Date
    /// The account that proposed it (a partner keeps reading the project it proposed).
    public var createdBy: UUID?

    public init(
        id: UUID, territoryId: UUID, title: String, purpose: String, serves: String, neighbourhood: String, theme: ProjectTheme,
        scale: ProjectScale, origin: ProjectOrigin, stageId: UUID, stageSince: Date, state: ProjectState, lessons: String, isPublic: Bool,
        createdAt: Date, createdBy: UUID? = nil
    ) {
        self.id = id
        self.territoryId = territoryId
        self.title = title
        self.purpose = purpose
        self.serves = serves
        self.neighbourhood = neighbourhood
        self.theme = theme
        self.scale = scale
        self.origin = origin
        self.stageId = stageId
        self.stageSince = stageSince
        self.state = state
        self.lessons = lessons
        self.isPublic = isPublic
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    public var scope: RecordScope { RecordScope(territoryId: territoryId) }
}

public struct ProjectInput: Sendable, Equatable, Codable {
    public var title: String
    public var purpose: String
    public var serves: String
    public var neighbourhood: String
    public var theme: String
    public var scale: String
    public var origin: String
    public var isPublic: Bool
    /// The inhabitants who carry it (resource persons); a volunteer proposing is their own carrier.
    public var carriers: [UUID]

    public init(
        title: String, purpose: String, serves: String = "", neighbourhood: String = "", theme: String, scale: String, origin: String,
        isPublic: Bool = false, carriers: [UUID] = []
    ) {
        self.title = title
        self.purpose = purpose
        self.serves = serves
        self.neighbourhood = neighbourhood
        self.theme = theme
        self.scale = scale
        self.origin = origin
        self.isPublic = isPublic
        self.carriers = carriers
    }
}

/// Every event of a project's life, in its timeline.
public enum ProjectEventKind: String, CaseIterable, Codable, Sendable {
    case proposed, ticked, passed, paused, resumed, stopped, joined, left, need, note
    public var label: String {
        switch self {
        case .proposed: "Projet proposé"
        case .ticked: "Critère validé"
        case .passed: "Étape franchie"
        case .paused: "Mis en pause"
        case .resumed: "Repris"
        case .stopped: "Arrêté"
        case .joined: "Arrivée"
        case .left: "Départ"
        case .need: "Besoin"
        case .note: "Note"
        }
    }
}

public struct ProjectEvent: Sendable, Equatable {
    public let at: Date
    public let kind: ProjectEventKind
    public let text: String
    public init(at: Date, kind: ProjectEventKind, text: String) {
        self.at = at
        self.kind = kind
        self.text = text
    }
}

public enum ProjectRules {
    public static let titleRange = 3...120
    public static let purposeRange = 10...2000
    public static let noteRange = 3...1000
    public static let stallDaysRange = 7...365

    /// The seeded pipeline, written in a territory's own table the first time it edits it.
    public static let defaultStages: [(name: String, entry: [String], exit: [String], stallDays: Int)] = [
        ("Idée", [], ["L'idée tient en deux phrases", "Au moins une personne a envie de la porter ou de la rejoindre"], 45),
        (
            "Exploration", ["Un·e accompagnateur·rice est désigné·e"],
            ["Les personnes concernées ont été rencontrées", "Les premiers besoins (lieu, compétences, argent) sont listés"], 90
        ),
        ("Prototype", ["Un premier essai est daté"], ["L'essai a eu lieu et ses enseignements sont notés", "Le groupe décide de continuer"], 120),
        ("Lancé", ["Les moyens de démarrer sont réunis"], ["Le projet tourne depuis trois mois", "Le groupe s'organise sans le CCAS pour l'essentiel"], 180),
        ("Autonome", ["Le groupe décide seul de la suite"], [], 365),
    ]

    /// A trimmed text whose length must lie in `range`; the error names the field in French.
    public static func text(_ value: String, _ range: ClosedRange<Int>, field: String, label: String, errors: inout FieldErrors) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if !range.contains(trimmed.count) { errors.add(field, "\(label) : de \(range.lowerBound) à \(range.upperBound) caractères.") }
        return trimmed
    }

    public struct Valid: Sendable, Equatable {
        public let title: String, purpose: String, serves: String, neighbourhood: String, theme: ProjectTheme, scale: ProjectScale
        public let origin: ProjectOrigin, isPublic: Bool, carriers: [UUID]
    }

    public static func validate(_ input: ProjectInput, neighbourhoods: [String]) throws(AutourError) -> Valid {
        var errors = FieldErrors()
        let title = text(input.title, titleRange, field: "title", label: "Le nom", errors: &errors)
        let purpose = text(input.purpose, purposeRange, field: "purpose", label: "Le but", errors: &errors)
        let serves = text(input.serves, 0...500, field: "serves", label: "Pour qui", errors: &errors)
        let neighbourhood = input.neighbourhood.trimmingCharacters(in: .whitespaces)
        if !neighbourhood.isEmpty, !neighbourhoods.contains(neighbourhood) { errors.add("neighbourhood", "Choisissez un quartier du territoire.") }
        let theme = ProjectTheme(rawValue: input.theme)
        if theme == nil { errors.add("theme", "Choisissez un thème.") }
        let scale = ProjectScale(rawValue: input.scale)
        if scale == nil { errors.add("scale", "Individuel ou collectif ?") }
        let origin = ProjectOrigin(rawValue: input.origin)
        if origin == nil { errors.add("origin", "Dites qui propose le projet.") }
        if origin == .inhabitant, input.carriers.isEmpty { errors.add("carriers", "Un projet d'habitant·e a au moins un·e porteur·se.") }
        if scale == .individual, input.carriers.count > 1 { errors.add("carriers", "Un projet individuel a un·e seul·e porteur·se.") }
        try errors.throwIfAny("Le projet est à compléter.")
        return Valid(
            title: title, purpose: purpose, serves: serves, neighbourhood: neighbourhood, theme: theme!, scale: scale!, origin: origin!,
            isPublic: input.isPublic, carriers: Array(Set(input.carriers)).sorted { $0.uuidString < $1.uuidString })
    }

    /// A dated note is what makes a ticked criterion worth something.
    public static func validateNote(_ note: String) throws(AutourError) -> String {
        var errors = FieldErrors()
        let text = text(note, noteRange, field: "note", label: "La note", errors: &errors)
        try errors.throwIfAny("Écrivez ce qui montre que le critère est rempli.")
        return text
    }

    /// The criteria still to tick before the project leaves its stage for the next one: the
    /// current stage's exit criteria and the next stage's entry criteria.
    public static func missing(project: Project, stages: [ProjectStage], checks: [CriterionCheck]) -> [(
        stage: ProjectStage, side: CriterionSide, criterion: String
    )] {
        guard let index = stages.firstIndex(where: { $0.id == project.stageId }), index + 1 < stages.count else { return [] }
        let ticked = Set(checks.map { "\($0.stageId)|\($0.side.rawValue)|\($0.criterion)" })
        let current = stages[index], next = stages[index + 1]
        let due = current.exit.map { (current, CriterionSide.exit, $0) } + next.entry.map { (next, CriterionSide.entry, $0) }
        return due.filter { !ticked.contains("\($0.0.id)|\($0.1.rawValue)|\($0.2)") }.map { (stage: $0.0, side: $0.1, criterion: $0.2) }
    }

    /// Why the project cannot pass to the next stage, or nil when it can.
    public static func blockToPass(project: Project, stages: [ProjectStage], checks: [CriterionCheck]) -> String? {
        guard project.state == .active else { return "Un projet en pause ou arrêté ne change pas d'étape." }
        guard let index = stages.firstIndex(where: { $0.id == project.stageId }) else { return "L'étape du projet n'existe plus." }
        guard index + 1 < stages.count else { return "Le projet est à la dernière étape." }
        let left = missing(project: project, stages: stages, checks: checks)
        guard left.isEmpty else {
            return "Il reste \(left.count) critère\(left.count > 1 ? "s" : "") à valider : \(left.map(\.criterion).joined(separator: " ; "))."
        }
        return nil
    }

    /// Whole days spent in the current stage.
    public static func daysInStage(_ project: Project, now: Date) -> Int {
        max(0, Int(now.timeIntervalSince(project.stageSince) / 86_400))
    }

    /// An active project that stayed longer than its stage allows, short of the last stage.
    public static func isStalled(_ project: Project, stages: [ProjectStage], now: Date) -> Bool {
        guard project.state == .active, let index = stages.firstIndex(where: { $0.id == project.stageId }), index + 1 < stages.count else {
            return false
        }
        return daysInStage(project, now: now) > stages[index].stallDays
    }

    /// The counts the Observatory reads: projects per stage (active ones), paused, stopped, stalled.
    public struct Counts: Sendable, Equatable {
        public var byStage: [(stage: String, count: Int)]
        public var paused: Int, stopped: Int, stalled: Int
        public static func == (a: Counts, b: Counts) -> Bool {
            a.byStage.map(\.stage) == b.byStage.map(\.stage) && a.byStage.map(\.count) == b.byStage.map(\.count) && a.paused == b.paused
                && a.stopped == b.stopped && a.stalled == b.stalled
        }
    }

    public static func counts(_ projects: [Project], stages: [ProjectStage], now: Date) -> Counts {
        let active = projects.filter { $0.state == .active }
        return Counts(
            byStage: stages.map { stage in (stage.name, active.filter { $0.stageId == stage.id }.count) },
            paused: projects.filter { $0.state == .paused }.count, stopped: projects.filter { $0.state == .stopped }.count,
            stalled: active.filter { isStalled($0, stages: stages, now: now) }.count)
    }

    /// Parses a coordinator's criteria box: one criterion per line, blank lines ignored.
    public static func criteria(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The interview's entries for the projects a person could join: the theme's words and the
    /// title's, so that « potager » points at the Jardin des Planches.
    public static func interviewEntries(_ projects: [Project]) -> [LexiconEntry] {
        projects.map { project in
            let title = project.title.split(whereSeparator: { !$0.isLetter }).map { FrenchWords.normalise(String($0)) }.filter { $0.count > 3 }
            return LexiconEntry(kind: .project, target: project.title, cues: Array(Set(project.theme.cues + title)).sorted())
        }
    }

    /// At most this many projects are suggested by one interview.
    public static let maxInterviewSuggestions = 3

    /// The gallery's filter: public, not stopped, by neighbourhood and theme when given.
    public static func gallery(_ projects: [Project], neighbourhood: String?, theme: ProjectTheme?) -> [Project] {
        projects.filter { project in
            project.isPublic && project.state != .stopped && (neighbourhood.map { project.neighbourhood == $0 } ?? true)
                && (theme.map { project.theme == $0 } ?? true)
        }
    }
}
