import AutourCore
import Foundation

/// What a module's demo data starts from: the demo territory, its accounts (one per role), its
/// inhabitants with their files, and the seed every plan derives from.
public struct DemoContext: Sendable {
    public let store: Store
    public let territory: Territory
    public let plan: DemoTerritory
    public let accounts: [Role: AutourCore.Account]
    public let inhabitants: [Person]
    public let seed: UInt64

    /// The resource persons in the order `DemoEnergies` created them, so that module plans can
    /// name them by index (the first is the demo volunteer's own profile; names repeat, and any
    /// of a name will do for the others).
    public func resourcesInPlanOrder() async throws -> [ResourcePerson] {
        let resources = try await store.energies.resources(territoryId: territory.id)
        let plan = DemoEnergies(seed: seed, neighbourhoods: self.plan.neighbourhoods)
        guard let own = try await store.energies.resource(accountId: accounts[.volunteer]!.id) else { throw AutourError.notFound }
        var pool = Dictionary(grouping: resources.filter { $0.id != own.id }, by: \.name)
        return [own] + plan.resources.dropFirst().map { input in pool[input.name]!.removeFirst() }
    }
}

/// A module's part of the demo territory, loaded after the foundation's (accounts, inhabitants,
/// directory). Modules list theirs in the web layer's module list (`AutourModule.demo`).
public protocol DemoPart: Sendable {
    func load(_ demo: DemoContext) async throws
}

/// Loads the demo territory of `DemoTerritory` into the store: the foundation here, then each
/// module's part in the order given.
public struct DemoLoader: Sendable {
    let store: Store
    let parts: [any DemoPart]

    public init(store: Store, parts: [any DemoPart]) {
        self.store = store
        self.parts = parts
    }

    /// Creates the demo territory; refuses (conflict) when it already exists.
    public func load(seed: UInt64) async throws -> (territory: Territory, plan: DemoTerritory) {
        let plan = DemoTerritory(seed: seed)
        if try await store.territories.find(slug: DemoTerritory.slug) != nil {
            throw AutourError.conflict("Le territoire de démonstration « \(DemoTerritory.slug) » existe déjà.")
        }
        let territory = try await store.territories.create(
            slug: DemoTerritory.slug, name: plan.name,
            communes: [DemoTerritory.communeCode],
            neighbourhoods: plan.neighbourhoods)
        var byRole: [Role: AutourCore.Account] = [:]
        for account in plan.accounts {
            let created = try await store.accounts.create(
                territoryId: territory.id, email: account.email, name: account.name,
                roles: account.roles, password: DemoTerritory.password,
                isSocialWorker: account.isSocialWorker)
            for role in account.roles { byRole[role] = byRole[role] ?? created }
        }
        // The demo agent records the inhabitants, as an agent would at the reception desk.
        let actor = byRole[.agent]!.actor
        var inhabitants: [Person] = []
        for inhabitant in plan.inhabitants {
            let valid = try PersonRules.validate(inhabitant.input, territory: territory, today: store.clock.now())
            let person = try await store.people.create(valid, territoryId: territory.id, actor: actor)
            inhabitants.append(person)
            for purpose in inhabitant.consents {
                _ = try await store.people.recordConsent(
                    personId: person.id, purpose: purpose, partnerName: nil, method: .oral,
                    givenBy: .person, actor: actor)
            }
            for followUp in inhabitant.followUps {
                _ = try await store.people.addFollowUp(
                    personId: person.id, kind: followUp.kind, summary: followUp.summary,
                    visibility: .team, actor: actor)
            }
        }
        let encoder = JSONEncoder()
        _ = try await store.directory.importFiles(
            [
                ("structures.json", try encoder.encode(DemoDirectory.structures)),
                ("services.json", try encoder.encode(DemoDirectory.services)),
            ],
            territoryId: territory.id)
        // The demo partner answers for the visiting association.
        try await store.referrals.linkPartner(
            accountId: byRole[.partner]!.id, structureId: DemoDirectory.partnerStructure,
            territoryId: territory.id)
        let demo = DemoContext(store: store, territory: territory, plan: plan, accounts: byRole, inhabitants: inhabitants, seed: seed)
        for part in parts { try await part.load(demo) }
        return (territory, plan)
    }
}
