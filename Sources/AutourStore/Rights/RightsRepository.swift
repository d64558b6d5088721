import AutourCore
import FluentKit
import Foundation
import SQLKit

/// Rights' rows: situations, screenings, caseload batches, findings. Every write is traced in
/// the audit log in its own transaction.
public struct RightsRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    var sql: any SQLDatabase { get throws { try database.sql } }

    private func trace(_ action: AuditAction, _ type: String, _ id: UUID, actor: Actor, on tx: any Database) async throws {
        try await database.trace(action, type, id.uuidString, actor: actor, at: clock.now(), on: tx)
    }

    static func encode<T: Encodable>(_ value: T) throws -> String { String(decoding: try JSONEncoder().encode(value), as: UTF8.self) }
    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T { try JSONDecoder().decode(type, from: Data(text.utf8)) }

    // MARK: Situations

    public struct StoredSituation: Sendable, Equatable {
        public let personId: UUID
        public let situation: HouseholdSituation
        public let updatedAt: Date
        public let updatedBy: UUID?
    }

    struct SituationRow: Decodable {
        let person_id: UUID, situation: String, updated_at: Date, updated_by: UUID?
        var stored: StoredSituation {
            get throws {
                StoredSituation(
                    personId: person_id, situation: try RightsRepository.decode(HouseholdSituation.self, situation), updatedAt: updated_at,
                    updatedBy: updated_by)
            }
        }
    }

    public func situation(personId: UUID, territoryId: UUID) async throws -> StoredSituation? {
        try await sql.select().columns("person_id", "situation", "updated_at", "updated_by").from("rights_situations")
            .where("person_id", .equal, SQLBind(personId)).where("territory_id", .equal, SQLBind(territoryId))
            .first(decoding: SituationRow.self)?.stored
    }

    /// Every situation of the territory's files that are not erased, oldest file first: the
    /// caseload a batch screens.
    public func caseload(territoryId: UUID) async throws -> [StoredSituation] {
        try await sql.select().columns(["person_id", "situation", "updated_at", "updated_by"].map { SQLColumn($0, table: "s") }).from(
            SQLAlias(SQLIdentifier("rights_situations"), as: SQLIdentifier("s"))
        )
        .join(SQLAlias(SQLIdentifier("persons"), as: SQLIdentifier("p")), on: SQLColumn("id", table: "p"), .equal, SQLColumn("person_id", table: "s"))
        .where(SQLColumn("territory_id", table: "s"), .equal, SQLBind(territoryId))
        .where(SQLColumn("erased_at", table: "p"), .is, SQLLiteral.null)
        .orderBy(SQLColumn("created_at", table: "p")).orderBy(SQLColumn("id", table: "p"))
        .all(decoding: SituationRow.self).map { try $0.stored }
    }

    public func saveSituation(_ situation: HouseholdSituation, personId: UUID, actor: Actor) async throws {
        let text = try Self.encode(situation)
        let now = clock.now()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "rights_situations").where("person_id", .equal, SQLBind(personId)).run()
            try await sql.insert(into: "rights_situations").columns("person_id", "territory_id", "situation", "updated_at", "updated_by")
                .values(SQLBind(personId), SQLBind(actor.territoryId), SQLBind(text), SQLBind(now), SQLBind(actor.accountId)).run()
            try await trace(.update, "rights_situation", personId, actor: actor, on: tx)
        }
    }

    // MARK: Screenings

    public struct Screening: Sendable, Equatable {
        public let id: UUID, personId: UUID, result: ScreeningResult, screenedAt: Date, batchId: UUID?
    }

    struct ScreeningRow: Decodable {
        let id: UUID, person_id: UUID, results: String, screened_at: Date, batch_id: UUID?
        var screening: Screening {
            get throws {
                Screening(
                    id: id, personId: person_id, result: try RightsRepository.decode(ScreeningResult.self, results), screenedAt: screened_at, batchId: batch_id)
            }
        }
    }

    public func latestScreening(personId: UUID, territoryId: UUID) async throws -> Screening? {
        try await sql.select().columns("id", "person_id", "results", "screened_at", "batch_id").from("rights_screenings")
            .where("person_id", .equal, SQLBind(personId)).where("territory_id", .equal, SQLBind(territoryId))
            .orderBy("screened_at", .descending).limit(1).first(decoding: ScreeningRow.self)?.screening
    }

    /// Stores screenings and opens their findings in one transaction: a household is screened
    /// completely or not at all. A benefit that already has an open finding for the person is not
    /// opened twice (a re-screening next month keeps the same task). Returns the findings opened.
    func record(
        _ screenings: [(personId: UUID, result: ScreeningResult, findings: [BenefitResult], ownerId: UUID?)], batchId: UUID?,
        actor: Actor, on tx: any Database
    ) async throws -> Int {
        let sql = tx as! any SQLDatabase
        let now = clock.now()
        let deadline = FindingRules.deadline(from: now)
        let open = try await followedUp(personIds: screenings.map(\.personId), period: screenings.first?.result.period, on: sql)
        var opened = 0
        for item in screenings {
            let id = UUID()
            try await sql.insert(into: "rights_screenings").columns("id", "territory_id", "person_id", "period", "results", "screened_at", "batch_id")
                .values(
                    SQLBind(id), SQLBind(actor.territoryId), SQLBind(item.personId), SQLBind(item.result.period.description),
                    SQLBind(try Self.encode(item.result)), SQLBind(now), SQLBind(batchId)
                ).run()
            for finding in item.findings where !open.contains(Key(personId: item.personId, benefit: finding.benefit)) {
                let findingId = UUID()
                try await sql.insert(into: "rights_findings")
                    .columns(
                        "id", "territory_id", "person_id", "benefit", "period", "monthly_cents", "owner_id", "deadline", "outcome", "note", "created_at"
                    )
                    .values(
                        SQLBind(findingId), SQLBind(actor.territoryId), SQLBind(item.personId), SQLBind(finding.benefit.rawValue),
                        SQLBind(item.result.period.description), SQLBind(finding.monthlyCents), SQLBind(item.ownerId), SQLBind(deadline),
                        SQLBind(FindingOutcome.open.rawValue), SQLBind(""), SQLBind(now)
                    ).run()
                opened += 1
            }
        }
        if batchId == nil, let first = screenings.first { try await trace(.create, "rights_screening", first.personId, actor: actor, on: tx) }
        return opened
    }

    struct Key: Hashable { let personId: UUID, benefit: Benefit }

    /// The benefits already followed up for these people: an open finding, or one closed for a
    /// month of the last `FindingRules.quietMonths` (months compare as their `YYYY-MM` text).
    private func followedUp(personIds: [UUID], period: YearMonth?, on sql: any SQLDatabase) async throws -> Set<Key> {
        guard !personIds.isEmpty, let period else { return [] }
        struct Row: Decodable { let person_id: UUID, benefit: String }
        var keys: Set<Key> = []
        // In slices, so that no engine meets a statement with thousands of parameters.
        for start in stride(from: 0, to: personIds.count, by: 500) {
            let slice = personIds[start..<min(start + 500, personIds.count)]
            let rows = try await sql.select().columns("person_id", "benefit").from("rights_findings")
                .where("person_id", .in, SQLBind.group(Array(slice)))
                .where {
                    $0.where("outcome", .equal, SQLBind(FindingOutcome.open.rawValue)).orWhere(
                        "period", .greaterThanOrEqual, SQLBind(FindingRules.quietSince(period).description))
                }
                .all(decoding: Row.self)
            for row in rows { if let benefit = Benefit(rawValue: row.benefit) { keys.insert(Key(personId: row.person_id, benefit: benefit)) } }
        }
        return keys
    }

    public func recordScreening(personId: UUID, result: ScreeningResult, findings: [BenefitResult], actor: Actor) async throws -> Int {
        try await database.write { tx in
            try await record([(personId, result, findings, actor.accountId)], batchId: nil, actor: actor, on: tx)
        }
    }

    // MARK: Batches

    public enum BatchState: String, Sendable, Codable {
        case running, done, failed
        public var label: String {
            switch self {
            case .running: "En cours"
            case .done: "Terminée"
            case .failed: "Interrompue"
            }
        }
    }

    public struct Batch: Sendable, Equatable {
        public let id: UUID, period: YearMonth, total: Int, done: Int, findings: Int, state: BatchState, message: String
        public let startedAt: Date, finishedAt: Date?
        public var percent: Int { total == 0 ? 100 : done * 100 / total }
    }

    struct BatchRow: Decodable {
        let id: UUID, period: String, total: Int, done: Int, findings: Int, state: String, message: String, started_at: Date, finished_at: Date?
        var batch: Batch {
            Batch(
                id: id, period: YearMonth(period) ?? YearMonth(containing: started_at), total: total, done: done, findings: findings,
                state: BatchState(rawValue: state) ?? .failed, message: message, startedAt: started_at, finishedAt: finished_at)
        }
    }

    static let batchColumns = ["id", "period", "total", "done", "findings", "state", "message", "started_at", "finished_at"]

    public func batches(territoryId: UUID, limit: Int = 10) async throws -> [Batch] {
        try await sql.select().columns(Self.batchColumns).from("rights_batches").where("territory_id", .equal, SQLBind(territoryId))
            .orderBy("started_at", .descending).limit(limit).all(decoding: BatchRow.self).map(\.batch)
    }

    public func batch(id: UUID, territoryId: UUID) async throws -> Batch? {
        try await sql.select().columns(Self.batchColumns).from("rights_batches").where("id", .equal, SQLBind(id))
            .where("territory_id", .equal, SQLBind(territoryId)).first(decoding: BatchRow.self)?.batch
    }

    /// Opens a batch, unless one is already running for the territory (checked under the
    /// territory's lock, so two coordinators clicking at once start one batch).
    func startBatch(period: YearMonth, total: Int, staleBefore: Date, actor: Actor) async throws -> UUID {
        let id = UUID()
        let now = clock.now()
        try await database.write { tx in
            try await database.lockRow("territories", id: actor.territoryId, on: tx)
            let sql = tx as! any SQLDatabase
            // A batch left running by a server that stopped is closed as interrupted.
            try await sql.update("rights_batches").set("state", to: SQLBind(BatchState.failed.rawValue))
                .set("message", to: SQLBind("Interrompue : le serveur s'est arrêté pendant l'étude."))
                .where("territory_id", .equal, SQLBind(actor.territoryId)).where("state", .equal, SQLBind(BatchState.running.rawValue))
                .where("started_at", .lessThan, SQLBind(staleBefore)).run()
            struct Row: Decodable { let id: UUID }
            if try await sql.select().column("id").from("rights_batches").where("territory_id", .equal, SQLBind(actor.territoryId))
                .where("state", .equal, SQLBind(BatchState.running.rawValue)).first(decoding: Row.self) != nil
            {
                throw AutourError.conflict("Une étude du fichier est déjà en cours : suivez sa progression.")
            }
            try await sql.insert(into: "rights_batches")
                .columns("id", "territory_id", "period", "total", "done", "findings", "state", "message", "started_at", "started_by")
                .values(
                    SQLBind(id), SQLBind(actor.territoryId), SQLBind(period.description), SQLBind(total), SQLBind(0), SQLBind(0),
                    SQLBind(BatchState.running.rawValue), SQLBind(""), SQLBind(now), SQLBind(actor.accountId)
                ).run()
            try await trace(.create, "rights_batch", id, actor: actor, on: tx)
        }
        return id
    }

    /// Stores one slice of a batch's screenings and moves its progress, in one transaction.
    func recordSlice(
        _ screenings: [(personId: UUID, result: ScreeningResult, findings: [BenefitResult], ownerId: UUID?)], batchId: UUID, actor: Actor
    ) async throws {
        try await database.write { tx in
            let opened = try await record(screenings, batchId: batchId, actor: actor, on: tx)
            let sql = tx as! any SQLDatabase
            try await sql.raw(
                "UPDATE rights_batches SET done = done + \(bind: screenings.count), findings = findings + \(bind: opened) WHERE id = \(bind: batchId)"
            ).run()
        }
    }

    func finishBatch(_ id: UUID, state: BatchState, message: String) async throws {
        try await sql.update("rights_batches").set("state", to: SQLBind(state.rawValue)).set("message", to: SQLBind(message))
            .set("finished_at", to: SQLBind(clock.now())).where("id", .equal, SQLBind(id)).run()
    }

    // MARK: Findings

    struct FindingRow: Decodable {
        let id: UUID, territory_id: UUID, person_id: UUID, benefit: String, period: String, monthly_cents: Int, owner_id: UUID?
        let deadline: String, outcome: String, note: String, created_at: Date, closed_at: Date?
        var finding: Finding? {
            guard let benefit = Benefit(rawValue: benefit), let period = YearMonth(period), let outcome = FindingOutcome(rawValue: outcome) else {
                return nil
            }
            return Finding(
                id: id, territoryId: territory_id, personId: person_id, benefit: benefit, period: period, monthlyCents: monthly_cents,
                ownerId: owner_id, deadline: deadline, outcome: outcome, note: note, createdAt: created_at, closedAt: closed_at)
        }
    }

    static let findingColumns = [
        "id", "territory_id", "person_id", "benefit", "period", "monthly_cents", "owner_id", "deadline", "outcome", "note", "created_at", "closed_at",
    ]

    public func findings(territoryId: UUID, personId: UUID? = nil, outcome: FindingOutcome? = nil) async throws -> [Finding] {
        var query = try sql.select().columns(Self.findingColumns).from("rights_findings").where("territory_id", .equal, SQLBind(territoryId))
        if let personId { query = query.where("person_id", .equal, SQLBind(personId)) }
        if let outcome { query = query.where("outcome", .equal, SQLBind(outcome.rawValue)) }
        return try await query.orderBy("deadline").orderBy("created_at").all(decoding: FindingRow.self).compactMap(\.finding)
    }

    public func finding(id: UUID, territoryId: UUID) async throws -> Finding? {
        try await sql.select().columns(Self.findingColumns).from("rights_findings").where("id", .equal, SQLBind(id))
            .where("territory_id", .equal, SQLBind(territoryId)).first(decoding: FindingRow.self)?.finding
    }

    /// Closes an open finding; a finding already closed (by someone else meanwhile) is a conflict.
    func close(_ id: UUID, outcome: FindingOutcome, note: String, actor: Actor) async throws {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            let changed = try await sql.raw(
                """
                UPDATE rights_findings SET outcome = \(bind: outcome.rawValue), note = \(bind: note), closed_at = \(bind: clock.now()),
                closed_by = \(bind: actor.accountId) WHERE id = \(bind: id) AND territory_id = \(bind: actor.territoryId) AND outcome = 'open'
                RETURNING id
                """
            ).all()
            guard !changed.isEmpty else { throw AutourError.conflict("Ce suivi est déjà clos.") }
            try await trace(.update, "rights_finding", id, actor: actor, on: tx)
        }
    }

    func assign(_ id: UUID, ownerId: UUID?, deadline: String, actor: Actor) async throws {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await sql.update("rights_findings").set("owner_id", to: SQLBind(ownerId)).set("deadline", to: SQLBind(deadline))
                .where("id", .equal, SQLBind(id)).where("territory_id", .equal, SQLBind(actor.territoryId)).run()
            try await trace(.update, "rights_finding", id, actor: actor, on: tx)
        }
    }
}
