import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Territory A with two more volunteers (members), and territory B.
struct TimeBankWorld: Sendable {
    let fixtures: TwoTerritories
    let second: Account
    var a: Fixture { fixtures.a }

    static func make(_ store: Store) async throws -> TimeBankWorld {
        let fixtures = try await TwoTerritories.make(store)
        let second = try await store.accounts.create(
            territoryId: fixtures.a.territory.id, email: "membre2@alpha.test", name: "Membre deux",
            roles: [.volunteer], password: Fixture.password)
        return TimeBankWorld(fixtures: fixtures, second: second)
    }
}

extension APIClient {
    /// Opens the caller's time account (reading `/me` never does) and returns its id.
    func timebankAccount() async throws -> String {
        let opened = try await post("/api/v1/timebank/accounts/mine", json: "{}")
        #expect(opened.status == .ok)
        let id = try #require(opened.json["id"] as? String)
        #expect(try await get("/api/v1/me").json["timebankAccountId"] as? String == id)
        return id
    }
}

@Suite("Time bank over HTTP")
struct TimeBankTests {
    @Test("a member pays another: the welcome credit, the payment, its replay, a conflicting reuse and a broken limit", arguments: TestBackend.all)
    func payments(backend: TestBackend) async throws {
        try await withApp(backend, seed: TimeBankWorld.make) { world, client, store in
            let me = try await APIClient.make(client, store: store, email: world.a.account(.volunteer).email)
            let other = try await APIClient.make(client, store: store, email: world.second.email)
            let mine = try await me.timebankAccount(), theirs = try await other.timebankAccount()
            #expect(try await me.get("/api/v1/timebank/accounts/\(mine)").json["balanceMinutes"] as? Int == 120, "welcome credit")
            func payment(_ minutes: Int) -> String {
                #"{"fromAccount":"\#(mine)","toAccount":"\#(theirs)","minutes":\#(minutes),"idempotencyKey":"jardin-2026-11-29","description":"Jardinage"}"#
            }
            let body = payment(90)
            let paid = try await me.post("/api/v1/timebank/transfers", json: body)
            #expect(paid.status == .created)
            let replay = try await me.post("/api/v1/timebank/transfers", json: body)
            #expect(replay.json["id"] as? String == paid.json["id"] as? String)
            #expect(try await me.post("/api/v1/timebank/transfers", json: payment(60)).status == .conflict)
            #expect(try await me.get("/api/v1/timebank/accounts/\(mine)").json["balanceMinutes"] as? Int == 30)
            #expect(try await other.get("/api/v1/timebank/accounts/\(theirs)").json["balanceMinutes"] as? Int == 210)
            let tooMuch = #"{"fromAccount":"\#(mine)","toAccount":"\#(theirs)","minutes":1300,"idempotencyKey":"trop-2026-11-29","description":""}"#
            let refused = try await me.post("/api/v1/timebank/transfers", json: tooMuch)
            #expect(refused.status == .unprocessableContent)
            #expect(((refused.json["error"] as? [String: Any])?["fields"] as? [String: String])?["minutes"] != nil)
            // Nobody pays from someone else's account, nor reads it.
            let stolen = #"{"fromAccount":"\#(theirs)","toAccount":"\#(mine)","minutes":10,"idempotencyKey":"vol-2026-11-29x","description":""}"#
            #expect(try await me.post("/api/v1/timebank/transfers", json: stolen).status == .forbidden)
            #expect(try await me.get("/api/v1/timebank/accounts/\(theirs)").status == .notFound)
            let stranger = try await APIClient.make(client, store: store, email: world.fixtures.b.account(.coordinator).email)
            #expect(try await stranger.get("/api/v1/timebank/accounts/\(mine)").status == .notFound)
            #expect(
                try await APIClient.make(client, store: store, email: world.a.account(.elected).email)
                    .post("/api/v1/timebank/transfers", json: body).status == .forbidden)
            // The coordinator sees every account, the system ones included: they sum to zero.
            let coordinator = try await APIClient.make(client, store: store, email: world.a.account(.coordinator).email)
            let ledger = try await coordinator.get("/api/v1/timebank/accounts").json
            #expect(ledger["totalMinutes"] as? Int == 0)
            #expect((ledger["items"] as? [[String: Any]])?.contains { $0["kind"] as? String == "welcome" } == true)
            #expect(try await store.timeBank.verify().isIntact)
        }
    }

    @Test(
        "in the browser the payer accepts a request from its page; an unknown answer in the URL is a 404 and refuses nothing",
        arguments: TestBackend.all)
    func answerRequestFromThePage(backend: TestBackend) async throws {
        try await withApp(backend, seed: TimeBankWorld.make) { world, client, store in
            let me = try await APIClient.make(client, store: store, email: world.a.account(.volunteer).email)
            let other = try await APIClient.make(client, store: store, email: world.second.email)
            let mine = try await me.timebankAccount()
            _ = try await other.timebankAccount()
            let requested = try await other.post("/api/v1/timebank/requests", json: #"{"payerAccount":"\#(mine)","minutes":30,"description":"Couture"}"#)
            let id = try #require(requested.json["id"] as? String).lowercased()
            let payer = Browser(client)
            try await payer.logIn(world.a.account(.volunteer).email)
            #expect(try await payer.get("/temps").text.contains("/temps/demandes/\(id)/accepter"))
            #expect(try await payer.post("/temps/demandes/\(id)/peut-etre", []).status == .notFound)
            #expect(try await store.timeBank.requests(accountId: UUID(uuidString: mine)!).first?.status == .pending)
            try await payer.get("/temps")
            #expect(try await payer.post("/temps/demandes/\(id)/accepter", []).status == .seeOther)
            #expect(try await store.timeBank.requests(accountId: UUID(uuidString: mine)!).first?.status == .accepted)
        }
    }

    @Test("granting the volunteer role opens the time account with its welcome credit; other roles get none", arguments: TestBackend.all)
    func accountOpensWithTheRole(backend: TestBackend) async throws {
        try await withApp(backend, seed: TimeBankWorld.make) { world, client, store in
            let admin = try await APIClient.make(client, store: store, email: world.a.account(.admin).email)
            for (email, role) in [("nouvelle-benevole@alpha.test", "volunteer"), ("nouvel-agent@alpha.test", "agent")] {
                let created = try await admin.post(
                    "/api/v1/accounts", json: #"{"email":"\#(email)","name":"Nouvelle personne","roles":["\#(role)"],"password":"un-mot-de-passe-sur"}"#)
                #expect(created.status == .created)
                let text = try #require(created.json["id"] as? String)
                let id = try #require(UUID(uuidString: text))
                let account = try await store.timeBank.account(ownerId: id)
                #expect(account?.balanceMinutes == (role == "volunteer" ? LedgerRules.defaultWelcomeMinutes : nil), "\(role)")
            }
        }
    }

    @Test("an agent enters a paper time-cheque on a member's behalf, and the act is audited", arguments: TestBackend.all)
    func paperCheque(backend: TestBackend) async throws {
        try await withApp(backend, seed: TimeBankWorld.make) { world, client, store in
            let me = try await APIClient.make(client, store: store, email: world.a.account(.volunteer).email)
            let other = try await APIClient.make(client, store: store, email: world.second.email)
            let mine = try await me.timebankAccount(), theirs = try await other.timebankAccount()
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            let page = try await agent.get("/temps/comptes")
            #expect(page.status == .ok)
            let key = UUID().uuidString
            let sent = try await agent.post(
                "/temps/cheques",
                [
                    ("fromAccount", mine.lowercased()), ("toAccount", theirs.lowercased()), ("hours", "1"),
                    ("minutes", "0"), ("description", "Chèque n° 12"), ("idempotencyKey", key),
                ])
            #expect(sent.status == .seeOther)
            // The same form sent twice (a double click) moves nothing more.
            _ = try await agent.post(
                "/temps/cheques",
                [
                    ("fromAccount", mine.lowercased()), ("toAccount", theirs.lowercased()), ("hours", "1"),
                    ("minutes", "0"), ("description", "Chèque n° 12"), ("idempotencyKey", key),
                ])
            #expect(try await me.get("/api/v1/timebank/accounts/\(mine)").json["balanceMinutes"] as? Int == 60)
            let history = try #require(try await me.get("/api/v1/timebank/accounts/\(mine)/history").json["items"] as? [[String: Any]])
            let cheque = try #require(history.first { $0["kind"] as? String == "cheque" })
            let trail = try await store.audit.entries(recordId: cheque["id"] as! String, territoryId: world.a.territory.id)
            #expect(trail.contains { $0.actorId == world.a.account(.agent).id && $0.recordType == "timebank_transfer" })
        }
    }

    @Test("a payment request is accepted or refused by the payer, and accepted by itself after the delay", arguments: TestBackend.all)
    func requests(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await withApp(backend, clock: clock.wallClock, seed: TimeBankWorld.make) { world, client, store in
            let provider = try await APIClient.make(client, store: store, email: world.a.account(.volunteer).email)
            let payer = try await APIClient.make(client, store: store, email: world.second.email)
            let providerAccount = try await provider.timebankAccount(), payerAccount = try await payer.timebankAccount()
            func ask(_ minutes: Int) async throws -> String {
                let made = try await provider.post(
                    "/api/v1/timebank/requests", json: #"{"payerAccount":"\#(payerAccount)","minutes":\#(minutes),"description":"Courses"}"#)
                #expect(made.status == .created)
                return try #require(made.json["id"] as? String)
            }
            let first = try await ask(30), second = try await ask(20), third = try await ask(10)
            #expect(try await provider.post("/api/v1/timebank/requests/\(first)/accept", json: "{}").status == .notFound, "only the payer answers")
            #expect(try await payer.post("/api/v1/timebank/requests/\(first)/accept", json: "{}").json["status"] as? String == "accepted")
            #expect(try await payer.post("/api/v1/timebank/requests/\(first)/accept", json: "{}").status == .conflict)
            #expect(try await payer.post("/api/v1/timebank/requests/\(second)/refuse", json: "{}").json["status"] as? String == "refused")
            clock.advance(by: 6 * 86400)
            #expect(try await store.timeBank.acceptDueRequests() == 0)
            clock.advance(by: 86400)
            #expect(try await store.timeBank.acceptDueRequests() == 1)
            #expect(try await payer.get("/api/v1/timebank/accounts/\(payerAccount)").json["balanceMinutes"] as? Int == 120 - 30 - 10)
            #expect(try await provider.get("/api/v1/timebank/accounts/\(providerAccount)").json["balanceMinutes"] as? Int == 120 + 40)
            _ = third
        }
    }

    @Test("many parallel payments through HTTP on the same accounts: the floor holds and the ledger verifies", arguments: TestBackend.all)
    func parallelPayments(backend: TestBackend) async throws {
        try await withApp(backend, seed: TimeBankWorld.make) { world, client, store in
            let me = try await APIClient.make(client, store: store, email: world.a.account(.volunteer).email)
            let other = try await APIClient.make(client, store: store, email: world.second.email)
            let mine = try await me.timebankAccount(), theirs = try await other.timebankAccount()
            // From +2 h (welcome) down to the floor of −20 h: 22 payments of an hour fit, 40 are tried.
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        try await me.post(
                            "/api/v1/timebank/transfers",
                            json: #"{"fromAccount":"\#(mine)","toAccount":"\#(theirs)","minutes":60,"idempotencyKey":"para-\#(i)-2026","description":""}"#
                        ).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 22)
            #expect(statuses.filter { $0 == .unprocessableContent }.count == 18)
            #expect(try await me.get("/api/v1/timebank/accounts/\(mine)").json["balanceMinutes"] as? Int == -20 * 60)
            #expect(try await store.timeBank.verify().isIntact)
        }
    }

    @Test(
        "in the browser: a member pays from the form, publishes an offer; the coordinator's page shows the accounts summing to zero",
        arguments: TestBackend.all)
    func pages(backend: TestBackend) async throws {
        try await withApp(backend, seed: TimeBankWorld.make) { world, client, store in
            let other = try await APIClient.make(client, store: store, email: world.second.email)
            let theirs = try await other.timebankAccount()
            let member = Browser(client)
            try await member.logIn(world.a.account(.volunteer).email)
            // Reading opens nothing: the member opens their account with the button.
            let closed = try await member.get("/temps")
            #expect(closed.readable.contains("Ouvrir mon compte temps"))
            #expect(try await store.timeBank.account(ownerId: world.a.account(.volunteer).id) == nil)
            #expect(try await member.post("/temps/ouvrir", []).status == .seeOther)
            let page = try await member.get("/temps")
            #expect(page.readable.contains("2 h"))
            let keyRange = try #require(page.text.range(of: #"name="idempotencyKey" value="[^"]+""#, options: .regularExpression))
            let key = String(page.text[keyRange].split(separator: "\"")[3])
            let broke = try await member.post("/temps/payer", [("toAccount", theirs.lowercased()), ("hours", "23"), ("minutes", "0"), ("idempotencyKey", key)])
            #expect(broke.status == .unprocessableContent)
            #expect(broke.readable.contains("Solde insuffisant"))
            #expect(
                try await member.post(
                    "/temps/payer",
                    [
                        ("toAccount", theirs.lowercased()), ("hours", "0"), ("minutes", "45"),
                        ("description", "Couture"), ("idempotencyKey", key),
                    ]
                ).status == .seeOther)
            #expect(try await member.get("/temps").readable.contains("1 h 15"))
            #expect(
                try await member.post(
                    "/temps/annonces",
                    [
                        ("kind", "offer"), ("category", "Couture"), ("neighbourhood", "Nord"),
                        ("title", "Ourlets et petites retouches"), ("details", ""),
                    ]
                ).status == .seeOther)
            #expect(try await member.get("/temps/annonces?categorie=Couture").readable.contains("Ourlets et petites retouches"))
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let ledger = try await coordinator.get("/temps/comptes")
            #expect(ledger.readable.contains(#"<strong id="total">0 h</strong>"#))
            #expect(ledger.readable.contains("Membre deux"))
            // Kinds of exchange read in French, never the stored English word (the statistics line,
            // not the welcome account's own name, which reads the same).
            #expect(ledger.readable.contains(#"<li>Crédit de bienvenue : "#))
            #expect(!ledger.readable.contains("welcome :"))
            #expect(try await member.get("/temps/comptes").status == .forbidden)

            // The coordinator sets the territory's limits; the next payment meets the new floor.
            #expect(
                try await coordinator.post(
                    "/temps/reglages",
                    [
                        ("floorHours", "5"), ("ceilingHours", "40"), ("requestDays", "7"),
                        ("welcomeMinutes", "120"),
                    ]
                ).status == .unprocessableContent)
            try await coordinator.get("/temps/comptes")
            #expect(
                try await coordinator.post(
                    "/temps/reglages",
                    [
                        ("floorHours", "-1"), ("ceilingHours", "40"), ("requestDays", "3"),
                        ("welcomeMinutes", "60"),
                    ]
                ).status == .seeOther)
            let settings = try await store.timeBank.settings(territoryId: world.a.territory.id)
            #expect(settings == TimeBankSettings(limits: LedgerLimits(floorMinutes: -60, ceilingMinutes: 40 * 60), requestDays: 3, welcomeMinutes: 60))
            try await member.get("/temps")
            let overdraft = try await member.post(
                "/temps/payer",
                [
                    ("toAccount", theirs.lowercased()), ("hours", "2"), ("minutes", "30"),
                    ("idempotencyKey", UUID().uuidString),
                ])
            #expect(overdraft.status == .unprocessableContent, "75 minutes left, floor −1 h: 2 h 30 would go below")
            #expect(try await member.post("/temps/reglages", [("floorHours", "-100")]).status == .forbidden)
        }
    }
}
