import AutourCore
import Foundation
import SQLKit

/// Who runs a background job this period when several servers share one database: the first to
/// claim it. A claim is one statement (an upsert that only moves `started_at` forward when the
/// last run is a whole period old), so two servers waking together cannot both win, on either
/// engine. A server that stops mid-run leaves the period claimed: the job runs again next period.
public struct JobClaims: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    /// True when this server should run `job` now; false when another run started less than
    /// `interval` ago (here or on another server).
    public func claim(_ job: String, every interval: Duration) async throws -> Bool {
        let now = clock.now()
        let due = now.addingTimeInterval(-Double(interval.components.seconds))
        struct Row: Decodable { let name: String }
        return try await database.write { tx in
            try await (tx as! any SQLDatabase).raw(
                """
                INSERT INTO job_runs (name, started_at) VALUES (\(bind: job), \(bind: now))
                ON CONFLICT (name) DO UPDATE SET started_at = excluded.started_at WHERE job_runs.started_at <= \(bind: due)
                RETURNING name
                """
            ).all(decoding: Row.self)
        }.isEmpty == false
    }
}
