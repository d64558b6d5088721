import FluentKit

struct CreatePeople: AsyncMigration {
    var name: String { "0007_create_people" }

    func prepare(on database: any Database) async throws {
        // search_* columns hold folded text (no accents, lower case) so that one LIKE works the
        // same on SQLite and PostgreSQL.
        try await database.schema("persons")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("first_name", .string, .required)
            .field("last_name", .string, .required)
            .field("birth_date", .string)
            .field("address", .string)
            .field("commune_code", .string)
            .field("neighbourhood", .string)
            .field("phone", .string)
            .field("email", .string)
            .field("languages", .string, .required)
            .field("flags", .string, .required)
            .field("search_name", .string, .required)
            .field("search_address", .string, .required)
            .field("search_phone", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("erased_at", .datetime)
            .field("merged_into", .uuid)
            .create()
        try await database.index("persons_territory_name", on: "persons", columns: ["territory_id", "search_name"])
        try await database.schema("consents")
            .id()
            .field("person_id", .uuid, .required, .references("persons", "id", onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("partner_name", .string)
            .field("method", .string, .required)
            .field("given_by", .string, .required)
            .field("given_at", .datetime, .required)
            .field("recorded_by", .uuid, .required)
            .field("withdrawn_at", .datetime)
            .create()
        try await database.index("consents_person", on: "consents", columns: ["person_id"])
        try await database.schema("follow_ups")
            .id()
            .field("person_id", .uuid, .required, .references("persons", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("at", .datetime, .required)
            .field("author_id", .uuid, .required)
            .field("summary", .string, .required)
            .field("visibility", .string, .required)
            .create()
        try await database.index("follow_ups_person", on: "follow_ups", columns: ["person_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema("follow_ups").delete()
        try await database.schema("consents").delete()
        try await database.schema("persons").delete()
    }
}
