import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The real OpenFisca-France service when the run has one (CI starts it with tools/openfisca).
let openFiscaURL = ProcessInfo.processInfo.environment["AUTOUR_TEST_OPENFISCA_URL"].flatMap(URL.init(string:))

/// Territory A with Nadia (born 1991, commune 69383) living with Karim (born 1989) and their son
/// Adam (born 2018), recorded in People as one household; territory B exists.
struct RightsWorld: Sendable {
    let a: Fixture
    let nadia: UUID

    static func make(_ store: Store) async throws -> RightsWorld {
        let a = try await Fixture.make(store, slug: "alpha")
        _ = try await Fixture.make(store, slug: "beta")
        let agent = a.account(.agent).actor
        func person(_ first: String, _ birth: String) async throws -> UUID {
            let valid = try PersonRules.validate(
                PersonInput(firstName: first, lastName: "Benali", birthDate: birth, communeCode: "23096"), territory: a.territory, today: Date())
            return try await store.people.create(valid, territoryId: a.territory.id, actor: agent).id
        }
        let nadia = try await person("Nadia", "1991-03-15")
        try await store.people.joinHousehold(try await person("Karim", "1989-07-01"), with: nadia, actor: agent)
        try await store.people.joinHousehold(try await person("Adam", "2018-05-20"), with: nadia, actor: agent)
        return RightsWorld(a: a, nadia: nadia)
    }

    /// The first sample household of the shared data, as Autour's API takes it.
    static let alone =
        #"{"members":[{"role":"applicant","birthDate":"1991-03-15","monthlyIncome":{"salary":0}}],"housing":{"status":"tenant","rent":450,"commune":"69383"},"receives":[]}"#
}

@Suite("Rights: situations, screening with OpenFisca-France, non-take-up follow-up")
struct RightsTests {
    @Test("the situation is drafted from the file and its household, and what cannot be computed is said, never a server error", arguments: TestBackend.all)
    func draftAndUnavailable(backend: TestBackend) async throws {
        try await withApp(backend, configure: { $0.configuration.openFiscaURL = nil }, seed: RightsWorld.make) { world, client, store in
            let agent = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            let draft = try await agent.get("/api/v1/rights/households/\(world.nadia)")
            #expect(draft.status == .ok && draft.json["reviewed"] as? Bool == false)
            let members = try #require((draft.json["situation"] as? [String: Any])?["members"] as? [[String: Any]])
            #expect(members.map { $0["role"] as? String } == ["applicant", "spouse", "child"])

            let browser = Browser(client)
            try await browser.logIn(world.a.account(.agent).email)
            let page = try await browser.get(Page.rightsSituation(world.nadia).path)
            #expect(page.status == .ok && page.text.contains("pas configuré"))
            #expect(!page.text.contains("Enregistrer et étudier"), "no button promises a computation that cannot run")
            let saved = try await browser.post(
                Page.rightsSituation(world.nadia).path,
                [
                    ("members.0.role", "applicant"), ("members.0.birthDate", "1991-03-15"), ("members.0.salary", "1 200"), ("status", "tenant"),
                    ("rent", "450"), ("commune", "69383"), ("action", "save"),
                ])
            #expect(saved.status == .unprocessableContent && saved.text.contains("un montant mensuel en euros"), "« 1 200 » is refused, next to its field")
            #expect(try await agent.get("/api/v1/rights/households/\(world.nadia)").json["reviewed"] as? Bool == false, "nothing stored")
            let ok = try await browser.post(
                Page.rightsSituation(world.nadia).path,
                [
                    ("members.0.role", "applicant"), ("members.0.birthDate", "1991-03-15"), ("members.0.salary", "1200,50"), ("status", "tenant"),
                    ("rent", "450"), ("commune", "69383"), ("receives.css", "1"), ("action", "save"),
                ])
            #expect(ok.status == .seeOther)
            let stored = try await agent.get("/api/v1/rights/households/\(world.nadia)").json
            #expect(stored["reviewed"] as? Bool == true)
            #expect(((stored["situation"] as? [String: Any])?["receives"] as? [String]) == ["css"])

            let screened = try await agent.post("/api/v1/rights/households/\(world.nadia)/screenings", json: "{}")
            let problem = screened.json["error"] as? [String: Any]
            #expect(screened.status == .serviceUnavailable && problem?["code"] as? String == "calculator_unavailable")
            #expect((problem?["message"] as? String)?.contains("OpenFisca") == true)
            #expect(try await browser.get(Page.rights.path).text.contains("pas configuré"))
        }
        try await withApp(
            backend, configure: { $0.configuration.openFiscaURL = URL(string: "http://127.0.0.1:9") }, seed: RightsWorld.make
        ) { world, client, store in
            let agent = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            #expect(try await agent.send(.put, "/api/v1/rights/households/\(world.nadia)", json: RightsWorld.alone).status == .ok)
            let down = try await agent.post("/api/v1/rights/simulations", json: #"{"situation":\#(RightsWorld.alone)}"#)
            #expect(down.status == .serviceUnavailable && ((down.json["error"] as? [String: Any])?["message"] as? String)?.contains("ne répond pas") == true)
            let browser = Browser(client)
            try await browser.logIn(world.a.account(.agent).email)
            _ = try await browser.get(Page.rightsSituation(world.nadia).path)
            let page = try await browser.post(
                Page.rightsSituation(world.nadia).path,
                [("members.0.role", "applicant"), ("members.0.birthDate", "1991-03-15"), ("status", "owner"), ("commune", "69383"), ("action", "screen")])
            #expect(page.status == .serviceUnavailable && page.text.contains("Situation enregistrée") && page.text.contains("ne répond pas"))
        }
    }

    @Test("only staff review and screen; a situation that breaks a rule is refused whole through the API", arguments: TestBackend.all)
    func guardrails(backend: TestBackend) async throws {
        try await withApp(backend, seed: RightsWorld.make) { world, client, store in
            for role in [Role.volunteer, .partner, .elected, .watcher] {
                let caller = try await APIClient.make(client, store: store, email: world.a.account(role).email)
                #expect(try await caller.get("/api/v1/rights/households/\(world.nadia)").status == .forbidden, "\(role)")
                #expect(try await caller.get("/api/v1/rights/findings").status == .forbidden, "\(role)")
            }
            let agent = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            let twoApplicants = RightsWorld.alone.replacingOccurrences(
                of: #""members":["#, with: #""members":[{"role":"applicant","birthDate":"2090-01-01"},"#)
            let refused = try await agent.send(.put, "/api/v1/rights/households/\(world.nadia)", json: twoApplicants)
            #expect(refused.status == .unprocessableContent)
            let fields = try #require((refused.json["error"] as? [String: Any])?["fields"] as? [String: String])
            #expect(fields["members"] != nil && fields["members.0.birthDate"] != nil)
            let unknown = RightsWorld.alone.replacingOccurrences(of: #""rent":450"#, with: #""rent":450,"zone":"A""#)
            #expect(try await agent.send(.put, "/api/v1/rights/households/\(world.nadia)", json: unknown).status == .badRequest)
            let huge = RightsWorld.alone.replacingOccurrences(of: #""salary":0"#, with: #""salary":1e308"#)
            #expect(try await agent.send(.put, "/api/v1/rights/households/\(world.nadia)", json: huge).status == .unprocessableContent)
            #expect(try await agent.get("/api/v1/rights/households/\(world.nadia)").json["reviewed"] as? Bool == false)
            let volunteer = Browser(client)
            try await volunteer.logIn(world.a.account(.volunteer).email)
            #expect(try await volunteer.get(Page.rights.path).status == .forbidden)
        }
    }

    /// A sample household of the shared data posted to OpenFisca as it is, with the CSS and AAH asked too.
    static func direct(_ name: String, client: OpenFiscaClient) async throws -> [Benefit: JSONValue] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/openfisca/\(name)")
        guard case .object(var body) = try JSONValue.parse(try Data(contentsOf: url)),
            case .object(var families) = body["familles"], let familyKey = families.keys.first, case .object(var family) = families[familyKey],
            case .object(var people) = body["individus"]
        else { throw AutourError.notFound }
        family["cmu_c"] = ["2026-10": .null]
        families[familyKey] = .object(family)
        for key in people.keys { if case .object(var person) = people[key] { person["aah"] = ["2026-10": .null]; people[key] = .object(person) } }
        body["familles"] = .object(families)
        body["individus"] = .object(people)
        let answer = try await client.calculate(.object(body))
        let values = try #require(answer["familles"]?[familyKey])
        var aah = 0.0
        for person in answer["individus"]?.object?.values ?? [:].values { aah += person["aah"]?["2026-10"]?.number ?? 0 }
        return [
            .rsa: values["rsa"]!["2026-10"]!, .primeActivite: values["ppa"]!["2026-10"]!, .aideLogement: values["aide_logement"]!["2026-10"]!,
            .af: values["af"]!["2026-10"]!, .aspa: values["aspa"]!["2026-10"]!, .aah: .double(aah), .css: values["cmu_c"]!["2026-10"]!,
        ]
    }

    /// The same households as Autour records them.
    static let samples: [(String, String)] = [
        ("household1.json", RightsWorld.alone),
        (
            "household2.json",
            #"{"members":[{"role":"applicant","birthDate":"1988-06-01","monthlyIncome":{"salary":912}},{"role":"child","birthDate":"2019-04-10"},{"role":"child","birthDate":"2015-09-20"}],"housing":{"status":"tenant","rent":550,"commune":"69383","socialHousing":true},"receives":["af"]}"#
        ),
        (
            "household3.json",
            #"{"members":[{"role":"applicant","birthDate":"1954-02-01","monthlyIncome":{"pension":500}},{"role":"spouse","birthDate":"1956-07-01","monthlyIncome":{"pension":350}}],"housing":{"status":"owner","commune":"69383"}}"#
        ),
    ]

    @Test(
        "for the shared sample households, the amounts Autour stores and shows are those OpenFisca's own /calculate returns",
        .enabled(if: openFiscaURL != nil, "needs AUTOUR_TEST_OPENFISCA_URL"), arguments: TestBackend.all)
    func sameAsOpenFisca(backend: TestBackend) async throws {
        try await withApp(backend, seed: RightsWorld.make) { world, client, store in
            let agent = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            let openFisca = OpenFiscaClient(baseURL: openFiscaURL!)
            let browser = Browser(client)
            try await browser.logIn(world.a.account(.agent).email)
            for (name, situation) in Self.samples {
                #expect(try await agent.send(.put, "/api/v1/rights/households/\(world.nadia)", json: situation).status == .ok)
                let screened = try await agent.post("/api/v1/rights/households/\(world.nadia)/screenings", json: #"{"period":"2026-10"}"#)
                #expect(screened.status == .created, "\(screened.text)")
                let benefits = try #require(screened.json["benefits"] as? [String: Any])
                let expected = try await Self.direct(name, client: openFisca)
                let page = try await browser.get(Page.rightsSituation(world.nadia).path).text
                for benefit in Benefit.allCases {
                    if benefit == .css {
                        #expect(benefits["css"] as? Bool == (expected[.css] == .bool(true)), "\(name) css")
                    } else {
                        let cents = try #require(FrenchMoney.cents(expected[benefit]?.number ?? .nan))
                        let shown = try #require(benefits[benefit.rawValue] as? Double)
                        #expect(Int((shown * 100).rounded()) == cents, "\(name) \(benefit): Autour \(shown), OpenFisca \(expected[benefit]!)")
                        if cents > 0 { #expect(page.contains(FrenchMoney.text(cents: cents)), "\(name) \(benefit) is shown on the page") }
                    }
                }
            }
        }
    }

    @Test(
        "a benefit due and not received opens one follow-up, closed once; a simulation stores nothing; the caseload is screened with its progress",
        .enabled(if: openFiscaURL != nil, "needs AUTOUR_TEST_OPENFISCA_URL"), arguments: TestBackend.all)
    func findingsAndCaseload(backend: TestBackend) async throws {
        try await withApp(backend, seed: RightsWorld.make) { world, client, store in
            let agent = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            #expect(try await agent.send(.put, "/api/v1/rights/households/\(world.nadia)", json: RightsWorld.alone).status == .ok)
            let first = try await agent.post("/api/v1/rights/households/\(world.nadia)/screenings", json: #"{"period":"2026-10"}"#)
            #expect(first.json["nonTakeUp"] as? [String] == ["rsa", "aide_logement", "css"])
            let again = try await agent.post("/api/v1/rights/households/\(world.nadia)/screenings", json: #"{"period":"2026-10"}"#)
            #expect(again.status == .created)
            let open = try #require(try await agent.get("/api/v1/rights/findings?outcome=open").json["items"] as? [[String: Any]])
            #expect(open.count == 3, "a second screening of the same month opens nothing new")
            #expect(open.first { $0["benefit"] as? String == "rsa" }?["monthlyAmount"] as? Double == 573.49)

            // What if she found a job? Nothing is stored: the findings and the latest screening stay.
            let job = RightsWorld.alone.replacingOccurrences(of: #""salary":0"#, with: #""salary":1500"#)
            let simulated = try await agent.post("/api/v1/rights/simulations", json: #"{"situation":\#(job),"period":"2026-10"}"#)
            #expect((simulated.json["benefits"] as? [String: Any])?["rsa"] as? Double == 0)
            #expect(try await store.rightsService.findings(outcome: .open, actor: world.a.account(.agent).actor).count == 3)

            let rsa = try #require(open.first { $0["benefit"] as? String == "rsa" }?["id"] as? String)
            let closed = try await agent.post("/api/v1/rights/findings/\(rsa)/outcome", json: #"{"outcome":"claimed","note":"Dossier déposé."}"#)
            #expect(closed.status == .ok && closed.json["outcome"] as? String == "claimed")
            #expect(try await agent.post("/api/v1/rights/findings/\(rsa)/outcome", json: #"{"outcome":"declined"}"#).status == .conflict)
            let counts = try await store.rightsService.findingCounts(territoryId: world.a.territory.id)
            #expect(counts[.rsa]?[.claimed] == 1 && counts[.css]?[.open] == 1)

            // The file shows the open follow-ups; the person's export lists the rights data.
            let browser = Browser(client)
            try await browser.logIn(world.a.account(.agent).email)
            let file = try await browser.get(Page.person(world.nadia).path).text
            #expect(file.contains("Accès aux droits") && file.contains("Aide au logement") && !file.contains("RSA</a>"))
            let export = try await store.people.export(personId: world.nadia, actor: world.a.account(.agent).actor)
            #expect(export.sections.contains { $0.module == "rights" && $0.items.contains { $0.summary.contains("RSA") } })

            // The coordinator screens the caseload: one household here, done, its progress stored.
            let service = store.rightsService
            let coordinator = world.a.account(.coordinator).actor
            await #expect(throws: AutourError.forbidden) { try await service.startCaseload(actor: world.a.account(.agent).actor) }
            let started = try await service.startCaseload(period: YearMonth("2026-11"), actor: coordinator)
            await #expect(throws: AutourError.self) { try await service.startCaseload(actor: coordinator) }
            let seen = ProgressLog()
            let batch = try await service.run(batchId: started.batchId, caseload: started.caseload, actor: coordinator) { await seen.add($0.percent) }
            #expect(batch.state == .done && batch.done == 1 && batch.total == 1 && batch.findings == 0, "rsa was claimed, the others are still open")
            #expect(await seen.values == [100])
            let progress = try await browser.get(Page.rightsBatch(batch.id).path)
            #expect(progress.status == .forbidden, "the agent does not run caseload screenings")

            // Erasure removes the situation and ends the follow-ups still open.
            try await store.people.erase(personId: world.nadia, actor: world.a.account(.coordinator).actor)
            #expect(try await store.rights.situation(personId: world.nadia, territoryId: world.a.territory.id) == nil)
            #expect(try await store.rights.findings(territoryId: world.a.territory.id, outcome: .open).isEmpty)
        }
    }

    @Test(
        "the demo's forty households are screened last month with nine findings in every state, each amount as OpenFisca computes it alone",
        .enabled(if: openFiscaURL != nil, "needs AUTOUR_TEST_OPENFISCA_URL"))
    func demo() async throws {
        try await withTestStore(.sqlite) { store in
            _ = try await demoLoader(store).load(seed: 1)
            let territory = try #require(try await store.territories.find(slug: DemoTerritory.slug))
            let caseload = try await store.rights.caseload(territoryId: territory.id)
            #expect(caseload.count == 40)
            let findings = try await store.rights.findings(territoryId: territory.id)
            #expect(findings.count == 9 && Set(findings.map(\.outcome)) == Set(FindingOutcome.allCases))
            let openFisca = try #require(store.openFisca)
            for stored in caseload {
                let text = String(decoding: try JSONEncoder().encode(stored.situation), as: UTF8.self)
                let screening = try #require(try await store.rights.latestScreening(personId: stored.personId, territoryId: territory.id))
                let alone = try await openFisca.calculate(OpenFiscaMapping.request([("x", stored.situation)], period: screening.result.period))
                for benefit in Benefit.allCases where benefit != .css && benefit != .aah {
                    let variable = ["rsa": "rsa", "prime_activite": "ppa", "aide_logement": "aide_logement", "af": "af", "aspa": "aspa"][benefit.rawValue]!
                    let value = alone["familles"]?["x_f"]?[variable]?[screening.result.period.description]?.number
                    #expect(FrenchMoney.cents(value ?? .nan) == screening.result.result(benefit)?.monthlyCents, "\(benefit) \(text)")
                }
            }
        }
    }
}

actor ProgressLog {
    var values: [Int] = []
    func add(_ value: Int) { values.append(value) }
}
