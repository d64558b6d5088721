import Foundation

/// The span an indicator is counted over: a month, a quarter or a year, in French time.
public enum ObservatoryPeriod: Sendable, Hashable, Comparable, CustomStringConvertible {
    case month(year: Int, month: Int)
    case quarter(year: Int, quarter: Int)
    case year(Int)

    /// The years an observatory reads: wide enough for every archive, narrow enough that date
    /// arithmetic never traps on what a query string says.
    public static let years = 2000...2100

    /// « 2026-11 », « 2026-T3 » or « 2026 », as a URL or a CSV writes it; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let year = NumberInput.integer(parts[0], in: Self.years), parts[0].count == 4 else { return nil }
        switch parts.count {
        case 1: self = .year(year)
        case 2 where parts[1].hasPrefix("T"):
            guard parts[1].count == 2, let quarter = NumberInput.integer(String(parts[1].dropFirst()), in: 1...4) else { return nil }
            self = .quarter(year: year, quarter: quarter)
        case 2:
            guard parts[1].count == 2, let month = NumberInput.integer(parts[1], in: 1...12) else { return nil }
            self = .month(year: year, month: month)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .month(let year, let month): String(format: "%04d-%02d", year, month)
        case .quarter(let year, let quarter): "\(year)-T\(quarter)"
        case .year(let year): "\(year)"
        }
    }

    /// « novembre 2026 », « 3e trimestre 2026 », « 2026 ».
    public var label: String {
        switch self {
        case .month(let year, let month): YearMonth(year: year, month: month)?.label ?? description
        case .quarter(let year, let quarter): "\(quarter == 1 ? "1er" : "\(quarter)e") trimestre \(year)"
        case .year(let year): "\(year)"
        }
    }

    /// « janv. », « T3 », « 2026 »: a chart's axis.
    public var shortLabel: String {
        switch self {
        case .month(_, let month):
            ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."][(month - 1) % 12]
        case .quarter(_, let quarter): "T\(quarter)"
        case .year(let year): "\(year)"
        }
    }

    var firstMonth: (year: Int, month: Int) {
        switch self {
        case .month(let year, let month): (year, month)
        case .quarter(let year, let quarter): (year, (quarter - 1) * 3 + 1)
        case .year(let year): (year, 1)
        }
    }

    var months: Int {
        switch self {
        case .month: 1
        case .quarter: 3
        case .year: 12
        }
    }

    /// From its first instant (included) to the next period's (excluded), in French time.
    public var interval: (start: Date, end: Date) {
        let (year, month) = firstMonth
        let start = FrenchTime.calendar.date(from: DateComponents(year: year, month: month, day: 1))!
        return (start, FrenchTime.calendar.date(byAdding: .month, value: months, to: start)!)
    }

    public func contains(_ date: Date) -> Bool {
        let (start, end) = interval
        return date >= start && date < end
    }

    /// The period of the same kind that holds `date`.
    public func same(containing date: Date) -> ObservatoryPeriod {
        let c = FrenchTime.calendar.dateComponents([.year, .month], from: date)
        switch self {
        case .month: return .month(year: c.year!, month: c.month!)
        case .quarter: return .quarter(year: c.year!, quarter: (c.month! - 1) / 3 + 1)
        case .year: return .year(c.year!)
        }
    }

    /// The kinds of period, as the API names them.
    public enum Kind: String, CaseIterable, Sendable {
        case month, quarter, year
        /// A period of this kind, for `split(year:by:)`.
        public var sample: ObservatoryPeriod {
            switch self {
            case .month: .month(year: 2000, month: 1)
            case .quarter: .quarter(year: 2000, quarter: 1)
            case .year: .year(2000)
            }
        }
    }

    /// The periods of this one's kind within `year`: its twelve months, four quarters, or itself.
    public static func split(year: Int, by kind: ObservatoryPeriod) -> [ObservatoryPeriod] {
        switch kind {
        case .month: (1...12).map { .month(year: year, month: $0) }
        case .quarter: (1...4).map { .quarter(year: year, quarter: $0) }
        case .year: [.year(year)]
        }
    }

    public static func < (lhs: ObservatoryPeriod, rhs: ObservatoryPeriod) -> Bool {
        (lhs.firstMonth.year, lhs.firstMonth.month, lhs.months) < (rhs.firstMonth.year, rhs.firstMonth.month, rhs.months)
    }
}
