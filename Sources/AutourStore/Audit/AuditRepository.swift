import AutourCore
import FluentKit
import Foundation
import SQLKit

final class AuditEntryModel: Model, @unchecked Sendable {
    static let schema = "audit_entries"
    @ID(key: .id) var id: UUID?
    @Field(key: "sequence") var sequence: Int64
    @Field(key: "at") var at: Date
    @OptionalField(key: "territory_id") var territoryId: UUID?
    @OptionalField(key: "actor_id") var actorId: UUID?
    @Field(key: "action") var action: String
    @Field(key: "record_type") var recordType: String
    @Field(key: "record_id") var recordId: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}

    var core: AuditEntry {
        AuditEntry(
            sequence: sequence, at: at, territoryId: territoryId, actorId: actorId, action: action,
            recordType: recordType, recordId: recordId, previousHash: previousHash, hash: hash)
    }
}

/// The append-only, hash-chained audit log. Entries are written inside the transaction of the
/// change they describe, so a change without its entry (or the reverse) cannot be committed.
public struct AuditRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock
    /// Where the chain is anchored outside the database; nil in tests that do not need it.
    public let anchors: AuditAnchorFile?

    public init(database: AutourDatabase, clock: WallClock = .system, anchors: AuditAnchorFile? = nil) {
        self.database = database
        self.clock = clock
        self.anchors = anchors
    }

    /// Appends one entry on `tx`, which must be a transaction opened with `AutourDatabase.write`.
    static func append(
        on tx: any Database, database: AutourDatabase, at: Date, territoryId: UUID?, actorId: UUID?,
        action: AuditAction, recordType: String, recordId: String
    ) async throws {
        try await database.lockAuditChain(on: tx)
        // Every read of a file costs one of these, so it goes straight to SQL: the head of the
        // chain (kept by the writer on SQLite), then one insert (Fluent's models cost more than
        // the disk here).
        let sql = tx as! any SQLDatabase
        let head = try await database.chainHead("audit") { try await Self.head(on: sql) }
        // Stored at millisecond precision so the hash recomputes identically after a round trip.
        let at = Date(timeIntervalSince1970: Double(AuditChain.milliseconds(at)) / 1000)
        let sequence = (head?.sequence ?? 0) + 1
        let previousHash = head?.hash ?? AuditChain.genesis
        let hash = AuditChain.hash(
            sequence: sequence, at: at, territoryId: territoryId, actorId: actorId, action: action.rawValue,
            recordType: recordType, recordId: recordId, previousHash: previousHash)
        try await sql.raw(
            """
            INSERT INTO audit_entries (id, sequence, at, territory_id, actor_id, action, record_type, record_id, previous_hash, hash)
            VALUES (\(bind: UUID()), \(bind: sequence), \(bind: at), \(bind: territoryId), \(bind: actorId), \(bind: action.rawValue),
              \(bind: recordType), \(bind: recordId), \(bind: previousHash), \(bind: hash))
            """
        ).run()
        database.chainAppended("audit", ChainHead(sequence: sequence, hash: hash))
    }

    /// The newest entry's sequence and hash, nil for an empty log.
    static func head(on sql: any SQLDatabase) async throws -> ChainHead? {
        try await sql.select().columns("sequence", "hash").from(AuditEntryModel.schema)
            .orderBy("sequence", .descending).limit(1).first(decoding: ChainHead.self)
    }

    /// Records a read of personal data in its own short transaction.
    public func recordRead(actor: Actor, recordType: String, recordId: String) async throws {
        let now = clock.now()
        try await database.write { tx in
            try await Self.append(
                on: tx, database: database, at: now, territoryId: actor.territoryId, actorId: actor.accountId,
                action: .read, recordType: recordType, recordId: recordId)
        }
    }

    /// The trail of one record, oldest first, limited to one territory.
    public func entries(recordId: String, territoryId: UUID, limit: Int = 1000) async throws -> [AuditEntry] {
        try await AuditEntryModel.query(on: database.db)
            .filter(\.$recordId == recordId).filter(\.$territoryId == territoryId)
            .sort(\.$sequence).limit(limit).all().map(\.core)
    }

    /// Walks the whole chain in pages; returns the first broken entry, or nil when intact,
    /// together with the number of entries checked.
    public func verify(pageSize: Int = 5000) async throws -> (checked: Int, broken: AuditChain.Break?) {
        var checked = 0
        // After a purge, the chain starts at the checkpoint the purge recorded: the sequence and
        // hash of the last entry it deleted.
        var previous = try await Self.checkpoint(on: database.db)
        var after: Int64 = previous?.sequence ?? 0
        while true {
            let page = try await AuditEntryModel.query(on: database.db).filter(\.$sequence > after)
                .sort(\.$sequence).limit(pageSize).all().map(\.core)
            if page.isEmpty { return (checked, nil) }
            // Each page is verified with the last entry of the previous page in front, so the
            // link between pages is checked too.
            if let broken = AuditChain.verify(page, after: previous) { return (checked, broken) }
            checked += page.count
            previous = page.last
            after = page.last!.sequence
        }
    }
}

extension AuditRepository {
    /// Signs the chain's newest entry into the anchor file, unless it is already anchored.
    /// Returns the anchor written.
    @discardableResult
    public func anchorHead() async throws -> AuditAnchor? {
        guard let anchors else { return nil }
        guard let head = try await Self.head(on: try database.db as! any SQLDatabase),
            try anchors.newest()?.sequence != head.sequence
        else { return nil }
        return try anchors.append(.head, sequence: head.sequence, hash: head.hash, at: clock.now())
    }

    /// Holds the stored chain against the anchors: nil when no anchor file is configured,
    /// otherwise the problems found (empty: the chain is as long as it was last anchored, and
    /// every anchored entry is still the one that was signed).
    public func verifyAnchors() async throws -> [String]? {
        guard let anchors else { return nil }
        let lines = try anchors.lines()
        let sql = try database.db as! any SQLDatabase
        let head = try await Self.head(on: sql)
        let checkpoint = try await Self.checkpoint(on: database.db)
        let wanted = Array(Set(lines.compactMap { AuditAnchor.parse($0)?.sequence }))
        var hashes: [Int64: String] = [:]
        for start in stride(from: 0, to: wanted.count, by: 500) {
            let chunk = Array(wanted[start..<min(start + 500, wanted.count)])
            for row in try await sql.select().columns("sequence", "hash").from(AuditEntryModel.schema)
                .where(SQLIdentifier("sequence"), .in, SQLBind.group(chunk)).all(decoding: ChainHead.self)
            {
                hashes[row.sequence] = row.hash
            }
        }
        let chain = AuditAnchorCheck.Chain(
            checkpoint: checkpoint.map { ($0.sequence, $0.hash) },
            headSequence: head?.sequence ?? checkpoint?.sequence ?? 0, hashes: hashes)
        return AuditAnchorCheck.problems(lines: lines, key: anchors.key, chain: chain)
    }
}

extension AuditRepository {
    static let checkpointKey = "audit_checkpoint"

    /// The last purged entry, as the anchor of the remaining chain.
    static func checkpoint(on db: any Database) async throws -> AuditEntry? {
        guard let value = try await SettingModel.query(on: db).filter(\.$key == checkpointKey).first()?.value else { return nil }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let sequence = Int64(parts[0]) else { return nil }
        return AuditEntry(
            sequence: sequence, at: Date(timeIntervalSince1970: 0), territoryId: nil, actorId: nil, action: "",
            recordType: "", recordId: "", previousHash: "", hash: String(parts[1]))
    }

    /// Deletes the entries older than `cutoff` and moves the checkpoint to the last of them.
    /// Returns how many were (or, when `dryRun`, would be) deleted.
    func purge(before cutoff: Date, dryRun: Bool) async throws -> Int {
        let old = AuditEntryModel.query(on: try database.db).filter(\.$at < cutoff)
        if dryRun { return try await old.count() }
        let (count, checkpoint) = try await database.write { tx -> (Int, (Int64, String)?) in
            try await database.lockAuditChain(on: tx)
            guard let last = try await AuditEntryModel.query(on: tx).filter(\.$at < cutoff).sort(\.$sequence, .descending).first()
            else { return (0, nil) }
            // Entries are appended in time order, so everything up to `last` goes.
            let count = try await AuditEntryModel.query(on: tx).filter(\.$sequence <= last.sequence).count()
            try await AuditEntryModel.query(on: tx).filter(\.$sequence <= last.sequence).delete()
            let value = "\(last.sequence):\(last.hash)"
            if let setting = try await SettingModel.query(on: tx).filter(\.$key == Self.checkpointKey).first() {
                setting.value = value
                try await setting.save(on: tx)
            } else {
                let setting = SettingModel()
                setting.key = Self.checkpointKey
                setting.value = value
                try await setting.create(on: tx)
            }
            return (count, (last.sequence, last.hash))
        }
        // The new start of the chain is signed outside the database: a checkpoint forged to hide
        // deleted entries has no such signature.
        if let anchors, let (sequence, hash) = checkpoint {
            _ = try anchors.append(.checkpoint, sequence: sequence, hash: hash, at: clock.now())
        }
        return count
    }
}

extension AutourDatabase {
    /// Appends the audit entry of a change an actor makes in their territory, inside the change's
    /// own transaction (what most repositories write after each change).
    func trace(_ action: AuditAction, _ type: String, _ id: String, actor: Actor, at now: Date, on tx: any Database) async throws {
        try await AuditRepository.append(
            on: tx, database: self, at: now, territoryId: actor.territoryId, actorId: actor.accountId, action: action, recordType: type,
            recordId: id)
    }
}
