import AutourCore
import FluentKit
import Foundation
import SQLKit

/// The programme's events, their registrations (seated first come, first served, under the
/// event's row lock) and the anonymous mixity counts.
public struct ConvivialityRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    var sql: any SQLDatabase { get throws { try database.db as! any SQLDatabase } }

    // MARK: Events

    struct EventRow: Decodable {
        let id: UUID, territory_id: UUID, title: String, description: String, kind: String, venue_name: String, venue_address: String
        let starts_at: Date, ends_at: Date, capacity: Int, price_cents: Int, accessibility: String, walk_ins: Int
        let confirmed: Int?, waiting: Int?, place_id: UUID?, cancelled_at: Date?
    }

    static let eventColumns = """
        e.id, e.territory_id, e.title, e.description, e.kind, e.venue_name, e.venue_address, e.starts_at, e.ends_at, e.capacity,
        e.price_cents, e.accessibility, e.walk_ins, e.place_id, e.cancelled_at,
        CAST((SELECT SUM(r.seats) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'confirmed') AS BIGINT) AS confirmed,
        (SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'waiting') AS waiting
        """

    static func events(_ rows: [EventRow], on db: any SQLDatabase) async throws -> [ConvivialEvent] {
        guard !rows.isEmpty else { return [] }
        struct Organiser: Decodable { let event_id: UUID, structure_di_id: String }
        var organisers: [UUID: [String]] = [:]
        for chunk in rows.map(\.id).chunked(500) {
            for row in try await db.select().columns("event_id", "structure_di_id").from("event_organisers")
                .where("event_id", .in, SQLBind.group(Array(chunk))).all(decoding: Organiser.self)
            { organisers[row.event_id, default: []].append(row.structure_di_id) }
        }
        return rows.map { row in
            ConvivialEvent(
                id: row.id, territoryId: row.territory_id, title: row.title, description: row.description,
                kind: EventKind(rawValue: row.kind) ?? .cafe, venueName: row.venue_name, venueAddress: row.venue_address,
                startsAt: row.starts_at, endsAt: row.ends_at, capacity: row.capacity, priceCents: row.price_cents,
                accessibility: row.accessibility, walkIns: row.walk_ins, confirmedSeats: row.confirmed ?? 0, waiting: row.waiting ?? 0,
                organisers: (organisers[row.id] ?? []).sorted(), placeId: row.place_id, cancelledAt: row.cancelled_at)
        }
    }

    public func create(_ event: ValidEvent, territoryId: UUID, actor: Actor) async throws -> UUID {
        let id = UUID()
        let now = clock.now()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await sql.insert(into: "conviviality_events")
                .columns(
                    "id", "territory_id", "title", "description", "kind", "venue_name", "venue_address", "starts_at", "ends_at", "capacity",
                    "price_cents", "accessibility", "walk_ins", "next_number", "created_by", "updated_at", "place_id"
                )
                .values(
                    SQLBind(id), SQLBind(territoryId), SQLBind(event.title), SQLBind(event.description), SQLBind(event.kind.rawValue),
                    SQLBind(event.venueName), SQLBind(event.venueAddress), SQLBind(event.startsAt), SQLBind(event.endsAt),
                    SQLBind(event.capacity), SQLBind(event.priceCents), SQLBind(event.accessibility), SQLBind(0), SQLBind(1),
                    SQLBind(actor.accountId), SQLBind(now), SQLBind(event.placeId)
                ).run()
            try await Self.setOrganisers(event.organisers, eventId: id, on: sql)
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: territoryId, actorId: actor.accountId, action: .create,
                recordType: "conviviality_event", recordId: id.uuidString)
        }
        return id
    }

    /// Changes an event. Its capacity cannot fall below the places already given; when it grows,
    /// the waiting list moves up in the same transaction.
    public func update(id: UUID, _ event: ValidEvent, territoryId: UUID, actor: Actor) async throws {
        let now = clock.now()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("conviviality_events", id: id, on: tx)
            guard let current = try await Self.event(id: id, territoryId: territoryId, on: sql) else { throw AutourError.notFound }
            guard event.capacity >= current.confirmedSeats else {
                throw AutourError.invalid(
                    "Déjà \(current.confirmedSeats) places données.",
                    fields: ["capacity": "Au moins \(current.confirmedSeats) : des personnes sont déjà inscrites."])
            }
            try await sql.update("conviviality_events")
                .set("title", to: SQLBind(event.title)).set("description", to: SQLBind(event.description))
                .set("kind", to: SQLBind(event.kind.rawValue)).set("venue_name", to: SQLBind(event.venueName))
                .set("venue_address", to: SQLBind(event.venueAddress)).set("starts_at", to: SQLBind(event.startsAt))
                .set("ends_at", to: SQLBind(event.endsAt)).set("capacity", to: SQLBind(event.capacity))
                .set("price_cents", to: SQLBind(event.priceCents)).set("accessibility", to: SQLBind(event.accessibility))
                .set("updated_at", to: SQLBind(now)).set("place_id", to: SQLBind(event.placeId))
                .where("id", .equal, SQLBind(id)).run()
            try await sql.delete(from: "event_organisers").where("event_id", .equal, SQLBind(id)).run()
            try await Self.setOrganisers(event.organisers, eventId: id, on: sql)
            try await Self.promote(eventId: id, capacity: event.capacity, on: sql)
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: territoryId, actorId: actor.accountId, action: .update,
                recordType: "conviviality_event", recordId: id.uuidString)
        }
    }

    /// Calls an event off: no more registrations; it stays on the programme and in the feed,
    /// marked, so that those who registered learn it from their link or their calendar.
    public func cancelEvent(id: UUID, territoryId: UUID, actor: Actor) async throws {
        let now = clock.now()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("conviviality_events", id: id, on: tx)
            guard let event = try await Self.event(id: id, territoryId: territoryId, on: sql) else { throw AutourError.notFound }
            guard event.cancelledAt == nil else { return }
            try await sql.raw("UPDATE conviviality_events SET cancelled_at = \(bind: now), updated_at = \(bind: now) WHERE id = \(bind: id)").run()
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: territoryId, actorId: actor.accountId, action: .update,
                recordType: "conviviality_event", recordId: id.uuidString)
        }
    }

    private static func setOrganisers(_ organisers: [String], eventId: UUID, on sql: any SQLDatabase) async throws {
        guard !organisers.isEmpty else { return }
        var insert = sql.insert(into: "event_organisers").columns("event_id", "structure_di_id")
        for structure in organisers { insert = insert.values(SQLBind(eventId), SQLBind(structure)) }
        try await insert.run()
    }

    public func event(id: UUID, territoryId: UUID) async throws -> ConvivialEvent? {
        try await Self.event(id: id, territoryId: territoryId, on: sql)
    }

    static func event(id: UUID, territoryId: UUID, on db: any SQLDatabase) async throws -> ConvivialEvent? {
        let rows = try await db.raw(
            "SELECT \(unsafeRaw: eventColumns) FROM conviviality_events e WHERE e.id = \(bind: id) AND e.territory_id = \(bind: territoryId)"
        ).all(decoding: EventRow.self)
        return try await events(rows, on: db).first
    }

    /// The territory's events ending after `from` and starting before `to`, by start.
    public func events(territoryId: UUID, from: Date, to: Date) async throws -> [ConvivialEvent] {
        let db = try sql
        let rows = try await db.raw(
            """
            SELECT \(unsafeRaw: Self.eventColumns) FROM conviviality_events e
            WHERE e.territory_id = \(bind: territoryId) AND e.ends_at > \(bind: from) AND e.starts_at < \(bind: to)
            ORDER BY e.starts_at, e.title
            """
        ).all(decoding: EventRow.self)
        return try await Self.events(rows, on: db)
    }
}
