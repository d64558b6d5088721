import AutourCore
import FluentKit
import Foundation
import SQLKit

/// The time bank's settings per territory.
public struct TimeBankSettings: Sendable, Equatable {
    public var limits: LedgerLimits
    public var requestDays: Int
    public var welcomeMinutes: Int
    public init(
        limits: LedgerLimits = LedgerLimits(), requestDays: Int = LedgerRules.defaultRequestDays,
        welcomeMinutes: Int = LedgerRules.defaultWelcomeMinutes
    ) {
        self.limits = limits
        self.requestDays = requestDays
        self.welcomeMinutes = welcomeMinutes
    }
}

final class PaymentRequestModel: Model, @unchecked Sendable {
    static let schema = "timebank_requests"
    @ID(key: .id) var id: UUID?
    @Field(key: "territory_id") var territoryId: UUID
    @Field(key: "provider_account") var providerAccount: UUID
    @Field(key: "payer_account") var payerAccount: UUID
    @Field(key: "minutes") var minutes: Int
    @Field(key: "description") var description: String
    @Field(key: "status") var status: String
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalField(key: "listing_id") var listingId: UUID?
    init() {}

    var core: PaymentRequest {
        PaymentRequest(
            id: id!, territoryId: territoryId, providerAccount: providerAccount, payerAccount: payerAccount, minutes: minutes,
            description: description, status: PaymentRequestStatus(rawValue: status) ?? .pending, createdAt: createdAt,
            listingId: listingId)
    }
}

final class ListingModel: Model, @unchecked Sendable {
    static let schema = "timebank_listings"
    @ID(key: .id) var id: UUID?
    @Field(key: "territory_id") var territoryId: UUID
    @Field(key: "account_id") var accountId: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "category") var category: String
    @OptionalField(key: "neighbourhood") var neighbourhood: String?
    @Field(key: "title") var title: String
    @Field(key: "details") var details: String
    @Field(key: "status") var status: String
    @Field(key: "created_at") var createdAt: Date
    init() {}

    var core: Listing {
        Listing(
            id: id!, territoryId: territoryId, accountId: accountId, kind: ListingKind(rawValue: kind) ?? .offer, category: category,
            neighbourhood: neighbourhood, title: title, details: details, open: status == "open", createdAt: createdAt)
    }
}

extension TimeBankRepository {
    // MARK: Payment requests

    /// The provider asks the payer for `minutes`; nothing moves until the payer accepts (or the delay passes).
    public func request(
        from provider: TimeAccount, payer: UUID, minutes: Int, description: String, listingId: UUID?,
        actor: Actor
    ) async throws -> PaymentRequest {
        guard (1...LedgerRules.maxMinutes).contains(minutes) else {
            throw AutourError.invalid("Montant invalide.", fields: ["minutes": "De 1 à \(LedgerRules.maxMinutes) minutes."])
        }
        guard payer != provider.id, try await account(id: payer, territoryId: provider.territoryId) != nil else {
            throw AutourError.invalid("Compte inconnu.", fields: ["payerAccount": "Choisissez un autre membre."])
        }
        let model = PaymentRequestModel()
        model.territoryId = provider.territoryId
        model.providerAccount = provider.id
        model.payerAccount = payer
        model.minutes = minutes
        model.description = String(description.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
        model.status = PaymentRequestStatus.pending.rawValue
        model.createdBy = actor.accountId
        model.createdAt = clock.now()
        model.listingId = listingId
        try await database.write { tx in try await model.create(on: tx) }
        return model.core
    }

    /// The payer's answer (or the delay's, when `actor` is nil). The request's state is checked
    /// and changed under a lock, in the same transaction as the transfer that accepting writes:
    /// an acceptance and a refusal arriving together cannot both succeed, and a request is never
    /// "refused" while its minutes moved.
    public func answer(_ requestId: UUID, accept: Bool, payer: TimeAccount, actor: Actor?) async throws -> PaymentRequest {
        let limits = try await limits(territoryId: payer.territoryId)
        let now = ledgerNow()
        return try await database.write { tx in
            try await database.lockRow(PaymentRequestModel.schema, id: requestId, on: tx)
            guard
                let model = try await PaymentRequestModel.query(on: tx).filter(\.$id == requestId)
                    .filter(\.$payerAccount == payer.id).first()
            else { throw AutourError.notFound }
            guard model.status == PaymentRequestStatus.pending.rawValue else { throw AutourError.conflict("Cette demande a déjà une réponse.") }
            if accept {
                let entries = try LedgerRules.payment(from: model.payerAccount, to: model.providerAccount, minutes: model.minutes)
                _ = try await record(
                    entries, key: "request-\(requestId.uuidString)",
                    fingerprint: LedgerRules.fingerprint(
                        from: model.payerAccount, to: model.providerAccount, minutes: model.minutes,
                        description: model.description),
                    description: model.description, kind: "request", territoryId: model.territoryId, actor: actor,
                    onBehalf: false, requestId: requestId, listingId: model.listingId, limits: limits, now: now, on: tx)
            }
            model.status = (accept ? PaymentRequestStatus.accepted : .refused).rawValue
            model.answeredAt = now
            try await model.save(on: tx)
            return model.core
        }
    }

    public func requests(accountId: UUID) async throws -> [PaymentRequest] {
        try await PaymentRequestModel.query(on: database.db)
            .group(.or) { $0.filter(\.$payerAccount == accountId).filter(\.$providerAccount == accountId) }
            .sort(\.$createdAt, .descending).limit(100).all().map(\.core)
    }

    /// Accepts the requests left unanswered past the delay. Run by the server's periodic job.
    public func acceptDueRequests() async throws -> Int {
        let now = clock.now()
        var accepted = 0
        for model in try await PaymentRequestModel.query(on: database.db).filter(\.$status == PaymentRequestStatus.pending.rawValue).all() {
            let days = try await settings(territoryId: model.territoryId).requestDays
            guard LedgerRules.isDue(model.core, now: now, days: days),
                let payer = try await account(id: model.payerAccount, territoryId: model.territoryId)
            else { continue }
            // A refusal by the limits (the payer's floor) leaves it pending for the coordinator to see.
            if (try? await answer(model.id!, accept: true, payer: payer, actor: nil)) != nil { accepted += 1 }
        }
        return accepted
    }

    // MARK: The board

    public func publish(
        _ account: TimeAccount, kind: String, category: String, neighbourhood: String?, title: String,
        details: String
    ) async throws -> Listing {
        let (k, c, t, d) = try LedgerRules.validateListing(kind: kind, category: category, title: title, details: details)
        let model = ListingModel()
        model.territoryId = account.territoryId
        model.accountId = account.id
        model.kind = k.rawValue
        model.category = c
        model.neighbourhood = neighbourhood?.nilIfBlankStore
        model.title = t
        model.details = d
        model.status = "open"
        model.createdAt = clock.now()
        try await database.write { tx in try await model.create(on: tx) }
        return model.core
    }

    public func listings(territoryId: UUID, category: String? = nil, neighbourhood: String? = nil) async throws -> [Listing] {
        var query = ListingModel.query(on: try database.db).filter(\.$territoryId == territoryId).filter(\.$status == "open")
        if let category { query = query.filter(\.$category == category) }
        if let neighbourhood { query = query.filter(\.$neighbourhood == neighbourhood) }
        return try await query.sort(\.$createdAt, .descending).limit(200).all().map(\.core)
    }

    public func listing(id: UUID, territoryId: UUID) async throws -> Listing? {
        try await ListingModel.query(on: database.db).filter(\.$id == id).filter(\.$territoryId == territoryId).first()?.core
    }

    /// Exchanges per kind of transfer and the minutes moved, institutional accounts included.
    public func statistics(territoryId: UUID) async throws -> [(kind: String, transfers: Int, minutes: Int)] {
        struct Row: Decodable { let kind: String; let transfers: Int; let minutes: Int64? }
        let sql = try database.db as! any SQLDatabase
        let rows = try await sql.raw(
            """
            SELECT t.kind AS kind, COUNT(DISTINCT t.id) AS transfers, CAST(SUM(CASE WHEN e.minutes > 0 THEN e.minutes ELSE 0 END) AS BIGINT) AS minutes
            FROM timebank_transfers t JOIN timebank_entries e ON e.transfer_id = t.id
            WHERE t.territory_id = \(bind: territoryId) GROUP BY t.kind ORDER BY t.kind
            """
        ).all(decoding: Row.self)
        return rows.map { ($0.kind, $0.transfers, Int($0.minutes ?? 0)) }
    }
}

extension String {
    var nilIfBlankStore: String? { trimmingCharacters(in: .whitespaces).isEmpty ? nil : self }
}
