import Foundation
import AutourCore
import AutourStore
import HTTPTypes
import Hummingbird
import Prometheus

/// Health, readiness and metrics, for load balancers and monitoring: no authentication, no
/// personal data.
struct OperationsController {
    let database: AutourDatabase
    let registry: PrometheusCollectorRegistry
    /// Opens `/metrics` to a remote scraper that sends it as a bearer token.
    let metricsToken: String?

    struct Status: Encodable { let status: String }

    func addRoutes(to router: Router<AppContext>) {
        router.get("/health") { _, _ in try JSONResponse.make(Status(status: "ok")) }
        router.get("/ready") { _, _ in
            if await database.isReachable() { return try JSONResponse.make(Status(status: "ready")) }
            return try JSONResponse.make(Status(status: "database_unreachable"), status: .serviceUnavailable)
        }
        router.get("/metrics") { request, context in
            // Request counts by route tell an outsider what the CCAS is busy with: only this
            // machine (not through a proxy) or a scraper holding the token may read them.
            guard
                Self.mayReadMetrics(
                    peer: context.remoteAddress, forwarded: request.headers[.xForwardedFor] != nil,
                    authorization: request.headers[.authorization], token: metricsToken)
            else {
                throw AutourError.notFound
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }

    static func mayReadMetrics(peer: String?, forwarded: Bool, authorization: String?, token: String?) -> Bool {
        if let token, let authorization, Tokens.constantTimeEquals(authorization, "Bearer " + token) { return true }
        guard let peer, !forwarded else { return false }
        return peer == "::1" || peer.hasPrefix("127.") || peer == "::ffff:127.0.0.1"
    }
}
