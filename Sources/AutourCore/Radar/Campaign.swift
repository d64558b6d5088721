import Foundation

public enum CampaignKind: String, CaseIterable, Codable, Sendable {
    case heatwave, cold
    public var label: String { self == .heatwave ? "Canicule" : "Grand froid" }
}

/// Where one registered person stands in a calling campaign.
public enum CallStatus: String, CaseIterable, Codable, Sendable {
    /// Not called yet.
    case toCall = "to_call"
    /// Unreachable once: a second call is due.
    case callAgain = "call_again"
    case fine
    /// Someone must go and see the person (worrying call, or unreachable twice).
    case visitNeeded = "visit_needed"
    case visited

    public var label: String {
        switch self {
        case .toCall: "À appeler"
        case .callAgain: "À rappeler (injoignable une fois)"
        case .fine: "Va bien"
        case .visitNeeded: "Visite nécessaire"
        case .visited: "Visite faite"
        }
    }

    /// Nothing more to do for this person in this campaign.
    public var isSettled: Bool { self == .fine || self == .visited }
}

/// What a caller records after a call (or a visit).
public enum CallOutcome: String, CaseIterable, Codable, Sendable {
    case fine
    case visitNeeded = "visit_needed"
    case unreachable
    case visited

    public var label: String {
        switch self {
        case .fine: "Va bien"
        case .visitNeeded: "Besoin d'une visite"
        case .unreachable: "Injoignable"
        case .visited: "Visite faite"
        }
    }
}

public struct Campaign: Sendable, Equatable {
    public let id: UUID
    public let territoryId: UUID
    public let kind: CampaignKind
    public let startedAt: Date
    public let startedBy: UUID
    public var closedAt: Date?

    public init(id: UUID, territoryId: UUID, kind: CampaignKind, startedAt: Date, startedBy: UUID, closedAt: Date?) {
        self.id = id
        self.territoryId = territoryId
        self.kind = kind
        self.startedAt = startedAt
        self.startedBy = startedBy
        self.closedAt = closedAt
    }
}

public struct CampaignCall: Sendable, Equatable {
    public let id: UUID
    public let campaignId: UUID
    public let personId: UUID
    public var callerId: UUID
    public var status: CallStatus
    public var attempts: Int
    /// How many times the person could not be reached.
    public var unreachableCount: Int
    public var lastCalledAt: Date?
    public var note: String

    public init(
        id: UUID, campaignId: UUID, personId: UUID, callerId: UUID, status: CallStatus, attempts: Int,
        unreachableCount: Int, lastCalledAt: Date?, note: String
    ) {
        self.id = id
        self.campaignId = campaignId
        self.personId = personId
        self.callerId = callerId
        self.status = status
        self.attempts = attempts
        self.unreachableCount = unreachableCount
        self.lastCalledAt = lastCalledAt
        self.note = note
    }
}

/// The live progress of a campaign.
public struct CampaignProgress: Sendable, Equatable, Codable {
    public var total = 0
    public var called = 0
    public var fine = 0
    public var visitNeeded = 0
    public var unreachable = 0
    public var visited = 0
    public var remaining = 0

    public init() {}

    public init(_ calls: [CampaignCall]) {
        total = calls.count
        for call in calls {
            if call.attempts > 0 { called += 1 }
            if call.unreachableCount > 0 { unreachable += 1 }
            switch call.status {
            case .fine: fine += 1
            case .visitNeeded: visitNeeded += 1
            case .visited: visited += 1
            case .toCall, .callAgain: break
            }
            if !call.status.isSettled { remaining += 1 }
        }
    }

    public var isComplete: Bool { remaining == 0 }
}

public enum CampaignRules {
    /// A call's outcome as typed in a form or sent by a client.
    public static func callOutcome(_ text: String) throws(AutourError) -> CallOutcome {
        guard let outcome = CallOutcome(rawValue: text) else {
            throw .invalid("Résultat d'appel inconnu.", fields: ["outcome": "fine, visit_needed, unreachable ou visited."])
        }
        return outcome
    }

    /// The call workflow: unreachable once → call again; unreachable twice → a visit; a worrying
    /// call → a visit; the visit settles it.
    public static func next(from status: CallStatus, after outcome: CallOutcome) throws(AutourError) -> CallStatus {
        switch (status, outcome) {
        case (.toCall, .fine), (.callAgain, .fine): return .fine
        case (.toCall, .visitNeeded), (.callAgain, .visitNeeded): return .visitNeeded
        case (.toCall, .unreachable): return .callAgain
        case (.callAgain, .unreachable): return .visitNeeded
        case (.visitNeeded, .visited): return .visited
        case (.visitNeeded, .fine): return .visited
        default:
            throw .conflict("Cet appel est « \(status.label) » : « \(outcome.label) » ne s'applique pas.")
        }
    }

    /// Splits the people to call among the callers: everyone gets the same number give or take
    /// one, and each caller's share is a run of neighbours (people sorted by neighbourhood, then
    /// address) so that a visit, if needed, is nearby.
    public static func split<Item>(_ items: [Item], sortKey: (Item) -> String, among callers: [UUID]) -> [(Item, UUID)] {
        guard !callers.isEmpty else { return [] }
        let sorted = items.sorted { sortKey($0) < sortKey($1) }
        let base = sorted.count / callers.count, extra = sorted.count % callers.count
        var result: [(Item, UUID)] = []
        var index = 0
        for (position, caller) in callers.enumerated() {
            let share = base + (position < extra ? 1 : 0)
            for item in sorted[index..<(index + share)] { result.append((item, caller)) }
            index += share
        }
        return result
    }
}
