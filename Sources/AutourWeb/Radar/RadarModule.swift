import AutourCore
import AutourStore
import Hummingbird
import Logging

/// Radar: signals from watchers and partners, the heatwave and cold register with its calling
/// campaigns, check-in calls and the watchers' network.
struct RadarModule: AutourModule {
    let context: ModuleContext

    init(_ context: ModuleContext) { self.context = context }

    static let navigation = [
        NavigationEntry(label: "Signalements", href: "/signalements", action: .triageSignals),
        NavigationEntry(label: "Signaler", href: "/signaler", action: .sendSignal),
        NavigationEntry(label: "Mes signalements", href: "/mes-signalements", action: .readOwnSignalStatus),
        NavigationEntry(label: "Registre canicule", href: "/registre", action: .manageRegister),
        NavigationEntry(label: "Mes appels", href: "/appels", action: .makeCalls),
        NavigationEntry(label: "Veilleurs", href: "/radar/veilleurs", action: .manageWatchers),
        NavigationEntry(label: "Indicateurs", href: "/radar/indicateurs", action: .viewIndicators),
    ]

    static func homeTasks(for role: Role) -> [HomeLink] {
        switch role {
        case .agent:
            [
                HomeLink(
                    title: "Traiter les signalements", summary: "Prendre en charge les situations signalées, les plus urgentes d'abord.", href: "/signalements")
            ]
        case .coordinator:
            [
                HomeLink(
                    title: "Tableau de bord", summary: "Suivre les signalements, les délais de premier contact et les campagnes.", href: "/radar/indicateurs"),
                HomeLink(
                    title: "Registre canicule et grand froid", summary: "Inscrire, lancer une campagne d'appels, suivre son avancement.", href: "/registre"),
                HomeLink(
                    title: "Réseau des veilleurs", summary: "Écrire la charte, suivre la formation et le secteur de chaque veilleur.", href: "/radar/veilleurs"),
            ]
        case .elected:
            [
                HomeLink(
                    title: "Indicateurs du territoire", summary: "Des chiffres agrégés par quartier, jamais un dossier individuel.", href: "/radar/indicateurs")
            ]
        case .watcher:
            [
                HomeLink(title: "Signaler une situation", summary: "En une minute, dire qu'une personne semble avoir besoin d'aide.", href: "/signaler"),
                HomeLink(title: "Suivre mes signalements", summary: "Savoir si vos signalements ont été pris en charge.", href: "/mes-signalements"),
            ]
        case .volunteer:
            [HomeLink(title: "Mes appels", summary: "Les personnes à appeler pendant une campagne ou pour un appel de convivialité.", href: "/appels")]
        case .partner:
            [HomeLink(title: "Signaler une situation", summary: "Transmettre au CCAS une situation qui vous inquiète.", href: "/signaler")]
        case .admin: []
        }
    }

    static func jobs(store: Store, logger: Logger) -> [PeriodicJob] {
        [
            PeriodicJob(name: "missed check-ins", every: .seconds(3600), logger: logger) {
                "signals raised: \(try await store.checkIns.raiseMissed())"
            }
        ]
    }

    func addWebRoutes(to web: RouterGroup<SignedInContext>) {
        let (store, renderer, clock) = (context.store, context.renderer, context.clock)
        let people = PeopleWeb(store: store, renderer: renderer, clock: clock)
        SignalsWeb(store: store, renderer: renderer, clock: clock).addRoutes(to: web)
        WatchersWeb(store: store, renderer: renderer, clock: clock).addRoutes(to: web)
        RegisterWeb(store: store, renderer: renderer, people: people, clock: clock).addRoutes(to: web)
    }
}
