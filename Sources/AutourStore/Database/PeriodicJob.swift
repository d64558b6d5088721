import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// Runs a job at start and then at a fixed interval for as long as the server runs: the retention
/// rules every day, the missed check-ins every hour. A failure is logged and retried next time.
/// A job given `claims` runs once per period between all the servers of its database (the others
/// count it as skipped); one without (the audit anchor, kept in each server's own file) runs on
/// every server.
public struct PeriodicJob: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    let claims: JobClaims?
    let job: @Sendable () async throws -> String

    public init(
        name: String, every interval: Duration, logger: Logger, oncePerDatabase claims: JobClaims? = nil,
        job: @escaping @Sendable () async throws -> String
    ) {
        self.name = name
        self.interval = interval
        self.logger = logger
        self.claims = claims
        self.job = job
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                if let claims, try await !claims.claim(name, every: interval) {
                    logger.debug("\(name) skipped: another server ran it this period")
                    Counter(label: "autour_job_runs_total", dimensions: [("job", name), ("outcome", "skipped")]).increment()
                } else {
                    let report = try await job()
                    logger.info("\(name) done", metadata: ["report": "\(report)"])
                    Counter(label: "autour_job_runs_total", dimensions: [("job", name), ("outcome", "done")]).increment()
                    Gauge(label: "autour_job_last_success_seconds", dimensions: [("job", name)]).record(Date().timeIntervalSince1970)
                }
            } catch {
                logger.error("\(name) failed", metadata: ["error": "\(String(reflecting: error))"])
                // Monitoring alerts on this counter: a module's job failing at night is seen.
                Counter(label: "autour_job_runs_total", dimensions: [("job", name), ("outcome", "failed")]).increment()
            }
            // Wakes up at once on graceful shutdown instead of holding the server open.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
