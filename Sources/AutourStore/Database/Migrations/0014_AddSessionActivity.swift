import FluentKit

struct AddSessionActivity: AsyncMigration {
    var name: String { "0014_add_session_activity" }

    // Sessions opened before this migration have no last-seen time: they keep their fixed lifetime.
    func prepare(on database: any Database) async throws {
        try await database.schema("sessions").field("last_seen_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sessions").deleteField("last_seen_at").update()
    }
}
