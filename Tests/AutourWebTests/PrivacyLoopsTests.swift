import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Consent, need-to-know and state rules that must hold on every path that uses the data, not
/// only on the page where they were first written.
@Suite("Rules that hold on every path")
struct PrivacyLoopsTests {
    @Test(
        "withdrawing the follow-up consent stops the check-in calls: off the caller's list, and no missed-call signal",
        arguments: TestBackend.all)
    func withdrawnConsentStopsCheckIns(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await withApp(backend, clock: clock.wallClock, seed: TwoTerritories.make) { fixtures, client, store in
            let a = fixtures.a
            let agent = try await APIClient.make(client, store: store, email: a.account(.agent).email)
            let id = try #require(try await agent.post("/api/v1/persons", json: #"{"firstName":"Armand","lastName":"Vidal"}"#).json["id"] as? String)
            let consent = try await agent.post("/api/v1/persons/\(id)/consents", json: #"{"purpose":"radar_follow_up","method":"oral"}"#)
            let consentId = try #require(consent.json["id"] as? String)
            let plan = #"{"personId":"\#(id)","frequencyDays":7,"callerId":"\#(a.account(.volunteer).id)"}"#
            let planId = try #require(try await agent.post("/api/v1/check-ins", json: plan).json["id"] as? String)

            #expect(try await agent.post("/api/v1/persons/\(id)/consents/\(consentId)/withdraw", json: "{}").status == .ok)
            let volunteer = try await APIClient.make(client, store: store, email: a.account(.volunteer).email)
            #expect(try await volunteer.post("/api/v1/check-ins/\(planId)/record", json: #"{"outcome":"unreachable"}"#).status == .conflict)
            clock.advance(by: 9 * 86400)
            #expect(try await store.checkIns.raiseMissed() == 0)
            #expect(try #require(try await agent.get("/api/v1/signals").json["items"] as? [Any]).isEmpty)
            let browser = Browser(client)
            try await browser.logIn(a.account(.volunteer).email)
            #expect(!(try await browser.get("/appels").readable.contains("Armand Vidal")))
        }
    }

    @Test("the prefecture register export lists only the people whose register consent holds today", arguments: TestBackend.all)
    func registerExportHonoursConsent(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await withApp(backend, clock: clock.wallClock, seed: TwoTerritories.make) { fixtures, _, store in
            let agent = fixtures.a.account(.agent).actor
            func register(_ last: String) async throws {
                let valid = try PersonRules.validate(PersonInput(firstName: "Jeanne", lastName: last), territory: fixtures.a.territory, today: clock.now)
                let person = try await store.people.create(valid, territoryId: fixtures.a.territory.id, actor: agent)
                _ = try await store.register.register(
                    personId: person.id, RegisterInput(requestedBy: "person", reasons: ["age"]),
                    consent: (.paper, .person), actor: agent)
            }
            try await register("Lapsée")
            clock.advance(by: 200 * 86400)
            try await register("Valable")
            clock.advance(by: 200 * 86400)
            let csv = try await store.register.exportCSV(actor: agent)
            #expect(csv.contains("Valable"))
            #expect(!csv.contains("Lapsée"), "a lapsed consent leaves the person out of what goes to the prefecture")
        }
    }

    @Test(
        "a signal about someone who refused to be contacted becomes a home visit only with its reason written down",
        arguments: TestBackend.all)
    func refusedContactNeedsAReason(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let agent = try await APIClient.make(client, store: store, email: fixtures.a.account(.agent).email)
            let signal = try await agent.post(
                "/api/v1/signals", json: #"{"kind":"isolation","urgency":"normal","personDescription":"Monsieur du 3e","consentToContact":"no"}"#)
            let id = try #require(signal.json["id"] as? String)
            let bare = try await agent.post("/api/v1/signals/\(id)/outreach", json: #"{"kind":"visit","note":""}"#)
            #expect(bare.status == .unprocessableContent)
            #expect(((bare.json["error"] as? [String: Any])?["fields"] as? [String: String])?["note"] != nil)
            #expect(try await agent.post("/api/v1/signals/\(id)/outreach", json: #"{"kind":"call"}"#).status == .created)
            let reasoned = try await agent.post(
                "/api/v1/signals/\(id)/outreach",
                json: #"{"kind":"visit","note":"Sa voisine dit qu'il ne sort plus depuis une semaine."}"#)
            #expect(reasoned.status == .created)
        }
    }

    @Test("two coordinators proposing at once cannot both fill a person's week", arguments: TestBackend.all)
    func proposalsRaceOnTheRestRule(backend: TestBackend) async throws {
        try await withApp(backend, seed: EnergiesWorld.make) { world, client, store in
            let coordinator = world.a.account(.coordinator).actor
            try await store.energies.updateSettings(EnergySettings(restMissionsPerWeek: 1, monthlyGoalMinutes: 600), actor: coordinator)
            let api = try await APIClient.make(client, store: store, email: world.a.account(.coordinator).email)
            for _ in 0..<3 {
                var ids: [String] = []
                for _ in 0..<4 { ids.append(try #require(try await api.post("/api/v1/needs", json: EnergiesTests.gardening).json["id"] as? String)) }
                let resource = world.professional.id
                let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for id in ids {
                        group.addTask { try await api.post("/api/v1/needs/\(id)/propose", json: #"{"resourcePersonId":"\#(resource)"}"#).status }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == .ok }.count <= 1, "one mission a week at most, got \(statuses)")
                for id in ids { _ = try await api.post("/api/v1/needs/\(id)/cancel", json: "{}") }
            }
        }
    }

    @Test("indicators count a signal linked to a file only when the person agrees to statistics", arguments: TestBackend.all)
    func statisticsConsentInIndicators(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let agent = try await APIClient.make(client, store: store, email: fixtures.a.account(.agent).email)
            var people: [String] = []
            for name in ["Agrée", "Refuse"] {
                let id = try #require(try await agent.post("/api/v1/persons", json: #"{"firstName":"Paul","lastName":"\#(name)"}"#).json["id"] as? String)
                people.append(id)
            }
            _ = try await agent.post("/api/v1/persons/\(people[0])/consents", json: #"{"purpose":"statistics","method":"oral"}"#)
            for person in people + [nil] {
                let signal = try #require(
                    try await agent.post("/api/v1/signals", json: #"{"kind":"food","urgency":"normal","personDescription":"x","consentToContact":"yes"}"#).json[
                        "id"] as? String)
                if let person {
                    #expect(try await agent.post("/api/v1/signals/\(signal)/qualify", json: #"{"personId":"\#(person)"}"#).status == .ok)
                }
            }
            let counted = try await store.signals.countable(territoryId: fixtures.a.territory.id, since: .distantPast)
            #expect(counted.count == 2, "the consenting person's signal and the one never linked to a file")
            #expect(!counted.contains { $0.personId?.uuidString == people[1].uppercased() })
        }
    }

    @Test("a coordinator credits a member from the solidarity fund; an agent may not, nor another territory's coordinator", arguments: TestBackend.all)
    func fundsPayMembers(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let a = fixtures.a
            let member = try await store.timeBank.memberAccount(of: a.account(.volunteer))
            let fund = try await store.timeBank.systemAccount(.solidarity, territoryId: a.territory.id)
            func body(_ key: String) -> String {
                #"{"fromAccount":"\#(fund.id)","toAccount":"\#(member.id)","minutes":90,"idempotencyKey":"\#(key)","description":"Aide aux courses"}"#
            }
            let coordinator = try await APIClient.make(client, store: store, email: a.account(.coordinator).email)
            let credited = try await coordinator.post("/api/v1/timebank/transfers", json: body("fund-payment-1"))
            #expect(credited.status == .created, "\(credited.text)")
            #expect(try await store.timeBank.account(id: member.id, territoryId: a.territory.id)?.balanceMinutes == member.balanceMinutes + 90)
            let agent = try await APIClient.make(client, store: store, email: a.account(.agent).email)
            let refused = try await agent.post("/api/v1/timebank/transfers", json: body("fund-payment-2"))
            #expect(refused.status == .unprocessableContent)
            #expect(((refused.json["error"] as? [String: Any])?["fields"] as? [String: String])?["fromAccount"] != nil)
            let outsider = try await APIClient.make(client, store: store, email: fixtures.b.account(.coordinator).email)
            #expect(try await outsider.post("/api/v1/timebank/transfers", json: body("fund-payment-3")).status == .unprocessableContent)
        }
    }
}
