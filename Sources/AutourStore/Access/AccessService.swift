import AutourCore
import Foundation

/// An admin's use cases on the territory's accounts, for the admin page and the API alike.
public struct AccessService: Sendable {
    let accounts: AccountRepository
    let referrals: ReferralRepository

    /// The account `id` if `actor` may manage it; 404 for another territory's or a missing one.
    public func managedAccount(id: UUID, by actor: Actor) async throws -> Account {
        try Permissions.require(actor, .manageAccounts)
        guard let account = try await accounts.find(id: id, territoryId: actor.territoryId) else { throw AutourError.notFound }
        try Permissions.require(actor, .manageAccounts, on: RecordScope(territoryId: account.territoryId))
        return account
    }

    /// Closes an account and its sessions; an admin cannot lock themselves out.
    public func deactivate(id: UUID, by actor: Actor) async throws -> Account {
        let account = try await managedAccount(id: id, by: actor)
        guard account.id != actor.accountId else { throw AutourError.conflict("Vous ne pouvez pas désactiver votre propre compte.") }
        try await accounts.setActive(false, accountId: account.id, territoryId: account.territoryId, actorId: actor.accountId)
        guard let closed = try await accounts.find(id: account.id, territoryId: account.territoryId) else { throw AutourError.notFound }
        return closed
    }

    /// Links a partner's account to the directory structure it answers for.
    public func linkPartner(id: UUID, structureId: String, by actor: Actor) async throws -> Account {
        let account = try await managedAccount(id: id, by: actor)
        try await referrals.linkPartner(accountId: account.id, structureId: structureId, territoryId: account.territoryId)
        return account
    }
}
