import Foundation

/// Dates and words as a French reader expects them.
enum FrenchFormat {
    static let zone = TimeZone(identifier: "Europe/Paris")!

    static func dateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%02d/%02d/%04d à %02dh%02d", c.day!, c.month!, c.year!, c.hour!, c.minute!)
    }

    /// `YYYY-MM-DD` → `JJ/MM/AAAA`; a bare year (after erasure) stays as it is.
    static func day(_ iso: String) -> String? {
        let parts = iso.split(separator: "-")
        guard parts.count == 3 else { return iso.isEmpty ? nil : iso }
        return "\(parts[2])/\(parts[1])/\(parts[0])"
    }

    static func auditAction(_ action: String) -> String {
        switch action {
        case "read": "consultation"
        case "create": "création"
        case "update": "modification"
        case "export": "export des données"
        case "erase": "anonymisation"
        default: action
        }
    }
}

extension String {
    /// nil for "", so that a Mustache section (which treats any string as true) hides an empty value.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
