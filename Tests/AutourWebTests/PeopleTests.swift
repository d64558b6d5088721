import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("People: the shared case file")
struct PeopleTests {
    static let marie =
        #"{"firstName":"Hélène","lastName":"Dupré","birthDate":"1938-04-12","address":"4 rue de l'Écluse","neighbourhood":"Centre","phone":"05 55 12 34 56","flags":["lives_alone","over_75"]}"#

    func create(_ api: APIClient, _ json: String = marie) async throws -> String {
        let response = try await api.post("/api/v1/persons", json: json)
        #expect(response.status == .created)
        return try #require(response.json["id"] as? String)
    }

    @Test("an agent creates a person, finds them without accents, and every opening of the file is audited", arguments: TestBackend.all)
    func createFindOpen(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let agent = try await APIClient.make(client, store: store, email: fixtures.a.account(.agent).email)
            let id = try await create(agent)
            for query in ["helene dupre", "DUPRÉ", "ecluse", "0555 12", "Dupré Hélène"] {
                let found = try #require(
                    try await agent.get("/api/v1/persons?q=\(query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
                        .json["items"] as? [[String: Any]])
                #expect(found.map { $0["id"] as? String } == [id], "query \(query)")
            }
            let file = try await agent.get("/api/v1/persons/\(id)")
            #expect(file.status == .ok)
            #expect((file.json["person"] as? [String: Any])?["neighbourhood"] as? String == "Centre")
            let coordinator = try await APIClient.make(client, store: store, email: fixtures.a.account(.coordinator).email)
            let trail = try #require(try await coordinator.get("/api/v1/audit?recordId=\(id)").json["items"] as? [[String: Any]])
            #expect(trail.map { $0["action"] as? String } == ["create", "read"])
            #expect(trail.last?["actorId"] as? String == fixtures.a.account(.agent).id.uuidString)
        }
    }

    @Test("another territory's agent gets 404, an elected official, a watcher and a volunteer 403", arguments: TestBackend.all)
    func whoMayRead(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let agent = try await APIClient.make(client, store: store, email: fixtures.a.account(.agent).email)
            let id = try await create(agent)
            let stranger = try await APIClient.make(client, store: store, email: fixtures.b.account(.agent).email)
            for path in ["/api/v1/persons/\(id)", "/api/v1/persons/\(id)/export"] {
                #expect(try await stranger.get(path).status == .notFound, "\(path)")
            }
            #expect(try await stranger.post("/api/v1/persons/\(id)/follow-ups", json: #"{"kind":"reception","summary":"x"}"#).status == .notFound)
            #expect(try await stranger.post("/api/v1/persons/\(id)/erase", json: "{}").status == .forbidden)
            let strangerCoordinator = try await APIClient.make(client, store: store, email: fixtures.b.account(.coordinator).email)
            #expect(try await strangerCoordinator.post("/api/v1/persons/\(id)/erase", json: "{}").status == .notFound)
            #expect(try #require(try await stranger.get("/api/v1/persons?q=dupre").json["items"] as? [Any]).isEmpty)
            for role in [Role.elected, .watcher, .volunteer, .partner, .admin] {
                let caller = try await APIClient.make(client, store: store, email: fixtures.a.account(role).email)
                #expect(try await caller.get("/api/v1/persons/\(id)").status == .forbidden, "\(role)")
                #expect(try await caller.get("/api/v1/persons?q=dupre").status == .forbidden, "\(role)")
            }
        }
    }

    @Test("a likely duplicate is reported when the file is created", arguments: TestBackend.all)
    func duplicates(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let agent = try await APIClient.make(client, store: store, email: fixtures.a.account(.agent).email)
            let first = try await create(agent)
            let second = try await agent.post("/api/v1/persons", json: #"{"firstName":"Helene","lastName":"DUPRE","birthDate":"1938-04-12"}"#)
            #expect(second.status == .created)
            let duplicates = try #require(second.json["possibleDuplicates"] as? [[String: Any]])
            #expect(duplicates.map { $0["id"] as? String } == [first])
        }
    }

    @Test("invalid fields are a 422 naming each field", arguments: TestBackend.all)
    func invalid(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let agent = try await APIClient.make(client, store: store, email: fixtures.a.account(.agent).email)
            let response = try await agent.post(
                "/api/v1/persons", json: #"{"firstName":"","lastName":"X","birthDate":"2090-01-01","neighbourhood":"Atlantide"}"#)
            #expect(response.status == .unprocessableContent)
            let fields = try #require((response.json["error"] as? [String: Any])?["fields"] as? [String: String])
            #expect(Set(fields.keys) == ["firstName", "birthDate", "neighbourhood"])
            #expect(try await store.people.count(territoryId: fixtures.a.territory.id) == 0)
        }
    }

    /// A file written by the agent (a social worker in the fixture; the coordinator is not) with
    /// one note of each visibility: "Visite faite" for the team, "Penser au colis" private,
    /// "Sortie d'hôpital" sensitive. Returns the agent, the coordinator and the file's id.
    func fileWithThreeNotes(_ fixtures: TwoTerritories, _ client: any TestClientProtocol, _ store: Store) async throws
        -> (agent: APIClient, coordinator: APIClient, id: String)
    {
        let agent = try await APIClient.make(client, store: store, email: fixtures.a.account(.agent).email)
        let coordinator = try await APIClient.make(client, store: store, email: fixtures.a.account(.coordinator).email)
        let id = try await create(agent)
        for (visibility, summary) in [("team", "Visite faite"), ("private", "Penser au colis"), ("sensitive", "Sortie d'hôpital")] {
            #expect(
                try await agent.post(
                    "/api/v1/persons/\(id)/follow-ups",
                    json: #"{"kind":"home_visit","summary":"\#(summary)","visibility":"\#(visibility)"}"#
                ).status == .created)
        }
        return (agent, coordinator, id)
    }

    @Test("a private note is read by its author only, a health note by social workers only", arguments: TestBackend.all)
    func noteVisibility(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let (agent, coordinator, id) = try await fileWithThreeNotes(fixtures, client, store)
            #expect(
                try await coordinator.post(
                    "/api/v1/persons/\(id)/follow-ups",
                    json: #"{"kind":"home_visit","summary":"x","visibility":"sensitive"}"#
                ).status == .unprocessableContent)
            func summaries(_ api: APIClient) async throws -> Set<String> {
                let file = try await api.get("/api/v1/persons/\(id)")
                return Set(try #require(file.json["followUps"] as? [[String: Any]]).compactMap { $0["summary"] as? String })
            }
            #expect(try await summaries(agent) == ["Visite faite", "Penser au colis", "Sortie d'hôpital"])
            #expect(try await summaries(coordinator) == ["Visite faite"])
        }
    }

    @Test("consents are recorded by purpose and withdrawn; sharing needs a named partner", arguments: TestBackend.all)
    func consents(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let agent = try await APIClient.make(client, store: store, email: fixtures.a.account(.agent).email)
            let id = try await create(agent)
            let noPartner = try await agent.post("/api/v1/persons/\(id)/consents", json: #"{"purpose":"partner_sharing","method":"paper"}"#)
            #expect(noPartner.status == .unprocessableContent)
            let given = try await agent.post("/api/v1/persons/\(id)/consents", json: #"{"purpose":"heatwave_register","method":"oral","givenBy":"relative"}"#)
            #expect(given.status == .created)
            #expect(given.json["active"] as? Bool == true)
            let consentId = try #require(given.json["id"] as? String)
            let withdrawn = try await agent.post("/api/v1/persons/\(id)/consents/\(consentId)/withdraw", json: "{}")
            #expect(withdrawn.json["active"] as? Bool == false)
            #expect(try await agent.post("/api/v1/persons/\(id)/consents/\(consentId)/withdraw", json: "{}").status == .conflict)
        }
    }

    @Test("the export holds everything, including who opened the file and the export itself", arguments: TestBackend.all)
    func export(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let agent = try await APIClient.make(client, store: store, email: fixtures.a.account(.agent).email)
            let id = try await create(agent)
            _ = try await agent.get("/api/v1/persons/\(id)")
            _ = try await agent.post("/api/v1/persons/\(id)/consents", json: #"{"purpose":"time_bank","method":"online"}"#)
            _ = try await agent.post("/api/v1/persons/\(id)/follow-ups", json: #"{"kind":"phone_call","summary":"Appel de courtoisie"}"#)
            let export = try await agent.get("/api/v1/persons/\(id)/export")
            #expect(export.status == .ok)
            #expect((export.json["person"] as? [String: Any])?["lastName"] as? String == "Dupré")
            #expect((export.json["consents"] as? [Any])?.count == 1)
            #expect((export.json["followUps"] as? [[String: Any]])?.first?["summary"] as? String == "Appel de courtoisie")
            let actions = try #require(export.json["accesses"] as? [[String: Any]]).compactMap { $0["action"] as? String }
            #expect(actions == ["create", "read", "update", "update", "export"])
        }
    }

    @Test("after erasure no identifying data remains, yet the person still counts", arguments: TestBackend.all)
    func erase(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let agent = try await APIClient.make(client, store: store, email: fixtures.a.account(.agent).email)
            let coordinator = try await APIClient.make(client, store: store, email: fixtures.a.account(.coordinator).email)
            let id = try await create(agent)
            _ = try await agent.post("/api/v1/persons/\(id)/follow-ups", json: #"{"kind":"home_visit","summary":"Mme Dupré, 4 rue de l'Écluse"}"#)
            _ = try await agent.post(
                "/api/v1/persons/\(id)/consents", json: #"{"purpose":"partner_sharing","method":"paper","partnerName":"Épicerie solidaire"}"#)
            #expect(try await agent.post("/api/v1/persons/\(id)/erase", json: "{}").status == .forbidden)
            let erased = try await coordinator.post("/api/v1/persons/\(id)/erase", json: "{}")
            #expect(erased.status == .ok)
            #expect(erased.json["erased"] as? Bool == true)
            let export = try await coordinator.get("/api/v1/persons/\(id)/export")
            for secret in ["Dupré", "Hélène", "Écluse", "05 55", "1938-04-12", "Épicerie"] {
                #expect(!export.text.contains(secret), "\(secret) survived erasure")
            }
            #expect(export.text.contains("1938"), "the birth year stays for statistics")
            #expect(try #require(try await agent.get("/api/v1/persons?q=dupre").json["items"] as? [Any]).isEmpty)
            #expect(try await store.people.count(territoryId: fixtures.a.territory.id) == 1)
            #expect(try await agent.post("/api/v1/persons/\(id)/follow-ups", json: #"{"kind":"reception","summary":"x"}"#).status == .conflict)
            #expect(try await coordinator.post("/api/v1/persons/\(id)/erase", json: "{}").status == .conflict)
        }
    }

    @Test("in the browser: search, create with a duplicate warning, add a follow-up, print the export", arguments: TestBackend.all)
    func webJourney(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let browser = Browser(client)
            try await browser.logIn(fixtures.a.account(.agent).email)
            #expect(try await browser.get("/").text.contains(#"href="/personnes""#))
            let empty = try await browser.get("/personnes?q=dupre")
            #expect(empty.readable.contains("Aucune personne ne correspond"))
            try await browser.get("/personnes/nouvelle")
            let fields = [
                ("firstName", "Hélène"), ("lastName", "Dupré"), ("birthDate", "1938-04-12"), ("neighbourhood", "Nord"),
                ("flag_lives_alone", "on"),
            ]
            let created = try await browser.post("/personnes", fields)
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let file = try await browser.get(location)
            #expect(file.readable.contains("Hélène Dupré"))
            #expect(file.readable.contains("Vit seul·e"))
            try await browser.get("/personnes/nouvelle")
            let warned = try await browser.post("/personnes", fields)
            #expect(warned.status == .ok)
            #expect(warned.readable.contains("Cette personne a peut-être déjà une fiche"))
            #expect(warned.text.contains(location))
            let invalid = try await browser.post("/personnes", [("firstName", ""), ("lastName", "X")])
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.text.contains(#"id="firstName-error">Le prénom est obligatoire."#))
            try await browser.get(location)
            let noted = try await browser.post(location + "/suivis", [("kind", "home_visit"), ("summary", "Visite, tout va bien"), ("visibility", "team")])
            #expect(noted.status == .seeOther)
            #expect(try await browser.get(location).text.contains("Visite, tout va bien"))
            let printable = try await browser.get(location + "/export")
            #expect(printable.status == .ok)
            #expect(printable.readable.contains("consultation"))
            #expect(try await store.people.count(territoryId: fixtures.a.territory.id) == 1)
        }
    }

    @Test("the coordinator anonymises a file from its page after confirming", arguments: TestBackend.all)
    func webErase(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let agent = try await APIClient.make(client, store: store, email: fixtures.a.account(.agent).email)
            let id = try await create(agent)
            let browser = Browser(client)
            try await browser.logIn(fixtures.a.account(.coordinator).email)
            try await browser.get("/personnes/\(id)")
            let unconfirmed = try await browser.post("/personnes/\(id)/anonymiser", [])
            #expect(unconfirmed.readable.contains("Cochez la case de confirmation"))
            #expect(unconfirmed.status == .unprocessableContent)
            #expect(unconfirmed.text.contains(#"id="erase-error""#), "the message sits next to the checkbox")
            let done = try await browser.post("/personnes/\(id)/anonymiser", [("confirm", "on")])
            #expect(done.status == .seeOther)
            let page = try await browser.get(try #require(done.headers[.location]))
            #expect(page.readable.contains("Personne anonymisée"))
            #expect(!page.readable.contains("Dupré"))
        }
    }

    @Test("a staff export shows only the notes its author may read; the complete export is a social worker's audited act", arguments: TestBackend.all)
    func exportNeedToKnow(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let (agent, coordinator, id) = try await fileWithThreeNotes(fixtures, client, store)
            let staff = try await coordinator.get("/api/v1/persons/\(id)/export")
            #expect(try #require(staff.json["followUps"] as? [[String: Any]]).compactMap { $0["summary"] as? String } == ["Visite faite"])
            #expect(staff.json["withheldFollowUps"] as? Int == 2)
            #expect(try await coordinator.get("/api/v1/persons/\(id)/export?complete=true").status == .forbidden)
            let complete = try await agent.get("/api/v1/persons/\(id)/export?complete=true")
            #expect(
                Set(try #require(complete.json["followUps"] as? [[String: Any]]).compactMap { $0["summary"] as? String })
                    == ["Visite faite", "Penser au colis", "Sortie d'hôpital"])
            #expect(complete.json["complete"] as? Bool == true)
            let actions = try await store.audit.entries(recordId: id, territoryId: fixtures.a.territory.id).map(\.action)
            #expect(actions.contains("export_complete"))
            let browser = Browser(client)
            try await browser.logIn(fixtures.a.account(.coordinator).email)
            let page = try await browser.get("/personnes/\(id)/export")
            #expect(!page.readable.contains("Sortie d'hôpital") && !page.readable.contains("Penser au colis"))
            #expect(page.readable.contains("2 notes réservées"))
        }
    }
}

@Suite("Retention preview")
struct RetentionPageTests {
    @Test("a coordinator sees what the next 30 days will purge; an agent may not", arguments: TestBackend.all)
    func preview(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, _ in
            let coordinator = Browser(client)
            try await coordinator.logIn(fixtures.a.account(.coordinator).email)
            let page = try await coordinator.get("/conservation")
            #expect(page.status == .ok)
            #expect(page.readable.contains("Fiches inactives depuis 24 mois"))
            let agent = Browser(client)
            try await agent.logIn(fixtures.a.account(.agent).email)
            #expect(try await agent.get("/conservation").status == .forbidden)
        }
    }
}

@Suite("Directory page")
struct DirectoryPageTests {
    @Test("agents filter the directory; the coordinator also sees services to check; watchers may not", arguments: TestBackend.all)
    func page(backend: TestBackend) async throws {
        try await withApp(
            backend,
            seed: { store in
                let fixtures = try await TwoTerritories.make(store)
                _ = try await store.directory.importFiles(
                    [
                        ("s.json", try JSONEncoder().encode(DemoDirectory.structures)),
                        ("v.json", try JSONEncoder().encode(DemoDirectory.services)),
                    ],
                    territoryId: fixtures.a.territory.id)
                return fixtures
            }
        ) { fixtures, client, _ in
            let agent = Browser(client)
            try await agent.logIn(fixtures.a.account(.agent).email)
            let food = try await agent.get("/annuaire?categorie=equipement-et-alimentation")
            #expect(food.readable.contains("Colis et épicerie à petits prix"))
            #expect(!food.readable.contains("Premiers pas sur internet"))
            #expect(!food.readable.contains("à vérifier"))
            let coordinator = Browser(client)
            try await coordinator.logIn(fixtures.a.account(.coordinator).email)
            #expect(try await coordinator.get("/annuaire").readable.contains("à vérifier : plus d'un an sans mise à jour"))
            let watcher = Browser(client)
            try await watcher.logIn(fixtures.a.account(.watcher).email)
            #expect(try await watcher.get("/annuaire").status == .forbidden)
        }
    }
}

@Suite("Merging duplicates")
struct MergeTests {
    @Test("merging keeps the history of both files and the old address leads to the remaining one", arguments: TestBackend.all)
    func merge(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let agent = try await APIClient.make(client, store: store, email: fixtures.a.account(.agent).email)
            let keep = try #require(
                try await agent.post("/api/v1/persons", json: #"{"firstName":"Odette","lastName":"Ravel","birthDate":"1936-02-03"}"#).json["id"] as? String)
            let dup = try #require(
                try await agent.post("/api/v1/persons", json: #"{"firstName":"odette","lastName":"RAVEL","birthDate":"1936-02-03","phone":"04 78 99 88 77"}"#)
                    .json["id"] as? String)
            _ = try await agent.post("/api/v1/persons/\(keep)/follow-ups", json: #"{"kind":"reception","summary":"Premier accueil"}"#)
            _ = try await agent.post("/api/v1/persons/\(dup)/follow-ups", json: #"{"kind":"phone_call","summary":"Appel sur l'autre fiche"}"#)

            let browser = Browser(client)
            try await browser.logIn(fixtures.a.account(.agent).email)
            let page = try await browser.get("/personnes/\(keep)")
            #expect(page.readable.contains("Doublon probable"))
            let merged = try await browser.post("/personnes/\(keep)/fusion", [("source", dup)])
            #expect(merged.status == .seeOther)

            let file = try await agent.get("/api/v1/persons/\(keep)")
            let summaries = Set(try #require(file.json["followUps"] as? [[String: Any]]).compactMap { $0["summary"] as? String })
            #expect(summaries == ["Premier accueil", "Appel sur l'autre fiche"])
            #expect((file.json["person"] as? [String: Any])?["phone"] as? String == "04 78 99 88 77")
            let old = try await browser.get("/personnes/\(dup)")
            #expect(old.status == .seeOther)
            #expect(old.headers[.location]?.hasPrefix("/personnes/\(keep.lowercased())") == true)
            #expect(try #require(try await agent.get("/api/v1/persons?q=ravel").json["items"] as? [Any]).count == 1)
            #expect(try await agent.post("/api/v1/persons/\(dup)/merge", json: #"{"into":"\#(keep)"}"#).status == .conflict)
            #expect(!(try await browser.get("/personnes/\(keep)").readable.contains("Doublon probable")))
        }
    }
}

@Suite("Households")
struct HouseholdTests {
    @Test(
        "people at the same address are offered as household members; joining and leaving show on both files",
        arguments: TestBackend.all)
    func household(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let agent = try await APIClient.make(client, store: store, email: fixtures.a.account(.agent).email)
            let anna = try #require(
                try await agent.post("/api/v1/persons", json: #"{"firstName":"Anna","lastName":"Roux","address":"5 rue Haute"}"#).json["id"] as? String)
            let paul = try #require(
                try await agent.post("/api/v1/persons", json: #"{"firstName":"Paul","lastName":"Roux","address":"5, Rue haute"}"#).json["id"] as? String)
            let browser = Browser(client)
            try await browser.logIn(fixtures.a.account(.agent).email)
            let page = try await browser.get("/personnes/\(anna)")
            #expect(page.readable.contains("ROUX Paul"))
            #expect(try await browser.post("/personnes/\(anna)/foyer", [("with", paul.lowercased())]).status == .seeOther)
            let members = try #require(try await agent.get("/api/v1/persons/\(paul)").json["household"] as? [[String: Any]])
            #expect(members.map { $0["firstName"] as? String } == ["Anna"])
            let stranger = try await APIClient.make(client, store: store, email: fixtures.b.account(.agent).email)
            let outsider = try #require(try await stranger.post("/api/v1/persons", json: #"{"firstName":"Zoé","lastName":"Roux"}"#).json["id"] as? String)
            #expect(try await agent.post("/api/v1/persons/\(anna)/household", json: #"{"with":"\#(outsider)"}"#).status == .notFound)
            #expect(try await agent.post("/api/v1/persons/\(paul)/household/leave", json: "{}").status == .ok)
            #expect(try #require(try await agent.get("/api/v1/persons/\(anna)").json["household"] as? [Any]).isEmpty)
        }
    }

}
