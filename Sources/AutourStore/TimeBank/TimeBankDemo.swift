import AutourCore
import Foundation

/// The time bank's part of the demo territory.
public struct TimeBankDemo: DemoPart {
    public init() {}

    /// The time bank's demo, written through the repository with the clock set back so the ledger's
    /// chain is the one a real territory would have.
    public func load(_ demo: DemoContext) async throws {
        let (store, territory, accounts) = (demo.store, demo.territory, demo.accounts)
        let plan = DemoTimeBank(seed: demo.seed)
        let now = store.clock.now()
        func at(_ daysAgo: Double) -> Store { Store(database: store.database, clock: WallClock { now.addingTimeInterval(-daysAgo * 86400) }) }
        var members = [accounts[.volunteer]!]
        for (index, name) in DemoTimeBank.memberNames.enumerated() {
            members.append(
                try await store.accounts.create(
                    territoryId: territory.id, email: DemoTimeBank.email(index + 1), name: name,
                    roles: [.volunteer], password: DemoTerritory.password))
            // Their accounts open 95 days ago, below, as if the role had been granted then.
        }
        var ledger: [TimeAccount] = []
        for member in members { ledger.append(try await at(95).timeBank.memberAccount(of: member)) }
        for (index, exchange) in plan.exchanges.enumerated() {
            // An exchange the limits would refuse is simply not part of the story.
            _ = try? await at(exchange.daysAgo).timeBank.transfer(
                from: ledger[exchange.from].id, to: ledger[exchange.to].id, minutes: exchange.minutes,
                idempotencyKey: "demo-exchange-\(index)", description: exchange.description, territoryId: territory.id, actor: members[exchange.from].actor)
        }
        _ = try await at(3).timeBank.transfer(
            from: ledger[5].id, to: ledger[2].id, minutes: 60, idempotencyKey: "demo-cheque-1",
            description: "Chèque-temps papier n° 41", kind: "cheque", territoryId: territory.id,
            actor: accounts[.agent]!.actor, onBehalf: true)
        for offer in plan.offers {
            _ = try await store.timeBank.publish(
                ledger[offer.member], kind: offer.kind.rawValue, category: offer.category,
                neighbourhood: territory.neighbourhoods[offer.member % territory.neighbourhoods.count].name,
                title: offer.title, details: "")
        }
        // Two requests addressed to the demo volunteer, waiting for an answer.
        _ = try await at(1).timeBank.request(
            from: ledger[1], payer: ledger[0].id, minutes: 45, description: "Réparation de la poignée de porte",
            listingId: nil, actor: members[1].actor)
        _ = try await at(2).timeBank.request(
            from: ledger[4], payer: ledger[0].id, minutes: 60, description: "Conversation en espagnol",
            listingId: nil, actor: members[4].actor)
        for kind in TimeAccountKind.allCases where kind.isSystem { _ = try await store.timeBank.systemAccount(kind, territoryId: territory.id) }
    }
}
