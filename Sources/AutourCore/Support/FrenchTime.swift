import Foundation

/// The time zone in which French users read days and hours (metropolitan France).
public enum FrenchTime {
    public static let zone = TimeZone(identifier: "Europe/Paris")!
}
