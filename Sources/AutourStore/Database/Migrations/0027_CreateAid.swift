import FluentKit
import SQLKit

/// Optional aid (the grid on the reste à vivre is a territory setting): each year's ceiling and
/// budget per kind, the applications with what the instruction computed, the commissions and their decisions,
/// and the payments made against the budget.
struct CreateAid: AsyncMigration {
    var name: String { "0027_create_aid" }

    func prepare(on database: any Database) async throws {
        try await database.schema("aid_budgets")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("year", .int, .required)
            .field("kind", .string, .required)
            .field("ceiling_cents", .int, .required)
            .field("budget_cents", .int, .required)
            .unique(on: "territory_id", "year", "kind")
            .create()
        try await database.schema("aid_commissions")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("meets_on", .string, .required)
            .field("minutes", .string, .required)
            .field("closed_at", .datetime)
            .field("closed_by", .uuid)
            .create()
        try await database.schema("aid_applications")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("persons", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("requested_cents", .int, .required)
            .field("reason", .string, .required)
            .field("resources_cents", .int, .required)
            .field("charges_cents", .int, .required)
            .field("adults", .int, .required)
            .field("children", .int, .required)
            .field("daily_cents", .int, .required)
            .field("proposal_cents", .int)
            .field("status", .string, .required)
            .field("commission_id", .uuid, .references("aid_commissions", "id", onDelete: .setNull))
            .field("granted_cents", .int)
            .field("decision_reason", .string, .required)
            .field("decided_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("created_by", .uuid)
            .create()
        // Every decision, kept apart from the application: a postponed application comes back to a
        // later commission, and each commission's minutes list what it decided.
        try await database.schema("aid_decisions")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("application_id", .uuid, .required, .references("aid_applications", "id", onDelete: .cascade))
            .field("commission_id", .uuid, .required, .references("aid_commissions", "id", onDelete: .cascade))
            .field("decision", .string, .required)
            .field("amount_cents", .int)
            .field("reason", .string, .required)
            .field("decided_at", .datetime, .required)
            .field("decided_by", .uuid)
            .create()
        try await database.schema("aid_payments")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("application_id", .uuid, .required, .references("aid_applications", "id", onDelete: .cascade))
            .field("year", .int, .required)
            .field("kind", .string, .required)
            .field("amount_cents", .int, .required)
            .field("payee", .string, .required)
            .field("creditor", .string, .required)
            .field("paid_on", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .uuid)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX aid_applications_territory ON aid_applications (territory_id, status)").run()
        try await sql.raw("CREATE INDEX aid_applications_person ON aid_applications (person_id)").run()
        try await sql.raw("CREATE INDEX aid_decisions_commission ON aid_decisions (commission_id)").run()
        try await sql.raw("CREATE INDEX aid_payments_budget ON aid_payments (territory_id, year, kind)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["aid_payments", "aid_decisions", "aid_applications", "aid_commissions", "aid_budgets"] {
            try await database.schema(table).delete()
        }
    }
}
