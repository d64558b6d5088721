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
