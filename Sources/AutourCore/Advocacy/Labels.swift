import Foundation

/// What kind of actor asks for the « Haute Qualité Sociale et Éthique » label.
public enum LabelActorKind: String, CaseIterable, Sendable, Codable {
    case company, association, selfEmployed = "self_employed"

    public var label: String {
        switch self {
        case .company: "Entreprise"
        case .association: "Association"
        case .selfEmployed: "Indépendant·e"
        }
    }
}

public struct LabelActor: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let kind: LabelActorKind
    /// INSEE code of the commune where it works, to place it on the map.
    public let commune: String
    public let address: String
    /// Its structure in the directory (data·inclusion), when it is one.
    public let structureId: String?

    public init(id: UUID, name: String, kind: LabelActorKind, commune: String, address: String, structureId: String?) {
        self.id = id
        self.name = name
        self.kind = kind
        self.commune = commune
        self.address = address
        self.structureId = structureId
    }
}

public enum LabelDecision: String, CaseIterable, Sendable, Codable {
    case labelled, conditional, refused

    public var label: String {
        switch self {
        case .labelled: "Labellisé"
        case .conditional: "Labellisé sous conditions"
        case .refused: "Refusé"
        }
    }
}

/// One criterion per article of the charter in force when the actor applied: the label says the
/// actor lives by the charter, article by article.
public struct LabelCriterion: Sendable, Equatable {
    public let article: Int
    public let title: String
    public init(article: Int, title: String) {
        self.article = article
        self.title = title
    }
}

public struct LabelAssessment: Sendable, Equatable {
    public let article: Int
    public let memberId: UUID
    public let auditor: String
    public let met: Bool
    public let comment: String
    public init(article: Int, memberId: UUID, auditor: String, met: Bool, comment: String) {
        self.article = article
        self.memberId = memberId
        self.auditor = auditor
        self.met = met
        self.comment = comment
    }
}

public struct LabelApplication: Sendable, Equatable {
    public let id: UUID
    public let actorId: UUID
    public let charterVersion: Int
    public let criteria: [LabelCriterion]
    /// The actor's evidence, per article.
    public let evidence: [Int: String]
    public let submittedAt: Date
    public let decision: LabelDecision?
    public let justification: String
    public let conditions: String
    public let decidedAt: Date?
    public let expiresAt: Date?
    public let withdrawnAt: Date?
    public let withdrawReason: String

    public init(
        id: UUID, actorId: UUID, charterVersion: Int, criteria: [LabelCriterion], evidence: [Int: String], submittedAt: Date,
        decision: LabelDecision?, justification: String, conditions: String, decidedAt: Date?, expiresAt: Date?, withdrawnAt: Date?,
        withdrawReason: String
    ) {
        self.id = id
        self.actorId = actorId
        self.charterVersion = charterVersion
        self.criteria = criteria
        self.evidence = evidence
        self.submittedAt = submittedAt
        self.decision = decision
        self.justification = justification
        self.conditions = conditions
        self.decidedAt = decidedAt
        self.expiresAt = expiresAt
        self.withdrawnAt = withdrawnAt
        self.withdrawReason = withdrawReason
    }
}

public enum LabelStatus: String, CaseIterable, Sendable, Equatable {
    case pending, active, expired, withdrawn, refused

    public var label: String {
        switch self {
        case .pending: "En cours d'audit"
        case .active: "Label en cours de validité"
        case .expired: "Label expiré"
        case .withdrawn: "Label retiré"
        case .refused: "Refusé"
        }
    }
}

public struct LabelActorInput: Sendable {
    public var name, kind, commune, address, structureId: String
    public var evidence: [Int: String]
    public init(name: String, kind: String, commune: String, address: String, structureId: String, evidence: [Int: String]) {
        self.name = name
        self.kind = kind
        self.commune = commune
        self.address = address
        self.structureId = structureId
        self.evidence = evidence
    }
}

public enum LabelRules {
    /// Months a label lasts unless the territory sets another period; then the actor applies again.
    public static let defaultValidityMonths = 24

    public static func criteria(_ charter: [CharterArticle]) -> [LabelCriterion] {
        charter.map { LabelCriterion(article: $0.number, title: $0.title) }
    }

    public static func status(_ application: LabelApplication, now: Date) -> LabelStatus {
        guard let decision = application.decision else { return .pending }
        if decision == .refused { return .refused }
        if application.withdrawnAt != nil { return .withdrawn }
        if let expires = application.expiresAt, expires <= now { return .expired }
        return .active
    }

    public struct ValidApplication: Sendable, Equatable {
        public let name: String, kind: LabelActorKind, commune: String, address: String, structureId: String?, evidence: [Int: String]
    }

    /// The actor and its evidence: something to show for every criterion.
    public static func validate(_ input: LabelActorInput, criteria: [LabelCriterion], communes: Set<String>) throws(AutourError)
        -> ValidApplication
    {
        var errors = FieldErrors()
        let name = errors.text(input.name, 2...160, field: "name", label: "Le nom")
        let kind = LabelActorKind(rawValue: input.kind)
        if kind == nil { errors.add("kind", "Entreprise, association ou indépendant·e ?") }
        let commune = input.commune.trimmingCharacters(in: .whitespaces)
        if !communes.contains(commune) { errors.add("commune", "Choisissez une commune du territoire.") }
        let address = errors.text(input.address, 0...300, field: "address", label: "L'adresse")
        var evidence: [Int: String] = [:]
        for criterion in criteria {
            evidence[criterion.article] = errors.text(
                input.evidence[criterion.article] ?? "", 10...3000, field: "evidence\(criterion.article)", label: "Ce que l'acteur montre")
        }
        if criteria.isEmpty { errors.add("name", "La charte n'a pas encore d'article : le label attend sa première version.") }
        try errors.throwIfAny("La candidature est à compléter.")
        let structure = input.structureId.trimmingCharacters(in: .whitespaces)
        return ValidApplication(
            name: name, kind: kind!, commune: commune, address: address, structureId: structure.isEmpty ? nil : structure, evidence: evidence)
    }

    /// Whether a criterion is met: assessed, and met in more assessments than not.
    public static func met(_ article: Int, _ assessments: [LabelAssessment]) -> Bool? {
        let mine = assessments.filter { $0.article == article }
        guard !mine.isEmpty else { return nil }
        return mine.filter(\.met).count * 2 > mine.count
    }

    /// Why `decision` may not be taken yet, or nil: every criterion assessed; a full label needs
    /// every criterion met, a conditional one names its conditions; every decision is justified.
    public static func whyNotDecide(
        _ decision: LabelDecision, justification: String, conditions: String, criteria: [LabelCriterion], assessments: [LabelAssessment]
    ) -> (field: String, message: String)? {
        if justification.trimmingCharacters(in: .whitespacesAndNewlines).count < 10 {
            return ("justification", "La décision est publiée avec sa justification (10 caractères au moins).")
        }
        if decision == .refused { return nil }
        let unassessed = criteria.filter { met($0.article, assessments) == nil }
        if let first = unassessed.first { return ("decision", "L'article \(first.article) n'a pas encore été audité.") }
        let unmet = criteria.filter { met($0.article, assessments) == false }
        if decision == .labelled, let first = unmet.first {
            return ("decision", "L'article \(first.article) n'est pas respecté : label sous conditions ou refus.")
        }
        if decision == .conditional, conditions.trimmingCharacters(in: .whitespacesAndNewlines).count < 10 {
            return ("conditions", "Dites à quelles conditions le label est accordé.")
        }
        return nil
    }

    /// The expiry of a label decided `at`.
    public static func expiry(_ at: Date, months: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = FrenchTime.zone
        return calendar.date(byAdding: .month, value: months, to: at) ?? at
    }
}
