import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The probes of an attacker: bursts of guesses, paths that dodge the API check, tokens carried
/// from one session to another, parallel answers to the same request.
@Suite("Security probes")
struct SecurityTests {
    /// The values that used to stop the process (overflow, NaN and infinities to `Int`).
    static let extremes = ["9223372036854775807", "-9223372036854775808", "nan", "inf", "1e300", "", "abc"]

    @Test(
        "40 parallel guesses on one account get at most five passwords checked, and the account ends locked",
        arguments: TestBackend.all)
    func parallelGuesses(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let target = fixtures.a.account(.agent)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let browser = Browser(client)
                        // A different address for each guess, so that only the account's limit is at work.
                        try await browser.get("/login")
                        return try await browser.post("/login", [("email", target.email), ("password", "wrong-\(index)-password")]).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            let checked = try await store.audit.entries(recordId: target.id.uuidString, territoryId: target.territoryId)
                .filter { $0.action == AuditAction.loginFailed.rawValue || $0.action == AuditAction.login.rawValue }
            #expect(checked.count <= 5, "\(checked.count) passwords were checked")
            #expect(statuses.allSatisfy { $0 == .unprocessableContent || $0 == .tooManyRequests })
            // The in-process client has one address for all, now over its own limit: ask the store
            // whether the right password opens the account (it must not: the burst locked it).
            #expect(try await store.accounts.authenticate(email: target.email, password: Fixture.password) == .invalid)
        }
    }

    @Test("60 parallel failures from one address are refused past the limit of 20 without a check", arguments: TestBackend.all)
    func parallelFailuresFromOneAddress(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { _, client, _ in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<60 {
                    group.addTask {
                        let browser = Browser(client)
                        try await browser.get("/login")
                        return try await browser.post("/login", [("email", "guess\(index)@nowhere.test"), ("password", "wrong-password")]).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unprocessableContent }.count <= 20)
            #expect(statuses.filter { $0 == .tooManyRequests }.count >= 40)
        }
    }

    @Test("behind a configured proxy the client named by X-Forwarded-For is limited, never the proxy; other peers cannot pick their address")
    func clientAddress() {
        let proxy: Set<String> = ["10.0.0.2"]
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: "203.0.113.9", trusted: proxy) == "203.0.113.9")
        #expect(
            ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: "1.2.3.4, 203.0.113.9", trusted: proxy) == "203.0.113.9",
            "the left entries are the client's own words")
        #expect(ClientAddress.resolve(peer: "198.51.100.7", forwardedFor: "203.0.113.9", trusted: proxy) == "198.51.100.7")
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: "not-an-address", trusted: proxy) == "10.0.0.2")
        #expect(ClientAddress.resolve(peer: nil, forwardedFor: "203.0.113.9", trusted: proxy) == "unknown")
    }

    @Test("the session cookie does not open the API through another spelling of its path", arguments: TestBackend.all)
    func pathSpellings(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, _ in
            let browser = Browser(client)
            try await browser.logIn(fixtures.a.account(.coordinator).email)
            for path in ["//api/v1/persons", "/./api/v1/persons", "/x/../api/v1/persons", "/api//v1/persons", "/%2Fapi/v1/persons"] {
                let response = try await browser.get(path)
                #expect(response.status == .notFound, "\(path)")
                #expect(!response.text.contains("\"items\""), "\(path) leaked the API's data")
            }
            #expect(try await browser.get("/api/v1/persons").status == .unauthorized, "the API takes no cookie")
        }
    }

    @Test("PUT, PATCH and DELETE need the CSRF token like POST", arguments: TestBackend.all)
    func csrfOnEveryMethod(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, _ in
            let browser = Browser(client)
            try await browser.logIn(fixtures.a.account(.admin).email)
            let cookie = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            for method in [HTTPRequest.Method.put, .patch, .delete] {
                let response = try await client.execute(uri: "/logout", method: method, headers: [.cookie: cookie])
                #expect(response.status == .unprocessableContent, "\(method)")
            }
        }
    }

    @Test("a CSRF token from one session is refused in the next one", arguments: TestBackend.all)
    func csrfTiedToSession(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let browser = Browser(client)
            try await browser.logIn(fixtures.a.account(.admin).email)
            try await browser.get("/admin/comptes")
            let old = browser.lastCSRF
            try await browser.post("/logout", [])
            try await browser.logIn(fixtures.a.account(.admin).email)
            let forged = try await browser.post(
                "/admin/comptes",
                [
                    ("email", "carried@alpha.test"), ("name", "Carried"),
                    ("role_agent", "on"), ("password", "0123456789"),
                ], csrf: old)
            #expect(forged.status == .unprocessableContent)
            #expect(try await store.accounts.find(email: "carried@alpha.test") == nil)
        }
    }

    @Test("a staff session ends after 30 idle minutes, activity keeps it, a volunteer's lasts", arguments: TestBackend.all)
    func idleTimeout(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await withApp(backend, clock: clock.wallClock, seed: TwoTerritories.make) { fixtures, client, _ in
            let agent = Browser(client), volunteer = Browser(client)
            try await agent.logIn(fixtures.a.account(.agent).email)
            try await volunteer.logIn(fixtures.a.account(.volunteer).email)
            clock.advance(by: 20 * 60)
            #expect(try await agent.get("/").status == .ok)
            clock.advance(by: 20 * 60)
            #expect(try await agent.get("/").status == .ok, "twenty minutes after the last request")
            clock.advance(by: 31 * 60)
            #expect(try await agent.get("/").status == .seeOther, "idle for 31 minutes")
            #expect(try await volunteer.get("/").status == .ok)
        }
    }

    @Test("log out my other sessions; a login always gives a new session id and ends the one the browser had", arguments: TestBackend.all)
    func otherSessions(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, _ in
            let email = fixtures.a.account(.coordinator).email
            let phone = Browser(client), office = Browser(client)
            try await phone.logIn(email)
            try await office.logIn(email)
            try await office.get("/sessions")
            let closed = try await office.post("/sessions/autres/fermer", [])
            #expect(closed.headers[.location] == "/sessions?fermees=1")
            #expect(try await office.get(closed.headers[.location]!).readable.contains("1 autre session fermée."))
            #expect(try await phone.get("/").status == .seeOther)
            #expect(try await office.get("/").status == .ok)

            let before = try #require(office.cookies["autour_session"])
            try await office.logIn(email)
            #expect(office.cookies["autour_session"] != before)
            office.cookies["autour_session"] = before
            #expect(try await office.get("/").status == .seeOther, "the session id from before the login is dead")
        }
    }

    @Test(
        "extreme numbers in the time bank, Energies and check-in forms get a 422 naming the field, and the server answers on",
        arguments: TestBackend.all)
    func extremeNumbersInForms(backend: TestBackend) async throws {
        try await withApp(backend, seed: TimeBankWorld.make) { world, client, store in
            let volunteer = Browser(client), coordinator = Browser(client)
            try await volunteer.logIn(world.a.account(.volunteer).email)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let other = try await store.timeBank.memberAccount(of: world.second)
            try await volunteer.get("/temps")
            for value in Self.extremes {
                let pay = try await volunteer.post(
                    "/temps/payer",
                    [
                        ("toAccount", other.id.uuidString), ("hours", value), ("minutes", "0"),
                        ("idempotencyKey", UUID().uuidString), ("description", ""),
                    ])
                #expect(pay.status == .unprocessableContent, "hours=\(value)")
                if !value.isEmpty { #expect(pay.readable.contains("Saisissez un nombre entier de 0 à 24 h."), "hours=\(value)") }
                try await coordinator.get("/temps/comptes")
                let settings = try await coordinator.post(
                    "/temps/reglages",
                    [
                        ("floorHours", value), ("ceilingHours", "40"),
                        ("requestDays", "7"), ("welcomeMinutes", "120"),
                    ])
                #expect(settings.status == .unprocessableContent, "floorHours=\(value)")
                try await coordinator.get("/energies")
                let energies = try await coordinator.post("/energies/reglages", [("rest", "3"), ("goal", value)])
                #expect(energies.status == .unprocessableContent, "goal=\(value)")
            }
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
    }

    @Test(
        "an acceptance and a refusal of the same payment request at the same moment: exactly one wins, and the ledger agrees",
        arguments: TestBackend.all)
    func requestAnswerRace(backend: TestBackend) async throws {
        try await withApp(backend, seed: TimeBankWorld.make) { world, client, store in
            let payer = try await APIClient.make(client, store: store, email: world.a.account(.volunteer).email)
            let provider = try await APIClient.make(client, store: store, email: world.second.email)
            let payerAccount = try await payer.timebankAccount()
            _ = try await provider.timebankAccount()
            for _ in 0..<5 {
                let request = try await provider.post("/api/v1/timebank/requests", json: #"{"payerAccount":"\#(payerAccount)","minutes":10}"#)
                let id = try #require(request.json["id"] as? String)
                async let accept = payer.post("/api/v1/timebank/requests/\(id)/accept", json: "{}")
                async let refuse = payer.post("/api/v1/timebank/requests/\(id)/refuse", json: "{}")
                let (a, r) = try await (accept, refuse)
                #expect([a.status, r.status].filter { $0 == .ok }.count == 1, "accept \(a.status), refuse \(r.status)")
                let stored = try #require(
                    try await store.timeBank.requests(accountId: UUID(uuidString: payerAccount)!).first {
                        $0.id.uuidString.lowercased() == id.lowercased()
                    })
                let moved = try await store.timeBank.history(accountId: UUID(uuidString: payerAccount)!).contains {
                    $0.transfer.kind == "request" && $0.transfer.description == stored.description && $0.minutes == -10
                }
                #expect((stored.status == .accepted) == (a.status == .ok))
                if stored.status == .refused { #expect(!moved || a.status != .ok) }
            }
            #expect(try await store.timeBank.verify().problems.isEmpty)
            let acceptedCount = try await store.timeBank.requests(accountId: UUID(uuidString: payerAccount)!).filter { $0.status == .accepted }.count
            let paid = try await store.timeBank.history(accountId: UUID(uuidString: payerAccount)!).filter { $0.transfer.kind == "request" }.count
            #expect(acceptedCount == paid, "every accepted request moved its minutes once, and no refused one did")
        }
    }

    @Test("parallel requests of a member to open their time-bank account open one, without a 500", arguments: TestBackend.all)
    func parallelFirstRequests(backend: TestBackend) async throws {
        try await withApp(backend, seed: TimeBankWorld.make) { world, client, store in
            let member = try await APIClient.make(client, store: store, email: world.second.email)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<12 { group.addTask { try await member.post("/api/v1/timebank/accounts/mine", json: "{}").status } }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .ok }, "\(statuses)")
            let accounts = try await store.timeBank.accounts(territoryId: world.a.territory.id).filter { $0.ownerId == world.second.id }
            #expect(accounts.count == 1)
            #expect(accounts.first?.balanceMinutes == LedgerRules.defaultWelcomeMinutes, "the welcome credit once")
        }
    }

    @Test("two agents closing the same signal at once: one closes it, the other learns it is already closed", arguments: TestBackend.all)
    func signalCloseRace(backend: TestBackend) async throws {
        try await withApp(backend, seed: RadarWorld.make) { world, client, store in
            let watcher = try await APIClient.make(client, store: store, email: world.a.account(.watcher).email)
            try await watcher.acceptCharter()
            let agent = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            let coordinator = try await APIClient.make(client, store: store, email: world.a.account(.coordinator).email)
            for _ in 0..<4 {
                let id = try await watcher.signal()
                async let first = agent.post("/api/v1/signals/\(id)/close", json: #"{"outcome":"supported"}"#)
                async let second = coordinator.post("/api/v1/signals/\(id)/close", json: #"{"outcome":"no_need"}"#)
                let statuses = try await [first.status, second.status]
                #expect(statuses.filter { $0 == .ok }.count == 1, "\(statuses)")
                #expect(statuses.filter { $0 == .conflict }.count == 1, "\(statuses)")
            }
        }
    }

    @Test(
        "the hourly auto-accept and a refusal at the same moment: the request ends in one state, and minutes moved only if accepted",
        arguments: TestBackend.all)
    func autoAcceptRace(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await withApp(backend, clock: clock.wallClock, seed: TimeBankWorld.make) { world, client, store in
            let payer = try await APIClient.make(client, store: store, email: world.a.account(.volunteer).email)
            let provider = try await APIClient.make(client, store: store, email: world.second.email)
            let payerAccount = try await payer.timebankAccount()
            _ = try await provider.timebankAccount()
            var ids: [String] = []
            for _ in 0..<5 {
                let request = try await provider.post("/api/v1/timebank/requests", json: #"{"payerAccount":"\#(payerAccount)","minutes":5}"#)
                ids.append(try #require(request.json["id"] as? String))
            }
            clock.advance(by: 8 * 86400)
            async let due = store.timeBank.acceptDueRequests()
            let refusals = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for id in ids { group.addTask { try await payer.post("/api/v1/timebank/requests/\(id)/refuse", json: "{}").status } }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            let accepted = try await due
            let requests = try await store.timeBank.requests(accountId: UUID(uuidString: payerAccount)!)
            #expect(requests.filter { $0.status == .accepted }.count == accepted)
            #expect(refusals.filter { $0 == .ok }.count == requests.filter { $0.status == .refused }.count)
            #expect(accepted + refusals.filter { $0 == .ok }.count == ids.count, "each request answered once")
            let moved = try await store.timeBank.history(accountId: UUID(uuidString: payerAccount)!).filter { $0.transfer.kind == "request" }.count
            #expect(moved == accepted)
            #expect(try await store.timeBank.verify().isIntact)
        }
    }

    @Test("a volunteer's accept and decline of the same proposal at once: one answer stands, the other is a conflict", arguments: TestBackend.all)
    func proposalAnswerRace(backend: TestBackend) async throws {
        try await withApp(backend, seed: EnergiesWorld.make) { world, client, store in
            let coordinator = try await APIClient.make(client, store: store, email: world.a.account(.coordinator).email)
            let volunteer = try await APIClient.make(client, store: store, email: world.a.account(.volunteer).email)
            for _ in 0..<2 {
                let id = try #require(try await coordinator.post("/api/v1/needs", json: EnergiesTests.gardening).json["id"] as? String)
                #expect(
                    try await coordinator.post(
                        "/api/v1/needs/\(id)/propose",
                        json: #"{"resourcePersonId":"\#(world.volunteerResource.id)"}"#
                    ).status == .ok)
                async let accept = volunteer.post("/api/v1/needs/\(id)/accept", json: "{}")
                async let decline = volunteer.post("/api/v1/needs/\(id)/decline", json: "{}")
                let (a, d) = try await (accept, decline)
                #expect([a.status, d.status].filter { $0 == .ok }.count == 1, "accept \(a.status), decline \(d.status)")
                let need = try #require(try await store.energies.need(id: UUID(uuidString: id)!, territoryId: world.a.territory.id))
                #expect((need.status == .accepted) == (a.status == .ok))
                #expect((need.resourcePersonId == nil) == (d.status == .ok))
            }
        }
    }
}
