import AutourCore
import AutourStore
import Hummingbird
import Logging

/// The audit trail: who read or changed what, readable through the API; its chain is anchored
/// every five minutes when the server anchors it.
struct AuditModule: AutourModule {
    let audit: AuditRepository

    init(_ context: ModuleContext) { audit = context.store.audit }

    static func jobs(store: Store, logger: Logger) -> [PeriodicJob] {
        guard store.audit.anchors != nil else { return [] }
        // Entries deleted after the last anchor go unnoticed: anchor often.
        return [
            PeriodicJob(name: "audit anchor", every: .seconds(300), logger: logger) {
                try await store.audit.anchorHead()?.line ?? "audit chain unchanged since its last anchor"
            }
        ]
    }

    func addAPIRoutes(to api: RouterGroup<SignedInContext>) { AuditController(audit: audit).addRoutes(to: api) }
}
