import FluentKit
import SQLKit

/// The time bank's ledger. Entries are written first and their transfer last: the foreign key from
/// an entry to its transfer is checked at commit (deferred), and the transfer's insert checks that
/// its entries balance. So the database itself refuses an unbalanced transfer, entries added to a
/// recorded transfer, and any update or deletion of entries or transfers, on both backends.
struct CreateTimeBank: AsyncMigration {
    var name: String { "0013_create_timebank" }

    func prepare(on database: any Database) async throws {
        try await database.schema("timebank_accounts")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("owner_id", .uuid, .references("accounts", "id", onDelete: .setNull))
            .field("name", .string, .required)
            .field("balance_minutes", .int64, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "owner_id")
            .create()
        try await database.schema("timebank_limits")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("floor_minutes", .int, .required)
            .field("ceiling_minutes", .int, .required)
            .field("request_days", .int, .required)
            .field("welcome_minutes", .int, .required)
            .unique(on: "territory_id")
            .create()
        try await database.schema("timebank_transfers")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id"))
            .field("sequence", .int64, .required)
            .field("idempotency_key", .string, .required)
            .field("fingerprint", .string, .required)
            .field("description", .string, .required)
            .field("kind", .string, .required)
            .field("created_by", .uuid)
            .field("on_behalf", .bool, .required)
            .field("request_id", .uuid)
            .field("listing_id", .uuid)
            .field("created_at", .datetime, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "territory_id", "sequence")
            .unique(on: "territory_id", "idempotency_key")
            .create()
        let sql = database as! any SQLDatabase
        let postgres = sql.dialect.name == "postgresql"
        try await sql.raw(
            """
            CREATE TABLE "timebank_entries" (
              "id" UUID PRIMARY KEY,
              "transfer_id" UUID NOT NULL REFERENCES "timebank_transfers" ("id") DEFERRABLE INITIALLY DEFERRED,
              "account_id" UUID NOT NULL REFERENCES "timebank_accounts" ("id"),
              "minutes" \(unsafeRaw: postgres ? "BIGINT" : "INTEGER") NOT NULL CHECK ("minutes" <> 0))
            """
        ).run()
        try await database.index("timebank_entries_transfer", on: "timebank_entries", columns: ["transfer_id"])
        try await database.index("timebank_entries_account", on: "timebank_entries", columns: ["account_id"])
        try await database.schema("timebank_requests")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("provider_account", .uuid, .required, .references("timebank_accounts", "id"))
            .field("payer_account", .uuid, .required, .references("timebank_accounts", "id"))
            .field("minutes", .int, .required)
            .field("description", .string, .required)
            .field("status", .string, .required)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("answered_at", .datetime)
            .field("listing_id", .uuid)
            .create()
        try await database.schema("timebank_listings")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("account_id", .uuid, .required, .references("timebank_accounts", "id"))
            .field("kind", .string, .required)
            .field("category", .string, .required)
            .field("neighbourhood", .string)
            .field("title", .string, .required)
            .field("details", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        if postgres {
            try await sql.raw(
                """
                CREATE FUNCTION timebank_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the time-bank ledger is append-only'; END $$
                """
            ).run()
            try await sql.raw(
                """
                CREATE FUNCTION timebank_entry_open() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF EXISTS (SELECT 1 FROM timebank_transfers WHERE id = NEW.transfer_id) THEN
                    RAISE EXCEPTION 'entries cannot be added to a recorded transfer';
                  END IF;
                  RETURN NEW;
                END $$
                """
            ).run()
            try await sql.raw(
                """
                CREATE FUNCTION timebank_transfer_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF (SELECT COUNT(*) FROM timebank_entries WHERE transfer_id = NEW.id) < 2
                     OR (SELECT COALESCE(SUM(minutes), 1) FROM timebank_entries WHERE transfer_id = NEW.id) <> 0 THEN
                    RAISE EXCEPTION 'unbalanced transfer';
                  END IF;
                  RETURN NEW;
                END $$
                """
            ).run()
            for statement in [
                "CREATE TRIGGER timebank_entries_no_update BEFORE UPDATE OR DELETE ON timebank_entries FOR EACH ROW EXECUTE FUNCTION timebank_refuse_change()",
                "CREATE TRIGGER timebank_transfers_no_update BEFORE UPDATE OR DELETE ON timebank_transfers FOR EACH ROW EXECUTE FUNCTION timebank_refuse_change()",
                "CREATE TRIGGER timebank_entries_open BEFORE INSERT ON timebank_entries FOR EACH ROW EXECUTE FUNCTION timebank_entry_open()",
                "CREATE TRIGGER timebank_transfers_balanced AFTER INSERT ON timebank_transfers FOR EACH ROW EXECUTE FUNCTION timebank_transfer_balanced()",
            ] { try await sql.raw(SQLQueryString(statement)).run() }
        } else {
            for statement in [
                "CREATE TRIGGER timebank_entries_no_update BEFORE UPDATE ON timebank_entries BEGIN SELECT RAISE(ABORT, 'the time-bank ledger is append-only'); END",
                "CREATE TRIGGER timebank_entries_no_delete BEFORE DELETE ON timebank_entries BEGIN SELECT RAISE(ABORT, 'the time-bank ledger is append-only'); END",
                "CREATE TRIGGER timebank_transfers_no_update BEFORE UPDATE ON timebank_transfers BEGIN SELECT RAISE(ABORT, 'the time-bank ledger is append-only'); END",
                "CREATE TRIGGER timebank_transfers_no_delete BEFORE DELETE ON timebank_transfers BEGIN SELECT RAISE(ABORT, 'the time-bank ledger is append-only'); END",
                """
                CREATE TRIGGER timebank_entries_open BEFORE INSERT ON timebank_entries
                WHEN EXISTS (SELECT 1 FROM timebank_transfers WHERE id = NEW.transfer_id)
                BEGIN SELECT RAISE(ABORT, 'entries cannot be added to a recorded transfer'); END
                """,
                """
                CREATE TRIGGER timebank_transfers_balanced AFTER INSERT ON timebank_transfers
                WHEN (SELECT COUNT(*) FROM timebank_entries WHERE transfer_id = NEW.id) < 2
                  OR (SELECT COALESCE(SUM(minutes), 1) FROM timebank_entries WHERE transfer_id = NEW.id) <> 0
                BEGIN SELECT RAISE(ABORT, 'unbalanced transfer'); END
                """,
            ] { try await sql.raw(SQLQueryString(statement)).run() }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for table in ["timebank_listings", "timebank_requests", "timebank_entries", "timebank_transfers", "timebank_limits", "timebank_accounts"] {
            try await sql.raw(SQLQueryString("DROP TABLE IF EXISTS \"\(table)\"")).run()
        }
    }
}
