import Foundation
import AutourCore
import AutourStore
import Hummingbird

/// The home page: for each role the account holds, the cards every module offers that role.
struct HomeModule: AutourModule {
    let store: Store
    let renderer: WebRenderer

    init(_ context: ModuleContext) {
        store = context.store
        renderer = context.renderer
    }

    static let navigation = [NavigationEntry(label: "Accueil", href: Page.home.path, action: .viewOwnAccount)]

    struct RoleSection {
        let code: String
        let label: String
        let notices: [HomeLink]
        let hasNotices: Bool
        let tasks: [HomeLink]
    }

    struct HomeBody {
        let firstName: String
        let territoryName: String
        let roles: [RoleSection]
    }

    func addWebRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/") { _, context in
            let territory = context.territory
            var roles: [RoleSection] = []
            for role in context.account.sortedRoles {
                let notices = try await AutourModules.homeNotices(for: role, actor: context.actor, store: store)
                roles.append(
                    RoleSection(
                        code: role.rawValue, label: role.label, notices: notices, hasNotices: !notices.isEmpty,
                        tasks: AutourModules.homeTasks(for: role)))
            }
            let body = HomeBody(
                firstName: String(context.account.name.split(separator: " ").first ?? ""),
                territoryName: territory.name,
                roles: roles)
            return renderer.page("home", title: "Accueil", body: body, path: Page.home.path, viewer: context)
        }
    }
}
