import FluentKit

struct CreateSettings: AsyncMigration {
    var name: String { "0006_create_settings" }

    func prepare(on database: any Database) async throws {
        try await database.schema("settings")
            .id()
            .field("key", .string, .required)
            .field("value", .string, .required)
            .unique(on: "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("settings").delete()
    }
}
