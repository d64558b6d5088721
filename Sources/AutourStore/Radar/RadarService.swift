import AutourCore
import Foundation

/// The Radar's use cases shared by the pages and the API: who may send a signal, who sees what
/// of it (a sender only ever learns `received`, `taken_up` or `closed`), closing, campaigns and
/// the indicators.
public struct RadarService: Sendable {
    let signals: SignalRepository
    let watchers: WatcherRepository
    let register: RegisterRepository
    let clock: WallClock

    /// Sends a signal: a watcher must be active and have accepted the charter in force.
    public func send(_ input: SignalInput, territory: Territory, actor: Actor) async throws -> Signal {
        try Permissions.require(actor, .sendSignal)
        let charter = try await watchers.currentCharter(territoryId: territory.id)
        let profile = try await watchers.profile(accountId: actor.accountId)
        try WatcherRules.checkCanSend(actor, profile: profile, current: charter)
        let valid = try SignalRules.validate(input, territory: territory, today: clock.now())
        try SignalRules.checkSender(of: valid.kind, actor)
        return try await signals.create(valid, actor: actor)
    }

    /// The signal `id` and whether the caller works the queue (full view, read audited) or sent it
    /// (status only). Another sender's signal, or another territory's, is a 404.
    public func signal(id: UUID, by actor: Actor) async throws -> (signal: Signal, triage: Bool) {
        guard Permissions.can(actor, .triageSignals) else {
            try Permissions.require(actor, .readOwnSignalStatus)
            guard let signal = try await signals.find(id: id, territoryId: actor.territoryId) else { throw AutourError.notFound }
            try Permissions.require(actor, .readOwnSignalStatus, on: signal.scope)
            return (signal, false)
        }
        return (try await signalForTriage(id: id, by: actor), true)
    }

    /// The signal `id` for an agent. A read is audited (`reading`); a change audits itself.
    public func signalForTriage(id: UUID, by actor: Actor, reading: Bool = true) async throws -> Signal {
        try Permissions.require(actor, .triageSignals)
        let signal = reading ? try await signals.open(id: id, actor: actor) : try await signals.find(id: id, territoryId: actor.territoryId)
        guard let signal else { throw AutourError.notFound }
        return signal
    }

    /// Closing with `duplicate` merges the signal into the one it repeats.
    public func close(_ signal: Signal, outcome text: String, duplicateOf: UUID?, actor: Actor) async throws -> Signal {
        let outcome = try SignalRules.parseOutcome(text)
        if outcome == .duplicate, let duplicateOf {
            _ = try await signals.merge(signal.id, into: duplicateOf, actor: actor)
            guard let merged = try await signals.find(id: signal.id, territoryId: actor.territoryId) else { throw AutourError.notFound }
            return merged
        }
        return try await signals.close(signal.id, outcome: outcome, actor: actor)
    }

    /// The last thirteen weeks of signals, counting only people whose statistics consent holds.
    public func indicators(by actor: Actor) async throws -> RadarIndicators {
        try Permissions.require(actor, .viewIndicators)
        let now = clock.now()
        let countable = try await signals.countable(territoryId: actor.territoryId, since: now.addingTimeInterval(-13 * 7 * 86400))
        return RadarIndicators.compute(countable, now: now)
    }

    /// The campaign `id` of the caller's territory, if `action` is theirs; 404 otherwise.
    public func campaign(id: UUID, for action: Action, by actor: Actor) async throws -> Campaign {
        try Permissions.require(actor, action)
        guard let campaign = try await register.campaign(id: id, territoryId: actor.territoryId) else { throw AutourError.notFound }
        return campaign
    }
}
