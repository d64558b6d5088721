import AutourCore
import Foundation
import Testing

@Suite("Observatory: small counts hidden, and no hidden count recomputable from a total")
struct SuppressedTableTests {
    /// Every figure of the grid with its totals: (value or nil) by line, rows then columns.
    static func lines(_ table: SuppressedTable) -> [[Int?]] {
        let rows = table.cells.enumerated().map { $0.element + [table.rowTotals[$0.offset]] } + [table.columnTotals + [table.total]]
        let columns = rows[0].indices.map { c in rows.map { $0[c] } }
        return rows + columns
    }

    @Test("a small count is hidden, and a second cell of its row and column with it")
    func complementary() {
        let table = SuppressedTable(rows: ["Mas", "Village"], columns: ["T1", "T2", "T3"], counts: [[10, 3, 20], [12, 9, 30]])
        #expect(table.cells[0][1] == nil, "3 is under 5")
        #expect(table.cells[0][0] == nil, "otherwise 3 = 33 − 10 − 20: the smallest other cell of the row goes")
        #expect(table.cells[1][0] == nil && table.cells[1][1] == nil, "and in their columns, the other row's cells")
        #expect(table.cells[0][2] == 20 && table.cells[1][2] == 30 && table.rowTotals == [33, 51] && table.total == 84)
        for line in Self.lines(table) { #expect(line.filter { $0 == nil }.count != 1) }
    }

    @Test("a small total hides a cell too, and a table with no small count shows everything")
    func totals() {
        let small = SuppressedTable(rows: ["A"], columns: ["x", "y"], counts: [[2, 2]])
        #expect(small.cells == [[nil, nil]] && small.rowTotals == [nil] && small.total == nil)
        let plain = SuppressedTable(rows: ["A", "B"], columns: ["x", "y"], counts: [[5, 6], [7, 8]])
        #expect(plain.cells == [[5, 6], [7, 8]] && plain.rowTotals == [11, 15] && plain.columnTotals == [12, 14] && plain.total == 26)
        let ragged = SuppressedTable(rows: ["A", "B"], columns: ["x", "y"], counts: [[9, -3]])
        #expect(ragged.cells[1] == [nil, nil], "a missing row reads as zeros, a negative count as zero: drawn, never a trap")
    }

    @Test("over a thousand random tables: every count under 5 hidden, shown figures true, no line with a single hidden figure")
    func randomTables() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let height = Int.random(in: 1...5, using: &generator), width = Int.random(in: 1...5, using: &generator)
            let counts = (0..<height).map { _ in (0..<width).map { _ in Int.random(in: 0...30, using: &generator) } }
            let table = SuppressedTable(rows: (0..<height).map(String.init), columns: (0..<width).map(String.init), counts: counts)
            for r in 0..<height {
                for c in 0..<width {
                    let shown = table.cells[r][c]
                    #expect(shown == nil || shown == counts[r][c])
                    if counts[r][c] < 5 { #expect(shown == nil) }
                }
                if let total = table.rowTotals[r] { #expect(total == counts[r].reduce(0, +) && total >= 5) }
            }
            for line in Self.lines(table) { #expect(line.filter { $0 == nil }.count != 1, "\(counts)") }
        }
    }

    @Test("a crafted table: every hidden cell could hold another value consistent with all that is shown")
    func notPinned() {
        let counts = [[10, 3, 20], [12, 9, 30]]
        let table = SuppressedTable(rows: ["a", "b"], columns: ["x", "y", "z"], counts: counts)
        let hidden = [(0, 0), (0, 1), (1, 0), (1, 1)].filter { table.cells[$0.0][$0.1] == nil }
        #expect(hidden.count == 4)
        // Every assignment of 0…40 to the hidden cells that agrees with every shown total.
        var seen: [[Int]] = [[], [], [], []]
        for a in 0...40 {
            for b in 0...40 {
                for c in 0...40 {
                    for d in 0...40 {
                        let grid = [[a, b, counts[0][2]], [c, d, counts[1][2]]]
                        guard grid[0].reduce(0, +) == table.rowTotals[0], grid[1].reduce(0, +) == table.rowTotals[1] else { continue }
                        let columnsAgree = (0..<3).allSatisfy { column in table.columnTotals[column].map { $0 == grid[0][column] + grid[1][column] } ?? true }
                        guard columnsAgree else { continue }
                        for (index, value) in [a, b, c, d].enumerated() { seen[index].append(value) }
                    }
                }
            }
        }
        for (index, values) in seen.enumerated() { #expect(Set(values).count > 1, "hidden cell \(hidden[index]) is pinned") }
    }
}

@Suite("Observatory: periods and the tables of counts by place and period")
struct ObservatoryPeriodTests {
    @Test("a period is read from its text through the checked path and spans French time")
    func periods() throws {
        #expect(ObservatoryPeriod("2026-11") == .month(year: 2026, month: 11) && ObservatoryPeriod("2026-T3") == .quarter(year: 2026, quarter: 3))
        #expect(ObservatoryPeriod("2026") == .year(2026))
        for bad in ["", "2026-13", "2026-T5", "99999999999999999999", "2026-1", "1999", "2026-11-01", "-2026", "2026-T"] {
            #expect(ObservatoryPeriod(bad) == nil, "\(bad)")
        }
        #expect(
            ObservatoryPeriod.quarter(year: 2026, quarter: 1).label == "1er trimestre 2026"
                && ObservatoryPeriod.month(year: 2026, month: 11).label == "novembre 2026")
        // 23:30 UTC on 31 December is already 00:30 on 1 January in Paris: the next year's.
        let newYearsEve = try #require(ISO8601DateFormatter().date(from: "2026-12-31T23:30:00Z"))
        #expect(ObservatoryPeriod.year(2026).contains(newYearsEve) == false && ObservatoryPeriod.year(2027).contains(newYearsEve))
        #expect(ObservatoryPeriod.month(year: 2026, month: 1).same(containing: newYearsEve) == .month(year: 2027, month: 1))
        #expect(ObservatoryPeriod.split(year: 2026, by: .quarter(year: 0, quarter: 1)).map(\.description) == ["2026-T1", "2026-T2", "2026-T3", "2026-T4"])
    }

    @Test("observations are counted by place and period, elsewhere in their own row, and the table is suppressed")
    func counting() throws {
        let formatter = ISO8601DateFormatter()
        func at(_ text: String) throws -> Date { try #require(formatter.date(from: text)) }
        let signals = try #require(Indicators.find("signals"))
        var seen: [Observation] = []
        func add(_ count: Int, _ date: String, _ place: String?, _ kind: String) throws {
            for _ in 0..<count { seen.append(Observation(indicator: "signals", date: try at(date), place: place, facets: [kind, "En cours"])) }
        }
        try add(12, "2026-01-15T10:00:00Z", "Mas", "Isolement")
        try add(7, "2026-02-15T10:00:00Z", "Mas", "Santé")
        try add(2, "2026-02-20T10:00:00Z", "Village", "Santé")
        try add(1, "2026-02-20T10:00:00Z", "Ailleurs", "Santé")
        try add(1, "2025-12-20T10:00:00Z", "Mas", "Isolement")  // outside the periods
        seen.append(Observation(indicator: "vouchers", date: try at("2026-01-15T10:00:00Z"), place: "Mas"))  // another indicator
        let figures = IndicatorFigures(
            signals, observations: seen, places: ["Mas", "Village"], periods: [.month(year: 2026, month: 1), .month(year: 2026, month: 2)])
        let table = figures.byPlace
        #expect(table.rows == ["Mas", "Village", "Autre ou non renseigné"], "a neighbourhood not on the list counts as elsewhere")
        #expect(table.cells[0] == [12, 7] && table.rowTotals[0] == 19)
        #expect(table.cells[1][1] == nil && table.cells[2][1] == nil, "2 and 1 are under 5")
        #expect(table.columnTotals[0] == 12 && table.columnTotals[1] == 10 && table.total == 22)
        #expect(figures.breakdowns.map(\.name) == ["Type", "Issue"])
        let kinds = figures.breakdowns[0].table
        #expect(kinds.rows == ["Isolement", "Santé"] && kinds.rowTotals == [12, 10])
        #expect(kinds.cells == [[nil, nil], [nil, nil]], "a zero is under 5 too, and each row's other cell goes with it")
    }

    @Test("euros are summed, and hidden wherever fewer than five decisions stand behind the sum")
    func amounts() throws {
        let aid = try #require(Indicators.find("optional_aid"))
        let formatter = ISO8601DateFormatter()
        let march = try #require(formatter.date(from: "2026-03-10T10:00:00Z")), may = try #require(formatter.date(from: "2026-05-10T10:00:00Z"))
        var seen: [Observation] = []
        for (place, q1, q2) in [("Mas", 6, 8), ("Village", 2, 6), ("Gare", 7, 9)] {
            for date in Array(repeating: march, count: q1) + Array(repeating: may, count: q2) {
                seen.append(Observation(indicator: "optional_aid", date: date, place: place, facets: ["Alimentation", "Accordée"], amount: 10_000))
            }
        }
        let figures = IndicatorFigures(
            aid, observations: seen, places: ["Mas", "Village", "Gare"], periods: [.quarter(year: 2026, quarter: 1), .quarter(year: 2026, quarter: 2)])
        #expect(figures.byPlace.cells[2] == [70_000, 90_000], "seven and nine grants of 100 € shown as their sums")
        #expect(figures.byPlace.cells[1] == [nil, nil], "two grants are too few to show, whatever they weigh; their row's other cell goes with them")
        #expect(figures.byPlace.cells[0] == [nil, nil], "and in the columns, the smallest other cell")
        #expect(figures.byPlace.rowTotals == [140_000, 80_000, 160_000] && figures.byPlace.total == 380_000)
        #expect(aid.format(60_000) == "600 €" && aid.exported(60_050) == "600,50")
    }
}

@Suite("Observatory: the catalogue of indicators")
struct IndicatorCatalogueTests {
    @Test("each indicator is defined once, with a French label, a definition and its source, and every chapter has some")
    func catalogue() {
        #expect(Set(Indicators.all.map(\.id)).count == Indicators.all.count, "no indicator defined twice")
        #expect(Indicators.all.allSatisfy { !$0.label.isEmpty && $0.definition.hasSuffix(".") && $0.source.contains(" : ") })
        #expect(Set(Indicators.all.map(\.theme)) == Set(IndicatorTheme.allCases))
        #expect(Indicators.find("vouchers")?.theme == .rights && Indicators.find("nothing") == nil)
    }
}

@Suite("Observatory: exports")
struct ObservatoryExportTests {
    @Test("a CSV field that starts like a formula is defused, every field quoted, fields split by semicolons")
    func csvGuard() {
        #expect(CSVExport.line(["=SOMME(A1:A9)", "Centre", "12,5", "dit \"oui\""]) == "\"'=SOMME(A1:A9)\";\"Centre\";\"12,5\";\"dit \"\"oui\"\"\"")
        #expect(CSVExport.text([["a"], ["-1"]]) == "\"a\"\r\n\"'-1\"\r\n")
    }

    @Test("sheet names fit spreadsheets: short, without forbidden characters, unique")
    func sheetNames() {
        #expect(
            Spreadsheet.sheetNames(["Projets d'habitants", "a/b", "Une très longue étiquette qui dépasse largement", "A/B"])
                == ["Projets d’habitants", "ab", "Une très longue étiquette qu", "AB 2"])
    }
}

@Suite("Observatory: context figures and the age pyramid")
struct ContextFiguresTests {
    @Test("a census table is imported by neighbourhood name (case and accents aside), and a foreign neighbourhood is refused by line")
    func importing() throws {
        let csv = "quartier;0-14;15-29;30-44;45-59;60-74;75+;menages;taux_pauvrete\ncentre;100;200;300;200;100;100;450;18,5\nÉCOIN;10;10;10;10;10;10;30;\n"
        let figures = try ContextFigures.imported(csv, neighbourhoods: ["Centre", "Écoin", "Nord"])
        #expect(figures.places["Centre"] == ContextFigures.Place(bands: [100, 200, 300, 200, 100, 100], households: 450, povertyRate: 18.5))
        #expect(figures.places["Écoin"]?.population == 60 && figures.places["Nord"] == nil && figures.population == 1_060)
        #expect(figures.ratePerThousand(53, place: "Centre") == "53" && figures.ratePerThousand(3, place: "Nord") == nil)
        #expect(throws: AutourError.invalid("Ligne 2 : « Gare » n'est pas un quartier du territoire.")) {
            try ContextFigures.imported("quartier,0-14,15-29,30-44,45-59,60-74,75+,menages\nGare,1,1,1,1,1,1,1\n", neighbourhoods: ["Centre"])
        }
        #expect(throws: AutourError.self) { try ContextFigures.imported("quartier;0-14;menages\nCentre;1;1\n", neighbourhoods: ["Centre"]) }
    }

    @Test("typed figures are checked field by field: a negative, a huge number or a rate over 100 % is named, never stored or trapped")
    func typed() {
        let values = ["band-0-0": "-3", "band-1-0": "99999999999999999999999", "poverty-0": "140", "households-1": "12"]
        #expect(
            throws: AutourError.invalid(
                "Des chiffres sont à corriger.",
                fields: [
                    "band-0-0": "Un nombre entier entre 0 et 10 000 000.", "band-1-0": "Un nombre entier entre 0 et 10 000 000.",
                    "poverty-0": "Un pourcentage entre 0 et 100.",
                ])
        ) {
            try ContextFigures.validated(neighbourhoods: ["Centre", "Nord"]) { index, field in values["\(field)-\(index)"] ?? "" }
        }
    }

    @Test("the pyramid counts the age reached in the year, leaves unknown dates aside and hides small bands")
    func pyramid() {
        let births: [String?] = Array(repeating: "1940-05-01", count: 6) + Array(repeating: "1990", count: 7) + ["2020-01-01", nil, "garbage"]
        let pyramid = AgePyramid(year: 2026, birthDates: births, population: [10, 10, 10, 10, 10, 10])
        #expect(pyramid.unknownAge == 2, "no date, and a date that is not one")
        #expect(pyramid.followed.cells.map { $0[0] }[5] == 6 && pyramid.followed.cells.map { $0[0] }[2] == 7, "86 and 36 years old")
        #expect(pyramid.followed.cells.map { $0[0] }[0] == nil, "one child is hidden")
        #expect(pyramid.followed.total == 14)
        #expect(AgePyramid.shares([6, nil, 8], total: 14)[0].map { Int($0.rounded()) } == 43 && AgePyramid.shares([6], total: nil) == [nil])
    }
}
