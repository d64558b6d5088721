import AutourAPI
import AutourCore
import AutourStore
import Foundation

/// The caller's own account and the administration of the territory's accounts, in the API.
extension APIHandlers {
    func me(_ input: Operations.Me.Input) async throws -> Operations.Me.Output {
        let context = try caller
        try context.require(.viewOwnAccount)
        // Reading opens nothing: the account exists once the volunteer role was granted or the
        // member opened it (POST /api/v1/timebank/accounts/mine).
        let timeBankAccount = try await store.timeBank.account(ownerId: context.account.id)?.id
        let account = context.account
        return .ok(
            .init(
                body: .json(
                    .init(
                        email: account.email, id: account.id.uuidString, name: account.name,
                        roles: try account.sortedRoles.map { try APIValue.contract($0.rawValue) },
                        territory: .init(name: context.territory.name, slug: context.territory.slug),
                        timebankAccountId: timeBankAccount?.uuidString))))
    }

    func listAccounts(_ input: Operations.ListAccounts.Input) async throws -> Operations.ListAccounts.Output {
        let context = try caller
        try context.require(.manageAccounts)
        let accounts = try await store.accounts.list(territoryId: context.actor.territoryId)
        return .ok(.init(body: .json(.init(items: try accounts.map(Components.Schemas.Account.init)))))
    }

    func createAccount(_ input: Operations.CreateAccount.Input) async throws -> Operations.CreateAccount.Output {
        let context = try caller
        try context.require(.manageAccounts)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let roles = try Role.parseList(body.roles.map(\.rawValue).joined(separator: ","))
        let account = try await store.createAccount(
            territoryId: context.actor.territoryId, email: body.email, name: body.name, roles: roles, password: body.password,
            isSocialWorker: body.isSocialWorker ?? false, actorId: context.actor.accountId)
        return .created(.init(body: .json(try .init(account))))
    }

    func getAccount(_ input: Operations.GetAccount.Input) async throws -> Operations.GetAccount.Output {
        let context = try caller
        let account = try await store.accessService.managedAccount(id: try APIValue.pathID(input.path.id), by: context.actor)
        // Staff accounts hold personal data too: reading one is traced like any file.
        try await store.audit.recordRead(actor: context.actor, recordType: "account", recordId: account.id.uuidString)
        return .ok(.init(body: .json(try .init(account))))
    }

    func linkPartnerStructure(_ input: Operations.LinkPartnerStructure.Input) async throws -> Operations.LinkPartnerStructure.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        let account = try await store.accessService.linkPartner(
            id: try APIValue.pathID(input.path.id), structureId: body.structureId, by: context.actor)
        return .ok(.init(body: .json(try .init(account))))
    }

    func deactivateAccount(_ input: Operations.DeactivateAccount.Input) async throws -> Operations.DeactivateAccount.Output {
        let context = try caller
        let account = try await store.accessService.deactivate(id: try APIValue.pathID(input.path.id), by: context.actor)
        return .ok(.init(body: .json(try .init(account))))
    }
}

extension Components.Schemas.Account {
    init(_ account: Account) throws {
        self.init(
            active: account.active, email: account.email, id: account.id.uuidString, isSocialWorker: account.isSocialWorker,
            name: account.name, roles: try account.sortedRoles.map { try APIValue.contract($0.rawValue) })
    }
}
