import Foundation

/// An iCalendar feed (RFC 5545) as calendar applications read it: CRLF line ends, lines folded at
/// 75 octets without cutting a UTF-8 character, text values escaped, times in UTC. Only public
/// fields go in: a feed is published without login.
public enum ICalendar {
    public struct Event: Sendable, Equatable {
        public let uid: String
        public let start: Date
        public let end: Date
        public let summary: String
        public let description: String
        public let location: String
        public let updated: Date
        /// Called off: calendar applications show it struck out (STATUS:CANCELLED).
        public let cancelled: Bool

        public init(
            uid: String, start: Date, end: Date, summary: String, description: String, location: String, updated: Date, cancelled: Bool = false
        ) {
            self.cancelled = cancelled
            self.uid = uid
            self.start = start
            self.end = end
            self.summary = summary
            self.description = description
            self.location = location
            self.updated = updated
        }
    }

    /// The whole feed of `events`, named `name` in calendar applications.
    public static func feed(name: String, events: [Event]) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Autour//Programme de convivialite//FR", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape(name),
        ]
        for event in events {
            lines += [
                "BEGIN:VEVENT", "UID:" + escape(event.uid), "DTSTAMP:" + utc(event.updated), "DTSTART:" + utc(event.start),
                "DTEND:" + utc(event.end), "SUMMARY:" + escape(event.summary),
            ]
            if !event.description.isEmpty { lines.append("DESCRIPTION:" + escape(event.description)) }
            if !event.location.isEmpty { lines.append("LOCATION:" + escape(event.location)) }
            if event.cancelled { lines.append("STATUS:CANCELLED") }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// A TEXT value: backslash, semicolon and comma escaped, line breaks as `\n` (RFC 5545 §3.3.11).
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text.replacingOccurrences(of: "\r\n", with: "\n") {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// `20261130T081500Z`.
    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// Folds a content line into lines of at most 75 octets, continuation lines starting with a
    /// space (RFC 5545 §3.1), never inside a character.
    static func fold(_ line: String) -> String {
        var parts: [String] = []
        var current = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            // The first line holds 75 octets; the others 74 after their leading space.
            if octets + size > (parts.isEmpty ? 75 : 74) {
                parts.append(current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }
}
