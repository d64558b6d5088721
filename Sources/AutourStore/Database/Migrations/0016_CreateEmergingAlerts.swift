import FluentKit

struct CreateEmergingAlerts: AsyncMigration {
    var name: String { "0016_create_emerging_alerts" }

    func prepare(on database: any Database) async throws {
        try await database.schema("emerging_alerts")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("week_start", .datetime, .required)
            .field("kind", .string, .required)
            .field("neighbourhood", .string, .required)
            .field("count", .int, .required)
            .field("expected", .double, .required)
            .field("raised_at", .datetime, .required)
            .field("seen_by", .uuid)
            .field("seen_at", .datetime)
            .field("decision", .string)
            .field("reason", .string)
            .field("decided_by", .uuid)
            .field("decided_at", .datetime)
            .unique(on: "territory_id", "week_start", "kind", "neighbourhood")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("emerging_alerts").delete()
    }
}
