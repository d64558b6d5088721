import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The yearly report of the social needs analysis: a printable French document (cover, the
/// coordinator's summary, a chapter per theme with its charts, tables and comment, the methods
/// annex), as an HTML page and as a PDF printed by headless Chromium; and the coordinator's form
/// for the comments.
struct ReportWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    let printer: PDFPrinter
    var service: ObservatoryService { store.observatoryService }

    struct Figure { let id: String, label: String, definition: String, total: String, chart: String, table: ObservatoryWeb.TableView }
    struct Chapter { let id: String, number: Int, label: String, comment: [String], figures: [Figure] }
    struct ReportBody {
        let stylesheet: String, territory: String, year: Int, printedOn: String, summary: [String], chapters: [Chapter]
        let methods: [ObservatoryWeb.MethodTheme], threshold: Int, screen: Bool, backHref: String, pdfHref: String, editHref: String?
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/observatoire/rapport") { request, context in
            let html = try await report(request, context, stylesheet: "/public/autour.css", screen: true)
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
        }
        web.get("/observatoire/rapport.pdf") { request, context in
            // Chromium reads the page from a file: the stylesheet is the one the server ships.
            let css = Bundle.module.bundleURL.appendingPathComponent("Resources/public/autour.css").absoluteString
            let year = try ObservatoryWeb.Span(request, now: clock.now()).year
            let pdf = try await printer.pdf(html: try await report(request, context, stylesheet: css, screen: false))
            return Response(
                status: .ok, headers: [.contentType: "application/pdf", .contentDisposition: CSVResponse.disposition("rapport-abs-\(year).pdf")],
                body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
        }
        web.get("/observatoire/rapport/commentaires") { request, context in
            let year = try ObservatoryWeb.Span(request, now: clock.now()).year
            return try await commentsPage(context, year: year)
        }
        web.post("/observatoire/rapport/commentaires") { request, context in
            let form = try await FormData.read(request, context: context)
            let year = try ObservatoryWeb.Span.year(form)
            return try await FormData.submit {
                let comments = try ReportComments.validated(
                    summary: form.text("summary"),
                    chapters: Dictionary(uniqueKeysWithValues: IndicatorTheme.allCases.map { ($0, form.text("chapter-\($0.rawValue)")) }))
                try await service.saveComments(comments, year: year, actor: context.actor)
                return Response.redirect(to: .observatoryReport, ok: "commentaires", query: [("annee", String(year))])
            } reshow: { error in
                try await commentsPage(context, year: year, form: form, error: error)
            }
        }
    }

    func report(_ request: Request, _ context: SignedInContext, stylesheet: String, screen: Bool) async throws -> String {
        try context.require(.viewObservatory)
        let year = try ObservatoryWeb.Span(request, now: clock.now()).year
        let actor = context.actor
        // A report reads by quarter: months are too fine for most neighbourhoods once suppressed.
        let figures = try await service.figures(year: year, by: .quarter(year: year, quarter: 1), actor: actor)
        let comments = try await service.comments(year: year, actor: actor)
        let territory = try await store.territories.find(id: actor.territoryId)?.name ?? ""
        let chapters = IndicatorTheme.allCases.enumerated().map { index, theme in
            Chapter(
                id: "chapitre-\(theme.rawValue)", number: index + 1, label: theme.label, comment: ReportComments.paragraphs(comments.chapter(theme)),
                figures: figures.filter { $0.indicator.theme == theme }.map { figures in
                    let indicator = figures.indicator
                    return Figure(
                        id: indicator.id, label: indicator.label, definition: indicator.definition,
                        total: indicator.totalText(figures.byPlace.total),
                        chart: ObservatoryWeb.series(figures).series(),
                        table: ObservatoryWeb.view(
                            figures.byPlace, id: "tableau-\(indicator.id)", caption: "\(indicator.label) par quartier et par trimestre, \(year)",
                            heading: "Quartier", indicator: indicator))
                })
        }
        let body = ReportBody(
            stylesheet: stylesheet, territory: territory, year: year, printedOn: FrenchFormat.date(clock.now()),
            summary: ReportComments.paragraphs(comments.summary), chapters: chapters, methods: ObservatoryWeb.methodThemes(),
            threshold: SmallCount.threshold, screen: screen, backHref: Page.observatory.url(query: [("annee", String(year))]),
            pdfHref: Page.observatoryReportPDF.url(query: [("annee", String(year))]),
            editHref: Permissions.can(actor, .editObservatory) ? Page.observatoryComments.url(query: [("annee", String(year))]) : nil)
        guard let html = renderer.document("observatory_report", body: body) else { throw AutourError.notFound }
        return html
    }

    struct CommentField { let id: String, label: String, value: String, error: String? }
    struct CommentsBody { let year: Int, fields: [CommentField], summary: String?, reportHref: String }

    func commentsPage(_ context: SignedInContext, year: Int, form: FormData? = nil, error: AutourError? = nil) async throws -> Response {
        try context.require(.editObservatory)
        let saved = try await service.comments(year: year, actor: context.actor)
        let errors = error?.fields ?? [:]
        let fields =
            [CommentField(id: "summary", label: "Synthèse", value: form?.values["summary"] ?? saved.summary, error: errors["summary"])]
            + IndicatorTheme.allCases.map { theme in
                let id = "chapter-\(theme.rawValue)"
                return CommentField(id: id, label: "Chapitre : \(theme.label)", value: form?.values[id] ?? saved.chapter(theme), error: errors[id])
            }
        return renderer.page(
            "observatory_comments", title: "Commentaires du rapport \(year)",
            body: CommentsBody(
                year: year, fields: fields, summary: error?.message, reportHref: Page.observatoryReport.url(query: [("annee", String(year))])),
            path: Page.observatory.path, viewer: context, status: error == nil ? .ok : .unprocessableContent)
    }
}
