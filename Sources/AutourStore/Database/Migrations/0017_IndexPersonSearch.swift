import FluentKit
import SQLKit

/// A trigram index over the persons' folded name, address and phone, so that a search costs the
/// same at 200 000 files as at 5 000 (a `LIKE '%…%'` reads every file of the territory).
///
/// SQLite: an FTS5 table with the trigram tokenizer whose content is the persons table itself
/// (nothing is stored twice), kept by triggers. It maps files by rowid, which only `VACUUM` can
/// renumber: Autour never runs it; after a manual one, rebuild the index with
/// `INSERT INTO persons_search(persons_search) VALUES('rebuild')`.
/// PostgreSQL: `pg_trgm` GIN indexes, which `LIKE '%…%'` uses as it is (pg_trgm is a trusted
/// extension: the database's owner may create it).
struct IndexPersonSearch: AsyncMigration {
    var name: String { "0017_index_person_search" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name != "postgresql" else {
            try await sql.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm").run()
            for column in ["search_name", "search_address", "search_phone"] {
                try await sql.raw("CREATE INDEX persons_\(unsafeRaw: column)_trgm ON persons USING gin (\(unsafeRaw: column) gin_trgm_ops)").run()
            }
            return
        }
        try await sql.raw(
            """
            CREATE VIRTUAL TABLE persons_search USING fts5(search_name, search_address, search_phone,
              content='persons', content_rowid='rowid', tokenize='trigram')
            """
        ).run()
        try await sql.raw("INSERT INTO persons_search(persons_search) VALUES('rebuild')").run()
        let insertNew = """
            INSERT INTO persons_search(rowid, search_name, search_address, search_phone)
              VALUES (new.rowid, new.search_name, new.search_address, new.search_phone);
            """
        let deleteOld = """
            INSERT INTO persons_search(persons_search, rowid, search_name, search_address, search_phone)
              VALUES ('delete', old.rowid, old.search_name, old.search_address, old.search_phone);
            """
        try await sql.raw("CREATE TRIGGER persons_search_insert AFTER INSERT ON persons BEGIN \(unsafeRaw: insertNew) END").run()
        try await sql.raw("CREATE TRIGGER persons_search_delete AFTER DELETE ON persons BEGIN \(unsafeRaw: deleteOld) END").run()
        try await sql.raw(
            """
            CREATE TRIGGER persons_search_update AFTER UPDATE OF search_name, search_address, search_phone ON persons
            BEGIN \(unsafeRaw: deleteOld) \(unsafeRaw: insertNew) END
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name != "postgresql" else {
            for column in ["search_name", "search_address", "search_phone"] {
                try await sql.raw("DROP INDEX IF EXISTS persons_\(unsafeRaw: column)_trgm").run()
            }
            return
        }
        for trigger in ["insert", "delete", "update"] { try await sql.raw("DROP TRIGGER IF EXISTS persons_search_\(unsafeRaw: trigger)").run() }
        try await sql.raw("DROP TABLE IF EXISTS persons_search").run()
    }
}
