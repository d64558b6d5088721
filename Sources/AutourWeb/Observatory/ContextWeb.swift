import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The territory's context figures for a year (`/observatoire/contexte`): typed per
/// neighbourhood, or pasted from a census table saved as CSV. The coordinator writes them; the
/// dashboard and the indicators read them for rates per 1 000 inhabitants and the age pyramid.
struct ContextWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    var service: ObservatoryService { store.observatoryService }

    struct Input { let id: String, label: String, value: String, error: String? }
    struct PlaceRow { let index: Int, name: String, inputs: [Input] }
    struct ContextBody {
        let year: Int, places: [PlaceRow], bands: [String], summary: String?, notice: String?, importError: String?, csv: String
        let backHref: String
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/observatoire/contexte") { request, context in
            let year = try ObservatoryWeb.Span(request, now: clock.now()).year
            let notice = request.uri.queryParameters["ok"] == "contexte" ? "Chiffres de contexte enregistrés." : nil
            return try await page(context, year: year, notice: notice)
        }
        web.post("/observatoire/contexte") { request, context in
            let form = try await FormData.read(request, context: context)
            let year = try ObservatoryWeb.Span.year(form)
            let neighbourhoods = try await self.neighbourhoods(context)
            return try await FormData.submit {
                let figures = try ContextFigures.validated(neighbourhoods: neighbourhoods) { index, field in form.text("\(field)-\(index)") }
                try await service.saveContext(figures, year: year, actor: context.actor)
                return Response.redirect(to: .observatoryContext, ok: "contexte", query: [("annee", String(year))])
            } reshow: { error in
                try await page(context, year: year, form: form, error: error)
            }
        }
        web.post("/observatoire/contexte/import") { request, context in
            let form = try await FormData.read(request, context: context)
            let year = try ObservatoryWeb.Span.year(form)
            let neighbourhoods = try await self.neighbourhoods(context)
            return try await FormData.submit {
                try await service.saveContext(try ContextFigures.imported(form.text("csv"), neighbourhoods: neighbourhoods), year: year, actor: context.actor)
                return Response.redirect(to: .observatoryContext, ok: "contexte", query: [("annee", String(year))])
            } reshow: { error in
                try await page(context, year: year, importError: error, csv: form.text("csv"))
            }
        }
    }

    private func neighbourhoods(_ context: SignedInContext) async throws -> [String] {
        try context.require(.editObservatory)
        return try await store.territories.find(id: context.actor.territoryId)?.neighbourhoods.map(\.name) ?? []
    }

    func page(
        _ context: SignedInContext, year: Int, form: FormData? = nil, error: AutourError? = nil, notice: String? = nil,
        importError: AutourError? = nil, csv: String = ""
    ) async throws -> Response {
        let neighbourhoods = try await neighbourhoods(context)
        let saved = try await service.context(year: year, actor: context.actor)
        let errors = error?.fields ?? [:]
        let places = neighbourhoods.enumerated().map { index, name in
            let place = saved.places[name]
            func input(_ field: String, _ label: String, _ value: String) -> Input {
                let id = "\(field)-\(index)"
                return Input(id: id, label: label, value: form?.values[id] ?? value, error: errors[id])
            }
            let bands = ContextFigures.ageBands.indices.map { band in
                input("band-\(band)", ContextFigures.ageBandLabel(ContextFigures.ageBands[band]), place.map { String($0.bands[band]) } ?? "")
            }
            return PlaceRow(
                index: index, name: name,
                inputs: bands + [
                    input("households", "Ménages", place.map { String($0.households) } ?? ""),
                    input("poverty", "Taux de pauvreté (%)", place?.povertyRate.map { FrenchText.decimal($0, digits: 1) } ?? ""),
                ])
        }
        let body = ContextBody(
            year: year, places: places, bands: ContextFigures.ageBands, summary: error?.message, notice: notice, importError: importError?.message,
            csv: csv, backHref: Page.observatory.url(query: [("annee", String(year))]))
        let failed = error != nil || importError != nil
        return renderer.page(
            "observatory_context", title: "Chiffres de contexte \(year)", body: body, path: Page.observatory.path, viewer: context,
            status: failed ? .unprocessableContent : .ok)
    }
}
