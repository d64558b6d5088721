import AutourCore
import AutourStore
import Hummingbird

/// The Observatory: the social needs analysis' figures, read from every module's service and
/// published only as suppressed totals, for the coordinator and the elected officials.
struct ObservatoryModule: AutourModule {
    let web: ObservatoryWeb
    let report: ReportWeb
    let context: ContextWeb

    init(_ context: ModuleContext) {
        web = ObservatoryWeb(store: context.store, renderer: context.renderer, clock: context.clock)
        self.context = ContextWeb(store: context.store, renderer: context.renderer, clock: context.clock)
        report = ReportWeb(store: context.store, renderer: context.renderer, clock: context.clock, printer: .fromEnvironment())
    }

    static var demo: (any DemoPart)? { ObservatoryDemo() }

    static let navigation = [NavigationEntry(label: "Observatoire", href: Page.observatory.path, action: .viewObservatory)]

    static func homeTasks(for role: Role) -> [HomeLink] {
        switch role {
        case .coordinator, .elected:
            [
                HomeLink(
                    title: "Observatoire social",
                    summary: "Les chiffres de l'année par quartier pour l'analyse des besoins sociaux, en graphiques et en tableaux à télécharger.",
                    href: Page.observatory.path)
            ]
        default: []
        }
    }

    func addWebRoutes(to web: RouterGroup<SignedInContext>) {
        self.web.addRoutes(to: web)
        report.addRoutes(to: web)
        context.addRoutes(to: web)
    }
}
