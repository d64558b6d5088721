import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// Health vouchers in pages: the coordinator's page (`/droits/bons`: the rule, the approved shops,
/// what each took this year), a person's vouchers and the issuing form (the code is shown once),
/// and the shop's phone page (`/bons`), which shows a code's value and category, never the person.
struct VoucherWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    var service: VoucherService { store.voucherService }

    struct ShopRow { let name: String, categories: String, count: Int, total: String }
    struct CountRow { let category: String, issued: Int, redeemed: Int, expired: Int }
    struct ManageBody {
        let mayManage: Bool, rule: String, eligibilities: [Option], value: String, validity: String, shops: [ShopRow], hasShops: Bool
        let partners: [Option], hasPartners: Bool, categories: [Option], counts: [CountRow], hasCounts: Bool, year: Int, errors: [String: String]
        let summary: String?, notice: String?, total: String
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/droits/bons") { request, context in
            let notices = ["regle": "Règle enregistrée.", "commerce": "Commerce agréé."]
            return try await managePage(context, notice: request.uri.queryParameters["ok"].flatMap { notices[String($0)] })
        }
        web.post("/droits/bons/regle") { request, context in
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                guard let eligibility = VoucherEligibility(rawValue: form.text("eligibility")) else {
                    throw AutourError.invalid("Choisissez la règle.", fields: ["eligibility": "Choisissez qui reçoit les bons."])
                }
                let rule = VoucherRule(
                    eligibility: eligibility, valueCents: try NumberInput.euros(form.text("value"), field: "value", maxCents: 50_000),
                    validityDays: try form.integer("validityDays", in: 1...730, unit: "jours"))
                try await service.saveRule(rule, actor: context.actor)
                return Response.redirect(to: .vouchers, ok: "regle")
            } reshow: { error in
                try await managePage(context, form: form, error: error)
            }
        }
        web.post("/droits/bons/commerces") { request, context in
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                guard let account = UUID(uuidString: form.text("account")) else {
                    throw AutourError.invalid("Choisissez le compte.", fields: ["account": "Choisissez le compte partenaire du commerce."])
                }
                try await service.approveShop(
                    accountId: account, name: form.text("name"), categories: VoucherCategory.allCases.filter { form["category.\($0.rawValue)"] != nil },
                    actor: context.actor)
                return Response.redirect(to: .vouchers, ok: "commerce")
            } reshow: { error in
                try await managePage(context, form: form, error: error)
            }
        }
        web.get("/droits/personnes/{id}/bons") { _, context in try await personPage(try context.pathID(), context: context) }
        web.post("/droits/personnes/{id}/bons") { request, context in
            let personId = try context.pathID()
            let form = try await FormData.read(request, context: context)
            guard let category = VoucherCategory(rawValue: form.text("category")) else {
                return try await personPage(personId, context: context, error: .invalid("Choisissez le type de bon."))
            }
            let issued = try await service.issue(personId: personId, category: category, actor: context.actor)
            // The code is shown on this answer only: it is not stored, and a reload must not
            // issue a second voucher, so the page says so and links back instead of redirecting.
            return try await personPage(personId, context: context, issued: issued)
        }
        web.get("/bons") { _, context in try await shopPage(context) }
        web.post("/bons/verifier") { request, context in
            let form = try await FormData.read(request, context: context)
            return try await shopAction(context, form: form) { try await service.check(code: form.text("code"), actor: context.actor) }
        }
        web.post("/bons/encaisser") { request, context in
            let form = try await FormData.read(request, context: context)
            return try await shopAction(context, form: form, redeeming: true) { try await service.redeem(code: form.text("code"), actor: context.actor) }
        }
    }

    // MARK: The coordinator's page

    func managePage(_ context: SignedInContext, form: FormData? = nil, error: AutourError? = nil, notice: String? = nil) async throws -> Response {
        let actor = context.actor
        try Permissions.require(actor, .issueVouchers)
        let mayManage = Permissions.can(actor, .manageVouchers)
        let rule = try await service.rule(territoryId: actor.territoryId)
        let year = FrenchTime.calendar.component(.year, from: clock.now())
        let totals = mayManage ? try await service.totals(year: year, actor: actor) : []
        let shops = Set(totals.map(\.shop.accountId))
        let partners = mayManage ? try await store.accounts.list(territoryId: actor.territoryId).filter { $0.roles.contains(.partner) && $0.active } : []
        let counts = try await service.counts(territoryId: actor.territoryId)
        let chosen = form?.text("eligibility") ?? rule.eligibility.rawValue
        let body = ManageBody(
            mayManage: mayManage,
            rule: "\(rule.eligibility.label) : un bon de \(FrenchMoney.text(cents: rule.valueCents)), valable \(rule.validityDays) jours.",
            eligibilities: VoucherEligibility.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == chosen) },
            value: form?.values["value"] ?? String(format: "%d,%02d", rule.valueCents / 100, rule.valueCents % 100),
            validity: form?.values["validityDays"] ?? "\(rule.validityDays)",
            shops: totals.map {
                ShopRow(
                    name: $0.shop.name, categories: $0.shop.categories.map(\.label).joined(separator: ", "), count: $0.count,
                    total: FrenchMoney.text(cents: $0.valueCents))
            }, hasShops: !totals.isEmpty,
            partners: partners.map {
                Option(value: $0.id.uuidString, label: "\($0.name) (\($0.email))\(shops.contains($0.id) ? " — déjà agréé" : "")", selected: false)
            },
            hasPartners: !partners.isEmpty,
            categories: VoucherCategory.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: form?["category.\($0.rawValue)"] != nil) },
            counts: VoucherCategory.allCases.compactMap { category in
                counts[category].map { CountRow(category: category.label, issued: $0.issued, redeemed: $0.redeemed, expired: $0.expired) }
            }, hasCounts: !counts.isEmpty, year: year, errors: error?.fields ?? [:], summary: error?.message, notice: notice,
            total: FrenchMoney.text(cents: totals.reduce(0) { $0 + $1.valueCents }))
        return renderer.page(
            "vouchers", title: "Bons santé", body: body, path: Page.vouchers.path, viewer: context, status: error == nil ? .ok : .unprocessableContent)
    }

    // MARK: A person's vouchers

    struct VoucherRow { let category: String, value: String, issued: String, expires: String, state: String }
    struct PersonBody {
        let person: String, personHref: String, action: String, eligible: Bool, reason: String, rule: String, categories: [Option]
        let vouchers: [VoucherRow], hasVouchers: Bool, code: String?, issuedLabel: String?, summary: String?
    }

    func personPage(
        _ personId: UUID, context: SignedInContext, issued: (voucher: VoucherService.Voucher, code: String)? = nil, error: AutourError? = nil
    ) async throws -> Response {
        let actor = context.actor
        try Permissions.require(actor, .issueVouchers)
        guard let person = try await store.people.find(id: personId, territoryId: actor.territoryId) else { throw AutourError.notFound }
        let eligibility = try await service.eligibility(personId: personId, actor: actor)
        let vouchers = try await service.vouchers(personId: personId, actor: actor)
        let today = FrenchTime.day(clock.now())
        let body = PersonBody(
            person: person.displayName, personHref: Page.person(personId).path, action: Page.personVouchers(personId).path,
            eligible: eligibility.eligible && person.erasedAt == nil, reason: eligibility.reason,
            rule:
                "\(eligibility.rule.eligibility.label) : \(FrenchMoney.text(cents: eligibility.rule.valueCents)) par bon, valable \(eligibility.rule.validityDays) jours.",
            categories: VoucherCategory.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: false) },
            vouchers: vouchers.map {
                VoucherRow(
                    category: $0.category.label, value: FrenchMoney.text(cents: $0.valueCents), issued: FrenchFormat.date($0.issuedAt),
                    expires: FrenchFormat.day($0.expiresOn) ?? $0.expiresOn, state: $0.state(today: today))
            }, hasVouchers: !vouchers.isEmpty, code: issued?.code,
            issuedLabel: issued.map {
                "\($0.voucher.category.label), \(FrenchMoney.text(cents: $0.voucher.valueCents)), valable jusqu'au \(FrenchFormat.day($0.voucher.expiresOn) ?? "")"
            }, summary: error?.message)
        return renderer.page(
            "vouchers_person", title: "Bons santé — \(person.displayName)", body: body, path: Page.vouchers.path, viewer: context,
            status: error == nil ? (issued == nil ? .ok : .created) : .unprocessableContent)
    }

    // MARK: The shop

    struct ShopBody {
        let approved: Bool, shop: String, categories: String, code: String, seen: String?, canTake: Bool, refusal: String?, taken: String?, count: Int,
            total: String
        let codeError: String?
    }

    func shopPage(
        _ context: SignedInContext, code: String = "", seen: VoucherService.Seen? = nil, taken: Bool = false, refusal: String? = nil,
        codeError: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        try Permissions.require(context.actor, .redeemVouchers)
        guard try await service.shop(accountId: context.actor.accountId, territoryId: context.actor.territoryId) != nil else {
            // A partner the CCAS has not approved yet learns it here, not from an error.
            let body = ShopBody(
                approved: false, shop: "", categories: "", code: "", seen: nil, canTake: false, refusal: nil, taken: nil, count: 0, total: "", codeError: nil)
            return renderer.page("vouchers_shop", title: "Bons santé", body: body, path: Page.shopVouchers.path, viewer: context)
        }
        let year = FrenchTime.calendar.component(.year, from: clock.now())
        guard let own = try await service.totals(year: year, actor: context.actor).first(where: { $0.shop.accountId == context.actor.accountId }) else {
            throw AutourError.notFound
        }
        let shop = own.shop
        let body = ShopBody(
            approved: true, shop: shop.name, categories: shop.categories.map(\.label).joined(separator: ", "), code: taken ? "" : code,
            seen: seen.map { "\($0.category.label) — \(FrenchMoney.text(cents: $0.valueCents))" }, canTake: !taken && seen != nil && seen?.refusal == nil,
            refusal: refusal ?? seen?.refusal?.message,
            taken: taken ? seen.map { "Bon accepté : \(FrenchMoney.text(cents: $0.valueCents)), \($0.category.label.lowercased())." } : nil,
            count: own.count, total: FrenchMoney.text(cents: own.valueCents), codeError: codeError)
        return renderer.page("vouchers_shop", title: "Bons santé — \(shop.name)", body: body, path: Page.shopVouchers.path, viewer: context, status: status)
    }

    func shopAction(
        _ context: SignedInContext, form: FormData, redeeming: Bool = false, _ action: () async throws -> VoucherService.Seen
    ) async throws -> Response {
        let code = form.text("code")
        do {
            let seen = try await action()
            return try await shopPage(context, code: code, seen: seen, taken: redeeming)
        } catch AutourError.invalid(_, let fields) {
            return try await shopPage(context, code: code, codeError: fields["code"], status: .unprocessableContent)
        } catch AutourError.conflict(let message) {
            // Not approved yet: the error page says so. A refused code: the shop's page says why.
            guard try await service.shop(accountId: context.actor.accountId, territoryId: context.actor.territoryId) != nil else {
                throw AutourError.conflict(message)
            }
            return try await shopPage(context, code: code, refusal: message, status: .conflict)
        }
    }
}

/// The vouchers line in a person's file.
struct VoucherPanel {
    let href: String, summary: String

    static func load(for person: Person, store: Store, actor: Actor) async throws -> VoucherPanel? {
        guard person.erasedAt == nil, Permissions.can(actor, .issueVouchers) else { return nil }
        let vouchers = try await store.voucherService.vouchers(personId: person.id, actor: actor)
        let unused = vouchers.filter { $0.redeemedAt == nil }.count
        return VoucherPanel(
            href: Page.personVouchers(person.id).path,
            summary: vouchers.isEmpty ? "Aucun bon santé." : "\(vouchers.count) bon(s) santé, dont \(unused) non utilisé(s).")
    }
}
