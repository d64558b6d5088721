import AutourCore
import AutourStore
import Hummingbird

/// The Fabrique: the bank of experience sheets searched in French, and the elected officials'
/// strategy builder on the manual's seven figures.
struct FabriqueModule: AutourModule {
    let web: FabriqueWeb
    let strategy: StrategyWeb

    init(_ context: ModuleContext) {
        web = FabriqueWeb(store: context.store, renderer: context.renderer, clock: context.clock)
        strategy = StrategyWeb(store: context.store, renderer: context.renderer, clock: context.clock)
    }

    static var demo: (any DemoPart)? { FabriqueDemo() }

    static let navigation = [NavigationEntry(label: "Fabrique", href: Page.fabrique.path, action: .readSheets)]

    static func homeTasks(for role: Role) -> [HomeLink] {
        switch role {
        case .agent, .coordinator:
            [
                HomeLink(
                    title: "Fabrique d'expériences",
                    summary: "Chercher ce que d'autres CCAS ont essayé, et écrire vos propres fiches d'expérience.", href: Page.fabrique.path)
            ]
        case .elected:
            [
                HomeLink(
                    title: "Construire une stratégie",
                    summary: "Combiner les figures du manuel en un plan d'actions, en répondant à leurs points de vigilance.",
                    href: Page.strategy.path)
            ]
        default: []
        }
    }

    func addWebRoutes(to web: RouterGroup<SignedInContext>) {
        self.web.addRoutes(to: web)
        strategy.addRoutes(to: web)
    }
}
