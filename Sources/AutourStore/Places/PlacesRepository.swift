import AutourCore
import FluentKit
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// Shared places, their rooms and their bookings. A booking is checked against the room's other
/// bookings and the group's weekly share inside the write transaction, under the place's row lock;
/// on PostgreSQL an exclusion constraint refuses an overlap even from another server.
public struct PlacesRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock
    /// The live bookings of a territory's week as last read, with the territory's booking version
    /// then: the week view of every room reads them again only after a booking or a cancellation
    /// (by any server: the version is in the database).
    private let weeks = NIOLockedValueBox([String: (version: Int, bookings: [(room: UUID, start: Date, end: Date)])]())

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    var sql: any SQLDatabase { get throws { try database.db as! any SQLDatabase } }

    // MARK: Places

    struct PlaceRow: Decodable {
        let id: UUID, territory_id: UUID, name: String, address: String, owner: String, owner_name: String, accessibility: String
        let opens: Int, closes: Int, vacant: Bool, state: String, description: String
    }
    struct RoomRow: Decodable { let id: UUID, place_id: UUID, name: String, capacity: Int, equipment: String }

    static let placeColumns = "id, territory_id, name, address, owner, owner_name, accessibility, opens, closes, vacant, state, description"

    public func create(_ place: PlaceInput, territoryId: UUID, actor: Actor) async throws -> UUID {
        let id = UUID()
        let now = clock.now()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await sql.insert(into: "places")
                .columns(
                    "id", "territory_id", "name", "address", "owner", "owner_name", "accessibility", "opens", "closes", "vacant", "state",
                    "description", "kit_token", "created_at"
                )
                .values(
                    SQLBind(id), SQLBind(territoryId), SQLBind(place.name), SQLBind(place.address), SQLBind(place.owner), SQLBind(place.ownerName),
                    SQLBind(place.accessibility), SQLBind(place.opens ?? 0), SQLBind(place.closes ?? 1440), SQLBind(place.vacant),
                    SQLBind(place.state), SQLBind(place.description), SQLBind(Tokens.generate(byteCount: 16)), SQLBind(now)
                ).run()
            if !place.rooms.isEmpty {
                var insert = sql.insert(into: "rooms").columns("id", "place_id", "name", "capacity", "equipment", "position")
                for (position, room) in place.rooms.enumerated() {
                    insert = insert.values(
                        SQLBind(UUID()), SQLBind(id), SQLBind(room.name), SQLBind(room.capacity), SQLBind(room.equipment), SQLBind(position))
                }
                try await insert.run()
            }
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: territoryId, actorId: actor.accountId, action: .create, recordType: "place",
                recordId: id.uuidString)
        }
        return id
    }

    /// Changes a place's details and adds `place.rooms` after its rooms.
    public func update(_ current: Place, with place: PlaceInput, actor: Actor) async throws {
        let now = clock.now()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await sql.update("places")
                .set("name", to: SQLBind(place.name)).set("address", to: SQLBind(place.address)).set("owner", to: SQLBind(place.owner))
                .set("owner_name", to: SQLBind(place.ownerName)).set("accessibility", to: SQLBind(place.accessibility))
                .set("opens", to: SQLBind(place.opens ?? 0)).set("closes", to: SQLBind(place.closes ?? 1440)).set("vacant", to: SQLBind(place.vacant))
                .set("state", to: SQLBind(place.state)).set("description", to: SQLBind(place.description))
                .where("id", .equal, SQLBind(current.id)).where("territory_id", .equal, SQLBind(current.territoryId)).run()
            if !place.rooms.isEmpty {
                var insert = sql.insert(into: "rooms").columns("id", "place_id", "name", "capacity", "equipment", "position")
                for (offset, room) in place.rooms.enumerated() {
                    insert = insert.values(
                        SQLBind(UUID()), SQLBind(current.id), SQLBind(room.name), SQLBind(room.capacity), SQLBind(room.equipment),
                        SQLBind(current.rooms.count + offset))
                }
                try await insert.run()
            }
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: current.territoryId, actorId: actor.accountId, action: .update,
                recordType: "place", recordId: current.id.uuidString)
        }
    }

    /// The territory's places with their rooms, by name.
    public func places(territoryId: UUID) async throws -> [Place] {
        let db = try sql
        let rows = try await db.raw(
            "SELECT \(unsafeRaw: Self.placeColumns) FROM places WHERE territory_id = \(bind: territoryId) ORDER BY name"
        ).all(decoding: PlaceRow.self)
        return try await Self.withRooms(rows, on: db)
    }

    public func place(id: UUID, territoryId: UUID) async throws -> Place? {
        let db = try sql
        let rows = try await db.raw(
            "SELECT \(unsafeRaw: Self.placeColumns) FROM places WHERE id = \(bind: id) AND territory_id = \(bind: territoryId)"
        ).all(decoding: PlaceRow.self)
        return try await Self.withRooms(rows, on: db).first
    }

    static func withRooms(_ rows: [PlaceRow], on db: any SQLDatabase) async throws -> [Place] {
        guard !rows.isEmpty else { return [] }
        var rooms: [UUID: [Room]] = [:]
        for chunk in rows.map(\.id).chunked(500) {
            for row in try await db.select().columns("id", "place_id", "name", "capacity", "equipment").from("rooms")
                .where("place_id", .in, SQLBind.group(Array(chunk))).orderBy("position").all(decoding: RoomRow.self)
            {
                rooms[row.place_id, default: []].append(
                    Room(id: row.id, placeId: row.place_id, name: row.name, capacity: row.capacity, equipment: row.equipment))
            }
        }
        return rows.map { row in
            Place(
                id: row.id, territoryId: row.territory_id, name: row.name, address: row.address, owner: PlaceOwner(rawValue: row.owner) ?? .ccas,
                ownerName: row.owner_name, accessibility: row.accessibility, opens: row.opens, closes: row.closes, vacant: row.vacant,
                state: row.state, description: row.description, rooms: rooms[row.id] ?? [])
        }
    }

    /// The secret of the place's activation-kit link (posted in the place).
    public func kitToken(placeId: UUID) async throws -> String? {
        struct Row: Decodable { let kit_token: String }
        return try await sql.select().column("kit_token").from("places").where("id", .equal, SQLBind(placeId)).first(decoding: Row.self)?.kit_token
    }

    public func place(kitToken: String) async throws -> Place? {
        struct Row: Decodable { let id: UUID, territory_id: UUID }
        guard
            let row = try await sql.select().columns("id", "territory_id").from("places").where("kit_token", .equal, SQLBind(kitToken))
                .first(decoding: Row.self)
        else { return nil }
        return try await place(id: row.id, territoryId: row.territory_id)
    }

    // MARK: Settings

    public func weeklyCapMinutes(territoryId: UUID) async throws -> Int {
        struct Row: Decodable { let weekly_cap_minutes: Int }
        return try await sql.select().column("weekly_cap_minutes").from("places_settings").where("territory_id", .equal, SQLBind(territoryId))
            .first(decoding: Row.self)?.weekly_cap_minutes ?? BookingRules.defaultWeeklyCapMinutes
    }

    public func setWeeklyCap(minutes: Int, territoryId: UUID, actor: Actor) async throws {
        let now = clock.now()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await sql.insert(into: "places_settings").columns("territory_id", "weekly_cap_minutes")
                .values(SQLBind(territoryId), SQLBind(minutes))
                .onConflict(with: ["territory_id"]) { $0.set(excludedValueOf: "weekly_cap_minutes") }.run()
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: territoryId, actorId: actor.accountId, action: .update,
                recordType: "places_settings", recordId: territoryId.uuidString)
        }
    }

    // MARK: Bookings

    struct BookingRow: Decodable {
        let id: UUID, room_id: UUID, group_name: String, purpose: String, starts_at: Date, ends_at: Date, series_id: UUID, booked_by: UUID?
        var core: Booking {
            Booking(
                id: id, roomId: room_id, group: group_name, purpose: purpose, startsAt: starts_at, endsAt: ends_at, seriesId: series_id,
                bookedBy: booked_by)
        }
    }

    /// Books `occurrences` of a room of `place` for `group`: all of them or none. Refused (409) when
    /// one overlaps another booking of the room, naming it; (422) when the group would hold the
    /// place more than the territory's weekly cap.
    public func book(
        place: Place, roomId: UUID, group: String, purpose: String, occurrences: [DateInterval], actor: Actor
    ) async throws -> [Booking] {
        let now = clock.now()
        let series = UUID()
        let key = BookingRules.groupKey(group)
        let cap = try await weeklyCapMinutes(territoryId: place.territoryId)
        do {
            return try await database.write { tx in
                let sql = tx as! any SQLDatabase
                try await database.lockRow("places", id: place.id, on: tx)
                for occurrence in occurrences {
                    let clash = try await sql.raw(
                        """
                        SELECT id, room_id, group_name, purpose, starts_at, ends_at, series_id, booked_by FROM room_bookings
                        WHERE room_id = \(bind: roomId) AND NOT cancelled AND starts_at < \(bind: occurrence.end) AND ends_at > \(bind: occurrence.start)
                        LIMIT 1
                        """
                    ).first(decoding: BookingRow.self)
                    if let clash {
                        throw AutourError.conflict(
                            "La salle est déjà réservée le \(FrenchDay.text(clash.starts_at)) (\(Self.hours(clash.starts_at, clash.ends_at))) : choisissez un autre moment."
                        )
                    }
                }
                let first = BookingRules.weekStart(occurrences.map(\.start).min() ?? now)
                let last = occurrences.map(\.end).max() ?? now
                let held = try await sql.raw(
                    """
                    SELECT id, room_id, group_name, purpose, starts_at, ends_at, series_id, booked_by FROM room_bookings
                    WHERE place_id = \(bind: place.id) AND group_key = \(bind: key) AND NOT cancelled
                    AND starts_at >= \(bind: first) AND starts_at < \(bind: last.addingTimeInterval(7 * 86_400))
                    """
                ).all(decoding: BookingRow.self).map { DateInterval(start: $0.starts_at, end: $0.ends_at) }
                try BookingRules.checkWeeklyCap(occurrences, held: held, capMinutes: cap)
                var bookings: [Booking] = []
                var insert = sql.insert(into: "room_bookings").columns(
                    "id", "room_id", "place_id", "territory_id", "group_name", "group_key", "purpose", "starts_at", "ends_at", "series_id",
                    "booked_by", "cancelled")
                for occurrence in occurrences {
                    let booking = Booking(
                        id: UUID(), roomId: roomId, group: group, purpose: purpose, startsAt: occurrence.start, endsAt: occurrence.end, seriesId: series,
                        bookedBy: actor.accountId)
                    bookings.append(booking)
                    insert = insert.values(
                        SQLBind(booking.id), SQLBind(roomId), SQLBind(place.id), SQLBind(place.territoryId), SQLBind(group), SQLBind(key),
                        SQLBind(purpose), SQLBind(occurrence.start), SQLBind(occurrence.end), SQLBind(series), SQLBind(actor.accountId), SQLBind(false))
                }
                try await insert.run()
                try await Self.bumpVersion(place.territoryId, on: sql)
                try await AuditRepository.append(
                    on: tx, database: database, at: now, territoryId: place.territoryId, actorId: actor.accountId, action: .create,
                    recordType: "room_booking", recordId: series.uuidString)
                return bookings
            }
        } catch let error where Self.isOverlapViolation(error) {
            throw AutourError.conflict("La salle vient d'être réservée sur ce créneau par quelqu'un d'autre : choisissez un autre moment.")
        }
    }

    /// PostgreSQL's refusal by the exclusion constraint (another server booked first).
    static func isOverlapViolation(_ error: any Error) -> Bool {
        String(reflecting: error).contains("room_bookings_no_overlap")
    }

    static func hours(_ start: Date, _ end: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = FrenchTime.zone
        func minutes(_ date: Date) -> Int { Int(date.timeIntervalSince(calendar.startOfDay(for: start)) / 60) }
        return "\(PlaceRules.clock(minutes(start))) – \(PlaceRules.clock(minutes(end)))"
    }

    /// Cancels a booking (and, with `series`, the rest of its weekly series from it on).
    public func cancel(bookingId: UUID, placeId: UUID, series: Bool, actor: Actor, territoryId: UUID) async throws {
        let now = clock.now()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            guard
                let booking = try await sql.raw(
                    """
                    SELECT id, room_id, group_name, purpose, starts_at, ends_at, series_id, booked_by FROM room_bookings
                    WHERE id = \(bind: bookingId) AND place_id = \(bind: placeId) AND territory_id = \(bind: territoryId)
                    """
                ).first(decoding: BookingRow.self)
            else { throw AutourError.notFound }
            if series {
                try await sql.raw(
                    "UPDATE room_bookings SET cancelled = \(bind: true) WHERE series_id = \(bind: booking.series_id) AND starts_at >= \(bind: booking.starts_at)"
                ).run()
            } else {
                try await sql.raw("UPDATE room_bookings SET cancelled = \(bind: true) WHERE id = \(bind: bookingId)").run()
            }
            try await Self.bumpVersion(territoryId, on: sql)
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: territoryId, actorId: actor.accountId, action: .delete, recordType: "room_booking",
                recordId: bookingId.uuidString)
        }
    }

    public func booking(id: UUID, territoryId: UUID) async throws -> (booking: Booking, placeId: UUID)? {
        struct Row: Decodable {
            let id: UUID, room_id: UUID, group_name: String, purpose: String, starts_at: Date, ends_at: Date, series_id: UUID, booked_by: UUID?
            let place_id: UUID
        }
        guard
            let row = try await sql.raw(
                """
                SELECT id, room_id, group_name, purpose, starts_at, ends_at, series_id, booked_by, place_id FROM room_bookings
                WHERE id = \(bind: id) AND territory_id = \(bind: territoryId) AND NOT cancelled
                """
            ).first(decoding: Row.self)
        else { return nil }
        return (
            Booking(
                id: row.id, roomId: row.room_id, group: row.group_name, purpose: row.purpose, startsAt: row.starts_at, endsAt: row.ends_at,
                seriesId: row.series_id, bookedBy: row.booked_by), row.place_id
        )
    }

    static func bumpVersion(_ territoryId: UUID, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO booking_versions (territory_id, version) VALUES (\(bind: territoryId), 1)
            ON CONFLICT (territory_id) DO UPDATE SET version = booking_versions.version + 1
            """
        ).run()
    }

    /// Every live booking of the territory during the week starting at `week` (room and times
    /// only), from memory while no booking of the territory changed since it was read.
    public func weekBookings(territoryId: UUID, week: Date) async throws -> [(room: UUID, start: Date, end: Date)] {
        struct Version: Decodable { let version: Int }
        let db = try sql
        let version =
            try await db.select().column("version").from("booking_versions").where("territory_id", .equal, SQLBind(territoryId))
            .first(decoding: Version.self)?.version ?? 0
        let key = "\(territoryId)|\(week.timeIntervalSince1970)"
        if let kept = weeks.withLockedValue({ $0[key] }), kept.version == version { return kept.bookings }
        struct Row: Decodable { let room_id: UUID, starts_at: Date, ends_at: Date }
        let end = week.addingTimeInterval(8 * 86_400)
        let bookings = try await db.raw(
            """
            SELECT room_id, starts_at, ends_at FROM room_bookings
            WHERE territory_id = \(bind: territoryId) AND NOT cancelled AND ends_at > \(bind: week) AND starts_at < \(bind: end)
            """
        ).all(decoding: Row.self).map { (room: $0.room_id, start: $0.starts_at, end: $0.ends_at) }
        weeks.withLockedValue { cache in
            // A server keeps a few weeks per territory at most: the oldest reads go first.
            if cache.count > 64 { cache.removeAll() }
            cache[key] = (version, bookings)
        }
        return bookings
    }

    /// Live bookings of a place (or of the whole territory) between two instants, by start.
    public func bookings(territoryId: UUID, placeId: UUID? = nil, from: Date, to: Date) async throws -> [Booking] {
        let place: SQLQueryString = placeId.map { "AND place_id = \(bind: $0)" } ?? ""
        return try await sql.raw(
            """
            SELECT id, room_id, group_name, purpose, starts_at, ends_at, series_id, booked_by FROM room_bookings
            WHERE territory_id = \(bind: territoryId) \(place) AND NOT cancelled AND ends_at > \(bind: from) AND starts_at < \(bind: to)
            ORDER BY starts_at
            """
        ).all(decoding: BookingRow.self).map(\.core)
    }
}
