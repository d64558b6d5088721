import AutourCore
import AutourStore
import AutourTesting
import Crypto
import FluentKit
import Foundation
import Logging
import SQLKit
import Testing

@Suite("Time bank ledger in the store")
struct TimeBankLedgerTests {
    struct Members {
        let territory: Territory
        let welcome: TimeAccount
        let members: [TimeAccount]
    }

    func members(_ store: Store, count: Int = 3) async throws -> Members {
        let fixture = try await Fixture.make(store, slug: "tb-\(UUID().uuidString.prefix(6).lowercased())")
        let welcome = try await store.timeBank.systemAccount(.welcome, territoryId: fixture.territory.id)
        var members: [TimeAccount] = []
        for i in 0..<count {
            let account = try await store.accounts.create(
                territoryId: fixture.territory.id, email: "membre\(i)-\(UUID().uuidString.prefix(4))@tb.test",
                name: "Membre \(i)", roles: [.volunteer], password: Fixture.password)
            members.append(try await store.timeBank.openMemberAccount(ownerId: account.id, name: account.name, territoryId: fixture.territory.id))
        }
        return Members(territory: fixture.territory, welcome: welcome, members: members)
    }

    func balance(_ store: Store, _ account: TimeAccount) async throws -> Int {
        try await store.timeBank.account(id: account.id, territoryId: account.territoryId)!.balanceMinutes
    }

    @Test(
        "a transfer moves time between two accounts; the same key moves nothing twice; another body with it is a conflict",
        arguments: TestBackend.all)
    func transfersAndIdempotency(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let m = try await members(store)
            let (a, b) = (m.members[0], m.members[1])
            let first = try await store.timeBank.transfer(
                from: a.id, to: b.id, minutes: 90, idempotencyKey: "clé-000001", description: "Jardinage",
                territoryId: m.territory.id, actor: nil)
            #expect(first.created)
            let again = try await store.timeBank.transfer(
                from: a.id, to: b.id, minutes: 90, idempotencyKey: "clé-000001", description: "Jardinage",
                territoryId: m.territory.id, actor: nil)
            #expect(!again.created)
            #expect(again.transfer.id == first.transfer.id)
            #expect(try await balance(store, a) == -90)
            #expect(try await balance(store, b) == 90)
            await #expect(throws: AutourError.self) {
                _ = try await store.timeBank.transfer(
                    from: a.id, to: b.id, minutes: 60, idempotencyKey: "clé-000001", description: "Jardinage",
                    territoryId: m.territory.id, actor: nil)
            }
            #expect(try await store.timeBank.verify().isIntact)
        }
    }

    @Test("members stay between the floor (−20 h) and the ceiling (+40 h); system accounts have no limits", arguments: TestBackend.all)
    func limits(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let m = try await members(store)
            let (a, b) = (m.members[0], m.members[1])
            _ = try await store.timeBank.transfer(
                from: a.id, to: b.id, minutes: 20 * 60, idempotencyKey: "floor-0001", description: "",
                territoryId: m.territory.id, actor: nil)
            await #expect(throws: AutourError.self) {
                _ = try await store.timeBank.transfer(
                    from: a.id, to: b.id, minutes: 1, idempotencyKey: "floor-0002", description: "",
                    territoryId: m.territory.id, actor: nil)
            }
            for i in 0..<2 {
                _ = try await store.timeBank.transfer(
                    from: m.welcome.id, to: b.id, minutes: 10 * 60, idempotencyKey: "ceil-000\(i)", description: "",
                    territoryId: m.territory.id, actor: nil)
            }
            await #expect(throws: AutourError.self) {
                _ = try await store.timeBank.transfer(
                    from: m.welcome.id, to: b.id, minutes: 1, idempotencyKey: "ceil-0009", description: "",
                    territoryId: m.territory.id, actor: nil)
            }
            #expect(try await balance(store, a) == -20 * 60)
            #expect(try await balance(store, b) == 40 * 60)
            #expect(try await balance(store, m.welcome) == -20 * 60)
            #expect(try await store.timeBank.verify().isIntact)
        }
    }

    @Test("the database itself refuses an unbalanced transfer, entries added later, and any update or deletion", arguments: TestBackend.all)
    func databaseRefuses(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let m = try await members(store)
            let (a, b) = (m.members[0], m.members[1])
            let done = try await store.timeBank.transfer(
                from: a.id, to: b.id, minutes: 30, idempotencyKey: "ok-000001", description: "",
                territoryId: m.territory.id, actor: nil)
            let sql = try store.database.db as! any SQLDatabase
            func unbalanced() async throws {
                try await store.database.write { tx in
                    let sql = tx as! any SQLDatabase
                    let id = UUID()
                    try await sql.insert(into: "timebank_entries").columns("id", "transfer_id", "account_id", "minutes")
                        .values(SQLBind(UUID()), SQLBind(id), SQLBind(a.id), SQLBind(Int64(-30))).run()
                    try await sql.insert(into: "timebank_entries").columns("id", "transfer_id", "account_id", "minutes")
                        .values(SQLBind(UUID()), SQLBind(id), SQLBind(b.id), SQLBind(Int64(20))).run()
                    try await sql.insert(into: "timebank_transfers")
                        .columns(
                            "id", "territory_id", "sequence", "idempotency_key", "fingerprint", "description", "kind", "on_behalf", "created_at",
                            "previous_hash", "hash"
                        )
                        .values(
                            SQLBind(id), SQLBind(m.territory.id), SQLBind(Int64(99)), SQLBind("x-unbalanced"), SQLBind(""), SQLBind(""),
                            SQLBind("payment"), SQLBind(false), SQLBind(Date()), SQLBind(""), SQLBind("")
                        ).run()
                }
            }
            await #expect(throws: (any Error).self) { try await unbalanced() }
            // Orphan entries (no transfer) do not survive the commit either.
            await #expect(throws: (any Error).self) {
                try await store.database.write { tx in
                    try await (tx as! any SQLDatabase).insert(into: "timebank_entries").columns("id", "transfer_id", "account_id", "minutes")
                        .values(SQLBind(UUID()), SQLBind(UUID()), SQLBind(a.id), SQLBind(Int64(-30))).run()
                }
            }
            await #expect(throws: (any Error).self) {
                try await store.database.write { tx in
                    try await (tx as! any SQLDatabase).insert(into: "timebank_entries").columns("id", "transfer_id", "account_id", "minutes")
                        .values(SQLBind(UUID()), SQLBind(done.transfer.id), SQLBind(a.id), SQLBind(Int64(-30))).run()
                }
            }
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE timebank_entries SET minutes = 1000 WHERE transfer_id = \(bind: done.transfer.id)").run()
            }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM timebank_entries").run() }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM timebank_transfers").run() }
            #expect(try await store.timeBank.verify().isIntact)
        }
    }

    @Test("editing a stored entry behind the triggers' back makes the verification fail", arguments: TestBackend.all)
    func tamperIsCaught(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let m = try await members(store)
            let done = try await store.timeBank.transfer(
                from: m.members[0].id, to: m.members[1].id, minutes: 45, idempotencyKey: "tamper-001",
                description: "", territoryId: m.territory.id, actor: nil)
            let sql = try store.database.db as! any SQLDatabase
            if backend == .postgres {
                try await sql.raw("ALTER TABLE timebank_entries DISABLE TRIGGER timebank_entries_no_update").run()
            } else {
                try await sql.raw("DROP TRIGGER timebank_entries_no_update").run()
            }
            try await sql.raw("UPDATE timebank_entries SET minutes = -60 WHERE transfer_id = \(bind: done.transfer.id) AND minutes < 0").run()
            let report = try await store.timeBank.verify()
            #expect(!report.isIntact)
            #expect(report.problems.contains { $0.contains("n° 1") })
        }
    }

    @Test(
        "editing any stored field of a transfer (description, kind, author, on-behalf, request) makes the verification fail",
        arguments: TestBackend.all,
        [
            "description = 'Réécrit'", "kind = 'cheque'", "created_by = NULL", "on_behalf = NOT on_behalf",
            "idempotency_key = 'another-key-1'", "listing_id = territory_id",
        ])
    func everyFieldIsCovered(backend: TestBackend, edit: String) async throws {
        try await withTestStore(backend) { store in
            let m = try await members(store)
            let done = try await store.timeBank.transfer(
                from: m.members[0].id, to: m.members[1].id, minutes: 30, idempotencyKey: "field-0001",
                description: "Jardinage", territoryId: m.territory.id,
                actor: Actor(accountId: m.members[0].ownerId!, territoryId: m.territory.id, roles: [.volunteer]))
            let sql = try store.database.db as! any SQLDatabase
            try await Self.liftTransferTrigger(sql, backend)
            try await sql.raw("UPDATE timebank_transfers SET \(unsafeRaw: edit) WHERE id = \(bind: done.transfer.id)").run()
            let report = try await store.timeBank.verify()
            #expect(report.problems.contains { $0.contains("n° 1") && $0.contains("modifié") }, "\(edit)")
        }
    }

    @Test(
        "upgrading a ledger hashed by the old rule: an intact chain is rehashed and verifies, a tampered one stays reported",
        arguments: TestBackend.all)
    func upgradeRehashes(backend: TestBackend) async throws {
        for tamper in [false, true] {
            try await withTestStore(backend) { store in
                let m = try await members(store)
                for i in 1...3 {
                    _ = try await store.timeBank.transfer(
                        from: m.members[0].id, to: m.members[1].id, minutes: 10 * i, idempotencyKey: "old-rule-\(i)",
                        description: "Échange \(i)", territoryId: m.territory.id, actor: nil)
                }
                // Write the chain as the old rule had it: sequence, time, entries and previous hash only.
                let sql = try store.database.db as! any SQLDatabase
                try await Self.liftTransferTrigger(sql, backend)
                struct Row: Decodable { let id: UUID; let sequence: Int64; let created_at: Date }
                struct Line: Decodable { let account_id: UUID; let minutes: Int64 }
                var previous = LedgerRules.genesis
                for row in try await sql.raw("SELECT id, sequence, created_at FROM timebank_transfers ORDER BY sequence").all(decoding: Row.self) {
                    let lines = try await sql.raw("SELECT account_id, minutes FROM timebank_entries WHERE transfer_id = \(bind: row.id)")
                        .all(decoding: Line.self).sorted { $0.account_id.uuidString < $1.account_id.uuidString }
                        .map { "\($0.account_id.uuidString):\($0.minutes)" }.joined(separator: ",")
                    let text = "\(row.sequence)|\(AuditChain.milliseconds(row.created_at))|\(lines)|\(previous)"
                    let hash = Tokens.hex(SHA256.hash(data: Data(text.utf8)))
                    try await sql.raw("UPDATE timebank_transfers SET previous_hash = \(bind: previous), hash = \(bind: hash) WHERE id = \(bind: row.id)").run()
                    previous = hash
                }
                if tamper {
                    // Entries under the old rule were covered: a changed entry of transfer 2 breaks the old chain there.
                    try await Self.liftEntryTrigger(sql, backend)
                    try await sql.raw(
                        "UPDATE timebank_entries SET minutes = minutes * 2 WHERE transfer_id = (SELECT id FROM timebank_transfers WHERE sequence = 2)"
                    ).run()
                }
                try await Self.restoreTransferTrigger(sql, backend)
                #expect(try await !store.timeBank.verify().isIntact, "the new rule does not accept old hashes")
                try await sql.raw("DELETE FROM _fluent_migrations WHERE name = '0015_rehash_ledger'").run()
                try await store.database.migrate()
                let report = try await store.timeBank.verify()
                if tamper {
                    #expect(report.problems.contains { $0.contains("n° 2") }, "\(report.problems)")
                    #expect(!report.problems.contains { $0.contains("n° 1 ") })
                } else {
                    #expect(report.isIntact, "\(report.problems)")
                }
                await #expect(throws: (any Error).self, "the ledger is append-only again") {
                    try await sql.raw("UPDATE timebank_transfers SET description = 'x'").run()
                }
            }
        }
    }

    static func liftTransferTrigger(_ sql: any SQLDatabase, _ backend: TestBackend) async throws {
        try await sql.raw(
            backend == .postgres
                ? "ALTER TABLE timebank_transfers DISABLE TRIGGER timebank_transfers_no_update"
                : "DROP TRIGGER timebank_transfers_no_update"
        ).run()
    }

    static func liftEntryTrigger(_ sql: any SQLDatabase, _ backend: TestBackend) async throws {
        try await sql.raw(
            backend == .postgres
                ? "ALTER TABLE timebank_entries DISABLE TRIGGER timebank_entries_no_update"
                : "DROP TRIGGER timebank_entries_no_update"
        ).run()
    }

    static func restoreTransferTrigger(_ sql: any SQLDatabase, _ backend: TestBackend) async throws {
        try await sql.raw(
            backend == .postgres
                ? "ALTER TABLE timebank_transfers ENABLE TRIGGER timebank_transfers_no_update"
                : "CREATE TRIGGER timebank_transfers_no_update BEFORE UPDATE ON timebank_transfers BEGIN SELECT RAISE(ABORT, 'the time-bank ledger is append-only'); END"
        ).run()
    }

    @Test("thousands of random transfers: the balances always sum to zero, the limits hold, the chain verifies", arguments: TestBackend.all)
    func randomOperations(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let m = try await members(store, count: 8)
            let accounts = m.members + [m.welcome]
            var rng = SeededGenerator(seed: 7)
            var model = Dictionary(uniqueKeysWithValues: accounts.map { ($0.id, 0) })
            let limits = LedgerLimits()
            let count = backend == .sqlite ? 1500 : 600
            for i in 0..<count {
                let from = accounts[Int.random(in: 0..<accounts.count, using: &rng)], to = accounts[Int.random(in: 0..<accounts.count, using: &rng)]
                let minutes = Int.random(in: 1...600, using: &rng)
                let key = "prop-\(i)-" + String(Int.random(in: 0..<3, using: &rng))  // some keys come back
                let expectedOK =
                    from.id != to.id
                    && (from.kind.isSystem || model[from.id]! - minutes >= limits.floorMinutes)
                    && (to.kind.isSystem || model[to.id]! + minutes <= limits.ceilingMinutes)
                do {
                    let result = try await store.timeBank.transfer(
                        from: from.id, to: to.id, minutes: minutes, idempotencyKey: key, description: "",
                        territoryId: m.territory.id, actor: nil)
                    #expect(expectedOK)
                    if result.created {
                        model[from.id]! -= minutes
                        model[to.id]! += minutes
                    }
                } catch let error as AutourError {
                    #expect(!expectedOK, "\(error)")
                }
            }
            for account in accounts {
                let stored = try await balance(store, account)
                #expect(stored == model[account.id])
                if !account.kind.isSystem { #expect(stored >= limits.floorMinutes && stored <= limits.ceilingMinutes) }
            }
            #expect(model.values.reduce(0, +) == 0)
            #expect(try await store.timeBank.verify().isIntact)
        }
    }

    @Test("many parallel transfers on the same accounts never break a limit nor the chain", arguments: TestBackend.all)
    func concurrency(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let m = try await members(store, count: 2)
            let (a, b) = (m.members[0], m.members[1])
            // 60 transfers of 30 minutes from A: only 40 fit above the floor of −20 h.
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<60 {
                    group.addTask {
                        do {
                            _ = try await store.timeBank.transfer(
                                from: a.id, to: b.id, minutes: 30, idempotencyKey: "para-\(i)-xxxx", description: "",
                                territoryId: m.territory.id, actor: nil)
                            return true
                        } catch is AutourError { return false }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 40)
            #expect(try await balance(store, a) == -20 * 60)
            #expect(try await store.timeBank.verify().isIntact)
        }
    }

    @Test("a member's history costs the same few statements whether it holds 3 transfers or 40", arguments: TestBackend.all)
    func historyIsNotOneQueryPerTransfer(backend: TestBackend) async throws {
        let counter = StatementCounter()
        var logger = Logger(label: "autour-statements") { _ in counter }
        logger.logLevel = .trace
        let database = try await TestDatabase.make(backend)
        let db = try AutourDatabase(location: database.location, logger: logger)
        do {
            try await db.migrate()
            let store = Store(database: db, hasher: PasswordHasher(cost: 4))
            let world = try await members(store, count: 2)
            let (payer, payee) = (world.members[0], world.members[1])
            func statements(after transfers: Int) async throws -> Int {
                for i in 0..<transfers {
                    _ = try await store.timeBank.transfer(
                        from: payer.id, to: payee.id, minutes: 1, idempotencyKey: "history-\(UUID())-\(i)",
                        description: "", territoryId: world.territory.id, actor: nil)
                }
                let before = counter.count
                let history = try await store.timeBank.history(accountId: payee.id)
                #expect(history.first?.minutes == 1)
                return counter.count - before
            }
            let short = try await statements(after: 3)
            let long = try await statements(after: 37)
            #expect(short > 0, "the counter sees the statements")
            #expect(long == short, "\(short) statements for 3 transfers, \(long) for 40")
        } catch {
            await db.shutdown()
            await database.cleanUp()
            throw error
        }
        await db.shutdown()
        await database.cleanUp()
    }
}

/// Counts the SQL statements the database layer logs at trace level (the drivers also log
/// protocol messages at that level, one per row on PostgreSQL: those are not statements).
final class StatementCounter: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    var count: Int { lock.withLock { value } }
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        guard metadata?["sql"] != nil else { return }
        lock.withLock { value += 1 }
    }
}
