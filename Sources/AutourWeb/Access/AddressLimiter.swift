import Foundation

/// Limits what one client address may do in a window, in memory. Logins: a brake on password
/// guessing across many accounts, complementing the per-account lockout kept in the database
/// (failures count). The anonymous life-basins questionnaire: a brake on one machine filling the
/// map (every answer counts). An attempt is reserved before it is checked and counts until it is
/// known not to, so a burst of parallel requests gets no more than the limit.
actor AddressLimiter {
    private let maxFailures: Int
    private let window: TimeInterval
    private var failures: [String: [Date]] = [:]
    private var inFlight: [String: Int] = [:]

    init(maxFailures: Int = 20, window: TimeInterval = 10 * 60) {
        self.maxFailures = maxFailures
        self.window = window
    }

    /// Reserves an attempt: nil when granted (end it with `finish`), or the seconds to wait.
    func reserve(_ address: String, now: Date) -> Int? {
        let recent = prune(address, now: now)
        let pending = inFlight[address] ?? 0
        guard recent.count + pending >= maxFailures else {
            inFlight[address] = pending + 1
            return nil
        }
        // Refused only because attempts are still running: they end in seconds.
        guard let oldest = recent.first, recent.count >= maxFailures else { return 1 }
        return max(1, Int(oldest.addingTimeInterval(window).timeIntervalSince(now).rounded(.up)))
    }

    /// Ends a reserved attempt; one that counts (a failed login, a stored answer) is kept for the window.
    func finish(_ address: String, failed: Bool, now: Date) {
        let pending = (inFlight[address] ?? 1) - 1
        inFlight[address] = pending > 0 ? pending : nil
        if failed { failures[address, default: []].append(now) }
    }

    private func prune(_ address: String, now: Date) -> [Date] {
        let recent = (failures[address] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[address] = recent.isEmpty ? nil : recent
        return recent
    }
}
