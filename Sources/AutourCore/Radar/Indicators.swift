import Foundation

/// Counts shown to coordinators and elected members. Any count under 5 is shown as "< 5", so that
/// no small group (one street, one kind of trouble) can point at a person.
public enum SmallCount {
    public static let threshold = 5

    public static func text(_ count: Int) -> String { count < threshold ? "< \(threshold)" : String(count) }
}

/// The Radar's indicators, computed from signals alone (no name ever enters them).
public struct RadarIndicators: Sendable, Equatable {
    public struct Week: Sendable, Equatable {
        /// Monday of the week (UTC).
        public let start: Date
        public let byKind: [SignalKind: Int]
        public let total: Int
    }

    public let weeks: [Week]
    public let byNeighbourhood: [(name: String, count: Int)]
    /// Hours from the signal to the first contact.
    public let firstContactMedianHours: Double?
    public let firstContactP90Hours: Double?
    public let contacted: Int
    public let outcomes: [SignalOutcome: Int]

    public static func == (a: RadarIndicators, b: RadarIndicators) -> Bool {
        a.weeks == b.weeks && a.byNeighbourhood.map(\.name) == b.byNeighbourhood.map(\.name)
            && a.byNeighbourhood.map(\.count) == b.byNeighbourhood.map(\.count)
            && a.firstContactMedianHours == b.firstContactMedianHours && a.firstContactP90Hours == b.firstContactP90Hours
            && a.outcomes == b.outcomes
    }

    /// Indicators over the `weeks` weeks up to `now`.
    public static func compute(_ signals: [Signal], now: Date, weeks count: Int = 12) -> RadarIndicators {
        let thisWeek = mondayOf(now)
        let starts = (0..<count).reversed().map { thisWeek.addingTimeInterval(-Double($0) * 7 * 86400) }
        let from = starts.first ?? thisWeek
        let recent = signals.filter { $0.createdAt >= from && $0.createdAt <= now }
        var weeks: [Week] = []
        for start in starts {
            let inWeek = recent.filter { $0.createdAt >= start && $0.createdAt < start.addingTimeInterval(7 * 86400) }
            weeks.append(Week(start: start, byKind: Dictionary(grouping: inWeek, by: \.kind).mapValues(\.count), total: inWeek.count))
        }
        let places = Dictionary(grouping: recent, by: { $0.neighbourhood ?? "Quartier non précisé" }).mapValues(\.count)
        let delays = recent.compactMap { s in s.firstContactAt.map { $0.timeIntervalSince(s.createdAt) / 3600 } }.sorted()
        let outcomes = Dictionary(grouping: recent.compactMap(\.outcome), by: { $0 }).mapValues(\.count)
        return RadarIndicators(
            weeks: weeks, byNeighbourhood: places.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            firstContactMedianHours: percentile(delays, 0.5), firstContactP90Hours: percentile(delays, 0.9),
            contacted: delays.count, outcomes: outcomes)
    }

    /// Nearest-rank percentile of sorted values.
    public static func percentile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }

    public static func mondayOf(_ date: Date) -> Date {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.dateInterval(of: .weekOfYear, for: date)!.start
    }
}

/// How long a signal waited for its first contact, in the bands the Observatory publishes.
public enum ContactDelay {
    public static func band(signalledAt: Date, firstContactAt: Date?) -> String {
        guard let firstContactAt else { return "Pas encore de contact" }
        let hours = firstContactAt.timeIntervalSince(signalledAt) / 3600
        if hours < 24 { return "Moins de 24 h" }
        if hours < 72 { return "De 1 à 3 jours" }
        return "Plus de 3 jours"
    }
}
