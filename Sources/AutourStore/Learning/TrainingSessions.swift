import AutourCore
import FluentKit
import Foundation
import SQLKit

/// Peer training sessions: creation, enrolment first come first served with a waiting list (every
/// change of places under the session's row lock on PostgreSQL, under the writer on SQLite),
/// attendance, and the reciprocity counts.
extension LearningRepository {
    public struct Enrolment: Sendable, Equatable {
        public let resourceId: UUID, status: Seating.Status, attended: Bool?, createdAt: Date
    }

    struct SessionRow: Decodable {
        let id: UUID, territory_id: UUID, subject: String, title: String, description: String, host_id: UUID, cohost_id: UUID?
        let social_topic: Bool, place_id: UUID?, place_name: String?, home_address: String?, neighbourhood: String, starts_at: Date
        let ends_at: Date, capacity: Int, time_minutes: Int, confirmed: Int, waiting: Int, cancelled_at: Date?

        var core: TrainingSession {
            let venue = place_name ?? "Chez un·e habitant·e\(neighbourhood.isEmpty ? "" : " (\(neighbourhood))")"
            return TrainingSession(
                id: id, territoryId: territory_id, subject: subject, title: title, description: description, hostId: host_id, cohostId: cohost_id,
                socialTopic: social_topic, placeId: place_id, venue: venue, homeAddress: home_address, startsAt: starts_at, endsAt: ends_at,
                capacity: capacity, timeMinutes: time_minutes, confirmed: confirmed, waiting: waiting, cancelledAt: cancelled_at)
        }
    }

    static let sessionColumns = """
        SELECT s.id, s.territory_id, s.subject, s.title, s.description, s.host_id, s.cohost_id, s.social_topic, s.place_id,
        p.name AS place_name, s.home_address, s.neighbourhood, s.starts_at, s.ends_at, s.capacity, s.time_minutes, s.cancelled_at,
        (SELECT COUNT(*) FROM training_enrolments e WHERE e.session_id = s.id AND e.status = 'confirmed') AS confirmed,
        (SELECT COUNT(*) FROM training_enrolments e WHERE e.session_id = s.id AND e.status = 'waiting') AS waiting
        FROM training_sessions s LEFT JOIN places p ON p.id = s.place_id
        """

    public func createSession(_ valid: TrainingRules.Valid, actor: Actor) async throws -> UUID {
        let id = UUID()
        try await database.write { tx in
            try await (tx as! any SQLDatabase).insert(into: "training_sessions")
                .columns(
                    "id", "territory_id", "subject", "title", "description", "host_id", "cohost_id", "social_topic", "place_id", "home_address",
                    "neighbourhood", "starts_at", "ends_at", "capacity", "time_minutes", "created_by"
                )
                .values(
                    SQLBind(id), SQLBind(actor.territoryId), SQLBind(valid.subject), SQLBind(valid.title), SQLBind(valid.description),
                    SQLBind(valid.hostId), SQLBind(valid.cohostId), SQLBind(valid.socialTopic), SQLBind(valid.placeId), SQLBind(valid.homeAddress),
                    SQLBind(valid.neighbourhood), SQLBind(valid.startsAt), SQLBind(valid.endsAt), SQLBind(valid.capacity),
                    SQLBind(valid.timeMinutes), SQLBind(actor.accountId)
                ).run()
            try await trace(.create, "training_session", id.uuidString, actor: actor, on: tx)
        }
        return id
    }

    public func session(id: UUID, territoryId: UUID) async throws -> TrainingSession? {
        try await Self.session(id: id, territoryId: territoryId, on: try sql)
    }

    static func session(id: UUID, territoryId: UUID, on sql: any SQLDatabase) async throws -> TrainingSession? {
        try await sql.raw("\(unsafeRaw: sessionColumns) WHERE s.id = \(bind: id) AND s.territory_id = \(bind: territoryId)")
            .first(decoding: SessionRow.self)?.core
    }

    /// The territory's sessions ending after `from` (all when nil), soonest first.
    public func sessions(territoryId: UUID, from: Date? = nil) async throws -> [TrainingSession] {
        let rows: [SessionRow]
        if let from {
            rows = try await sql.raw(
                "\(unsafeRaw: Self.sessionColumns) WHERE s.territory_id = \(bind: territoryId) AND s.ends_at > \(bind: from) ORDER BY s.starts_at"
            ).all(decoding: SessionRow.self)
        } else {
            rows = try await sql.raw("\(unsafeRaw: Self.sessionColumns) WHERE s.territory_id = \(bind: territoryId) ORDER BY s.starts_at")
                .all(decoding: SessionRow.self)
        }
        return rows.map(\.core)
    }

    /// Enrolments still standing (not cancelled), in order of arrival.
    public func enrolments(sessionId: UUID) async throws -> [Enrolment] {
        struct Row: Decodable { let resource_id: UUID, status: String, attended: Bool?, created_at: Date }
        return try await sql.select().columns("resource_id", "status", "attended", "created_at").from("training_enrolments")
            .where("session_id", .equal, SQLBind(sessionId)).where("status", .notEqual, SQLBind(Seating.Status.cancelled.rawValue))
            .orderBy("created_at").all(decoding: Row.self).map {
                Enrolment(resourceId: $0.resource_id, status: Seating.Status(rawValue: $0.status) ?? .waiting, attended: $0.attended, createdAt: $0.created_at)
            }
    }

    /// Enrols a learner: seated when a place is free and no one waits, on the waiting list
    /// otherwise. Enrolling again gives the standing enrolment back.
    public func enrol(sessionId: UUID, resourceId: UUID, actor: Actor) async throws -> Seating.Status {
        let now = clock.now()
        return try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("training_sessions", id: sessionId, on: tx)
            guard let session = try await Self.session(id: sessionId, territoryId: actor.territoryId, on: sql) else { throw AutourError.notFound }
            guard session.cancelledAt == nil, session.startsAt > now else {
                throw AutourError.invalid("Cette séance est passée ou annulée : les inscriptions sont closes.")
            }
            guard resourceId != session.hostId, resourceId != session.cohostId else {
                throw AutourError.invalid("La personne qui anime la séance n'a pas à s'y inscrire.")
            }
            struct Row: Decodable { let status: String }
            let existing = try await sql.select().column("status").from("training_enrolments")
                .where("session_id", .equal, SQLBind(sessionId)).where("resource_id", .equal, SQLBind(resourceId)).first(decoding: Row.self)
            if let existing, let status = Seating.Status(rawValue: existing.status), status != .cancelled { return status }
            let status = Seating.status(seats: 1, capacity: session.capacity, confirmedSeats: session.confirmed, waiting: session.waiting)
            if existing != nil {
                try await sql.update("training_enrolments").set("status", to: SQLBind(status.rawValue)).set("created_at", to: SQLBind(now))
                    .set("attended", to: SQLLiteral.null)
                    .where("session_id", .equal, SQLBind(sessionId)).where("resource_id", .equal, SQLBind(resourceId)).run()
            } else {
                try await sql.insert(into: "training_enrolments").columns("session_id", "resource_id", "status", "created_at")
                    .values(SQLBind(sessionId), SQLBind(resourceId), SQLBind(status.rawValue), SQLBind(now)).run()
            }
            try await trace(.create, "training_enrolment", sessionId.uuidString, actor: actor, on: tx)
            return status
        }
    }

    /// Withdraws a learner; the freed place seats the waiting list in order.
    public func withdraw(sessionId: UUID, resourceId: UUID, actor: Actor) async throws {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("training_sessions", id: sessionId, on: tx)
            guard try await Self.session(id: sessionId, territoryId: actor.territoryId, on: sql) != nil else { throw AutourError.notFound }
            try await sql.update("training_enrolments").set("status", to: SQLBind(Seating.Status.cancelled.rawValue))
                .where("session_id", .equal, SQLBind(sessionId)).where("resource_id", .equal, SQLBind(resourceId)).run()
            guard let session = try await Self.session(id: sessionId, territoryId: actor.territoryId, on: sql) else { return }
            struct Row: Decodable { let resource_id: UUID }
            let waiting = try await sql.select().column("resource_id").from("training_enrolments")
                .where("session_id", .equal, SQLBind(sessionId)).where("status", .equal, SQLBind(Seating.Status.waiting.rawValue))
                .orderBy("created_at").all(decoding: Row.self)
            let seated = Seating.promotions(
                capacity: session.capacity, confirmedSeats: session.confirmed, waiting: waiting.map { (id: $0.resource_id, seats: 1) })
            if !seated.isEmpty {
                try await sql.update("training_enrolments").set("status", to: SQLBind(Seating.Status.confirmed.rawValue))
                    .where("session_id", .equal, SQLBind(sessionId)).where("resource_id", .in, SQLBind.group(seated)).run()
            }
            try await trace(.update, "training_enrolment", sessionId.uuidString, actor: actor, on: tx)
        }
    }

    /// Marks who came among the confirmed learners; the others are marked absent.
    public func recordAttendance(sessionId: UUID, present: Set<UUID>, actor: Actor) async throws {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await sql.update("training_enrolments").set("attended", to: SQLBind(false))
                .where("session_id", .equal, SQLBind(sessionId)).where("status", .equal, SQLBind(Seating.Status.confirmed.rawValue)).run()
            if !present.isEmpty {
                try await sql.update("training_enrolments").set("attended", to: SQLBind(true))
                    .where("session_id", .equal, SQLBind(sessionId)).where("status", .equal, SQLBind(Seating.Status.confirmed.rawValue))
                    .where("resource_id", .in, SQLBind.group(Array(present))).run()
            }
            try await trace(.update, "training_attendance", sessionId.uuidString, actor: actor, on: tx)
        }
    }

    public func cancelSession(id: UUID, actor: Actor) async throws {
        try await database.write { tx in
            try await (tx as! any SQLDatabase).update("training_sessions").set("cancelled_at", to: SQLBind(clock.now()))
                .where("id", .equal, SQLBind(id)).where("territory_id", .equal, SQLBind(actor.territoryId)).run()
            try await trace(.update, "training_session", id.uuidString, actor: actor, on: tx)
        }
    }

    /// Who learned (attended as a learner) and who taught (hosted a session someone attended).
    public func exchangers(territoryId: UUID) async throws -> (learners: Set<UUID>, teachers: Set<UUID>) {
        struct Row: Decodable { let resource_id: UUID, host_id: UUID }
        let rows = try await sql.raw(
            """
            SELECT e.resource_id, s.host_id FROM training_enrolments e JOIN training_sessions s ON s.id = e.session_id
            WHERE s.territory_id = \(bind: territoryId) AND e.attended = \(bind: true)
            """
        ).all(decoding: Row.self)
        return (Set(rows.map(\.resource_id)), Set(rows.map(\.host_id)))
    }

    /// Sessions a person attended as a learner and sessions they hosted that someone attended.
    public func exchanges(resourceId: UUID) async throws -> (learned: Int, taught: Int) {
        struct Row: Decodable { let n: Int }
        let learned =
            try await sql.raw(
                "SELECT COUNT(*) AS n FROM training_enrolments WHERE resource_id = \(bind: resourceId) AND attended = \(bind: true)"
            ).first(decoding: Row.self)?.n ?? 0
        let taught =
            try await sql.raw(
                """
                SELECT COUNT(DISTINCT s.id) AS n FROM training_sessions s JOIN training_enrolments e ON e.session_id = s.id
                WHERE s.host_id = \(bind: resourceId) AND e.attended = \(bind: true)
                """
            ).first(decoding: Row.self)?.n ?? 0
        return (learned, taught)
    }
}
