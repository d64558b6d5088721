import Foundation

/// Counts failed logins per client address, in memory: a brake on password guessing across
/// many accounts, complementing the per-account lockout kept in the database.
actor LoginLimiter {
    private let maxFailures: Int
    private let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(maxFailures: Int = 20, window: TimeInterval = 10 * 60) {
        self.maxFailures = maxFailures
        self.window = window
    }

    /// Seconds to wait before this address may try again, or nil.
    func retryAfter(_ address: String, now: Date) -> Int? {
        let recent = prune(address, now: now)
        guard recent.count >= maxFailures, let oldest = recent.first else { return nil }
        return max(1, Int(oldest.addingTimeInterval(window).timeIntervalSince(now).rounded(.up)))
    }

    func recordFailure(_ address: String, now: Date) {
        var recent = prune(address, now: now)
        recent.append(now)
        failures[address] = recent
    }

    private func prune(_ address: String, now: Date) -> [Date] {
        let recent = (failures[address] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[address] = recent.isEmpty ? nil : recent
        return recent
    }
}
