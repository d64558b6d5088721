import FluentKit
import SQLKit

/// Learning: the territory's interview lexicon, the skills-and-needs interviews, what the person
/// accepted of their suggestions, and the wishes to teach or to learn a subject.
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
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX interviews_resource ON interviews (resource_id, created_at)").run()
        try await sql.raw("CREATE INDEX training_wishes_territory ON training_wishes (territory_id, kind, subject)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["training_wishes", "interview_suggestions", "interviews", "learning_lexicon"] {
            try await database.schema(table).delete()
        }
    }
}
