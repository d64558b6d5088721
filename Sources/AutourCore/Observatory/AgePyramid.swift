import Foundation

/// The people followed in a year by age band, beside the territory's population: who the CCAS
/// reaches compared with who lives there. The followed side is a suppressed table (bands × one
/// column); the population side comes from the context figures.
public struct AgePyramid: Sendable, Equatable {
    public let year: Int
    /// Bands × « Personnes suivies »; a band under 5 is hidden, and a second one with it.
    public let followed: SuppressedTable
    /// Inhabitants by `ContextFigures.ageBands`; all zero when no context figures were entered.
    public let population: [Int]
    /// People whose birth date is not known, left out of the bands.
    public let unknownAge: Int

    /// `birthDates` as stored (`YYYY-MM-DD`, or a bare year after erasure); the age is the one
    /// reached during `year`.
    public init(year: Int, birthDates: [String?], population: [Int]) {
        self.year = year
        var counts = Array(repeating: 0, count: ContextFigures.ageBands.count)
        var unknown = 0
        for date in birthDates {
            guard let text = date, let born = NumberInput.integer(String(text.prefix(4)), in: 1890...year) else {
                unknown += 1
                continue
            }
            counts[Self.band(age: year - born)] += 1
        }
        followed = SuppressedTable(
            rows: ContextFigures.ageBands.map(ContextFigures.ageBandLabel), columns: ["Personnes suivies"], counts: counts.map { [$0] })
        self.population = population.count == counts.count ? population : Array(repeating: 0, count: counts.count)
        unknownAge = unknown
    }

    /// The index of the band of `age` in `ContextFigures.ageBands`.
    public static func band(age: Int) -> Int {
        switch age {
        case ..<15: 0
        case ..<30: 1
        case ..<45: 2
        case ..<60: 3
        case ..<75: 4
        default: 5
        }
    }

    /// Each band's share of `total`, in per cent; nil where the count is hidden, or for every
    /// band when the total is hidden or zero.
    public static func shares(_ counts: [Int?], total: Int?) -> [Double?] {
        counts.map { count in count.flatMap { count in total.flatMap { $0 > 0 ? Double(count) * 100 / Double($0) : nil } } }
    }
}
