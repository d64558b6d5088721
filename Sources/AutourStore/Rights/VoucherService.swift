import AutourCore
import FluentKit
import Foundation
import SQLKit

/// Health vouchers: issued by staff to people who meet the territory's rule (read from their last
/// screening), taken once at an approved shop that sees only the value and the category, and
/// totalled per shop for reimbursement. Every issue and every redemption is audited.
///
/// Taking a code is one conditional UPDATE (not yet used, not expired, of the shop's kinds) that
/// returns the row it changed: two tills typing the same code at once change one row between
/// them, on both engines, without any lock held across a round trip.
public struct VoucherService: Sendable {
    let database: AutourDatabase
    let people: PeopleRepository
    let rights: RightsRepository
    let accounts: AccountRepository
    let clock: WallClock

    public init(database: AutourDatabase, people: PeopleRepository, rights: RightsRepository, accounts: AccountRepository, clock: WallClock = .system) {
        self.database = database
        self.people = people
        self.rights = rights
        self.accounts = accounts
        self.clock = clock
    }

    var sql: any SQLDatabase { get throws { try database.sql } }

    private func trace(_ action: AuditAction, _ type: String, _ id: UUID, actor: Actor, on tx: any Database) async throws {
        try await database.trace(action, type, id.uuidString, actor: actor, at: clock.now(), on: tx)
    }

    var today: String { FrenchTime.day(clock.now()) }

    // MARK: The rule and the shops

    var settings: SettingsRepository { SettingsRepository(database: database) }

    public func rule(territoryId: UUID) async throws -> VoucherRule {
        try await settings.territorySetting("voucher_rule", territoryId: territoryId, as: VoucherRule.self) ?? .standard
    }

    public func saveRule(_ rule: VoucherRule, actor: Actor) async throws {
        try Permissions.require(actor, .manageVouchers)
        try await settings.saveTerritorySetting("voucher_rule", try rule.validated(), actor: actor, at: clock.now())
    }

    public struct Shop: Sendable, Equatable {
        public let accountId: UUID
        public let name: String
        public let categories: [VoucherCategory]
    }

    struct ShopRow: Decodable {
        let account_id: UUID, name: String, categories: String
        var shop: Shop {
            Shop(accountId: account_id, name: name, categories: categories.split(separator: ",").compactMap { VoucherCategory(rawValue: String($0)) })
        }
    }

    public func shops(territoryId: UUID) async throws -> [Shop] {
        try await sql.select().columns("account_id", "name", "categories").from("voucher_shops").where("territory_id", .equal, SQLBind(territoryId))
            .orderBy("name").all(decoding: ShopRow.self).map(\.shop)
    }

    /// The shop a partner account is approved as, if any.
    public func shop(accountId: UUID, territoryId: UUID) async throws -> Shop? {
        try await sql.select().columns("account_id", "name", "categories").from("voucher_shops").where("account_id", .equal, SQLBind(accountId))
            .where("territory_id", .equal, SQLBind(territoryId)).first(decoding: ShopRow.self)?.shop
    }

    /// Approves an active partner account of the territory as a shop for `categories`, or changes
    /// its name and categories.
    public func approveShop(accountId: UUID, name: String, categories: [VoucherCategory], actor: Actor) async throws {
        try Permissions.require(actor, .manageVouchers)
        var errors = FieldErrors()
        let name = errors.text(name, 2...120, field: "name", label: "Le nom du commerce")
        if categories.isEmpty { errors.add("categories", "Cochez au moins un type de bon accepté.") }
        try errors.throwIfAny()
        guard let account = try await accounts.find(id: accountId, territoryId: actor.territoryId) else { throw AutourError.notFound }
        guard account.roles.contains(.partner), account.active else {
            throw AutourError.invalid("Seul un compte partenaire actif peut être agréé.", fields: ["account": "Choisissez un compte partenaire actif."])
        }
        let list = VoucherCategory.allCases.filter(categories.contains).map(\.rawValue).joined(separator: ",")
        let now = clock.now()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "voucher_shops").where("account_id", .equal, SQLBind(accountId)).run()
            try await sql.insert(into: "voucher_shops").columns("account_id", "territory_id", "name", "categories", "approved_at")
                .values(SQLBind(accountId), SQLBind(actor.territoryId), SQLBind(name), SQLBind(list), SQLBind(now)).run()
            try await trace(.update, "voucher_shop", accountId, actor: actor, on: tx)
        }
    }

    // MARK: Issuing

    public struct Voucher: Sendable, Equatable {
        public let id: UUID, personId: UUID, category: VoucherCategory, valueCents: Int, issuedAt: Date, expiresOn: String
        public let redeemedAt: Date?, shopId: UUID?

        public func state(today: String) -> String { Self.state(redeemed: redeemedAt != nil, expiresOn: expiresOn, today: today) }

        static func state(redeemed: Bool, expiresOn: String, today: String) -> String {
            if redeemed { return "Utilisé" }
            return expiresOn < today ? "Expiré" : "Valable"
        }
    }

    struct VoucherRow: Decodable {
        let id: UUID, person_id: UUID, category: String, value_cents: Int, issued_at: Date, expires_on: String, redeemed_at: Date?, shop_id: UUID?
        var voucher: Voucher? {
            VoucherCategory(rawValue: category).map {
                Voucher(
                    id: id, personId: person_id, category: $0, valueCents: value_cents, issuedAt: issued_at, expiresOn: expires_on, redeemedAt: redeemed_at,
                    shopId: shop_id)
            }
        }
    }

    static let columns = ["id", "person_id", "category", "value_cents", "issued_at", "expires_on", "redeemed_at", "shop_id"]

    /// Whether the person meets the territory's rule, by their last screening; with the reason when not.
    public func eligibility(personId: UUID, actor: Actor) async throws -> (rule: VoucherRule, eligible: Bool, reason: String) {
        try Permissions.require(actor, .issueVouchers)
        let rule = try await rule(territoryId: actor.territoryId)
        guard let screening = try await rights.latestScreening(personId: personId, territoryId: actor.territoryId) else {
            return (rule, false, "Les droits de ce foyer n'ont pas encore été étudiés : la règle des bons se lit dans la dernière étude.")
        }
        let met = rule.eligibility.isMet(by: screening.result)
        return (
            rule, met,
            met ? "" : "D'après l'étude de \(screening.result.period.label), la personne ne remplit pas la règle : \(rule.eligibility.label.lowercased())."
        )
    }

    /// Issues a voucher to a live file meeting the rule; returns it with its code, shown once.
    public func issue(personId: UUID, category: VoucherCategory, actor: Actor) async throws -> (voucher: Voucher, code: String) {
        try Permissions.require(actor, .issueVouchers)
        guard let person = try await people.find(id: personId, territoryId: actor.territoryId) else { throw AutourError.notFound }
        guard person.erasedAt == nil else { throw AutourError.conflict("Cette personne a été anonymisée.") }
        let (rule, eligible, reason) = try await eligibility(personId: personId, actor: actor)
        guard eligible else { throw AutourError.conflict(reason) }
        let code = VoucherCode.generate()
        let now = clock.now()
        let expires = FrenchTime.day(FrenchTime.calendar.date(byAdding: .day, value: rule.validityDays, to: now)!)
        let voucher = Voucher(
            id: UUID(), personId: personId, category: category, valueCents: rule.valueCents, issuedAt: now, expiresOn: expires, redeemedAt: nil, shopId: nil)
        try await database.write { tx in
            try await (tx as! any SQLDatabase).insert(into: "vouchers").columns(
                "id", "territory_id", "person_id", "category", "value_cents", "code_hash", "issued_at", "issued_by", "expires_on"
            )
            .values(
                SQLBind(voucher.id), SQLBind(actor.territoryId), SQLBind(personId), SQLBind(category.rawValue), SQLBind(voucher.valueCents),
                SQLBind(VoucherCode.hash(VoucherCode.normalized(code)!)), SQLBind(now), SQLBind(actor.accountId), SQLBind(expires)
            ).run()
            try await trace(.create, "voucher", voucher.id, actor: actor, on: tx)
        }
        return (voucher, code)
    }

    public func vouchers(personId: UUID, actor: Actor) async throws -> [Voucher] {
        try Permissions.require(actor, .issueVouchers)
        return try await sql.select().columns(Self.columns).from("vouchers").where("territory_id", .equal, SQLBind(actor.territoryId))
            .where("person_id", .equal, SQLBind(personId)).orderBy("issued_at", .descending).all(decoding: VoucherRow.self).compactMap(\.voucher)
    }

    // MARK: At the shop

    /// What a shop sees of a code: its value and category, and whether it can take it. Nothing
    /// about the person.
    public struct Seen: Sendable, Equatable {
        public let category: VoucherCategory
        public let valueCents: Int
        public let expiresOn: String
        public let refusal: VoucherRefusal?
    }

    /// The shop the actor is approved as, or 403.
    func approvedShop(_ actor: Actor) async throws -> Shop {
        try Permissions.require(actor, .redeemVouchers)
        guard let shop = try await shop(accountId: actor.accountId, territoryId: actor.territoryId) else {
            throw AutourError.conflict("Ce compte n'est pas agréé pour accepter les bons santé : le CCAS doit d'abord l'agréer.")
        }
        return shop
    }

    static func invalidCode() -> AutourError {
        .invalid("Le code est à corriger.", fields: ["code": "Un code de 12 lettres et chiffres, par exemple K7PM-2XQH-9DRT."])
    }

    /// Reads a code for a shop without using it.
    public func check(code: String, actor: Actor) async throws -> Seen {
        let shop = try await approvedShop(actor)
        guard let normalized = VoucherCode.normalized(code) else { throw Self.invalidCode() }
        guard
            let row = try await sql.select().columns(Self.columns).from("vouchers").where("territory_id", .equal, SQLBind(actor.territoryId))
                .where("code_hash", .equal, SQLBind(VoucherCode.hash(normalized))).first(decoding: VoucherRow.self), let voucher = row.voucher
        else { throw AutourError.conflict(VoucherRefusal.unknown.message) }
        return Seen(category: voucher.category, valueCents: voucher.valueCents, expiresOn: voucher.expiresOn, refusal: refusal(voucher, shop: shop))
    }

    func refusal(_ voucher: Voucher, shop: Shop) -> VoucherRefusal? {
        if voucher.redeemedAt != nil { return .redeemed }
        if voucher.expiresOn < today { return .expired }
        if !shop.categories.contains(voucher.category) { return .category }
        return nil
    }

    /// Takes a code once: the conditional update changes the row only if it is still unused, not
    /// expired and of the shop's kinds; otherwise nothing changes and the reason is said (409).
    public func redeem(code: String, actor: Actor) async throws -> Seen {
        let shop = try await approvedShop(actor)
        guard let normalized = VoucherCode.normalized(code) else { throw Self.invalidCode() }
        let hash = VoucherCode.hash(normalized)
        let now = clock.now()
        let today = today
        let taken: Voucher? = try await database.write { tx in
            let sql = tx as! any SQLDatabase
            let categories = SQLBind.group(shop.categories.map(\.rawValue))
            let row = try await sql.raw(
                """
                UPDATE vouchers SET redeemed_at = \(bind: now), shop_id = \(bind: actor.accountId)
                WHERE code_hash = \(bind: hash) AND territory_id = \(bind: actor.territoryId) AND redeemed_at IS NULL
                AND expires_on >= \(bind: today) AND category IN \(categories)
                RETURNING \(unsafeRaw: Self.columns.joined(separator: ", "))
                """
            ).first(decoding: VoucherRow.self)
            guard let voucher = row?.voucher else { return nil }
            try await trace(.update, "voucher_redeemed", voucher.id, actor: actor, on: tx)
            return voucher
        }
        if let taken { return Seen(category: taken.category, valueCents: taken.valueCents, expiresOn: taken.expiresOn, refusal: nil) }
        let seen = try await check(code: code, actor: actor)
        throw AutourError.conflict((seen.refusal ?? .redeemed).message)
    }

    // MARK: Totals

    public struct ShopTotal: Sendable, Equatable {
        public let shop: Shop
        public let count: Int
        public let valueCents: Int
    }

    /// What each approved shop took in `year`, to reimburse it (the coordinator), or the shop's own.
    public func totals(year: Int, actor: Actor) async throws -> [ShopTotal] {
        let shops: [Shop]
        if Permissions.can(actor, .manageVouchers) {
            shops = try await self.shops(territoryId: actor.territoryId)
        } else {
            shops = [try await approvedShop(actor)]
        }
        struct Row: Decodable { let shop_id: UUID, n: Int, cents: Int }
        let start = FrenchTime.calendar.date(from: DateComponents(year: year, month: 1, day: 1))!
        let end = FrenchTime.calendar.date(from: DateComponents(year: year + 1, month: 1, day: 1))!
        let rows = try await sql.raw(
            """
            SELECT shop_id, COUNT(*) AS n, CAST(SUM(value_cents) AS BIGINT) AS cents FROM vouchers
            WHERE territory_id = \(bind: actor.territoryId) AND shop_id IS NOT NULL AND redeemed_at >= \(bind: start) AND redeemed_at < \(bind: end)
            GROUP BY shop_id
            """
        ).all(decoding: Row.self)
        let byShop = Dictionary(uniqueKeysWithValues: rows.map { ($0.shop_id, $0) })
        return shops.map { ShopTotal(shop: $0, count: byShop[$0.accountId]?.n ?? 0, valueCents: byShop[$0.accountId]?.cents ?? 0) }
    }

    /// Counts for the coordinator and the Observatory: issued, used, expired, per category (no person).
    public func counts(territoryId: UUID) async throws -> [VoucherCategory: (issued: Int, redeemed: Int, expired: Int)] {
        struct Row: Decodable { let category: String, redeemed_at: Date?, expires_on: String }
        let rows = try await sql.select().columns("category", "redeemed_at", "expires_on").from("vouchers")
            .where("territory_id", .equal, SQLBind(territoryId)).all(decoding: Row.self)
        var counts: [VoucherCategory: (issued: Int, redeemed: Int, expired: Int)] = [:]
        let today = today
        for row in rows {
            guard let category = VoucherCategory(rawValue: row.category) else { continue }
            var count = counts[category] ?? (0, 0, 0)
            count.issued += 1
            if row.redeemed_at != nil { count.redeemed += 1 } else if row.expires_on < today { count.expired += 1 }
            counts[category] = count
        }
        return counts
    }
}
