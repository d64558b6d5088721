import AutourCore
import AutourStore
import Hummingbird
import Logging

/// Life basins: the anonymous questionnaire, the agents' entry, the CSV import, and the action
/// territory computed by Leiden on maps of the real communes, compared with the EPCI.
struct BasinsModule: AutourModule {
    let web: BasinsWeb

    init(_ context: ModuleContext) {
        web = BasinsWeb(
            store: context.store, renderer: context.renderer, clock: context.clock,
            limiter: AddressLimiter(limit: LifeBasin.answersPerAddressPerHour, window: 3600),
            trustedProxies: context.settings.configuration.trustedProxies)
    }

    static var demo: (any DemoPart)? { BasinsDemo() }

    static let navigation = [NavigationEntry(label: "Bassins de vie", href: Page.basins.path, action: .viewBasins)]

    static func homeTasks(for role: Role) -> [HomeLink] {
        switch role {
        case .coordinator:
            [
                HomeLink(
                    title: "Territoire d'action",
                    summary: "Le territoire vécu par les habitants, calculé à partir de leurs bassins de vie et comparé à l'EPCI.",
                    href: Page.basins.path)
            ]
        case .elected:
            [
                HomeLink(
                    title: "Cartes des bassins de vie", summary: "Où vivent, travaillent et se soignent les habitants : les cartes à jour pour négocier.",
                    href: Page.basins.path)
            ]
        case .agent:
            [
                HomeLink(
                    title: "Recueillir un bassin de vie", summary: "Noter, avec la personne, les communes qu'elle fréquente vraiment.",
                    href: Page.recordBasin.path)
            ]
        default: []
        }
    }

    func addPublicRoutes(to router: Router<AppContext>) { web.addPublicRoutes(to: router) }
    func addWebRoutes(to router: RouterGroup<SignedInContext>) { web.addRoutes(to: router) }
}
