import FluentKit

struct AddHouseholds: AsyncMigration {
    var name: String { "0010_add_households" }

    // A household is the id its members share: nothing else to store about it yet.
    func prepare(on database: any Database) async throws {
        try await database.schema("persons").field("household_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("persons").deleteField("household_id").update()
    }
}
