import AutourCore
import Crypto
import FluentKit
import Foundation
import SQLKit

/// The ledger's hash now covers every stored field of a transfer (description, kind, author,
/// on-behalf, request, listing, key), not only its entries and time. Each territory's chain is
/// recomputed under the new rule while the old one still verifies; from the first transfer whose
/// old hash no longer matches, rows are left as they are, so `ledger verify` keeps reporting
/// that break rather than the upgrade blessing it. The ledger is append-only: the trigger that
/// refuses updates is lifted for this one step and put back.
struct RehashLedger: AsyncMigration {
    var name: String { "0015_rehash_ledger" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let isPostgres = sql.dialect.name == "postgresql"
        let transfers = try await sql.select().columns(TimeBankRepository.TransferRow.columns).from("timebank_transfers")
            .orderBy("territory_id").orderBy("sequence").all(decoding: TimeBankRepository.TransferRow.self)
        guard !transfers.isEmpty else { return }
        let entries = Dictionary(
            grouping: try await sql.select().columns("transfer_id", "account_id", "minutes").from("timebank_entries")
                .all(decoding: TimeBankRepository.EntryRow.self), by: \.transfer_id)
        if isPostgres {
            try await sql.raw("DROP TRIGGER timebank_transfers_no_update ON timebank_transfers").run()
        } else {
            try await sql.raw("DROP TRIGGER timebank_transfers_no_update").run()
        }
        var chains: [UUID: (oldPrevious: String, newPrevious: String, intact: Bool)] = [:]
        for row in transfers {
            var chain = chains[row.territory_id] ?? (LedgerRules.genesis, LedgerRules.genesis, true)
            let lines = (entries[row.id] ?? []).map { LedgerEntry(accountId: $0.account_id, minutes: Int($0.minutes)) }
            chain.intact =
                chain.intact && row.previous_hash == chain.oldPrevious
                && Self.legacyHash(sequence: row.sequence, at: row.created_at, entries: lines, previousHash: row.previous_hash) == row.hash
            if chain.intact {
                let hash = LedgerRules.hash(row.stored(lines), previousHash: chain.newPrevious)
                try await sql.update("timebank_transfers").set("previous_hash", to: SQLBind(chain.newPrevious)).set("hash", to: SQLBind(hash))
                    .where("id", .equal, SQLBind(row.id)).run()
                chain.newPrevious = hash
            }
            chain.oldPrevious = row.hash
            chains[row.territory_id] = chain
        }
        if isPostgres {
            try await sql.raw(
                "CREATE TRIGGER timebank_transfers_no_update BEFORE UPDATE OR DELETE ON timebank_transfers FOR EACH ROW EXECUTE FUNCTION timebank_refuse_change()"
            ).run()
        } else {
            try await sql.raw(
                "CREATE TRIGGER timebank_transfers_no_update BEFORE UPDATE ON timebank_transfers BEGIN SELECT RAISE(ABORT, 'the time-bank ledger is append-only'); END"
            ).run()
        }
    }

    func revert(on database: any Database) async throws {}

    /// The rule of migration 0013, kept here only to check the chain before it is rehashed.
    static func legacyHash(sequence: Int64, at: Date, entries: [LedgerEntry], previousHash: String) -> String {
        let lines = entries.sorted { $0.accountId.uuidString < $1.accountId.uuidString }
            .map { "\($0.accountId.uuidString):\($0.minutes)" }.joined(separator: ",")
        let text = "\(sequence)|\(AuditChain.milliseconds(at))|\(lines)|\(previousHash)"
        return Tokens.hex(SHA256.hash(data: Data(text.utf8)))
    }
}
