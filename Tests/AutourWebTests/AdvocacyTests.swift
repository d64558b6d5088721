import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Territory A with a founded charter of two articles, a parliament of seven members — the
/// volunteer, elected and partner accounts, three inhabitants voting on paper, all trained, and
/// Lina, not yet trained — and a session everyone but Lina attends. Six members sit: the
/// quorum (50 %) is three ballots.
struct AdvocacyWorld: Sendable {
    let a: Fixture
    let session: UUID
    let paper: [UUID]
    let untrained: UUID

    static let articles = [
        ("Respect", "Chaque personne est accueillie avec égards."), ("Délais", "Une réclamation reçoit une réponse sous quinze jours."),
    ]

    static func make(_ store: Store) async throws -> AdvocacyWorld {
        let a = try await Fixture.make(store, slug: "alpha")
        _ = try await Fixture.make(store, slug: "beta")
        let boss = a.account(.coordinator).actor
        let service = store.advocacyService
        try await service.found(articles, actor: boss)
        for (role, kind, age) in [(Role.volunteer, "inhabitant", "30-44"), (.elected, "elected", "60-74"), (.partner, "partner", "")] {
            _ = try await service.addMember(
                MemberInput(name: a.account(role).name, kind: kind, accountId: a.account(role).id.uuidString, trainedOn: "2026-01-10", ageBand: age),
                territory: a.territory, actor: boss)
        }
        var paper: [UUID] = []
        for (name, age) in [("Odile M.", "60-74"), ("Rachid B.", "45-59"), ("Maëlle K.", "75+")] {
            paper.append(
                try await service.addMember(
                    MemberInput(name: name, kind: "inhabitant", trainedOn: "2026-01-10", ageBand: age, gender: "femme", neighbourhood: "Nord"),
                    territory: a.territory, actor: boss))
        }
        let untrained = try await service.addMember(
            MemberInput(name: "Lina F.", kind: "inhabitant", ageBand: "18-29"), territory: a.territory, actor: boss)
        let session = try await service.createSession(title: "Séance d'automne", meetsOn: "2026-11-20", agenda: "La charte.", actor: boss)
        let sitting = try await service.members(actor: boss).filter(\.maySit).map(\.id)
        try await service.setAttendance(sessionId: session, present: Set(sitting), actor: boss)
        return AdvocacyWorld(a: a, session: session, paper: paper, untrained: untrained)
    }

    var sessionPath: String { "/plaidoyer/seances/\(session.uuidString.lowercased())" }

    /// The volunteer tables a change of article 2 on the session's page; returns the amendment's page.
    func table(_ volunteer: Browser) async throws -> String {
        try await volunteer.get(sessionPath)
        let tabled = try await volunteer.post(
            sessionPath + "/amendements",
            [
                ("kind", "change"), ("article", "2"), ("title", "Délais"), ("text", "Une réclamation reçoit une réponse écrite sous sept jours."),
                ("reasons", "Quinze jours, c'est trop long quand le chauffage est en panne."),
            ])
        #expect(tabled.status == .seeOther, "\(tabled.readable)")
        return try #require(tabled.headers[.location]).components(separatedBy: "?")[0]
    }

    /// The volunteer, logged in, tables the amendment: their browser, its page and its id.
    func tabled(_ client: any TestClientProtocol) async throws -> (Browser, String, UUID) {
        let volunteer = Browser(client)
        try await volunteer.logIn(a.account(.volunteer).email)
        let path = try await table(volunteer)
        return (volunteer, path, try #require(UUID(uuidString: path.components(separatedBy: "/").last!)))
    }

    /// Posts a form of the amendment's page after loading it (the CSRF field).
    static func act(_ browser: Browser, _ path: String, _ action: String, _ fields: [(String, String)] = []) async throws -> TestResponse {
        try await browser.get(path)
        return try await browser.post(path + "/" + action, fields)
    }

    static func tallyId(_ browser: Browser, _ path: String) async throws -> String {
        let page = try await browser.get(path).text
        let range = try #require(page.range(of: #"name="tally" value="[0-9a-f-]{36}""#, options: .regularExpression))
        return String(page[range].dropLast().suffix(36))
    }
}

@Suite("Advocacy: the charter and its parliament, the label, the local social council")
struct AdvocacyTests {
    @Test(
        "a session adopts an amendment that changes the public charter, with its new fingerprint and its differences; the count stays secret until the vote closes and a paper count needs a second officer",
        arguments: TestBackend.all)
    func adoption(backend: TestBackend) async throws {
        try await withApp(backend, seed: AdvocacyWorld.make) { world, client, store in
            let (volunteer, path, _) = try await world.tabled(client)
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            #expect(try await AdvocacyWorld.act(coordinator, path, "ouvrir").status == .seeOther)

            #expect(try await volunteer.get(path).readable.contains("Mettre mon bulletin dans l'urne"))
            #expect(try await AdvocacyWorld.act(volunteer, path, "voter", [("choice", "yes")]).status == .seeOther)
            let elected = Browser(client)
            try await elected.logIn(world.a.account(.elected).email)
            #expect(try await AdvocacyWorld.act(elected, path, "voter", [("choice", "yes")]).status == .seeOther)
            // Nobody reads the count while the vote is open, not even the officers, nor the API.
            let open = try await coordinator.get(path).readable
            #expect(open.contains("2 bulletin(s) dans l'urne") && !open.contains("Dépouillement") && !open.contains("<td>2</td>"))
            let id = path.components(separatedBy: "/").last!
            let api = try await APIClient.make(client, store: store, email: world.a.account(.coordinator).email)
            let secret = try await api.get("/api/v1/amendments/\(id)")
            #expect(secret.json["state"] as? String == "voting" && secret.json["result"] == nil && secret.json["ballots"] as? Int == 2)

            // Odile voted against on paper: the agent enters the count, a second officer confirms it.
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            let odile = world.paper[0].uuidString.lowercased()
            #expect(
                try await AdvocacyWorld.act(agent, path, "papier", [("paper_\(odile)", "1"), ("yes", "0"), ("no", "1"), ("abstain", "0")]).status
                    == .seeOther)
            let tally = try await AdvocacyWorld.tallyId(agent, path)
            let self_ = try await agent.post(path + "/papier/confirmer", [("tally", tally)])
            #expect(self_.status == .unprocessableContent && self_.readable.contains("second·e assesseur·e"))
            #expect(try await AdvocacyWorld.act(coordinator, path, "papier/confirmer", [("tally", tally)]).status == .seeOther)
            #expect(try await coordinator.get(path).readable.contains("3 bulletin(s) dans l'urne"))

            #expect(try await AdvocacyWorld.act(coordinator, path, "clore").status == .seeOther)
            let closed = try await volunteer.get(path).readable
            #expect(closed.contains("Résultat : Adopté") && closed.contains("<td>2</td><td>1</td><td>0</td>"))
            #expect(closed.contains("/charte/alpha/versions/2"))

            let versions = try await store.advocacy.versions(territoryId: world.a.territory.id)
            #expect(versions.map(\.number) == [1, 2])
            #expect(versions[1].articles[1].text == "Une réclamation reçoit une réponse écrite sous sept jours.")
            #expect(versions[1].fingerprint == CharterRules.fingerprint(versions[1].articles) && versions[1].fingerprint != versions[0].fingerprint)
            let anyone = Browser(client)
            let charter = try await anyone.get("/charte/alpha").readable
            #expect(charter.contains("Version 2") && charter.contains(versions[1].fingerprint) && charter.contains("réponse écrite sous sept jours"))
            let version = try await anyone.get("/charte/alpha/versions/2").text
            #expect(version.contains(#"<del><span class="sr-only">[retiré : </span>quinze"#))
            #expect(version.contains(#"<ins><span class="sr-only">[ajouté : </span>écrite"#))
            #expect(version.contains(versions[1].fingerprint))
        }
    }

    @Test(
        "one member, one vote: a second ballot, a ballot after a declared conflict, a conflict declared after voting, an untrained or absent member are refused, and a paper count is confirmed once",
        arguments: TestBackend.all)
    func oneVote(backend: TestBackend) async throws {
        try await withApp(backend, seed: AdvocacyWorld.make) { world, client, store in
            let (volunteer, path, amendmentId) = try await world.tabled(client)
            let service = store.advocacyService
            let coordinator = world.a.account(.coordinator).actor
            try await service.openVote(amendmentId: amendmentId, actor: coordinator)

            #expect(try await AdvocacyWorld.act(volunteer, path, "voter", [("choice", "no")]).status == .seeOther)
            let twice = try await AdvocacyWorld.act(volunteer, path, "voter", [("choice", "yes")])
            #expect(twice.status == .unprocessableContent && twice.readable.contains("déjà voté"))

            let elected = Browser(client)
            try await elected.logIn(world.a.account(.elected).email)
            #expect(
                try await AdvocacyWorld.act(elected, path, "conflit", [("note", "Mon épouse préside une association concernée.")]).status == .seeOther)
            let conflicted = try await AdvocacyWorld.act(elected, path, "voter", [("choice", "yes")])
            #expect(conflicted.status == .unprocessableContent && conflicted.readable.contains("conflit d'intérêts"))
            #expect(try await volunteer.get(path).readable.contains("Mon épouse préside une association concernée."), "conflicts are public")

            let late = try await AdvocacyWorld.act(volunteer, path, "conflit", [("note", "Je travaille pour le bailleur.")])
            #expect(late.status == .unprocessableContent && late.readable.contains("avant de voter"))

            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            let lina = world.untrained.uuidString.lowercased()
            let untrained = try await AdvocacyWorld.act(agent, path, "papier", [("paper_\(lina)", "1"), ("yes", "1"), ("no", "0"), ("abstain", "0")])
            #expect(untrained.status == .unprocessableContent && untrained.readable.contains("formation"))
            // Odile leaves before the vote: she is no longer present.
            let everyone = try await service.attendance(sessionId: world.session, actor: coordinator)
            try await service.setAttendance(sessionId: world.session, present: everyone.subtracting([world.paper[0]]), actor: coordinator)
            let odile = world.paper[0].uuidString.lowercased()
            let absent = try await AdvocacyWorld.act(agent, path, "papier", [("paper_\(odile)", "1"), ("yes", "1"), ("no", "0"), ("abstain", "0")])
            #expect(absent.status == .unprocessableContent && absent.readable.contains("présents"))
            let mismatch = try await AdvocacyWorld.act(
                agent, path, "papier", [("paper_\(world.paper[1].uuidString.lowercased())", "1"), ("yes", "2"), ("no", "0"), ("abstain", "0")])
            #expect(mismatch.status == .unprocessableContent && mismatch.readable.contains("ne tombe pas juste"))

            // Rachid and Maëlle on paper; two officers confirming at once count them once.
            try await service.enterTally(
                yes: "2", no: "0", abstain: "0", members: [world.paper[1], world.paper[2]], amendmentId: amendmentId,
                actor: world.a.account(.agent).actor)
            let tally = try #require(try await service.tallies(amendmentId: amendmentId, actor: coordinator).first)
            let confirmations = (0..<2).map { _ in Task { try await service.confirmTally(tally.id, amendmentId: amendmentId, actor: coordinator) } }
            var confirmed = 0
            for confirmation in confirmations where (try? await confirmation.value) != nil { confirmed += 1 }
            #expect(confirmed == 1)
            let closed = try await service.closeVote(amendmentId: amendmentId, actor: coordinator)
            #expect(closed.result == VoteResult(yes: 2, no: 1, abstain: 0, quorum: 3) && closed.state == .adopted)
        }
    }

    @Test(
        "a member's home page lists the votes they may still cast, until they vote; the members' declared profiles are read by the officers only",
        arguments: TestBackend.all)
    func homeAndProfiles(backend: TestBackend) async throws {
        try await withApp(backend, seed: AdvocacyWorld.make) { world, client, store in
            let (volunteer, path, amendmentId) = try await world.tabled(client)
            #expect(!(try await volunteer.get("/").readable.contains("Vote ouvert")))
            try await store.advocacyService.openVote(amendmentId: amendmentId, actor: world.a.account(.coordinator).actor)
            let home = try await volunteer.get("/").readable
            #expect(home.contains("Vote ouvert : « Délais »") && home.contains(path))
            #expect(try await AdvocacyWorld.act(volunteer, path, "voter", [("choice", "abstain")]).status == .seeOther)
            #expect(!(try await volunteer.get("/").readable.contains("Vote ouvert")))
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            #expect(!(try await agent.get("/").readable.contains("Vote ouvert")), "officers do not vote")

            #expect(!(try await volunteer.get("/plaidoyer/membres").readable.contains("75+")))
            #expect(try await agent.get("/plaidoyer/membres").readable.contains("75+ · femme · Nord"))
        }
    }

    @Test(
        "the quorum holds: a vote cannot open when the members present cannot reach it, and one closed without it changes nothing and can be held again",
        arguments: TestBackend.all)
    func quorum(backend: TestBackend) async throws {
        try await withApp(backend, seed: AdvocacyWorld.make) { world, client, store in
            let (volunteer, path, amendmentId) = try await world.tabled(client)
            let service = store.advocacyService
            let coordinator = world.a.account(.coordinator).actor
            try await service.setAttendance(sessionId: world.session, present: [world.paper[0], world.paper[1]], actor: coordinator)
            let officer = Browser(client)
            try await officer.logIn(world.a.account(.coordinator).email)
            let refused = try await AdvocacyWorld.act(officer, path, "ouvrir")
            #expect(refused.status == .unprocessableContent && refused.readable.contains("Quorum impossible : 2 membre(s)"))

            let sitting = try await service.members(actor: coordinator).filter(\.maySit).map(\.id)
            try await service.setAttendance(sessionId: world.session, present: Set(sitting), actor: coordinator)
            #expect(try await AdvocacyWorld.act(officer, path, "ouvrir").status == .seeOther)
            #expect(try await AdvocacyWorld.act(volunteer, path, "voter", [("choice", "yes")]).status == .seeOther)
            #expect(try await AdvocacyWorld.act(officer, path, "clore").status == .seeOther)
            let page = try await officer.get(path).readable
            #expect(page.contains("Résultat : Quorum non atteint") && page.contains("quorum 3, non atteint"))
            #expect(try await store.advocacy.versions(territoryId: world.a.territory.id).count == 1, "the charter is unchanged")

            // Held again at a later session: the ballot box starts empty.
            #expect(try await AdvocacyWorld.act(officer, path, "ouvrir").status == .seeOther)
            #expect(try await service.amendment(id: amendmentId, actor: coordinator).ballots == 0)
            #expect(try await AdvocacyWorld.act(volunteer, path, "voter", [("choice", "yes")]).status == .seeOther)
        }
    }

    @Test(
        "before a vote, the session's page compares the members present with the territory's reference composition and warns of an under-represented group",
        arguments: TestBackend.all)
    func representativeness(backend: TestBackend) async throws {
        try await withApp(backend, seed: AdvocacyWorld.make) { world, client, store in
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            #expect(try await agent.get(world.sessionPath).readable.contains("composition de référence du territoire n'est pas encore saisie"))
            try await store.convivialityService.setReference(
                ["0-17": 20, "18-29": 24, "30-44": 26, "45-59": 10, "60-74": 10, "75+": 10], attribute: .ageBand, territory: world.a.territory,
                actor: world.a.account(.coordinator).actor)
            let page = try await agent.get(world.sessionPath).readable
            #expect(page.contains("des groupes sont sous-représentés"))
            // 24 of the 80 adults are 18-29; none of the five members present who gave their age.
            #expect(page.contains("Tranche d'âge « 18-29 » : 0 % des présent·es pour 30 % du territoire."))
            #expect(!page.contains("« 60-74 » :"), "two of five present for an eighth of the territory")
        }
    }

    @Test(
        "an actor is labelled after an audit article by article: an auditor linked to it is refused, a full label needs every article met, the public catalogue and its map show it with its justification, and a withdrawal publishes its reason",
        arguments: TestBackend.all)
    func labelling(backend: TestBackend) async throws {
        try await withApp(backend, seed: AdvocacyWorld.make) { world, client, store in
            _ = try await store.basins.importCommunes(boundariesAround: (world.a.territory.communes, 1))
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            try await agent.get("/plaidoyer/labels")
            let missing = try await agent.post(
                "/plaidoyer/labels", [("name", "Boulangerie du Marché"), ("kind", "company"), ("commune", "23096"), ("evidence1", "Un accueil soigné.")])
            #expect(missing.status == .unprocessableContent && missing.readable.contains("Ce que l'acteur montre : de 10 à 3000 caractères."))
            try await agent.get("/plaidoyer/labels")
            let unknown = try await agent.post(
                "/plaidoyer/labels",
                [
                    ("name", "Boulangerie du Marché"), ("kind", "company"), ("commune", "23096"), ("structureId", "pas-dans-l-annuaire"),
                    ("evidence1", "Un accueil soigné, des chaises pour attendre."), ("evidence2", "Un cahier de réclamations, réponses sous huit jours."),
                ])
            #expect(unknown.status == .unprocessableContent && unknown.readable.contains("Choisissez une structure de l'annuaire du territoire"))
            #expect(try await store.advocacy.actors(territoryId: world.a.territory.id).isEmpty, "nothing stored")
            let applied = try await agent.post(
                "/plaidoyer/labels",
                [
                    ("name", "Boulangerie du Marché"), ("kind", "company"), ("commune", "23096"), ("address", "2 place du Marché"),
                    ("evidence1", "Un accueil soigné, des chaises pour attendre."), ("evidence2", "Un cahier de réclamations, réponses sous huit jours."),
                ])
            #expect(applied.status == .seeOther)
            let path = try #require(applied.headers[.location]).components(separatedBy: "?")[0]
            let applicationId = try #require(UUID(uuidString: path.components(separatedBy: "/").last!))
            let actor = try #require(try await store.advocacy.actors(territoryId: world.a.territory.id).first)

            // The baker's nephew sits in the parliament: he does not audit his uncle's shop.
            let service = store.advocacyService
            let boss = world.a.account(.coordinator).actor
            let nephew = try await service.addMember(
                MemberInput(name: "Paul N.", kind: "inhabitant", trainedOn: "2026-02-01", actorId: actor.id.uuidString), territory: world.a.territory,
                actor: boss)
            try await agent.get(path)
            let linked = try await agent.post(path + "/audit", [("article", "1"), ("met1", "yes"), ("comment1", "Vu."), ("memberId1", nephew.uuidString)])
            #expect(linked.status == .unprocessableContent && linked.readable.contains("n'audite pas l'acteur auquel il ou elle est lié·e"))

            let volunteer = Browser(client)
            try await volunteer.logIn(world.a.account(.volunteer).email)
            #expect(
                try await AdvocacyWorld.act(volunteer, path, "audit", [("article", "1"), ("met1", "yes"), ("comment1", "Accueil constaté.")]).status
                    == .seeOther)
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let early = try await AdvocacyWorld.act(coordinator, path, "decision", [("decision", "labelled"), ("justification", "Tout est en ordre.")])
            #expect(early.status == .unprocessableContent && early.readable.contains("L'article 2 n'a pas encore été audité."))
            #expect(
                try await AdvocacyWorld.act(volunteer, path, "audit", [("article", "2"), ("met2", "no"), ("comment2", "Le cahier n'existe pas.")]).status
                    == .seeOther)
            let unmet = try await AdvocacyWorld.act(coordinator, path, "decision", [("decision", "labelled"), ("justification", "Tout est en ordre.")])
            #expect(unmet.status == .unprocessableContent && unmet.readable.contains("L'article 2 n'est pas respecté"))
            // A second look: the shop now keeps the book; the auditor's new finding replaces the first.
            #expect(
                try await AdvocacyWorld.act(volunteer, path, "audit", [("article", "2"), ("met2", "yes"), ("comment2", "Le cahier est en caisse.")]).status
                    == .seeOther)
            #expect(
                try await AdvocacyWorld.act(
                    coordinator, path, "decision", [("decision", "labelled"), ("justification", "Accueil et réclamations vérifiés sur place.")]
                ).status == .seeOther)

            let catalogue = try await Browser(client).get("/acteurs-labellises/alpha").text
            #expect(catalogue.contains("Boulangerie du Marché") && catalogue.contains("Accueil et réclamations vérifiés sur place."))
            #expect(catalogue.contains("Article 1 — Respect") && catalogue.contains("Article 2 — Délais"))
            #expect(catalogue.contains("<circle") && catalogue.contains("1 acteur(s) labellisé(s)</title>"), "on the map")

            #expect(
                try await AdvocacyWorld.act(coordinator, path, "retrait", [("reason", "Les réclamations ne reçoivent plus de réponse.")]).status
                    == .seeOther)
            let after = try await Browser(client).get("/acteurs-labellises/alpha").readable
            #expect(after.contains("Boulangerie du Marché — Label retiré") && after.contains("Les réclamations ne reçoivent plus de réponse."))
            #expect(!after.contains("acteur(s) labellisé(s)</title>"), "off the map")
            let application = try await service.application(id: applicationId, actor: boss)
            #expect(LabelRules.status(application, now: Date()) == .withdrawn)
        }
    }

    @Test("a label expires after the territory's period: the actor leaves the current list for the expired ones", arguments: TestBackend.all)
    func expiry(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await withApp(backend, clock: clock.wallClock, seed: AdvocacyWorld.make) { world, client, store in
            let service = store.advocacyService
            let boss = world.a.account(.coordinator).actor
            try await service.saveSettings(quorumPercent: "50", labelMonths: "12", actor: boss)
            _ = try await store.directory.importFiles(
                [("s.json", try JSONEncoder().encode(DemoDirectory.structures))], territoryId: world.a.territory.id)
            let structure = try #require(DemoDirectory.structures.first)
            let id = try await service.apply(
                LabelActorInput(
                    name: "Laverie du Centre", kind: "company", commune: "23096", address: "",
                    structureId: structure["id"]!.string!, evidence: [1: "Un accueil soigné et patient.", 2: "Des réponses écrites sous huit jours."]),
                territory: world.a.territory, actor: boss)
            let member = try #require(try await service.members(actor: boss).first { $0.accountId == nil && $0.maySit })
            for article in [1, 2] {
                try await service.assess(applicationId: id, article: article, met: true, comment: "Vu sur place.", memberId: member.id, actor: boss)
            }
            try await service.decide(applicationId: id, decision: "labelled", justification: "Les deux articles sont respectés.", conditions: "", actor: boss)
            let current = try await Browser(client).get("/acteurs-labellises/alpha").readable
            #expect(current.contains("Laverie du Centre</h3>"))
            #expect(current.contains("Référencé dans l'annuaire du CCAS : \(structure["nom"]!.string!)."), "the structure is named")
            clock.advance(by: 370 * 86_400)
            let page = try await Browser(client).get("/acteurs-labellises/alpha").readable
            #expect(!page.contains("Laverie du Centre</h3>") && page.contains("Laverie du Centre — Label expiré"))
        }
    }

    @Test(
        "the local social council: an inhabitant votes once, the results are hidden until the election closes, a polling station's count needs a second officer, and a published opinion cites earlier ones and is found by a French search",
        arguments: TestBackend.all)
    func council(backend: TestBackend) async throws {
        try await withApp(backend, seed: AdvocacyWorld.make) { world, client, store in
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            try await agent.get("/plaidoyer/conseil")
            #expect(try await agent.post("/plaidoyer/conseil/elections", [("electionTitle", "Élection du conseil"), ("seats", "1")]).status == .seeOther)
            let service = store.advocacyService
            let boss = world.a.account(.coordinator).actor
            let election = try #require(try await service.elections(actor: boss).first)
            for (name, trained) in [("Fatima Z.", "2026-01-05"), ("Pierre O.", "2026-02-05")] {
                try await agent.get("/plaidoyer/conseil")
                let added = try await agent.post(
                    "/plaidoyer/conseil/candidats", [("election", election.id.uuidString), ("name", name), ("trainedOn", trained), ("presentation", "")])
                #expect(added.status == .seeOther)
            }
            try await agent.get("/plaidoyer/conseil")
            let untrained = try await agent.post(
                "/plaidoyer/conseil/candidats", [("election", election.id.uuidString), ("name", "Sans formation"), ("trainedOn", "")])
            #expect(untrained.status == .unprocessableContent && untrained.readable.contains("formé·es par le CCAS"))
            let candidates = try await service.candidates(electionId: election.id, actor: boss)
            let pierre = try #require(candidates.first { $0.name == "Pierre O." })
            let fatima = try #require(candidates.first { $0.name == "Fatima Z." })

            let volunteer = Browser(client)
            try await volunteer.logIn(world.a.account(.volunteer).email)
            try await volunteer.get("/plaidoyer/conseil")
            #expect(
                try await volunteer.post("/plaidoyer/conseil/voter", [("election", election.id.uuidString), ("candidate", pierre.id.uuidString)]).status
                    == .seeOther)
            try await volunteer.get("/plaidoyer/conseil")
            let again = try await volunteer.post("/plaidoyer/conseil/voter", [("election", election.id.uuidString), ("candidate", fatima.id.uuidString)])
            #expect(again.status == .unprocessableContent && again.readable.contains("déjà voté"))
            #expect(try await service.candidates(electionId: election.id, actor: boss).allSatisfy { $0.votes == 0 }, "hidden while open")
            // The polling station strikes off who voted online.
            let list = try await agent.get("/plaidoyer/conseil").readable
            #expect(list.contains("Ont voté en ligne, à rayer de la liste du bureau de vote : \(world.a.account(.volunteer).name) ·"))

            // The polling station at the CCAS: two for Fatima, entered by the agent, signed by the coordinator.
            try await service.enterStationCount(electionId: election.id, votes: [fatima.id: "2", pierre.id: "0"], actor: world.a.account(.agent).actor)
            let pending = try #require(try await service.pendingStationCounts(electionId: election.id, actor: boss).first)
            await #expect(throws: AutourError.self) {
                try await service.confirmStationCount(pending.id, electionId: election.id, actor: world.a.account(.agent).actor)
            }
            await #expect(throws: AutourError.self) { try await service.closeElection(electionId: election.id, actor: boss) }
            try await service.confirmStationCount(pending.id, electionId: election.id, actor: boss)
            try await service.closeElection(electionId: election.id, actor: boss)
            let published = try await Browser(client).get("/avis/alpha").readable
            #expect(published.contains(#"<th scope="row">Fatima Z.</th><td>2</td><td>oui</td>"#))
            #expect(published.contains(#"<th scope="row">Pierre O.</th><td>1</td><td>non</td>"#))
            let results = try await volunteer.get("/plaidoyer/conseil").readable
            #expect(
                results.contains("Fatima Z. (formé·e le 05/01/2026) : 2 voix — <strong>élu·e</strong>")
                    && results.contains("Pierre O. (formé·e le 05/02/2026) : 1 voix"))

            // Two referrals; the second opinion cites the first.
            for (title, question) in [
                ("Horaires de la mairie annexe", "Fermer la mairie annexe le samedi matin, quand viennent les personnes âgées."),
                ("Ligne de bus vers l'hôpital", "Supprimer un arrêt que prennent les aînés pour leurs consultations."),
            ] {
                try await agent.get("/plaidoyer/conseil")
                let referred = try await agent.post(
                    "/plaidoyer/conseil/saisines", [("title", title), ("referredBy", "Mairie"), ("question", question)])
                #expect(referred.status == .seeOther)
            }
            let opinions = try await service.opinions(actor: boss)
            func publish(_ index: Int, _ fields: [(String, String)]) async throws -> TestResponse {
                try await agent.get("/plaidoyer/conseil")
                return try await agent.post("/plaidoyer/conseil/avis", [("referral", opinions[index].id.uuidString)] + fields)
            }
            let forward = try await publish(
                0, [("opinion", "Avis défavorable à la fermeture."), ("reasons", "Le samedi matin est le moment des personnes isolées."), ("cite_2", "1")])
            #expect(forward.status == .unprocessableContent && forward.readable.contains("Un avis cite des avis publiés avant lui."))
            #expect(
                try await publish(
                    0, [("opinion", "Avis défavorable à la fermeture du samedi."), ("reasons", "Le samedi matin est le moment des personnes isolées.")]
                ).status == .seeOther)
            await #expect(throws: AutourError.self) {
                try await service.publish(opinionId: opinions[0].id, opinion: "Un second avis.", reasons: "Publié deux fois ?", cites: [], actor: boss)
            }
            #expect(
                try await publish(
                    1,
                    [
                        ("opinion", "Avis favorable si l'arrêt reste desservi aux heures de consultation."),
                        ("reasons", "Les personnes âgées sans voiture en dépendent, comme le samedi matin à la mairie."), ("cite_1", "1"),
                    ]
                ).status == .seeOther)
            #expect(try await service.publishedOpinion(number: 2, territoryId: world.a.territory.id).cites == [1])

            let anyone = Browser(client)
            let found = try await anyone.get("/avis/alpha?q=personnes%20agees%20isolees").readable
            #expect(found.contains("Avis n° 1 — Horaires de la mairie annexe") && found.contains("Avis n° 2 — Ligne de bus vers l'hôpital"))
            #expect(found.contains("Les conseiller·es : Fatima Z."))
            let first = try await anyone.get("/avis/alpha/1").readable
            #expect(first.contains(#"Il est cité par : <a href="/avis/alpha/2">n° 2 — Ligne de bus vers l'hôpital</a>"#))
            let api = try await APIClient.make(client, store: store, email: world.a.account(.elected).email)
            let hits = try #require(try await api.get("/api/v1/council/opinions?q=consultations").json["items"] as? [[String: Any]])
            #expect(hits.map { $0["number"] as? Int } == [2])
        }
    }

    @Test(
        "the API: a member tables an amendment and votes, the result is absent until an officer closes the vote, the labelled actors and the charter are read",
        arguments: TestBackend.all)
    func api(backend: TestBackend) async throws {
        try await withApp(backend, seed: AdvocacyWorld.make) { world, client, store in
            let volunteer = try await APIClient.make(client, store: store, email: world.a.account(.volunteer).email)
            let tabled = try await volunteer.post(
                "/api/v1/parliament/sessions/\(world.session.uuidString)/amendments",
                json: #"{"kind":"add","title":"Données","text":"Les acteurs ne revendent aucune donnée personnelle.","reasons":"Protéger les habitant·es."}"#)
            #expect(tabled.status == .created, "\(tabled.text)")
            let id = try #require(tabled.json["id"] as? String)
            #expect(try await volunteer.post("/api/v1/amendments/\(id)/close", json: "{}").status == .forbidden)
            let unknown = try await volunteer.post(
                "/api/v1/parliament/sessions/\(world.session.uuidString)/amendments",
                json: #"{"kind":"add","title":"Données","text":"Les acteurs ne revendent rien.","reasons":"Protéger.","votes":99}"#)
            #expect(unknown.status == .badRequest || unknown.status == .unprocessableContent)

            try await store.advocacyService.openVote(amendmentId: try #require(UUID(uuidString: id)), actor: world.a.account(.coordinator).actor)
            #expect(try await volunteer.post("/api/v1/amendments/\(id)/ballots", json: #"{"choice":"yes"}"#).status == .noContent)
            let twice = try await volunteer.post("/api/v1/amendments/\(id)/ballots", json: #"{"choice":"yes"}"#)
            #expect(twice.status == .unprocessableContent)
            for role in [Role.elected, .partner] {
                let member = try await APIClient.make(client, store: store, email: world.a.account(role).email)
                #expect(try await member.post("/api/v1/amendments/\(id)/ballots", json: #"{"choice":"yes"}"#).status == .noContent)
            }
            #expect(try await volunteer.get("/api/v1/amendments/\(id)").json["result"] == nil)
            let agent = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            let closed = try await agent.post("/api/v1/amendments/\(id)/close", json: "{}")
            #expect(closed.status == .ok && closed.json["state"] as? String == "adopted" && closed.json["version"] as? Int == 2)
            #expect((closed.json["result"] as? [String: Any])?["yes"] as? Int == 3)

            let charter = try await volunteer.get("/api/v1/charter")
            let current = try #require(charter.json["current"] as? [String: Any])
            #expect((current["articles"] as? [[String: Any]])?.last?["title"] as? String == "Données")
            #expect((charter.json["versions"] as? [Any])?.count == 2)
            #expect((try await volunteer.get("/api/v1/labelled-actors").json["items"] as? [Any])?.isEmpty == true)
        }
    }
}
