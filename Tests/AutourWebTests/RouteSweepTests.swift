import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import FluentKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing

/// Tests generated from the router's own list of routes, so that a new route is covered the day
/// it is added.
@Suite("Every route of the router")
struct RouteSweepTests {
    /// The number of rows of every table, except the audit log (reading personal data is audited
    /// by design) and sessions (their last-seen time moves; logins happen before counting).
    static func rowCounts(_ store: Store) async throws -> [String: Int] {
        let sql = try store.database.db as! any SQLDatabase
        struct Name: Decodable { let name: String }
        struct Count: Decodable { let n: Int }
        let tables: [String] =
            switch store.database.backend {
            case .sqlite:
                try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all(decoding: Name.self).map(\.name)
            case .postgres:
                try await sql.raw("SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema()")
                    .all(decoding: Name.self).map(\.name)
            }
        var counts: [String: Int] = [:]
        for table in tables where !["audit_entries", "sessions"].contains(table) {
            counts[table] = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: Count.self)?.n ?? 0
        }
        return counts
    }

    @Test("every page the code redirects or links to is a GET route of the router")
    func everyPageIsServed() async throws {
        let database = try await TestDatabase.make(.sqlite)
        let settings = testSettings(database.location)
        let store = try await openStore(settings)
        let templates = try await buildRouter(settings, store: store).routes.filter { $0.method == .get }
            .map { $0.path.description.split(separator: "/", omittingEmptySubsequences: true) }
        for page in Page.samples {
            let segments = page.path.split(separator: "/", omittingEmptySubsequences: true)
            let served = templates.contains { template in
                template.count == segments.count && zip(template, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
            }
            #expect(served, "\(page) → \(page.path) is no page of the router")
        }
        await store.database.shutdown()
        await database.cleanUp()
    }

    @Test(
        "no GET writes anything: every parameterless page and API route, for every role, leaves every table as it was",
        arguments: TestBackend.all)
    func getsWriteNothing(backend: TestBackend) async throws {
        let database = try await TestDatabase.make(backend)
        let settings = testSettings(database.location)
        let store = try await openStore(settings, hasher: PasswordHasher(cost: 4))
        let router = try await buildRouter(settings, store: store)
        let paths = router.routes.filter { $0.method == .get && !$0.path.description.contains("{") && !$0.path.description.contains("*") }
            .map { $0.path.description.hasPrefix("/") ? $0.path.description : "/" + $0.path.description }
        #expect(paths.contains("/api/v1/me") && paths.contains("/temps") && paths.contains("/api/v1/timebank/accounts"))
        let world = try await EnergiesWorld.make(store)
        let app = try await buildApplication(settings, store: store)
        try await app.test(.router) { client in
            var browsers: [(Role, Browser, APIClient)] = []
            for role in Role.allCases {
                let browser = Browser(client)
                try await browser.logIn(world.a.account(role).email)
                browsers.append((role, browser, try await APIClient.make(client, store: store, email: world.a.account(role).email)))
            }
            let before = try await Self.rowCounts(store)
            for (role, browser, api) in browsers {
                for path in paths where path != "/logout" {
                    let response = path.hasPrefix("/api/") ? try await api.get(path) : try await browser.get(path)
                    #expect(response.status.code < 500, "\(role) GET \(path): \(response.status)")
                }
            }
            let after = try await Self.rowCounts(store)
            for table in before.keys.sorted() where before[table] != after[table] {
                Issue.record("GET requests changed \(table): \(before[table]!) → \(after[table] ?? 0) rows")
            }
        }
        await database.cleanUp()
    }

    /// One record of territory A behind every kind of `{id}` the API routes take, found by the
    /// path segments before the parameter.
    static func recordsOfA(_ world: ReferralWorld, client: any TestClientProtocol, store: Store) async throws -> [String: String] {
        let a = world.fixtures.a
        let agent = try await APIClient.make(client, store: store, email: a.account(.agent).email)
        let coordinator = try await APIClient.make(client, store: store, email: a.account(.coordinator).email)
        let volunteer = try await APIClient.make(client, store: store, email: a.account(.volunteer).email)
        let partner = try await APIClient.make(client, store: store, email: a.account(.partner).email)
        func id(_ response: TestResponse) throws -> String { try #require(response.json["id"] as? String, "\(response.text)") }

        let person = try id(try await agent.post("/api/v1/persons", json: #"{"firstName":"Irène","lastName":"Sauvage"}"#))
        var consent = ""
        for purpose in ["radar_follow_up", "heatwave_register"] {
            consent = try id(try await agent.post("/api/v1/persons/\(person)/consents", json: #"{"purpose":"\#(purpose)","method":"oral"}"#))
        }
        _ = try await agent.post(
            "/api/v1/persons/\(person)/consents",
            json: #"{"purpose":"partner_sharing","method":"paper","partnerName":"Association Lien et Visites"}"#)
        let plan = try id(
            try await agent.post("/api/v1/check-ins", json: #"{"personId":"\#(person)","frequencyDays":7,"callerId":"\#(a.account(.volunteer).id)"}"#))
        let signal = try id(
            try await agent.post("/api/v1/signals", json: #"{"kind":"isolation","urgency":"normal","personDescription":"x","consentToContact":"yes"}"#))
        let referral = try id(try await agent.post("/api/v1/persons/\(person)/referrals", json: #"{"serviceId":"autour-demo--visites"}"#))
        _ = try await store.watchers.setProfile(
            accountId: a.account(.volunteer).id, neighbourhoods: ["Nord"], trainedOn: "2026-06-01",
            actor: a.account(.coordinator).actor)
        #expect(try await agent.post("/api/v1/register", json: #"{"personId":"\#(person)","requestedBy":"person","reasons":["age"]}"#).status == .created)
        let campaign = try id(try await coordinator.post("/api/v1/campaigns", json: #"{"kind":"heatwave"}"#))
        let call = try #require((try await coordinator.get("/api/v1/campaigns/\(campaign)/calls").json["items"] as? [[String: Any]])?.first?["id"] as? String)
        let need = try id(try await coordinator.post("/api/v1/needs", json: EnergiesTests.gardening))
        let mine = try id(try await volunteer.post("/api/v1/timebank/accounts/mine", json: "{}"))
        let second = try await store.createAccount(
            territoryId: a.territory.id, email: "deux@alpha.test", name: "Deux", roles: [.volunteer],
            password: Fixture.password)
        let payer = try #require(try await store.timeBank.account(ownerId: second.id)).id.uuidString
        let request = try id(try await volunteer.post("/api/v1/timebank/requests", json: #"{"payerAccount":"\#(payer)","minutes":30}"#))
        _ = partner
        let start = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400))
        let end = ISO8601DateFormatter().string(from: Date().addingTimeInterval(90_000))
        let event = try id(
            try await coordinator.post(
                "/api/v1/conviviality/events",
                json: #"{"title":"Café","kind":"cafe","venueName":"Salle","startsAt":"\#(start)","endsAt":"\#(end)","capacity":10}"#))
        let places = store.placesService
        let boss = a.account(.coordinator).actor
        let placeId = try await places.create(
            PlaceInput(name: "Salle", address: "1 rue", owner: "ccas", opens: 480, closes: 1320, rooms: [RoomInput(name: "S", capacity: 10)]),
            territory: a.territory, actor: boss)
        let place = try await places.place(id: placeId, territory: a.territory)
        let callId = try await places.openCall(
            Occupancy.CallInput(title: "Appel", description: "", closesOn: Date().addingTimeInterval(20 * 86_400)), place: place, actor: boss)
        let placeCall = try await places.call(id: callId, territory: a.territory)
        let application = try await places.apply(
            Occupancy.ApplicationInput(group: "G", contact: "06 00 00 00 00", project: "Un projet ouvert", people: 2), call: placeCall, actor: nil)
        try await places.decide(applicationId: application, call: placeCall, selected: true, reasons: "Retenu", actor: boss)
        let trial = try await places.startTrial(applicationId: application, call: placeCall, startsAt: Date(), rules: "Règles", actor: boss)
        let host = try await store.energies.createResource(
            try ResourceRules.validate(
                ResourcePersonInput(
                    name: "Hôte", skills: ["Jardinage"], availability: [], neighbourhoods: [], maxMinutesPerMonth: 60, motivations: [],
                    professional: false), skills: try await store.energies.skills(territoryId: a.territory.id), territory: a.territory),
            actor: boss)
        let session = try await store.learningService.createSession(
            TrainingSessionInput(
                subject: "Jardinage", title: "Semis", hostId: host.id, placeId: placeId, startsAt: Date().addingTimeInterval(86_400),
                endsAt: Date().addingTimeInterval(90_000), capacity: 5), actor: boss)
        let interview = try await store.learningService.start(resourceId: host.id, actor: boss)
        let equipment = try await store.inclusionService.addEquipment(name: "Mairie", kind: "mairie", address: "1 place", actor: boss)
        let project = try await store.potentialsService.propose(
            ProjectInput(
                title: "Jardin", purpose: "Un jardin partagé au pied des tours.", theme: "environment", scale: "collective", origin: "ccas", isPublic: true),
            territory: a.territory, actor: boss)
        let advocacy = store.advocacyService
        try await advocacy.found([("Respect", "Chaque personne est accueillie avec égards.")], actor: boss)
        let parliamentSession = try await advocacy.createSession(title: "Séance", meetsOn: "2026-12-01", agenda: "", actor: boss)
        let member = try await advocacy.addMember(MemberInput(name: "Odile", kind: "inhabitant", trainedOn: "2026-01-01"), territory: a.territory, actor: boss)
        let amendment = try await advocacy.table(
            AmendmentInput(
                kind: "change", article: "1", title: "Respect", text: "Chaque personne est accueillie avec égards et patience.",
                reasons: "Préciser le texte.", memberId: member), sessionId: parliamentSession, actor: boss)
        // A finding as a screening leaves it (the sweep runs without the calculator).
        let due = BenefitResult(benefit: .rsa, monthlyCents: 57_349, eligible: true)
        _ = try await store.rights.recordScreening(
            personId: try #require(UUID(uuidString: person)), result: ScreeningResult(period: YearMonth("2026-10")!, benefits: [due]), findings: [due],
            actor: a.account(.agent).actor)
        let finding = try #require(try await store.rights.findings(territoryId: a.territory.id).first).id
        let aidApplication = try await store.aidService.apply(
            personId: try #require(UUID(uuidString: person)),
            AidApplicationInput(kind: .food, requestedCents: 5_000, reason: "Courses", resourcesCents: 90_000, chargesCents: 50_000, adults: 1, children: 0),
            actor: a.account(.agent).actor)
        // A's sheet, not shared: for territory B it does not exist.
        let sheet = try await store.fabriqueService.create(DemoFabrique.sheet(0).content, actor: a.account(.agent).actor)
        return [
            "fabrique/sheets": sheet.uuidString,
            "rights/households": person, "rights/findings": finding.uuidString, "aid/applications": aidApplication.id.uuidString,
            "parliament/sessions": parliamentSession.uuidString, "v1/amendments": amendment.uuidString,
            "v1/projects": project.uuidString,
            "inclusion/equipment": equipment.uuidString,
            "learning/sessions": session.uuidString, "learning/interviews": interview.uuidString, "answers": "likes",
            "v1/places": placeId.uuidString, "places/calls": callId.uuidString, "places/trials": trial.uuidString,
            "conviviality/events": event,
            "v1/accounts": a.account(.agent).id.uuidString, "v1/campaigns": campaign, "calls": call, "v1/check-ins": plan,
            "v1/needs": need, "v1/persons": person, "consents": consent, "v1/referrals": referral, "v1/signals": signal,
            "timebank/accounts": mine, "timebank/requests": request,
        ]
    }

    struct Route: Sendable { let method: HTTPRequest.Method; let path: String }

    /// The API routes that take an `{id}`, with A's records in place of every parameter (or nil
    /// when this test has no record of that kind yet: it then says so).
    static func idRoutes(_ routes: [Route], records: [String: String]) -> [(method: HTTPRequest.Method, template: String, path: String?)] {
        routes.filter { $0.path.contains("api/v1") && $0.path.contains("{") }.map { route in
            let segments = route.path.split(separator: "/").map(String.init)
            var filled: [String] = []
            var complete = true
            for (index, segment) in segments.enumerated() {
                guard segment.hasPrefix("{") else { filled.append(segment); continue }
                let key = segments[max(0, index - 2)..<index].joined(separator: "/")
                if let id = records[key] ?? records[segments[index - 1]] { filled.append(id) } else { complete = false }
            }
            return (route.method, "/" + segments.joined(separator: "/"), complete ? "/" + filled.joined(separator: "/") : nil)
        }
    }

    /// A server on a fresh database with A's records, and its API routes that take an `{id}`
    /// filled with them.
    static func withIdRoutes(
        _ backend: TestBackend,
        _ body:
            @escaping @Sendable (ReferralWorld, [(method: HTTPRequest.Method, template: String, path: String?)], any TestClientProtocol, Store)
            async throws -> Void
    ) async throws {
        let database = try await TestDatabase.make(backend)
        let settings = testSettings(database.location)
        let store = try await openStore(settings, hasher: PasswordHasher(cost: 4))
        let routes = try await buildRouter(settings, store: store).routes.map { Route(method: $0.method, path: $0.path.description) }
        let world = try await ReferralWorld.make(store)
        let app = try await buildApplication(settings, store: store)
        do {
            try await app.test(.router) { client in
                let records = try await recordsOfA(world, client: client, store: store)
                try await body(world, idRoutes(routes, records: records), client, store)
            }
        } catch {
            await database.cleanUp()
            throw error
        }
        await database.cleanUp()
    }

    /// A body the contract accepts for `method template` (every required field, of its type, at its
    /// smallest allowed size), so that a refusal is the handler's permission check and never the
    /// generated decoder's 400.
    static func exampleBody(_ contract: [String: Any], _ method: HTTPRequest.Method, _ template: String) throws -> Data {
        let paths = contract["paths"] as? [String: [String: Any]]
        let operation = paths?[template]?[method.rawValue.lowercased()] as? [String: Any]
        let content = (operation?["requestBody"] as? [String: Any])?["content"] as? [String: Any]
        guard let schema = (content?["application/json"] as? [String: Any])?["schema"] as? [String: Any] else { return Data("{}".utf8) }
        return try JSONSerialization.data(withJSONObject: example(schema, contract), options: [.fragmentsAllowed])
    }

    static func example(_ schema: [String: Any], _ contract: [String: Any]) -> Any {
        if let ref = schema["$ref"] as? String {
            let schemas = (contract["components"] as? [String: Any])?["schemas"] as? [String: Any]
            return example(schemas?[String(ref.split(separator: "/").last!)] as? [String: Any] ?? [:], contract)
        }
        if let values = schema["enum"] as? [Any], let first = values.first { return first }
        let type = (schema["type"] as? String) ?? (schema["type"] as? [String])?.first ?? "object"
        switch type {
        case "string":
            if schema["format"] as? String == "uuid" { return UUID().uuidString }
            if schema["format"] as? String == "date" { return "2000-01-01" }
            if schema["format"] as? String == "date-time" { return "2030-01-01T10:00:00Z" }
            return String(repeating: "x", count: max(1, schema["minLength"] as? Int ?? 1))
        case "integer", "number": return schema["minimum"] as? Int ?? 1
        case "boolean": return false
        case "array": return [] as [Any]
        default:
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            let required = schema["required"] as? [String] ?? []
            return Dictionary(uniqueKeysWithValues: required.map { ($0, example(properties[$0] ?? [:], contract)) })
        }
    }

    static func contract(_ client: some TestClientProtocol) async throws -> [String: Any] {
        let response = try await client.execute(uri: "/api/v1/openapi.json", method: .get, headers: [:], body: nil)
        return try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    static func request(_ api: APIClient, _ method: HTTPRequest.Method, _ path: String, body: Data) async throws -> TestResponse {
        method == .get
            ? try await api.get(path)
            : try await api.client.execute(
                uri: path, method: method, headers: [.authorization: "Bearer \(api.token)", .contentType: "application/json"],
                body: ByteBuffer(bytes: body))
    }

    @Test(
        "every API route with an {id}: another territory's record answers exactly as a record that does not exist, for every role",
        arguments: TestBackend.all)
    func isolationOfEveryIdRoute(backend: TestBackend) async throws {
        try await Self.withIdRoutes(backend) { world, routes, client, store in
            #expect(routes.count >= 30)
            let contract = try await Self.contract(client)
            for role in Role.allCases {
                let outsider = try await APIClient.make(client, store: store, email: world.fixtures.b.account(role).email)
                for route in routes {
                    guard let path = route.path else {
                        Issue.record("no record of territory A for \(route.method) \(route.template): add one to recordsOfA")
                        continue
                    }
                    let body = try Self.exampleBody(contract, route.method, route.template)
                    let theirs = try await Self.request(outsider, route.method, path, body: body)
                    let nobody = try await Self.request(
                        outsider, route.method,
                        path.replacingOccurrences(
                            of: #"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"#, with: UUID().uuidString,
                            options: .regularExpression), body: body)
                    #expect(!(200..<300).contains(Int(theirs.status.code)), "B's \(role) \(route.method) \(route.template): \(theirs.status)")
                    #expect(
                        theirs.status == nobody.status,
                        "B's \(role) \(route.method) \(route.template): \(theirs.status) for A's record, \(nobody.status) for none")
                }
            }
        }
    }

    @Test(
        "every API route with an {id}: a role the contract does not name is refused (403, or 404 where the record is hidden from it)",
        arguments: TestBackend.all)
    func rolesOfEveryIdRoute(backend: TestBackend) async throws {
        try await Self.withIdRoutes(backend) { world, routes, client, store in
            let contract = try await Self.contract(client)
            let paths = try #require(contract["paths"] as? [String: [String: [String: Any]]])
            var checked = 0
            for route in routes {
                guard let path = route.path else { continue }
                let documented = route.template
                let description = paths[documented]?[route.method.rawValue.lowercased()]?["description"] as? String ?? ""
                let allowed = Set(
                    description.replacingOccurrences(of: "Rôles : ", with: "").replacingOccurrences(of: ".", with: "")
                        .components(separatedBy: ", ").compactMap(Role.init(rawValue:)))
                #expect(!allowed.isEmpty, "\(route.method) \(documented) names no role in the contract")
                for role in Role.allCases where !allowed.contains(role) {
                    let api = try await APIClient.make(client, store: store, email: world.fixtures.a.account(role).email)
                    let status = try await Self.request(api, route.method, path, body: try Self.exampleBody(contract, route.method, documented)).status
                    #expect(status == .forbidden || status == .notFound, "A's \(role) \(route.method) \(documented): \(status)")
                    checked += 1
                }
            }
            #expect(checked > 100)
        }
    }
}
