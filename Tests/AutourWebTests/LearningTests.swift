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

@Suite("Learning: the skills-and-needs interview and the wishes to teach or learn")
struct LearningTests {
    static let answers: [(Int, String)] = [
        (1, "Le matin je promène le chien, l'après-midi je regarde les voisins passer."),
        (2, "J'adore mon potager. Je fais des gâteaux pour les enfants du quartier."),
        (3, "J'ai réparé des vélos pendant vingt ans, et je bricole toujours."),
        (4, "J'aimerais apprendre à me servir de mon smartphone."),
        (5, "Le mardi après-midi."),
    ]

    /// Checkbox field of a suggestion on the page: `name="sN" value="kind:target"`.
    static func field(_ page: String, key: String) -> String? {
        guard let range = page.range(of: #"name="(s\d+)" value="\#(key)""#, options: .regularExpression) else { return nil }
        return String(page[range].split(separator: "\"")[1])
    }

    @Test(
        "an interview saved step by step suggests what the answers say with their words; only the accepted suggestions are kept, the answers are erased",
        arguments: TestBackend.all)
    func interviewJourney(backend: TestBackend) async throws {
        try await withApp(backend, seed: EnergiesWorld.make) { world, client, store in
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            let person = "/apprendre/personnes/\(world.volunteerResource.id.uuidString.lowercased())"
            #expect(try await agent.get(person).readable.contains("Commencer un entretien"))
            let started = try await agent.post(person + "/entretien", [])
            let step1 = try #require(started.headers[.location])
            #expect(step1.hasSuffix("/etape/1"))
            let base = String(step1.dropLast("/etape/1".count))

            // A draft kept at a step, and shown again.
            try await agent.get(step1)
            #expect(try await agent.post(step1, [("answer", Self.answers[0].1), ("draft", "1")]).headers[.location] == step1 + "?ok=brouillon")
            #expect(try await agent.get(step1).readable.contains("je promène le chien"))
            // A second start gives the same draft back.
            try await agent.get(person)
            #expect(try await agent.post(person + "/entretien", []).headers[.location] == base + "/etape/2")

            for (number, answer) in Self.answers {
                try await agent.get(base + "/etape/\(number)")
                let next = try await agent.post(base + "/etape/\(number)", [("answer", answer)])
                #expect(next.status == .seeOther)
            }
            let page = try await agent.get(base + "/suggestions")
            #expect(page.status == .ok)
            let text = page.readable
            // Camille already has « Jardinage » on her profile: not suggested again; the garden is a subject to teach.
            #expect(Self.field(text, key: "skill:Jardinage") == nil)
            #expect(text.contains("Jardinage au naturel") && text.contains("« potager »"))
            #expect(text.contains("J'adore mon potager."), "the sentence the words come from")
            let repair = try #require(Self.field(text, key: "skill:Petit bricolage"))
            let phone = try #require(Self.field(text, key: "learn:Smartphone et ordinateur"))
            #expect(Self.field(text, key: "skill:Cuisine et repas partagés") != nil)

            let done = try await agent.post(base + "/suggestions", [(repair, "skill:Petit bricolage"), (phone, "learn:Smartphone et ordinateur")])
            #expect(done.headers[.location]?.contains("ok=termine") == true)
            let profile = try #require(try await store.energies.resource(id: world.volunteerResource.id, territoryId: world.a.territory.id))
            #expect(profile.skills == ["Jardinage", "Petit bricolage"], "the discarded cooking skill is not added")
            let wishes = try await store.learning.wishes(territoryId: world.a.territory.id, resourceId: profile.id)
            #expect(wishes.map(\.subject) == ["Smartphone et ordinateur"] && wishes.first?.kind == .request)

            // What is stored: the two accepted suggestions with their words, no answer, nothing discarded.
            let sql = try store.database.db as! any SQLDatabase
            struct Row: Decodable { let answers: String }
            #expect(try await sql.select().column("answers").from("interviews").all(decoding: Row.self).map(\.answers) == ["{}"])
            struct Kept: Decodable { let target: String, evidence: String }
            let kept = try await sql.select().columns("target", "evidence").from("interview_suggestions").orderBy("target")
                .all(decoding: Kept.self)
            #expect(kept.map(\.target) == ["Petit bricolage", "Smartphone et ordinateur"])
            #expect(kept[0].evidence.contains("réparé") && kept[0].evidence.contains("bricole"))
            struct Any_: Decodable { let n: Int }
            let mentions = try await sql.raw(
                "SELECT COUNT(*) AS n FROM interview_suggestions WHERE evidence LIKE '%potager%' OR target LIKE '%Cuisine%'"
            ).first(decoding: Any_.self)
            #expect(mentions?.n == 0)

            let after = try await agent.get(person).readable
            #expect(after.contains("Compétence pour le profil : Petit bricolage"))
            #expect(after.contains("J'aimerais apprendre : <strong>Smartphone et ordinateur</strong>"))
            // The finished interview's steps no longer take answers.
            #expect(try await agent.get(base + "/etape/2").headers[.location] == person)
        }
    }

    @Test("a volunteer runs their own interview and sees only their own learning page; a partner has no learning pages")
    func volunteersOwnPage() async throws {
        try await withApp(.sqlite, seed: EnergiesWorld.make) { world, client, _ in
            let volunteer = Browser(client)
            try await volunteer.logIn(world.a.account(.volunteer).email)
            let own = "/apprendre/personnes/\(world.volunteerResource.id.uuidString.lowercased())"
            #expect(try await volunteer.get("/apprendre").readable.contains("<a href=\"\(own)\">Ma page"))
            #expect(try await volunteer.get(own).status == .ok)
            #expect(try await volunteer.post(own + "/entretien", []).status == .seeOther)
            let other = "/apprendre/personnes/\(world.professional.id.uuidString.lowercased())"
            #expect(try await volunteer.get(other).status == .forbidden)
            #expect(try await volunteer.get("/apprendre/lexique").status == .forbidden)

            let partner = Browser(client)
            try await partner.logIn(world.a.account(.partner).email)
            #expect(try await partner.get("/apprendre").status == .forbidden)
            #expect(try await partner.get(own).status == .forbidden)
        }
    }

    @Test("an answer too long is refused with its length and shown again as typed; nothing of it is stored")
    func tooLongAnswer() async throws {
        try await withApp(.sqlite, seed: EnergiesWorld.make) { world, client, store in
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            let person = "/apprendre/personnes/\(world.professional.id.uuidString.lowercased())"
            try await agent.get(person)
            let step = try #require(try await agent.post(person + "/entretien", []).headers[.location])
            try await agent.get(step)
            let long = String(repeating: "jardin ", count: 700)
            let refused = try await agent.post(step, [("answer", long)])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.readable.contains("4000 caractères au plus"))
            #expect(refused.readable.contains(String(long.prefix(200))))
            let drafts = try await store.learning.drafts(territoryId: world.a.territory.id)
            #expect(drafts.count == 1 && drafts[0].answers.isEmpty)
        }
    }

    @Test("the coordinator's lexicon changes what the interview suggests; a phrase is refused with its reason")
    func lexiconEdits() async throws {
        try await withApp(.sqlite, seed: EnergiesWorld.make) { world, client, store in
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let page = try await coordinator.get("/apprendre/lexique").readable
            #expect(page.contains("Racines : "))
            let entries = try await store.learning.lexicon(territoryId: world.a.territory.id)
            let music = try #require(entries.firstIndex { $0.target == "Musique et chant" })
            let refused = try await coordinator.post("/apprendre/lexique", [("cues\(music)", "musique, accordéon diatonique")])
            #expect(refused.status == .unprocessableContent && refused.readable.contains("un seul mot par virgule"))
            #expect(try await coordinator.post("/apprendre/lexique", [("cues\(music)", "musique, accordéon")]).status == .seeOther)
            let saved = try await store.learning.lexicon(territoryId: world.a.territory.id)
            #expect(saved.count == entries.count && saved[music].cues == ["musique", "accordéon"])
            let suggestions = InterviewAnalysis.suggest([.knows: "Je joue de l'accordéon depuis l'enfance."], lexicon: saved)
            #expect(suggestions.map(\.key) == ["teach:Musique et chant"])
        }
    }

    /// Camille (volunteer account) hosts; Léa (another volunteer account) and Yanis (no account) learn.
    static func trainingWorld(_ store: Store) async throws -> (world: EnergiesWorld, lea: ResourcePerson, leaAccount: Account) {
        let world = try await EnergiesWorld.make(store)
        let a = world.a
        let leaAccount = try await store.accounts.create(
            territoryId: a.territory.id, email: "lea@alpha.test", name: "Léa", roles: [.volunteer], password: Fixture.password,
            isSocialWorker: false)
        let skills = try await store.energies.skills(territoryId: a.territory.id)
        let lea = try await store.energies.createResource(
            try ResourceRules.validate(
                ResourcePersonInput(
                    name: "Léa D.", skills: ["Cuisine et repas partagés"], availability: [], neighbourhoods: ["Centre"], maxMinutesPerMonth: 600,
                    motivations: [], professional: false, accountId: leaAccount.id), skills: skills, territory: a.territory),
            actor: a.account(.coordinator).actor)
        for (account, name) in [(a.account(.volunteer), "Camille"), (leaAccount, "Léa")] {
            _ = try await store.timeBank.openMemberAccount(ownerId: account.id, name: name, territoryId: a.territory.id)
        }
        return (world, lea, leaAccount)
    }

    @Test(
        "a neighbour offers a session at home, one learner is seated and one waits until a place frees; the address shows only to those seated; attendance pays the host in time once and counts in the reciprocity",
        arguments: TestBackend.all)
    func peerTrainingJourney(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await withApp(backend, clock: clock.wallClock, seed: Self.trainingWorld) { seed, client, store in
            let (world, lea, leaAccount) = seed
            let camille = Browser(client)
            try await camille.logIn(world.a.account(.volunteer).email)
            try await camille.get("/apprendre/seances/nouvelle")
            let start = ConvivialityTests.localTime(clock.now.addingTimeInterval(2 * 86400))
            let end = ConvivialityTests.localTime(clock.now.addingTimeInterval(2 * 86400 + 5400))
            let money = try await camille.post(
                "/apprendre/seances",
                [
                    ("subject", "jardinage au naturel"), ("title", "Semis d'automne, 5 € la séance"), ("homeAddress", "12 rue des Lilas"),
                    ("neighbourhood", "Nord"), ("startsAt", start), ("endsAt", end), ("capacity", "1"), ("timeMinutes", "60"),
                ])
            #expect(money.status == .unprocessableContent && money.readable.contains("jamais en argent"))
            let created = try await camille.post(
                "/apprendre/seances",
                [
                    ("subject", "Jardinage au naturel"), ("title", "Semis d'automne"), ("homeAddress", "12 rue des Lilas"), ("neighbourhood", "Nord"),
                    ("startsAt", start), ("endsAt", end), ("capacity", "1"), ("timeMinutes", "60"),
                ])
            let path = try #require(created.headers[.location]).components(separatedBy: "?")[0]
            #expect(try await camille.get(path).readable.contains("12 rue des Lilas"), "the host reads the address")

            let leaBrowser = Browser(client)
            try await leaBrowser.logIn(leaAccount.email)
            let before = try await leaBrowser.get(path).readable
            #expect(before.contains("Chez un·e habitant·e (Nord)") && !before.contains("12 rue des Lilas"))
            #expect(try await leaBrowser.post(path + "/inscriptions", [("resource", lea.id.uuidString)]).headers[.location]?.contains("inscrit") == true)
            #expect(try await leaBrowser.get(path).readable.contains("12 rue des Lilas"), "seated: the address shows")
            // Léa cannot enrol someone else.
            #expect(try await leaBrowser.post(path + "/inscriptions", [("resource", world.professional.id.uuidString)]).status == .forbidden)

            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            try await agent.get(path)
            #expect(
                try await agent.post(path + "/inscriptions", [("resource", world.professional.id.uuidString)]).headers[.location]?.contains("attente") == true)
            // Léa withdraws: Yanis is seated; she enrols again and waits behind no one… but the session is full.
            try await leaBrowser.get(path)
            try await leaBrowser.post(path + "/inscriptions/\(lea.id.uuidString)/retirer", [])
            var enrolments = try await store.learning.enrolments(sessionId: try #require(UUID(uuidString: String(path.split(separator: "/").last!))))
            #expect(enrolments.map(\.status) == [.confirmed] && enrolments[0].resourceId == world.professional.id)
            try await leaBrowser.get(path)
            try await leaBrowser.post(path + "/inscriptions", [("resource", lea.id.uuidString)])
            let sessionId = try #require(UUID(uuidString: String(path.split(separator: "/").last!)))
            // Yanis withdraws (by the agent): Léa is seated again.
            try await agent.get(path)
            try await agent.post(path + "/inscriptions/\(world.professional.id.uuidString)/retirer", [])
            enrolments = try await store.learning.enrolments(sessionId: sessionId)
            #expect(enrolments.map(\.resourceId) == [lea.id] && enrolments[0].status == .confirmed)

            // Before it starts, attendance cannot be noted; after, the host notes it and Léa pays one hour, once.
            try await camille.get(path)
            #expect(try await camille.post(path + "/presence", [("present_\(lea.id.uuidString)", "1")]).status == .unprocessableContent)
            clock.advance(by: 2 * 86400 + 3600)
            // Two days later: sessions idle that long have ended, both log in again.
            try await camille.logIn(world.a.account(.volunteer).email)
            try await leaBrowser.logIn(leaAccount.email)
            for _ in 0..<2 {
                try await camille.get(path)
                let noted = try await camille.post(path + "/presence", [("present_\(lea.id.uuidString)", "1")])
                #expect(noted.headers[.location]?.contains("paid=1") == true)
            }
            let camilleAccount = try #require(try await store.timeBank.account(ownerId: world.a.account(.volunteer).id))
            let leaTime = try #require(try await store.timeBank.account(ownerId: leaAccount.id))
            #expect(try await store.timeBank.history(accountId: camilleAccount.id).map(\.minutes) == [60])
            #expect(try await store.timeBank.history(accountId: leaTime.id).map(\.minutes) == [-60])
            let reciprocity = try await store.learningService.reciprocity(actor: world.a.account(.agent).actor)
            #expect(reciprocity.learners == 1 && reciprocity.alsoTeach == 0)
            #expect(try await leaBrowser.get("/apprendre/personnes/\(lea.id.uuidString.lowercased())").readable.contains("A appris 1 fois et transmis 0 fois"))
        }
    }

    @Test("a social topic needs a professional co-host: refused without one, accepted with one")
    func socialTopicNeedsAProfessional() async throws {
        try await withApp(.sqlite, seed: EnergiesWorld.make) { world, client, _ in
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            try await agent.get("/apprendre/seances/nouvelle")
            let tomorrow = Date().addingTimeInterval(86400)
            var fields = [
                ("subject", "Comprendre ses droits"), ("title", "Les aides au logement expliquées"), ("host", world.volunteerResource.id.uuidString),
                ("placeId", ""), ("homeAddress", "3 place du Marché"), ("startsAt", ConvivialityTests.localTime(tomorrow)),
                ("endsAt", ConvivialityTests.localTime(tomorrow.addingTimeInterval(3600))), ("capacity", "8"), ("timeMinutes", "0"),
            ]
            let refused = try await agent.post("/apprendre/seances", fields)
            #expect(refused.status == .unprocessableContent && refused.readable.contains("un·e professionnel·le co-anime la séance"))
            fields.append(("cohost", world.professional.id.uuidString))
            let accepted = try await agent.post("/apprendre/seances", fields)
            #expect(accepted.status == .seeOther)
            #expect(try await agent.get(try #require(accepted.headers[.location])).readable.contains("sujet social, co-animé"))
        }
    }

    @Test(
        "the API: a price in money is refused as a field the contract does not know, a session is created and enrolled in, an interview runs to its accepted suggestions"
    )
    func api() async throws {
        try await withApp(.sqlite, seed: EnergiesWorld.make) { world, client, store in
            let agent = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            let start = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400))
            let end = ISO8601DateFormatter().string(from: Date().addingTimeInterval(90_000))
            let body =
                #"{"subject":"Jardinage au naturel","title":"Semis","hostId":"\#(world.volunteerResource.id)","homeAddress":"1 rue","startsAt":"\#(start)","endsAt":"\#(end)","capacity":4"#
            let priced = try await agent.post("/api/v1/learning/sessions", json: body + #","priceCents":500}"#)
            #expect(priced.status == .badRequest, "\(priced.text)")
            let created = try await agent.post("/api/v1/learning/sessions", json: body + "}")
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["venue"] as? String == "Chez un·e habitant·e" && !created.text.contains("1 rue"))
            let enrolled = try await agent.post("/api/v1/learning/sessions/\(id)/enrolments", json: #"{"resourceId":"\#(world.professional.id)"}"#)
            #expect(enrolled.status == .created && enrolled.json["status"] as? String == "confirmed")
            let list = try await agent.get("/api/v1/learning/sessions")
            #expect((list.json["items"] as? [[String: Any]])?.first?["confirmed"] as? Int == 1)

            let interview = try await agent.post("/api/v1/learning/interviews", json: #"{"resourceId":"\#(world.professional.id)"}"#)
            let interviewId = try #require(interview.json["id"] as? String)
            #expect(interview.json["nextStep"] as? String == "daily")
            let saved = try await client.execute(
                uri: "/api/v1/learning/interviews/\(interviewId)/answers/knows", method: .put,
                headers: [.authorization: "Bearer \(agent.token)", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"text":"Je traduis de l'arabe et je répare des meubles."}"#))
            #expect(saved.status == .noContent)
            let suggestions = try await agent.get("/api/v1/learning/interviews/\(interviewId)/suggestions")
            let items = try #require(suggestions.json["items"] as? [[String: Any]])
            let keys = items.compactMap { $0["key"] as? String }
            #expect(keys.contains("skill:Traduction et interprétariat") && keys.contains("skill:Petit bricolage"))
            let evidence = try #require((items.first { $0["key"] as? String == "skill:Petit bricolage" })?["evidence"] as? [[String: Any]])
            #expect(evidence.first?["words"] as? [String] == ["répare", "meubles"])
            let done = try await agent.post(
                "/api/v1/learning/interviews/\(interviewId)/complete", json: #"{"accept":["skill:Petit bricolage","skill:Inventée"]}"#)
            #expect(done.status == .noContent)
            let profile = try #require(try await store.energies.resource(id: world.professional.id, territoryId: world.a.territory.id))
            #expect(profile.skills == ["Jardinage", "Aide administrative", "Petit bricolage"], "a key no suggestion made is ignored")
        }
    }

    @Test(
        "an audit scores an equipment by dimension, its actions are followed, a re-audit that finds a criterion met closes its action; the public page shows the scores",
        arguments: TestBackend.all)
    func inclusionAudit(backend: TestBackend) async throws {
        try await withApp(backend, seed: EnergiesWorld.make) { world, client, store in
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            try await coordinator.get("/inclusion")
            let added = try await coordinator.post("/inclusion/equipements", [("name", "Médiathèque"), ("kind", "médiathèque"), ("address", "2 rue")])
            let page = try #require(added.headers[.location]).components(separatedBy: "?")[0]
            let grid = try await store.inclusion.grid(territoryId: world.a.territory.id)
            #expect(grid.count == InclusionRules.defaultGrid.count)

            // A volunteer auditor on a phone: every criterion answered, the ramp missing.
            let volunteer = Browser(client)
            try await volunteer.logIn(world.a.account(.volunteer).email)
            try await volunteer.get(page + "/audit")
            let today = FrenchTime.day(Date())
            let ramp = grid[0]
            func answers(ramp answer: String) -> [(String, String)] {
                [("auditedOn", today), ("auditors", "Camille, Yanis")]
                    + grid.map { ("c" + $0.id.uuidString, $0.id == ramp.id ? answer : $0.dimension == .signLanguage ? "not_applicable" : "met") }
            }
            let incomplete = try await volunteer.post(page + "/audit", Array(answers(ramp: "not_met").dropLast()))
            #expect(incomplete.status == .unprocessableContent && incomplete.readable.contains("Répondez à ce critère"))
            #expect(try await volunteer.post(page + "/audit", answers(ramp: "not_met")).status == .seeOther)
            let first = try await volunteer.get(page).readable
            #expect(first.contains("<td>67 %</td>"), "physical access: 2 of 3 met")
            #expect(first.contains("<th scope=\"row\">Langue des signes</th><td>—</td>"))

            try await volunteer.post(
                page + "/actions",
                [("criterion", ramp.id.uuidString), ("text", "Poser une rampe amovible"), ("owner", "Services techniques"), ("dueOn", "2099-01-31")])
            #expect(try await store.inclusion.actions(equipmentId: try #require(UUID(uuidString: String(page.split(separator: "/").last!)))).count == 1)
            // An action on a criterion the audit found met is refused.
            let met = try await volunteer.post(
                page + "/actions", [("criterion", grid[1].id.uuidString), ("text", "Rien"), ("owner", "X"), ("dueOn", "2099-01-31")])
            #expect(met.status == .unprocessableContent)

            // The re-audit finds the ramp: the action is closed by it, the scores side by side.
            try await volunteer.get(page + "/audit")
            let reaudit = try await volunteer.post(page + "/audit", answers(ramp: "met"))
            #expect(reaudit.headers[.location]?.contains("levees=1") == true)
            let after = try await volunteer.get(page).readable
            #expect(after.contains("<td>67 %</td><td>100 %</td>"))
            #expect(after.contains("Poser une rampe amovible — Services techniques : levée par l'audit du"))

            let anonymous = try await client.execute(uri: "/inclusion-publique/alpha", method: .get, headers: [:])
            #expect(anonymous.status == .ok)
            #expect(anonymous.readable.contains("Accès physique : 100 %") && !anonymous.readable.contains("Camille"))
            // The API: the same scores, and an audit that closes nothing more.
            let api = try await APIClient.make(client, store: store, email: world.a.account(.elected).email)
            let listed = try #require((try await api.get("/api/v1/inclusion/equipment").json["items"] as? [[String: Any]])?.first)
            #expect((listed["scores"] as? [[String: Any]])?.first?["score"] as? Int == 100 && listed["openActions"] as? Int == 0)
            let agentAPI = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            let json = grid.map { #"{"criterionId":"\#($0.id)","answer":"met"}"# }.joined(separator: ",")
            let recorded = try await agentAPI.post(
                "/api/v1/inclusion/equipment/\(page.split(separator: "/").last!)/audits",
                json: #"{"auditedOn":"\#(today)","auditors":"Léa","answers":[\#(json)]}"#)
            #expect(recorded.status == .created && recorded.json["closedActions"] as? Int == 0)
            // The grid is the coordinator's; a volunteer cannot change it.
            #expect(try await volunteer.get("/inclusion/grille").status == .forbidden)
        }
    }
}
