import FluentKit
import SQLKit

/// Learning: the territory's interview lexicon, the skills-and-needs interviews, what the person
/// accepted of their suggestions, the wishes to teach or to learn a subject, and the peer training
/// sessions with their enrolments and attendance, and the inclusion audits of public equipment
/// (the territory's grid, audits and their answers, improvement actions).
/// `interviews.answers` holds the typed answers only while the interview is a draft: completing it
/// empties them, and a discarded suggestion is never written anywhere.
struct CreateLearning: AsyncMigration {
    var name: String { "0023_create_learning" }

    func prepare(on database: any Database) async throws {
        try await database.schema("learning_lexicon")
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("target", .string, .required)
            .field("cues", .string, .required)
            .field("position", .int, .required)
            .unique(on: "territory_id", "kind", "target")
            .create()
        try await database.schema("interviews")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("resource_id", .uuid, .required, .references("resource_persons", "id", onDelete: .cascade))
            .field("started_by", .uuid, .references("accounts", "id", onDelete: .setNull))
            .field("answers", .string, .required)
            .field("last_step", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("completed_at", .datetime)
            .create()
        try await database.schema("interview_suggestions")
            .field("interview_id", .uuid, .required, .references("interviews", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("target", .string, .required)
            .field("evidence", .string, .required)
            .unique(on: "interview_id", "kind", "target")
            .create()
        try await database.schema("training_wishes")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("resource_id", .uuid, .required, .references("resource_persons", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("subject", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "resource_id", "kind", "subject")
            .create()
        try await database.schema("training_sessions")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("subject", .string, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("host_id", .uuid, .required, .references("resource_persons", "id", onDelete: .cascade))
            .field("cohost_id", .uuid, .references("resource_persons", "id", onDelete: .setNull))
            .field("social_topic", .bool, .required)
            .field("place_id", .uuid, .references("places", "id", onDelete: .setNull))
            .field("home_address", .string)
            .field("neighbourhood", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("capacity", .int, .required)
            .field("time_minutes", .int, .required)
            .field("created_by", .uuid, .references("accounts", "id", onDelete: .setNull))
            .field("cancelled_at", .datetime)
            .create()
        try await database.schema("training_enrolments")
            .field("session_id", .uuid, .required, .references("training_sessions", "id", onDelete: .cascade))
            .field("resource_id", .uuid, .required, .references("resource_persons", "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("attended", .bool)
            .field("created_at", .datetime, .required)
            .unique(on: "session_id", "resource_id")
            .create()
        let sql = database as! any SQLDatabase
        // A criterion's id is its territory's: the default grid has the same ids everywhere.
        try await sql.raw(
            """
            CREATE TABLE inclusion_criteria (territory_id UUID NOT NULL REFERENCES territories(id) ON DELETE CASCADE, id UUID NOT NULL,
            dimension TEXT NOT NULL, text TEXT NOT NULL, position INTEGER NOT NULL, active BOOLEAN NOT NULL, PRIMARY KEY (territory_id, id))
            """
        ).run()
        try await database.schema("inclusion_equipment")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("address", .string, .required)
            .create()
        try await database.schema("inclusion_audits")
            .id()
            .field("equipment_id", .uuid, .required, .references("inclusion_equipment", "id", onDelete: .cascade))
            .field("audited_on", .string, .required)
            .field("auditors", .string, .required)
            .field("created_by", .uuid, .references("accounts", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("inclusion_answers")
            .field("audit_id", .uuid, .required, .references("inclusion_audits", "id", onDelete: .cascade))
            .field("criterion_id", .uuid, .required)
            .field("answer", .string, .required)
            .field("note", .string, .required)
            .unique(on: "audit_id", "criterion_id")
            .create()
        try await database.schema("inclusion_actions")
            .id()
            .field("equipment_id", .uuid, .required, .references("inclusion_equipment", "id", onDelete: .cascade))
            .field("audit_id", .uuid, .required, .references("inclusion_audits", "id", onDelete: .cascade))
            .field("criterion_id", .uuid, .required)
            .field("text", .string, .required)
            .field("owner", .string, .required)
            .field("due_on", .string, .required)
            .field("closed_on", .string)
            .field("closed_by_audit", .uuid, .references("inclusion_audits", "id", onDelete: .setNull))
            .create()
        try await sql.raw("CREATE INDEX inclusion_audits_equipment ON inclusion_audits (equipment_id, audited_on)").run()
        try await sql.raw("CREATE INDEX training_sessions_territory ON training_sessions (territory_id, starts_at)").run()
        try await sql.raw("CREATE INDEX training_enrolments_resource ON training_enrolments (resource_id)").run()
        try await sql.raw("CREATE INDEX interviews_resource ON interviews (resource_id, created_at)").run()
        try await sql.raw("CREATE INDEX training_wishes_territory ON training_wishes (territory_id, kind, subject)").run()
    }

    func revert(on database: any Database) async throws {
        for table in [
            "inclusion_actions", "inclusion_answers", "inclusion_audits", "inclusion_equipment", "inclusion_criteria", "training_enrolments",
            "training_sessions", "training_wishes", "interview_suggestions", "interviews", "learning_lexicon",
        ] {
            try await database.schema(table).delete()
        }
    }
}
