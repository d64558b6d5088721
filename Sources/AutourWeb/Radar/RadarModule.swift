import AutourCore
import AutourStore
import Hummingbird
import Logging

/// Radar: signals from watchers and partners, the heatwave and cold register with its calling
/// campaigns, check-in calls and the watchers' network.
struct RadarModule: AutourModule {
    let context: ModuleContext

    init(_ context: ModuleContext) { self.context = context }

    static var demo: (any DemoPart)? { RadarDemo() }

    static let navigation = [
        NavigationEntry(label: "Signalements", href: Page.signals.path, action: .triageSignals),
        NavigationEntry(label: "Signaler", href: Page.sendSignal.path, action: .sendSignal),
        NavigationEntry(label: "Mes signalements", href: Page.mySignals.path, action: .readOwnSignalStatus),
        NavigationEntry(label: "Registre canicule", href: Page.register.path, action: .manageRegister),
        NavigationEntry(label: "Mes appels", href: Page.calls.path, action: .makeCalls),
        NavigationEntry(label: "Veilleurs", href: Page.watchers.path, action: .manageWatchers),
        NavigationEntry(label: "Indicateurs", href: Page.radarIndicators.path, action: .viewIndicators),
    ]

    static func homeTasks(for role: Role) -> [HomeLink] {
        switch role {
        case .agent:
            [
                HomeLink(
                    title: "Traiter les signalements", summary: "Prendre en charge les situations signalées, les plus urgentes d'abord.",
                    href: Page.signals.path)
            ]
        case .coordinator:
            [
                HomeLink(
                    title: "Tableau de bord", summary: "Suivre les signalements, les délais de premier contact et les campagnes.",
                    href: Page.radarIndicators.path),
                HomeLink(
                    title: "Registre canicule et grand froid", summary: "Inscrire, lancer une campagne d'appels, suivre son avancement.",
                    href: Page.register.path),
                HomeLink(
                    title: "Réseau des veilleurs", summary: "Écrire la charte, suivre la formation et le secteur de chaque veilleur.", href: Page.watchers.path),
            ]
        case .elected:
            [
                HomeLink(
                    title: "Indicateurs du territoire", summary: "Des chiffres agrégés par quartier, jamais un dossier individuel.",
                    href: Page.radarIndicators.path)
            ]
        case .watcher:
            [
                HomeLink(
                    title: "Signaler une situation", summary: "En une minute, dire qu'une personne semble avoir besoin d'aide.", href: Page.sendSignal.path),
                HomeLink(title: "Suivre mes signalements", summary: "Savoir si vos signalements ont été pris en charge.", href: Page.mySignals.path),
            ]
        case .volunteer:
            [HomeLink(title: "Mes appels", summary: "Les personnes à appeler pendant une campagne ou pour un appel de convivialité.", href: Page.calls.path)]
        case .partner:
            [HomeLink(title: "Signaler une situation", summary: "Transmettre au CCAS une situation qui vous inquiète.", href: Page.sendSignal.path)]
        case .admin: []
        }
    }

    static func jobs(store: Store, logger: Logger) -> [PeriodicJob] {
        [
            PeriodicJob(name: "missed check-ins", every: .seconds(3600), logger: logger, oncePerDatabase: store.jobClaims) {
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
