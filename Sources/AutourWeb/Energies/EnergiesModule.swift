import AutourCore
import AutourStore
import Hummingbird

/// Energies: the resource persons (volunteers and professionals), needs, proposals and hours.
struct EnergiesModule: AutourModule {
    let context: ModuleContext
    let api: EnergiesAPI

    init(_ context: ModuleContext) {
        self.context = context
        api = EnergiesAPI(store: context.store, clock: context.clock)
    }

    static let navigation = [
        NavigationEntry(label: "Bureau des heures", href: "/energies", action: .coordinateEnergies),
        NavigationEntry(label: "Publier un besoin", href: "/energies/besoins/nouveau", action: .postNeeds),
        NavigationEntry(label: "Mes missions", href: "/missions", action: .takeMissions),
    ]

    static func homeTasks(for role: Role) -> [HomeTask] {
        switch role {
        case .coordinator:
            [HomeTask(title: "Proposer des personnes ressources", summary: "Confier un besoin aux bénévoles ou professionnels disponibles.", href: "/energies")]
        case .volunteer:
            [HomeTask(title: "Missions proposées", summary: "Accepter ou décliner les missions qui vous sont proposées.", href: "/missions")]
        case .partner:
            [HomeTask(title: "Publier un besoin", summary: "Demander un coup de main aux personnes ressources.", href: "/energies/besoins/nouveau")]
        default: []
        }
    }

    func addWebRoutes(to web: RouterGroup<SignedInContext>) {
        EnergiesWeb(store: context.store, renderer: context.renderer, api: api, clock: context.clock).addRoutes(to: web)
    }

    func addAPIRoutes(to router: RouterGroup<SignedInContext>) { api.addRoutes(to: router) }
}
