import FluentKit
import SQLKit

/// Rights: each file's household situation as the agent reviewed it (JSON, the CLI's format),
/// the screenings OpenFisca computed (one row per household and month), the caseload batches
/// with their progress, and the non-take-up findings followed up in the person's file.
struct CreateRights: AsyncMigration {
    var name: String { "0026_create_rights" }

    func prepare(on database: any Database) async throws {
        try await database.schema("rights_situations")
            .field("person_id", .uuid, .identifier(auto: false), .references("persons", "id", onDelete: .cascade))
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("situation", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .uuid)
            .create()
        try await database.schema("rights_batches")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("period", .string, .required)
            .field("total", .int, .required)
            .field("done", .int, .required)
            .field("findings", .int, .required)
            .field("state", .string, .required)
            .field("message", .string, .required)
            .field("started_at", .datetime, .required)
            .field("finished_at", .datetime)
            .field("started_by", .uuid)
            .create()
        try await database.schema("rights_screenings")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("persons", "id", onDelete: .cascade))
            .field("period", .string, .required)
            .field("results", .string, .required)
            .field("screened_at", .datetime, .required)
            .field("batch_id", .uuid, .references("rights_batches", "id", onDelete: .setNull))
            .create()
        try await database.schema("rights_findings")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("persons", "id", onDelete: .cascade))
            .field("benefit", .string, .required)
            .field("period", .string, .required)
            .field("monthly_cents", .int, .required)
            .field("owner_id", .uuid, .references("accounts", "id", onDelete: .setNull))
            .field("deadline", .string, .required)
            .field("outcome", .string, .required)
            .field("note", .string, .required)
            .field("created_at", .datetime, .required)
            .field("closed_at", .datetime)
            .field("closed_by", .uuid)
            .unique(on: "person_id", "benefit", "period")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX rights_screenings_person ON rights_screenings (person_id, screened_at)").run()
        try await sql.raw("CREATE INDEX rights_findings_territory ON rights_findings (territory_id, outcome)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["rights_findings", "rights_screenings", "rights_batches", "rights_situations"] { try await database.schema(table).delete() }
    }
}
