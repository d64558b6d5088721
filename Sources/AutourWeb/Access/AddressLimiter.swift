import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// Limits what one client address may do in a window, in memory. Logins: a brake on password
/// guessing across many accounts, complementing the per-account lockout kept in the database
/// (failures count). The anonymous life-basins questionnaire: a brake on one machine filling the
/// map (every answer counts). An attempt is reserved before it is checked and counts until it is
/// known not to, so a burst of parallel requests gets no more than the limit.
actor AddressLimiter {
    private let limit: Int
    private let window: TimeInterval
    private var counted: [String: [Date]] = [:]
    private var inFlight: [String: Int] = [:]

    init(limit: Int = 20, window: TimeInterval = 10 * 60) {
        self.limit = limit
        self.window = window
    }

    /// Reserves an attempt: nil when granted (end it with `finish`), or the seconds to wait.
    func reserve(_ address: String, now: Date) -> Int? {
        let recent = prune(address, now: now)
        let pending = inFlight[address] ?? 0
        guard recent.count + pending >= limit else {
            inFlight[address] = pending + 1
            return nil
        }
        // Refused only because attempts are still running: they end in seconds.
        guard let oldest = recent.first, recent.count >= limit else { return 1 }
        return max(1, Int(oldest.addingTimeInterval(window).timeIntervalSince(now).rounded(.up)))
    }

    /// Ends a reserved attempt; one that counts (a failed login, a stored answer) is kept for the window.
    func finish(_ address: String, counts: Bool, now: Date) {
        let pending = (inFlight[address] ?? 1) - 1
        inFlight[address] = pending > 0 ? pending : nil
        if counts { counted[address, default: []].append(now) }
    }

    private func prune(_ address: String, now: Date) -> [Date] {
        let recent = (counted[address] ?? []).filter { now.timeIntervalSince($0) < window }
        counted[address] = recent.isEmpty ? nil : recent
        return recent
    }
}

extension AddressLimiter {
    /// A public form's post under the brake: refused (429) when the client address has used its
    /// hour, otherwise `submit` runs and counts only if it says it stored something.
    nonisolated func admit(
        _ request: Request, _ context: AppContext, trusted: Set<String>, now: Date, submit: () async throws -> (response: Response, stored: Bool)
    ) async throws -> Response {
        let address = ClientAddress.resolve(peer: context.remoteAddress, forwardedFor: request.headers[.xForwardedFor], trusted: trusted)
        if let seconds = await reserve(address, now: now) { throw AutourError.tooManyAttempts(retryAfterSeconds: seconds) }
        do {
            let (response, stored) = try await submit()
            await finish(address, counts: stored, now: now)
            return response
        } catch {
            await finish(address, counts: false, now: now)
            throw error
        }
    }
}

extension AppContext {
    /// The territory named by the `{slug}` of a public page's path (404 when there is none).
    func territory(from store: Store) async throws -> Territory {
        guard let slug = parameters.get("slug"), let territory = try await store.territories.find(slug: slug) else { throw AutourError.notFound }
        return territory
    }
}
