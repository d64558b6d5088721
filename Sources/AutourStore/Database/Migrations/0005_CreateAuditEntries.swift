import FluentKit

struct CreateAuditEntries: AsyncMigration {
    var name: String { "0005_create_audit_entries" }

    func prepare(on database: any Database) async throws {
        // No foreign keys: the trail must outlive the accounts and records it mentions.
        // The unique sequence makes a forked chain impossible even if the lock were bypassed.
        try await database.schema("audit_entries")
            .id()
            .field("sequence", .int64, .required)
            .field("at", .datetime, .required)
            .field("territory_id", .uuid)
            .field("actor_id", .uuid)
            .field("action", .string, .required)
            .field("record_type", .string, .required)
            .field("record_id", .string, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "sequence")
            .create()
        try await database.index("audit_entries_record", on: "audit_entries", columns: ["record_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_entries").delete()
    }
}
