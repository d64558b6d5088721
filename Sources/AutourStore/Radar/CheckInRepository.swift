import AutourCore
import FluentKit
import Foundation

/// A check-in call due, with the person to call.
public struct DueCheckIn: Sendable {
    public let plan: CheckInPlan
    public let person: Person
}

/// The opt-in check-in service. A missed or worrying check-in raises a signal, linked to the
/// person's file, in the same transaction as what caused it.
public struct CheckInRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    static let recordType = "check_in"

    /// Starts (or changes) the person's check-in calls. The person asked for it: their consent to
    /// be followed after a signal (`radar_follow_up`) is required and recorded on their file.
    public func plan(personId: UUID, frequencyDays: Int, callerId: UUID, actor: Actor) async throws -> CheckInPlan {
        let days = try CheckInRules.validateFrequency(frequencyDays)
        let now = clock.now()
        return try await database.write { tx in
            guard
                let person = try await PersonModel.query(on: tx).filter(\.$id == personId)
                    .filter(\.$territoryId == actor.territoryId).first(), person.erasedAt == nil, person.mergedInto == nil
            else {
                throw AutourError.notFound
            }
            guard try await Self.consentHolds(personId: personId, now: now, on: tx) else {
                throw AutourError.invalid(
                    "La personne doit avoir demandé ce service.",
                    fields: ["consent": "Enregistrez d'abord son consentement « Suivi après un signalement »."])
            }
            guard
                let caller = try await AccountModel.query(on: tx).filter(\.$id == callerId)
                    .filter(\.$territoryId == actor.territoryId).first()?.core, caller.active,
                caller.roles.contains(.agent) || caller.roles.contains(.volunteer) || caller.roles.contains(.coordinator)
            else {
                throw AutourError.invalid("Choisissez un appelant du territoire.", fields: ["callerId": "Appelant inconnu."])
            }
            let model =
                try await CheckInPlanModel.query(on: tx).filter(\.$personId == personId).filter(\.$stoppedAt == nil).first()
                ?? CheckInPlanModel()
            model.territoryId = actor.territoryId
            model.personId = personId
            model.callerId = callerId
            model.frequencyDays = days
            model.nextDueAt = CheckInRules.nextDue(after: model.lastAt ?? now, frequencyDays: days)
            try await model.save(on: tx)
            try await trace(model, actor: actor.accountId, at: now, on: tx)
            return model.core
        }
    }

    public func stop(planId: UUID, actor: Actor) async throws {
        let now = clock.now()
        try await database.write { tx in
            guard
                let model = try await CheckInPlanModel.query(on: tx).filter(\.$id == planId)
                    .filter(\.$territoryId == actor.territoryId).first()
            else { throw AutourError.notFound }
            model.stoppedAt = model.stoppedAt ?? now
            try await model.save(on: tx)
            try await trace(model, actor: actor.accountId, at: now, on: tx)
        }
    }

    public func activePlan(personId: UUID) async throws -> CheckInPlan? {
        try await CheckInPlanModel.query(on: database.db).filter(\.$personId == personId).filter(\.$stoppedAt == nil).first()?.core
    }

    /// The caller's check-ins, soonest first.
    public func plans(callerId: UUID, territoryId: UUID) async throws -> [DueCheckIn] {
        let plans = try await CheckInPlanModel.query(on: database.db).filter(\.$territoryId == territoryId)
            .filter(\.$callerId == callerId).filter(\.$stoppedAt == nil).sort(\.$nextDueAt).all().map(\.core)
        let persons = Dictionary(
            uniqueKeysWithValues: try await PersonModel.query(on: database.db)
                .filter(\.$id ~~ plans.map(\.personId)).all().map { ($0.id!, $0.core) })
        return plans.compactMap { plan in persons[plan.personId].map { DueCheckIn(plan: plan, person: $0) } }
    }

    /// Records a check-in call. Worrying or unanswered: a signal is raised for the triage queue.
    public func record(planId: UUID, outcome: CheckInOutcome, note: String, actor: Actor) async throws -> CheckInPlan {
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= SignalRules.detailsLimit else {
            throw AutourError.invalid("Note trop longue.", fields: ["note": "\(SignalRules.detailsLimit) caractères au plus."])
        }
        let now = clock.now()
        return try await database.write { tx in
            guard
                let model = try await CheckInPlanModel.query(on: tx).filter(\.$id == planId)
                    .filter(\.$territoryId == actor.territoryId).first(),
                Permissions.mayRecordCall(actor, callerId: model.callerId)
            else { throw AutourError.notFound }
            guard model.stoppedAt == nil, try await Self.consentHolds(personId: model.personId, now: now, on: tx) else {
                throw AutourError.conflict("Ces appels sont arrêtés.")
            }
            model.lastAt = now
            model.lastOutcome = outcome.rawValue
            model.nextDueAt = CheckInRules.nextDue(after: now, frequencyDays: model.frequencyDays)
            try await model.save(on: tx)
            try await trace(model, actor: actor.accountId, at: now, on: tx)
            if CheckInRules.raisesSignal(outcome), let person = try await PersonModel.find(model.personId, on: tx) {
                let why = outcome == .worrying ? "Appel de convivialité inquiétant." : "Pas de réponse à l'appel de convivialité."
                try await SignalRepository.raiseFromCheckIn(
                    person: person, kind: .isolation,
                    details: text.isEmpty ? why : "\(why) \(text)",
                    at: now, database: database, on: tx)
            }
            return model.core
        }
    }

    /// Raises a signal for every check-in missed (past due by more than a day) and moves its next
    /// due date on, so that each miss raises one signal. Run by the server's periodic job.
    public func raiseMissed() async throws -> Int {
        let now = clock.now()
        let due = try await CheckInPlanModel.query(on: database.db).filter(\.$stoppedAt == nil)
            .filter(\.$nextDueAt < now.addingTimeInterval(-CheckInRules.grace)).all()
        var raised = 0
        for plan in due {
            let signal = try await database.write { tx -> Bool in
                guard let fresh = try await CheckInPlanModel.find(plan.id, on: tx), fresh.stoppedAt == nil,
                    CheckInRules.isMissed(fresh.core, now: now),
                    let person = try await PersonModel.find(fresh.personId, on: tx), person.erasedAt == nil
                else { return false }
                // The calls rest on the person's consent: checked again here, not only when planned.
                guard try await Self.consentHolds(personId: fresh.personId, now: now, on: tx) else {
                    fresh.stoppedAt = now
                    try await fresh.save(on: tx)
                    return false
                }
                fresh.nextDueAt = CheckInRules.nextDue(after: now, frequencyDays: fresh.frequencyDays)
                try await fresh.save(on: tx)
                try await SignalRepository.raiseFromCheckIn(
                    person: person, kind: .isolation,
                    details: "Appel de convivialité prévu non effectué.",
                    at: now, database: database, on: tx)
                return true
            }
            if signal { raised += 1 }
        }
        return raised
    }

    /// Whether the person still asks to be called (their `radar_follow_up` consent holds).
    static func consentHolds(personId: UUID, now: Date, on db: any Database) async throws -> Bool {
        let consents = try await ConsentModel.query(on: db).filter(\.$personId == personId)
            .filter(\.$purpose == ConsentPurpose.radarFollowUp.rawValue).all().map(\.core)
        return ConsentRules.allows(consents, .radarFollowUp, now: now)
    }

    private func trace(_ model: CheckInPlanModel, actor: UUID?, at now: Date, on tx: any Database) async throws {
        try await AuditRepository.append(
            on: tx, database: database, at: now, territoryId: model.territoryId, actorId: actor,
            action: .update, recordType: Self.recordType, recordId: model.id!.uuidString)
    }
}
