import Foundation

/// One thing a module recorded, as the Observatory reads it: which indicator it feeds, when and
/// where it happened, how it breaks down, how much it weighs. No name, no free text: a module
/// hands over only what the published tables need.
public struct Observation: Sendable, Equatable {
    public let indicator: String
    public let date: Date
    /// The neighbourhood, when the module knows it.
    public let place: String?
    /// One label per `Indicator.breakdowns`, in the same order.
    public let facets: [String]
    /// 1 for a count, minutes for hours, cents for euros.
    public let amount: Int
    /// The person it is about, if any: it counts only while their `statistics` consent holds.
    public let personId: UUID?

    public init(indicator: String, date: Date, place: String?, facets: [String] = [], amount: Int = 1, personId: UUID? = nil) {
        self.indicator = indicator
        self.date = date
        self.place = place
        self.facets = facets
        self.amount = amount
        self.personId = personId
    }
}

/// An indicator's published figures over some periods: by neighbourhood, then by each of its
/// breakdowns, every table suppressed.
public struct IndicatorFigures: Sendable, Equatable {
    public struct Breakdown: Sendable, Equatable {
        public let name: String
        public let table: SuppressedTable
    }

    public let indicator: Indicator
    public let periods: [ObservatoryPeriod]
    public let byPlace: SuppressedTable
    public let breakdowns: [Breakdown]

    /// The row of the neighbourhoods' table where what has no known neighbourhood is counted.
    public static let elsewhere = "Autre ou non renseigné"

    /// `observations` of `indicator` (others are ignored) by `places` (rows, in the order given;
    /// an unknown neighbourhood counts in `elsewhere`) and by `periods`; a breakdown's rows are its
    /// labels in alphabetical order. Observations outside every period are left out.
    public init(_ indicator: Indicator, observations: [Observation], places: [String], periods: [ObservatoryPeriod]) {
        self.indicator = indicator
        self.periods = periods
        let mine = observations.compactMap { observation -> (column: Int, observation: Observation)? in
            guard observation.indicator == indicator.id, let column = periods.firstIndex(where: { $0.contains(observation.date) }) else {
                return nil
            }
            return (column, observation)
        }
        let known = Set(places)
        let usesElsewhere = mine.contains { $0.observation.place.map { !known.contains($0) } ?? true }
        byPlace = Self.table(
            rows: places + (usesElsewhere ? [Self.elsewhere] : []), periods: periods, mine,
            row: { $0.place.flatMap { known.contains($0) ? $0 : nil } ?? Self.elsewhere }, unit: indicator.unit)
        breakdowns = indicator.breakdowns.enumerated().map { index, name in
            let label = { (observation: Observation) in index < observation.facets.count ? observation.facets[index] : "Non renseigné" }
            let rows = Set(mine.map { label($0.observation) }).sorted { $0.localizedStandardCompare($1) == .orderedAscending }
            return Breakdown(name: name, table: Self.table(rows: rows, periods: periods, mine, row: label, unit: indicator.unit))
        }
    }

    /// No single record weighs more (ten billion euros in cents): a million of them still sum far
    /// below Int's range, so a broken row cannot trap the totals.
    static let largestAmount = 1_000_000_000_000

    private static func table(
        rows: [String], periods: [ObservatoryPeriod], _ mine: [(column: Int, observation: Observation)], row: (Observation) -> String,
        unit: Indicator.Unit
    ) -> SuppressedTable {
        let index = Dictionary(rows.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
        var counts = Array(repeating: Array(repeating: 0, count: periods.count), count: rows.count)
        var values = counts
        for (column, observation) in mine {
            guard let r = index[row(observation)] else { continue }
            counts[r][column] += 1
            values[r][column] += min(max(observation.amount, 0), Self.largestAmount)
        }
        return SuppressedTable(
            rows: rows, columns: periods.map(\.label), counts: counts, values: unit == .count ? nil : values)
    }
}
