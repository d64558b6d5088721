import AutourAPI
import AutourCore
import AutourStore
import Foundation
import OpenAPIRuntime

/// The Fabrique in the JSON API: the French search, a sheet, a new draft, through the pages'
/// service (the same visibility rules and the same ranking).
extension APIHandlers {
    static func experienceSheet(_ sheet: ExperienceSheet) throws -> Components.Schemas.ExperienceSheet {
        let c = sheet.content
        return Components.Schemas.ExperienceSheet(
            id: sheet.id.uuidString.lowercased(), territory: sheet.territoryName, title: c.title, context: c.context, goals: c.goals,
            actions: c.actions, means: c.means, costEuros: c.costEuros, partners: c.partners, results: c.results, lessons: c.lessons,
            figures: try c.figures.map { try APIValue.contract($0.rawValue) }, theme: try APIValue.contract(c.theme.rawValue),
            communeSize: try APIValue.contract(c.communeSize.rawValue), contact: c.contact, status: try APIValue.contract(sheet.status.rawValue),
            shared: sheet.shared, publishedAt: sheet.publishedAt)
    }

    func searchSheets(_ input: Operations.SearchSheets.Input) async throws -> Operations.SearchSheets.Output {
        let context = try caller
        let query = input.query
        let page = try query.page.map { try NumberInput.integer($0, field: "page", in: FabriqueService.pages) } ?? 1
        let filters = SheetFilters(
            figure: try query.figure.map { try APIValue.contract($0.rawValue) }, theme: try query.theme.map { try APIValue.contract($0.rawValue) },
            communeSize: try query.communeSize.map { try APIValue.contract($0.rawValue) })
        let fabrique = store.fabriqueService
        guard let text = query.q, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            let recent = try await fabrique.recent(actor: context.actor)
            return .ok(
                .init(
                    body: .json(
                        .init(
                            items: try recent.map { .init(sheet: try Self.experienceSheet($0), score: 0, excerpt: []) }, anyTerm: false, hasMore: false))))
        }
        let results = try await fabrique.search(text, filters: filters, page: page, actor: context.actor)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try results.hits.map { hit in
                            .init(
                                sheet: try Self.experienceSheet(hit.sheet), score: hit.score,
                                excerpt: (hit.excerpt?.pieces ?? []).map { .init(text: $0.text, marked: $0.marked) })
                        }, anyTerm: results.anyTerm, hasMore: results.hasMore))))
    }

    func getSheet(_ input: Operations.GetSheet.Input) async throws -> Operations.GetSheet.Output {
        let context = try caller
        let sheet = try await store.fabriqueService.sheet(id: try APIValue.pathID(input.path.id), actor: context.actor)
        return .ok(.init(body: .json(try Self.experienceSheet(sheet))))
    }

    func createSheet(_ input: Operations.CreateSheet.Input) async throws -> Operations.CreateSheet.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        let content = try SheetRules.validated(
            title: body.title, context: body.context ?? "", goals: body.goals ?? "", actions: body.actions ?? "", means: body.means ?? "",
            cost: body.costEuros.map(String.init) ?? "", partners: body.partners ?? "", results: body.results ?? "", lessons: body.lessons ?? "",
            figures: (body.figures ?? []).map(\.rawValue), theme: body.theme.rawValue, communeSize: body.communeSize.rawValue,
            contact: body.contact ?? "")
        let fabrique = store.fabriqueService
        let id = try await fabrique.create(content, actor: context.actor)
        return .created(.init(body: .json(try Self.experienceSheet(try await fabrique.sheet(id: id, actor: context.actor)))))
    }
}
