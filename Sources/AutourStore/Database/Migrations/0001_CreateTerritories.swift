import FluentKit

struct CreateTerritories: AsyncMigration {
    var name: String { "0001_create_territories" }

    func prepare(on database: any Database) async throws {
        try await database.schema("territories")
            .id()
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("communes", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "slug")
            .create()
        try await database.schema("neighbourhoods")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("commune_code", .string, .required)
            .unique(on: "territory_id", "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("neighbourhoods").delete()
        try await database.schema("territories").delete()
    }
}
