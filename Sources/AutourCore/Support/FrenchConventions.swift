import Foundation

/// The time zone in which French users read days and hours (metropolitan France).
public enum FrenchTime {
    public static let zone = TimeZone(identifier: "Europe/Paris")!
}

/// A way to reach someone typed in one field: an e-mail (with an @) or a phone (8 digits or more,
/// spaces and dots allowed) — enough to warn of a change, without checking more than that.
public enum Reachable {
    public static func looksValid(_ contact: String) -> Bool {
        contact.contains("@") || contact.filter(\.isNumber).count >= 8
    }
}
