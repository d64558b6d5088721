import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The life basins' pages: the anonymous questionnaire (public), the agent's entry, and the maps of
/// the action territory for the coordinator and the elected members.
struct BasinsWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    /// Answers to the questionnaire per client address and hour.
    let limiter: AddressLimiter
    let trustedProxies: Set<String>
    var service: BasinsService { store.basinsService }

    /// How many boxes the forms give for a purpose besides « dans ma commune ».
    static let otherBoxes = 2

    // MARK: View models

    struct Box { let name: String; let label: String; let value: String }
    struct Question {
        let key: String, question: String, label: String, isHome: Bool
        let here: Bool, boxes: [Box], error: String?
    }
    struct FormBody {
        let action: String, territoryName: String, questions: [Question], communes: [String]
        let summary: String?, thanks: Bool, staff: Bool, personId: String, agreed: Bool
    }
    struct Legend { let swatch: String; let label: String }
    struct CommuneRow { let name: String; let code: String; let territory: String; let inEPCI: String; let basins: String; let outside: String; let own: Bool }
    struct FlowRow { let from: String; let to: String; let basins: String }
    struct ServiceRow { let commune: String; let services: String }
    struct MapBody {
        let answers: String, enough: Bool, resolutions: [Option], territoryMap: String, legend: [Legend]
        let summary: String, epci: String, added: String, leftOut: String, rows: [CommuneRow]
        let flowMap: String, flows: [FlowRow], servicesMap: String, services: [ServiceRow]
        let questionnaire: String, canRecord: Bool, canImport: Bool, notice: String?, importError: String?, csv: String
    }

    static let resolutions: [(String, Double, String)] = [
        ("large", 0.5, "Larges (résolution 0,5)"), ("normal", 1, "Habituels (résolution 1)"), ("fin", 2, "Fins (résolution 2)"),
    ]

    // MARK: Routes

    func addPublicRoutes(to router: Router<AppContext>) {
        router.get("/bassin-de-vie/{slug}") { request, context in
            let territory = try await context.territory(from: store)
            return try await form(
                territory, path: Page.questionnaire(slug: territory.slug).path, viewer: context, values: [:], error: nil,
                thanks: request.uri.queryParameters["ok"] != nil, staff: false)
        }
        router.post("/bassin-de-vie/{slug}") { request, context in
            let territory = try await context.territory(from: store)
            let form = try await FormData.read(request, context: context)
            // Every stored answer counts for the hour; a refused one does not.
            return try await limiter.admit(request, context, trusted: trustedProxies, now: clock.now()) {
                var stored = false
                let response = try await FormData.submit {
                    try await service.answerQuestionnaire(Self.typed(form), territory: territory)
                    stored = true
                    return Response.redirect(to: .questionnaire(slug: territory.slug), ok: "1")
                } reshow: { error in
                    try await self.form(
                        territory, path: Page.questionnaire(slug: territory.slug).path, viewer: context, values: form.values, error: error,
                        thanks: false, staff: false)
                }
                return (response, stored)
            }
        }
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/bassins") { request, context in
            try await mapPage(request, context, notice: nil, importError: nil, csv: "")
        }
        web.get("/bassins/saisir") { request, context in
            try context.require(.recordBasins)
            return try await form(
                context.territory, path: Page.recordBasin.path, viewer: context,
                values: ["person": request.uri.queryParameters["personne"].map(String.init) ?? ""],
                error: nil, thanks: request.uri.queryParameters["ok"] != nil, staff: true)
        }
        web.post("/bassins/saisir") { request, context in
            try context.require(.recordBasins)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let personId = UUID(uuidString: form.text("person"))
                try await service.record(
                    Self.typed(form), personId: personId, personAgreed: form["agreed"] != nil, territory: context.territory, actor: context.actor)
                return Response.redirect(to: .recordBasin, ok: "1")
            } reshow: { error in
                try await self.form(
                    context.territory, path: Page.recordBasin.path, viewer: context, values: form.values, error: error, thanks: false, staff: true)
            }
        }
        web.post("/bassins/import") { request, context in
            try context.require(.importBasins)
            let form = try await FormData.read(request, context: context)
            do {
                let count = try await service.importCSV(form.text("csv"), territory: context.territory, actor: context.actor)
                return Response.seeOther(Page.basins.url(query: [("importees", String(count))], anchor: "import"))
            } catch let error as AutourError {
                guard case .invalid = error else { throw error }
                return try await mapPage(request, context, notice: nil, importError: error.message, csv: form.text("csv"), status: .unprocessableContent)
            }
        }
    }

    /// What was typed, by purpose: `home`, and for the others `<purpose>_here` (the home commune)
    /// and `<purpose>_1`, `<purpose>_2`.
    static func typed(_ form: FormData) -> [BasinPurpose: [String]] {
        var typed: [BasinPurpose: [String]] = [:]
        let home = form.text("home")
        typed[.home] = [home]
        for purpose in BasinPurpose.allCases where purpose != .home {
            var texts = form["\(purpose.rawValue)_here"] != nil && !home.isEmpty ? [home] : []
            for box in 1...otherBoxes { texts.append(form.text("\(purpose.rawValue)_\(box)")) }
            typed[purpose] = texts.filter { !$0.isEmpty }
        }
        return typed
    }

    private func form(
        _ territory: Territory, path: String, viewer: some PageViewer, values: [String: String], error: AutourError?, thanks: Bool, staff: Bool
    ) async throws -> Response {
        let own = try await store.basins.communes(codes: territory.communes).values.sorted { $0.code < $1.code }
        let communes = try await store.basins.communes(near: Array(own), radiusKm: 40).map(\.pickerLabel)
        let errors = error?.fields ?? [:]
        let questions = BasinPurpose.allCases.map { purpose in
            Question(
                key: purpose.rawValue, question: purpose.question, label: purpose.label, isHome: purpose == .home,
                here: values["\(purpose.rawValue)_here"] != nil,
                boxes: purpose == .home
                    ? [Box(name: "home", label: "Commune", value: values["home"] ?? "")]
                    : (1...Self.otherBoxes).map { box in
                        Box(
                            name: "\(purpose.rawValue)_\(box)", label: box == 1 ? "Autre commune" : "Encore une autre commune",
                            value: values["\(purpose.rawValue)_\(box)"] ?? "")
                    },
                error: errors[purpose.rawValue])
        }
        let body = FormBody(
            action: path, territoryName: territory.name, questions: questions, communes: communes, summary: error?.message, thanks: thanks,
            staff: staff, personId: values["person"] ?? "", agreed: values["agreed"] != nil)
        return renderer.page(
            "basins_form", title: staff ? "Recueillir un bassin de vie" : "Votre bassin de vie", body: body, path: path, viewer: viewer,
            status: error == nil ? .ok : .unprocessableContent)
    }

    // MARK: Maps

    static let bothStyle = SVGMap.Style(fill: "#1d4e89")
    static let addedStyle = SVGMap.Style(fill: "#f4a259", pattern: "hatch")
    static let leftOutStyle = SVGMap.Style(fill: "#ffffff", pattern: "dots")
    static let otherStyles = ["#dbe9d5", "#e3d9ef", "#f3e0c7", "#d5e5ee", "#f0d5dc", "#e9ecd0"].map { SVGMap.Style(fill: $0) }
    static let baseStyle = SVGMap.Style(fill: "#eeeeee")
    static let ownStyle = SVGMap.Style(fill: "#9fbfdf")

    private func mapPage(
        _ request: Request, _ context: SignedInContext, notice: String?, importError: String?, csv: String, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        try context.require(.viewBasins)
        let chosen = request.uri.queryParameters["territoires"].map(String.init) ?? "normal"
        let resolution = Self.resolutions.first { $0.0 == chosen }?.1 ?? 1
        let report = try await service.report(territory: context.territory, resolution: resolution, actor: context.actor)
        let computed = report.territory
        let name = { (code: String) in report.communes[code]?.name ?? code }
        let homeCommunes = computed.homeCommunes
        let ownSet = Set(report.own)
        func territoryLabel(_ index: Int?) -> String {
            guard let index else { return "—" }
            return computed.home.contains(index) ? "Territoire d'action" : "Territoire \(index + 1)"
        }
        func style(_ code: String) -> SVGMap.Style {
            let inEPCI = report.epciMembers.contains(code)
            if homeCommunes.contains(code) { return inEPCI ? Self.bothStyle : Self.addedStyle }
            if inEPCI { return Self.leftOutStyle }
            if let index = computed.figures[code]?.territory { return Self.otherStyles[index % Self.otherStyles.count] }
            return Self.baseStyle
        }
        let drawn = report.boundaries.keys.sorted()
        let enough = !computed.territories.isEmpty
        let territoryMap = SVGMap(
            id: "carte-territoire", title: "Territoire d'action calculé et EPCI",
            description: "Communes du territoire d'action calculé à partir de \(computed.answers) bassins de vie, comparées à l'EPCI ; "
                + "le tableau qui suit donne les mêmes informations.",
            areas: drawn.map { code in
                SVGMap.Area(name: name(code), geometry: report.boundaries[code]!, style: style(code), outlined: ownSet.contains(code))
            }
        ).render()
        let legend = [
            Legend(swatch: SVGMap.swatch(Self.bothStyle), label: "Territoire d'action, dans l'EPCI"),
            Legend(swatch: SVGMap.swatch(Self.addedStyle), label: "Territoire d'action, hors de l'EPCI (ajoutée)"),
            Legend(swatch: SVGMap.swatch(Self.leftOutStyle), label: "EPCI, hors du territoire d'action (laissée de côté)"),
            Legend(swatch: SVGMap.swatch(Self.otherStyles[0]), label: "Autres territoires vécus (une teinte chacun)"),
            Legend(swatch: SVGMap.swatch(Self.baseStyle), label: "Trop peu de réponses (moins de 5)"),
        ]
        // The communes the comparison is about: the action territory's, the EPCI's, the CCAS's.
        let rows = homeCommunes.union(report.epciMembers).union(ownSet).sorted { name($0) < name($1) }.map { code in
            let figures = computed.figures[code]
            return CommuneRow(
                name: name(code), code: code, territory: territoryLabel(figures?.territory), inEPCI: report.epciMembers.contains(code) ? "oui" : "non",
                basins: SmallCount.text(figures?.basins ?? 0),
                outside: figures?.goingOutsidePercent.map { FrenchText.decimal($0, digits: 0) + " %" } ?? "—", own: ownSet.contains(code))
        }
        let points = report.communes
        let flowMap = SVGMap(
            id: "carte-flux", title: "Où vont les habitants des communes du CCAS",
            description: "Traits du domicile vers les communes fréquentées, d'autant plus épais que les bassins sont nombreux (5 au moins) ; "
                + "le tableau qui suit donne les nombres.",
            areas: drawn.map {
                SVGMap.Area(
                    name: name($0), geometry: report.boundaries[$0]!, style: ownSet.contains($0) ? Self.ownStyle : Self.baseStyle, outlined: ownSet.contains($0)
                )
            },
            lines: computed.flows.compactMap { flow in
                guard let from = points[flow.from], let to = points[flow.to] else { return nil }
                let widest = Double(computed.flows.first?.basins ?? 1)
                return SVGMap.Line(from: (from.lon, from.lat), to: (to.lon, to.lat), width: 1.5 + 8 * Double(flow.basins) / widest)
            }
        ).render()
        let serviceCodes = report.services.keys.sorted { name($0) < name($1) }
        let servicesMap = SVGMap(
            id: "carte-services", title: "Où sont les services de l'annuaire",
            description:
                "Un cercle par commune où l'annuaire du territoire recense des services, d'autant plus grand qu'ils sont nombreux ; le tableau qui suit donne les nombres.",
            areas: drawn.map {
                SVGMap.Area(name: name($0), geometry: report.boundaries[$0]!, style: homeCommunes.contains($0) ? Self.ownStyle : Self.baseStyle)
            },
            markers: serviceCodes.compactMap { code in
                guard let at = points[code], let count = report.services[code] else { return nil }
                return SVGMap.Marker(
                    at: (at.lon, at.lat), radius: 4 + 2 * Double(count).squareRoot(), label: "\(name(code)) : \(FrenchText.count(count, "service", "services"))"
                )
            }
        ).render()
        let homeSize = homeCommunes.count
        let summary =
            enough
            ? "Le territoire d'action compte \(FrenchText.count(homeSize, "commune", "communes")) ; \(computed.territories.count) territoires vécus en tout (modularité \(FrenchText.decimal(computed.modularity, digits: 2)))."
            : "Pas encore assez de réponses : une commune n'apparaît qu'à partir de 5 bassins qui la citent."
        let body = MapBody(
            answers: FrenchText.count(computed.answers, "bassin de vie recueilli", "bassins de vie recueillis"), enough: enough,
            resolutions: Self.resolutions.map { Option(value: $0.0, label: $0.2, selected: $0.0 == chosen) },
            territoryMap: territoryMap, legend: legend, summary: summary,
            epci: report.epciNames.isEmpty ? "aucun EPCI connu (importez les communes)" : report.epciNames.joined(separator: ", "),
            added: computed.addedToEPCI.map(name).joined(separator: ", "), leftOut: computed.leftOutOfEPCI.map(name).joined(separator: ", "),
            rows: rows, flowMap: flowMap,
            flows: computed.flows.map { FlowRow(from: name($0.from), to: name($0.to), basins: SmallCount.text($0.basins)) },
            servicesMap: servicesMap,
            services: serviceCodes.map { ServiceRow(commune: name($0), services: String(report.services[$0] ?? 0)) },
            questionnaire: Page.questionnaire(slug: context.territory.slug).path, canRecord: Permissions.can(context.actor, .recordBasins),
            canImport: Permissions.can(context.actor, .importBasins),
            notice: notice ?? request.uri.queryParameters["importees"].map { "Import réussi : \($0) bassins de vie ajoutés." },
            importError: importError, csv: csv)
        return renderer.page("basins", title: "Bassins de vie et territoire d'action", body: body, path: Page.basins.path, viewer: context, status: status)
    }
}
