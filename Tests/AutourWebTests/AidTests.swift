import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Rights: optional aid from the application to the commission, the letter and the payment")
struct AidTests {
    /// The rules of the year as a coordinator types them: energy has a 500 € ceiling and a 1 000 € budget.
    static func rules(_ browser: Browser, energyBudget: String = "1000") async throws -> TestResponse {
        var fields: [(String, String)] = []
        for kind in AidKind.allCases {
            fields.append(("ceiling-\(kind.rawValue)", kind == .energy ? "500" : "300"))
            fields.append(("budget-\(kind.rawValue)", kind == .energy ? energyBudget : "2 000"))
        }
        return try await browser.post(Page.aidRules.path, fields)
    }

    static func location(_ response: TestResponse) throws -> String {
        try #require(response.headers[.location]).components(separatedBy: "?")[0].components(separatedBy: "#")[0]
    }

    @Test("an application goes from the file through the commission to a printed letter and a payment against the budget", arguments: TestBackend.all)
    func fromFileToPayment(backend: TestBackend) async throws {
        try await withApp(backend, seed: RightsWorld.make) { world, client, store in
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            try await coordinator.get(Page.aid.path)  // a page of the session, for its form token
            #expect(try await Self.rules(coordinator).status == .seeOther)
            let commission = try Self.location(try await coordinator.post("/droits/aides/commissions", [("meetsOn", "2026-12-10")]))

            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            try await agent.get(Page.aid.path)  // a page of the session, for its form token
            let file = try await agent.get(Page.person(world.nadia).path).text
            #expect(file.contains("Faire une demande d&#39;aide facultative") || file.contains("Faire une demande d'aide facultative"))
            let fields = [
                ("kind", "energy"), ("requested", "380"), ("reason", "Facture d'électricité de régularisation."), ("resources", "950"),
                ("charges", "660"), ("adults", "1"), ("children", "1"),
            ]
            let created = try await agent.post(Page.newAidApplication(world.nadia).path, fields)
            #expect(created.status == .seeOther)
            let application = try Self.location(created)
            let instruction = try await agent.get(application).text
            // (950 − 660) ÷ 30 ÷ 1,3 = 7,43 € a day: the 75 % band of the standard grid, 285 € of 380 €.
            #expect(instruction.contains("7,43 €") && instruction.contains("1,3") && instruction.contains("285,00 €"))
            #expect(!instruction.contains("Inscrire à l"), "the agent does not put it on the agenda")

            #expect(try await agent.post(application + "/inscription", [("commission", commission.components(separatedBy: "/").last!)]).status == .forbidden)
            #expect(
                try await coordinator.post(application + "/inscription", [("commission", commission.components(separatedBy: "/").last!)]).status == .seeOther)
            let refusedWithoutReason = try await coordinator.post(application + "/decision", [("decision", "refused"), ("reason", "")])
            #expect(refusedWithoutReason.status == .unprocessableContent && refusedWithoutReason.text.contains("écrivez le motif"))
            let overCeiling = try await coordinator.post(application + "/decision", [("decision", "granted"), ("amount", "600"), ("reason", "")])
            #expect(overCeiling.status == .unprocessableContent && overCeiling.text.contains("500,00 €"))
            let closeTooSoon = try await coordinator.post(commission + "/cloture", [("minutes", "")])
            #expect(closeTooSoon.status == .conflict, "the commission does not close while an application waits")
            let granted = try await coordinator.post(
                application + "/decision", [("decision", "granted"), ("amount", "300"), ("reason", "Échéancier pour le reste.")])
            #expect(granted.status == .seeOther)
            #expect(try await coordinator.post(application + "/decision", [("decision", "refused"), ("reason", "Deux fois")]).status == .conflict)

            let page = try await coordinator.get(commission).text
            let letterPath = try #require(page.firstMatch(of: /\/droits\/aides\/decisions\/[0-9a-f-]+\/courrier/)).output
            let letter = try await agent.get(String(letterPath))
            #expect(letter.status == .ok && letter.text.contains("vous accorde une aide de 300,00 €") && letter.text.contains("Nadia Benali"))
            #expect(letter.text.contains("deux mois"), "the letter says how to contest the decision")

            // Payments: within what was granted, then within the budget.
            #expect(try await agent.post(application + "/paiements", [("amount", "200"), ("payee", "person"), ("paidOn", "2026-12-12")]).status == .forbidden)
            let first = try await coordinator.post(
                application + "/paiements", [("amount", "200"), ("payee", "creditor"), ("creditor", "Fournisseur d'électricité"), ("paidOn", "2026-12-12")])
            #expect(first.status == .seeOther)
            let tooMuch = try await coordinator.post(application + "/paiements", [("amount", "150"), ("payee", "person"), ("paidOn", "2026-12-12")])
            #expect(tooMuch.status == .conflict && tooMuch.text.contains("100,00 €"), "only 100 € is left to pay")
            let afterPayment = try await coordinator.get(application).text
            #expect(afterPayment.contains("Reste à verser : <strong>100,00 €</strong>") && afterPayment.contains("Fournisseur d"))
            let hub = try await coordinator.get(Page.aid.path).text
            #expect(hub.contains("200,00 € (20 %)") && hub.contains("800,00 €"), "the energy budget of 1 000 € shows 200 € paid and 800 € left")

            #expect(try await coordinator.post(commission + "/cloture", [("minutes", "Quatre membres présents.")]).status == .seeOther)
            let minutes = try await coordinator.get(commission + "/proces-verbal").text
            #expect(minutes.contains("Procès-verbal") && minutes.contains("N. B.") && minutes.contains("accordée : 300,00 €"))
            #expect(minutes.contains("Quatre membres présents.") && !minutes.contains("Nadia"), "the minutes name people by their initials")

            // The file's history and the person's export; erasure keeps the amounts, not the words.
            let history = try await agent.get(Page.person(world.nadia).path).text
            #expect(history.contains("Énergie (factures, chauffage), 380,00 €") && history.contains("dont 200,00 € versés"))
            let export = try await store.people.export(personId: world.nadia, actor: world.a.account(.agent).actor)
            #expect(export.sections.contains { $0.items.contains { $0.summary.contains("Paiement de l'aide") } })
            try await store.people.erase(personId: world.nadia, actor: world.a.account(.coordinator).actor)
            let kept = try await store.aidService.applications(actor: world.a.account(.coordinator).actor)
            #expect(kept.count == 1 && kept[0].paidCents == 20_000 && !kept[0].input.reason.contains("électricité"))
        }
    }

    @Test("typed amounts go through one checked path: a wrong one is named next to its field and nothing is stored", arguments: TestBackend.all)
    func badInput(backend: TestBackend) async throws {
        try await withApp(backend, seed: RightsWorld.make) { world, client, store in
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            try await agent.get(Page.aid.path)  // a page of the session, for its form token
            for (field, value) in [
                ("requested", "abc"), ("requested", "1e400"), ("resources", "-5"), ("charges", "99999999999999999999"), ("children", "9223372036854775808"),
            ] {
                var fields = [
                    ("kind", "food"), ("requested", "100"), ("reason", "Courses"), ("resources", "900"), ("charges", "500"), ("adults", "1"), ("children", "0"),
                ]
                fields.removeAll { $0.0 == field }
                fields.append((field, value))
                let answer = try await agent.post(Page.newAidApplication(world.nadia).path, fields)
                #expect(answer.status == .unprocessableContent, "\(field) = \(value)")
                #expect(answer.text.contains("id=\"\(field)-error\""), "the message sits next to \(field)")
            }
            let unknownKind = try await agent.post(Page.newAidApplication(world.nadia).path, [("kind", "yacht"), ("requested", "100")])
            #expect(unknownKind.status == .unprocessableContent)
            #expect(try await store.aidService.applications(actor: world.a.account(.agent).actor).isEmpty)

            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            try await coordinator.get(Page.aid.path)  // a page of the session, for its form token
            let badGrid = try await coordinator.post(Page.aidRules.path + "/grille", [("upTo-1", "8"), ("share-1", "150")])
            #expect(badGrid.status == .unprocessableContent)
            #expect(try await store.aidService.grid(territoryId: world.a.territory.id) == .standard)
            let badRules = try await Self.rules(coordinator, energyBudget: "1e9999")
            #expect(badRules.status == .unprocessableContent && badRules.text.contains("id=\"budget-energy-error\""))
            #expect(
                try await store.aidService.budgets(year: store.aidService.currentYear, territoryId: world.a.territory.id).allSatisfy { $0.ceilingCents == nil })
        }
    }

    @Test("two payments at once cannot spend the same remaining budget, and another territory sees nothing", arguments: TestBackend.all)
    func budgetRace(backend: TestBackend) async throws {
        try await withApp(backend, seed: RightsWorld.make) { world, client, store in
            let service = store.aidService
            let coordinator = world.a.account(.coordinator).actor
            let year = service.currentYear
            try await service.setBudget(kind: .food, year: year, ceilingCents: 30_000, budgetCents: 50_000, actor: coordinator)
            let commission = try await service.openCommission(meetsOn: "2026-12-10", actor: coordinator)
            var granted: [UUID] = []
            for _ in 0..<2 {
                let input = AidApplicationInput(
                    kind: .food, requestedCents: 30_000, reason: "Courses", resourcesCents: 90_000, chargesCents: 60_000, adults: 1, children: 0)
                let application = try await service.apply(personId: world.nadia, input, actor: world.a.account(.agent).actor)
                try await service.schedule(applicationId: application.id, commissionId: commission.id, actor: coordinator)
                try await service.decide(applicationId: application.id, .granted, amountCents: 30_000, reason: "", actor: coordinator)
                granted.append(application.id)
            }
            await #expect(throws: AutourError.forbidden) {
                try await service.decide(applicationId: granted[0], .refused, amountCents: nil, reason: "x", actor: world.a.account(.agent).actor)
            }
            let day = FrenchTime.day(Date())
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for id in granted {
                    group.addTask {
                        (try? await service.pay(applicationId: id, amountCents: 30_000, payee: .person, creditor: "", paidOn: day, actor: coordinator)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1, "300 € + 300 € do not fit in a 500 € budget")
            #expect(try await service.budget(kind: .food, year: year, territoryId: world.a.territory.id).spentCents == 30_000)

            // Territory B's coordinator: every page of A's aid is a 404.
            let other = Browser(client)
            let b = try await Fixture.make(store, slug: "gamma")
            try await other.logIn(b.account(.coordinator).email)
            try await other.get(Page.aid.path)  // a page of the session, for its form token
            let decision = try #require(try await service.commission(id: commission.id, actor: coordinator).decided.first)
            for path in [
                Page.aidApplication(granted[0]).path, Page.aidCommission(commission.id).path, Page.aidMinutes(commission.id).path,
                Page.aidLetter(decision.id).path, Page.newAidApplication(world.nadia).path,
            ] {
                #expect(try await other.get(path).status == .notFound, "\(path)")
            }
            #expect(try await other.post(Page.aidApplication(granted[1]).path + "/paiements", [("amount", "1"), ("paidOn", day)]).status == .notFound)
        }
    }

    @Test("the API records an application and a payment through the same checks, amounts in euros", arguments: TestBackend.all)
    func api(backend: TestBackend) async throws {
        try await withApp(backend, seed: RightsWorld.make) { world, client, store in
            let coordinatorActor = world.a.account(.coordinator).actor
            try await store.aidService.setBudget(
                kind: .food, year: store.aidService.currentYear, ceilingCents: 30_000, budgetCents: 100_000, actor: coordinatorActor)
            let agent = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            let path = "/api/v1/rights/households/\(world.nadia)/aid-applications"
            for bad in ["1e308", "-20", "12345678901"] {
                let refused = try await agent.post(
                    path, json: #"{"kind":"food","requested":"# + bad + #","reason":"Courses","resources":900,"charges":600,"adults":1,"children":0}"#)
                #expect(refused.status == .unprocessableContent, "requested = \(bad)")
            }
            let created = try await agent.post(
                path, json: #"{"kind":"food","requested":120.5,"reason":"Courses du mois","resources":900,"charges":600,"adults":1,"children":0}"#)
            #expect(created.status == .created)
            #expect(created.json["dailyResteAVivre"] as? Double == 10 && created.json["proposal"] as? Double == 60.25, "10 € a day: half of 120,50 €")
            let id = try #require(created.json["id"] as? String)
            #expect((try await agent.get("/api/v1/rights/aid/applications?status=submitted").json["items"] as? [Any])?.count == 1)

            let commission = try await store.aidService.openCommission(meetsOn: "2026-12-10", actor: coordinatorActor)
            try await store.aidService.schedule(applicationId: UUID(uuidString: id)!, commissionId: commission.id, actor: coordinatorActor)
            try await store.aidService.decide(applicationId: UUID(uuidString: id)!, .granted, amountCents: 10_000, reason: "", actor: coordinatorActor)
            let payment = #"{"amount":100,"payee":"creditor","creditor":"Épicerie solidaire","paidOn":"2026-12-12"}"#
            #expect(try await agent.post("/api/v1/rights/aid/applications/\(id)/payments", json: payment).status == .forbidden)
            let coordinator = try await APIClient.make(client, store: store, email: world.a.account(.coordinator).email)
            #expect(try await coordinator.post("/api/v1/rights/aid/applications/\(id)/payments", json: payment).status == .created)
            #expect(try await coordinator.post("/api/v1/rights/aid/applications/\(id)/payments", json: payment).status == .conflict, "paid in full")
            let budgets = try #require(try await agent.get("/api/v1/rights/aid/budgets").json["items"] as? [[String: Any]])
            let food = try #require(budgets.first { $0["kind"] as? String == "food" })
            #expect(food["spent"] as? Double == 100 && food["remaining"] as? Double == 900 && food["ceiling"] as? Double == 300)
            #expect(try await agent.get("/api/v1/rights/aid/budgets?year=99999").status == .unprocessableContent)
        }
    }
}
