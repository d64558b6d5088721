import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("API conventions")
struct APITests {
    @Test("without a token, or with a wrong one, the API answers 401 with the error body", arguments: TestBackend.all)
    func unauthenticated(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { _, client, _ in
            let none = try await client.execute(uri: "/api/v1/me", method: .get)
            #expect(none.status == .unauthorized)
            let error = try #require(none.json["error"] as? [String: Any])
            #expect(error["code"] as? String == "unauthenticated")
            #expect(error["message"] is String)
            #expect(error["fields"] is [String: Any])
            let wrong = try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer aut_nope"])
            #expect(wrong.status == .unauthorized)
        }
    }

    @Test("me names the account, its roles and its territory", arguments: TestBackend.all)
    func me(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let api = try await APIClient.make(client, store: store, email: fixtures.b.account(.volunteer).email)
            let response = try await api.get("/api/v1/me")
            #expect(response.status == .ok)
            #expect(response.json["roles"] as? [String] == ["volunteer"])
            #expect((response.json["territory"] as? [String: Any])?["slug"] as? String == "beta")
            #expect(response.json["password_hash"] == nil && !response.text.contains("$2"))
        }
    }

    @Test("a role that may not act gets 403", arguments: TestBackend.all)
    func forbidden(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let watcher = try await APIClient.make(client, store: store, email: fixtures.a.account(.watcher).email)
            #expect(try await watcher.get("/api/v1/accounts").status == .forbidden)
            #expect(try await watcher.get("/api/v1/audit?recordId=x").status == .forbidden)
            let agent = try await APIClient.make(client, store: store, email: fixtures.a.account(.agent).email)
            #expect(try await agent.get("/api/v1/audit?recordId=x").status == .forbidden)
        }
    }

    @Test(
        "broken JSON or a value outside the contract is a 400 naming the field, invalid fields a 422 naming each field, a duplicate a 409",
        arguments: TestBackend.all)
    func badInput(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let admin = try await APIClient.make(client, store: store, email: fixtures.a.account(.admin).email)
            #expect(try await admin.post("/api/v1/accounts", json: #"{"email":"#).status == .badRequest)
            #expect(try await admin.post("/api/v1/accounts", json: #"{"email":1}"#).status == .badRequest)
            let invalid = try await admin.post("/api/v1/accounts", json: #"{"email":"x","name":"","roles":["agent"],"password":"short"}"#)
            #expect(invalid.status == .unprocessableContent)
            let fields = try #require((invalid.json["error"] as? [String: Any])?["fields"] as? [String: String])
            #expect(Set(fields.keys) == ["email", "name", "password"])
            let badRole = try await admin.post("/api/v1/accounts", json: #"{"email":"n@alpha.test","name":"N","roles":["mayor"],"password":"0123456789"}"#)
            #expect(badRole.status == .badRequest)
            #expect((badRole.json["error"] as? [String: Any])?["message"] as? String == "Valeur inattendue pour le champ roles.0.")
            let duplicate = try await admin.post(
                "/api/v1/accounts",
                json: #"{"email":"agent@alpha.test","name":"N","roles":["agent"],"password":"0123456789"}"#)
            #expect(duplicate.status == .conflict)
        }
    }

    @Test("a body over the size limit is a 413, not a 500", arguments: TestBackend.all)
    func tooLarge(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let admin = try await APIClient.make(client, store: store, email: fixtures.a.account(.admin).email)
            let huge = #"{"email":""# + String(repeating: "a", count: 300 * 1024) + #""}"#
            let response = try await admin.post("/api/v1/accounts", json: huge)
            #expect(response.status == .contentTooLarge)
            #expect((response.json["error"] as? [String: Any])?["code"] as? String == "payload_too_large")
        }
    }

    @Test("an unknown API route is a JSON 404, an unknown page a French 404 page", arguments: TestBackend.all)
    func notFound(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let admin = try await APIClient.make(client, store: store, email: fixtures.a.account(.admin).email)
            let api = try await admin.get("/api/v1/nothing-here")
            #expect(api.status == .notFound)
            #expect((api.json["error"] as? [String: Any])?["code"] as? String == "not_found")
            let page = try await client.execute(uri: "/nulle-part", method: .get)
            #expect(page.status == .notFound)
            #expect(page.text.contains("Page introuvable"))
            #expect(page.text.contains(#"lang="fr""#))
        }
    }

    @Test("an admin creates an account through the API, and the coordinator reads its audit trail", arguments: TestBackend.all)
    func createAndAudit(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let admin = try await APIClient.make(client, store: store, email: fixtures.a.account(.admin).email)
            let created = try await admin.post(
                "/api/v1/accounts",
                json: #"{"email":"New@Alpha.test","name":"Nouvelle","roles":["agent","watcher"],"password":"0123456789"}"#)
            #expect(created.status == .created)
            #expect(created.json["email"] as? String == "new@alpha.test")
            #expect(created.json["roles"] as? [String] == ["agent", "watcher"])
            let id = try #require(created.json["id"] as? String)
            let coordinator = try await APIClient.make(client, store: store, email: fixtures.a.account(.coordinator).email)
            let trail = try await coordinator.get("/api/v1/audit?recordId=\(id)")
            let items = try #require(trail.json["items"] as? [[String: Any]])
            #expect(items.map { $0["action"] as? String } == ["create"])
            #expect((items.first?["actorId"] as? String)?.lowercased() == fixtures.a.account(.admin).id.uuidString.lowercased())
            let missing = try await coordinator.get("/api/v1/audit")
            #expect(missing.status == .badRequest)
            #expect((missing.json["error"] as? [String: Any])?["code"] as? String == "bad_request")
            #expect(try await coordinator.get("/api/v1/audit?recordId=%20").status == .unprocessableContent)
        }
    }

    @Test("health answers, readiness follows the database, metrics are Prometheus text", arguments: TestBackend.all)
    func operations(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { _, client, store in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.text == #"{"status":"ok"}"#)
            #expect(health.headers[.setCookie] == nil, "a probe gets no CSRF cookie")
            #expect(try await client.execute(uri: "/ready", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .notFound, "metrics are not public")
            #expect(try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer wrong"]).status == .notFound)
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(testMetricsToken)"])
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            await store.database.shutdown()
            #expect(try await client.execute(uri: "/ready", method: .get).status == .serviceUnavailable)
        }
    }
}
