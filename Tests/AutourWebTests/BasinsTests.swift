import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

/// Two territories on Guéret, with the communes within 20 km imported.
@Sendable func basinsWorld(_ store: Store) async throws -> TwoTerritories {
    _ = try await store.basins.importCommunes(boundariesAround: (["23096"], 20))
    return try await TwoTerritories.make(store)
}

@Suite("Life basins")
struct BasinsTests {
    struct Answer: Decodable { let source: String; let person_id: UUID?; let answered_on: String }

    static func answers(_ store: Store) async throws -> [Answer] {
        try await (store.database.db as! any SQLDatabase).raw("SELECT source, person_id, answered_on FROM basin_answers").all(decoding: Answer.self)
    }

    @Test(
        "the questionnaire needs no account and stores no identity; a commune appears on the maps and in the API only from its fifth basin",
        arguments: TestBackend.all)
    func anonymousQuestionnaire(backend: TestBackend) async throws {
        try await withApp(backend, seed: basinsWorld) { world, client, store in
            let inhabitant = Browser(client)
            let page = try await inhabitant.get("/bassin-de-vie/alpha")
            #expect(page.status == .ok)
            #expect(page.readable.contains(#"<option value="Sainte-Feyre (23)">"#))
            #expect(try await inhabitant.get("/bassin-de-vie/inconnu").status == .notFound)

            let unknown = try await inhabitant.post("/bassin-de-vie/alpha", [("home", "Guéret (23)"), ("work_1", "Atlantide")])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.readable.contains("Commune introuvable : « Atlantide »"))
            #expect(try await Self.answers(store).isEmpty, "a refused answer stores nothing")

            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let api = try await APIClient.make(client, store: store, email: world.a.account(.coordinator).email)
            for round in 1...5 {
                try await inhabitant.get("/bassin-de-vie/alpha")
                let sent = try await inhabitant.post(
                    "/bassin-de-vie/alpha", [("home", "Guéret (23)"), ("shopping_here", "1"), ("work_1", "Ahun"), ("health_1", "23193")])
                #expect(sent.status == .seeOther)
                #expect(try await inhabitant.get("/bassin-de-vie/alpha?ok=1").readable.contains("Merci, votre réponse est enregistrée."))
                let map = try await coordinator.get("/bassins")
                #expect(map.status == .ok)
                let json = try await api.get("/api/v1/basins/territory").json
                let communes = (json["communes"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                if round < 5 {
                    #expect(!map.readable.contains("Ahun"), "round \(round): fewer than five basins name Ahun")
                    #expect(!communes.contains("Ahun"))
                } else {
                    #expect(map.readable.contains("<title>Ahun</title>"), "on the map")
                    #expect(communes.contains("Ahun") && communes.contains("Sainte-Feyre"))
                    #expect(json["addedToEPCI"] as? [String] == ["23001"], "Ahun is outside the Grand Guéret")
                }
            }
            let stored = try await Self.answers(store)
            #expect(stored.count == 5)
            #expect(stored.allSatisfy { $0.source == "questionnaire" && $0.person_id == nil && $0.answered_on.count == 10 })

            // The other territory sees none of it; roles without the maps are refused.
            let other = Browser(client)
            try await other.logIn(world.b.account(.coordinator).email)
            #expect(try await other.get("/bassins").readable.contains("0 bassin de vie recueilli"))
            for role in [Role.partner, .volunteer, .watcher] {
                let browser = Browser(client)
                try await browser.logIn(world.a.account(role).email)
                #expect(try await browser.get("/bassins").status == .forbidden, "\(role)")
            }
            let elected = Browser(client)
            try await elected.logIn(world.a.account(.elected).email)
            #expect(try await elected.get("/bassins").status == .ok)
        }
    }

    @Test(
        "an agent's entry is linked to the file only when the person agrees, and audited; a CSV import is all or nothing",
        arguments: TestBackend.all)
    func agentEntryAndImport(backend: TestBackend) async throws {
        try await withApp(backend, seed: basinsWorld) { world, client, store in
            let agentAccount = world.a.account(.agent)
            let valid = try PersonRules.validate(PersonInput(firstName: "Jeanne", lastName: "Martin"), territory: world.a.territory, today: Date())
            let person = try await store.people.create(valid, territoryId: world.a.territory.id, actor: agentAccount.actor)
            let agent = Browser(client)
            try await agent.logIn(agentAccount.email)
            #expect(try await agent.get("/personnes/\(person.id.uuidString.lowercased())").text.contains("/bassins/saisir?personne="))
            let form = try await agent.get("/bassins/saisir?personne=\(person.id.uuidString.lowercased())")
            #expect(form.readable.contains("La personne accepte que ce bassin soit rattaché à sa fiche"))
            let fields = [("person", person.id.uuidString), ("home", "23096"), ("shopping_1", "Sainte-Feyre")]
            #expect(try await agent.post("/bassins/saisir", fields).status == .seeOther)
            #expect(try await Self.answers(store).map(\.person_id) == [nil], "without the person's agreement the basin stays anonymous")
            try await agent.get("/bassins/saisir")
            #expect(try await agent.post("/bassins/saisir", fields + [("agreed", "1")]).status == .seeOther)
            #expect(try await Self.answers(store).compactMap(\.person_id) == [person.id])
            let audit = try await store.audit.entries(recordId: person.id.uuidString, territoryId: world.a.territory.id)
            #expect(audit.contains { $0.action == "create" && $0.actorId == agentAccount.id })
            #expect(try await agent.post("/bassins/import", [("csv", "reponse,usage,commune\n1,domicile,23096\n1,courses,23193\n")]).status == .forbidden)
            // The linked basin is part of what the file holds: in the subject-access export, and on
            // erasure the link goes while the basin stays counted.
            let export = try await store.people.export(personId: person.id, actor: agentAccount.actor)
            let section = try #require(export.sections.first { $0.module == "basins" })
            #expect(section.items.count == 1)
            #expect(section.items[0].details.contains { $0.label == "Courses" && $0.value == "Sainte-Feyre" })
            try await store.people.erase(personId: person.id, actor: world.a.account(.coordinator).actor)
            #expect(try await Self.answers(store).allSatisfy { $0.person_id == nil })
            #expect(try await store.basins.answerCount(territoryId: world.a.territory.id) == 2)

            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            try await coordinator.get("/bassins")
            let bad = try await coordinator.post(
                "/bassins/import", [("csv", "reponse,usage,commune\n1,domicile,23096\n1,courses,23193\n2,domicile,23096\n2,courses,99999\n")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.readable.contains("Ligne 5 : code commune « 99999 » inconnu."))
            #expect(try await Self.answers(store).count == 2, "one bad line and nothing is imported")
            let good = try await coordinator.post(
                "/bassins/import", [("csv", "reponse;usage;commune\nA;domicile;23096\nA;courses;23193\nA;santé;23001\nB;domicile;23193\nB;travail;23096\n")])
            #expect(good.status == .seeOther)
            #expect(try await coordinator.get(good.headers[.location] ?? "").readable.contains("Import réussi : 2 bassins de vie ajoutés."))
            #expect(try await Self.answers(store).filter { $0.source == "csv" }.count == 2)

            // The API: an agent's entry by INSEE codes; a malformed resolution is a 400.
            let api = try await APIClient.make(client, store: store, email: agentAccount.email)
            let created = try await api.post(
                "/api/v1/basins/answers", json: #"{"uses":[{"purpose":"home","commune":"23096"},{"purpose":"work","commune":"23001"}]}"#)
            #expect(created.status == .created)
            #expect(created.json["answers"] as? Int == 5)
            #expect(try await api.post("/api/v1/basins/answers", json: #"{"uses":[{"purpose":"work","commune":"23001"}]}"#).status == .unprocessableContent)
            #expect(try await api.get("/api/v1/basins/territory?resolution=0").status == .badRequest)
        }
    }
}

@Suite("Life basins: the questionnaire's brake")
struct BasinsLimitTests {
    @Test("one address may store 30 answers an hour to the questionnaire; the next is refused with a 429 in French, and stores nothing")
    func questionnaireIsRateLimited() async throws {
        try await withApp(.sqlite, seed: basinsWorld) { _, client, store in
            let inhabitant = Browser(client)
            // Refused answers do not count.
            try await inhabitant.get("/bassin-de-vie/alpha")
            #expect(try await inhabitant.post("/bassin-de-vie/alpha", [("home", "Atlantide")]).status == .unprocessableContent)
            for _ in 0..<LifeBasin.answersPerAddressPerHour {
                try await inhabitant.get("/bassin-de-vie/alpha")
                #expect(try await inhabitant.post("/bassin-de-vie/alpha", [("home", "23096"), ("shopping_here", "1")]).status == .seeOther)
            }
            try await inhabitant.get("/bassin-de-vie/alpha")
            let refused = try await inhabitant.post("/bassin-de-vie/alpha", [("home", "23096"), ("shopping_here", "1")])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.readable.contains("Trop de tentatives"))
            #expect(try await BasinsTests.answers(store).count == LifeBasin.answersPerAddressPerHour)
        }
    }
}
