import Foundation

/// The source of "now", injected everywhere so that expiry, lockout and retention can be tested
/// without waiting.
public struct WallClock: Sendable {
    public let now: @Sendable () -> Date
    public init(now: @escaping @Sendable () -> Date) { self.now = now }
    public static let system = WallClock { Date() }
}
