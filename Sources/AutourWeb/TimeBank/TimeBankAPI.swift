import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The time bank in the JSON API: transfers (a member from their own account, staff entering a
/// paper cheque on a member's behalf), accounts, payment requests and the board.
struct TimeBankAPI {
    let store: Store
    let clock: WallClock

    struct AccountDTO: Encodable {
        let id: UUID
        let name: String
        let kind: String
        let balanceMinutes: Int
        init(_ a: TimeAccount) { (id, name, kind, balanceMinutes) = (a.id, a.name, a.kind.rawValue, a.balanceMinutes) }
    }
    struct TransferDTO: Encodable {
        struct Entry: Encodable { let accountId: UUID; let minutes: Int }
        let id: UUID
        let status: String
        let sequence: Int64
        let description: String
        let kind: String
        let createdAt: Date
        let entries: [Entry]
        init(_ t: TimeTransfer) {
            (id, status, sequence, description, kind, createdAt) = (t.id, "done", t.sequence, t.description, t.kind, t.createdAt)
            entries = t.entries.map { Entry(accountId: $0.accountId, minutes: $0.minutes) }
        }
    }
    struct RequestDTO: Encodable {
        let id: UUID, providerAccount: UUID, payerAccount: UUID, minutes: Int, description: String, status: String, createdAt: Date, listingId: UUID?
        init(_ r: PaymentRequest) {
            (id, providerAccount, payerAccount, minutes, description) = (r.id, r.providerAccount, r.payerAccount, r.minutes, r.description)
            (status, createdAt, listingId) = (r.status.rawValue, r.createdAt, r.listingId)
        }
    }
    struct ListingDTO: Encodable {
        let id: UUID, accountId: UUID, kind: String, category: String, neighbourhood: String?, title: String, details: String, createdAt: Date
        init(_ l: Listing) {
            (id, accountId, kind, category, neighbourhood) = (l.id, l.accountId, l.kind.rawValue, l.category, l.neighbourhood)
            (title, details, createdAt) = (l.title, l.details, l.createdAt)
        }
    }
    struct LedgerDTO: Encodable { let items: [AccountDTO]; let totalMinutes: Int }
    struct TransferRequest: Decodable {
        let fromAccount: UUID, toAccount: UUID, minutes: Int, idempotencyKey: String, description: String?, listingId: UUID?
    }
    struct PaymentRequestInput: Decodable { let payerAccount: UUID; let minutes: Int; let description: String?; let listingId: UUID? }
    struct ListingInput: Decodable { let kind: String; let category: String; let neighbourhood: String?; let title: String; let details: String? }

    func addRoutes(to api: RouterGroup<SignedInContext>) {
        api.post("/timebank/transfers") { request, context in
            guard Permissions.can(context.actor, .useTimeBank) || Permissions.can(context.actor, .enterTimeCheques) else { throw AutourError.forbidden }
            let input = try await request.decodeJSON(TransferRequest.self, context: context)
            let result = try await service.pay(
                from: input.fromAccount, to: input.toAccount, minutes: input.minutes, key: input.idempotencyKey,
                description: input.description ?? "", listingId: input.listingId, by: context.account)
            // A replay answers exactly as the first time: same transfer, same status.
            return try JSONResponse.make(TransferDTO(result.transfer), status: .created)
        }
        api.post("/timebank/accounts/mine") { _, context in
            try JSONResponse.make(AccountDTO(try await service.openOwnAccount(context.account)))
        }
        api.get("/timebank/accounts") { _, context in
            try context.require(.viewLedger)
            let accounts = try await service.ledger(by: context.actor)
            return try JSONResponse.make(LedgerDTO(items: accounts.map(AccountDTO.init), totalMinutes: accounts.reduce(0) { $0 + $1.balanceMinutes }))
        }
        api.get("/timebank/accounts/{id}") { _, context in
            try JSONResponse.make(AccountDTO(try await service.visibleAccount(id: try id(context), by: context.actor)))
        }
        api.get("/timebank/accounts/{id}/history") { _, context in
            let account = try await service.visibleAccount(id: try id(context), by: context.actor)
            return try JSONResponse.make(ItemList(items: try await store.timeBank.history(accountId: account.id).map { TransferDTO($0.transfer) }))
        }
        api.post("/timebank/requests") { request, context in
            let mine = try await service.openOwnAccount(context.account)
            let input = try await request.decodeJSON(PaymentRequestInput.self, context: context)
            return try JSONResponse.make(
                RequestDTO(
                    try await store.timeBank.request(
                        from: mine, payer: input.payerAccount, minutes: input.minutes,
                        description: input.description ?? "", listingId: input.listingId,
                        actor: context.actor)), status: .created)
        }
        api.get("/timebank/requests") { _, context in
            guard let mine = try await service.ownAccount(of: context.account) else { return try JSONResponse.make(ItemList(items: [RequestDTO]())) }
            return try JSONResponse.make(ItemList(items: try await store.timeBank.requests(accountId: mine.id).map(RequestDTO.init)))
        }
        api.post("/timebank/requests/{id}/accept") { _, context in try await answer(context, accept: true) }
        api.post("/timebank/requests/{id}/refuse") { _, context in try await answer(context, accept: false) }
        api.get("/timebank/listings") { request, context in
            guard Permissions.can(context.actor, .useTimeBank) || Permissions.can(context.actor, .enterTimeCheques) else { throw AutourError.forbidden }
            let params = request.uri.queryParameters
            return try JSONResponse.make(
                ItemList(
                    items: try await store.timeBank.listings(
                        territoryId: context.actor.territoryId, category: params["category"].map(String.init),
                        neighbourhood: params["neighbourhood"].map(String.init)
                    ).map(ListingDTO.init)))
        }
        api.post("/timebank/listings") { request, context in
            let mine = try await service.openOwnAccount(context.account)
            let input = try await request.decodeJSON(ListingInput.self, context: context)
            return try JSONResponse.make(
                ListingDTO(
                    try await store.timeBank.publish(
                        mine, kind: input.kind, category: input.category,
                        neighbourhood: input.neighbourhood, title: input.title,
                        details: input.details ?? "")), status: .created)
        }
    }

    var service: TimeBankService { store.timeBankService }

    func id(_ context: SignedInContext) throws -> UUID {
        guard let id = context.parameters.get("id", as: UUID.self) else { throw AutourError.notFound }
        return id
    }

    func answer(_ context: SignedInContext, accept: Bool) async throws -> Response {
        guard let id = context.parameters.get("id", as: UUID.self) else { throw AutourError.notFound }
        return try JSONResponse.make(RequestDTO(try await service.answer(request: id, accept: accept, by: context.account)))
    }
}
