import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Two territories, the demo directory imported in A, A's partner answering for the visiting
/// association, and a second partner of A answering for the food shop.
struct ReferralWorld: Sendable {
    let fixtures: TwoTerritories
    let otherPartner: Account

    static func make(_ store: Store) async throws -> ReferralWorld {
        let fixtures = try await TwoTerritories.make(store)
        let a = fixtures.a.territory.id
        _ = try await store.directory.importFiles(
            [
                ("s.json", try JSONEncoder().encode(DemoDirectory.structures)),
                ("v.json", try JSONEncoder().encode(DemoDirectory.services)),
            ], territoryId: a)
        try await store.referrals.linkPartner(
            accountId: fixtures.a.account(.partner).id, structureId: DemoDirectory.partnerStructure,
            territoryId: a)
        let other = try await store.accounts.create(
            territoryId: a, email: "epicerie@alpha.test", name: "Épicerie", roles: [.partner],
            password: Fixture.password)
        try await store.referrals.linkPartner(accountId: other.id, structureId: "autour-demo--epicerie-mas", territoryId: a)
        return ReferralWorld(fixtures: fixtures, otherPartner: other)
    }
}

@Suite("Referrals to partners")
struct ReferralTests {
    func person(_ agent: APIClient, consentTo partner: String?) async throws -> String {
        let created = try await agent.post("/api/v1/persons", json: #"{"firstName":"Lucien","lastName":"Giraud","phone":"04 78 11 22 33"}"#)
        let id = try #require(created.json["id"] as? String)
        if let partner {
            let consent = try await agent.post(
                "/api/v1/persons/\(id)/consents",
                json: #"{"purpose":"partner_sharing","method":"paper","partnerName":"\#(partner)"}"#)
            #expect(consent.status == .created)
        }
        return id
    }

    @Test("with consent, an agent orients a person; that partner accepts and closes it; others cannot see it", arguments: TestBackend.all)
    func journey(backend: TestBackend) async throws {
        try await withApp(backend, seed: ReferralWorld.make) { world, client, store in
            let a = world.fixtures.a
            let agent = try await APIClient.make(client, store: store, email: a.account(.agent).email)
            let id = try await person(agent, consentTo: "Association Lien et Visites")
            let sent = try await agent.post(
                "/api/v1/persons/\(id)/referrals", json: #"{"serviceId":"autour-demo--visites","note":"Souhaite de la visite le mardi"}"#)
            #expect(sent.status == .created)
            #expect(sent.json["status"] as? String == "requested")
            let referralId = try #require(sent.json["id"] as? String)

            let partner = try await APIClient.make(client, store: store, email: a.account(.partner).email)
            let inbox = try #require(try await partner.get("/api/v1/referrals").json["items"] as? [[String: Any]])
            #expect(inbox.count == 1)
            #expect(inbox.first?["personName"] as? String == "Lucien Giraud")
            let other = try await APIClient.make(client, store: store, email: world.otherPartner.email)
            #expect(try #require(try await other.get("/api/v1/referrals").json["items"] as? [Any]).isEmpty)
            #expect(try await other.post("/api/v1/referrals/\(referralId)/accept", json: "{}").status == .notFound)
            let stranger = try await APIClient.make(client, store: store, email: world.fixtures.b.account(.partner).email)
            #expect(try await stranger.post("/api/v1/referrals/\(referralId)/accept", json: "{}").status == .notFound)
            #expect(try await agent.post("/api/v1/referrals/\(referralId)/accept", json: "{}").status == .forbidden)

            #expect(try await partner.post("/api/v1/referrals/\(referralId)/done", json: "{}").status == .conflict)
            #expect(try await partner.post("/api/v1/referrals/\(referralId)/accept", json: "{}").json["status"] as? String == "accepted")
            #expect(try await partner.post("/api/v1/referrals/\(referralId)/done", json: "{}").json["status"] as? String == "done")
            let file = try await agent.get("/api/v1/persons/\(id)")
            #expect((file.json["referrals"] as? [[String: Any]])?.first?["status"] as? String == "done")
        }
    }

    @Test("without consent to share with that partner, the referral is refused and nothing is sent", arguments: TestBackend.all)
    func consentRequired(backend: TestBackend) async throws {
        try await withApp(backend, seed: ReferralWorld.make) { world, client, store in
            let agent = try await APIClient.make(client, store: store, email: world.fixtures.a.account(.agent).email)
            let noConsent = try await person(agent, consentTo: nil)
            let refused = try await agent.post("/api/v1/persons/\(noConsent)/referrals", json: #"{"serviceId":"autour-demo--visites"}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(((refused.json["error"] as? [String: Any])?["fields"] as? [String: String])?["serviceId"] != nil)
            let otherPartner = try await person(agent, consentTo: "Épicerie solidaire du Mas")
            #expect(
                try await agent.post("/api/v1/persons/\(otherPartner)/referrals", json: #"{"serviceId":"autour-demo--visites"}"#).status
                    == .unprocessableContent)
            #expect(try await agent.post("/api/v1/persons/\(otherPartner)/referrals", json: #"{"serviceId":"nope"}"#).status == .unprocessableContent)
            let partner = try await APIClient.make(client, store: store, email: world.fixtures.a.account(.partner).email)
            #expect(try #require(try await partner.get("/api/v1/referrals").json["items"] as? [Any]).isEmpty)
        }
    }

    @Test(
        "an unanswered referral is to be chased after a week and expires after 15 days; a refusal needs a reason",
        arguments: TestBackend.all)
    func expiry(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await withApp(backend, clock: clock.wallClock, seed: ReferralWorld.make) { world, client, store in
            let agent = try await APIClient.make(client, store: store, email: world.fixtures.a.account(.agent).email)
            let partner = try await APIClient.make(client, store: store, email: world.fixtures.a.account(.partner).email)
            let id = try await person(agent, consentTo: "Association Lien et Visites")
            let first = try #require(
                try await agent.post("/api/v1/persons/\(id)/referrals", json: #"{"serviceId":"autour-demo--appels"}"#).json["id"] as? String)
            let second = try #require(
                try await agent.post("/api/v1/persons/\(id)/referrals", json: #"{"serviceId":"autour-demo--visites"}"#).json["id"] as? String)
            #expect(try await partner.post("/api/v1/referrals/\(second)/refuse", json: #"{"reason":" "}"#).status == .unprocessableContent)
            #expect(try await partner.post("/api/v1/referrals/\(second)/refuse", json: #"{"reason":"Plus de bénévole libre le mardi"}"#).status == .ok)
            clock.advance(by: 8 * 86400)
            var referrals = try #require(try await agent.get("/api/v1/persons/\(id)").json["referrals"] as? [[String: Any]])
            #expect(referrals.first { $0["id"] as? String == first }?["needsReminder"] as? Bool == true)
            clock.advance(by: 8 * 86400)
            referrals = try #require(try await agent.get("/api/v1/persons/\(id)").json["referrals"] as? [[String: Any]])
            #expect(referrals.first { $0["id"] as? String == first }?["status"] as? String == "expired")
            #expect(referrals.first { $0["id"] as? String == second }?["reason"] as? String == "Plus de bénévole libre le mardi")
            #expect(try await partner.post("/api/v1/referrals/\(first)/accept", json: "{}").status == .conflict)
        }
    }

    @Test("in the browser, the agent orients from the file and the partner accepts from their page", arguments: TestBackend.all)
    func web(backend: TestBackend) async throws {
        try await withApp(backend, seed: ReferralWorld.make) { world, client, store in
            let api = try await APIClient.make(client, store: store, email: world.fixtures.a.account(.agent).email)
            let id = try await person(api, consentTo: "Association Lien et Visites")
            let agent = Browser(client)
            try await agent.logIn(world.fixtures.a.account(.agent).email)
            try await agent.get("/personnes/\(id)")
            let sent = try await agent.post("/personnes/\(id)/orientations", [("serviceId", "autour-demo--visites"), ("note", "Le mardi")])
            #expect(sent.status == .seeOther)
            #expect(try await agent.get("/personnes/\(id)").readable.contains("En attente de réponse"))
            let partner = Browser(client)
            try await partner.logIn(world.fixtures.a.account(.partner).email)
            let page = try await partner.get("/orientations")
            #expect(page.readable.contains("Lucien Giraud"))
            let referralId = try #require(try await store.referrals.referrals(personId: UUID(uuidString: id)!).first?.id)
            let refusedWithoutReason = try await partner.post("/orientations/\(referralId.uuidString.lowercased())/refuser", [("reason", "")])
            #expect(refusedWithoutReason.status == .unprocessableContent)
            #expect(try await partner.post("/orientations/\(referralId.uuidString.lowercased())/accepter", []).status == .seeOther)
            #expect(try await agent.get("/personnes/\(id)").readable.contains("Acceptée"))
        }
    }

    @Test("once the person withdraws the sharing consent, the partner no longer sees their name nor phone", arguments: TestBackend.all)
    func consentWithdrawn(backend: TestBackend) async throws {
        try await withApp(backend, seed: ReferralWorld.make) { world, client, store in
            let a = world.fixtures.a
            let agent = try await APIClient.make(client, store: store, email: a.account(.agent).email)
            let id = try await person(agent, consentTo: "Association Lien et Visites")
            _ = try await agent.post("/api/v1/persons/\(id)/referrals", json: #"{"serviceId":"autour-demo--visites","note":""}"#)
            let partner = try await APIClient.make(client, store: store, email: a.account(.partner).email)
            #expect(
                try #require(try await partner.get("/api/v1/referrals").json["items"] as? [[String: Any]]).first?["personName"] as? String == "Lucien Giraud")
            let consents = try #require(try await agent.get("/api/v1/persons/\(id)").json["consents"] as? [[String: Any]])
            let consentId = try #require(consents.first { $0["purpose"] as? String == "partner_sharing" }?["id"] as? String)
            #expect(try await agent.post("/api/v1/persons/\(id)/consents/\(consentId)/withdraw", json: "{}").status == .ok)
            let after = try #require(try await partner.get("/api/v1/referrals").json["items"] as? [[String: Any]])
            #expect(after.first?["personName"] as? String == ReferralRules.withheldName)
            #expect(after.first?["personPhone"] == nil || after.first?["personPhone"] is NSNull)
            let browser = Browser(client)
            try await browser.logIn(a.account(.partner).email)
            #expect(!(try await browser.get("/orientations").readable.contains("Lucien")))
        }
    }

    @Test("a partner's acceptance and refusal sent together: one wins, the other is a conflict", arguments: TestBackend.all)
    func answerRace(backend: TestBackend) async throws {
        try await withApp(backend, seed: ReferralWorld.make) { world, client, store in
            let a = world.fixtures.a
            let agent = try await APIClient.make(client, store: store, email: a.account(.agent).email)
            let partner = try await APIClient.make(client, store: store, email: a.account(.partner).email)
            let id = try await person(agent, consentTo: "Association Lien et Visites")
            for _ in 0..<4 {
                let sent = try await agent.post("/api/v1/persons/\(id)/referrals", json: #"{"serviceId":"autour-demo--visites","note":""}"#)
                let referral = try #require(sent.json["id"] as? String)
                async let accept = partner.post("/api/v1/referrals/\(referral)/accept", json: "{}")
                async let refuse = partner.post("/api/v1/referrals/\(referral)/refuse", json: #"{"reason":"Plus de place"}"#)
                let statuses = try await [accept.status, refuse.status]
                #expect(statuses.filter { $0 == .ok }.count == 1, "\(statuses)")
                #expect(statuses.filter { $0 == .conflict }.count == 1, "\(statuses)")
            }
        }
    }
}

@Suite("Linking partner accounts")
struct PartnerLinkTests {
    @Test(
        "an admin links a partner account to a structure from the accounts page; other accounts and unknown structures are refused",
        arguments: TestBackend.all)
    func link(backend: TestBackend) async throws {
        try await withApp(backend, seed: ReferralWorld.make) { world, client, store in
            let admin = Browser(client)
            try await admin.logIn(world.fixtures.a.account(.admin).email)
            let page = try await admin.get("/admin/comptes")
            #expect(page.readable.contains("Partenaires et structures de l'annuaire"))
            let partner = world.otherPartner
            let linked = try await admin.post(
                "/admin/comptes/\(partner.id.uuidString.lowercased())/structure",
                [("structureId", "autour-demo--repair-numerique")])
            #expect(linked.status == .seeOther)
            #expect(try await store.referrals.structure(ofPartner: partner.id) == "autour-demo--repair-numerique")
            let api = try await APIClient.make(client, store: store, email: world.fixtures.a.account(.admin).email)
            let agent = world.fixtures.a.account(.agent)
            #expect(
                try await api.post("/api/v1/accounts/\(agent.id)/structure", json: #"{"structureId":"autour-demo--repair-numerique"}"#).status
                    == .unprocessableContent)
            #expect(
                try await api.post("/api/v1/accounts/\(partner.id)/structure", json: #"{"structureId":"nowhere"}"#).status
                    == .unprocessableContent)
            let elsewhere = world.fixtures.b.account(.partner)
            #expect(
                try await api.post("/api/v1/accounts/\(elsewhere.id)/structure", json: #"{"structureId":"autour-demo--repair-numerique"}"#).status
                    == .notFound)
        }
    }

}
