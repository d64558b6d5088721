import FluentKit
import SQLKit

/// A counter that every change to what the candidate pool is built from (resource persons, needs,
/// skills, settings) moves, by trigger, whoever writes: a page, the API, a background job, the
/// `autour` command or another server. Each server keeps its pools in memory and rebuilds one
/// only when the counter has moved (`EnergiesRepository.pool`).
struct CountEnergiesChanges: AsyncMigration {
    var name: String { "0019_count_energies_changes" }
    static let tables = ["resource_persons", "needs", "energy_skills", "energy_settings"]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE TABLE energy_pool_version (version BIGINT NOT NULL)").run()
        try await sql.raw("INSERT INTO energy_pool_version (version) VALUES (0)").run()
        if sql.dialect.name == "postgresql" {
            try await sql.raw(
                """
                CREATE FUNCTION energy_pool_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN UPDATE energy_pool_version SET version = version + 1; RETURN NULL; END $$
                """
            ).run()
            for table in Self.tables {
                try await sql.raw(
                    """
                    CREATE TRIGGER \(unsafeRaw: table)_pool_changed AFTER INSERT OR UPDATE OR DELETE ON \(unsafeRaw: table)
                    FOR EACH STATEMENT EXECUTE FUNCTION energy_pool_changed()
                    """
                ).run()
            }
        } else {
            for table in Self.tables {
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    try await sql.raw(
                        """
                        CREATE TRIGGER \(unsafeRaw: table)_pool_\(unsafeRaw: event.lowercased()) AFTER \(unsafeRaw: event) ON \(unsafeRaw: table)
                        BEGIN UPDATE energy_pool_version SET version = version + 1; END
                        """
                    ).run()
                }
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "postgresql" {
            for table in Self.tables { try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_pool_changed ON \(unsafeRaw: table)").run() }
            try await sql.raw("DROP FUNCTION IF EXISTS energy_pool_changed()").run()
        } else {
            for table in Self.tables {
                for event in ["insert", "update", "delete"] { try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_pool_\(unsafeRaw: event)").run() }
            }
        }
        try await sql.raw("DROP TABLE IF EXISTS energy_pool_version").run()
    }
}
