import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Emerging-need alerts kept as findings")
struct EmergingAlertsTests {
    @Test(
        "the job raises an alert once; the coordinator's home shows it; it is seen, then dismissed only with a reason; pages change nothing",
        arguments: TestBackend.all)
    func alertLifecycle(backend: TestBackend) async throws {
        try await withApp(backend, seed: EnergiesWorld.make) { world, client, store in
            let territoryId = world.a.territory.id
            let api = try await APIClient.make(client, store: store, email: world.a.account(.coordinator).email)
            // Four gardening needs in Nord this week, where the past twelve weeks had none.
            for _ in 0..<4 { #expect(try await api.post("/api/v1/needs", json: EnergiesTests.gardening).status == .created) }

            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            _ = try await coordinator.get("/energies")
            _ = try await coordinator.get("/")
            #expect(try await store.alerts.list(territoryId: territoryId).isEmpty, "reading pages raises nothing")

            #expect(try await store.alerts.refresh() == 1)
            #expect(try await store.alerts.refresh() == 0, "one finding per kind, place and week")
            let alert = try #require(try await store.alerts.list(territoryId: territoryId).first)
            #expect(alert.kind == "Jardinage" && alert.neighbourhood == "Nord" && alert.count == 4)

            let home = try await coordinator.get("/")
            #expect(home.readable.contains("Besoin émergent : Jardinage à Nord"))
            let path = "/energies/alertes/\(alert.id.uuidString.lowercased())"
            #expect(home.text.contains(#"href="\#(path)""#))
            #expect(try await coordinator.get(path).status == .ok)
            #expect(try await store.alerts.find(id: alert.id, territoryId: territoryId)?.seenAt == nil, "opening the alert is not seeing it on record")

            #expect(try await coordinator.post(path + "/vue", []).status == .seeOther)
            #expect(try await store.alerts.find(id: alert.id, territoryId: territoryId)?.seenBy == world.a.account(.coordinator).id)
            try await coordinator.get(path)
            let bare = try await coordinator.post(path + "/sans-objet", [("reason", "  ")])
            #expect(bare.status == .unprocessableContent)
            #expect(bare.readable.contains("Le motif est obligatoire."))
            let dismissed = try await coordinator.post(path + "/sans-objet", [("reason", "Quatre demandes d'une même résidence, déjà suivie.")])
            #expect(dismissed.status == .seeOther)
            let decided = try #require(try await store.alerts.find(id: alert.id, territoryId: territoryId))
            #expect(decided.decision == .notRelevant && decided.reason == "Quatre demandes d'une même résidence, déjà suivie.")
            #expect(!(try await coordinator.get("/").readable.contains("Besoin émergent")), "a decided alert leaves the home page")
            try await coordinator.get(path)
            #expect(try await coordinator.post(path + "/chercher", []).status == .conflict, "decided once")
            #expect(try await coordinator.get("/energies/alertes").readable.contains("Sans objet"))

            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            #expect(try await agent.get("/energies/alertes").status == .forbidden)
            let other = Browser(client)
            try await other.logIn(world.fixtures.b.account(.coordinator).email)
            #expect(try await other.get(path).status == .notFound)
        }
    }

    @Test("deciding to find resource persons opens the need form for the alert's skill and place", arguments: TestBackend.all)
    func findResources(backend: TestBackend) async throws {
        try await withApp(backend, seed: EnergiesWorld.make) { world, client, store in
            let api = try await APIClient.make(client, store: store, email: world.a.account(.coordinator).email)
            for _ in 0..<4 { _ = try await api.post("/api/v1/needs", json: EnergiesTests.gardening) }
            try await store.alerts.refresh()
            let alert = try #require(try await store.alerts.list(territoryId: world.a.territory.id).first)
            let dashboard = try await api.get("/api/v1/energies/dashboard").json
            #expect((dashboard["alerts"] as? [[String: Any]])?.first?["id"] as? String == alert.id.uuidString)
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let path = "/energies/alertes/\(alert.id.uuidString.lowercased())"
            try await coordinator.get(path)
            let found = try await coordinator.post(path + "/chercher", [])
            #expect(found.status == .seeOther)
            #expect(found.headers[.location] == "/energies/besoins/nouveau?competence=Jardinage&quartier=Nord")
            #expect(try await store.alerts.find(id: alert.id, territoryId: world.a.territory.id)?.decision == .findResources)
        }
    }
}
