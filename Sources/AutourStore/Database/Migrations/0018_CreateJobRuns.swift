import FluentKit

/// When each background job last started, so that servers sharing a database run it once per
/// period between them (`JobClaims`).
struct CreateJobRuns: AsyncMigration {
    var name: String { "0018_create_job_runs" }

    func prepare(on database: any Database) async throws {
        try await database.schema("job_runs")
            .field("name", .string, .identifier(auto: false))
            .field("started_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("job_runs").delete()
    }
}
