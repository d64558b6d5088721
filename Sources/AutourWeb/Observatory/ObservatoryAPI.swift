import AutourAPI
import AutourCore
import AutourStore
import Foundation

/// The Observatory in the JSON API: the year's indicators, suppressed as on the pages (a hidden
/// figure is null), through the same service.
extension APIHandlers {
    static func observatoryTable(_ table: SuppressedTable, _ indicator: Indicator) -> Components.Schemas.ObservatoryTable {
        func value(_ amount: Int?) -> Double? { amount.map(indicator.value) }
        return .init(
            rows: table.rows, columns: table.columns, cells: table.cells.map { $0.map(value) }, rowTotals: table.rowTotals.map(value),
            columnTotals: table.columnTotals.map(value), total: value(table.total))
    }

    func listObservatoryIndicators(_ input: Operations.ListObservatoryIndicators.Input) async throws -> Operations.ListObservatoryIndicators.Output {
        let context = try caller
        let year =
            try input.query.year.map { try NumberInput.integer($0, field: "year", in: ObservatoryPeriod.years) }
            ?? FrenchTime.calendar.component(.year, from: store.clock.now())
        let kind = try input.query.by.map { try APIValue.contract($0.rawValue) as ObservatoryPeriod.Kind } ?? .quarter
        let figures = try await store.observatoryService.figures(year: year, by: kind.sample, actor: context.actor)
        return .ok(
            .init(
                body: .json(
                    .init(
                        year: year,
                        items: try figures.map { figures in
                            let indicator = figures.indicator
                            return .init(
                                id: indicator.id, theme: try APIValue.contract(indicator.theme.rawValue), label: indicator.label,
                                definition: indicator.definition, source: indicator.source, unit: try APIValue.contract(indicator.unit.rawValue),
                                byPlace: Self.observatoryTable(figures.byPlace, indicator),
                                breakdowns: figures.breakdowns.map { .init(name: $0.name, table: Self.observatoryTable($0.table, indicator)) })
                        }))))
    }
}
