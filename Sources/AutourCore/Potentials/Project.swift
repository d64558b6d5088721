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

    /// The same inside a sentence: « proposé par le CCAS ».
    public var inSentence: String {
        switch self {
        case .inhabitant: "un·e habitant·e"
        case .partner: "un partenaire"
        case .ccas: "le CCAS"
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

/// A stage as the coordinator edits it (the form's text, checked by `ProjectRules.validateStages`);
/// `id` is nil for a stage added at the end.
public struct ProjectStageEdit: Sendable {
    public let id: UUID?, name: String, entry: String, exit: String, stallDays: String, remove: Bool
    public init(id: UUID?, name: String, entry: String, exit: String, stallDays: String, remove: Bool = false) {
        self.id = id
        self.name = name
        self.entry = entry
        self.exit = exit
        self.stallDays = stallDays
        self.remove = remove
    }
}

/// One criterion of a passage from a stage to the next.
public typealias PassageCriterion = (stage: ProjectStage, side: CriterionSide, criterion: String)

/// What a project asks of another module: a room (Places), skills (Energies), an expert (a
/// structure of the directory).
public enum ProjectNeedKind: String, CaseIterable, Codable, Sendable { case place, skills, expert }

/// Where an expert request stands: the structure's partners answer it once.
public enum ExpertAnswer: String, CaseIterable, Codable, Sendable {
    case asked, accepted, declined
    public var label: String {
        switch self {
        case .asked: "En attente de réponse"
        case .accepted: "Acceptée"
        case .declined: "Déclinée"
        }
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
