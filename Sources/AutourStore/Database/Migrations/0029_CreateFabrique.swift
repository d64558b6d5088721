import FluentKit
import SQLKit

/// The Fabrique: experience sheets with their French search index, and the elected officials'
/// strategy plans.
///
/// The search index differs by engine, the ranking does not (`SheetPart.score`: for each term of
/// the query, the weights of the parts of the sheet that hold it):
/// - PostgreSQL analyses the sheets itself: `autour_french` is its `french` configuration with
///   `unaccent` before `french_stem` (unaccent is a trusted extension: the database's owner may
///   create it). `search` (one weight per part, A title … D body, GIN index) finds the sheets;
///   `rank_a` … `rank_d` hold each part's terms without positions, so that one `ts_rank` call per
///   part counts the query's terms it holds (each present term adds exactly 1/1.64493406685/k,
///   PostgreSQL's harmonic normalisation): four small reads per sheet, not one per term and part.
///   Hyphens are read as spaces, so « porte-à-porte » gives the same terms as SQLite.
/// - SQLite has no French analyser: the service writes the terms `FrenchSearch` computes in Swift,
///   in the sheet's transaction, for published sheets only. `experience_search` is a contentless
///   FTS5 table whose rowid is the sheet's `search_order` (so the ties sort by rowid), with two columns: `terms` (every term, to find the sheets)
///   and `tags` (each term tagged with its part, « isol_a »: one short doclist per term and part,
///   which the score reads as sets); `experience_rank` holds, by the same rowid, the sheet's id and
///   the few columns visibility and the filters read, so that a search never reads a sheet until
///   its page of ten, nor this table when everything indexed is visible and nothing is filtered.
///   (Migration 0030 replaced `experience_search` by one column per part; `experience_rank` stays.)
/// Each publication takes the next `search_order` (a sequence on PostgreSQL, the maximum plus one
/// under SQLite's single writer); the ranking's last tie-break is this number, newest first.
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
            .field("search_order", .int64)  // the publication's number: the ranking's tie-break, SQLite's index rowid
            .field("author_id", .uuid, .references("accounts", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("published_at", .datetime)
            .create()
        try await sql.raw("CREATE INDEX experience_sheets_territory ON experience_sheets (territory_id, status, published_at)").run()
        try await sql.raw("CREATE UNIQUE INDEX experience_sheets_order ON experience_sheets (search_order)").run()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("CREATE EXTENSION IF NOT EXISTS unaccent").run()
            try await sql.raw("CREATE SEQUENCE experience_search_order").run()
            try await sql.raw("CREATE TEXT SEARCH CONFIGURATION autour_french (COPY = french)").run()
            try await sql.raw(
                """
                ALTER TEXT SEARCH CONFIGURATION autour_french ALTER MAPPING
                  FOR hword, hword_part, word, asciiword, asciihword, hword_asciipart WITH unaccent, french_stem
                """
            ).run()
            let parts: [(columns: [String], weight: String)] = [
                (["title"], "A"), (["context", "goals"], "B"), (["results", "lessons"], "C"), (["actions", "means", "partners"], "D"),
            ]
            func vector(_ columns: [String]) -> String {
                let text = columns.map { "coalesce(\($0), '')" }.joined(separator: " || ' ' || ")
                return "to_tsvector('autour_french'::regconfig, translate(\(text), '-', ' '))"
            }
            let search = parts.map { "setweight(\(vector($0.columns)), '\($0.weight)')" }.joined(separator: " || ")
            try await sql.raw("ALTER TABLE experience_sheets ADD COLUMN search tsvector GENERATED ALWAYS AS (\(unsafeRaw: search)) STORED").run()
            for part in parts {
                try await sql.raw(
                    """
                    ALTER TABLE experience_sheets ADD COLUMN rank_\(unsafeRaw: part.weight.lowercased()) tsvector
                      GENERATED ALWAYS AS (strip(\(unsafeRaw: vector(part.columns)))) STORED
                    """
                ).run()
            }
            try await sql.raw("CREATE INDEX experience_sheets_search ON experience_sheets USING gin (search)").run()
        } else {
            try await sql.raw(
                """
                CREATE VIRTUAL TABLE experience_search USING fts5(terms, tags, content='', contentless_delete=1, detail=column,
                  tokenize="unicode61 tokenchars '._'")
                """
            ).run()
            try await sql.raw(
                """
                CREATE TABLE experience_rank (rowid INTEGER PRIMARY KEY, sheet_id TEXT NOT NULL, territory_id TEXT NOT NULL, shared INTEGER NOT NULL,
                  theme TEXT NOT NULL, commune_size TEXT NOT NULL, figures TEXT NOT NULL)
                """
            ).run()
            try await sql.raw("CREATE INDEX experience_rank_scope ON experience_rank (shared, territory_id)").run()
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
            try await sql.raw("DROP SEQUENCE IF EXISTS experience_search_order").run()
        } else {
            try await sql.raw("DROP TABLE IF EXISTS experience_search").run()
            try await sql.raw("DROP TABLE IF EXISTS experience_rank").run()
            try await database.schema("experience_sheets").delete()
        }
    }
}
