import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The partner directory: services by category, public and commune, each with its last update;
/// coordinators see which ones have not been updated for a year.
struct DirectoryWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock

    struct Choice { let value: String; let label: String; let selected: Bool }
    struct ServiceRow {
        let name: String, structure: String, description: String, updated: String
        let thematiques: String, publics: String
        /// nil hides the line (Mustache treats an empty string as true).
        let contact: String?
        let stale: Bool
    }
    struct Body {
        let categories: [Choice], publics: [Choice], communes: [Choice]
        let services: [ServiceRow]
        let count: String
        let showStale: Bool
        let staleCount: Int
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/annuaire") { request, context in
            try context.require(.readDirectory)
            let params = request.uri.queryParameters
            let category = params["categorie"].map(String.init) ?? ""
            let audience = params["public"].map(String.init) ?? ""
            let commune = params["commune"].map(String.init) ?? ""
            let territory = context.territory
            let found = try await store.directory.services(territoryId: territory.id, thematique: category, public: audience, commune: commune)
            let thematiqueLabels = Dictionary(DirectoryRepository.labels("Thematique").map { ($0.value, $0.label) }, uniquingKeysWith: { a, _ in a })
            let publicLabels = Dictionary(DirectoryRepository.labels("Public").map { ($0.value, $0.label) }, uniquingKeysWith: { a, _ in a })
            let showStale = Permissions.can(context.actor, .checkDirectory)
            let today = clock.now()
            let rows = found.map { service in
                ServiceRow(
                    name: service.name, structure: service.structureName, description: service.description,
                    updated: FrenchFormat.day(service.updatedOn) ?? "inconnue",
                    thematiques: service.thematiques.map { thematiqueLabels[$0] ?? $0 }.joined(separator: " ; "),
                    publics: service.publics.map { publicLabels[$0] ?? $0 }.joined(separator: ", "),
                    contact: [service.phone, service.email].compactMap { $0 }.joined(separator: " — ").nilIfEmpty,
                    stale: showStale && service.isStale(today: today))
            }
            func choices(_ items: [(value: String, label: String)], selected: String) -> [Choice] {
                [Choice(value: "", label: "Tous", selected: selected.isEmpty)]
                    + items.map { Choice(value: $0.value, label: $0.label, selected: $0.value == selected) }
            }
            let body = Body(
                categories: choices(DirectoryRepository.labels("Categorie"), selected: category),
                publics: choices(DirectoryRepository.labels("Public"), selected: audience),
                communes: choices(territory.communes.map { ($0, $0) }, selected: commune),
                services: rows, count: FrenchText.count(rows.count, "service", "services"), showStale: showStale, staleCount: rows.filter(\.stale).count)
            return renderer.page("directory", title: "Annuaire des partenaires", body: body, path: Page.directory.path, viewer: context)
        }
    }
}
