import Foundation
import AutourStore
import Hummingbird
import Prometheus

/// Health, readiness and metrics, for load balancers and monitoring: no authentication, no
/// personal data.
struct OperationsController {
    let database: AutourDatabase
    let registry: PrometheusCollectorRegistry

    struct Status: Encodable { let status: String }

    func addRoutes(to router: Router<AppContext>) {
        router.get("/health") { _, _ in try JSONResponse.make(Status(status: "ok")) }
        router.get("/ready") { _, _ in
            if await database.isReachable() { return try JSONResponse.make(Status(status: "ready")) }
            return try JSONResponse.make(Status(status: "database_unreachable"), status: .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}
