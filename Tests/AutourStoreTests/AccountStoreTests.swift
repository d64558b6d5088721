import AutourCore
import AutourStore
import AutourTesting
import Foundation
import Testing

@Suite("Territories and accounts in the store")
struct AccountStoreTests {
    @Test("a second territory with the same slug is refused as a conflict", arguments: TestBackend.all)
    func slugUnique(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            _ = try await store.territories.create(slug: "gueret", name: "CCAS de Guéret", communes: ["23096"], neighbourhoods: ["Centre"])
            await #expect(throws: AutourError.conflict("Un territoire « gueret » existe déjà.")) {
                _ = try await store.territories.create(slug: "gueret", name: "Autre", communes: [])
            }
            let found = try await #require(try await store.territories.find(slug: "gueret"))
            #expect(found.communes == ["23096"])
            #expect(found.neighbourhoods.map(\.name) == ["Centre"])
        }
    }

    @Test("an e-mail has one account across the whole instance, whatever its case", arguments: TestBackend.all)
    func emailUnique(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let a = try await Fixture.make(store, slug: "aa")
            let b = try await Fixture.make(store, slug: "bb")
            await #expect(throws: AutourError.self) {
                _ = try await store.accounts.create(
                    territoryId: b.territory.id, email: "ADMIN@aa.test", name: "X",
                    roles: [.admin], password: "0123456789")
            }
            #expect(try await store.accounts.find(email: "Admin@AA.test")?.id == a.account(.admin).id)
        }
    }

    @Test("five wrong passwords lock the account, even against the right one, until the lock ends", arguments: TestBackend.all)
    func lockout(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await withTestStore(backend, clock: clock.wallClock) { store in
            _ = try await Fixture.make(store, slug: "lock")
            let email = "agent@lock.test"
            for _ in 1...5 { #expect(try await store.accounts.authenticate(email: email, password: "wrong-password") == .invalid) }
            // Locked: the right password answers exactly like a wrong one.
            #expect(try await store.accounts.authenticate(email: email, password: Fixture.password) == .invalid)
            clock.advance(by: 15 * 60 + 1)
            guard case .success = try await store.accounts.authenticate(email: email, password: Fixture.password) else {
                Issue.record("still locked after fifteen minutes"); return
            }
        }
    }

    @Test("a session expires, and a deactivated account's sessions end", arguments: TestBackend.all)
    func sessions(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await withTestStore(backend, clock: clock.wallClock) { store in
            let fixture = try await Fixture.make(store, slug: "sess")
            let agent = fixture.account(.agent)
            let token = try await store.accounts.openSession(accountId: agent.id)
            #expect(try await store.accounts.account(forSession: token)?.id == agent.id)
            clock.advance(by: 8 * 3600 + 1)
            #expect(try await store.accounts.account(forSession: token) == nil)

            let second = try await store.accounts.openSession(accountId: agent.id)
            try await store.accounts.setActive(
                false, accountId: agent.id, territoryId: fixture.territory.id,
                actorId: fixture.account(.admin).id)
            #expect(try await store.accounts.account(forSession: second) == nil)
            #expect(try await store.accounts.authenticate(email: agent.email, password: Fixture.password) == .invalid)
        }
    }

    @Test("an API token works until it is revoked, and only its digest is stored", arguments: TestBackend.all)
    func tokens(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let fixture = try await Fixture.make(store, slug: "tok")
            let token = try await store.accounts.issueToken(email: "partner@tok.test")
            #expect(try await store.accounts.account(forToken: token)?.id == fixture.account(.partner).id)
            #expect(try await store.accounts.account(forToken: token + "x") == nil)
            #expect(try await store.accounts.revokeTokens(email: "partner@tok.test") == 1)
            #expect(try await store.accounts.account(forToken: token) == nil)
        }
    }

    @Test("an account is found only inside its own territory", arguments: TestBackend.all)
    func scopedLookup(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let a = try await Fixture.make(store, slug: "ta")
            let b = try await Fixture.make(store, slug: "tb")
            #expect(try await store.accounts.find(id: a.account(.agent).id, territoryId: b.territory.id) == nil)
            #expect(try await store.accounts.list(territoryId: b.territory.id).allSatisfy { $0.territoryId == b.territory.id })
        }
    }

    @Test("the demo territory loads once and refuses a second time", arguments: TestBackend.all)
    func demo(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let (territory, plan) = try await DemoLoader(store: store, parts: [RadarDemo(), EnergiesDemo(), TimeBankDemo()]).load(seed: 3)
            #expect(territory.neighbourhoods.count == plan.neighbourhoods.count)
            // One account per role, and the time bank's demo members.
            #expect(try await store.accounts.list(territoryId: territory.id).count == Role.allCases.count + DemoTimeBank.memberNames.count)
            #expect(try await store.timeBank.verify().isIntact)
            let registered = DemoRadar(seed: 3, neighbourhoods: plan.neighbourhoods).register.count
            #expect(try await store.people.count(territoryId: territory.id) == plan.inhabitants.count + registered)
            #expect(plan.inhabitants.count == 30)
            guard case .success = try await store.accounts.authenticate(email: "watcher@demo.autour.test", password: DemoTerritory.password)
            else { Issue.record("demo login failed"); return }
            await #expect(throws: AutourError.self) {
                _ = try await DemoLoader(store: store, parts: [RadarDemo(), EnergiesDemo(), TimeBankDemo()]).load(seed: 3)
            }
        }
    }
}
