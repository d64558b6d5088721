import AutourCore
import AutourStore
import Hummingbird
import Logging

/// Energies: the resource persons (volunteers and professionals), needs, proposals and hours.
struct EnergiesModule: AutourModule {
    let context: ModuleContext

    init(_ context: ModuleContext) { self.context = context }

    static var demo: (any DemoPart)? { EnergiesDemo() }

    static let navigation = [
        NavigationEntry(label: "Bureau des heures", href: Page.energies.path, action: .coordinateEnergies),
        NavigationEntry(label: "Publier un besoin", href: Page.newNeed.path, action: .postNeeds),
        NavigationEntry(label: "Mes missions", href: Page.missions.path, action: .takeMissions),
    ]

    static func homeTasks(for role: Role) -> [HomeLink] {
        switch role {
        case .coordinator:
            [
                HomeLink(
                    title: "Proposer des personnes ressources", summary: "Confier un besoin aux bénévoles ou professionnels disponibles.",
                    href: Page.energies.path)
            ]
        case .volunteer:
            [HomeLink(title: "Missions proposées", summary: "Accepter ou décliner les missions qui vous sont proposées.", href: Page.missions.path)]
        case .partner:
            [HomeLink(title: "Publier un besoin", summary: "Demander un coup de main aux personnes ressources.", href: Page.newNeed.path)]
        default: []
        }
    }

    /// The coordinator's emerging-need alerts still to decide.
    static func homeNotices(for role: Role, actor: Actor, store: Store) async throws -> [HomeLink] {
        guard role == .coordinator else { return [] }
        return try await store.alerts.list(territoryId: actor.territoryId, undecidedOnly: true, limit: 10).map { alert in
            HomeLink(
                title: "Besoin émergent : \(alert.kind) à \(alert.neighbourhood)",
                summary: AlertsWeb.counts(alert) + ".",
                href: Page.alert(alert.id).path)
        }
    }

    static func jobs(store: Store, logger: Logger) -> [PeriodicJob] {
        [
            PeriodicJob(name: "emerging needs", every: .seconds(900), logger: logger, oncePerDatabase: store.jobClaims) {
                "emerging-need alerts raised: \(try await store.alerts.refresh())"
            }
        ]
    }

    func addWebRoutes(to web: RouterGroup<SignedInContext>) {
        EnergiesWeb(store: context.store, renderer: context.renderer, clock: context.clock).addRoutes(to: web)
        AlertsWeb(store: context.store, renderer: context.renderer).addRoutes(to: web)
    }
}
