import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Two territories, a charter in A and a second watcher in A.
struct RadarWorld: Sendable {
    let fixtures: TwoTerritories
    let otherWatcher: Account

    var a: Fixture { fixtures.a }

    static func make(_ store: Store) async throws -> RadarWorld {
        let fixtures = try await TwoTerritories.make(store)
        let coordinator = fixtures.a.account(.coordinator).actor
        _ = try await store.watchers.publishCharter("Je signale avec bienveillance.\nJe garde pour moi ce que j'apprends.", actor: coordinator)
        let other = try await store.accounts.create(
            territoryId: fixtures.a.territory.id, email: "veilleuse2@alpha.test", name: "Veilleuse 2",
            roles: [.watcher], password: Fixture.password)
        return RadarWorld(fixtures: fixtures, otherWatcher: other)
    }
}

extension APIClient {
    /// Sends a signal and returns its id.
    func signal(_ json: String = #"{"kind":"isolation","urgency":"normal","personName":"Mme Blanc","address":"3 rue du Lycée","consentToContact":"yes"}"#)
        async throws -> String
    {
        let sent = try await post("/api/v1/signals", json: json)
        #expect(sent.status == .created, "\(sent.text)")
        return try #require(sent.json["id"] as? String)
    }

    func acceptCharter() async throws {
        let version = try #require(try await get("/api/v1/radar/charter").json["version"] as? Int)
        #expect(try await post("/api/v1/radar/charter/accept", json: #"{"version":\#(version)}"#).status == .ok)
    }
}

@Suite("Radar: signals from the watcher to the closing")
struct RadarSignalTests {
    @Test("a watcher sends; an agent qualifies, visits and closes; the watcher only ever sees received, taken up, closed", arguments: TestBackend.all)
    func journey(backend: TestBackend) async throws {
        try await withApp(backend, seed: RadarWorld.make) { world, client, store in
            let watcher = try await APIClient.make(client, store: store, email: world.a.account(.watcher).email)
            try await watcher.acceptCharter()
            let id = try await watcher.signal()
            let agent = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)

            func seenByWatcher() async throws -> [String: Any] { try await watcher.get("/api/v1/signals/\(id)").json }
            #expect(try await seenByWatcher()["status"] as? String == "received")
            #expect(Set(try await seenByWatcher().keys) == ["id", "kind", "createdAt", "status"])

            let queue = try #require(try await agent.get("/api/v1/signals?status=new").json["items"] as? [[String: Any]])
            #expect(queue.map { $0["id"] as? String } == [id])
            #expect(queue.first?["personName"] as? String == "Mme Blanc")

            let assigned = try await agent.post("/api/v1/signals/\(id)/assign", json: #"{"agentId":"\#(world.a.account(.agent).id)"}"#)
            #expect(assigned.json["status"] as? String == "assigned")
            #expect(try await seenByWatcher()["status"] as? String == "taken_up")

            let qualified = try await agent.post("/api/v1/signals/\(id)/qualify", json: #"{"firstName":"Jeanne","lastName":"Blanc"}"#)
            #expect(qualified.json["status"] as? String == "qualified")
            let personId = try #require(qualified.json["personId"] as? String)
            #expect(try await agent.get("/api/v1/persons/\(personId)").json["person"] != nil)

            let planned = try await agent.post(
                "/api/v1/signals/\(id)/outreach",
                json: #"{"kind":"visit","plannedFor":"2099-01-01T10:00:00Z"}"#)
            #expect(planned.status == .created)
            #expect(try await agent.get("/api/v1/signals/\(id)").json["firstContactAt"] == nil)
            #expect(try await agent.post("/api/v1/signals/\(id)/outreach", json: #"{"kind":"visit","note":"Rencontrée chez elle."}"#).status == .created)
            let detail = try await agent.get("/api/v1/signals/\(id)").json
            #expect(detail["firstContactAt"] as? String != nil)
            #expect((detail["outreach"] as? [Any])?.count == 2)

            let closed = try await agent.post("/api/v1/signals/\(id)/close", json: #"{"outcome":"supported"}"#)
            #expect(closed.json["status"] as? String == "closed")
            #expect(closed.json["outcome"] as? String == "supported")
            #expect(try await seenByWatcher()["status"] as? String == "closed")
            let mine = try #require(try await watcher.get("/api/v1/signals?status=closed").json["items"] as? [[String: Any]])
            #expect(mine.map { $0["id"] as? String } == [id])

            // A closed signal does not move any more.
            #expect(try await agent.post("/api/v1/signals/\(id)/close", json: #"{"outcome":"no_need"}"#).status == .conflict)
            #expect(try await agent.post("/api/v1/signals/\(id)/assign", json: #"{"agentId":"\#(world.a.account(.agent).id)"}"#).status == .conflict)
            #expect(try await agent.post("/api/v1/signals/\(id)/outreach", json: #"{"kind":"call"}"#).status == .conflict)

            // The file lists the signal and its export carries it; the read of the signal is audited.
            let export = try await agent.get("/api/v1/persons/\(personId)/export").json
            #expect((export["signals"] as? [[String: Any]])?.first?["id"] as? String == id)
            let trail = try await store.audit.entries(recordId: UUID(uuidString: id)!.uuidString, territoryId: world.a.territory.id)
            #expect(trail.contains { $0.action == "read" })
        }
    }

    @Test("a watcher never sees another's signal nor a file; other roles and territories are kept out", arguments: TestBackend.all)
    func visibility(backend: TestBackend) async throws {
        try await withApp(backend, seed: RadarWorld.make) { world, client, store in
            let watcher = try await APIClient.make(client, store: store, email: world.a.account(.watcher).email)
            try await watcher.acceptCharter()
            let id = try await watcher.signal()
            let other = try await APIClient.make(client, store: store, email: world.otherWatcher.email)
            #expect(try await other.get("/api/v1/signals/\(id)").status == .notFound)
            #expect(try #require(try await other.get("/api/v1/signals").json["items"] as? [Any]).isEmpty)
            #expect(try await watcher.post("/api/v1/signals/\(id)/close", json: #"{"outcome":"no_need"}"#).status == .forbidden)
            let partner = try await APIClient.make(client, store: store, email: world.a.account(.partner).email)
            #expect(try await partner.get("/api/v1/signals/\(id)").status == .notFound)
            for role in [Role.elected, .volunteer, .admin] {
                let caller = try await APIClient.make(client, store: store, email: world.a.account(role).email)
                #expect(try await caller.get("/api/v1/signals").status == .forbidden, "\(role)")
                let signal = #"{"kind":"food","urgency":"normal","personDescription":"monsieur du 3e","consentToContact":"unknown"}"#
                #expect(try await caller.post("/api/v1/signals", json: signal).status == .forbidden, "\(role)")
            }
            let stranger = try await APIClient.make(client, store: store, email: world.fixtures.b.account(.agent).email)
            #expect(try await stranger.get("/api/v1/signals/\(id)").status == .notFound)
            #expect(try await stranger.post("/api/v1/signals/\(id)/close", json: #"{"outcome":"no_need"}"#).status == .notFound)
            #expect(try #require(try await stranger.get("/api/v1/signals").json["items"] as? [Any]).isEmpty)
            // An agent of A cannot give the signal to B's agent, nor link it to B's person.
            let agent = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            let foreign = try await agent.post("/api/v1/signals/\(id)/assign", json: #"{"agentId":"\#(world.fixtures.b.account(.agent).id)"}"#)
            #expect(foreign.status == .unprocessableContent)
            let bPerson = try await stranger.post("/api/v1/persons", json: #"{"firstName":"Paul","lastName":"Brun"}"#).json["id"] as! String
            #expect(try await agent.post("/api/v1/signals/\(id)/qualify", json: #"{"personId":"\#(bPerson)"}"#).status == .unprocessableContent)
        }
    }

    @Test("bad input is refused with its fields named; the watcher must accept the charter in force, and a paused one cannot send", arguments: TestBackend.all)
    func badInputAndCharter(backend: TestBackend) async throws {
        try await withApp(backend, seed: RadarWorld.make) { world, client, store in
            let watcher = try await APIClient.make(client, store: store, email: world.a.account(.watcher).email)
            let good = #"{"kind":"food","urgency":"normal","personDescription":"monsieur du 3e","consentToContact":"unknown"}"#
            let early = try await watcher.post("/api/v1/signals", json: good)
            #expect(early.status == .unprocessableContent)
            #expect((early.json["error"] as? [String: Any])?["fields"] as? [String: String] != nil)
            try await watcher.acceptCharter()
            // A value outside the contract's lists is the decoder's 400, naming the field…
            let unknown = try await watcher.post("/api/v1/signals", json: #"{"kind":"diagnostic","urgency":"normal","consentToContact":"yes"}"#)
            #expect(unknown.status == .badRequest)
            #expect((unknown.json["error"] as? [String: Any])?["message"] as? String == "Valeur inattendue pour le champ kind.")
            // …and Core's rules name every field they refuse at once.
            let bad = try await watcher.post(
                "/api/v1/signals", json: #"{"kind":"food","urgency":"normal","consentToContact":"yes","details":"\#(String(repeating: "x", count: 501))"}"#)
            #expect(bad.status == .unprocessableContent)
            let fields = try #require((bad.json["error"] as? [String: Any])?["fields"] as? [String: String])
            #expect(Set(fields.keys) == ["personName", "details"])
            #expect(try await watcher.post("/api/v1/signals", json: #"{"kind":1}"#).status == .badRequest)
            #expect(
                try await watcher.post(
                    "/api/v1/signals", json: #"{"kind":"hospital_discharge","urgency":"normal","personName":"M. Petit","consentToContact":"yes"}"#
                )
                .status == .unprocessableContent)
            #expect(try #require(try await watcher.get("/api/v1/signals").json["items"] as? [Any]).isEmpty)

            // A new version must be accepted again; accepting an outdated one is a conflict.
            _ = try await store.watchers.publishCharter("Nouvelle version.", actor: world.a.account(.coordinator).actor)
            #expect(try await watcher.post("/api/v1/signals", json: good).status == .unprocessableContent)
            #expect(try await watcher.post("/api/v1/radar/charter/accept", json: #"{"version":1}"#).status == .conflict)
            try await watcher.acceptCharter()
            #expect(try await watcher.post("/api/v1/signals", json: good).status == .created)

            _ = try await store.watchers.setActive(false, accountId: world.a.account(.watcher).id, actor: world.a.account(.coordinator).actor)
            #expect(try await watcher.post("/api/v1/signals", json: good).status == .conflict)
            // A watcher does not report hospital discharges; partners do, without a charter.
            _ = try await store.watchers.setActive(true, accountId: world.a.account(.watcher).id, actor: world.a.account(.coordinator).actor)
            let discharge = #"{"kind":"hospital_discharge","urgency":"normal","personName":"M. Petit","consentToContact":"yes","dischargeDate":"2099-01-02"}"#
            #expect(try await watcher.post("/api/v1/signals", json: discharge).status == .unprocessableContent)
            let partner = try await APIClient.make(client, store: store, email: world.a.account(.partner).email)
            _ = try await partner.signal(
                #"{"kind":"hospital_discharge","urgency":"normal","personName":"M. Petit","consentToContact":"yes","dischargeDate":"2099-01-02"}"#)
        }
    }

    @Test(
        "in the browser: the watcher accepts the charter and sends; the agent works the signal from the queue; the watcher reads « Clos »",
        arguments: TestBackend.all)
    func browserJourney(backend: TestBackend) async throws {
        try await withApp(backend, seed: RadarWorld.make) { world, client, _ in
            let watcher = Browser(client)
            try await watcher.logIn(world.a.account(.watcher).email)
            #expect(try await watcher.get("/signaler").readable.contains("Charte des veilleurs (version 1)"))
            #expect(try await watcher.post("/signaler/charte", [("version", "1")]).status == .seeOther)
            try await watcher.get("/signaler")
            let refused = try await watcher.post("/signaler", [("kind", ""), ("urgency", "normal"), ("consentToContact", "yes")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.readable.contains(#"id="kind-error""#))
            #expect(refused.readable.contains("Donnez le nom de la personne"))
            let sent = try await watcher.post(
                "/signaler",
                [
                    ("kind", "isolation"), ("urgency", "urgent"), ("personName", "M. Roche"),
                    ("address", "8 rue du Lycée"), ("neighbourhood", "Nord"),
                    ("details", "Ne sort plus."), ("consentToContact", "yes"),
                ])
            #expect(sent.headers[.location] == "/mes-signalements?ok=1")
            #expect(try await watcher.get("/mes-signalements").readable.contains("Reçu"))

            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            let queue = try await agent.get("/signalements")
            #expect(queue.readable.contains("M. Roche"))
            #expect(queue.readable.contains("Urgent"))
            let range = try #require(queue.text.range(of: #"/signalements/[0-9a-f-]{36}"#, options: .regularExpression))
            let path = String(queue.text[range])
            try await agent.get(path)
            #expect(try await agent.post(path + "/rattacher", [("firstName", "Henri"), ("lastName", "Roche")]).status == .seeOther)
            try await agent.get(path)
            let visit = try await agent.post(path + "/contact", [("kind", "visit"), ("when", "done"), ("note", "Visite faite.")])
            #expect(visit.status == .seeOther)
            let page = try await agent.get(path)
            #expect(page.readable.contains("Rattaché à la fiche"))
            #expect(page.readable.contains("Visite faite."))
            let noOutcome = try await agent.post(path + "/clore", [("outcome", "")])
            #expect(noOutcome.status == .unprocessableContent)
            #expect(noOutcome.readable.contains(#"id="close-error""#))
            #expect(try await agent.post(path + "/clore", [("outcome", "supported")]).status == .seeOther)
            #expect(try await agent.get(path).readable.contains("Accompagnée par le CCAS"))

            #expect(try await watcher.get("/mes-signalements").readable.contains("Clos"))
            // The watcher cannot open the agent's pages.
            #expect(try await watcher.get(path).status == .forbidden)
            #expect(try await watcher.get("/signalements").status == .forbidden)
        }
    }

    @Test("in the browser, the coordinator publishes a new charter and pauses a watcher, who can no longer send", arguments: TestBackend.all)
    func watchersPage(backend: TestBackend) async throws {
        try await withApp(backend, seed: RadarWorld.make) { world, client, store in
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            #expect(try await coordinator.get("/radar/veilleurs").readable.contains("version 1 en vigueur"))
            #expect(try await coordinator.post("/radar/charte", [("text", "  ")]).status == .unprocessableContent)
            #expect(try await coordinator.post("/radar/charte", [("text", "Version deux de la charte.")]).status == .seeOther)
            #expect(try await store.watchers.currentCharter(territoryId: world.a.territory.id)?.version == 2)
            let path = "/radar/veilleurs/\(world.a.account(.watcher).id.uuidString.lowercased())"
            try await coordinator.get(path)
            let bad = try await coordinator.post(path, [("n_Nord", "on"), ("trainedOn", "2999-01-01"), ("active", "on")])
            #expect(bad.status == .unprocessableContent)
            #expect(try await coordinator.post(path, [("n_Nord", "on"), ("trainedOn", "2026-03-02")]).status == .seeOther)
            let page = try await coordinator.get("/radar/veilleurs")
            #expect(page.readable.contains("Suspendu·e"))
            #expect(page.readable.contains("02/03/2026"))
            let profile = try await store.watchers.profile(accountId: world.a.account(.watcher).id)
            #expect(profile?.neighbourhoods == ["Nord"])
            #expect(profile?.isActive == false)

            let watcher = Browser(client)
            try await watcher.logIn(world.a.account(.watcher).email)
            #expect(try await watcher.get("/signaler").readable.contains("est suspendue"))
            let api = try await APIClient.make(client, store: store, email: world.a.account(.watcher).email)
            #expect(
                try await api.post("/api/v1/signals", json: #"{"kind":"food","urgency":"normal","personName":"X","consentToContact":"yes"}"#)
                    .status == .conflict)
            // Neither a watcher nor an agent reaches the coordinator's page.
            #expect(try await watcher.get("/radar/veilleurs").status == .forbidden)
        }
    }

    @Test("two signals about one person are flagged; merging closes one as a duplicate and keeps what it knew", arguments: TestBackend.all)
    func duplicatesMerge(backend: TestBackend) async throws {
        try await withApp(backend, seed: RadarWorld.make) { world, client, store in
            let partner = try await APIClient.make(client, store: store, email: world.a.account(.partner).email)
            let first = try await partner.signal()
            let second = try await partner.signal(#"{"kind":"food","urgency":"urgent","personName":"mme blanc","consentToContact":"yes"}"#)
            let agent = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            let flagged = try await agent.get("/api/v1/signals/\(second)").json["likelyDuplicates"] as? [String]
            #expect(flagged?.map { $0.lowercased() } == [first.lowercased()])
            let browser = Browser(client)
            try await browser.logIn(world.a.account(.agent).email)
            #expect(try await browser.get("/signalements").readable.contains("Doublon probable"))
            _ = try await agent.post("/api/v1/signals/\(second)/qualify", json: #"{"firstName":"Jeanne","lastName":"Blanc"}"#)
            let merged = try await agent.post("/api/v1/signals/\(second)/close", json: #"{"outcome":"duplicate","duplicateOf":"\#(first)"}"#)
            #expect(merged.json["status"] as? String == "closed")
            #expect(merged.json["outcome"] as? String == "duplicate")
            let kept = try await agent.get("/api/v1/signals/\(first)").json
            #expect(kept["personId"] as? String != nil)
            #expect(kept["urgency"] as? String == "urgent")
            #expect(try await agent.post("/api/v1/signals/\(first)/close", json: #"{"outcome":"duplicate"}"#).status == .unprocessableContent)
            #expect(try await partner.get("/api/v1/signals/\(second)").json["status"] as? String == "closed")
        }
    }

    @Test("indicators show counts under 5 as « < 5 » to coordinators and elected members, never to watchers", arguments: TestBackend.all)
    func indicators(backend: TestBackend) async throws {
        try await withApp(backend, seed: RadarWorld.make) { world, client, store in
            let partner = try await APIClient.make(client, store: store, email: world.a.account(.partner).email)
            for _ in 0..<6 {
                _ = try await partner.signal(#"{"kind":"food","urgency":"normal","personDescription":"x","neighbourhood":"Nord","consentToContact":"yes"}"#)
            }
            _ = try await partner.signal(#"{"kind":"housing","urgency":"normal","personDescription":"y","neighbourhood":"Centre","consentToContact":"yes"}"#)
            let elected = try await APIClient.make(client, store: store, email: world.a.account(.elected).email)
            let result = try await elected.get("/api/v1/radar/indicators").json
            let places = try #require(result["byNeighbourhood"] as? [[String: String]])
            #expect(places.first { $0["neighbourhood"] == "Nord" }?["count"] == "6")
            #expect(places.first { $0["neighbourhood"] == "Centre" }?["count"] == "< 5")
            let week = try #require((result["weeks"] as? [[String: Any]])?.last)
            #expect((week["byKind"] as? [String: String])?["food"] == "6")
            #expect((week["byKind"] as? [String: String])?["housing"] == "< 5")
            #expect(result["firstContactMedianHours"] == nil || result["firstContactMedianHours"] is NSNull)
            let watcher = try await APIClient.make(client, store: store, email: world.a.account(.watcher).email)
            #expect(try await watcher.get("/api/v1/radar/indicators").status == .forbidden)
            let browser = Browser(client)
            try await browser.logIn(world.a.account(.elected).email)
            let page = try await browser.get("/radar/indicateurs")
            #expect(page.status == .ok)
            #expect(!page.readable.contains("Mme Blanc"))
        }
    }
}
