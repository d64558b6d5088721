import Foundation
import AutourCore
import AutourStore
import Hummingbird

/// The home page: for each role the account holds, the cards every module offers that role.
struct HomeModule: AutourModule {
    let territories: TerritoryRepository
    let renderer: WebRenderer

    init(_ context: ModuleContext) {
        territories = context.store.territories
        renderer = context.renderer
    }

    static let navigation = [NavigationEntry(label: "Accueil", href: "/", action: .viewOwnAccount)]

    struct RoleSection {
        let code: String
        let label: String
        let tasks: [HomeTask]
    }

    struct HomeBody {
        let firstName: String
        let territoryName: String
        let roles: [RoleSection]
    }

    func addWebRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/") { _, context in
            let territory = try await territories.find(id: context.account.territoryId)
            let body = HomeBody(
                firstName: String(context.account.name.split(separator: " ").first ?? ""),
                territoryName: territory?.name ?? "",
                roles: context.account.sortedRoles.map {
                    RoleSection(code: $0.rawValue, label: $0.label, tasks: AutourModules.homeTasks(for: $0))
                })
            return renderer.page("home", title: "Accueil", body: body, path: "/", viewer: context)
        }
    }
}
