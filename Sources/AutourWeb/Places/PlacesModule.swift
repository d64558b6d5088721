import AutourCore
import AutourStore
import Hummingbird
import Logging

/// Places: shared buildings and rooms, conflict-free bookings with a weekly share per group, calls
/// for co-occupants, the four-week trial ending in a convention, activation kits run by
/// inhabitants, and intergenerational co-housing.
struct PlacesModule: AutourModule {
    let web: PlacesWeb
    let shared: SharedPlacesWeb
    let coHousing: CoHousingWeb

    init(_ context: ModuleContext) {
        web = PlacesWeb(store: context.store, renderer: context.renderer, clock: context.clock)
        shared = SharedPlacesWeb(
            store: context.store, renderer: context.renderer, clock: context.clock,
            limiter: AddressLimiter(limit: SharedPlacesWeb.applicationsPerAddressPerHour, window: 3600),
            trustedProxies: context.settings.configuration.trustedProxies)
        coHousing = CoHousingWeb(store: context.store, renderer: context.renderer, clock: context.clock)
    }

    static var demo: (any DemoPart)? { PlacesDemo() }

    static let navigation = [NavigationEntry(label: "Lieux partagés", href: Page.places.path, action: .viewPlaces)]

    static func homeTasks(for role: Role) -> [HomeLink] {
        switch role {
        case .coordinator:
            [
                HomeLink(
                    title: "Lieux à partager", summary: "Ouvrir un lieu vacant par un appel, suivre les essais de quatre semaines, signer les conventions.",
                    href: Page.places.path),
                HomeLink(
                    title: "Cohabitation intergénérationnelle", summary: "Proposer des binômes entre aînés qui offrent une chambre et jeunes qui en cherchent.",
                    href: Page.coHousing.path),
            ]
        case .agent:
            [HomeLink(title: "Réserver une salle", summary: "Pour une association ou un groupe d'habitants, sans conflit de créneau.", href: Page.places.path)]
        case .partner:
            [HomeLink(title: "Réserver une salle", summary: "Les salles partagées du territoire et leurs créneaux libres.", href: Page.availability.path)]
        default: []
        }
    }

    func addPublicRoutes(to router: Router<AppContext>) { shared.addPublicRoutes(to: router) }
    func addWebRoutes(to router: RouterGroup<SignedInContext>) {
        web.addRoutes(to: router)
        coHousing.addRoutes(to: router)
    }
}
