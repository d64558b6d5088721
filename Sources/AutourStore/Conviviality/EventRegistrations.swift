import AutourCore
import FluentKit
import Foundation
import SQLKit

/// Registrations, the door and the mixity counts. Every change of places runs under the event's
/// row lock (PostgreSQL) or the one writer (SQLite), reading the places taken in the same
/// transaction: two registrations for the last place never both get it.
extension ConvivialityRepository {
    /// A stored registration and, for an inhabitant, the secret of their link to see and cancel it.
    public struct Receipt: Sendable {
        public let registration: EventRegistration
        public let link: String?
    }

    struct RegistrationRow: Decodable {
        let id: UUID, event_id: UUID, number: Int, first_name: String, contact: String, seats: Int, status: String
        let registered_by: UUID?, checked_in_at: Date?, created_at: Date
        var core: EventRegistration {
            EventRegistration(
                id: id, eventId: event_id, number: number, firstName: first_name, contact: contact, seats: seats,
                status: Seating.Status(rawValue: status) ?? .cancelled, registeredBy: registered_by, checkedInAt: checked_in_at,
                createdAt: created_at)
        }
    }

    static let registrationColumns = "id, event_id, number, first_name, contact, seats, status, registered_by, checked_in_at, created_at"

    /// Registers `input` (already checked) for an event that has not ended. `actor` is nil for an
    /// inhabitant on the public page, who gets a link instead. Mixity answers, when given, are
    /// added to the event's counts without any link to the registration.
    public func register(
        eventId: UUID, territoryId: UUID, _ input: RegistrationInput, mixity: [Mixity.Attribute: String], actor: Actor?
    ) async throws -> Receipt {
        let now = clock.now()
        let id = UUID()
        let link = actor == nil ? Tokens.generate() : nil
        let registration = try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("conviviality_events", id: eventId, on: tx)
            guard let event = try await Self.event(id: eventId, territoryId: territoryId, on: sql) else { throw AutourError.notFound }
            guard event.endsAt > now else { throw AutourError.invalid("Cet événement est terminé : les inscriptions sont closes.") }
            guard event.cancelledAt == nil else { throw AutourError.invalid("Cet événement est annulé : les inscriptions sont closes.") }
            struct Next: Decodable { let next_number: Int }
            let number =
                try await sql.select().column("next_number").from("conviviality_events").where("id", .equal, SQLBind(eventId))
                .first(decoding: Next.self)?.next_number ?? 1
            try await sql.update("conviviality_events").set("next_number", to: SQLBind(number + 1)).where("id", .equal, SQLBind(eventId)).run()
            let status = Seating.status(seats: input.seats, capacity: event.capacity, confirmedSeats: event.confirmedSeats, waiting: event.waiting)
            try await sql.insert(into: "event_registrations")
                .columns("id", "event_id", "number", "first_name", "contact", "seats", "status", "cancel_digest", "registered_by", "created_at")
                .values(
                    SQLBind(id), SQLBind(eventId), SQLBind(number), SQLBind(input.firstName), SQLBind(input.contact), SQLBind(input.seats),
                    SQLBind(status.rawValue), SQLBind(link.map(Tokens.digest)), SQLBind(actor?.accountId), SQLBind(now)
                ).run()
            try await Self.count(mixity, eventId: eventId, on: sql)
            if let actor {
                try await AuditRepository.append(
                    on: tx, database: database, at: now, territoryId: territoryId, actorId: actor.accountId, action: .create,
                    recordType: "event_registration", recordId: id.uuidString)
            }
            return EventRegistration(
                id: id, eventId: eventId, number: number, firstName: input.firstName, contact: input.contact, seats: input.seats, status: status,
                registeredBy: actor?.accountId, checkedInAt: nil, createdAt: now)
        }
        return Receipt(registration: registration, link: link)
    }

    /// The registration behind an inhabitant's link, with its event.
    public func registration(link: String) async throws -> (EventRegistration, ConvivialEvent)? {
        let rows = try await sql.raw(
            "SELECT \(unsafeRaw: Self.registrationColumns) FROM event_registrations WHERE cancel_digest = \(bind: Tokens.digest(link))"
        ).all(decoding: RegistrationRow.self)
        guard let registration = rows.first?.core else { return nil }
        struct Territory: Decodable { let territory_id: UUID }
        guard
            let territory = try await sql.select().column("territory_id").from("conviviality_events")
                .where("id", .equal, SQLBind(registration.eventId)).first(decoding: Territory.self),
            let event = try await event(id: registration.eventId, territoryId: territory.territory_id)
        else { return nil }
        return (registration, event)
    }

    /// Where a waiting registration stands in the list (1 = next to be seated).
    public func waitingRank(_ registration: EventRegistration) async throws -> Int? {
        guard registration.status == .waiting else { return nil }
        struct Row: Decodable { let n: Int }
        return try await sql.raw(
            """
            SELECT COUNT(*) AS n FROM event_registrations WHERE event_id = \(bind: registration.eventId) AND status = 'waiting'
            AND number <= \(bind: registration.number)
            """
        ).first(decoding: Row.self)?.n
    }

    /// Cancels a registration (by the inhabitant's link or by staff) and seats the waiting list.
    /// Cancelling twice changes nothing.
    public func cancel(registrationId: UUID, eventId: UUID, territoryId: UUID, actor: Actor?) async throws {
        let now = clock.now()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("conviviality_events", id: eventId, on: tx)
            guard let event = try await Self.event(id: eventId, territoryId: territoryId, on: sql) else { throw AutourError.notFound }
            try await sql.update("event_registrations").set("status", to: SQLBind(Seating.Status.cancelled.rawValue))
                .where("id", .equal, SQLBind(registrationId)).where("event_id", .equal, SQLBind(eventId)).run()
            try await Self.promote(eventId: eventId, capacity: event.capacity, on: sql)
            if let actor {
                try await AuditRepository.append(
                    on: tx, database: database, at: now, territoryId: territoryId, actorId: actor.accountId, action: .update,
                    recordType: "event_registration", recordId: registrationId.uuidString)
            }
        }
    }

    /// Seats the waiting list in its order while places are free (inside a write).
    static func promote(eventId: UUID, capacity: Int, on sql: any SQLDatabase) async throws {
        struct Row: Decodable { let id: UUID, seats: Int, status: String }
        let rows = try await sql.raw(
            """
            SELECT id, seats, status FROM event_registrations WHERE event_id = \(bind: eventId) AND status <> 'cancelled'
            ORDER BY number
            """
        ).all(decoding: Row.self)
        let confirmed = rows.filter { $0.status == Seating.Status.confirmed.rawValue }.reduce(0) { $0 + $1.seats }
        let waiting = rows.filter { $0.status == Seating.Status.waiting.rawValue }.map { (id: $0.id, seats: $0.seats) }
        let seated = Seating.promotions(capacity: capacity, confirmedSeats: confirmed, waiting: waiting)
        guard !seated.isEmpty else { return }
        try await sql.update("event_registrations").set("status", to: SQLBind(Seating.Status.confirmed.rawValue))
            .where("id", .in, SQLBind.group(seated)).run()
    }

    /// An event's registrations by number; `registeredBy` keeps only those one account made.
    public func registrations(eventId: UUID, registeredBy: UUID? = nil) async throws -> [EventRegistration] {
        var query = try sql.select().column(SQLRaw(Self.registrationColumns)).from("event_registrations").where("event_id", .equal, SQLBind(eventId))
        if let registeredBy { query = query.where("registered_by", .equal, SQLBind(registeredBy)) }
        return try await query.orderBy("number").all(decoding: RegistrationRow.self).map(\.core)
    }

    /// Marks someone arrived, found by the registration's id or the number they say at the door.
    /// Only a confirmed registration is checked in; checking in twice keeps the first time.
    @discardableResult
    public func checkIn(eventId: UUID, territoryId: UUID, registrationId: UUID?, number: Int?, actor: Actor) async throws -> EventRegistration {
        let now = clock.now()
        return try await database.write { tx in
            let sql = tx as! any SQLDatabase
            guard try await Self.event(id: eventId, territoryId: territoryId, on: sql) != nil else { throw AutourError.notFound }
            var query = sql.select().column(SQLRaw(Self.registrationColumns)).from("event_registrations").where("event_id", .equal, SQLBind(eventId))
            if let registrationId { query = query.where("id", .equal, SQLBind(registrationId)) }
            if let number { query = query.where("number", .equal, SQLBind(number)) }
            guard registrationId != nil || number != nil, let found = try await query.first(decoding: RegistrationRow.self)?.core else {
                throw AutourError.invalid("Aucune inscription à ce numéro.", fields: ["number": "Aucune inscription à ce numéro."])
            }
            switch found.status {
            case .cancelled: throw AutourError.conflict("Cette inscription a été annulée.")
            case .waiting:
                throw AutourError.conflict(
                    "Cette personne est sur la liste d'attente : s'il reste de la place, comptez-la parmi les personnes venues sans inscription.")
            case .confirmed: break
            }
            guard found.checkedInAt == nil else { return found }
            try await sql.update("event_registrations").set("checked_in_at", to: SQLBind(now)).where("id", .equal, SQLBind(found.id)).run()
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: territoryId, actorId: actor.accountId, action: .update,
                recordType: "event_registration", recordId: found.id.uuidString)
            return EventRegistration(
                id: found.id, eventId: eventId, number: found.number, firstName: found.firstName, contact: found.contact, seats: found.seats,
                status: found.status, registeredBy: found.registeredBy, checkedInAt: now, createdAt: found.createdAt)
        }
    }

    /// Counts people who came without registering, with the mixity answers they chose to give.
    public func walkIn(eventId: UUID, territoryId: UUID, count: Int, mixity: [Mixity.Attribute: String]) async throws {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("conviviality_events", id: eventId, on: tx)
            guard try await Self.event(id: eventId, territoryId: territoryId, on: sql) != nil else { throw AutourError.notFound }
            try await sql.raw("UPDATE conviviality_events SET walk_ins = walk_ins + \(bind: count) WHERE id = \(bind: eventId)").run()
            try await Self.count(mixity, eventId: eventId, on: sql)
        }
    }

    /// The placeholder left in place of an erased first name.
    public static let erasedName = "—"

    /// Erases the first name, contact and link of the registrations of events ended before
    /// `cutoff`; the registration stays, counted, with its places and its arrival.
    public func eraseContacts(endedBefore cutoff: Date, dryRun: Bool, territoryId: UUID? = nil) async throws -> Int {
        @Sendable func due() -> SQLQueryString {
            let territory: SQLQueryString = territoryId.map { "AND territory_id = \(bind: $0)" } ?? ""
            return """
                event_id IN (SELECT id FROM conviviality_events WHERE ends_at < \(bind: cutoff) \(territory))
                AND (first_name <> \(bind: Self.erasedName) OR contact <> '' OR cancel_digest IS NOT NULL)
                """
        }
        struct Row: Decodable { let n: Int }
        let count = try await sql.raw("SELECT COUNT(*) AS n FROM event_registrations WHERE \(due())").first(decoding: Row.self)?.n ?? 0
        guard !dryRun, count > 0 else { return count }
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await sql.raw(
                "UPDATE event_registrations SET first_name = \(bind: Self.erasedName), contact = '', cancel_digest = NULL WHERE \(due())"
            ).run()
        }
        return count
    }

    // MARK: Mixity

    /// Adds one answer per attribute to the event's counts (inside a write).
    static func count(_ answers: [Mixity.Attribute: String], eventId: UUID, on sql: any SQLDatabase) async throws {
        for (attribute, value) in answers.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            try await sql.raw(
                """
                INSERT INTO event_mixity (event_id, attribute, value, count) VALUES (\(bind: eventId), \(bind: attribute.rawValue), \(bind: value), 1)
                ON CONFLICT (event_id, attribute, value) DO UPDATE SET count = event_mixity.count + 1
                """
            ).run()
        }
    }

    /// The mixity counts of `eventIds` added together, by attribute and answer.
    public func mixity(eventIds: [UUID]) async throws -> [Mixity.Attribute: [String: Int]] {
        struct Row: Decodable { let attribute: String, value: String, count: Int }
        var counts: [Mixity.Attribute: [String: Int]] = [:]
        for chunk in eventIds.chunked(500) {
            for row in try await sql.select().columns("attribute", "value", "count").from("event_mixity")
                .where("event_id", .in, SQLBind.group(Array(chunk))).all(decoding: Row.self)
            {
                guard let attribute = Mixity.Attribute(rawValue: row.attribute) else { continue }
                counts[attribute, default: [:]][row.value, default: 0] += row.count
            }
        }
        return counts
    }

    /// The territory's reference composition (census shares), by attribute.
    public func reference(territoryId: UUID) async throws -> [Mixity.Attribute: [String: Double]] {
        struct Row: Decodable { let attribute: String, value: String, share: Double }
        var reference: [Mixity.Attribute: [String: Double]] = [:]
        for row in try await sql.select().columns("attribute", "value", "share").from("mixity_reference")
            .where("territory_id", .equal, SQLBind(territoryId)).all(decoding: Row.self)
        {
            guard let attribute = Mixity.Attribute(rawValue: row.attribute) else { continue }
            reference[attribute, default: [:]][row.value] = row.share
        }
        return reference
    }

    /// Replaces the reference composition of one attribute.
    public func setReference(_ shares: [String: Double], attribute: Mixity.Attribute, territoryId: UUID, actor: Actor) async throws {
        let now = clock.now()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "mixity_reference").where("territory_id", .equal, SQLBind(territoryId))
                .where("attribute", .equal, SQLBind(attribute.rawValue)).run()
            if !shares.isEmpty {
                var insert = sql.insert(into: "mixity_reference").columns("territory_id", "attribute", "value", "share")
                for (value, share) in shares.sorted(by: { $0.key < $1.key }) {
                    insert = insert.values(SQLBind(territoryId), SQLBind(attribute.rawValue), SQLBind(value), SQLBind(share))
                }
                try await insert.run()
            }
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: territoryId, actorId: actor.accountId, action: .update,
                recordType: "mixity_reference", recordId: attribute.rawValue)
        }
    }
}
