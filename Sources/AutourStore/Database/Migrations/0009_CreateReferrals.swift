import FluentKit

struct CreateReferrals: AsyncMigration {
    var name: String { "0009_create_referrals" }

    func prepare(on database: any Database) async throws {
        // Which directory structure a partner account answers for.
        try await database.schema("partner_structures")
            .id()
            .field("account_id", .uuid, .required, .references("accounts", "id", onDelete: .cascade))
            .field("structure_di_id", .string, .required)
            .unique(on: "account_id")
            .create()
        try await database.schema("referrals")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("persons", "id", onDelete: .cascade))
            .field("service_di_id", .string, .required)
            .field("structure_di_id", .string, .required)
            .field("service_name", .string, .required)
            .field("structure_name", .string, .required)
            .field("note", .string, .required)
            .field("status", .string, .required)
            .field("reason", .string)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("responded_at", .datetime)
            .create()
        try await database.index("referrals_structure", on: "referrals", columns: ["territory_id", "structure_di_id"])
        try await database.index("referrals_person", on: "referrals", columns: ["person_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema("referrals").delete()
        try await database.schema("partner_structures").delete()
    }
}
