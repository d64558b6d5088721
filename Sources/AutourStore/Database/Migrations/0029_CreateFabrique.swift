import FluentKit
import SQLKit

/// The Fabrique: experience sheets with their French search index, and the elected officials'
/// strategy plans.
///
/// The search index differs by engine, the ranking does not (`SheetPart`):
/// - PostgreSQL analyses the sheets itself: `autour_french` is its `french` configuration with
///   `unaccent` before `french_stem` (unaccent is a trusted extension: the database's owner may
///   create it), and `search` is a generated column, one weight per part (A title … D body), with a
///   GIN index. Hyphens are read as spaces, so « porte-à-porte » gives the same terms as SQLite.
/// - SQLite has no French analyser: `experience_search` is an FTS5 table whose parts hold the terms
///   `FrenchSearch` computes in Swift, written by the service in the sheet's transaction, for
///   published sheets only; its rowid is the sheet's, and the columns the filters read are kept
///   beside the terms (unindexed) so that a search never leaves the index until its page of ten.
struct CreateFabrique: AsyncMigration {
    var name: String { "0029_create_fabrique" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("experience_sheets")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("context", .string, .required)
            .field("goals", .string, .required)
            .field("actions", .string, .required)
            .field("means", .string, .required)
            .field("cost_euros", .int64)
            .field("partners", .string, .required)
            .field("results", .string, .required)
            .field("lessons", .string, .required)
            .field("figures", .string, .required)  // the manual's figures between spaces: « ␣radar␣places␣ »
            .field("theme", .string, .required)
            .field("commune_size", .string, .required)
            .field("contact", .string, .required)
            .field("status", .string, .required)
            .field("shared", .bool, .required)
            .field("review_note", .string, .required)
            .field("term_count", .int64, .required)
            .field("author_id", .uuid, .references("accounts", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("published_at", .datetime)
            .create()
        try await sql.raw("CREATE INDEX experience_sheets_territory ON experience_sheets (territory_id, status, published_at)").run()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("CREATE EXTENSION IF NOT EXISTS unaccent").run()
            try await sql.raw("CREATE TEXT SEARCH CONFIGURATION autour_french (COPY = french)").run()
            try await sql.raw(
                """
                ALTER TEXT SEARCH CONFIGURATION autour_french ALTER MAPPING
                  FOR hword, hword_part, word, asciiword, asciihword, hword_asciipart WITH unaccent, french_stem
                """
            ).run()
            func part(_ columns: [String], _ weight: String) -> String {
                let text = columns.map { "coalesce(\($0), '')" }.joined(separator: " || ' ' || ")
                return "setweight(to_tsvector('autour_french'::regconfig, translate(\(text), '-', ' ')), '\(weight)')"
            }
            let vector = [
                part(["title"], "A"), part(["context", "goals"], "B"), part(["results", "lessons"], "C"),
                part(["actions", "means", "partners"], "D"),
            ].joined(separator: " || ")
            try await sql.raw("ALTER TABLE experience_sheets ADD COLUMN search tsvector GENERATED ALWAYS AS (\(unsafeRaw: vector)) STORED").run()
            try await sql.raw("CREATE INDEX experience_sheets_search ON experience_sheets USING gin (search)").run()
        } else {
            try await sql.raw(
                """
                CREATE VIRTUAL TABLE experience_search USING fts5(title, summary, outcome, body,
                  sheet_id UNINDEXED, territory_id UNINDEXED, shared UNINDEXED, theme UNINDEXED, commune_size UNINDEXED,
                  figures UNINDEXED, term_count UNINDEXED, published UNINDEXED, tokenize='unicode61')
                """
            ).run()
        }
        try await database.schema("strategy_plans")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("figures", .string, .required)
            .field("actions", .string, .required)  // JSON: the plan's actions in order
            .field("answers", .string, .required)  // JSON: the vigilance answers by figure and question
            .field("ready", .bool, .required)
            .field("created_by", .uuid, .references("accounts", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await sql.raw("CREATE INDEX strategy_plans_territory ON strategy_plans (territory_id)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("strategy_plans").delete()
        if sql.dialect.name == "postgresql" {
            try await database.schema("experience_sheets").delete()
            try await sql.raw("DROP TEXT SEARCH CONFIGURATION IF EXISTS autour_french").run()
        } else {
            try await sql.raw("DROP TABLE IF EXISTS experience_search").run()
            try await database.schema("experience_sheets").delete()
        }
    }
}
