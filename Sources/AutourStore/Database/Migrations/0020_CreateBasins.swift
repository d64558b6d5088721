import FluentKit
import SQLKit

/// The communes of France (imported by `autour communes import`) and the life basins' answers.
/// An answer keeps only the day it was given, not the time: the questionnaire is anonymous, and a
/// timestamp could be matched with a web server's log.
struct CreateBasins: AsyncMigration {
    var name: String { "0020_create_basins" }

    func prepare(on database: any Database) async throws {
        try await database.schema("communes")
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("search_name", .string, .required)
            .field("population", .int, .required)
            .field("departement", .string, .required)
            .field("epci_siren", .string)
            .field("lat", .double, .required)
            .field("lon", .double, .required)
            .create()
        try await database.schema("commune_boundaries")
            .field("code", .string, .identifier(auto: false))
            .field("geometry", .string, .required)
            .create()
        try await database.schema("epcis")
            .field("siren", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .create()
        try await database.schema("basin_answers")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("source", .string, .required)
            .field("person_id", .uuid, .references("persons", "id", onDelete: .setNull))
            .field("answered_on", .string, .required)  // YYYY-MM-DD
            .create()
        try await database.schema("basin_uses")
            .field("answer_id", .uuid, .required, .references("basin_answers", "id", onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("commune", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX basin_answers_territory ON basin_answers (territory_id)").run()
        try await sql.raw("CREATE INDEX basin_uses_answer ON basin_uses (answer_id)").run()
        try await sql.raw("CREATE INDEX communes_departement ON communes (departement)").run()
        try await sql.raw("CREATE INDEX communes_epci ON communes (epci_siren)").run()
        try await sql.raw("CREATE INDEX communes_search_name ON communes (search_name)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["basin_uses", "basin_answers", "epcis", "commune_boundaries", "communes"] { try await database.schema(table).delete() }
    }
}
