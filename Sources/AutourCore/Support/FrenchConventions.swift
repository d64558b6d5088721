import Foundation

/// The time zone in which French users read days and hours (metropolitan France).
public enum FrenchTime {
    public static let zone = TimeZone(identifier: "Europe/Paris")!

    /// The Gregorian calendar in that zone.
    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }()

    /// The day of `date` in France, `AAAA-MM-JJ` (a date field's value).
    public static func day(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}

/// A way to reach someone typed in one field: an e-mail (with an @) or a phone (8 digits or more,
/// spaces and dots allowed) — enough to warn of a change, without checking more than that.
public enum Reachable {
    public static func looksValid(_ contact: String) -> Bool {
        contact.contains("@") || contact.filter(\.isNumber).count >= 8
    }
}
