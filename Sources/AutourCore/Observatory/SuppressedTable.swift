import Foundation

/// A table of counts as the Observatory publishes it: rows (neighbourhoods, kinds…) by columns
/// (periods, outcomes…) with their totals, where no cell can point at a person.
///
/// - Primary suppression: a count under `SmallCount.threshold` (5) is hidden, in a cell or a total.
/// - Complementary suppression: a hidden cell in a row (or column) whose total is shown could be
///   recomputed as the total minus the other cells; so wherever a line holds exactly one hidden
///   count among its cells and its shown total, a second cell of that line is hidden too — the
///   smallest shown one, which hides the least information. This repeats, rows then columns,
///   until no line has exactly one hidden figure; a hidden total counts as hidden in its line.
///   The grand total is treated as a cell of the totals row and the totals column.
///
/// With at least two hidden figures in every line that has any, no hidden count equals a shown
/// total minus shown cells. (Combining several lines can still bound a hidden cell; it cannot
/// pin it when every line has two unknowns — tested with crafted tables.)
public struct SuppressedTable: Sendable, Equatable {
    public let rows: [String]
    public let columns: [String]
    /// `cells[row][column]`: the count, or nil when hidden.
    public let cells: [[Int?]]
    public let rowTotals: [Int?]
    public let columnTotals: [Int?]
    public let total: Int?

    /// Suppresses `counts[row][column]`. A missing count reads as zero and a negative one as
    /// zero: the table is always drawn, never a trap.
    ///
    /// With `values` (hours, euros), the cells show the values' sums, hidden wherever the count of
    /// records behind them is: a sum of fewer than five records points at people as a count does.
    public init(rows: [String], columns: [String], counts raw: [[Int]], values rawValues: [[Int]]? = nil) {
        self.rows = rows
        self.columns = columns
        func withTotals(_ raw: [[Int]]) -> [[Int]] {
            let cells = rows.indices.map { r in columns.indices.map { c in r < raw.count && c < raw[r].count ? max(raw[r][c], 0) : 0 } }
            let rowSums = cells.map { $0.reduce(0, +) }
            let columnSums = columns.indices.map { column in cells.reduce(0) { $0 + $1[column] } }
            // The grid with its totals row and column: (rows + 1) × (columns + 1).
            return cells.enumerated().map { index, row in row + [rowSums[index]] } + [columnSums + [rowSums.reduce(0, +)]]
        }
        let grid = withTotals(raw)
        let values = rawValues.map(withTotals) ?? grid
        var hidden = grid.map { $0.map { $0 < SmallCount.threshold } }
        let height = grid.count, width = columns.count + 1
        // Each line of the grid: a row (its cells and total) or a column (its cells and total).
        let lines: [[(Int, Int)]] =
            (0..<height).map { r in (0..<width).map { (r, $0) } } + (0..<width).map { c in (0..<height).map { ($0, c) } }
        var changed = true
        while changed {
            changed = false
            for line in lines where line.filter({ hidden[$0.0][$0.1] }).count == 1 {
                // Hide the smallest shown figure of the line, a cell before the line's total.
                let candidates = line.filter { !hidden[$0.0][$0.1] }.sorted {
                    let a = ($0.0 == height - 1 || $0.1 == width - 1 ? 1 : 0, grid[$0.0][$0.1])
                    let b = ($1.0 == height - 1 || $1.1 == width - 1 ? 1 : 0, grid[$1.0][$1.1])
                    return a < b
                }
                guard let chosen = candidates.first else { continue }
                hidden[chosen.0][chosen.1] = true
                changed = true
            }
        }
        func shown(_ r: Int, _ c: Int) -> Int? { hidden[r][c] ? nil : values[r][c] }
        cells = rows.indices.map { r in columns.indices.map { shown(r, $0) } }
        rowTotals = rows.indices.map { shown($0, width - 1) }
        columnTotals = columns.indices.map { shown(height - 1, $0) }
        total = shown(height - 1, width - 1)
    }

    /// The figure as a table cell reads it: the count, or « masqué ».
    public static func text(_ count: Int?) -> String { count.map(String.init) ?? "masqué" }
}
