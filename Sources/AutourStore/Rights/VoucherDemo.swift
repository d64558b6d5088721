import AutourCore
import Foundation

/// The demo's health vouchers, after the screening (the rule reads it): three approved shops —
/// the demo partner as a pharmacy, an optician and a dentist with accounts of their own —, 30
/// vouchers to people eligible to the complémentaire santé solidaire, 10 of them taken at the
/// three shops, three issued long enough ago to have expired.
struct VoucherDemo {
    static let count = 30
    static let redeemed = 10
    static let expired = 3

    func load(_ demo: DemoContext, households: [UUID]) async throws {
        let store = demo.store
        let now = store.clock.now()
        let agent = demo.accounts[.agent]!.actor
        let coordinator = demo.accounts[.coordinator]!.actor
        func at(_ date: Date) -> VoucherService {
            VoucherService(database: store.database, people: store.people, rights: store.rights, accounts: store.accounts, clock: WallClock { date })
        }
        try await at(now).saveRule(.standard, actor: coordinator)
        var shops: [VoucherCategory: Actor] = [.pharmacy: demo.accounts[.partner]!.actor]
        try await at(now).approveShop(accountId: demo.accounts[.partner]!.id, name: "Pharmacie du Marché", categories: [.pharmacy], actor: coordinator)
        for (category, email, name) in [(VoucherCategory.optician, "optique", "Optique des Grolières"), (.dentist, "dentiste", "Cabinet dentaire du Village")] {
            let account = try await store.accounts.create(
                territoryId: demo.territory.id, email: "\(email)@demo.autour.test", name: name, roles: [.partner], password: DemoTerritory.password,
                actorId: coordinator.accountId)
            try await at(now).approveShop(accountId: account.id, name: name, categories: [category], actor: coordinator)
            shops[category] = account.actor
        }
        var eligible: [UUID] = []
        for personId in households {
            guard let screening = try await store.rights.latestScreening(personId: personId, territoryId: demo.territory.id) else { continue }
            if VoucherRule.standard.eligibility.isMet(by: screening.result) { eligible.append(personId) }
        }
        guard !eligible.isEmpty else { return }
        let categories = VoucherCategory.allCases
        var issued: [(category: VoucherCategory, code: String)] = []
        for index in 0..<Self.count {
            // The first three were issued four months ago: past their 90 days.
            let when = now.addingTimeInterval(index < Self.expired ? -120 * 86_400 : -Double(40 - index) * 86_400)
            let category = categories[index % categories.count]
            let voucher = try await at(when).issue(personId: eligible[index % eligible.count], category: category, actor: agent)
            if index >= Self.expired { issued.append((category, voucher.code)) }
        }
        for (offset, voucher) in issued.prefix(Self.redeemed).enumerated() {
            _ = try await at(now.addingTimeInterval(-Double(10 - offset) * 86_400)).redeem(code: voucher.code, actor: shops[voucher.category]!)
        }
    }
}
