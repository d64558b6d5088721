import FluentKit
import SQLKit

/// The programme of convivial events, its registrations and its anonymous mixity counts.
/// `event_mixity` holds counts per event only, with no time and no registration: an answer can
/// never be traced back to who gave it.
struct CreateConviviality: AsyncMigration {
    var name: String { "0021_create_conviviality" }

    func prepare(on database: any Database) async throws {
        try await database.schema("conviviality_events")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("kind", .string, .required)
            .field("venue_name", .string, .required)
            .field("venue_address", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("capacity", .int, .required)
            .field("price_cents", .int, .required)
            .field("accessibility", .string, .required)
            .field("walk_ins", .int, .required)
            .field("next_number", .int, .required)
            .field("created_by", .uuid, .references("accounts", "id", onDelete: .setNull))
            .field("updated_at", .datetime, .required)
            .field("cancelled_at", .datetime)
            .create()
        try await database.schema("event_organisers")
            .field("event_id", .uuid, .required, .references("conviviality_events", "id", onDelete: .cascade))
            .field("structure_di_id", .string, .required)
            .unique(on: "event_id", "structure_di_id")
            .create()
        try await database.schema("event_registrations")
            .id()
            .field("event_id", .uuid, .required, .references("conviviality_events", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("first_name", .string, .required)
            .field("contact", .string, .required)
            .field("seats", .int, .required)
            .field("status", .string, .required)
            .field("cancel_digest", .string)
            .field("registered_by", .uuid, .references("accounts", "id", onDelete: .setNull))
            .field("checked_in_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "event_id", "number")
            .create()
        try await database.schema("event_mixity")
            .field("event_id", .uuid, .required, .references("conviviality_events", "id", onDelete: .cascade))
            .field("attribute", .string, .required)
            .field("value", .string, .required)
            .field("count", .int, .required)
            .unique(on: "event_id", "attribute", "value")
            .create()
        try await database.schema("mixity_reference")
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("attribute", .string, .required)
            .field("value", .string, .required)
            .field("share", .double, .required)
            .unique(on: "territory_id", "attribute", "value")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX conviviality_events_territory ON conviviality_events (territory_id, starts_at)").run()
        try await sql.raw("CREATE INDEX event_registrations_event ON event_registrations (event_id, status, created_at)").run()
        try await sql.raw("CREATE UNIQUE INDEX event_registrations_cancel ON event_registrations (cancel_digest)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["mixity_reference", "event_mixity", "event_registrations", "event_organisers", "conviviality_events"] {
            try await database.schema(table).delete()
        }
    }
}
