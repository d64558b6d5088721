import Foundation

/// The Observatory's tables as exports write them: one sheet per indicator with its definition,
/// source, and each table (by neighbourhood, then by breakdown) with its totals. A hidden figure
/// is the text « masqué », never a number.
public enum ObservatoryExport {
    public static func sheet(_ figures: IndicatorFigures, year: Int) -> Spreadsheet.Sheet {
        let indicator = figures.indicator
        func figure(_ value: Int?) -> Spreadsheet.Cell {
            guard let value else { return .text(SuppressedTable.text(nil)) }
            return .number(indicator.value(value), shown: indicator.exported(value))
        }
        var rows: [[Spreadsheet.Cell]] = [
            [.text(indicator.label), .text(String(year))], [.text(indicator.definition)], [.text("Source : " + indicator.source)],
        ]
        let tables = [(name: "Quartier", table: figures.byPlace)] + figures.breakdowns.map { ($0.name, $0.table) }
        for (name, table) in tables {
            rows.append([])
            rows.append([.text("\(name) (\(indicator.unitHeading.lowercased()))")] + (table.columns + ["Total"]).map(Spreadsheet.Cell.text))
            for (index, row) in table.rows.enumerated() {
                rows.append([.text(row)] + (table.cells[index] + [table.rowTotals[index]]).map(figure))
            }
            rows.append([.text("Total")] + (table.columnTotals + [table.total]).map(figure))
        }
        return Spreadsheet.Sheet(name: indicator.label, rows: rows)
    }

    /// Every indicator of the year, a sheet each, after a first sheet that says what the workbook is.
    public static func workbook(_ all: [IndicatorFigures], year: Int, territory: String) -> Spreadsheet {
        let about = Spreadsheet.Sheet(
            name: "À propos",
            rows: [
                [.text("Observatoire social \(year) — \(territory)")],
                [.text("Chiffres agrégés ; « masqué » : moins de \(SmallCount.threshold), ou un chiffre qu'un total permettrait de retrouver.")],
                [.text("Seules les personnes qui ont accepté les statistiques anonymes sont comptées.")],
            ] + all.map { [.text($0.indicator.label), .text($0.indicator.definition)] })
        let sheets = [about] + all.map { sheet($0, year: year) }
        let names = Spreadsheet.sheetNames(sheets.map(\.name))
        return Spreadsheet(sheets: zip(names, sheets).map { Spreadsheet.Sheet(name: $0, rows: $1.rows) })
    }
}
