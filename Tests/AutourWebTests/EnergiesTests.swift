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

/// Territory A with the volunteer's resource profile (gardening in Nord, Tuesday mornings, 4 h a
/// month), a professional, and territory B.
struct EnergiesWorld: Sendable {
    let fixtures: TwoTerritories
    let volunteerResource: ResourcePerson
    let professional: ResourcePerson
    var a: Fixture { fixtures.a }

    static func make(_ store: Store) async throws -> EnergiesWorld {
        let fixtures = try await TwoTerritories.make(store)
        let a = fixtures.a
        let skills = try await store.energies.skills(territoryId: a.territory.id)
        func add(_ input: ResourcePersonInput) async throws -> ResourcePerson {
            try await store.energies.createResource(
                try ResourceRules.validate(input, skills: skills, territory: a.territory),
                actor: a.account(.coordinator).actor)
        }
        let volunteer = try await add(
            ResourcePersonInput(
                name: "Camille B.", skills: ["Jardinage"],
                availability: [.init(weekday: 2, start: "09:00", end: "12:00")], neighbourhoods: ["Nord"],
                maxMinutesPerMonth: 240, motivations: ["helping_neighbours"], professional: false,
                accountId: a.account(.volunteer).id))
        let pro = try await add(
            ResourcePersonInput(
                name: "Yanis M.", skills: ["Jardinage", "Aide administrative"], availability: [],
                neighbourhoods: [], maxMinutesPerMonth: 1200, motivations: [], professional: true))
        return EnergiesWorld(fixtures: fixtures, volunteerResource: volunteer, professional: pro)
    }
}

@Suite("Energies: needs, candidates, batch, the volunteer's answer and verified hours")
struct EnergiesTests {
    static let gardening =
        #"{"title":"Tailler la haie de Mme Blanc","skills":["Jardinage"],"neighbourhood":"Nord","weekday":2,"start":"09:30","end":"11:30","durationMinutes":90,"urgency":"normal","professionalOnly":false}"#

    @Test(
        "a coordinator creates a need, sees explained candidates, runs a batch and confirms; the volunteer accepts and declares; the referent verifies; the dashboard counts",
        arguments: TestBackend.all)
    func journey(backend: TestBackend) async throws {
        try await withApp(backend, seed: EnergiesWorld.make) { world, client, store in
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            try await coordinator.get("/energies/besoins/nouveau")
            let refused = try await coordinator.post("/energies/besoins", [("title", ""), ("neighbourhood", "Nord"), ("duration", "90")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.readable.contains("Le titre est obligatoire."))
            let created = try await coordinator.post(
                "/energies/besoins",
                [
                    ("title", "Tailler la haie"), ("skill_Jardinage", "on"), ("neighbourhood", "Nord"),
                    ("weekday", "2"), ("start", "09:30"), ("end", "11:30"), ("duration", "90"),
                ])
            #expect(created.status == .seeOther)
            let needPath = try #require(created.headers[.location]).components(separatedBy: "?")[0]
            let page = try await coordinator.get(needPath)
            #expect(page.readable.contains("Camille B."))
            #expect(page.readable.contains("Disponible sur ce créneau"))
            let needId = String(needPath.split(separator: "/").last!)

            let api = try await APIClient.make(client, store: store, email: world.a.account(.coordinator).email)
            let candidates = try #require(try await api.get("/api/v1/needs/\(needId)/candidates?limit=5").json["items"] as? [[String: Any]])
            #expect(candidates.first?["resourcePersonId"] as? String == world.volunteerResource.id.uuidString)
            #expect((candidates.first?["reasons"] as? [String])?.isEmpty == false)
            let batch = try await api.post("/api/v1/matching/batch", json: #"{"needIds":["\#(needId)"]}"#).json
            let proposal = try #require((batch["assignments"] as? [[String: Any]])?.first)
            #expect(proposal["resourcePersonId"] as? String == world.volunteerResource.id.uuidString)
            // Nothing is assigned by the batch itself.
            #expect(try await api.get("/api/v1/needs?status=open").json["items"].map { ($0 as? [Any])?.count } == 1)

            try await coordinator.get("/energies")
            #expect(try await coordinator.post("/energies/lot", []).readable.contains("Camille B."))
            let confirmed = try await coordinator.post("/energies/lot/confirmer", [("p_\(needId):\(world.volunteerResource.id.uuidString.lowercased())", "on")])
            #expect(confirmed.status == .seeOther)
            #expect(try await store.energies.need(id: UUID(uuidString: needId)!, territoryId: world.a.territory.id)?.status == .proposed)

            let volunteer = Browser(client)
            try await volunteer.logIn(world.a.account(.volunteer).email)
            #expect(try await volunteer.get("/missions").readable.contains("Tailler la haie"))
            #expect(try await volunteer.post("/missions/\(needId)/accepter", []).status == .seeOther)
            try await volunteer.get("/missions")
            let badHours = try await volunteer.post("/missions/\(needId)/heures", [("minutes", "0")])
            #expect(badHours.status == .unprocessableContent)
            #expect(try await volunteer.post("/missions/\(needId)/heures", [("minutes", "100")]).status == .seeOther)

            var dashboard = try await api.get("/api/v1/energies/dashboard").json
            #expect(dashboard["monthMinutes"] as? Int == 0, "declared hours count only once verified")
            #expect(dashboard["toVerify"] as? Int == 1)
            try await coordinator.get("/energies/heures")
            #expect(try await coordinator.post("\(needPath)/verifier", []).status == .seeOther)
            dashboard = try await api.get("/api/v1/energies/dashboard").json
            #expect(dashboard["monthMinutes"] as? Int == 100)
            #expect((dashboard["bySkill"] as? [[String: Any]])?.first?["name"] as? String == "Jardinage")
            #expect(try await volunteer.get("/missions/attestation").readable.contains("1 h 40"))
        }
    }

    @Test("guardrails hold in the API: no volunteer on a professional-only need, no one past their monthly cap or weekly rest", arguments: TestBackend.all)
    func guardrails(backend: TestBackend) async throws {
        try await withApp(backend, seed: EnergiesWorld.make) { world, client, store in
            let api = try await APIClient.make(client, store: store, email: world.a.account(.coordinator).email)
            let proOnly = try await api.post(
                "/api/v1/needs", json: Self.gardening.replacingOccurrences(of: #""professionalOnly":false"#, with: #""professionalOnly":true"#))
            let proId = try #require(proOnly.json["id"] as? String)
            let candidates = try #require(try await api.get("/api/v1/needs/\(proId)/candidates").json["items"] as? [[String: Any]])
            #expect(candidates.map { $0["resourcePersonId"] as? String } == [world.professional.id.uuidString])
            #expect(try await api.post("/api/v1/needs/\(proId)/propose", json: #"{"resourcePersonId":"\#(world.volunteerResource.id)"}"#).status == .conflict)

            // 240 minutes a month: two missions of 90 fit, the third does not.
            let volunteer = try await APIClient.make(client, store: store, email: world.a.account(.volunteer).email)
            var taken = 0
            for _ in 0..<3 {
                let id = try #require(try await api.post("/api/v1/needs", json: Self.gardening).json["id"] as? String)
                let proposed = try await api.post("/api/v1/needs/\(id)/propose", json: #"{"resourcePersonId":"\#(world.volunteerResource.id)"}"#)
                if proposed.status == .ok {
                    #expect(try await volunteer.post("/api/v1/needs/\(id)/accept", json: "{}").json["status"] as? String == "accepted")
                    taken += 1
                } else {
                    #expect(proposed.status == .conflict)
                }
            }
            #expect(taken == 2)
            let paused = try await api.post("/api/v1/needs", json: Self.gardening.replacingOccurrences(of: "90", with: "30"))
            try await store.energies.setPaused(true, resourceId: world.professional.id, actor: world.a.account(.coordinator).actor)
            let pausedId = try #require(paused.json["id"] as? String)
            #expect(try await api.post("/api/v1/needs/\(pausedId)/propose", json: #"{"resourcePersonId":"\#(world.professional.id)"}"#).status == .conflict)
        }
    }

    @Test(
        "who may do what: volunteers answer only their own proposals; partners post needs; other roles and territories are kept out", arguments: TestBackend.all
    )
    func visibility(backend: TestBackend) async throws {
        try await withApp(backend, seed: EnergiesWorld.make) { world, client, store in
            let partner = try await APIClient.make(client, store: store, email: world.a.account(.partner).email)
            let posted = try await partner.post("/api/v1/needs", json: Self.gardening)
            #expect(posted.status == .created)
            #expect(posted.json["origin"] as? String == "partner")
            let id = try #require(posted.json["id"] as? String)
            #expect(try await partner.get("/api/v1/needs/\(id)/candidates").status == .forbidden)
            let bad = try await partner.post(
                "/api/v1/needs",
                json: #"{"title":"","skills":["Plongée"],"neighbourhood":"Sud","durationMinutes":5,"urgency":"normal","professionalOnly":false}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(
                ((bad.json["error"] as? [String: Any])?["fields"] as? [String: String])?.keys.sorted() == [
                    "durationMinutes", "neighbourhood", "skills", "title",
                ])

            let coordinator = try await APIClient.make(client, store: store, email: world.a.account(.coordinator).email)
            _ = try await coordinator.post("/api/v1/needs/\(id)/propose", json: #"{"resourcePersonId":"\#(world.professional.id)"}"#)
            let volunteer = try await APIClient.make(client, store: store, email: world.a.account(.volunteer).email)
            #expect(try await volunteer.post("/api/v1/needs/\(id)/accept", json: "{}").status == .notFound, "proposed to someone else")
            #expect(try #require(try await volunteer.get("/api/v1/needs").json["items"] as? [Any]).isEmpty)
            for role in [Role.elected, .watcher, .admin] {
                let caller = try await APIClient.make(client, store: store, email: world.a.account(role).email)
                #expect(try await caller.post("/api/v1/needs", json: Self.gardening).status == .forbidden, "\(role)")
                #expect(try await caller.post("/api/v1/matching/batch", json: "{}").status == .forbidden, "\(role)")
            }
            let stranger = try await APIClient.make(client, store: store, email: world.fixtures.b.account(.coordinator).email)
            #expect(try await stranger.get("/api/v1/needs/\(id)/candidates").status == .notFound)
            #expect(try await stranger.post("/api/v1/needs/\(id)/propose", json: #"{"resourcePersonId":"\#(world.professional.id)"}"#).status == .notFound)
            let resources = try #require(try await stranger.get("/api/v1/resource-persons").json["items"] as? [Any])
            #expect(resources.isEmpty)
        }
    }

    @Test("an agent asks for help from a person's file: the need keeps the link and says where it comes from", arguments: TestBackend.all)
    func needFromAFile(backend: TestBackend) async throws {
        try await withApp(backend, seed: EnergiesWorld.make) { world, client, store in
            let api = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            let personId = try #require(try await api.post("/api/v1/persons", json: #"{"firstName":"Odette","lastName":"Faure"}"#).json["id"] as? String)
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            #expect(try await agent.get("/personnes/\(personId.lowercased())").readable.contains("/energies/besoins/nouveau?personne="))
            let form = try await agent.get("/energies/besoins/nouveau?personne=\(personId.lowercased())")
            #expect(form.readable.contains(#"name="personne" value="\#(personId.lowercased())""#))
            let sent = try await agent.post(
                "/energies/besoins",
                [
                    ("title", "Courses du samedi"), ("skill_Accompagnement aux courses", "on"),
                    ("neighbourhood", "Nord"), ("duration", "60"), ("personne", personId.lowercased()),
                ])
            #expect(sent.headers[.location] == "/energies/besoins/nouveau?ok=1")
            #expect(try await agent.get("/energies/besoins/nouveau?ok=1").readable.contains("Besoin enregistré"))
            let needs = try await store.energies.needs(territoryId: world.a.territory.id)
            #expect(needs.first?.origin == .followUp)
            #expect(needs.first?.personId?.uuidString == personId)
            // A partner cannot link a file: that would be reading it.
            let partner = try await APIClient.make(client, store: store, email: world.a.account(.partner).email)
            let linked = Self.gardening.replacingOccurrences(of: "}", with: #","personId":"\#(personId)"}"#)
            #expect(try await partner.post("/api/v1/needs", json: linked).status == .forbidden)
        }
    }

    @Test("a volunteer edits their own profile and pauses; a paused volunteer is offered nothing", arguments: TestBackend.all)
    func selfService(backend: TestBackend) async throws {
        try await withApp(backend, seed: EnergiesWorld.make) { world, client, store in
            let volunteer = Browser(client)
            try await volunteer.logIn(world.a.account(.volunteer).email)
            #expect(try await volunteer.get("/missions/profil").readable.contains("Mon profil de bénévole"))
            let saved = try await volunteer.post(
                "/missions/profil",
                [
                    ("name", "Camille B."), ("skill_Jardinage", "on"), ("skill_Petit bricolage", "on"),
                    ("day_3", "on"), ("start_3", "14:00"), ("end_3", "17:00"), ("n_Nord", "on"),
                    ("capHours", "6"), ("paused", "on"),
                ])
            #expect(saved.status == .seeOther)
            let me = try #require(try await store.energies.resource(accountId: world.a.account(.volunteer).id))
            #expect(me.skills == ["Jardinage", "Petit bricolage"] || Set(me.skills) == ["Jardinage", "Petit bricolage"])
            #expect(me.maxMinutesPerMonth == 360)
            #expect(me.paused)
            let api = try await APIClient.make(client, store: store, email: world.a.account(.coordinator).email)
            let id = try #require(try await api.post("/api/v1/needs", json: Self.gardening).json["id"] as? String)
            let candidates = try #require(try await api.get("/api/v1/needs/\(id)/candidates").json["items"] as? [[String: Any]])
            #expect(!candidates.contains { $0["resourcePersonId"] as? String == me.id.uuidString })
        }
    }

    @Test(
        "the candidates kept in memory follow a change written elsewhere (another server, the command line)",
        arguments: TestBackend.all)
    func poolFollowsChanges(backend: TestBackend) async throws {
        try await withApp(backend, seed: EnergiesWorld.make) { world, client, store in
            let api = try await APIClient.make(client, store: store, email: world.a.account(.coordinator).email)
            let id = try #require(try await api.post("/api/v1/needs", json: Self.gardening).json["id"] as? String)
            func offered() async throws -> Bool {
                let items = try #require(try await api.get("/api/v1/needs/\(id)/candidates").json["items"] as? [[String: Any]])
                return items.contains { $0["resourcePersonId"] as? String == world.volunteerResource.id.uuidString }
            }
            #expect(try await offered())
            #expect(try await offered(), "asked again, from the pool kept in memory")
            // Not through the repository: as another server sharing the database would write it.
            let sql = try store.database.db as! any SQLDatabase
            try await sql.raw("UPDATE resource_persons SET paused = \(bind: true) WHERE id = \(bind: world.volunteerResource.id)").run()
            #expect(try await offered() == false, "a pause written elsewhere is seen at once")
            try await sql.raw("UPDATE resource_persons SET paused = \(bind: false) WHERE id = \(bind: world.volunteerResource.id)").run()
            #expect(try await offered())
        }
    }
}
