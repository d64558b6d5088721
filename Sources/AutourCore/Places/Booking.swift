import Foundation

/// A booking of a room by a group (an association, a partner, a group of inhabitants).
public struct Booking: Sendable, Equatable {
    public let id: UUID
    public let roomId: UUID
    public let group: String
    public let purpose: String
    public let startsAt: Date
    public let endsAt: Date
    /// Bookings made together as a weekly series share it.
    public let seriesId: UUID
    public let bookedBy: UUID?

    public init(id: UUID, roomId: UUID, group: String, purpose: String, startsAt: Date, endsAt: Date, seriesId: UUID, bookedBy: UUID?) {
        self.id = id
        self.roomId = roomId
        self.group = group
        self.purpose = purpose
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.seriesId = seriesId
        self.bookedBy = bookedBy
    }
}

public struct BookingInput: Sendable, Equatable {
    public var roomId: UUID?
    public var group: String
    public var purpose: String
    public var startsAt: Date?
    public var endsAt: Date?
    /// 1 for a single booking, up to `BookingRules.maximumWeeks` for the same slot every week.
    public var weeks: Int

    public init(roomId: UUID?, group: String, purpose: String = "", startsAt: Date?, endsAt: Date?, weeks: Int = 1) {
        self.roomId = roomId
        self.group = group
        self.purpose = purpose
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.weeks = weeks
    }
}

/// The bookings' rules: inside the opening hours, never overlapping, and no group holding a room
/// more than its weekly share, so that a place stays open to newcomers.
public enum BookingRules {
    public static let maximumWeeks = 26
    /// Hours one group may hold in one place per week, unless the territory sets another cap.
    public static let defaultWeeklyCapMinutes = 6 * 60

    /// The occurrences of a checked booking: the same local hours each week.
    public static func occurrences(
        _ input: BookingInput, opens: Int, closes: Int, now: Date, zone: TimeZone = FrenchTime.zone
    ) throws(AutourError) -> [DateInterval] {
        var fields: [String: String] = [:]
        let group = input.group.trimmingCharacters(in: .whitespacesAndNewlines)
        if group.isEmpty || group.count > 120 { fields["group"] = "Indiquez le groupe qui réserve (120 caractères au plus)." }
        if input.purpose.count > 300 { fields["purpose"] = "300 caractères au plus." }
        if input.roomId == nil { fields["room"] = "Choisissez une salle." }
        if !(1...maximumWeeks).contains(input.weeks) { fields["weeks"] = "De 1 à \(maximumWeeks) semaines." }
        guard let start = input.startsAt, let end = input.endsAt else {
            fields["startsAt"] = "Indiquez le jour, l'heure de début et l'heure de fin."
            throw .invalid("La réservation est à compléter.", fields: fields)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let day = calendar.startOfDay(for: start)
        let from = Int(start.timeIntervalSince(day) / 60), to = Int(end.timeIntervalSince(day) / 60)
        if end <= start {
            fields["endsAt"] = "La fin vient après le début."
        } else if from < opens || to > closes {
            fields["endsAt"] = "Le lieu est ouvert de \(PlaceRules.clock(opens)) à \(PlaceRules.clock(closes))."
        }
        if start < now { fields["startsAt"] = "Ce moment est passé." }
        guard fields.isEmpty else { throw .invalid("La réservation est à corriger.", fields: fields) }
        return (0..<input.weeks).map { week in
            let s = calendar.date(byAdding: .day, value: 7 * week, to: start)!
            let e = calendar.date(byAdding: .day, value: 7 * week, to: end)!
            return DateInterval(start: s, end: e)
        }
    }

    /// Two bookings of one room overlap when each starts before the other ends (touching is fine).
    public static func overlaps(_ a: DateInterval, _ b: DateInterval) -> Bool { a.start < b.end && b.start < a.end }

    /// Monday 00:00 of the week holding `date`, in French time.
    public static func weekStart(_ date: Date, zone: TimeZone = FrenchTime.zone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        calendar.firstWeekday = 2
        return calendar.dateInterval(of: .weekOfYear, for: date)!.start
    }

    /// The group's name as compared for the weekly cap: case, accents and spaces aside.
    public static func groupKey(_ group: String) -> String { SearchText.fold(group) }

    /// Refuses the occurrences that would take a group over `capMinutes` in a week, counting what
    /// the group already holds (`held`: start → minutes, by booking).
    public static func checkWeeklyCap(
        _ occurrences: [DateInterval], held: [DateInterval], capMinutes: Int, zone: TimeZone = FrenchTime.zone
    ) throws(AutourError) {
        var minutes: [Date: Int] = [:]
        for interval in held + occurrences { minutes[weekStart(interval.start, zone: zone), default: 0] += Int(interval.duration / 60) }
        for occurrence in occurrences {
            let week = weekStart(occurrence.start, zone: zone)
            if let total = minutes[week], total > capMinutes {
                throw .invalid(
                    "Au plus \(capMinutes / 60) h par semaine pour un même groupe dans ce lieu, pour que d'autres puissent venir.",
                    fields: ["weeks": "La semaine du \(FrenchDay.text(week, zone: zone)) ferait \(total / 60) h \(total % 60 < 10 ? "0" : "")\(total % 60)."])
            }
        }
    }

    /// The free time of each room during the week starting at `week` (a Monday 00:00): each day's
    /// opening hours minus the bookings. Bookings are grouped by room and swept in order, so a week
    /// of a whole territory is one pass over its bookings.
    public static func availability(
        rooms: [(id: UUID, opens: Int, closes: Int)], bookings: [(room: UUID, start: Date, end: Date)], week: Date,
        zone: TimeZone = FrenchTime.zone
    ) -> [UUID: [DateInterval]] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let days = (0..<7).map { calendar.date(byAdding: .day, value: $0, to: week)! }
        var opening: [Int: [DateInterval]] = [:]
        func openings(_ opens: Int, _ closes: Int) -> [DateInterval] {
            let key = opens * 2000 + closes
            if let known = opening[key] { return known }
            let intervals = days.map { day in
                let start = calendar.date(byAdding: .minute, value: opens, to: day)!
                return DateInterval(start: start, end: max(start, calendar.date(byAdding: .minute, value: closes, to: day)!))
            }
            opening[key] = intervals
            return intervals
        }
        var index: [UUID: Int] = [:]
        for (i, room) in rooms.enumerated() { index[room.id] = i }
        var byRoom = [[(start: Date, end: Date)]](repeating: [], count: rooms.count)
        let weekEnd = calendar.date(byAdding: .day, value: 7, to: week)!
        for booking in bookings where booking.end > week && booking.start < weekEnd {
            if let i = index[booking.room] { byRoom[i].append((booking.start, booking.end)) }
        }
        var free: [UUID: [DateInterval]] = [:]
        free.reserveCapacity(rooms.count)
        for (i, room) in rooms.enumerated() {
            let taken = byRoom[i].sorted { $0.start < $1.start }
            var slots: [DateInterval] = []
            var next = 0
            for open in openings(room.opens, room.closes) {
                var cursor = open.start
                while next < taken.count, taken[next].end <= open.start { next += 1 }
                var j = next
                while j < taken.count, taken[j].start < open.end {
                    if taken[j].start > cursor { slots.append(DateInterval(start: cursor, end: taken[j].start)) }
                    cursor = max(cursor, taken[j].end)
                    j += 1
                }
                if cursor < open.end { slots.append(DateInterval(start: cursor, end: open.end)) }
            }
            free[room.id] = slots
        }
        return free
    }
}

/// « lundi 7 décembre » for messages.
public enum FrenchDay {
    public static func text(_ date: Date, zone: TimeZone = FrenchTime.zone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.day, .month, .weekday], from: date)
        let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        let days = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"]
        return "\(days[c.weekday! - 1]) \(c.day!) \(months[c.month! - 1])"
    }
}
