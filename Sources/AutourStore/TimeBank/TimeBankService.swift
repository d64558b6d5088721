import AutourCore
import Foundation

/// The time bank's use cases as its users meet them. Each one checks the permission table,
/// validates, and writes through the repository in one transaction; the pages and the API are
/// thin adapters that call these and never call each other.
public struct TimeBankService: Sendable {
    let timeBank: TimeBankRepository
    let accounts: AccountRepository

    /// The caller's own member account if it is open: reading never opens it.
    public func ownAccount(of account: Account) async throws -> TimeAccount? {
        guard Permissions.can(account.actor, .useTimeBank) else { throw AutourError.forbidden }
        return try await timeBank.account(ownerId: account.id)
    }

    /// Opens the caller's member account with its welcome credit (the open one when it exists).
    public func openOwnAccount(_ account: Account) async throws -> TimeAccount {
        guard Permissions.can(account.actor, .useTimeBank) else { throw AutourError.forbidden }
        return try await timeBank.memberAccount(of: account)
    }

    /// A member pays from their own account; staff enter a paper cheque between two members, and a
    /// coordinator credits a member from the territory's funds, audited as acting on the payer's
    /// behalf. Anything else is a 403, another territory's account a 422.
    public func pay(
        from: UUID, to: UUID, minutes: Int, key: String, description: String, listingId: UUID?, by account: Account
    ) async throws -> (transfer: TimeTransfer, created: Bool) {
        let actor = account.actor
        let onBehalf: Bool
        if Permissions.can(actor, .useTimeBank), try await timeBank.memberAccount(of: account).id == from {
            onBehalf = false
        } else if Permissions.can(actor, .enterTimeCheques) {
            guard let source = try await timeBank.account(id: from, territoryId: actor.territoryId),
                source.kind == .member || (LedgerRules.payableFunds.contains(source.kind) && Permissions.can(actor, .payFromTerritoryFunds))
            else {
                throw AutourError.invalid("Compte inconnu.", fields: ["fromAccount": "Le compte d'un membre ou un fonds du territoire."])
            }
            onBehalf = true
        } else {
            throw AutourError.forbidden
        }
        if let listingId, try await timeBank.listing(id: listingId, territoryId: actor.territoryId) == nil {
            throw AutourError.invalid("Annonce inconnue.", fields: ["listingId": "Annonce inconnue."])
        }
        return try await timeBank.transfer(
            from: from, to: to, minutes: minutes, idempotencyKey: key, description: description,
            kind: onBehalf ? "cheque" : "payment", territoryId: actor.territoryId, actor: actor,
            onBehalf: onBehalf, listingId: listingId)
    }

    /// Every open account of the territory (their balances sum to zero), for staff who enter
    /// cheques or keep the ledger.
    public func ledger(by actor: Actor) async throws -> [TimeAccount] {
        guard Permissions.can(actor, .enterTimeCheques) || Permissions.can(actor, .viewLedger) else { throw AutourError.forbidden }
        return try await timeBank.accounts(territoryId: actor.territoryId)
    }

    /// The coordinator opens the territory's funds and the account of every active volunteer who
    /// has none yet (accounts created before volunteers got theirs with the role). Returns how
    /// many member accounts were opened.
    public func openAccounts(by actor: Actor) async throws -> Int {
        guard Permissions.can(actor, .viewLedger) else { throw AutourError.forbidden }
        for kind in TimeAccountKind.allCases where kind.isSystem {
            _ = try await timeBank.systemAccount(kind, territoryId: actor.territoryId)
        }
        var opened = 0
        for account in try await accounts.list(territoryId: actor.territoryId) where account.roles.contains(.volunteer) && account.active {
            if try await timeBank.account(ownerId: account.id) == nil {
                _ = try await timeBank.memberAccount(of: account)
                opened += 1
            }
        }
        return opened
    }

    /// An account its owner and the staff may read; for anyone else it does not exist.
    public func visibleAccount(id: UUID, by actor: Actor) async throws -> TimeAccount {
        guard let account = try await timeBank.account(id: id, territoryId: actor.territoryId) else { throw AutourError.notFound }
        let staff = Permissions.can(actor, .enterTimeCheques) || Permissions.can(actor, .viewLedger)
        guard staff || account.ownerId == actor.accountId else { throw AutourError.notFound }
        return account
    }

    /// The payer accepts or refuses a payment request addressed to their account.
    public func answer(request id: UUID, accept: Bool, by account: Account) async throws -> PaymentRequest {
        try await timeBank.answer(id, accept: accept, payer: try await openOwnAccount(account), actor: account.actor)
    }
}
