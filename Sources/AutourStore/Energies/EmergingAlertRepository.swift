import AutourCore
import FluentKit
import Foundation

final class EmergingAlertModel: Model, @unchecked Sendable {
    static let schema = "emerging_alerts"
    @ID(key: .id) var id: UUID?
    @Field(key: "territory_id") var territoryId: UUID
    @Field(key: "week_start") var weekStart: Date
    @Field(key: "kind") var kind: String
    @Field(key: "neighbourhood") var neighbourhood: String
    @Field(key: "count") var count: Int
    @Field(key: "expected") var expected: Double
    @Field(key: "raised_at") var raisedAt: Date
    @OptionalField(key: "seen_by") var seenBy: UUID?
    @OptionalField(key: "seen_at") var seenAt: Date?
    @OptionalField(key: "decision") var decision: String?
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    init() {}

    var core: StoredAlert {
        StoredAlert(
            id: id!, territoryId: territoryId, weekStart: weekStart, kind: kind, neighbourhood: neighbourhood, count: count,
            expected: expected, raisedAt: raisedAt, seenBy: seenBy, seenAt: seenAt, decision: decision.flatMap(AlertDecision.init(rawValue:)),
            reason: reason, decidedBy: decidedBy, decidedAt: decidedAt)
    }
}

/// Emerging-need alerts kept as findings: raised by the periodic job (never by a page read),
/// seen and decided by a coordinator, each step dated and audited.
public struct EmergingAlertRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    static let recordType = "emerging_alert"

    /// Computes this week's alerts of every territory and stores the new ones (a stronger count
    /// the same week updates its finding). Returns how many were raised.
    @discardableResult
    public func refresh(territoryId: UUID? = nil) async throws -> Int {
        let now = clock.now()
        let energies = EnergiesRepository(database: database, clock: clock)
        let territories: [UUID]
        if let territoryId { territories = [territoryId] } else { territories = try await TerritoryModel.query(on: database.db).all(\.$id) }
        var raised = 0
        for territory in territories {
            let events = try await energies.emergingEvents(
                territoryId: territory, since: now.addingTimeInterval(-Double(EmergingNeeds.historyWeeks + 2) * 7 * 86400))
            let week = RadarIndicators.mondayOf(now)
            for alert in EmergingNeeds.alerts(events, now: now) {
                raised += try await database.write { tx in
                    if let stored = try await EmergingAlertModel.query(on: tx).filter(\.$territoryId == territory).filter(\.$weekStart == week)
                        .filter(\.$kind == alert.kind).filter(\.$neighbourhood == alert.neighbourhood).first()
                    {
                        guard alert.count > stored.count else { return 0 }
                        stored.count = alert.count
                        stored.expected = alert.expected
                        try await stored.save(on: tx)
                        return 0
                    }
                    let model = EmergingAlertModel()
                    model.territoryId = territory
                    model.weekStart = week
                    model.kind = alert.kind
                    model.neighbourhood = alert.neighbourhood
                    model.count = alert.count
                    model.expected = alert.expected
                    model.raisedAt = now
                    try await model.create(on: tx)
                    try await AuditRepository.append(
                        on: tx, database: database, at: now, territoryId: territory, actorId: nil,
                        action: .create, recordType: Self.recordType, recordId: model.id!.uuidString)
                    return 1
                }
            }
        }
        return raised
    }

    /// The territory's findings, newest first: those still to decide, or all of them.
    public func list(territoryId: UUID, undecidedOnly: Bool = false, limit: Int = 200) async throws -> [StoredAlert] {
        var query = EmergingAlertModel.query(on: try database.db).filter(\.$territoryId == territoryId)
        if undecidedOnly { query = query.filter(\.$decision == nil) }
        return try await query.sort(\.$raisedAt, .descending).limit(limit).all().map(\.core)
    }

    public func find(id: UUID, territoryId: UUID) async throws -> StoredAlert? {
        try await EmergingAlertModel.query(on: database.db).filter(\.$id == id).filter(\.$territoryId == territoryId).first()?.core
    }

    /// A coordinator says they have seen the alert (the first one who does is kept).
    public func acknowledge(_ id: UUID, actor: Actor) async throws -> StoredAlert {
        try await change(id, actor: actor) { model, now in
            if model.seenAt == nil {
                model.seenBy = actor.accountId
                model.seenAt = now
            }
        }
    }

    /// The coordinator's decision; "not relevant" needs its reason. Decided once.
    public func decide(_ id: UUID, _ decision: AlertDecision, reason: String, actor: Actor) async throws -> StoredAlert {
        let text = try EmergingNeeds.validate(decision: decision, reason: reason)
        return try await change(id, actor: actor) { model, now in
            guard model.decision == nil else { throw AutourError.conflict("Cette alerte a déjà été traitée.") }
            if model.seenAt == nil {
                model.seenBy = actor.accountId
                model.seenAt = now
            }
            model.decision = decision.rawValue
            model.reason = text
            model.decidedBy = actor.accountId
            model.decidedAt = now
        }
    }

    private func change(
        _ id: UUID, actor: Actor,
        _ body: @escaping @Sendable (EmergingAlertModel, Date) throws -> Void
    ) async throws -> StoredAlert {
        let now = clock.now()
        return try await database.write { tx in
            try await database.lockRow(EmergingAlertModel.schema, id: id, on: tx)
            guard
                let model = try await EmergingAlertModel.query(on: tx).filter(\.$id == id)
                    .filter(\.$territoryId == actor.territoryId).first()
            else { throw AutourError.notFound }
            try body(model, now)
            try await model.save(on: tx)
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: actor.territoryId, actorId: actor.accountId,
                action: .update, recordType: Self.recordType, recordId: id.uuidString)
            return model.core
        }
    }
}
