import AutourCore
import FluentKit
import Foundation
import SQLKit

/// The inclusion audits of public equipment: the territory's grid, the equipment, audits with their
/// answers, improvement actions (closed by the re-audit that finds their criterion met).
public struct InclusionRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    var sql: any SQLDatabase { get throws { try database.db as! any SQLDatabase } }

    public struct Equipment: Sendable, Equatable {
        public let id: UUID, territoryId: UUID, name: String, kind: String, address: String
        public var scope: RecordScope { RecordScope(territoryId: territoryId) }
    }

    public struct Audit: Sendable, Equatable {
        public let id: UUID, auditedOn: String, auditors: String
        public let answers: [UUID: AuditAnswer]
        public let notes: [UUID: String]
    }

    public struct Action: Sendable, Equatable {
        public let id: UUID, auditId: UUID, criterionId: UUID, text: String, owner: String, dueOn: String, closedOn: String?
    }

    /// The default grid's criteria have the same ids in every territory (a criterion's key is its
    /// territory and its id): a page can show the grid before anything was written.
    static func defaultId(_ index: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", index + 1))! }

    // MARK: The grid

    /// The active criteria, in order: the default grid until the territory wrote its own.
    public func grid(territoryId: UUID) async throws -> [AuditCriterion] {
        try await Self.grid(territoryId: territoryId, activeOnly: true, on: try sql)
    }

    /// Every criterion the territory ever had, removed ones too: older audits answered them.
    public func allCriteria(territoryId: UUID) async throws -> [AuditCriterion] {
        try await Self.grid(territoryId: territoryId, activeOnly: false, on: try sql)
    }

    static func grid(territoryId: UUID, activeOnly: Bool, on sql: any SQLDatabase) async throws -> [AuditCriterion] {
        struct Row: Decodable { let id: UUID, dimension: String, text: String, active: Bool }
        let rows = try await sql.select().columns("id", "dimension", "text", "active").from("inclusion_criteria")
            .where("territory_id", .equal, SQLBind(territoryId)).orderBy("position").all(decoding: Row.self)
        guard !rows.isEmpty else {
            return InclusionRules.defaultGrid.enumerated().map { AuditCriterion(id: defaultId($0.offset), dimension: $0.element.0, text: $0.element.1) }
        }
        return rows.filter { !activeOnly || $0.active }.compactMap { row in
            InclusionDimension(rawValue: row.dimension).map { AuditCriterion(id: row.id, dimension: $0, text: row.text) }
        }
    }

    /// Writes the default grid the first time the territory changes anything.
    private func ensureGrid(territoryId: UUID, on sql: any SQLDatabase) async throws {
        struct Count: Decodable { let n: Int }
        let count =
            try await sql.raw("SELECT COUNT(*) AS n FROM inclusion_criteria WHERE territory_id = \(bind: territoryId)")
            .first(decoding: Count.self)?.n ?? 0
        guard count == 0 else { return }
        for (index, criterion) in InclusionRules.defaultGrid.enumerated() {
            try await sql.insert(into: "inclusion_criteria").columns("territory_id", "id", "dimension", "text", "position", "active")
                .values(
                    SQLBind(territoryId), SQLBind(Self.defaultId(index)), SQLBind(criterion.0.rawValue), SQLBind(criterion.1), SQLBind(index),
                    SQLBind(true)
                ).run()
        }
    }

    public func addCriterion(_ dimension: InclusionDimension, text: String, actor: Actor) async throws {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await ensureGrid(territoryId: actor.territoryId, on: sql)
            struct Count: Decodable { let n: Int }
            let position =
                try await sql.raw("SELECT COUNT(*) AS n FROM inclusion_criteria WHERE territory_id = \(bind: actor.territoryId)")
                .first(decoding: Count.self)?.n ?? 0
            try await sql.insert(into: "inclusion_criteria").columns("territory_id", "id", "dimension", "text", "position", "active")
                .values(SQLBind(actor.territoryId), SQLBind(UUID()), SQLBind(dimension.rawValue), SQLBind(text), SQLBind(position), SQLBind(true))
                .run()
            try await trace(.create, "inclusion_criterion", actor.territoryId, actor: actor, on: tx)
        }
    }

    /// A criterion leaves the grid; past audits keep their answers to it.
    public func removeCriterion(id: UUID, actor: Actor) async throws {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await ensureGrid(territoryId: actor.territoryId, on: sql)
            try await sql.update("inclusion_criteria").set("active", to: SQLBind(false))
                .where("territory_id", .equal, SQLBind(actor.territoryId)).where("id", .equal, SQLBind(id)).run()
            try await trace(.update, "inclusion_criterion", id, actor: actor, on: tx)
        }
    }

    // MARK: Equipment and audits

    public func addEquipment(name: String, kind: String, address: String, actor: Actor) async throws -> UUID {
        let id = UUID()
        try await database.write { tx in
            try await (tx as! any SQLDatabase).insert(into: "inclusion_equipment").columns("id", "territory_id", "name", "kind", "address")
                .values(SQLBind(id), SQLBind(actor.territoryId), SQLBind(name), SQLBind(kind), SQLBind(address)).run()
            try await trace(.create, "inclusion_equipment", id, actor: actor, on: tx)
        }
        return id
    }

    public func equipment(territoryId: UUID) async throws -> [Equipment] {
        struct Row: Decodable { let id: UUID, name: String, kind: String, address: String }
        return try await sql.select().columns("id", "name", "kind", "address").from("inclusion_equipment")
            .where("territory_id", .equal, SQLBind(territoryId)).orderBy("name").all(decoding: Row.self)
            .map { Equipment(id: $0.id, territoryId: territoryId, name: $0.name, kind: $0.kind, address: $0.address) }
    }

    public func equipment(id: UUID, territoryId: UUID) async throws -> Equipment? {
        try await equipment(territoryId: territoryId).first { $0.id == id }
    }

    /// Records an audit and, in the same transaction, closes the equipment's open actions whose
    /// criterion it finds met. Returns the audit and how many actions it closed.
    public func recordAudit(
        equipmentId: UUID, auditedOn: String, auditors: String, answers: [UUID: (AuditAnswer, String)], actor: Actor
    ) async throws -> (id: UUID, closed: Int) {
        let id = UUID()
        let now = clock.now()
        return try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await ensureGrid(territoryId: actor.territoryId, on: sql)
            try await sql.insert(into: "inclusion_audits").columns("id", "equipment_id", "audited_on", "auditors", "created_by", "created_at")
                .values(SQLBind(id), SQLBind(equipmentId), SQLBind(auditedOn), SQLBind(auditors), SQLBind(actor.accountId), SQLBind(now)).run()
            for (criterion, (answer, note)) in answers {
                try await sql.insert(into: "inclusion_answers").columns("audit_id", "criterion_id", "answer", "note")
                    .values(SQLBind(id), SQLBind(criterion), SQLBind(answer.rawValue), SQLBind(note)).run()
            }
            let open = try await Self.actions(equipmentId: equipmentId, on: sql).filter { $0.closedOn == nil }
            let closing = InclusionRules.closedBy(answers.mapValues(\.0), openActions: open.map { (id: $0.id, criterionId: $0.criterionId) })
            if !closing.isEmpty {
                try await sql.update("inclusion_actions").set("closed_on", to: SQLBind(auditedOn)).set("closed_by_audit", to: SQLBind(id))
                    .where("id", .in, SQLBind.group(closing)).run()
            }
            try await trace(.create, "inclusion_audit", id, actor: actor, on: tx)
            return (id, closing.count)
        }
    }

    /// An equipment's audits, oldest first.
    public func audits(equipmentId: UUID) async throws -> [Audit] {
        struct AuditRow: Decodable { let id: UUID, audited_on: String, auditors: String }
        struct AnswerRow: Decodable { let audit_id: UUID, criterion_id: UUID, answer: String, note: String }
        let audits = try await sql.select().columns("id", "audited_on", "auditors").from("inclusion_audits")
            .where("equipment_id", .equal, SQLBind(equipmentId)).orderBy("audited_on").orderBy("created_at").all(decoding: AuditRow.self)
        guard !audits.isEmpty else { return [] }
        let answers = Dictionary(
            grouping: try await sql.select().columns("audit_id", "criterion_id", "answer", "note").from("inclusion_answers")
                .where("audit_id", .in, SQLBind.group(audits.map(\.id))).all(decoding: AnswerRow.self), by: \.audit_id)
        return audits.map { audit in
            let rows = answers[audit.id] ?? []
            return Audit(
                id: audit.id, auditedOn: audit.audited_on, auditors: audit.auditors,
                answers: Dictionary(uniqueKeysWithValues: rows.compactMap { row in AuditAnswer(rawValue: row.answer).map { (row.criterion_id, $0) } }),
                notes: Dictionary(uniqueKeysWithValues: rows.filter { !$0.note.isEmpty }.map { ($0.criterion_id, $0.note) }))
        }
    }

    public func addAction(equipmentId: UUID, auditId: UUID, criterionId: UUID, text: String, owner: String, dueOn: String, actor: Actor)
        async throws
    {
        let id = UUID()
        try await database.write { tx in
            try await (tx as! any SQLDatabase).insert(into: "inclusion_actions")
                .columns("id", "equipment_id", "audit_id", "criterion_id", "text", "owner", "due_on")
                .values(
                    SQLBind(id), SQLBind(equipmentId), SQLBind(auditId), SQLBind(criterionId), SQLBind(text), SQLBind(owner), SQLBind(dueOn)
                ).run()
            try await trace(.create, "inclusion_action", id, actor: actor, on: tx)
        }
    }

    public func actions(equipmentId: UUID) async throws -> [Action] { try await Self.actions(equipmentId: equipmentId, on: try sql) }

    static func actions(equipmentId: UUID, on sql: any SQLDatabase) async throws -> [Action] {
        struct Row: Decodable { let id: UUID, audit_id: UUID, criterion_id: UUID, text: String, owner: String, due_on: String, closed_on: String? }
        return try await sql.select().columns("id", "audit_id", "criterion_id", "text", "owner", "due_on", "closed_on").from("inclusion_actions")
            .where("equipment_id", .equal, SQLBind(equipmentId)).orderBy("due_on").all(decoding: Row.self).map {
                Action(
                    id: $0.id, auditId: $0.audit_id, criterionId: $0.criterion_id, text: $0.text, owner: $0.owner, dueOn: $0.due_on,
                    closedOn: $0.closed_on)
            }
    }

    private func trace(_ action: AuditAction, _ type: String, _ id: UUID, actor: Actor, on tx: any Database) async throws {
        try await database.trace(action, type, id.uuidString, actor: actor, at: clock.now(), on: tx)
    }
}
