import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The Fabrique's pages: the French search with its filters, a sheet, its form, the review, the
/// sheets in progress, the JSON exchange and the seven figures of the manual.
struct FabriqueWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    var service: FabriqueService { store.fabriqueService }

    struct Hit { let href: String, title: [Excerpt.Piece], from: String?, theme: String, figures: String, size: String, excerpt: [Excerpt.Piece] }
    struct SearchBody {
        let q: String, figures: [Option], themes: [Option], sizes: [Option], searched: Bool, hits: [Hit], anyTerm: Bool, count: Int
        let recent: [Hit], notice: String?, nextHref: String?, previousHref: String?, page: Int, canWrite: Bool, canPlan: Bool
        let newHref: String, pendingHref: String, exportHref: String, importHref: String, figuresHref: String, strategyHref: String
        let emptyQuery: Bool
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/fabrique") { request, context in try await search(request, context) }
        web.get("/fabrique/figures") { _, context in
            try context.require(.readSheets)
            struct Body { let figures: [FigureView], back: String, strategyHref: String? }
            let body = Body(
                figures: ManualFigure.allCases.map(FigureView.init), back: Page.fabrique.path,
                strategyHref: Permissions.can(context.actor, .buildStrategy) ? Page.strategy.path : nil)
            return renderer.page("fabrique_figures", title: "Les sept figures du manuel", body: body, path: Page.fabrique.path, viewer: context)
        }
        web.get("/fabrique/fiches/nouvelle") { _, context in
            try context.require(.writeSheets)
            return form(context, values: ["communeSize": CommuneSize.town.rawValue], error: nil, editing: nil)
        }
        web.post("/fabrique/fiches/nouvelle") { request, context in
            try context.require(.writeSheets)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let id = try await service.create(try Self.content(form), actor: context.actor)
                return Response.redirect(to: .sheet(id), ok: "enregistree")
            } reshow: { error in
                self.form(context, values: form.values, error: error, editing: nil)
            }
        }
        web.get("/fabrique/fiches/:id") { request, context in
            try await sheetPage(context, id: try context.pathID(), notice: request.uri.queryParameters["ok"].map(String.init))
        }
        web.get("/fabrique/fiches/:id/modifier") { _, context in
            let sheet = try await service.sheet(id: try context.pathID(), actor: context.actor)
            try context.require(sheet.status == .published ? .reviewSheets : .writeSheets)
            return form(context, values: Self.values(sheet.content), error: nil, editing: sheet)
        }
        web.post("/fabrique/fiches/:id/modifier") { request, context in
            let sheet = try await service.sheet(id: try context.pathID(), actor: context.actor)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                try await service.update(id: sheet.id, try Self.content(form), actor: context.actor)
                return Response.redirect(to: .sheet(sheet.id), ok: "enregistree")
            } reshow: { error in
                self.form(context, values: form.values, error: error, editing: sheet)
            }
        }
        web.post("/fabrique/fiches/:id/relecture") { _, context in
            let id = try context.pathID()
            return try await FormData.submit {
                try await service.submit(id: id, actor: context.actor)
                return Response.redirect(to: .sheet(id), ok: "relecture")
            } reshow: { error in
                try await sheetPage(context, id: id, error: error)
            }
        }
        web.post("/fabrique/fiches/:id/publier") { request, context in
            let id = try context.pathID()
            let form = try await FormData.read(request, context: context)
            try await service.publish(id: id, shared: form["shared"] != nil, actor: context.actor)
            return Response.redirect(to: .sheet(id), ok: "publiee")
        }
        web.post("/fabrique/fiches/:id/renvoyer") { request, context in
            let id = try context.pathID()
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                try await service.sendBack(id: id, note: form.text("note"), actor: context.actor)
                return Response.redirect(to: .sheet(id), ok: "renvoyee")
            } reshow: { error in
                try await sheetPage(context, id: id, error: error, note: form.text("note"))
            }
        }
        web.get("/fabrique/en-cours") { request, context in
            let sheets = try await service.unpublished(actor: context.actor)
            struct Row { let href: String, title: String, status: String, note: String, updated: String }
            let rows = sheets.map {
                Row(
                    href: Page.sheet($0.id).path, title: $0.content.title, status: $0.status.label, note: $0.reviewNote,
                    updated: FrenchFormat.date($0.updatedAt))
            }
            struct Body { let rows: [Row], empty: Bool, notice: String?, back: String }
            let notice = Self.importNotice(request, published: false)
            return renderer.page(
                "fabrique_pending", title: "Fiches en cours", body: Body(rows: rows, empty: rows.isEmpty, notice: notice, back: Page.fabrique.path),
                path: Page.fabrique.path, viewer: context)
        }
        web.get("/fabrique/export.json") { _, context in
            let file = try await service.export(actor: context.actor)
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"fabrique.json\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try file.encoded())))
        }
        web.get("/fabrique/import") { _, context in
            try context.require(.writeSheets)
            return importPage(context)
        }
        web.post("/fabrique/import") { request, context in
            try context.require(.writeSheets)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let file = try SheetExchange.decoded(Data(form.text("file").utf8))
                let count = try await service.importSheets(file, publish: form["publish"] != nil, actor: context.actor)
                return Response.redirect(to: form["publish"] != nil ? .fabrique : .pendingSheets, ok: "importees-\(count)")
            } reshow: { error in
                importPage(context, text: form.values["file"] ?? "", error: error)
            }
        }
    }

    // MARK: Search

    /// « Fiches importées … : 12. » after an import, which lands on the search (published at once)
    /// or on the sheets in progress (as drafts).
    static func importNotice(_ request: Request, published: Bool) -> String? {
        let ok = String(request.uri.queryParameters["ok"] ?? "")
        guard ok.hasPrefix("importees-") else { return nil }
        return "Fiches importées \(published ? "et publiées" : "comme brouillons, à relire") : \(ok.dropFirst("importees-".count))."
    }

    static func options<T: RawRepresentable<String>>(_ all: [T], label: (T) -> String, selected: String, none: String) -> [Option] {
        [Option(value: "", label: none, selected: selected.isEmpty)]
            + all.map { Option(value: $0.rawValue, label: label($0), selected: $0.rawValue == selected) }
    }

    func hit(_ sheet: ExperienceSheet, context: SignedInContext, terms: Set<String>, excerpt: Excerpt?) -> Hit {
        Hit(
            href: Page.sheet(sheet.id).path, title: Excerpt.marked(sheet.content.title, terms: terms).pieces,
            from: sheet.territoryId == context.actor.territoryId ? nil : sheet.territoryName, theme: sheet.content.theme.label,
            figures: sheet.content.figures.map(\.label).joined(separator: ", "), size: sheet.content.communeSize.label,
            excerpt: (excerpt ?? Excerpt(pieces: [Excerpt.Piece(text: String(sheet.content.context.prefix(200)), marked: false)])).pieces)
    }

    func search(_ request: Request, _ context: SignedInContext) async throws -> Response {
        try context.require(.readSheets)
        let query = request.uri.queryParameters
        let q = String(query["q"] ?? "")
        let figure = String(query["figure"] ?? ""), theme = String(query["theme"] ?? ""), size = String(query["taille"] ?? "")
        let filters = SheetFilters(figure: ManualFigure(rawValue: figure), theme: SheetTheme(rawValue: theme), communeSize: CommuneSize(rawValue: size))
        let page = NumberInput.integer(String(query["page"] ?? "1"), in: FabriqueService.pages) ?? 1
        let searched = !q.trimmingCharacters(in: .whitespaces).isEmpty
        var hits: [Hit] = []
        var recent: [Hit] = []
        var results: FabriqueService.Results?
        if searched {
            let found = try await service.search(q, filters: filters, page: page, actor: context.actor)
            let terms = Set(found.query.terms)
            hits = found.hits.map { hit($0.sheet, context: context, terms: terms, excerpt: $0.excerpt) }
            results = found
        } else {
            recent = try await service.recent(actor: context.actor).map { hit($0, context: context, terms: [], excerpt: nil) }
        }
        func link(_ page: Int) -> String {
            Page.fabrique.url(query: [("q", q), ("figure", figure), ("theme", theme), ("taille", size), ("page", String(page))])
        }
        let notice = Self.importNotice(request, published: true)
        let body = SearchBody(
            q: q, figures: Self.options(ManualFigure.allCases, label: \.label, selected: figure, none: "Toutes les figures"),
            themes: Self.options(SheetTheme.allCases, label: \.label, selected: theme, none: "Tous les thèmes"),
            sizes: Self.options(CommuneSize.allCases, label: \.label, selected: size, none: "Toutes les tailles"), searched: searched, hits: hits,
            anyTerm: results?.anyTerm ?? false, count: try await service.publishedCount(actor: context.actor), recent: recent, notice: notice,
            nextHref: results?.hasMore == true ? link(page + 1) : nil, previousHref: searched && page > 1 ? link(page - 1) : nil, page: page,
            canWrite: Permissions.can(context.actor, .writeSheets), canPlan: Permissions.can(context.actor, .buildStrategy),
            newHref: Page.newSheet.path, pendingHref: Page.pendingSheets.path, exportHref: Page.sheetsExport.path, importHref: Page.sheetsImport.path,
            figuresHref: Page.fabriqueFigures.path, strategyHref: Page.strategy.path, emptyQuery: searched && results?.query.isEmpty == true)
        return renderer.page("fabrique", title: searched ? "Fabrique : « \(q) »" : "Fabrique", body: body, path: Page.fabrique.path, viewer: context)
    }

    // MARK: A sheet

    struct Part { let heading: String, text: String }
    struct SheetBody {
        let title: String, status: String, from: String?, theme: String, size: String, figures: [String], parts: [Part], cost: String?
        let hasFigures: Bool
        let contact: String, reviewNote: String, published: String?, shared: Bool, notice: String?, summary: String?, note: String
        let editHref: String?, submitAction: String?, publishAction: String?, sendBackAction: String?, back: String
    }

    func sheetPage(_ context: SignedInContext, id: UUID, error: AutourError? = nil, note: String = "", notice ok: String? = nil) async throws
        -> Response
    {
        let sheet = try await service.sheet(id: id, actor: context.actor)
        let ours = sheet.territoryId == context.actor.territoryId
        let c = sheet.content
        let canWrite = ours && Permissions.can(context.actor, .writeSheets)
        let canReview = ours && Permissions.can(context.actor, .reviewSheets)
        let path = Page.sheet(id).path
        let body = SheetBody(
            title: c.title, status: sheet.status.label, from: ours ? nil : sheet.territoryName, theme: c.theme.label, size: c.communeSize.label,
            figures: c.figures.map(\.label),
            parts: [
                Part(heading: "Contexte", text: c.context), Part(heading: "Objectifs", text: c.goals), Part(heading: "Actions menées", text: c.actions),
                Part(heading: "Moyens", text: c.means), Part(heading: "Partenaires", text: c.partners),
                Part(heading: "Résultats et chiffres", text: c.results), Part(heading: "Enseignements", text: c.lessons),
            ].filter { !$0.text.isEmpty },
            cost: c.costEuros.map { FrenchMoney.text(cents: $0 * 100, wholeEuros: true) }, hasFigures: !c.figures.isEmpty, contact: c.contact,
            reviewNote: sheet.reviewNote,
            published: sheet.publishedAt.map(FrenchFormat.date), shared: sheet.shared,
            notice: Self.notices[ok ?? ""], summary: error?.summary, note: note,
            editHref: (sheet.status == .published ? canReview : canWrite) ? Page.editSheet(id).path : nil,
            submitAction: canWrite && sheet.status == .draft ? path + "/relecture" : nil,
            publishAction: canReview && sheet.status == .review ? path + "/publier" : nil,
            sendBackAction: canReview && sheet.status != .draft ? path + "/renvoyer" : nil, back: Page.fabrique.path)
        return renderer.page(
            "fabrique_sheet", title: c.title, body: body, path: Page.fabrique.path, viewer: context, status: error == nil ? .ok : .unprocessableContent)
    }

    static let notices = [
        "enregistree": "Fiche enregistrée.", "relecture": "Fiche envoyée en relecture à la coordination.", "publiee": "Fiche publiée.",
        "renvoyee": "Fiche renvoyée à ses auteurs avec votre note.",
    ]

    // MARK: The form

    static let fields = ["title", "context", "goals", "actions", "means", "cost", "partners", "results", "lessons", "theme", "communeSize", "contact"]

    static func content(_ form: FormData) throws(AutourError) -> SheetContent {
        try SheetRules.validated(
            title: form.text("title"), context: form.text("context"), goals: form.text("goals"), actions: form.text("actions"), means: form.text("means"),
            cost: form.text("cost"), partners: form.text("partners"), results: form.text("results"), lessons: form.text("lessons"),
            figures: ManualFigure.allCases.map(\.rawValue).filter { form["figure-\($0)"] != nil }, theme: form.text("theme"),
            communeSize: form.text("communeSize"), contact: form.text("contact"))
    }

    static func values(_ c: SheetContent) -> [String: String] {
        var values = [
            "title": c.title, "context": c.context, "goals": c.goals, "actions": c.actions, "means": c.means, "cost": c.costEuros.map(String.init) ?? "",
            "partners": c.partners, "results": c.results, "lessons": c.lessons, "theme": c.theme.rawValue, "communeSize": c.communeSize.rawValue,
            "contact": c.contact,
        ]
        for figure in c.figures { values["figure-\(figure.rawValue)"] = "1" }
        return values
    }

    struct Field { let id: String, label: String, hint: String, value: String, error: String?, long: Bool }
    struct Check { let name: String, label: String, checked: Bool }
    struct FormBody {
        let heading: String, action: String, back: String, summary: String?, fields: [Field], figures: [Check], figuresError: String?
        let themes: [Option], sizes: [Option], themeError: String?, sizeError: String?, reviewNote: String
    }

    func form(_ context: SignedInContext, values: [String: String], error: AutourError?, editing: ExperienceSheet?) -> Response {
        let errors = error?.fields ?? [:]
        func field(_ id: String, _ label: String, _ hint: String = "", long: Bool = true) -> Field {
            Field(id: id, label: label, hint: hint, value: values[id] ?? "", error: errors[id], long: long)
        }
        let body = FormBody(
            heading: editing == nil ? "Écrire une fiche d'expérience" : "Modifier la fiche",
            action: editing.map { Page.editSheet($0.id).path } ?? Page.newSheet.path,
            back: editing.map { Page.sheet($0.id).path } ?? Page.fabrique.path, summary: error?.summary,
            fields: [
                field("title", "Titre", "Ce qui a été fait, et où", long: false),
                field("context", "Contexte", "La situation de départ : qui, quels besoins, pourquoi agir"),
                field("goals", "Objectifs"), field("actions", "Actions menées", "Ce qui a été fait, dans l'ordre"),
                field("means", "Moyens", "Personnes, lieux, matériel"), field("cost", "Coût total en euros", "Facultatif, sans centimes", long: false),
                field("partners", "Partenaires"), field("results", "Résultats", "Avec les chiffres qui les montrent"),
                field("lessons", "Enseignements", "Ce que vous referiez, ce que vous changeriez"),
                field("contact", "Contact", "Un service ou une fonction, pas une personne privée", long: false),
            ],
            figures: ManualFigure.allCases.map { Check(name: "figure-\($0.rawValue)", label: $0.label, checked: values["figure-\($0.rawValue)"] != nil) },
            figuresError: errors["figures"],
            themes: Self.options(SheetTheme.allCases, label: \.label, selected: values["theme"] ?? "", none: "—"),
            sizes: CommuneSize.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: values["communeSize"] == $0.rawValue) },
            themeError: errors["theme"], sizeError: errors["communeSize"], reviewNote: editing?.reviewNote ?? "")
        return renderer.page(
            "fabrique_form", title: body.heading, body: body, path: Page.fabrique.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    struct ImportBody { let text: String, summary: String?, canPublish: Bool, back: String }

    func importPage(_ context: SignedInContext, text: String = "", error: AutourError? = nil) -> Response {
        renderer.page(
            "fabrique_import", title: "Importer des fiches",
            body: ImportBody(text: text, summary: error?.summary, canPublish: Permissions.can(context.actor, .reviewSheets), back: Page.fabrique.path),
            path: Page.fabrique.path, viewer: context, status: error == nil ? .ok : .unprocessableContent)
    }
}

/// A figure of the manual as its pages show it.
struct FigureView {
    let key: String, label: String, summary: String, vigilance: [String]
    init(_ figure: ManualFigure) { (key, label, summary, vigilance) = (figure.rawValue, figure.label, figure.summary, figure.vigilance) }
}
