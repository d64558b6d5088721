import AutourCore
import FluentKit
import Foundation
import SQLKit

final class TimeAccountModel: Model, @unchecked Sendable {
    static let schema = "timebank_accounts"
    @ID(key: .id) var id: UUID?
    @Field(key: "territory_id") var territoryId: UUID
    @Field(key: "kind") var kind: String
    @OptionalField(key: "owner_id") var ownerId: UUID?
    @Field(key: "name") var name: String
    @Field(key: "balance_minutes") var balanceMinutes: Int64
    @Field(key: "created_at") var createdAt: Date
    init() {}

    var core: TimeAccount {
        TimeAccount(
            id: id!, territoryId: territoryId, kind: TimeAccountKind(rawValue: kind) ?? .member, ownerId: ownerId, name: name,
            balanceMinutes: Int(balanceMinutes))
    }
}

/// A recorded transfer, as its parties see it.
public struct TimeTransfer: Sendable, Equatable {
    public let id: UUID
    public let sequence: Int64
    public let description: String
    public let kind: String
    public let createdAt: Date
    public let entries: [LedgerEntry]
}

/// What `ledger verify` found.
public struct LedgerReport: Sendable, Equatable {
    public var transfers = 0
    public var problems: [String] = []
    public var isIntact: Bool { problems.isEmpty }
}

/// The time bank's ledger: accounts, transfers of two or more entries summing to zero, written
/// append-only and hash-chained per territory; member limits checked in the transaction that
/// writes, with the accounts locked in a fixed order; idempotency keys.
public struct TimeBankRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    public func limits(territoryId: UUID) async throws -> LedgerLimits { try await settings(territoryId: territoryId).limits }

    /// The territory's settings: limits, the delay after which requests are accepted, the welcome credit.
    public func settings(territoryId: UUID) async throws -> TimeBankSettings {
        struct Row: Decodable { let floor_minutes: Int; let ceiling_minutes: Int; let request_days: Int; let welcome_minutes: Int }
        let sql = try database.db as! any SQLDatabase
        let row = try await sql.select().columns("floor_minutes", "ceiling_minutes", "request_days", "welcome_minutes").from("timebank_limits")
            .where("territory_id", .equal, SQLBind(territoryId)).first(decoding: Row.self)
        return row.map {
            TimeBankSettings(
                limits: LedgerLimits(floorMinutes: $0.floor_minutes, ceilingMinutes: $0.ceiling_minutes),
                requestDays: $0.request_days, welcomeMinutes: $0.welcome_minutes)
        } ?? TimeBankSettings()
    }

    public func updateSettings(_ settings: TimeBankSettings, territoryId: UUID) async throws {
        guard settings.limits.floorMinutes <= 0, settings.limits.ceilingMinutes >= 60, settings.limits.floorMinutes >= -200 * 60,
            settings.limits.ceilingMinutes <= 400 * 60, (1...60).contains(settings.requestDays), (0...600).contains(settings.welcomeMinutes)
        else {
            throw AutourError.invalid(
                "Réglages invalides.", fields: ["limits": "Plancher de 0 à −200 h, plafond de 1 à 400 h, délai de 1 à 60 jours, crédit de 0 à 10 h."])
        }
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "timebank_limits").where("territory_id", .equal, SQLBind(territoryId)).run()
            try await sql.insert(into: "timebank_limits").columns("id", "territory_id", "floor_minutes", "ceiling_minutes", "request_days", "welcome_minutes")
                .values(
                    SQLBind(UUID()), SQLBind(territoryId), SQLBind(settings.limits.floorMinutes), SQLBind(settings.limits.ceilingMinutes),
                    SQLBind(settings.requestDays), SQLBind(settings.welcomeMinutes)
                ).run()
        }
    }

    /// A member's account: opened the first time it is needed, with the welcome credit (given once,
    /// whatever happens: its idempotency key is the member's).
    public func memberAccount(of member: Account) async throws -> TimeAccount {
        let account = try await openMemberAccount(ownerId: member.id, name: member.name, territoryId: member.territoryId)
        let welcome = try await settings(territoryId: member.territoryId).welcomeMinutes
        if welcome > 0 {
            let source = try await systemAccount(.welcome, territoryId: member.territoryId)
            _ = try? await transfer(
                from: source.id, to: account.id, minutes: welcome, idempotencyKey: "welcome-\(member.id.uuidString)",
                description: "Crédit de bienvenue", kind: "welcome", territoryId: member.territoryId, actor: nil)
        }
        return try await self.account(id: account.id, territoryId: member.territoryId) ?? account
    }

    /// The territory's system accounts, created the first time.
    public func systemAccount(_ kind: TimeAccountKind, territoryId: UUID) async throws -> TimeAccount {
        precondition(kind.isSystem)
        if let existing = try await TimeAccountModel.query(on: database.db).filter(\.$territoryId == territoryId)
            .filter(\.$kind == kind.rawValue).first()
        {
            return existing.core
        }
        return try await database.write { tx in
            try await database.lock(Self.lockKey(territoryId), on: tx)
            if let existing = try await TimeAccountModel.query(on: tx).filter(\.$territoryId == territoryId)
                .filter(\.$kind == kind.rawValue).first()
            {
                return existing.core
            }
            let model = TimeAccountModel()
            model.territoryId = territoryId
            model.kind = kind.rawValue
            model.name = kind.label
            model.balanceMinutes = 0
            model.createdAt = clock.now()
            try await model.create(on: tx)
            return model.core
        }
    }

    /// A member's account, opened with their volunteer account.
    public func openMemberAccount(ownerId: UUID, name: String, territoryId: UUID) async throws -> TimeAccount {
        if let existing = try await account(ownerId: ownerId) { return existing }
        return try await database.write { tx in
            // Parallel first requests of the same member: the second waits, then finds the first's account.
            try await database.lock(Self.lockKey(ownerId), on: tx)
            if let existing = try await TimeAccountModel.query(on: tx).filter(\.$ownerId == ownerId).first() { return existing.core }
            let model = TimeAccountModel()
            model.territoryId = territoryId
            model.kind = TimeAccountKind.member.rawValue
            model.ownerId = ownerId
            model.name = name
            model.balanceMinutes = 0
            model.createdAt = clock.now()
            try await model.create(on: tx)
            return model.core
        }
    }

    public func account(ownerId: UUID) async throws -> TimeAccount? {
        try await TimeAccountModel.query(on: database.db).filter(\.$ownerId == ownerId).first()?.core
    }

    public func account(id: UUID, territoryId: UUID) async throws -> TimeAccount? {
        try await TimeAccountModel.query(on: database.db).filter(\.$id == id).filter(\.$territoryId == territoryId).first()?.core
    }

    public func accounts(territoryId: UUID) async throws -> [TimeAccount] {
        try await TimeAccountModel.query(on: database.db).filter(\.$territoryId == territoryId).sort(\.$name).all().map(\.core)
    }

    /// Moves `minutes` from one account to another. The same idempotency key with the same body
    /// returns the first transfer and moves nothing; with another body it is a conflict.
    public func transfer(
        from: UUID, to: UUID, minutes: Int, idempotencyKey: String, description: String, kind: String = "payment",
        territoryId: UUID, actor: Actor?, onBehalf: Bool = false, requestId: UUID? = nil,
        listingId: UUID? = nil
    ) async throws -> (transfer: TimeTransfer, created: Bool) {
        let key = idempotencyKey.trimmingCharacters(in: .whitespaces)
        guard (8...100).contains(key.count) else {
            throw AutourError.invalid("Clé d'idempotence invalide.", fields: ["idempotencyKey": "De 8 à 100 caractères."])
        }
        let text = description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= 200 else { throw AutourError.invalid("Description trop longue.", fields: ["description": "200 caractères au plus."]) }
        let entries = try LedgerRules.payment(from: from, to: to, minutes: minutes)
        let fingerprint = LedgerRules.fingerprint(from: from, to: to, minutes: minutes, description: text)
        let limits = try await limits(territoryId: territoryId)
        let now = ledgerNow()
        return try await database.write { tx in
            try await record(
                entries, key: key, fingerprint: fingerprint, description: text, kind: kind, territoryId: territoryId, actor: actor,
                onBehalf: onBehalf, requestId: requestId, listingId: listingId, limits: limits, now: now, on: tx)
        }
    }

    /// Now, at the millisecond the hash chain stores.
    func ledgerNow() -> Date { Date(timeIntervalSince1970: Double(AuditChain.milliseconds(clock.now())) / 1000) }

    /// Writes a validated transfer inside the caller's transaction, so that a payment request's
    /// answer and its transfer are one commit.
    func record(
        _ entries: [LedgerEntry], key: String, fingerprint: String, description text: String, kind: String, territoryId: UUID,
        actor: Actor?, onBehalf: Bool, requestId: UUID?, listingId: UUID?, limits: LedgerLimits, now: Date,
        on tx: any Database
    ) async throws -> (transfer: TimeTransfer, created: Bool) {
        let sql = tx as! any SQLDatabase
        // One chain per territory: its transfers are written one at a time.
        try await database.lock(Self.lockKey(territoryId), on: tx)
        if let existing = try await existingTransfer(key: key, territoryId: territoryId, on: sql) {
            guard existing.fingerprint == fingerprint else {
                throw AutourError.conflict("Cette clé d'idempotence a déjà servi pour un autre virement.")
            }
            return (try await load(existing.id, on: sql), false)
        }
        // The accounts, locked in a fixed order (by id) so that concurrent transfers cannot deadlock.
        let ids = entries.map(\.accountId).sorted { $0.uuidString < $1.uuidString }
        // The hot statements of a transfer are written out as SQL: building them through SQLKit's
        // expression tree cost more CPU than running them.
        let lock = database.backend == .postgres ? " FOR UPDATE" : ""
        let rows = try await sql.raw(
            """
            SELECT id, territory_id, kind, owner_id, name, balance_minutes FROM timebank_accounts
            WHERE id IN (\(bind: ids[0]), \(bind: ids[1])) ORDER BY id\(unsafeRaw: lock)
            """
        ).all(decoding: AccountRow.self)
        let accounts = Dictionary(uniqueKeysWithValues: rows.filter { $0.territory_id == territoryId }.map { ($0.id, $0.core) })
        guard accounts.count == 2 else { throw AutourError.invalid("Compte inconnu.", fields: ["toAccount": "Compte inconnu sur ce territoire."]) }
        try LedgerRules.checkLimits(entries, accounts: accounts, limits: limits)
        let chain = "ledger-\(territoryId)"
        let head = try await database.chainHead(chain) {
            try await sql.select().columns("sequence", "hash").from("timebank_transfers")
                .where("territory_id", .equal, SQLBind(territoryId)).orderBy("sequence", .descending).limit(1)
                .first(decoding: ChainHead.self)
        }
        let sequence = (head?.sequence ?? 0) + 1
        let previous = head?.hash ?? LedgerRules.genesis
        let id = UUID()
        // Entries first (one statement), their transfer last: the database checks the balance when
        // the transfer lands. Both balances move in one statement too: each round trip to the
        // driver costs more than the disk here.
        try await sql.raw(
            """
            INSERT INTO timebank_entries (id, transfer_id, account_id, minutes) VALUES
            (\(bind: UUID()), \(bind: id), \(bind: entries[0].accountId), \(bind: Int64(entries[0].minutes))),
            (\(bind: UUID()), \(bind: id), \(bind: entries[1].accountId), \(bind: Int64(entries[1].minutes)))
            """
        ).run()
        try await sql.raw(
            """
            UPDATE timebank_accounts SET balance_minutes = balance_minutes + CASE WHEN id = \(bind: entries[0].accountId) THEN \(bind: Int64(entries[0].minutes)) ELSE \(bind: Int64(entries[1].minutes)) END
            WHERE id IN (\(bind: entries[0].accountId), \(bind: entries[1].accountId))
            """
        ).run()
        let hash = LedgerRules.hash(
            StoredTransfer(
                id: id, territoryId: territoryId, sequence: sequence, idempotencyKey: key, fingerprint: fingerprint,
                description: text, kind: kind, createdBy: actor?.accountId, onBehalf: onBehalf, requestId: requestId,
                listingId: listingId, createdAt: now, entries: entries), previousHash: previous)
        try await sql.raw(
            """
            INSERT INTO timebank_transfers (id, territory_id, sequence, idempotency_key, fingerprint, description, kind,
              created_by, on_behalf, request_id, listing_id, created_at, previous_hash, hash)
            VALUES (\(bind: id), \(bind: territoryId), \(bind: sequence), \(bind: key), \(bind: fingerprint), \(bind: text),
              \(bind: kind), \(bind: actor?.accountId), \(bind: onBehalf), \(bind: requestId), \(bind: listingId), \(bind: now),
              \(bind: previous), \(bind: hash))
            """
        ).run()
        database.chainAppended(chain, ChainHead(sequence: sequence, hash: hash))
        if onBehalf, let actor {
            // A paper cheque entered by an agent: the act is in the audit trail.
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: territoryId, actorId: actor.accountId,
                action: .create, recordType: "timebank_transfer", recordId: id.uuidString)
        }
        return (TimeTransfer(id: id, sequence: sequence, description: text, kind: kind, createdAt: now, entries: entries), true)
    }

    /// The transfers touching an account, newest first, with the minutes it gained or lost.
    public func history(accountId: UUID, limit: Int = 200) async throws -> [(transfer: TimeTransfer, minutes: Int)] {
        let sql = try database.db as! any SQLDatabase
        // Two queries however long the history: the account's latest transfers, then their lines.
        struct Row: Decodable { let id: UUID; let sequence: Int64; let description: String; let kind: String; let created_at: Date }
        let rows = try await sql.raw(
            """
            SELECT t.id, t.sequence, t.description, t.kind, t.created_at FROM timebank_entries e
            JOIN timebank_transfers t ON t.id = e.transfer_id
            WHERE e.account_id = \(bind: accountId) ORDER BY t.sequence DESC LIMIT \(unsafeRaw: String(max(0, limit)))
            """
        ).all(decoding: Row.self)
        guard !rows.isEmpty else { return [] }
        let lines = Dictionary(
            grouping: try await sql.select().columns("transfer_id", "account_id", "minutes").from("timebank_entries")
                .where("transfer_id", .in, SQLBind.group(rows.map(\.id))).all(decoding: EntryRow.self), by: \.transfer_id)
        return rows.map { row in
            let entries = (lines[row.id] ?? []).map { LedgerEntry(accountId: $0.account_id, minutes: Int($0.minutes)) }
            return (
                TimeTransfer(
                    id: row.id, sequence: row.sequence, description: row.description, kind: row.kind, createdAt: row.created_at,
                    entries: entries),
                entries.first { $0.accountId == accountId }?.minutes ?? 0
            )
        }
    }

    /// Walks every territory's chain: each transfer balances and carries the hash of its content
    /// and of the previous one; each account's cached balance equals the sum of its entries; the
    /// balances of a territory sum to zero.
    public func verify() async throws -> LedgerReport {
        let sql = try database.db as! any SQLDatabase
        var report = LedgerReport()
        let transfers = try await sql.select().columns(TransferRow.columns)
            .from("timebank_transfers").orderBy("territory_id").orderBy("sequence").all(decoding: TransferRow.self)
        let entries = try await sql.select().columns("transfer_id", "account_id", "minutes").from("timebank_entries").all(decoding: EntryRow.self)
        let byTransfer = Dictionary(grouping: entries, by: \.transfer_id)
        var previous: [UUID: (Int64, String)] = [:]
        for t in transfers {
            report.transfers += 1
            let stored = byTransfer[t.id] ?? []
            let lines = stored.map { LedgerEntry(accountId: $0.account_id, minutes: Int($0.minutes)) }
            if lines.count < 2 || LedgerRules.checkedSum(stored.map(\.minutes)) != 0 { report.problems.append("virement n° \(t.sequence) : déséquilibré") }
            let (lastSequence, lastHash) = previous[t.territory_id] ?? (0, LedgerRules.genesis)
            if t.sequence != lastSequence + 1 || t.previous_hash != lastHash {
                report.problems.append("virement n° \(t.sequence) : la chaîne est rompue avant lui")
            }
            if LedgerRules.hash(t.stored(lines), previousHash: t.previous_hash) != t.hash {
                report.problems.append("virement n° \(t.sequence) : son contenu a été modifié")
            }
            previous[t.territory_id] = (t.sequence, t.hash)
        }
        let sums = Dictionary(grouping: entries, by: \.account_id).mapValues { LedgerRules.checkedSum($0.map(\.minutes)) }
        let accounts = try await sql.select().columns("id", "territory_id", "kind", "owner_id", "name", "balance_minutes").from("timebank_accounts")
            .all(decoding: AccountRow.self)
        for account in accounts where account.balance_minutes != sums[account.id] ?? 0 {
            let sum = (sums[account.id] ?? 0).map(String.init) ?? "une somme hors limites"
            report.problems.append("compte « \(account.name) » : solde \(account.balance_minutes) au lieu de \(sum)")
        }
        for (territory, rows) in Dictionary(grouping: accounts, by: \.territory_id) where LedgerRules.checkedSum(rows.map(\.balance_minutes)) != 0 {
            report.problems.append("territoire \(territory.uuidString.lowercased()) : les soldes ne s'annulent pas")
        }
        return report
    }

    // MARK: Helpers

    static func lockKey(_ territoryId: UUID) -> Int64 {
        let bytes = withUnsafeBytes(of: territoryId.uuid) { Array($0.prefix(8)) }
        return bytes.reduce(Int64(0)) { ($0 << 8) | Int64($1) } ^ 0x7469_6D65
    }

    private func existingTransfer(key: String, territoryId: UUID, on sql: any SQLDatabase) async throws -> (id: UUID, fingerprint: String)? {
        struct Row: Decodable { let id: UUID; let fingerprint: String }
        return try await sql.raw(
            "SELECT id, fingerprint FROM timebank_transfers WHERE territory_id = \(bind: territoryId) AND idempotency_key = \(bind: key)"
        ).first(decoding: Row.self).map { ($0.id, $0.fingerprint) }
    }

    private func load(_ id: UUID, on sql: any SQLDatabase) async throws -> TimeTransfer {
        struct Row: Decodable { let id: UUID; let sequence: Int64; let description: String; let kind: String; let created_at: Date }
        guard
            let row = try await sql.select().columns("id", "sequence", "description", "kind", "created_at").from("timebank_transfers")
                .where("id", .equal, SQLBind(id)).first(decoding: Row.self)
        else { throw AutourError.notFound }
        let lines = try await sql.select().columns("transfer_id", "account_id", "minutes").from("timebank_entries")
            .where("transfer_id", .equal, SQLBind(id)).all(decoding: EntryRow.self)
        return TimeTransfer(
            id: row.id, sequence: row.sequence, description: row.description, kind: row.kind, createdAt: row.created_at,
            entries: lines.map { LedgerEntry(accountId: $0.account_id, minutes: Int($0.minutes)) })
    }

    private struct TransferId: Decodable { let transfer_id: UUID }
    struct TransferRow: Decodable {
        let id: UUID, territory_id: UUID, sequence: Int64, idempotency_key: String, fingerprint: String, description: String, kind: String
        let created_by: UUID?, on_behalf: Bool, request_id: UUID?, listing_id: UUID?, created_at: Date, previous_hash: String, hash: String

        static let columns = [
            "id", "territory_id", "sequence", "idempotency_key", "fingerprint", "description", "kind", "created_by",
            "on_behalf", "request_id", "listing_id", "created_at", "previous_hash", "hash",
        ]

        func stored(_ entries: [LedgerEntry]) -> StoredTransfer {
            StoredTransfer(
                id: id, territoryId: territory_id, sequence: sequence, idempotencyKey: idempotency_key, fingerprint: fingerprint,
                description: description, kind: kind, createdBy: created_by, onBehalf: on_behalf, requestId: request_id,
                listingId: listing_id, createdAt: created_at, entries: entries)
        }
    }
    struct EntryRow: Decodable { let transfer_id: UUID; let account_id: UUID; let minutes: Int64 }
    private struct AccountRow: Decodable {
        let id: UUID, territory_id: UUID, kind: String, owner_id: UUID?, name: String, balance_minutes: Int64
        var core: TimeAccount {
            TimeAccount(
                id: id, territoryId: territory_id, kind: TimeAccountKind(rawValue: kind) ?? .member, ownerId: owner_id, name: name,
                balanceMinutes: Int(balance_minutes))
        }
    }
}
