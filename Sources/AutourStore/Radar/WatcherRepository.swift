import AutourCore
import FluentKit
import Foundation

/// The watchers' network: the charter's versions and each watcher's profile.
public struct WatcherRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    /// The charter in force: its latest version.
    public func currentCharter(territoryId: UUID) async throws -> WatcherCharter? {
        try await CharterModel.query(on: database.db).filter(\.$territoryId == territoryId).sort(\.$version, .descending).first()?.core
    }

    /// Publishes a new version of the charter; every watcher must accept it before the next signal.
    public func publishCharter(_ text: String, actor: Actor) async throws -> WatcherCharter {
        let text = try WatcherRules.validateCharter(text)
        let now = clock.now()
        return try await database.write { tx in
            let latest =
                try await CharterModel.query(on: tx).filter(\.$territoryId == actor.territoryId)
                .sort(\.$version, .descending).first()?.version ?? 0
            let model = CharterModel()
            model.territoryId = actor.territoryId
            model.version = latest + 1
            model.text = text
            model.createdAt = now
            model.createdBy = actor.accountId
            try await model.create(on: tx)
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: actor.territoryId, actorId: actor.accountId,
                action: .create, recordType: "watcher_charter", recordId: String(model.version))
            return model.core
        }
    }

    public func profile(accountId: UUID) async throws -> WatcherProfile? {
        try await WatcherProfileModel.query(on: database.db).filter(\.$accountId == accountId).first()?.core
    }

    public func profiles(accountIds: [UUID]) async throws -> [UUID: WatcherProfile] {
        let models = try await WatcherProfileModel.query(on: database.db).filter(\.$accountId ~~ accountIds).all()
        return Dictionary(models.map { ($0.accountId, $0.core) }, uniquingKeysWith: { first, _ in first })
    }

    /// The watcher accepts the version they read; a stale version (the CCAS published a newer one
    /// meanwhile) is refused so that nobody accepts a text they did not see.
    public func acceptCharter(version: Int, actor: Actor) async throws -> WatcherProfile {
        guard let current = try await currentCharter(territoryId: actor.territoryId) else {
            throw AutourError.conflict("Le CCAS n'a pas encore rédigé de charte.")
        }
        guard current.version == version else {
            throw AutourError.conflict("La charte a changé : relisez la version \(current.version) avant de l'accepter.")
        }
        return try await updateProfile(accountId: actor.accountId, actor: actor) { model in
            model.charterVersion = version
            model.charterAcceptedAt = clock.now()
        }
    }

    /// The coordinator sets a watcher's (or a trained volunteer's) sector and training date.
    public func setProfile(accountId: UUID, neighbourhoods: [String], trainedOn: String?, actor: Actor) async throws -> WatcherProfile {
        try await updateProfile(accountId: accountId, actor: actor) { model in
            model.neighbourhoods = neighbourhoods.joined(separator: "\u{1F}")
            model.trainedOn = trainedOn
        }
    }

    /// Pauses or resumes a watcher: a paused watcher keeps their account but sends no signal.
    public func setActive(_ active: Bool, accountId: UUID, actor: Actor) async throws -> WatcherProfile {
        try await updateProfile(accountId: accountId, actor: actor) { model in
            model.deactivatedAt = active ? nil : (model.deactivatedAt ?? clock.now())
        }
    }

    private func updateProfile(accountId: UUID, actor: Actor, _ body: @escaping @Sendable (WatcherProfileModel) -> Void) async throws -> WatcherProfile {
        let now = clock.now()
        return try await database.write { tx in
            guard
                let account = try await AccountModel.query(on: tx).filter(\.$id == accountId)
                    .filter(\.$territoryId == actor.territoryId).first()?.core,
                account.roles.contains(.watcher) || account.roles.contains(.volunteer)
            else { throw AutourError.notFound }
            let model =
                try await WatcherProfileModel.query(on: tx).filter(\.$accountId == accountId).first()
                ?? {
                    let fresh = WatcherProfileModel()
                    fresh.accountId = accountId
                    fresh.neighbourhoods = ""
                    return fresh
                }()
            body(model)
            try await model.save(on: tx)
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: actor.territoryId, actorId: actor.accountId,
                action: .update, recordType: "watcher", recordId: accountId.uuidString)
            return model.core
        }
    }
}
