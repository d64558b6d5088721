import AutourCore
import Foundation

/// Loads the demo territory of `DemoTerritory` into the store. Modules add their demo data here.
public struct DemoLoader: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// Creates the demo territory; refuses (conflict) when it already exists.
    public func load(seed: UInt64) async throws -> (territory: Territory, plan: DemoTerritory) {
        let plan = DemoTerritory(seed: seed)
        if try await store.territories.find(slug: DemoTerritory.slug) != nil {
            throw AutourError.conflict("Le territoire de démonstration « \(DemoTerritory.slug) » existe déjà.")
        }
        let territory = try await store.territories.create(slug: DemoTerritory.slug, name: plan.name,
                                                           communes: [DemoTerritory.communeCode],
                                                           neighbourhoods: plan.neighbourhoods)
        for account in plan.accounts {
            _ = try await store.accounts.create(territoryId: territory.id, email: account.email, name: account.name,
                                                roles: account.roles, password: DemoTerritory.password,
                                                isSocialWorker: account.isSocialWorker)
        }
        return (territory, plan)
    }
}
