import Foundation

/// One intervention in a person's file.
public enum FollowUpKind: String, CaseIterable, Codable, Sendable {
    case reception
    case phoneCall = "phone_call"
    case homeVisit = "home_visit"
    case outreach
    case meeting

    public var label: String {
        switch self {
        case .reception: "Accueil au CCAS"
        case .phoneCall: "Appel téléphonique"
        case .homeVisit: "Visite à domicile"
        case .outreach: "Aller-vers (rencontre dehors)"
        case .meeting: "Rendez-vous"
        }
    }
}

/// Who may read a follow-up besides the person's export.
public enum FollowUpVisibility: String, CaseIterable, Codable, Sendable {
    /// Every agent and coordinator of the territory.
    case team
    /// Only its author: a working note.
    case `private`
    /// Health and other sensitive matters: social workers only.
    case sensitive

    public var label: String {
        switch self {
        case .team: "Équipe"
        case .private: "Note personnelle (vous seul·e)"
        case .sensitive: "Sensible, santé (travailleurs sociaux seulement)"
        }
    }
}

public struct FollowUp: Sendable, Equatable, Codable {
    public let id: UUID
    public let personId: UUID
    public let kind: FollowUpKind
    public let at: Date
    public let authorId: UUID
    public var summary: String
    public let visibility: FollowUpVisibility

    public init(
        id: UUID, personId: UUID, kind: FollowUpKind, at: Date, authorId: UUID, summary: String,
        visibility: FollowUpVisibility
    ) {
        self.id = id
        self.personId = personId
        self.kind = kind
        self.at = at
        self.authorId = authorId
        self.summary = summary
        self.visibility = visibility
    }
}

public enum FollowUpRules {
    public static let maxSummaryLength = 4000

    /// Whether `actor`, who may already read the file, may read this follow-up.
    public static func isVisible(_ followUp: FollowUp, to actor: Actor) -> Bool {
        switch followUp.visibility {
        case .team: true
        case .private: followUp.authorId == actor.accountId
        case .sensitive: actor.isSocialWorker || followUp.authorId == actor.accountId
        }
    }

    /// The complete export for the person, with every note whoever wrote it, is the act of a
    /// social worker (professional secrecy covers what they read). Any other staff member's
    /// export holds what that staff member may read.
    public static func mayExportComplete(_ actor: Actor) -> Bool { actor.isSocialWorker }

    public static func validate(summary: String) throws(AutourError) -> String {
        let text = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { throw .invalid("Décrivez l'intervention.", fields: ["summary": "Le résumé est obligatoire."]) }
        if text.count > maxSummaryLength {
            throw .invalid("Résumé trop long.", fields: ["summary": "\(maxSummaryLength) caractères au plus."])
        }
        return text
    }
}

extension FollowUpRules {
    /// Reads the kind and visibility of a follow-up (visibility defaults to the team), by field.
    public static func parse(kind: String, visibility: String?) throws(AutourError) -> (FollowUpKind, FollowUpVisibility) {
        var errors = FieldErrors()
        let kind = FollowUpKind(rawValue: kind)
        let visibility = FollowUpVisibility(rawValue: visibility ?? FollowUpVisibility.team.rawValue)
        if kind == nil { errors.add("kind", "Type d'intervention inconnu.") }
        if visibility == nil { errors.add("visibility", "Visibilité inconnue.") }
        try errors.throwIfAny("Le suivi ne peut pas être enregistré.")
        return (kind!, visibility!)
    }
}
