import Foundation

/// An orientation of a person towards a partner's service: requested by an agent, then
/// accepted or refused (with a reason) by the partner, then done.
public enum ReferralStatus: String, CaseIterable, Codable, Sendable {
    case requested, accepted, refused, done
    /// Not answered in time: the agent should orient elsewhere.
    case expired

    public var label: String {
        switch self {
        case .requested: "En attente de réponse"
        case .accepted: "Acceptée"
        case .refused: "Refusée"
        case .done: "Réalisée"
        case .expired: "Expirée sans réponse"
        }
    }
}

public struct Referral: Sendable, Equatable {
    public let id: UUID
    public let territoryId: UUID
    public let personId: UUID
    public let serviceId: String
    public let structureId: String
    public let serviceName: String
    public let structureName: String
    public var note: String
    public var status: ReferralStatus
    public var reason: String?
    public let createdBy: UUID
    public let createdAt: Date
    public var respondedAt: Date?

    public init(
        id: UUID, territoryId: UUID, personId: UUID, serviceId: String, structureId: String, serviceName: String,
        structureName: String, note: String, status: ReferralStatus, reason: String?, createdBy: UUID, createdAt: Date,
        respondedAt: Date?
    ) {
        self.id = id
        self.territoryId = territoryId
        self.personId = personId
        self.serviceId = serviceId
        self.structureId = structureId
        self.serviceName = serviceName
        self.structureName = structureName
        self.note = note
        self.status = status
        self.reason = reason
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.respondedAt = respondedAt
    }
}

public enum ReferralRules {
    /// A partner has 15 days to answer; after 7 days the agent is reminded to follow it up.
    public static let answerDelay: TimeInterval = 15 * 86400
    public static let reminderDelay: TimeInterval = 7 * 86400

    /// The status a person reads: a request left unanswered past the delay is expired.
    public static func effectiveStatus(_ referral: Referral, now: Date) -> ReferralStatus {
        if referral.status == .requested, now.timeIntervalSince(referral.createdAt) > answerDelay { return .expired }
        return referral.status
    }

    /// Whether the agent should chase the partner for an answer.
    public static func needsReminder(_ referral: Referral, now: Date) -> Bool {
        effectiveStatus(referral, now: now) == .requested && now.timeIntervalSince(referral.createdAt) > reminderDelay
    }

    /// The moves a partner may make, from the status as it stands.
    public static func canMove(from status: ReferralStatus, to next: ReferralStatus) -> Bool {
        switch (status, next) {
        case (.requested, .accepted), (.requested, .refused), (.accepted, .done): true
        default: false
        }
    }

    /// What a partner reads in place of a name once the person withdrew their consent.
    public static let withheldName = "Personne orientée (accord de partage retiré)"

    /// Sharing a person's data with a partner needs their consent naming that partner.
    public static func requireConsent(_ consents: [Consent], structureName: String, now: Date) throws(AutourError) {
        guard ConsentRules.allows(consents, .partnerSharing, partner: structureName, now: now) else {
            throw .invalid(
                "La personne n'a pas donné son accord pour partager ses informations avec « \(structureName) ».",
                fields: ["serviceId": "Enregistrez d'abord son consentement au partage avec ce partenaire."])
        }
    }
}
