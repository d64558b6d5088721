import AutourAPI
import AutourCore
import AutourStore
import Foundation

/// The time bank in the JSON API: transfers (a member from their own account, staff entering a
/// paper cheque on a member's behalf), accounts, payment requests and the board. Every operation
/// goes through `TimeBankService`, as the pages do.
extension APIHandlers {
    var timeBank: TimeBankService { store.timeBankService }

    func createTransfer(_ input: Operations.CreateTransfer.Input) async throws -> Operations.CreateTransfer.Output {
        let context = try caller
        guard Permissions.can(context.actor, .useTimeBank) || Permissions.can(context.actor, .enterTimeCheques) else { throw AutourError.forbidden }
        let body =
            switch input.body {
            case .json(let body): body
            }
        let result = try await timeBank.pay(
            from: try APIValue.uuid(body.fromAccount, field: "fromAccount"), to: try APIValue.uuid(body.toAccount, field: "toAccount"),
            minutes: body.minutes, key: body.idempotencyKey, description: body.description ?? "",
            listingId: try APIValue.uuid(body.listingId, field: "listingId"), by: context.account)
        // A replay answers exactly as the first time: same transfer, same status.
        return .created(.init(body: .json(.init(result.transfer))))
    }

    func openOwnTimeAccount(_ input: Operations.OpenOwnTimeAccount.Input) async throws -> Operations.OpenOwnTimeAccount.Output {
        .ok(.init(body: .json(try .init(try await timeBank.openOwnAccount(try caller.account)))))
    }

    func listTimeAccounts(_ input: Operations.ListTimeAccounts.Input) async throws -> Operations.ListTimeAccounts.Output {
        let context = try caller
        try context.require(.viewLedger)
        let accounts = try await timeBank.ledger(by: context.actor)
        return .ok(
            .init(body: .json(.init(items: try accounts.map(Components.Schemas.TimeAccount.init), totalMinutes: accounts.reduce(0) { $0 + $1.balanceMinutes })))
        )
    }

    func getTimeAccount(_ input: Operations.GetTimeAccount.Input) async throws -> Operations.GetTimeAccount.Output {
        .ok(.init(body: .json(try .init(try await timeBank.visibleAccount(id: try APIValue.pathID(input.path.id), by: try caller.actor)))))
    }

    func timeAccountHistory(_ input: Operations.TimeAccountHistory.Input) async throws -> Operations.TimeAccountHistory.Output {
        let account = try await timeBank.visibleAccount(id: try APIValue.pathID(input.path.id), by: try caller.actor)
        let history = try await store.timeBank.history(accountId: account.id)
        return .ok(.init(body: .json(.init(items: history.map { .init($0.transfer) }))))
    }

    func createPaymentRequest(_ input: Operations.CreatePaymentRequest.Input) async throws -> Operations.CreatePaymentRequest.Output {
        let context = try caller
        let mine = try await timeBank.openOwnAccount(context.account)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let request = try await store.timeBank.request(
            from: mine, payer: try APIValue.uuid(body.payerAccount, field: "payerAccount"), minutes: body.minutes,
            description: body.description ?? "", listingId: try APIValue.uuid(body.listingId, field: "listingId"), actor: context.actor)
        return .created(.init(body: .json(try .init(request))))
    }

    func listPaymentRequests(_ input: Operations.ListPaymentRequests.Input) async throws -> Operations.ListPaymentRequests.Output {
        guard let mine = try await timeBank.ownAccount(of: try caller.account) else { return .ok(.init(body: .json(.init(items: [])))) }
        return .ok(.init(body: .json(.init(items: try await store.timeBank.requests(accountId: mine.id).map { try .init($0) }))))
    }

    func acceptPaymentRequest(_ input: Operations.AcceptPaymentRequest.Input) async throws -> Operations.AcceptPaymentRequest.Output {
        .ok(.init(body: .json(try .init(try await timeBank.answer(request: try APIValue.pathID(input.path.id), accept: true, by: try caller.account)))))
    }

    func refusePaymentRequest(_ input: Operations.RefusePaymentRequest.Input) async throws -> Operations.RefusePaymentRequest.Output {
        .ok(.init(body: .json(try .init(try await timeBank.answer(request: try APIValue.pathID(input.path.id), accept: false, by: try caller.account)))))
    }

    func listListings(_ input: Operations.ListListings.Input) async throws -> Operations.ListListings.Output {
        let context = try caller
        guard Permissions.can(context.actor, .useTimeBank) || Permissions.can(context.actor, .enterTimeCheques) else { throw AutourError.forbidden }
        let listings = try await store.timeBank.listings(
            territoryId: context.actor.territoryId, category: input.query.category, neighbourhood: input.query.neighbourhood)
        return .ok(.init(body: .json(.init(items: listings.map(Components.Schemas.Listing.init)))))
    }

    func createListing(_ input: Operations.CreateListing.Input) async throws -> Operations.CreateListing.Output {
        let mine = try await timeBank.openOwnAccount(try caller.account)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let listing = try await store.timeBank.publish(
            mine, kind: body.kind.rawValue, category: body.category.rawValue, neighbourhood: body.neighbourhood, title: body.title, details: body.details ?? "")
        return .created(.init(body: .json(.init(listing))))
    }
}

extension Components.Schemas.TimeAccount {
    init(_ a: TimeAccount) throws {
        self.init(balanceMinutes: a.balanceMinutes, id: a.id.uuidString, kind: try APIValue.contract(a.kind.rawValue), name: a.name)
    }
}

extension Components.Schemas.Transfer {
    init(_ t: TimeTransfer) {
        self.init(
            createdAt: t.createdAt, description: t.description, entries: t.entries.map { .init(accountId: $0.accountId.uuidString, minutes: $0.minutes) },
            id: t.id.uuidString, kind: t.kind, sequence: Int(t.sequence), status: "done")
    }
}

extension Components.Schemas.PaymentRequest {
    init(_ r: AutourCore.PaymentRequest) throws {
        self.init(
            createdAt: r.createdAt, description: r.description, id: r.id.uuidString, listingId: r.listingId?.uuidString, minutes: r.minutes,
            payerAccount: r.payerAccount.uuidString, providerAccount: r.providerAccount.uuidString, status: try APIValue.contract(r.status.rawValue))
    }
}

extension Components.Schemas.Listing {
    init(_ l: AutourCore.Listing) {
        self.init(
            accountId: l.accountId.uuidString, category: l.category, createdAt: l.createdAt, details: l.details, id: l.id.uuidString,
            kind: l.kind.rawValue, neighbourhood: l.neighbourhood, title: l.title)
    }
}
