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

/// Territory A with Energies' two resource persons (Camille, the volunteer's own profile, and
/// Yanis), the demo directory with the partner linked to its structure, and a shared place.
struct PotentialsWorld: Sendable {
    let energies: EnergiesWorld
    let placeId: UUID
    var a: Fixture { energies.a }

    static func make(_ store: Store) async throws -> PotentialsWorld {
        let energies = try await EnergiesWorld.make(store)
        let a = energies.a
        _ = try await store.directory.importFiles(
            [
                ("s.json", try JSONEncoder().encode(DemoDirectory.structures)),
                ("v.json", try JSONEncoder().encode(DemoDirectory.services)),
            ], territoryId: a.territory.id)
        try await store.referrals.linkPartner(
            accountId: a.account(.partner).id, structureId: DemoDirectory.partnerStructure, territoryId: a.territory.id)
        let placeId = try await store.placesService.create(
            PlaceInput(
                name: "Maison des habitants", address: "1 rue", owner: "ccas", opens: 480, closes: 1320, rooms: [RoomInput(name: "Salle A", capacity: 10)]),
            territory: a.territory, actor: a.account(.coordinator).actor)
        return PotentialsWorld(energies: energies, placeId: placeId)
    }

    /// A collective garden project carried by Camille, proposed by the agent through the page.
    func propose(_ agent: Browser, isPublic: Bool = true, title: String = "Jardin partagé des Lilas") async throws -> String {
        try await agent.get("/projets/nouveau")
        var fields = [
            ("title", title), ("purpose", "Cultiver ensemble la friche derrière l'immeuble."), ("serves", "Les voisins"),
            ("neighbourhood", "Nord"), ("theme", "environment"), ("scale", "collective"), ("origin", "inhabitant"),
            ("carrier", energies.volunteerResource.id.uuidString),
        ]
        if isPublic { fields.append(("isPublic", "1")) }
        let created = try await agent.post("/projets", fields)
        #expect(created.status == .seeOther, "\(created.readable)")
        return try #require(created.headers[.location]).components(separatedBy: "?")[0]
    }
}

@Suite("Potentials: inhabitants' projects from idea to autonomy")
struct PotentialsTests {
    /// Ticks, on the project's page, every criterion of the next passage with a note.
    static func tickAll(_ coach: Browser, _ path: String) async throws -> Int {
        var ticked = 0
        while true {
            let page = try await coach.get(path).text
            guard
                let range = page.range(
                    of:
                        #"name="stage" value="([^"]+)"><input type="hidden" name="side" value="([a-z]+)"><input type="hidden" name="criterion" value="([^"]+)""#,
                    options: .regularExpression)
            else { return ticked }
            let parts = page[range].components(separatedBy: "value=\"").dropFirst().map { $0.components(separatedBy: "\"")[0] }
            let index = page[..<range.lowerBound].components(separatedBy: "name=\"index\" value=\"").last!.components(separatedBy: "\"")[0]
            let criterion = parts[2].replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&#x27;", with: "'")
                .replacingOccurrences(of: "&amp;", with: "&")
            let response = try await coach.post(
                path + "/criteres",
                [("index", index), ("stage", parts[0]), ("side", parts[1]), ("criterion", criterion), ("note\(index)", "Vu avec le groupe le \(ticked + 1).")])
            #expect(response.status == .seeOther, "\(response.readable)")
            ticked += 1
            if ticked > 10 { Issue.record("criteria never end"); return ticked }
        }
    }

    @Test(
        "a coach ticks each criterion of the passage with a dated note, then passes the stage; the pass is refused while one is missing, and the timeline keeps it all",
        arguments: TestBackend.all)
    func passingAStage(backend: TestBackend) async throws {
        try await withApp(backend, seed: PotentialsWorld.make) { world, client, store in
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            let path = try await world.propose(agent)
            let page = try await agent.get(path).readable
            #expect(page.contains("Idée — en cours") && page.contains("Pour passer à « Exploration »"))

            let early = try await agent.post(path + "/etape", [])
            #expect(early.status == .unprocessableContent && early.readable.contains("Il reste 3 critères à valider"))
            // A criterion without a note is not ticked.
            let criterion = ProjectRules.defaultStages[0].exit[0]
            let stages = try await store.potentials.stages(territoryId: world.a.territory.id)
            try await agent.get(path)
            let empty = try await agent.post(
                path + "/criteres", [("index", "0"), ("stage", stages[0].id.uuidString), ("side", "exit"), ("criterion", criterion), ("note0", "")])
            #expect(empty.status == .unprocessableContent && empty.readable.contains("La note : de 3 à 1000 caractères."))
            // Nor a criterion of a later passage.
            try await agent.get(path)
            let later = try await agent.post(
                path + "/criteres",
                [("index", "0"), ("stage", stages[2].id.uuidString), ("side", "exit"), ("criterion", stages[2].exit[0]), ("note0", "Trop tôt.")])
            #expect(later.status == .unprocessableContent)

            #expect(try await Self.tickAll(agent, path) == 3)
            try await agent.get(path)
            let passed = try await agent.post(path + "/etape", [])
            #expect(passed.headers[.location]?.contains("ok=etape") == true)
            let after = try await agent.get(path).readable
            #expect(after.contains("Exploration — en cours") && after.contains("Idée — franchie"))
            #expect(after.contains("Étape franchie : Idée → Exploration") && after.contains("Vu avec le groupe le 1."))
            #expect(after.contains("Camille B. — Porteur·se"), "the carrier named at the proposal")
        }
    }

    @Test(
        "an inhabitant named coach of a project coaches that one: ticks and passes it, but sends no need and coaches no other",
        arguments: TestBackend.all)
    func inhabitantCoach(backend: TestBackend) async throws {
        try await withApp(backend, seed: PotentialsWorld.make) { world, client, store in
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            let coached = try await world.propose(agent)
            let other = try await world.propose(agent, title: "Troc de graines")
            try await agent.get(coached)
            #expect(
                try await agent.post(coached + "/personnes", [("resource", world.energies.volunteerResource.id.uuidString), ("role", "coach")]).status
                    == .seeOther)
            let camille = Browser(client)
            try await camille.logIn(world.a.account(.volunteer).email)
            let page = try await camille.get(coached).readable
            #expect(page.contains("Camille B. — Accompagnateur·rice") && page.contains("Valider ce critère"))
            #expect(!page.contains("Demander des compétences"), "needs create records in other modules: staff send them")
            #expect(try await Self.tickAll(camille, coached) == 3)
            try await camille.get(coached)
            #expect(try await camille.post(coached + "/etape", []).status == .seeOther)
            // She carries the other project (the agent named her carrier), which she does not coach.
            let carried = try await camille.get(other).readable
            #expect(!carried.contains("Valider ce critère"))
            #expect(try await camille.post(other + "/etape", []).status == .forbidden)
            _ = store
        }
    }

    @Test(
        "the project's needs go to the other modules: skills become an Energies need with its candidates, a room is booked in Places, an expert request is answered by the partner of that structure",
        arguments: TestBackend.all)
    func needsReachTheOtherModules(backend: TestBackend) async throws {
        try await withApp(backend, seed: PotentialsWorld.make) { world, client, store in
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            let path = try await world.propose(agent)
            try await agent.get(path)
            let skills = try await agent.post(path + "/besoins/competences", [("needTitle", "Bêcher les bacs"), ("skill", "Jardinage"), ("hours", "2")])
            #expect(skills.status == .seeOther, "\(skills.readable)")
            let needs = try await store.energies.needs(territoryId: world.a.territory.id)
            let need = try #require(needs.first { $0.title == "Bêcher les bacs" })
            #expect(need.skills == ["Jardinage"] && need.neighbourhood == "Nord" && need.durationMinutes == 120 && need.origin == .project)
            // Energies' own page lists its candidates to the coordinator (Camille and Yanis garden).
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let energiesPage = try await coordinator.get("/energies/besoins/\(need.id.uuidString.lowercased())").readable
            #expect(energiesPage.contains("Yanis M."))

            let place = try await store.placesService.place(id: world.placeId, territory: world.a.territory)
            // Three days ahead at 10:00, inside the place's opening hours whatever the hour of the run.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = FrenchTime.zone
            let morning = calendar.date(byAdding: .hour, value: 3 * 24 + 10, to: calendar.startOfDay(for: Date()))!
            let start = ConvivialityTests.localTime(morning)
            let end = ConvivialityTests.localTime(morning.addingTimeInterval(3600))
            let room = "\(place.id.uuidString)|\(place.rooms[0].id.uuidString)"
            try await agent.get(path)
            #expect(try await agent.post(path + "/besoins/lieu", [("room", room), ("startsAt", start), ("endsAt", end)]).status == .seeOther)
            let bookings = try await store.places.bookings(
                territoryId: world.a.territory.id, placeId: place.id, from: Date(), to: Date().addingTimeInterval(10 * 86_400))
            #expect(bookings.map(\.group) == ["Jardin partagé des Lilas"])
            // The same slot again: the form comes back with Places' message, nothing is lost.
            try await agent.get(path)
            let clash = try await agent.post(path + "/besoins/lieu", [("room", room), ("startsAt", start), ("endsAt", end)])
            #expect(clash.status == .unprocessableContent && clash.readable.contains("déjà réservée"))

            try await agent.get(path)
            let asked = try await agent.post(
                path + "/besoins/expert", [("structure", DemoDirectory.partnerStructure), ("question", "Pouvez-vous nous conseiller sur les visites ?")])
            #expect(asked.status == .seeOther)
            var page = try await agent.get(path).readable
            #expect(page.contains("Compétences : Jardinage — Bêcher les bacs — <strong>À pourvoir</strong>"))
            #expect(page.contains("Salle réservée") && page.contains("En attente de réponse"))

            let partner = Browser(client)
            try await partner.logIn(world.a.account(.partner).email)
            let hub = try await partner.get("/projets").text
            let requestId = try #require(hub.range(of: #"/projets/expertises/[0-9A-Fa-f-]{36}"#, options: .regularExpression).map { String(hub[$0]) })
            #expect(try await partner.post(requestId, [("decision", "accept"), ("answer", "Oui, le 12.")]).status == .seeOther)
            try await partner.get("/projets")
            #expect(try await partner.post(requestId, [("decision", "decline"), ("answer", "")]).status == .unprocessableContent, "answered once")
            page = try await agent.get(path).readable
            #expect(page.contains("Acceptée : Oui, le 12."))
            // The partner reads the project without its people.
            let seen = try await partner.get(path).readable
            #expect(seen.contains("Jardin partagé des Lilas") && !seen.contains("Camille B."))
        }
    }

    @Test(
        "an inhabitant joins a public project as a member without carrying it, not a private one; the public gallery names no one and filters by neighbourhood and theme",
        arguments: TestBackend.all)
    func justJoin(backend: TestBackend) async throws {
        try await withApp(backend, seed: PotentialsWorld.make) { world, client, store in
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            let open = try await world.propose(agent)
            let closed = try await world.propose(agent, isPublic: false, title: "Projet discret")
            // Yanis (no account) carries the open one; Camille's account joins it.
            try await agent.get(open)
            #expect(
                try await agent.post(open + "/personnes", [("resource", world.energies.professional.id.uuidString), ("role", "coach")]).status
                    == .seeOther)
            for path in [open, closed] {
                #expect(try await agent.get(path).readable.contains("Retirer Camille B. du projet"), "the coach's button")
                #expect(
                    try await agent.post(path + "/personnes/\(world.energies.volunteerResource.id.uuidString)/retirer", []).status == .seeOther)
            }

            let camille = Browser(client)
            try await camille.logIn(world.a.account(.volunteer).email)
            let hub = try await camille.get("/projets").readable
            #expect(hub.contains("Jardin partagé des Lilas") && !hub.contains("Projet discret"))
            let page = try await camille.get(open).readable
            #expect(page.contains("Rejoindre ce projet comme membre") && !page.contains("Yanis M."), "not yet one of its people")
            #expect(try await camille.post(open + "/rejoindre", []).headers[.location]?.contains("ok=rejoint") == true)
            let joined = try await camille.get(open).readable
            #expect(joined.contains("Camille B. — Membre") && joined.contains("Quitter ce projet") && !joined.contains("Valider ce critère"))
            #expect(try await camille.get("/projets").readable.contains("Jardin partagé des Lilas</a> — Membre"))
            // A private project does not exist for someone outside it; its people and staff read it.
            #expect(try await camille.get(closed).status == .notFound)
            try await camille.get("/projets")
            #expect(try await camille.post(closed + "/rejoindre", []).status == .notFound)
            #expect(try await agent.get(closed).status == .ok)

            // The coach edits the private project's description and leaves it out of the gallery; a
            // volunteer cannot edit.
            #expect(try await camille.get(open + "/modifier").status == .forbidden)
            let form = try await agent.get(closed + "/modifier").readable
            #expect(form.contains("Modifier « Projet discret »") && !form.contains("name=\"carrier\""))
            let edited = try await agent.post(
                closed + "/modifier",
                [
                    ("title", "Projet discret"), ("purpose", "Un projet qui reste entre ses membres pour l'instant."), ("neighbourhood", "Nord"),
                    ("theme", "culture"), ("scale", "collective"),
                ])
            #expect(edited.headers[.location]?.contains("ok=modifie") == true, "\(edited.readable)")
            #expect(try await agent.get(closed).readable.contains("Un projet qui reste entre ses membres"))
            let gallery = try await client.execute(uri: "/projets-ouverts/\(world.a.territory.slug)", method: .get)
            let text = String(buffer: gallery.body)
            #expect(text.contains("Jardin partagé des Lilas") && !text.contains("Projet discret"))
            #expect(!text.contains("Camille") && !text.contains("Yanis"))
            let other = try await client.execute(uri: "/projets-ouverts/\(world.a.territory.slug)?theme=food", method: .get)
            #expect(!String(buffer: other.body).contains("Jardin partagé des Lilas"))
            let here = try await client.execute(
                uri: "/projets-ouverts/\(world.a.territory.slug)?quartier=Nord&theme=environment", method: .get)
            #expect(String(buffer: here.body).contains("Jardin partagé des Lilas"))
            _ = store
        }
    }

    @Test(
        "a project left in its stage beyond the delay is flagged in the pipeline; a pause is not a stall; a stop keeps its lessons and ends the project; the elected read counts only",
        arguments: TestBackend.all)
    func pipelineAndStates(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await withApp(backend, clock: clock.wallClock, seed: PotentialsWorld.make) { world, client, store in
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            let path = try await world.propose(agent)
            #expect(!(try await agent.get("/projets").readable.contains("à relancer</strong>")))
            clock.advance(by: 46 * 86_400)
            try await agent.logIn(world.a.account(.agent).email)
            let pipeline = try await agent.get("/projets").readable
            #expect(
                pipeline.contains(
                    "Jardin partagé des Lilas</a> — Nord, Nature et environnement — 46 j dans l'étape <strong class=\"badge\">à relancer</strong>"))
            #expect(pipeline.contains("1 projet(s) en retard"))

            try await agent.get(path)
            #expect(try await agent.post(path + "/etat", [("state", "paused"), ("note", "L'hiver.")]).status == .seeOther)
            try await agent.get(path)
            #expect(try await agent.post(path + "/etat", [("state", "active"), ("note", "")]).status == .seeOther)
            #expect(try await agent.get(path).readable.contains("Idée depuis 0 jour(s)"), "time in stage restarts after a pause")

            try await agent.get(path)
            let bare = try await agent.post(path + "/etat", [("state", "stopped"), ("note", "")])
            #expect(bare.status == .unprocessableContent && bare.readable.contains("Gardez ce que le projet a appris"))
            try await agent.get(path)
            let stopped = try await agent.post(path + "/etat", [("state", "stopped"), ("note", "La friche a été vendue ; les bacs iront à l'école.")])
            #expect(stopped.status == .seeOther)
            let page = try await agent.get(path).readable
            #expect(page.contains("Ce que le projet a appris") && page.contains("La friche a été vendue"))
            #expect(!page.contains("Changer l'état") && !page.contains("Demander des compétences"))
            try await agent.get("/projets")
            #expect(try await agent.post(path + "/etat", [("state", "active"), ("note", "")]).status != .seeOther)
            #expect(try await agent.post(path + "/etape", []).status == .unprocessableContent)

            let elected = Browser(client)
            try await elected.logIn(world.a.account(.elected).email)
            let counts = try await elected.get("/projets").readable
            #expect(counts.contains("<th scope=\"row\">Arrêtés</th><td>1</td>") && !counts.contains("Jardin partagé"))
            #expect(try await elected.get(path).status == .ok, "the project itself, like the gallery")
            #expect(!(try await elected.get(path).readable.contains("Camille")))
            _ = store
        }
    }

    @Test("the coordinator edits the stages and their criteria; a stage with projects in it stays", arguments: TestBackend.all)
    func stages(backend: TestBackend) async throws {
        try await withApp(backend, seed: PotentialsWorld.make) { world, client, store in
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            _ = try await world.propose(agent)
            #expect(try await agent.get("/projets/etapes").status == .forbidden)
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let stages = try await store.potentials.stages(territoryId: world.a.territory.id)
            try await coordinator.get("/projets/etapes")
            var fields: [(String, String)] = []
            for (index, stage) in stages.enumerated() {
                fields += [
                    ("id\(index)", stage.id.uuidString), ("name\(index)", stage.name), ("entry\(index)", stage.entry.joined(separator: "\n")),
                    ("exit\(index)", index == 0 ? "Une réunion a eu lieu" : stage.exit.joined(separator: "\n")), ("stall\(index)", String(stage.stallDays)),
                ]
            }
            let refused = try await coordinator.post("/projets/etapes", fields + [("remove0", "1")])
            #expect(refused.status == .unprocessableContent && refused.readable.contains("Des projets sont à cette étape"))
            try await coordinator.get("/projets/etapes")
            let saved = try await coordinator.post(
                "/projets/etapes", fields + [("name5", "Essaimage"), ("entry5", "Un autre quartier le demande"), ("stall5", "400")])
            #expect(saved.status == .unprocessableContent && saved.readable.contains("De 7 à 365 jours."))
            try await coordinator.get("/projets/etapes")
            #expect(
                try await coordinator.post(
                    "/projets/etapes", fields + [("name5", "Essaimage"), ("entry5", "Un autre quartier le demande"), ("stall5", "200")]
                ).status
                    == .seeOther)
            let now = try await store.potentials.stages(territoryId: world.a.territory.id)
            #expect(now.map(\.name) == stages.map(\.name) + ["Essaimage"])
            #expect(now[0].id == stages[0].id && now[0].exit == ["Une réunion a eu lieu"], "projects keep their stage")
        }
    }

    @Test(
        "the API: a volunteer proposes their own project, a coach ticks and passes it, two passes at once pass once, the elected read the counts",
        arguments: TestBackend.all)
    func api(backend: TestBackend) async throws {
        try await withApp(backend, seed: PotentialsWorld.make) { world, client, store in
            let volunteer = try await APIClient.make(client, store: store, email: world.a.account(.volunteer).email)
            let created = try await volunteer.post(
                "/api/v1/projects",
                json:
                    #"{"title":"Boîte à livres","purpose":"Une boîte à livres au square, entretenue par les voisins.","theme":"culture","scale":"individual","origin":"ccas","isPublic":true,"carriers":[]}"#
            )
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["origin"] as? String == "inhabitant", "a volunteer's project is theirs")
            let people = try await store.potentials.people(projectId: try #require(UUID(uuidString: id)))
            #expect(people.map(\.resourceId) == [world.energies.volunteerResource.id] && people.map(\.role) == [.carrier])
            #expect(try await volunteer.post("/api/v1/projects/\(id)/stage", json: "{}").status == .forbidden)
            let price = try await volunteer.post(
                "/api/v1/projects", json: #"{"title":"Boîte","purpose":"Une boîte à livres au square.","theme":"culture","scale":"individual","price":5}"#)
            #expect(price.status == .badRequest || price.status == .unprocessableContent)

            let agent = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            var detail = try await agent.get("/api/v1/projects/\(id)")
            let due = try #require(detail.json["due"] as? [[String: Any]])
            #expect(due.count == 3)
            for item in due {
                let body = try JSONSerialization.data(withJSONObject: [
                    "stageId": item["stageId"]!, "side": item["side"]!, "criterion": item["criterion"]!, "note": "Vu ensemble.",
                ])
                let ticked = try await agent.post("/api/v1/projects/\(id)/criteria", json: String(decoding: body, as: UTF8.self))
                #expect(ticked.status == .ok, "\(ticked.text)")
            }
            detail = try await agent.get("/api/v1/projects/\(id)")
            #expect((detail.json["due"] as? [Any])?.isEmpty == true)
            async let first = agent.post("/api/v1/projects/\(id)/stage", json: "{}")
            async let second = agent.post("/api/v1/projects/\(id)/stage", json: "{}")
            let statuses = [try await first.status, try await second.status].map(\.code).sorted()
            #expect(statuses == [200, 422], "one pass of two")
            let list = try await agent.get("/api/v1/projects")
            let items = try #require(list.json["items"] as? [[String: Any]])
            #expect(items.map { $0["stage"] as? String } == ["Exploration"])

            let elected = try await APIClient.make(client, store: store, email: world.a.account(.elected).email)
            let counts = try await elected.get("/api/v1/projects/counts")
            let byStage = try #require(counts.json["byStage"] as? [[String: Any]])
            #expect(byStage.map { $0["count"] as? Int } == [0, 1, 0, 0, 0])
            #expect(try await elected.get("/api/v1/projects").status == .forbidden)
            let partner = try await APIClient.make(client, store: store, email: world.a.account(.partner).email)
            #expect(try await partner.post("/api/v1/projects/\(id)/members", json: "{}").status == .forbidden)
        }
    }
}

@Suite("Potentials in the skills-and-needs interview")
struct PotentialsInterviewTests {
    @Test(
        "an interview suggests the open projects its answers point at, with their words; accepting one makes the person a member, a private project is never suggested",
        arguments: TestBackend.all)
    func interviewSuggestsProjectsToJoin(backend: TestBackend) async throws {
        try await withApp(backend, seed: PotentialsWorld.make) { world, client, store in
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            let garden = try await world.propose(agent, title: "Potager des Planches")
            _ = try await world.propose(agent, isPublic: false, title: "Potager secret")
            // Yanis is interviewed: he is in neither project.
            let actor = world.a.account(.agent).actor
            let service = store.learningService
            let id = try await service.start(resourceId: world.energies.professional.id, actor: actor)
            try await service.saveAnswer("J'adore mon potager et les plantes du balcon.", step: .likes, interviewId: id, actor: actor)
            let page = try await agent.get("/apprendre/entretiens/\(id.uuidString.lowercased())/suggestions").readable
            #expect(page.contains("Projet à rejoindre") && page.contains("Potager des Planches") && !page.contains("Potager secret"))
            let suggestions = try await service.suggestions(for: try await service.interview(id: id, actor: actor).interview)
            let project = try #require(suggestions.first { $0.kind == .project })
            #expect(project.target == "Potager des Planches" && project.explanation.contains("« potager »"))
            try await service.complete(interviewId: id, accepting: [project.key], actor: actor)
            let projectId = try #require(UUID(uuidString: String(garden.split(separator: "/").last!)))
            let people = try await store.potentials.people(projectId: projectId)
            #expect(people.contains { $0.resourceId == world.energies.professional.id && $0.role == .member })
            #expect(try await agent.get(garden).readable.contains("Yanis M. (membre, après son entretien)"))
        }
    }
}
