import AutourCore
import AutourStore
import Hummingbird
import Logging

/// Conviviality: the programme of convivial events (public list, calendar feed, registration
/// without an account, waiting list), the door on a phone, and the anonymous social-mixity measure.
struct ConvivialityModule: AutourModule {
    let programme: ProgrammeWeb
    let web: ConvivialityWeb

    init(_ context: ModuleContext) {
        programme = ProgrammeWeb(
            store: context.store, renderer: context.renderer, clock: context.clock,
            limiter: AddressLimiter(limit: ProgrammeWeb.registrationsPerAddressPerHour, window: 3600),
            trustedProxies: context.settings.configuration.trustedProxies)
        web = ConvivialityWeb(store: context.store, renderer: context.renderer, clock: context.clock)
    }

    static var demo: (any DemoPart)? { ConvivialityDemo() }

    static let navigation = [NavigationEntry(label: "Convivialités", href: Page.conviviality.path, action: .viewProgramme)]

    static func homeTasks(for role: Role) -> [HomeLink] {
        switch role {
        case .coordinator:
            [
                HomeLink(
                    title: "Programme des convivialités",
                    summary: "Publier cafés, repas et sorties, suivre les inscriptions et la mixité des publics de la saison.",
                    href: Page.conviviality.path)
            ]
        case .agent:
            [
                HomeLink(
                    title: "Inscrire à un rendez-vous convivial", summary: "Réserver une place pour une personne, accueillir à l'entrée.",
                    href: Page.conviviality.path)
            ]
        case .partner:
            [
                HomeLink(
                    title: "Événements conviviaux", summary: "Inscrire un groupe, accueillir le public des événements que vous organisez.",
                    href: Page.conviviality.path)
            ]
        case .elected:
            [
                HomeLink(
                    title: "Mixité des convivialités", summary: "Qui viennent aux rendez-vous de la saison, comparé au territoire.",
                    href: Page.conviviality.path)
            ]
        default: []
        }
    }

    func addPublicRoutes(to router: Router<AppContext>) { programme.addPublicRoutes(to: router) }
    func addWebRoutes(to router: RouterGroup<SignedInContext>) { web.addRoutes(to: router) }
}
