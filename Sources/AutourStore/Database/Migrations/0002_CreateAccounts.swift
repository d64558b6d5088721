import FluentKit

struct CreateAccounts: AsyncMigration {
    var name: String { "0002_create_accounts" }

    func prepare(on database: any Database) async throws {
        // E-mails are unique across the instance: the login form does not ask for a territory.
        try await database.schema("accounts")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("password_hash", .string, .required)
            .field("roles", .string, .required)
            .field("is_social_worker", .bool, .required)
            .field("active", .bool, .required)
            .field("failed_logins", .int, .required)
            .field("locked_until", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "email")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("accounts").delete()
    }
}
