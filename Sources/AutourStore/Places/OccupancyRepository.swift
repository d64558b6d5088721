import AutourCore
import FluentKit
import Foundation
import SQLKit

/// Calls for co-occupants, their applications, the four-week trials with their weekly reviews,
/// and the activation kits' runs.
public struct OccupancyRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    var sql: any SQLDatabase { get throws { try database.db as! any SQLDatabase } }

    public struct Call: Sendable, Equatable {
        public let id: UUID, placeId: UUID, territoryId: UUID, title: String, description: String
        public let openedAt: Date, closesAt: Date, closedAt: Date?
        public var scope: RecordScope { RecordScope(territoryId: territoryId) }
    }

    public struct Application: Sendable, Equatable {
        public let id: UUID, callId: UUID, group: String, contact: String, project: String, people: Int, needs: String, hours: String
        public let status: Occupancy.ApplicationStatus, reasons: String, createdAt: Date
    }

    public struct Trial: Sendable, Equatable {
        public let id: UUID, applicationId: UUID, placeId: UUID, territoryId: UUID, occupant: String, rules: String, startsAt: Date
        public let status: Occupancy.TrialStatus, decisionReasons: String, decidedAt: Date?
        public var endsAt: Date { Occupancy.trialEnd(start: startsAt) }
        public var scope: RecordScope { RecordScope(territoryId: territoryId) }
    }

    public struct Review: Sendable, Equatable {
        public let week: Int, reviewer: String, wentWell: String, problems: String, carryOn: Bool, createdAt: Date
    }

    public struct KitRun: Sendable, Equatable {
        public let kit: ActivationKit, runner: String, checked: [Int], complete: Bool, note: String, at: Date
    }

    struct CallRow: Decodable {
        let id: UUID, place_id: UUID, territory_id: UUID, title: String, description: String, opened_at: Date, closes_at: Date, closed_at: Date?
        var core: Call {
            Call(
                id: id, placeId: place_id, territoryId: territory_id, title: title, description: description, openedAt: opened_at, closesAt: closes_at,
                closedAt: closed_at)
        }
    }
    struct ApplicationRow: Decodable {
        let id: UUID, call_id: UUID, group_name: String, contact: String, project: String, people: Int, needs: String, hours: String
        let status: String, reasons: String, created_at: Date
        var core: Application {
            Application(
                id: id, callId: call_id, group: group_name, contact: contact, project: project, people: people, needs: needs, hours: hours,
                status: Occupancy.ApplicationStatus(rawValue: status) ?? .submitted, reasons: reasons, createdAt: created_at)
        }
    }
    struct TrialRow: Decodable {
        let id: UUID, application_id: UUID, place_id: UUID, territory_id: UUID, occupant: String, rules: String, starts_at: Date
        let status: String, decision_reasons: String, decided_at: Date?
        var core: Trial {
            Trial(
                id: id, applicationId: application_id, placeId: place_id, territoryId: territory_id, occupant: occupant, rules: rules,
                startsAt: starts_at, status: Occupancy.TrialStatus(rawValue: status) ?? .running, decisionReasons: decision_reasons,
                decidedAt: decided_at)
        }
    }

    static let callColumns = "id, place_id, territory_id, title, description, opened_at, closes_at, closed_at"
    static let applicationColumns = "id, call_id, group_name, contact, project, people, needs, hours, status, reasons, created_at"
    static let trialColumns = "id, application_id, place_id, territory_id, occupant, rules, starts_at, status, decision_reasons, decided_at"

    private func audit(_ tx: any Database, territoryId: UUID, actor: Actor?, action: AuditAction, type: String, id: UUID) async throws {
        guard let actor else { return }
        try await AuditRepository.append(
            on: tx, database: database, at: clock.now(), territoryId: territoryId, actorId: actor.accountId, action: action, recordType: type,
            recordId: id.uuidString)
    }

    // MARK: Calls

    public func openCall(_ call: Occupancy.CallInput, place: Place, actor: Actor) async throws -> UUID {
        let id = UUID()
        let now = clock.now()
        try await database.write { tx in
            try await (tx as! any SQLDatabase).insert(into: "place_calls")
                .columns("id", "place_id", "territory_id", "title", "description", "opened_at", "closes_at")
                .values(
                    SQLBind(id), SQLBind(place.id), SQLBind(place.territoryId), SQLBind(call.title), SQLBind(call.description), SQLBind(now),
                    SQLBind(call.closesOn!)
                ).run()
            try await audit(tx, territoryId: place.territoryId, actor: actor, action: .create, type: "place_call", id: id)
        }
        return id
    }

    /// Calls still open (published until their closing date, not closed), or every call with `all`.
    public func calls(territoryId: UUID, placeId: UUID? = nil, openOnly: Bool) async throws -> [Call] {
        let place: SQLQueryString = placeId.map { "AND place_id = \(bind: $0)" } ?? ""
        let open: SQLQueryString = openOnly ? "AND closed_at IS NULL AND closes_at > \(bind: clock.now())" : ""
        return try await sql.raw(
            "SELECT \(unsafeRaw: Self.callColumns) FROM place_calls WHERE territory_id = \(bind: territoryId) \(place) \(open) ORDER BY opened_at DESC"
        ).all(decoding: CallRow.self).map(\.core)
    }

    public func call(id: UUID, territoryId: UUID) async throws -> Call? {
        try await sql.raw(
            "SELECT \(unsafeRaw: Self.callColumns) FROM place_calls WHERE id = \(bind: id) AND territory_id = \(bind: territoryId)"
        ).first(decoding: CallRow.self)?.core
    }

    /// Closes a call, only once its announced closing date has passed.
    public func close(call: Call, actor: Actor) async throws {
        let now = clock.now()
        guard now >= call.closesAt else {
            throw AutourError.conflict(
                "L'appel a été annoncé ouvert jusqu'au \(FrenchDay.text(call.closesAt)) : il reste ouvert jusque-là, pour que chacun puisse candidater.")
        }
        try await database.write { tx in
            try await (tx as! any SQLDatabase).raw("UPDATE place_calls SET closed_at = \(bind: now) WHERE id = \(bind: call.id)").run()
            try await audit(tx, territoryId: call.territoryId, actor: actor, action: .update, type: "place_call", id: call.id)
        }
    }

    public func apply(_ application: Occupancy.ApplicationInput, call: Call, actor: Actor?) async throws -> UUID {
        let id = UUID()
        let now = clock.now()
        guard call.closedAt == nil, call.closesAt > now else { throw AutourError.invalid("Cet appel est clos.") }
        try await database.write { tx in
            try await (tx as! any SQLDatabase).insert(into: "call_applications")
                .columns("id", "call_id", "group_name", "contact", "project", "people", "needs", "hours", "status", "reasons", "created_at")
                .values(
                    SQLBind(id), SQLBind(call.id), SQLBind(application.group), SQLBind(application.contact), SQLBind(application.project),
                    SQLBind(application.people), SQLBind(application.needs), SQLBind(application.hours),
                    SQLBind(Occupancy.ApplicationStatus.submitted.rawValue), SQLBind(""), SQLBind(now)
                ).run()
            try await audit(tx, territoryId: call.territoryId, actor: actor, action: .create, type: "call_application", id: id)
        }
        return id
    }

    public func applications(callId: UUID) async throws -> [Application] {
        try await sql.raw(
            "SELECT \(unsafeRaw: Self.applicationColumns) FROM call_applications WHERE call_id = \(bind: callId) ORDER BY created_at"
        ).all(decoding: ApplicationRow.self).map(\.core)
    }

    public func application(id: UUID, callId: UUID) async throws -> Application? {
        try await sql.raw(
            "SELECT \(unsafeRaw: Self.applicationColumns) FROM call_applications WHERE id = \(bind: id) AND call_id = \(bind: callId)"
        ).first(decoding: ApplicationRow.self)?.core
    }

    /// Selects or turns down an application, with the reasons (once: a decision is not rewritten).
    public func decide(application: Application, call: Call, selected: Bool, reasons: String, actor: Actor) async throws {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("call_applications", id: application.id, on: tx)
            struct Row: Decodable { let status: String }
            guard
                try await sql.select().column("status").from("call_applications").where("id", .equal, SQLBind(application.id))
                    .first(decoding: Row.self)?.status == Occupancy.ApplicationStatus.submitted.rawValue
            else { throw AutourError.conflict("Cette candidature a déjà reçu une réponse.") }
            let status: Occupancy.ApplicationStatus = selected ? .selected : .rejected
            try await sql.raw(
                "UPDATE call_applications SET status = \(bind: status.rawValue), reasons = \(bind: reasons) WHERE id = \(bind: application.id)"
            ).run()
            try await audit(tx, territoryId: call.territoryId, actor: actor, action: .update, type: "call_application", id: application.id)
        }
    }

    // MARK: Trials

    public func startTrial(application: Application, call: Call, startsAt: Date, rules: String, actor: Actor) async throws -> UUID {
        guard application.status == .selected else { throw AutourError.conflict("Seule une candidature retenue commence un essai.") }
        let id = UUID()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            struct Row: Decodable { let id: UUID }
            guard
                try await sql.select().column("id").from("place_trials").where("application_id", .equal, SQLBind(application.id))
                    .first(decoding: Row.self) == nil
            else { throw AutourError.conflict("L'essai de cette candidature a déjà commencé.") }
            try await sql.insert(into: "place_trials")
                .columns("id", "application_id", "place_id", "territory_id", "occupant", "rules", "starts_at", "status", "decision_reasons")
                .values(
                    SQLBind(id), SQLBind(application.id), SQLBind(call.placeId), SQLBind(call.territoryId), SQLBind(application.group),
                    SQLBind(rules), SQLBind(startsAt), SQLBind(Occupancy.TrialStatus.running.rawValue), SQLBind("")
                ).run()
            try await audit(tx, territoryId: call.territoryId, actor: actor, action: .create, type: "place_trial", id: id)
        }
        return id
    }

    public func trials(territoryId: UUID, placeId: UUID? = nil) async throws -> [Trial] {
        let place: SQLQueryString = placeId.map { "AND place_id = \(bind: $0)" } ?? ""
        return try await sql.raw(
            "SELECT \(unsafeRaw: Self.trialColumns) FROM place_trials WHERE territory_id = \(bind: territoryId) \(place) ORDER BY starts_at DESC"
        ).all(decoding: TrialRow.self).map(\.core)
    }

    public func trial(id: UUID, territoryId: UUID) async throws -> Trial? {
        try await sql.raw(
            "SELECT \(unsafeRaw: Self.trialColumns) FROM place_trials WHERE id = \(bind: id) AND territory_id = \(bind: territoryId)"
        ).first(decoding: TrialRow.self)?.core
    }

    public func review(_ review: Occupancy.ReviewInput, trial: Trial, actor: Actor) async throws {
        guard trial.status == .running else { throw AutourError.conflict("L'essai est terminé.") }
        let now = clock.now()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            let id = UUID()
            struct Row: Decodable { let id: UUID }
            // One review per reviewer and week (the unique index holds it against races).
            guard
                try await sql.select().column("id").from("trial_reviews").where("trial_id", .equal, SQLBind(trial.id))
                    .where("week", .equal, SQLBind(review.week)).where("reviewer", .equal, SQLBind(review.reviewer)).first(decoding: Row.self) == nil
            else { throw AutourError.conflict("\(review.reviewer) a déjà donné son avis pour la semaine \(review.week).") }
            try await sql.insert(into: "trial_reviews")
                .columns("id", "trial_id", "week", "reviewer", "went_well", "problems", "carry_on", "recorded_by", "created_at")
                .values(
                    SQLBind(id), SQLBind(trial.id), SQLBind(review.week), SQLBind(review.reviewer), SQLBind(review.wentWell),
                    SQLBind(review.problems), SQLBind(review.carryOn), SQLBind(actor.accountId), SQLBind(now)
                ).run()
            try await audit(tx, territoryId: trial.territoryId, actor: actor, action: .create, type: "trial_review", id: id)
        }
    }

    public func reviews(trialId: UUID) async throws -> [Review] {
        struct Row: Decodable { let week: Int, reviewer: String, went_well: String, problems: String, carry_on: Bool, created_at: Date }
        return try await sql.raw(
            "SELECT week, reviewer, went_well, problems, carry_on, created_at FROM trial_reviews WHERE trial_id = \(bind: trialId) ORDER BY week, created_at"
        ).all(decoding: Row.self).map {
            Review(week: $0.week, reviewer: $0.reviewer, wentWell: $0.went_well, problems: $0.problems, carryOn: $0.carry_on, createdAt: $0.created_at)
        }
    }

    /// The end of a trial: a convention or an exit, with reasons; only once its four weeks are over.
    public func decide(trial: Trial, convention: Bool, reasons: String, actor: Actor) async throws {
        let now = clock.now()
        guard now >= trial.endsAt else {
            throw AutourError.conflict("L'essai dure quatre semaines, jusqu'au \(FrenchDay.text(trial.endsAt)) : la décision vient après.")
        }
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("place_trials", id: trial.id, on: tx)
            struct Row: Decodable { let status: String }
            guard
                try await sql.select().column("status").from("place_trials").where("id", .equal, SQLBind(trial.id)).first(decoding: Row.self)?.status
                    == Occupancy.TrialStatus.running.rawValue
            else { throw AutourError.conflict("La décision sur cet essai est déjà prise.") }
            let status: Occupancy.TrialStatus = convention ? .convention : .exited
            try await sql.raw(
                """
                UPDATE place_trials SET status = \(bind: status.rawValue), decision_reasons = \(bind: reasons), decided_at = \(bind: now)
                WHERE id = \(bind: trial.id)
                """
            ).run()
            try await audit(tx, territoryId: trial.territoryId, actor: actor, action: .update, type: "place_trial", id: trial.id)
        }
    }

    // MARK: Activation kits

    public func runKit(_ kit: ActivationKit, place: Place, runner: String, checked: [Int], note: String) async throws {
        let now = clock.now()
        try await database.write { tx in
            try await (tx as! any SQLDatabase).insert(into: "kit_runs").columns("id", "place_id", "kit", "runner", "checked", "complete", "note", "at")
                .values(
                    SQLBind(UUID()), SQLBind(place.id), SQLBind(kit.rawValue), SQLBind(runner), SQLBind(checked.map(String.init).joined(separator: ",")),
                    SQLBind(checked.count == kit.items.count), SQLBind(note), SQLBind(now)
                ).run()
        }
    }

    public func kitRuns(placeId: UUID, limit: Int = 30) async throws -> [KitRun] {
        struct Row: Decodable { let kit: String, runner: String, checked: String, complete: Bool, note: String, at: Date }
        return try await sql.raw(
            "SELECT kit, runner, checked, complete, note, at FROM kit_runs WHERE place_id = \(bind: placeId) ORDER BY at DESC LIMIT \(bind: limit)"
        ).all(decoding: Row.self).compactMap { row in
            guard let kit = ActivationKit(rawValue: row.kit) else { return nil }
            return KitRun(
                kit: kit, runner: row.runner, checked: row.checked.split(separator: ",").compactMap { Int($0) }, complete: row.complete, note: row.note,
                at: row.at)
        }
    }
}
