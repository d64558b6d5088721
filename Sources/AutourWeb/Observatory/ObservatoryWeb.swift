import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The Observatory in pages: the year's dashboard by chapter (`/observatoire`), an indicator's
/// tables and charts (`/observatoire/indicateurs/{id}`) with its CSV, and the methods page. Every
/// figure comes suppressed from `ObservatoryService`; nothing here links to a file.
struct ObservatoryWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    var service: ObservatoryService { store.observatoryService }

    /// What the page's year and period selectors say, read from the query (`?annee=2026&par=mois`).
    struct Span {
        let year: Int
        /// A period of the chosen kind (`split` reads only its kind).
        let kind: ObservatoryPeriod
        /// How the query writes that kind: « mois », « trimestre », « annee ».
        let kindValue: String

        static let kinds: [(value: String, label: String, kind: ObservatoryPeriod)] = [
            ("mois", "Par mois", .month(year: 0, month: 1)), ("trimestre", "Par trimestre", .quarter(year: 0, quarter: 1)),
            ("annee", "Sur l'année", .year(0)),
        ]

        init(_ request: Request, now: Date) throws {
            let query = request.uri.queryParameters
            let current = FrenchTime.calendar.component(.year, from: now)
            let yearText = query["annee"].map(String.init) ?? String(current)
            guard let year = NumberInput.integer(yearText, in: ObservatoryPeriod.years) else {
                throw AutourError.invalid("Choisissez une année entre 2000 et 2100.", fields: ["annee": "Année entre 2000 et 2100."])
            }
            let kindText = query["par"].map(String.init) ?? "trimestre"
            guard let kind = Self.kinds.first(where: { $0.value == kindText }) else {
                throw AutourError.invalid("Choisissez par mois, par trimestre ou sur l'année.", fields: ["par": "mois, trimestre ou annee."])
            }
            self.year = year
            self.kind = kind.kind
            kindValue = kind.value
        }

        /// The year a form posts back (a hidden field): one message if it was tampered with.
        static func year(_ form: FormData) throws -> Int {
            guard let year = NumberInput.integer(form.text("year"), in: ObservatoryPeriod.years) else {
                throw AutourError.invalid("Année inconnue : rechargez la page et recommencez.", fields: ["year": "Année entre 2000 et 2100."])
            }
            return year
        }

        var query: [(String, String)] { [("annee", String(year)), ("par", kindValue)] }

        func options(now: Date) -> (years: [Option], kinds: [Option]) {
            let current = FrenchTime.calendar.component(.year, from: now)
            let years = Set((current - 4...current).map { $0 } + [year]).sorted(by: >)
            return (
                years.map { Option(value: String($0), label: String($0), selected: $0 == year) },
                Self.kinds.map { Option(value: $0.value, label: $0.label, selected: $0.value == kindValue) }
            )
        }
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/observatoire") { request, context in try await dashboard(request, context) }
        web.get("/observatoire/methodes") { _, context in try methods(context) }
        web.get("/observatoire/indicateurs/{indicator}") { request, context in
            let (figures, span) = try await indicator(request, context)
            let rates = Self.rates(figures, context: try await service.context(year: span.year, actor: context.actor))
            return renderer.page(
                "observatory_indicator", title: figures.indicator.label, body: IndicatorBody(figures, span: span, rates: rates),
                path: Page.observatory.path, viewer: context)
        }
        web.get("/observatoire/export.ods") { request, context in
            try context.require(.viewObservatory)
            let span = try Span(request, now: clock.now())
            let figures = try await service.figures(year: span.year, by: span.kind, actor: context.actor)
            let territory = try await store.territories.find(id: context.actor.territoryId)?.name ?? ""
            return try ODSFile.response(
                ObservatoryExport.workbook(figures, year: span.year, territory: territory), filename: "observatoire-\(span.year).ods")
        }
        web.get("/observatoire/indicateurs/{indicator}/export.csv") { request, context in
            let (figures, span) = try await indicator(request, context)
            return CSVResponse.make(Self.csv(figures, year: span.year), filename: "observatoire-\(figures.indicator.id)-\(span.year).csv")
        }
    }

    private func indicator(_ request: Request, _ context: SignedInContext) async throws -> (IndicatorFigures, Span) {
        try context.require(.viewObservatory)
        guard let id = context.parameters.get("indicator"), Indicators.find(id) != nil else { throw AutourError.notFound }
        let span = try Span(request, now: clock.now())
        let all = try await service.figures(year: span.year, by: span.kind, actor: context.actor)
        guard let figures = all.first(where: { $0.indicator.id == id }) else { throw AutourError.notFound }
        return (figures, span)
    }

    // MARK: The dashboard

    struct Card { let id: String, label: String, definition: String, total: String, chart: String, href: String }
    struct Theme { let id: String, label: String, cards: [Card] }
    struct DashboardBody {
        let year: Int, periodLabel: String, years: [Option], kinds: [Option], themes: [Theme], odsHref: String, reportHref: String
        let pyramid: PyramidView, contextHref: String?, population: String?, map: CommuneMapView?
    }

    struct CommuneRow { let name: String, count: String, hidden: Bool }
    struct LegendEntry { let swatch: String, label: String }
    struct CommuneMapView { let svg: String, rows: [CommuneRow], legend: [LegendEntry] }

    /// For a CIAS (several communes), the people followed by commune on the communes' map: three
    /// classes told apart by shade and pattern, a hidden count hatched, and the table beside.
    func communeMap(_ actor: Actor, year: Int) async throws -> CommuneMapView? {
        guard let territory = try await store.territories.find(id: actor.territoryId), territory.communes.count > 1 else { return nil }
        let table = try await service.followedByCommune(year: year, actor: actor)
        let communes = try await store.basins.communes(codes: Set(territory.communes))
        let boundaries = try await store.basins.boundaries(codes: Set(territory.communes))
        let shown = table.cells.compactMap { $0[0] }.sorted()
        let low = shown.isEmpty ? 0 : shown[shown.count / 3], high = shown.isEmpty ? 0 : shown[shown.count * 2 / 3]
        let styles = [
            SVGMap.Style(fill: "#dbe9f6"), SVGMap.Style(fill: "#8fb8de", pattern: "dots"), SVGMap.Style(fill: "#1d4e89"),
            SVGMap.Style(fill: "#ffffff", pattern: "hatch"),
        ]
        func style(_ count: Int?) -> SVGMap.Style {
            guard let count else { return styles[3] }
            return count < low ? styles[0] : count < high ? styles[1] : styles[2]
        }
        let codes = Array(territory.communes)
        let svg = SVGMap(
            id: "carte-suivis", title: "Personnes suivies en \(year) par commune",
            description: "Chaque commune du territoire teinte selon le nombre de personnes suivies ; une commune hachurée a un nombre masqué. "
                + "Le tableau qui suit donne les mêmes chiffres.",
            areas: codes.enumerated().compactMap { index, code in
                boundaries[code].map { SVGMap.Area(name: communes[code]?.name ?? code, geometry: $0, style: style(table.cells[index][0])) }
            }
        ).render()
        let legend = [
            LegendEntry(swatch: SVGMap.swatch(styles[0]), label: "moins de \(low)"),
            LegendEntry(swatch: SVGMap.swatch(styles[1]), label: "de \(low) à \(max(low, high - 1))"),
            LegendEntry(swatch: SVGMap.swatch(styles[2]), label: "\(high) et plus"),
            LegendEntry(swatch: SVGMap.swatch(styles[3]), label: "masqué (moins de \(SmallCount.threshold) ou déductible)"),
        ]
        return CommuneMapView(
            svg: svg,
            rows: table.rows.enumerated().map { index, code in
                CommuneRow(name: communes[code]?.name ?? code, count: SuppressedTable.text(table.cells[index][0]), hidden: table.cells[index][0] == nil)
            }, legend: legend)
    }

    struct BandRow { let band: String, followed: String, followedHidden: Bool, followedShare: String, population: String, populationShare: String }
    struct PyramidView { let chart: String, rows: [BandRow], unknownAge: Int, hasPopulation: Bool }

    static func pyramid(_ pyramid: AgePyramid) -> PyramidView {
        let followed = pyramid.followed.cells.map { $0[0] }
        let left = AgePyramid.shares(followed, total: pyramid.followed.total)
        let populationTotal = pyramid.population.reduce(0, +)
        let right = AgePyramid.shares(pyramid.population, total: populationTotal)
        func percent(_ share: Double?) -> String { share.map { FrenchText.decimal($0, digits: 1) + " %" } ?? "—" }
        let bands = pyramid.followed.rows
        return PyramidView(
            chart: SVGChart.pyramid(
                id: "pyramide", title: "Âge des personnes suivies en \(pyramid.year), comparé à la population",
                description: "Part de chaque tranche d'âge parmi les personnes suivies (à gauche) et parmi les habitants (à droite) ; "
                    + "une tranche masquée est hachurée.",
                bands: bands, left: left, right: populationTotal > 0 ? right : bands.map { _ in nil }),
            rows: bands.indices.map { index in
                BandRow(
                    band: bands[index], followed: SuppressedTable.text(followed[index]), followedHidden: followed[index] == nil,
                    followedShare: percent(left[index]), population: populationTotal > 0 ? String(pyramid.population[index]) : "—",
                    populationShare: populationTotal > 0 ? percent(right[index]) : "—")
            }, unknownAge: pyramid.unknownAge, hasPopulation: populationTotal > 0)
    }

    func dashboard(_ request: Request, _ context: SignedInContext) async throws -> Response {
        try context.require(.viewObservatory)
        let span = try Span(request, now: clock.now())
        let figures = try await service.figures(year: span.year, by: span.kind, actor: context.actor)
        let options = span.options(now: clock.now())
        let pyramid = try await service.pyramid(year: span.year, actor: context.actor)
        let population = pyramid.population.reduce(0, +)
        let themes = IndicatorTheme.allCases.map { theme in
            Theme(
                id: "chapitre-\(theme.rawValue)", label: theme.label,
                cards: figures.filter { $0.indicator.theme == theme }.map { figures in
                    let indicator = figures.indicator
                    return Card(
                        id: indicator.id, label: indicator.label, definition: indicator.definition,
                        total: indicator.totalText(figures.byPlace.total),
                        chart: Self.series(figures).series(), href: Page.observatoryIndicator(indicator.id).url(query: span.query))
                })
        }
        let body = DashboardBody(
            year: span.year, periodLabel: Span.kinds.first { $0.value == span.kindValue }?.label.lowercased() ?? "", years: options.years,
            kinds: options.kinds, themes: themes, odsHref: Page.observatoryODS.url(query: span.query),
            reportHref: Page.observatoryReport.url(query: [("annee", String(span.year))]), pyramid: Self.pyramid(pyramid),
            contextHref: Permissions.can(context.actor, .editObservatory) ? Page.observatoryContext.url(query: [("annee", String(span.year))]) : nil,
            population: population > 0 ? String(population) : nil, map: try await communeMap(context.actor, year: span.year))
        return renderer.page("observatory", title: "Observatoire \(span.year)", body: body, path: Page.observatory.path, viewer: context)
    }

    /// The indicator's totals period by period, as a line.
    static func series(_ figures: IndicatorFigures) -> SVGChart {
        let indicator = figures.indicator
        return SVGChart(
            id: "courbe-\(indicator.id)", title: "\(indicator.label) : évolution",
            description: "\(indicator.label), période par période ; une valeur masquée (moins de \(SmallCount.threshold)) est hachurée.",
            items: zip(figures.periods, figures.byPlace.columnTotals).map {
                SVGChart.Item(label: $0.shortLabel, value: $1, text: indicator.text($1))
            })
    }

    // MARK: An indicator

    struct Cell { let text: String, hidden: Bool }
    struct Line { let label: String, cells: [Cell] }
    struct TableView { let id: String, caption: String, heading: String, columns: [String], lines: [Line], totals: Line }
    struct IndicatorBody {
        let label: String, definition: String, source: String, unit: String, people: Bool, year: Int, bars: String, series: String
        let tables: [TableView], csvHref: String, backHref: String, rates: [RateRow], hasRates: Bool
    }

    struct RateRow { let place: String, count: String, rate: String }

    /// The year's count per 1 000 inhabitants of each neighbourhood whose count is shown and whose
    /// population is known (counts only: hours and euros per inhabitant would mislead).
    static func rates(_ figures: IndicatorFigures, context: ContextFigures) -> [RateRow] {
        guard figures.indicator.unit == .count else { return [] }
        let table = figures.byPlace
        return table.rows.enumerated().compactMap { index, place in
            guard let count = table.rowTotals[index], let rate = context.ratePerThousand(count, place: place) else { return nil }
            return RateRow(place: place, count: String(count), rate: rate)
        } + (table.total.flatMap { total in context.ratePerThousand(total).map { [RateRow(place: "Territoire", count: String(total), rate: $0)] } } ?? [])
    }

    static func view(_ table: SuppressedTable, id: String, caption: String, heading: String, indicator: Indicator) -> TableView {
        func cell(_ value: Int?) -> Cell { Cell(text: indicator.text(value), hidden: value == nil) }
        return TableView(
            id: id, caption: caption, heading: heading, columns: table.columns + ["Total"],
            lines: table.rows.enumerated().map { index, row in Line(label: row, cells: (table.cells[index] + [table.rowTotals[index]]).map(cell)) },
            totals: Line(label: "Total", cells: (table.columnTotals + [table.total]).map(cell)))
    }

    static func tables(_ figures: IndicatorFigures, year: Int) -> [TableView] {
        let indicator = figures.indicator
        return [view(figures.byPlace, id: "quartiers", caption: "\(indicator.label) par quartier, \(year)", heading: "Quartier", indicator: indicator)]
            + figures.breakdowns.enumerated().map { index, breakdown in
                view(
                    breakdown.table, id: "detail-\(index)", caption: "\(indicator.label) par \(breakdown.name.lowercased()), \(year)",
                    heading: breakdown.name, indicator: indicator)
            }
    }
}

extension ObservatoryWeb.IndicatorBody {
    init(_ figures: IndicatorFigures, span: ObservatoryWeb.Span, rates: [ObservatoryWeb.RateRow]) {
        self.rates = rates
        hasRates = !rates.isEmpty
        let indicator = figures.indicator
        label = indicator.label
        definition = indicator.definition
        source = indicator.source
        unit = indicator.unitHeading.lowercased()
        people = indicator.countsPeople
        year = span.year
        bars = SVGChart(
            id: "barres-\(indicator.id)", title: "\(indicator.label) par quartier en \(span.year)",
            description: "Total de l'année par quartier ; une valeur masquée (moins de \(SmallCount.threshold)) est hachurée.",
            items: zip(figures.byPlace.rows, figures.byPlace.rowTotals).map {
                SVGChart.Item(label: $0, value: $1, text: indicator.text($1))
            }
        ).bars()
        series = ObservatoryWeb.series(figures).series()
        tables = ObservatoryWeb.tables(figures, year: span.year)
        csvHref = Page.observatoryCSV(indicator.id).url(query: span.query)
        backHref = Page.observatory.url(query: span.query)
    }
}

// MARK: Methods and CSV

extension ObservatoryWeb {
    struct MethodEntry { let label: String, definition: String, source: String, unit: String, breakdowns: String, people: Bool }
    struct MethodTheme { let id: String, label: String, entries: [MethodEntry] }
    struct MethodsBody { let threshold: Int, themes: [MethodTheme] }

    static func methodThemes() -> [MethodTheme] {
        IndicatorTheme.allCases.map { theme in
            MethodTheme(
                id: "methodes-\(theme.rawValue)", label: theme.label,
                entries: Indicators.all.filter { $0.theme == theme }.map {
                    MethodEntry(
                        label: $0.label, definition: $0.definition, source: $0.source, unit: $0.unitHeading,
                        breakdowns: (["Quartier"] + $0.breakdowns).joined(separator: ", "), people: $0.countsPeople)
                })
        }
    }

    func methods(_ context: SignedInContext) throws -> Response {
        try context.require(.viewObservatory)
        let themes = Self.methodThemes()
        return renderer.page(
            "observatory_methods", title: "Méthodes de l'Observatoire", body: MethodsBody(threshold: SmallCount.threshold, themes: themes),
            path: Page.observatory.path, viewer: context)
    }

    /// Every table of the indicator, one after the other, as the page shows them.
    static func csv(_ figures: IndicatorFigures, year: Int) -> String {
        CSVExport.text(ObservatoryExport.sheet(figures, year: year).rows.map { $0.map(\.csv) })
    }
}
