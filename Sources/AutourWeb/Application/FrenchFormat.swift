import AutourCore
import Foundation

/// Dates and words as a French reader expects them.
enum FrenchFormat {
    static let zone = FrenchTime.zone

    static func dateTime(_ date: Date) -> String {
        let c = components(date)
        return String(format: "%02d/%02d/%04d à %02dh%02d", c.day!, c.month!, c.year!, c.hour!, c.minute!)
    }

    /// The day alone, `JJ/MM/AAAA`, in French local time.
    static func date(_ date: Date) -> String {
        let c = components(date)
        return String(format: "%02d/%02d/%04d", c.day!, c.month!, c.year!)
    }

    /// « Samedi ».
    static func weekday(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return ["Dimanche", "Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi"][calendar.component(.weekday, from: date) - 1]
    }

    private static func components(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    }

    /// `YYYY-MM-DD` → `JJ/MM/AAAA`; a bare year (after erasure) stays as it is.
    static func day(_ iso: String) -> String? {
        let parts = iso.split(separator: "-")
        guard parts.count == 3 else { return iso.isEmpty ? nil : iso }
        return "\(parts[2])/\(parts[1])/\(parts[0])"
    }

    /// `YYYY-MM-DDTHH:MM` from a `datetime-local` field, read as French local time.
    static func parseLocalDateTime(_ text: String) -> Date? {
        let parts = text.split(separator: "T")
        guard parts.count == 2, let day = PersonRules.parseDay(String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":")
        guard clock.count >= 2, let h = Int(clock[0]), let m = Int(clock[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        let utc = day.addingTimeInterval(TimeInterval(h * 3600 + m * 60))
        return utc.addingTimeInterval(-TimeInterval(zone.secondsFromGMT(for: utc)))
    }

    /// The value of a `datetime-local` field for `date`, in French local time (`YYYY-MM-DDTHH:MM`).
    static func localDateTime(_ date: Date) -> String {
        let c = components(date)
        return String(format: "%04d-%02d-%02dT%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }

    /// Every audited action in French: the stored English word never reaches a page.
    static func auditAction(_ action: String) -> String {
        guard let known = AuditAction(rawValue: action) else { return "autre action" }
        return switch known {
        case .read: "consultation"
        case .create: "création"
        case .update: "modification"
        case .delete: "suppression"
        case .export: "export des données"
        case .exportComplete: "export complet (notes sensibles comprises)"
        case .erase: "anonymisation"
        case .login: "connexion"
        case .logout: "déconnexion"
        case .loginFailed: "connexion refusée"
        case .tokenCreated: "jeton d'API créé"
        case .tokenRevoked: "jeton d'API révoqué"
        }
    }
}

extension String {
    /// nil for "", so that a Mustache section (which treats any string as true) hides an empty value.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
