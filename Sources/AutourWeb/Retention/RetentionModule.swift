import AutourCore
import AutourStore
import Hummingbird
import Logging

/// Retention: the rules that anonymise or delete what is kept too long, applied daily.
struct RetentionModule: AutourModule {
    let web: RetentionWeb

    init(_ context: ModuleContext) {
        web = RetentionWeb(retention: context.store.retention, renderer: context.renderer, clock: context.clock)
    }

    static let navigation = [NavigationEntry(label: "Conservation des données", href: Page.retention.path, action: .manageTerritory)]

    static func jobs(store: Store, logger: Logger) -> [PeriodicJob] {
        [
            PeriodicJob(name: "retention", every: .seconds(86400), logger: logger, oncePerDatabase: store.jobClaims) {
                try await store.retention.purge(dryRun: false).lines.joined(separator: ", ")
            }
        ]
    }

    func addWebRoutes(to router: RouterGroup<SignedInContext>) { web.addRoutes(to: router) }
}
