import FluentKit

struct CreateDirectory: AsyncMigration {
    var name: String { "0008_create_directory" }

    func prepare(on database: any Database) async throws {
        // The record itself is kept as JSON text (`data`); the other columns are copies of the
        // fields searched on. Lists are stored as ",a,b," so one LIKE finds a value.
        try await database.schema("di_structures")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("di_id", .string, .required)
            .field("name", .string, .required)
            .field("updated_on", .string, .required)
            .field("data", .string, .required)
            .unique(on: "territory_id", "di_id")
            .create()
        try await database.schema("di_services")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("di_id", .string, .required)
            .field("structure_di_id", .string, .required)
            .field("name", .string, .required)
            .field("updated_on", .string, .required)
            .field("thematiques", .string, .required)
            .field("publics", .string, .required)
            .field("code_insee", .string)
            .field("data", .string, .required)
            .unique(on: "territory_id", "di_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("di_services").delete()
        try await database.schema("di_structures").delete()
    }
}
