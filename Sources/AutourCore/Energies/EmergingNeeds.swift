import Foundation

/// Emerging needs: weekly counts of needs and signals by kind × neighbourhood, compared with what
/// the previous 12 weeks predict. The test is a Poisson upper bound: with λ the mean of the 12
/// previous weeks (at least 0.5, so that a quiet place is not silent forever), this week's count
/// n raises an alert when P(X ≥ n | λ) < 1 %, and n ≥ 3 (one or two events are never a trend).
/// An alert names a kind and a place, never a person.
public struct EmergingAlert: Sendable, Equatable {
    public let kind: String
    public let neighbourhood: String
    public let count: Int
    public let expected: Double
}

public enum EmergingNeeds {
    public static let historyWeeks = 12
    public static let threshold = 0.01
    public static let minimumCount = 3

    /// One event: its kind (a skill for a need, a signal's kind), neighbourhood and date.
    public struct Event: Sendable {
        public let kind: String
        public let neighbourhood: String
        public let at: Date
        public init(kind: String, neighbourhood: String, at: Date) {
            self.kind = kind
            self.neighbourhood = neighbourhood
            self.at = at
        }
    }

    /// Alerts for the week containing `now`, strongest first.
    public static func alerts(_ events: [Event], now: Date) -> [EmergingAlert] {
        let thisWeek = RadarIndicators.mondayOf(now)
        let historyStart = thisWeek.addingTimeInterval(-Double(historyWeeks) * 7 * 86400)
        var current: [String: Int] = [:], past: [String: Int] = [:]
        var names: [String: (String, String)] = [:]
        for event in events where event.at >= historyStart && event.at <= now {
            let key = event.kind + "\u{1F}" + event.neighbourhood
            names[key] = (event.kind, event.neighbourhood)
            if event.at >= thisWeek { current[key, default: 0] += 1 } else { past[key, default: 0] += 1 }
        }
        return current.compactMap { key, count -> EmergingAlert? in
            let lambda = max(0.5, Double(past[key] ?? 0) / Double(historyWeeks))
            guard count >= minimumCount, poissonTail(atLeast: count, mean: lambda) < threshold else { return nil }
            return EmergingAlert(kind: names[key]!.0, neighbourhood: names[key]!.1, count: count, expected: lambda)
        }.sorted { ($0.count - Int($0.expected), $0.kind) > ($1.count - Int($1.expected), $1.kind) }
    }

    /// P(X ≥ n) for X ~ Poisson(mean).
    public static func poissonTail(atLeast n: Int, mean: Double) -> Double {
        guard n > 0 else { return 1 }
        var term = exp(-mean), below = 0.0
        for k in 0..<n {
            below += term
            term *= mean / Double(k + 1)
        }
        return max(0, 1 - below)
    }
}

/// What a coordinator decided about an emerging-need alert.
public enum AlertDecision: String, CaseIterable, Codable, Sendable {
    /// Resource persons will be sought (a need is created from the alert).
    case findResources = "find_resources"
    /// Not a real trend (a duplicate burst, a known event…): the reason is written down.
    case notRelevant = "not_relevant"

    public var label: String {
        switch self {
        case .findResources: "Chercher des personnes ressources"
        case .notRelevant: "Sans objet"
        }
    }
}

/// An emerging-need alert kept as a dated finding, so that the observatory can count what was
/// raised, seen and acted on. One per kind × neighbourhood × week; a stronger count the same week
/// updates it.
public struct StoredAlert: Sendable, Equatable {
    public let id: UUID
    public let territoryId: UUID
    public let weekStart: Date
    public let kind: String
    public let neighbourhood: String
    public let count: Int
    public let expected: Double
    public let raisedAt: Date
    public let seenBy: UUID?
    public let seenAt: Date?
    public let decision: AlertDecision?
    public let reason: String?
    public let decidedBy: UUID?
    public let decidedAt: Date?

    public init(
        id: UUID, territoryId: UUID, weekStart: Date, kind: String, neighbourhood: String, count: Int, expected: Double,
        raisedAt: Date, seenBy: UUID?, seenAt: Date?, decision: AlertDecision?, reason: String?, decidedBy: UUID?, decidedAt: Date?
    ) {
        self.id = id
        self.territoryId = territoryId
        self.weekStart = weekStart
        self.kind = kind
        self.neighbourhood = neighbourhood
        self.count = count
        self.expected = expected
        self.raisedAt = raisedAt
        self.seenBy = seenBy
        self.seenAt = seenAt
        self.decision = decision
        self.reason = reason
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }
}

extension EmergingNeeds {
    public static let reasonLimit = 500

    /// Checks a decision: "not relevant" needs its reason, so that dismissing a trend is never silent.
    public static func validate(decision: AlertDecision, reason: String) throws(AutourError) -> String? {
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count > reasonLimit { throw .invalid("Motif trop long.", fields: ["reason": "\(reasonLimit) caractères au plus."]) }
        if decision == .notRelevant, text.isEmpty {
            throw .invalid("Dites pourquoi cette alerte est sans objet.", fields: ["reason": "Le motif est obligatoire."])
        }
        return text.isEmpty ? nil : text
    }
}
