import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// Runs a job at start and then at a fixed interval for as long as the server runs: the retention
/// rules every day, the missed check-ins every hour. A failure is logged and retried next time.
public struct PeriodicJob: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    let job: @Sendable () async throws -> String

    public init(name: String, every interval: Duration, logger: Logger, job: @escaping @Sendable () async throws -> String) {
        self.name = name
        self.interval = interval
        self.logger = logger
        self.job = job
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let report = try await job()
                logger.info("\(name) done", metadata: ["report": "\(report)"])
                Counter(label: "autour_job_runs_total", dimensions: [("job", name), ("outcome", "done")]).increment()
                Gauge(label: "autour_job_last_success_seconds", dimensions: [("job", name)]).record(Date().timeIntervalSince1970)
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
