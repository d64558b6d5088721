import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Rights: health vouchers issued by rule, redeemed once at approved shops")
struct VoucherTests {
    /// Nadia's last screening says she is eligible to the CSS (the standard rule); the partner
    /// account of territory A is approved as a pharmacy.
    static func make(_ store: Store) async throws -> RightsWorld {
        let world = try await RightsWorld.make(store)
        let css = BenefitResult(benefit: .css, monthlyCents: 0, eligible: true)
        _ = try await store.rights.recordScreening(
            personId: world.nadia, result: ScreeningResult(period: YearMonth("2026-10")!, benefits: [css]), findings: [],
            actor: world.a.account(.agent).actor)
        try await store.voucherService.approveShop(
            accountId: world.a.account(.partner).id, name: "Pharmacie du Marché", categories: [.pharmacy], actor: world.a.account(.coordinator).actor)
        return world
    }

    static func code(in page: String) throws -> String {
        String(try #require(page.firstMatch(of: /class="voucher-code">([0-9A-Z-]+)</)).output.1)
    }

    @Test("a voucher is issued by rule with its code shown once, and a shop sees only its value and category and takes it once", arguments: TestBackend.all)
    func issueAndRedeem(backend: TestBackend) async throws {
        try await withApp(backend, seed: Self.make) { world, client, store in
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            let before = try await agent.get(Page.personVouchers(world.nadia).path)
            #expect(before.text.contains("Remettre un bon"))
            let issued = try await agent.post(Page.personVouchers(world.nadia).path, [("category", "pharmacy")])
            #expect(issued.status == .created)
            let code = try Self.code(in: issued.text)
            #expect(try await agent.get(Page.personVouchers(world.nadia).path).text.contains(code) == false, "the code is shown once")
            let issuedId = try #require(try await store.voucherService.vouchers(personId: world.nadia, actor: world.a.account(.agent).actor).first).id
            #expect(try await store.audit.entries(recordId: issuedId.uuidString, territoryId: world.a.territory.id).map(\.action) == ["create"])

            let shop = Browser(client)
            try await shop.logIn(world.a.account(.partner).email)
            try await shop.get(Page.shopVouchers.path)
            let seen = try await shop.post("/bons/verifier", [("code", code.lowercased().replacingOccurrences(of: "-", with: " "))])
            #expect(seen.status == .ok && seen.text.contains("Pharmacie — 30,00 €") && seen.text.contains("Accepter ce bon"))
            #expect(!seen.text.contains("Nadia") && !seen.text.contains("Benali"), "the shop never sees the person")
            let taken = try await shop.post("/bons/encaisser", [("code", code)])
            #expect(taken.status == .ok && taken.text.contains("Bon accepté : 30,00 €"))
            let again = try await shop.post("/bons/encaisser", [("code", code)])
            #expect(again.status == .conflict && again.text.contains("déjà été utilisé"))
            #expect(try await shop.post("/bons/verifier", [("code", "ABCD-EFGH-JKMN")]).status == .conflict)
            #expect(try await shop.post("/bons/verifier", [("code", "12")]).status == .unprocessableContent)
            #expect(try await store.audit.entries(recordId: issuedId.uuidString, territoryId: world.a.territory.id).map(\.action) == ["create", "update"])
            #expect(try await shop.get(Page.shopVouchers.path).text.contains("1 bon(s), 30,00 €"))

            // The coordinator's totals per shop, for reimbursement.
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let manage = try await coordinator.get(Page.vouchers.path).text
            #expect(manage.contains("Pharmacie du Marché") && manage.contains("30,00 €"))
            #expect(try await agent.get(Page.personVouchers(world.nadia).path).text.contains("Utilisé"))
        }
    }

    @Test("expired, other-kind and other-territory codes are refused, and only staff issue to people who meet the rule", arguments: TestBackend.all)
    func refusals(backend: TestBackend) async throws {
        let clock = ManualClock(Date())
        try await withApp(backend, clock: clock.wallClock, seed: Self.make) { world, client, store in
            let service = store.voucherService
            let agent = world.a.account(.agent).actor
            let shop = world.a.account(.partner).actor
            let dentist = try await service.issue(personId: world.nadia, category: .dentist, actor: agent)
            await #expect(throws: AutourError.conflict(VoucherRefusal.category.message)) { try await service.redeem(code: dentist.code, actor: shop) }
            let old = try await service.issue(personId: world.nadia, category: .pharmacy, actor: agent)
            clock.advance(by: 91 * 86_400)
            await #expect(throws: AutourError.conflict(VoucherRefusal.expired.message)) { try await service.redeem(code: old.code, actor: shop) }
            await #expect(throws: AutourError.forbidden) { try await service.issue(personId: world.nadia, category: .pharmacy, actor: shop) }
            await #expect(throws: AutourError.forbidden) { try await service.redeem(code: old.code, actor: agent) }
            await #expect(throws: AutourError.forbidden) {
                try await service.approveShop(accountId: world.a.account(.partner).id, name: "X", categories: [.dentist], actor: agent)
            }
            // Karim has no screening: the rule cannot be read, nothing is issued.
            let nadia = try #require(try await store.people.find(id: world.nadia, territoryId: world.a.territory.id))
            let karim = try #require(try await store.people.householdMembers(of: nadia).first).id
            await #expect(throws: AutourError.self) { try await service.issue(personId: karim, category: .pharmacy, actor: agent) }

            // A shop of territory B: A's code does not exist for it.
            let b = try await Fixture.make(store, slug: "gamma")
            try await service.approveShop(accountId: b.account(.partner).id, name: "Pharmacie B", categories: [.pharmacy], actor: b.account(.coordinator).actor)
            let fresh = try await service.issue(personId: world.nadia, category: .pharmacy, actor: agent)
            await #expect(throws: AutourError.conflict(VoucherRefusal.unknown.message)) {
                try await service.redeem(code: fresh.code, actor: b.account(.partner).actor)
            }
            // An unapproved partner's page says so instead of failing.
            let unapproved = Browser(client)
            let c = try await Fixture.make(store, slug: "delta")
            try await unapproved.logIn(c.account(.partner).email)
            let page = try await unapproved.get(Page.shopVouchers.path)
            #expect(page.status == .ok && page.text.contains("pas encore agréé"))
        }
    }

    @Test("twenty tills typing the same code at once: exactly one takes it", arguments: TestBackend.all)
    func parallelRedemptions(backend: TestBackend) async throws {
        try await withApp(backend, seed: Self.make) { world, _, store in
            let service = store.voucherService
            let issued = try await service.issue(personId: world.nadia, category: .pharmacy, actor: world.a.account(.agent).actor)
            let shop = world.a.account(.partner).actor
            let taken = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 { group.addTask { (try? await service.redeem(code: issued.code, actor: shop)) != nil } }
                return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(taken == 1)
            let totals = try await service.totals(year: FrenchTime.calendar.component(.year, from: Date()), actor: world.a.account(.coordinator).actor)
            #expect(totals.map(\.count) == [1] && totals.map(\.valueCents) == [3_000], "one voucher to reimburse, not twenty")
            let entries = try await store.audit.entries(recordId: issued.voucher.id.uuidString, territoryId: world.a.territory.id)
            #expect(entries.filter { $0.recordType == "voucher_redeemed" }.count == 1)
        }
    }

    @Test("the API issues a voucher with its code once and a shop takes it once", arguments: TestBackend.all)
    func api(backend: TestBackend) async throws {
        try await withApp(backend, seed: Self.make) { world, client, store in
            let agent = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            let issued = try await agent.post("/api/v1/rights/households/\(world.nadia)/vouchers", json: #"{"category":"pharmacy"}"#)
            #expect(issued.status == .created && issued.json["value"] as? Double == 30)
            let code = try #require(issued.json["code"] as? String)
            #expect(try await agent.post("/api/v1/vouchers/redemptions", json: #"{"code":"\#(code)"}"#).status == .forbidden)
            let shop = try await APIClient.make(client, store: store, email: world.a.account(.partner).email)
            let taken = try await shop.post("/api/v1/vouchers/redemptions", json: #"{"code":"\#(code)"}"#)
            #expect(taken.status == .ok && taken.json["category"] as? String == "pharmacy" && taken.json["value"] as? Double == 30)
            #expect(taken.json.keys.sorted() == ["category", "value"], "nothing about the person")
            let again = try await shop.post("/api/v1/vouchers/redemptions", json: #"{"code":"\#(code)"}"#)
            #expect(again.status == .conflict)
        }
    }
}
