import AutourCore
import AutourStore
import Hummingbird
import Logging

/// The audit trail: who read or changed what, readable through the API (AuditAPI.swift); its chain is anchored
/// every five minutes when the server anchors it.
struct AuditModule: AutourModule {
    init(_ context: ModuleContext) {}

    static func jobs(store: Store, logger: Logger) -> [PeriodicJob] {
        guard store.audit.anchors != nil else { return [] }
        // Entries deleted after the last anchor go unnoticed: anchor often.
        return [
            PeriodicJob(name: "audit anchor", every: .seconds(300), logger: logger) {
                try await store.audit.anchorHead()?.line ?? "audit chain unchanged since its last anchor"
            }
        ]
    }
}
