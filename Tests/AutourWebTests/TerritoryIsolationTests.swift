import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Route by route: nothing of territory B is visible or writable from territory A.
@Suite("Territories never mix")
struct TerritoryIsolationTests {
    @Test("an account of another territory answers 404 on every API route that takes an id", arguments: TestBackend.all)
    func apiRoutes(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let adminA = try await APIClient.make(client, store: store, email: fixtures.a.account(.admin).email)
            let victim = fixtures.b.account(.agent).id
            let read = try await adminA.get("/api/v1/accounts/\(victim)")
            #expect(read.status == .notFound)
            let write = try await adminA.post("/api/v1/accounts/\(victim)/deactivate", json: "{}")
            #expect(write.status == .notFound)
            #expect(try await store.accounts.find(id: victim, territoryId: fixtures.b.territory.id)?.active == true)
            // The same admin does reach an account of their own territory, and that read is traced.
            let own = fixtures.a.account(.agent).id
            #expect(try await adminA.get("/api/v1/accounts/\(own)").status == .ok)
            let trail = try await store.audit.entries(recordId: own.uuidString, territoryId: fixtures.a.territory.id)
            #expect(trail.last?.action == "read")
            #expect(trail.last?.actorId == fixtures.a.account(.admin).id)
        }
    }

    @Test("lists show only the caller's territory", arguments: TestBackend.all)
    func lists(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let adminA = try await APIClient.make(client, store: store, email: fixtures.a.account(.admin).email)
            let items = try #require(try await adminA.get("/api/v1/accounts").json["items"] as? [[String: Any]])
            #expect(items.count == Role.allCases.count)
            #expect(items.allSatisfy { ($0["email"] as? String)?.hasSuffix("@alpha.test") == true })
        }
    }

    @Test("the audit trail of a record of another territory is empty", arguments: TestBackend.all)
    func audit(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let coordinatorA = try await APIClient.make(client, store: store, email: fixtures.a.account(.coordinator).email)
            let recordOfB = fixtures.b.account(.agent).id.uuidString
            let items = try #require(try await coordinatorA.get("/api/v1/audit?recordId=\(recordOfB)").json["items"] as? [Any])
            #expect(items.isEmpty)
        }
    }

    @Test("the web page cannot deactivate an account of another territory", arguments: TestBackend.all)
    func webRoutes(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let browser = Browser(client)
            try await browser.logIn(fixtures.a.account(.admin).email)
            let page = try await browser.get("/admin/comptes")
            #expect(!page.text.contains("@beta.test"))
            let victim = fixtures.b.account(.agent).id
            let response = try await browser.post("/admin/comptes/\(victim)/desactiver", [])
            #expect(response.status == .notFound)
            #expect(try await store.accounts.find(id: victim, territoryId: fixtures.b.territory.id)?.active == true)
        }
    }
}
