import Foundation

/// What a watcher, a partner or an agent noticed. The list is short on purpose: a signal says
/// what kind of help may be needed, never a diagnosis.
public enum SignalKind: String, CaseIterable, Codable, Sendable {
    case isolation, housing, food
    case healthWorry = "health_worry"
    case financial
    case hospitalDischarge = "hospital_discharge"
    case other

    public var label: String {
        switch self {
        case .isolation: "Isolement"
        case .housing: "Logement"
        case .food: "Alimentation"
        case .healthWorry: "Inquiétude pour la santé"
        case .financial: "Difficultés financières"
        case .hospitalDischarge: "Sortie d'hôpital"
        case .other: "Autre"
        }
    }
}

public enum SignalUrgency: String, CaseIterable, Codable, Sendable {
    case normal, urgent
    public var label: String { self == .urgent ? "Urgent" : "Normal" }
}

/// Whether the person agreed to be contacted by the CCAS, as the sender understood it.
public enum ContactConsent: String, CaseIterable, Codable, Sendable {
    case yes, no, unknown
    public var label: String {
        switch self {
        case .yes: "Oui, la personne est d'accord"
        case .no: "Non, elle ne le souhaite pas"
        case .unknown: "Je ne sais pas"
        }
    }
}

/// Where a signal stands for the CCAS. `assigned`: an agent has it; `qualified`: it is linked to
/// a person's file; `closed`: it has an outcome.
public enum SignalStatus: String, CaseIterable, Codable, Sendable {
    case new, assigned, qualified, closed

    public var label: String {
        switch self {
        case .new: "Nouveau"
        case .assigned: "Attribué"
        case .qualified: "Rattaché à une fiche"
        case .closed: "Clos"
        }
    }

    /// All the sender may know: whether their signal was received, taken up, or closed.
    public var senderStatus: SenderStatus {
        switch self {
        case .new: .received
        case .assigned, .qualified: .takenUp
        case .closed: .closed
        }
    }
}

/// The status a sender sees, and nothing more.
public enum SenderStatus: String, CaseIterable, Codable, Sendable {
    case received
    case takenUp = "taken_up"
    case closed

    public var label: String {
        switch self {
        case .received: "Reçu"
        case .takenUp: "Pris en charge"
        case .closed: "Clos"
        }
    }
}

public enum SignalOutcome: String, CaseIterable, Codable, Sendable {
    case supported, referred, declined
    case noNeed = "no_need"
    case unreachable, duplicate

    public var label: String {
        switch self {
        case .supported: "Accompagnée par le CCAS"
        case .referred: "Orientée vers un partenaire"
        case .declined: "A refusé l'aide"
        case .noNeed: "Pas de besoin"
        case .unreachable: "Injoignable"
        case .duplicate: "Doublon d'un autre signalement"
        }
    }
}

/// Who raised the signal: a person (by role) or the check-in service itself.
public enum SignalSource: String, CaseIterable, Codable, Sendable {
    case watcher, partner, agent
    case checkIn = "check_in"

    public var label: String {
        switch self {
        case .watcher: "Veilleur·se"
        case .partner: "Partenaire"
        case .agent: "CCAS"
        case .checkIn: "Appel de convivialité"
        }
    }
}

/// What a sender writes, as the form or the JSON body gives it.
public struct SignalInput: Sendable, Codable, Equatable {
    public var kind: String
    public var urgency: String
    public var personName: String?
    public var personDescription: String?
    public var address: String?
    public var neighbourhood: String?
    public var details: String?
    public var consentToContact: String
    /// `YYYY-MM-DD`, for `hospital_discharge` only.
    public var dischargeDate: String?

    public init(
        kind: String, urgency: String, personName: String? = nil, personDescription: String? = nil,
        address: String? = nil, neighbourhood: String? = nil, details: String? = nil, consentToContact: String,
        dischargeDate: String? = nil
    ) {
        self.kind = kind
        self.urgency = urgency
        self.personName = personName
        self.personDescription = personDescription
        self.address = address
        self.neighbourhood = neighbourhood
        self.details = details
        self.consentToContact = consentToContact
        self.dischargeDate = dischargeDate
    }
}

/// The checked form of a `SignalInput`.
public struct ValidSignal: Sendable, Equatable {
    public let kind: SignalKind
    public let urgency: SignalUrgency
    public let personName: String?
    public let personDescription: String?
    public let address: String?
    public let neighbourhood: String?
    public let details: String?
    public let consentToContact: ContactConsent
    public let dischargeDate: String?
}

public struct Signal: Sendable, Equatable {
    public let id: UUID
    public let territoryId: UUID
    public var kind: SignalKind
    public var urgency: SignalUrgency
    public var personName: String?
    public var personDescription: String?
    public var address: String?
    public var neighbourhood: String?
    public var details: String?
    public var consentToContact: ContactConsent
    public var dischargeDate: String?
    public var status: SignalStatus
    public var outcome: SignalOutcome?
    public var personId: UUID?
    public var assignedTo: UUID?
    /// The sender's account; nil when the check-in service raised it.
    public let createdBy: UUID?
    public let source: SignalSource
    public let createdAt: Date
    public var firstContactAt: Date?
    public var closedAt: Date?
    public var duplicateOf: UUID?

    public init(
        id: UUID, territoryId: UUID, kind: SignalKind, urgency: SignalUrgency, personName: String? = nil,
        personDescription: String? = nil, address: String? = nil, neighbourhood: String? = nil, details: String? = nil,
        consentToContact: ContactConsent = .unknown, dischargeDate: String? = nil, status: SignalStatus = .new,
        outcome: SignalOutcome? = nil, personId: UUID? = nil, assignedTo: UUID? = nil, createdBy: UUID?,
        source: SignalSource, createdAt: Date, firstContactAt: Date? = nil, closedAt: Date? = nil, duplicateOf: UUID? = nil
    ) {
        self.id = id
        self.territoryId = territoryId
        self.kind = kind
        self.urgency = urgency
        self.personName = personName
        self.personDescription = personDescription
        self.address = address
        self.neighbourhood = neighbourhood
        self.details = details
        self.consentToContact = consentToContact
        self.dischargeDate = dischargeDate
        self.status = status
        self.outcome = outcome
        self.personId = personId
        self.assignedTo = assignedTo
        self.createdBy = createdBy
        self.source = source
        self.createdAt = createdAt
        self.firstContactAt = firstContactAt
        self.closedAt = closedAt
        self.duplicateOf = duplicateOf
    }

    /// The sender owns the signal: watchers and partners may see its status, and only that.
    public var scope: RecordScope { RecordScope(territoryId: territoryId, ownerId: createdBy) }

    /// How the signal names the person, for lists.
    public var subject: String { personName ?? personDescription ?? "Personne non nommée" }
}

/// A contact with the person while working a signal: planned, or made.
public enum OutreachKind: String, CaseIterable, Codable, Sendable {
    case call, visit, message
    public var label: String {
        switch self {
        case .call: "Appel"
        case .visit: "Visite à domicile"
        case .message: "Message ou courrier"
        }
    }
}

public struct Outreach: Sendable, Equatable {
    public let id: UUID
    public let signalId: UUID
    public let kind: OutreachKind
    /// Set for a planned contact.
    public let plannedFor: Date?
    /// Set once the contact happened.
    public let doneAt: Date?
    public let note: String
    public let authorId: UUID

    public init(id: UUID, signalId: UUID, kind: OutreachKind, plannedFor: Date?, doneAt: Date?, note: String, authorId: UUID) {
        self.id = id
        self.signalId = signalId
        self.kind = kind
        self.plannedFor = plannedFor
        self.doneAt = doneAt
        self.note = note
        self.authorId = authorId
    }
}
