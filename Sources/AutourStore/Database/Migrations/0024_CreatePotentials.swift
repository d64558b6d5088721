import FluentKit
import SQLKit

/// Potentials: the territory's stages (seeded lazily, like the audit grid: a stage's id is its
/// territory's), the projects, the people around them (inhabitants and volunteers of the resource
/// pool), the criteria coaches ticked with their dated notes, the timeline, and the needs a project
/// sent to Places, Energies or a partner of the directory.
struct CreatePotentials: AsyncMigration {
    var name: String { "0024_create_potentials" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw(
            """
            CREATE TABLE project_stages (territory_id UUID NOT NULL REFERENCES territories(id) ON DELETE CASCADE, id UUID NOT NULL,
            name TEXT NOT NULL, entry TEXT NOT NULL, exit TEXT NOT NULL, stall_days INTEGER NOT NULL, position INTEGER NOT NULL,
            PRIMARY KEY (territory_id, id))
            """
        ).run()
        try await database.schema("projects")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("purpose", .string, .required)
            .field("serves", .string, .required)
            .field("neighbourhood", .string, .required)
            .field("theme", .string, .required)
            .field("scale", .string, .required)
            .field("origin", .string, .required)
            .field("stage_id", .uuid, .required)
            .field("stage_since", .datetime, .required)
            .field("state", .string, .required)
            .field("lessons", .string, .required)
            .field("is_public", .bool, .required)
            .field("created_by", .uuid, .references("accounts", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("project_people")
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("resource_id", .uuid, .required, .references("resource_persons", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("joined_at", .datetime, .required)
            .unique(on: "project_id", "resource_id")
            .create()
        try await database.schema("project_checks")
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("stage_id", .uuid, .required)
            .field("side", .string, .required)
            .field("criterion", .string, .required)
            .field("note", .string, .required)
            .field("checked_at", .datetime, .required)
            .field("checked_by", .string, .required)
            .unique(on: "project_id", "stage_id", "side", "criterion")
            .create()
        try await database.schema("project_events")
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("happened_at", .datetime, .required)
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .create()
        try await database.schema("project_needs")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("label", .string, .required)
            .field("need_id", .uuid, .references("needs", "id", onDelete: .setNull))
            .field("booking_id", .uuid)
            .field("structure_id", .string)
            .field("status", .string)  // an expert request's answer (asked, accepted, declined); null for the others
            .field("answer", .string, .required)
            .field("created_at", .datetime, .required)
            .field("answered_at", .datetime)
            .create()
        try await sql.raw("CREATE INDEX projects_territory ON projects (territory_id, stage_id)").run()
        try await sql.raw("CREATE INDEX project_people_resource ON project_people (resource_id)").run()
        try await sql.raw("CREATE INDEX project_events_project ON project_events (project_id, happened_at)").run()
        try await sql.raw("CREATE INDEX project_needs_structure ON project_needs (structure_id, status)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["project_needs", "project_events", "project_checks", "project_people", "projects", "project_stages"] {
            try await database.schema(table).delete()
        }
    }
}
