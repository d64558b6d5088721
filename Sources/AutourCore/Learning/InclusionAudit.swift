import Foundation

/// Inclusion audits (« 100 %-INCLUS »): trained inhabitants check how a public equipment welcomes
/// everyone, criterion by criterion of a grid the territory edits, grouped in seven dimensions.
public enum InclusionDimension: String, CaseIterable, Codable, Sendable {
    case physicalAccess = "physical_access"
    case easyToRead = "easy_to_read"
    case languages
    case signLanguage = "sign_language"
    case digitalAccess = "digital_access"
    case reception
    case schedules

    public var label: String {
        switch self {
        case .physicalAccess: "Accès physique"
        case .easyToRead: "Information facile à lire"
        case .languages: "Langues"
        case .signLanguage: "Langue des signes"
        case .digitalAccess: "Accès numérique"
        case .reception: "Accueil"
        case .schedules: "Horaires"
        }
    }
}

public enum AuditAnswer: String, CaseIterable, Codable, Sendable {
    case met, partly
    case notMet = "not_met"
    case notApplicable = "not_applicable"

    public var label: String {
        switch self {
        case .met: "Oui"
        case .partly: "En partie"
        case .notMet: "Non"
        case .notApplicable: "Sans objet"
        }
    }

    /// What the answer adds to its dimension's score; nil leaves the criterion out.
    var points: Double? {
        switch self {
        case .met: 1
        case .partly: 0.5
        case .notMet: 0
        case .notApplicable: nil
        }
    }
}

public struct AuditCriterion: Sendable, Equatable {
    public let id: UUID
    public let dimension: InclusionDimension
    public let text: String

    public init(id: UUID, dimension: InclusionDimension, text: String) {
        self.id = id
        self.dimension = dimension
        self.text = text
    }
}

/// The rules of the audits: the seeded grid, the scores, the actions a re-audit closes.
public enum InclusionRules {
    /// The grid a territory starts with; the coordinator adds and removes criteria.
    public static let defaultGrid: [(InclusionDimension, String)] = [
        (.physicalAccess, "On entre sans marche, ou par une rampe ou un ascenseur qui fonctionne."),
        (.physicalAccess, "Des places assises attendent les personnes qui patientent."),
        (.physicalAccess, "Le cheminement jusqu'au guichet est large et sans obstacle."),
        (.easyToRead, "Les panneaux utilisent des mots simples et des pictogrammes."),
        (.easyToRead, "Les documents remis existent en version facile à lire et à comprendre (FALC)."),
        (.languages, "Les informations principales sont traduites dans les langues du quartier."),
        (.languages, "L'accueil peut faire appel à un interprète ou à un service de traduction."),
        (.signLanguage, "Un accueil en langue des signes est possible, sur place ou à distance."),
        (.signLanguage, "Une boucle magnétique équipe le guichet."),
        (.digitalAccess, "Un poste en libre accès permet les démarches en ligne, avec une aide."),
        (.digitalAccess, "Chaque démarche proposée en ligne reste possible au guichet."),
        (.reception, "Les personnes sont accueillies sans rendez-vous à certains horaires."),
        (.reception, "Un espace permet de parler sans être entendu des autres."),
        (.schedules, "L'équipement ouvre au moins un soir ou un samedi par semaine."),
        (.schedules, "Les horaires sont affichés dehors et à jour."),
    ]

    /// The score of each dimension, 0–100: met counts 1, in part ½, not met 0, divided by the
    /// criteria that apply. A dimension with no criterion that applies has no score.
    public static func scores(_ answers: [UUID: AuditAnswer], criteria: [AuditCriterion]) -> [InclusionDimension: Int] {
        var scores: [InclusionDimension: Int] = [:]
        for dimension in InclusionDimension.allCases {
            let points = criteria.filter { $0.dimension == dimension }.compactMap { answers[$0.id]?.points }
            guard !points.isEmpty else { continue }
            scores[dimension] = Int((points.reduce(0, +) / Double(points.count) * 100).rounded())
        }
        return scores
    }

    /// The open actions a new audit closes: those whose criterion it now finds met.
    public static func closedBy(_ answers: [UUID: AuditAnswer], openActions: [(id: UUID, criterionId: UUID)]) -> [UUID] {
        openActions.filter { answers[$0.criterionId] == .met }.map(\.id)
    }

    /// An action as typed: what to do, who, by when.
    public static func validateAction(text: String, owner: String, dueOn: String, today: String) throws(AutourError) -> (String, String, String) {
        var errors = FieldErrors()
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let owner = owner.trimmingCharacters(in: .whitespacesAndNewlines)
        if !(3...500).contains(text.count) { errors.add("text", "L'action fait de 3 à 500 caractères.") }
        if !(2...120).contains(owner.count) { errors.add("owner", "Indiquez qui s'en charge (2 à 120 caractères).") }
        if PersonRules.parseDay(dueOn) == nil {
            errors.add("dueOn", "Une date d'échéance (AAAA-MM-JJ).")
        } else if dueOn < today {
            errors.add("dueOn", "L'échéance est aujourd'hui ou plus tard.")
        }
        try errors.throwIfAny()
        return (text, owner, dueOn)
    }
}
