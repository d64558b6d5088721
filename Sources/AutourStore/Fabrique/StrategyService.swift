import AutourCore
import FluentKit
import Foundation
import SQLKit

/// The elected officials' strategy plans. Every change reads the plan in its write transaction
/// with the row locked, applies the change, and makes the plan a draft again; « ready » is only
/// written by `markReady`, after `StrategyRules.checkReady` in that same transaction, so no path
/// (page, API, two officials at once) leaves a ready plan with an unanswered vigilance point.
public struct StrategyService: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    struct Row: Decodable {
        let id: UUID, territory_id: UUID, title: String, figures: String, actions: String, answers: String, ready: Bool, updated_at: Date

        var plan: StrategyPlan {
            let decoder = JSONDecoder()
            return StrategyPlan(
                id: id, territoryId: territory_id, title: title,
                figures: figures.split(separator: " ").compactMap { ManualFigure(rawValue: String($0)) },
                actions: (try? decoder.decode([PlanAction].self, from: Data(actions.utf8))) ?? [],
                answers: (try? decoder.decode([ManualFigure: [Int: String]].self, from: Data(answers.utf8))) ?? [:], ready: ready,
                updatedAt: updated_at)
        }
    }

    static let columns: SQLQueryString = "SELECT id, territory_id, title, figures, actions, answers, ready, updated_at FROM strategy_plans"

    public func plans(actor: Actor) async throws -> [StrategyPlan] {
        try Permissions.require(actor, .buildStrategy)
        return try await database.sql.raw(Self.columns + " WHERE territory_id = \(bind: actor.territoryId) ORDER BY updated_at DESC")
            .all(decoding: Row.self).map(\.plan)
    }

    public func plan(id: UUID, actor: Actor) async throws -> StrategyPlan {
        try Permissions.require(actor, .buildStrategy)
        guard let plan = try await database.sql.raw(Self.columns + " WHERE id = \(bind: id)").first(decoding: Row.self)?.plan,
            plan.territoryId == actor.territoryId
        else { throw AutourError.notFound }
        return plan
    }

    public func create(title: String, figures: [ManualFigure], actor: Actor) async throws -> UUID {
        try Permissions.require(actor, .buildStrategy)
        let id = UUID()
        let now = clock.now()
        try await database.write { tx in
            try await (tx as! any SQLDatabase).raw(
                """
                INSERT INTO strategy_plans (id, territory_id, title, figures, actions, answers, ready, created_by, created_at, updated_at)
                VALUES (\(bind: id), \(bind: actor.territoryId), \(bind: title), \(bind: figures.map(\.rawValue).joined(separator: " ")), '[]', '{}',
                  \(bind: false), \(bind: actor.accountId), \(bind: now), \(bind: now))
                """
            ).run()
            try await database.trace(.create, "strategy_plan", id.uuidString, actor: actor, at: now, on: tx)
        }
        return id
    }

    /// Applies `change` to the plan as stored now, then writes it back as a draft.
    public func change(id: UUID, actor: Actor, _ change: @escaping @Sendable (inout StrategyPlan) throws -> Void) async throws {
        try Permissions.require(actor, .buildStrategy)
        try await database.write { tx in
            var plan = try await locked(id, actor: actor, on: tx)
            try change(&plan)
            plan.ready = false
            try await save(plan, on: tx)
            try await database.trace(.update, "strategy_plan", id.uuidString, actor: actor, at: clock.now(), on: tx)
        }
    }

    /// Marks the plan ready, or says what is missing (a vigilance point first).
    public func markReady(id: UUID, actor: Actor) async throws {
        try Permissions.require(actor, .buildStrategy)
        try await database.write { tx in
            var plan = try await locked(id, actor: actor, on: tx)
            try StrategyRules.checkReady(plan)
            plan.ready = true
            try await save(plan, on: tx)
            try await database.trace(.update, "strategy_plan", id.uuidString, actor: actor, at: clock.now(), on: tx)
        }
    }

    private func locked(_ id: UUID, actor: Actor, on tx: any Database) async throws -> StrategyPlan {
        try await database.lockRow("strategy_plans", id: id, on: tx)
        guard let plan = try await (tx as! any SQLDatabase).raw(Self.columns + " WHERE id = \(bind: id)").first(decoding: Row.self)?.plan,
            plan.territoryId == actor.territoryId
        else { throw AutourError.notFound }
        return plan
    }

    private func save(_ plan: StrategyPlan, on tx: any Database) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let actions = String(decoding: try encoder.encode(plan.actions), as: UTF8.self)
        let answers = String(decoding: try encoder.encode(plan.answers), as: UTF8.self)
        try await (tx as! any SQLDatabase).raw(
            """
            UPDATE strategy_plans SET title = \(bind: plan.title), figures = \(bind: plan.figures.map(\.rawValue).joined(separator: " ")),
              actions = \(bind: actions), answers = \(bind: answers), ready = \(bind: plan.ready), updated_at = \(bind: clock.now())
            WHERE id = \(bind: plan.id)
            """
        ).run()
    }
}
