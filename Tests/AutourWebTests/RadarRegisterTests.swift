import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Territory A with `count` registered persons and three callers: the agent and two volunteers
/// whose training is recorded.
struct RegisterWorld: Sendable {
    let fixtures: TwoTerritories
    let secondVolunteer: Account
    let persons: [UUID]

    var a: Fixture { fixtures.a }
    var callers: [UUID] { [a.account(.agent).id, a.account(.volunteer).id, secondVolunteer.id] }

    static func make(_ store: Store, count: Int) async throws -> RegisterWorld {
        let fixtures = try await TwoTerritories.make(store)
        let a = fixtures.a
        let coordinator = a.account(.coordinator).actor, agent = a.account(.agent).actor
        let second = try await store.accounts.create(
            territoryId: a.territory.id, email: "benevole2@alpha.test", name: "Bénévole 2",
            roles: [.volunteer], password: Fixture.password)
        for volunteer in [a.account(.volunteer).id, second.id] {
            _ = try await store.watchers.setProfile(accountId: volunteer, neighbourhoods: ["Nord"], trainedOn: "2026-06-01", actor: coordinator)
        }
        var persons: [UUID] = []
        for i in 0..<count {
            let valid = try PersonRules.validate(
                PersonInput(
                    firstName: "Personne", lastName: "N\(i)", address: "\(i) rue du Lycée",
                    neighbourhood: i % 2 == 0 ? "Nord" : "Centre", phone: "04 78 00 \(String(format: "%02d %02d", i / 100, i % 100))"),
                territory: a.territory, today: Date())
            let person = try await store.people.create(valid, territoryId: a.territory.id, actor: agent)
            _ = try await store.register.register(
                personId: person.id, RegisterInput(requestedBy: "person", reasons: ["age"]),
                consent: (.paper, .person), actor: agent)
            persons.append(person.id)
        }
        return RegisterWorld(fixtures: fixtures, secondVolunteer: second, persons: persons)
    }
}

@Suite("Radar: the heatwave register, its campaigns and the check-in service")
struct RadarRegisterTests {
    @Test(
        "a campaign over 200 registered people is split fairly, worked through the pages and the API, completed and closed",
        arguments: TestBackend.all)
    func campaignOverTwoHundred(backend: TestBackend) async throws {
        try await withApp(backend, seed: { try await RegisterWorld.make($0, count: 200) }) { world, client, store in
            let a = world.a
            let coordinator = Browser(client)
            try await coordinator.logIn(a.account(.coordinator).email)
            #expect(try await coordinator.get("/registre").readable.contains("200 personnes inscrites"))
            let started = try await coordinator.post(
                "/campagnes", [("kind", "heatwave")] + world.callers.map { ("caller_\($0.uuidString.lowercased())", "on") })
            #expect(started.status == .seeOther)
            let location = try #require(started.headers[.location])
            let campaignId = String(location.dropFirst("/campagnes/".count).prefix(36))

            let api = try await APIClient.make(client, store: store, email: a.account(.coordinator).email)
            #expect(try await api.post("/api/v1/campaigns", json: #"{"kind":"cold"}"#).status == .conflict)
            let all = try #require(try await api.get("/api/v1/campaigns/\(campaignId)/calls").json["items"] as? [[String: Any]])
            #expect(all.count == 200)
            let shares = Dictionary(grouping: all, by: { $0["callerId"] as! String }).mapValues(\.count)
            #expect(shares.count == 3)
            #expect(shares.values.max()! - shares.values.min()! <= 1)

            // The first volunteer works their list through the API; someone else's call does not exist for them.
            let volunteer = try await APIClient.make(client, store: store, email: a.account(.volunteer).email)
            let mine = try #require(try await volunteer.get("/api/v1/campaigns/\(campaignId)/calls").json["items"] as? [[String: Any]])
            #expect(mine.count == shares[a.account(.volunteer).id.uuidString])
            #expect(mine.allSatisfy { $0["phone"] as? String != nil })
            let notMine = try #require(all.first { $0["callerId"] as? String != a.account(.volunteer).id.uuidString }?["id"] as? String)
            #expect(try await volunteer.post("/api/v1/campaigns/\(campaignId)/calls/\(notMine)", json: #"{"outcome":"fine"}"#).status == .notFound)
            for (index, call) in mine.enumerated() {
                let id = call["id"] as! String
                if index < 2 {
                    // Unreachable twice: a visit becomes necessary, and a third call makes no sense.
                    #expect(
                        try await volunteer.post("/api/v1/campaigns/\(campaignId)/calls/\(id)", json: #"{"outcome":"unreachable"}"#)
                            .json["status"] as? String == "call_again")
                    #expect(
                        try await volunteer.post("/api/v1/campaigns/\(campaignId)/calls/\(id)", json: #"{"outcome":"unreachable"}"#)
                            .json["status"] as? String == "visit_needed")
                    #expect(
                        try await volunteer.post("/api/v1/campaigns/\(campaignId)/calls/\(id)", json: #"{"outcome":"unreachable"}"#)
                            .status == .conflict)
                } else {
                    #expect(try await volunteer.post("/api/v1/campaigns/\(campaignId)/calls/\(id)", json: #"{"outcome":"fine"}"#).status == .ok)
                }
            }
            #expect(
                try await volunteer.post("/api/v1/campaigns/\(campaignId)/calls/\(mine[2]["id"]!)", json: #"{"outcome":"bof"}"#).status
                    == .badRequest)

            // The second volunteer and the agent work theirs through the pages.
            let second = Browser(client)
            try await second.logIn(world.secondVolunteer.email)
            let page = try await second.get("/appels")
            #expect(page.readable.contains("Mes appels"))
            for call in all where call["callerId"] as? String == world.secondVolunteer.id.uuidString {
                let id = (call["id"] as! String).lowercased()
                #expect(try await second.post("/campagnes/\(campaignId)/appels/\(id)", [("outcome", "fine"), ("back", "appels")]).status == .seeOther)
            }
            let agent = Browser(client)
            try await agent.logIn(a.account(.agent).email)
            try await agent.get("/campagnes/\(campaignId)")
            for (index, call) in all.enumerated() where call["callerId"] as? String == a.account(.agent).id.uuidString {
                let id = (call["id"] as! String).lowercased()
                let outcome = index % 10 == 0 ? "visit_needed" : "fine"
                #expect(try await agent.post("/campagnes/\(campaignId)/appels/\(id)", [("outcome", outcome), ("note", "ok")]).status == .seeOther)
            }
            var progress = try #require(try await api.get("/api/v1/campaigns/\(campaignId)").json["progress"] as? [String: Int])
            #expect(progress["called"] == 200)
            #expect(progress["unreachable"] == 2)
            #expect((progress["visitNeeded"] ?? 0) >= 2)
            #expect(progress["remaining"] == progress["visitNeeded"])

            // Visits settle the rest; the agent sees the remaining ones on the campaign page.
            let remaining = try await agent.get("/campagnes/\(campaignId)")
            #expect(remaining.readable.contains("Visite nécessaire"))
            for call in try #require(try await api.get("/api/v1/campaigns/\(campaignId)/calls").json["items"] as? [[String: Any]])
            where call["status"] as? String == "visit_needed" {
                let id = (call["id"] as! String).lowercased()
                #expect(try await agent.post("/campagnes/\(campaignId)/appels/\(id)", [("outcome", "visited")]).status == .seeOther)
            }
            let done = try await api.get("/api/v1/campaigns/\(campaignId)").json
            #expect(done["complete"] as? Bool == true)
            progress = try #require(done["progress"] as? [String: Int])
            #expect(progress["fine"]! + progress["visited"]! == 200)
            #expect(try await coordinator.get("/campagnes/\(campaignId)").readable.contains("Toutes les personnes inscrites ont été jointes"))

            #expect(try await volunteer.post("/api/v1/campaigns/\(campaignId)/close", json: "{}").status == .forbidden)
            #expect(try await coordinator.post("/campagnes/\(campaignId)/cloture", []).status == .seeOther)
            #expect(try await api.post("/api/v1/campaigns/\(campaignId)/close", json: "{}").status == .conflict)
            #expect(
                try await volunteer.post("/api/v1/campaigns/\(campaignId)/calls/\(mine[2]["id"]!)", json: #"{"outcome":"fine"}"#).status
                    == .conflict)

            // The prefecture's export: every registered person, and the export is in the audit trail.
            #expect(try await volunteer.get("/api/v1/register/export").status == .forbidden)
            let csv = try await api.get("/api/v1/register/export")
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.split(separator: "\r\n").count == 201)
            let trail = try await store.audit.entries(recordId: a.territory.id.uuidString, territoryId: a.territory.id)
            #expect(trail.contains { $0.action == "export" && $0.recordType == "register" })
            // Another territory sees nothing of it.
            let stranger = try await APIClient.make(client, store: store, email: world.fixtures.b.account(.coordinator).email)
            #expect(try await stranger.get("/api/v1/campaigns/\(campaignId)").status == .notFound)
        }
    }

    @Test("registering needs the person's consent; it is recorded on the file; erasure takes the person off the register", arguments: TestBackend.all)
    func registration(backend: TestBackend) async throws {
        try await withApp(backend, seed: { try await RegisterWorld.make($0, count: 0) }) { world, client, store in
            let agent = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            let id = try #require(try await agent.post("/api/v1/persons", json: #"{"firstName":"Odette","lastName":"Faure"}"#).json["id"] as? String)
            let body =
                #"{"personId":"\#(id)","requestedBy":"relative","reasons":["age","isolation"],"emergencyName":"Sa fille","emergencyPhone":"06 11 22 33 44"}"#
            let refused = try await agent.post("/api/v1/register", json: body)
            #expect(refused.status == .unprocessableContent)
            #expect(((refused.json["error"] as? [String: Any])?["fields"] as? [String: String])?["consentMethod"] != nil)
            let withConsent = body.replacingOccurrences(of: "}", with: #","consentMethod":"paper","consentGivenBy":"relative"}"#)
            let created = try await agent.post("/api/v1/register", json: withConsent)
            #expect(created.status == .created)
            #expect(created.json["needsRenewal"] as? Bool == false)
            #expect(try await agent.post("/api/v1/register", json: withConsent).status == .conflict)
            let file = try await agent.get("/api/v1/persons/\(id)").json
            #expect((file["consents"] as? [[String: Any]])?.contains { $0["purpose"] as? String == "heatwave_register" } == true)
            let volunteer = try await APIClient.make(client, store: store, email: world.a.account(.volunteer).email)
            #expect(try await volunteer.get("/api/v1/register").status == .forbidden)

            let browser = Browser(client)
            try await browser.logIn(world.a.account(.agent).email)
            #expect(try await browser.get("/personnes/\(id.lowercased())").readable.contains("Inscrite le"))

            let coordinator = try await APIClient.make(client, store: store, email: world.a.account(.coordinator).email)
            #expect(try await coordinator.post("/api/v1/persons/\(id)/erase", json: "{}").status == .ok)
            #expect(try #require(try await agent.get("/api/v1/register").json["items"] as? [Any]).isEmpty)
        }
    }

    @Test("check-ins are opt-in; a worrying call or a missed one raises a signal linked to the file, once per miss", arguments: TestBackend.all)
    func checkIns(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await withApp(backend, clock: clock.wallClock, seed: { try await RegisterWorld.make($0, count: 0) }) { world, client, store in
            let a = world.a
            let agent = try await APIClient.make(client, store: store, email: a.account(.agent).email)
            let id = try #require(try await agent.post("/api/v1/persons", json: #"{"firstName":"René","lastName":"Imbert"}"#).json["id"] as? String)
            let plan = #"{"personId":"\#(id)","frequencyDays":7,"callerId":"\#(a.account(.volunteer).id)"}"#
            #expect(try await agent.post("/api/v1/check-ins", json: plan).status == .unprocessableContent)
            // The same refusal on the file's page, next to the form.
            let page = Browser(client)
            try await page.logIn(a.account(.agent).email)
            try await page.get("/personnes/\(id.lowercased())")
            let refused = try await page.post(
                "/personnes/\(id.lowercased())/rappels",
                [("frequencyDays", "7"), ("callerId", a.account(.volunteer).id.uuidString.lowercased())])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.readable.contains(#"id="checkin-error""#))
            _ = try await agent.post("/api/v1/persons/\(id)/consents", json: #"{"purpose":"radar_follow_up","method":"oral"}"#)
            #expect(try await agent.post("/api/v1/check-ins", json: plan.replacingOccurrences(of: ":7", with: ":0")).status == .unprocessableContent)
            let created = try await agent.post("/api/v1/check-ins", json: plan)
            #expect(created.status == .created)
            let planId = try #require(created.json["id"] as? String)

            let volunteer = try await APIClient.make(client, store: store, email: a.account(.volunteer).email)
            #expect(try await volunteer.post("/api/v1/check-ins/\(planId)/record", json: #"{"outcome":"fine"}"#).status == .ok)
            #expect(try #require(try await agent.get("/api/v1/signals").json["items"] as? [Any]).isEmpty)
            let other = try await APIClient.make(client, store: store, email: world.secondVolunteer.email)
            #expect(try await other.post("/api/v1/check-ins/\(planId)/record", json: #"{"outcome":"fine"}"#).status == .notFound)

            #expect(try await volunteer.post("/api/v1/check-ins/\(planId)/record", json: #"{"outcome":"worrying","note":"Voix très faible."}"#).status == .ok)
            var signals = try #require(try await agent.get("/api/v1/signals").json["items"] as? [[String: Any]])
            #expect(signals.count == 1)
            #expect(signals.first?["source"] as? String == "check_in")
            #expect(signals.first?["personId"] as? String == id)
            #expect(signals.first?["urgency"] as? String == "urgent")

            // Nobody calls for 9 days: one signal for the miss, and not another on the next run.
            clock.advance(by: 9 * 86400)
            #expect(try await store.checkIns.raiseMissed() == 1)
            #expect(try await store.checkIns.raiseMissed() == 0)
            signals = try #require(try await agent.get("/api/v1/signals").json["items"] as? [[String: Any]])
            #expect(signals.count == 2)
            // The volunteer sees the person on their list of calls.
            let browser = Browser(client)
            try await browser.logIn(a.account(.volunteer).email)
            #expect(try await browser.get("/appels").readable.contains("René Imbert"))
        }
    }

    @Test(
        "a signal never linked to a file is deleted after 3 months; a qualified one stays; the audit chain still verifies",
        arguments: TestBackend.all)
    func unqualifiedSignalsExpire(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await withApp(backend, clock: clock.wallClock, seed: RadarWorld.make) { world, client, store in
            let partner = try await APIClient.make(client, store: store, email: world.a.account(.partner).email)
            let forgotten = try await partner.signal()
            let followed = try await partner.signal(#"{"kind":"food","urgency":"normal","personName":"M. Vidal","consentToContact":"yes"}"#)
            let agent = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            _ = try await agent.post("/api/v1/signals/\(followed)/qualify", json: #"{"firstName":"Paul","lastName":"Vidal"}"#)
            clock.advance(by: 80 * 86400)
            #expect(try await store.retention.purge(dryRun: true).counts[.unqualifiedSignal] == 0)
            clock.advance(by: 15 * 86400)
            #expect(try await store.retention.purge(dryRun: true).counts[.unqualifiedSignal] == 1)
            _ = try await store.retention.purge(dryRun: false)
            #expect(try await agent.get("/api/v1/signals/\(forgotten)").status == .notFound)
            #expect(try await agent.get("/api/v1/signals/\(followed)").status == .ok)
            #expect(try await store.audit.verify().broken == nil)
        }
    }
}
