import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Fabrique: experience sheets, their French search and the strategy builder, in the browser")
struct FabriqueTests {
    static func sheetForm(_ content: SheetContent, title: String? = nil) -> [(String, String)] {
        [
            ("title", title ?? content.title), ("context", content.context), ("goals", content.goals), ("actions", content.actions),
            ("means", content.means), ("cost", "12000"), ("partners", content.partners), ("results", content.results), ("lessons", content.lessons),
            ("theme", content.theme.rawValue), ("communeSize", content.communeSize.rawValue), ("contact", content.contact),
        ] + content.figures.map { ("figure-\($0.rawValue)", "1") }
    }

    static func id(_ response: TestResponse) throws -> String {
        let location = try #require(response.headers[.location])
        let id = location.split(separator: "?")[0].split(separator: "/").last.map(String.init) ?? ""
        try #require(UUID(uuidString: id) != nil, "a record's page: \(location)")
        return id
    }

    @Test("an agent writes a sheet, the coordinator publishes it, the elected find it in French with the words marked", arguments: TestBackend.all)
    func sheetJourney(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { world, client, store in
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            #expect(try await agent.get(Page.home.path).readable.contains("Fabrique d'expériences"))
            #expect(try await agent.get(Page.newSheet.path).status == .ok)
            let content = DemoFabrique.sheet(0).content
            let refused = try await agent.post(Page.newSheet.path, Self.sheetForm(content, title: "Co"))
            #expect(refused.status == .unprocessableContent && refused.readable.contains("Le titre : de 5 à 150 caractères."))
            var incomplete = Self.sheetForm(content)
            incomplete.removeAll { $0.0 == "results" }
            let created = try await agent.post(Page.newSheet.path, incomplete)
            #expect(created.status == .seeOther)
            let id = try Self.id(created)
            let sheetPath = "/fabrique/fiches/\(id)"
            try await agent.get(sheetPath)
            let notReady = try await agent.post(sheetPath + "/relecture", [])
            #expect(notReady.status == .unprocessableContent && notReady.readable.contains("Les résultats : au moins 20 caractères"))
            try await agent.get(sheetPath + "/modifier")
            #expect(try await agent.post(sheetPath + "/modifier", Self.sheetForm(content)).status == .seeOther)
            try await agent.get(sheetPath)
            #expect(try await agent.post(sheetPath + "/relecture", []).status == .seeOther)
            #expect(try await agent.get(Page.pendingSheets.path).readable.contains("À relire"))
            #expect(try await agent.post(sheetPath + "/publier", [("shared", "1")]).status == .forbidden)

            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let review = try await coordinator.get(sheetPath).readable
            #expect(review.contains("Publier la fiche") && review.contains("Renvoyer aux auteurs"))
            #expect(try await coordinator.post(sheetPath + "/publier", [("shared", "1")]).status == .seeOther)

            let elected = Browser(client)
            try await elected.logIn(world.a.account(.elected).email)
            let found = try await elected.get(Page.fabrique.url(query: [("q", "isolement des personnes âgées")]))
            #expect(found.status == .ok)
            #expect(found.readable.contains(sheetPath) && found.readable.contains("<mark>"), "the sheet, its words marked")
            let filtered = try await elected.get(Page.fabrique.url(query: [("q", "personnes âgées"), ("figure", "learning")])).readable
            #expect(!filtered.contains(sheetPath) && filtered.contains("Aucune fiche ne correspond"))
            #expect(try await elected.get(Page.newSheet.path).status == .forbidden)

            let elsewhere = Browser(client)
            try await elsewhere.logIn(world.b.account(.agent).email)
            let shared = try await elsewhere.get(Page.fabrique.url(query: [("q", "personnes âgées")])).readable
            #expect(shared.contains(sheetPath) && shared.contains("partagée par \(world.a.territory.name)"), "a shared sheet reaches the instance")

            let exported = try await agent.get(Page.sheetsExport.path)
            #expect(exported.status == .ok && exported.headers[.contentType] == "application/json; charset=utf-8")
            try await elsewhere.get(Page.sheetsImport.path)
            #expect(try await elsewhere.post(Page.sheetsImport.path, [("file", "{\"format\":\"autre\"}")]).status == .unprocessableContent)
            let imported = try await elsewhere.post(Page.sheetsImport.path, [("file", exported.text)])
            #expect(imported.status == .seeOther)
            let pending = try await elsewhere.get(try #require(imported.headers[.location])).readable
            #expect(pending.contains("Fiches importées comme brouillons, à relire : 1."), "the import says what it did")
            let drafts = try await store.fabriqueService.unpublished(actor: world.b.account(.agent).actor)
            #expect(drafts.count == 1 && drafts[0].status == .draft && drafts[0].content.title == content.title)

            try await coordinator.get(sheetPath)
            #expect(try await coordinator.post(sheetPath + "/renvoyer", [("note", "Ajoutez le coût par personne.")]).status == .seeOther)
            #expect(try await elected.get(sheetPath).status == .notFound, "a sheet sent back is a draft again: the elected no longer see it")
        }
    }

    @Test("the elected build a plan and cannot mark it ready while a vigilance point is unanswered", arguments: TestBackend.all)
    func strategyJourney(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { world, client, store in
            let elected = Browser(client)
            try await elected.logIn(world.a.account(.elected).email)
            #expect(try await elected.get(Page.home.path).readable.contains(Page.strategy.path))
            try await elected.get(Page.strategy.path)
            let created = try await elected.post(Page.strategy.path, [("title", "Plan 2027"), ("figure-advocacy", "1")])
            #expect(created.status == .seeOther)
            let plan = "/fabrique/strategie/\(try Self.id(created))"
            let page = try await elected.get(plan).readable
            #expect(page.contains("Au nom de qui parlons-nous"))
            let badMonth = try await elected.post(
                plan + "/actions", [("actionTitle", "Conseil des usagers"), ("owner", "Maire adjointe"), ("budget", "1e9"), ("start", "2027-13"), ("end", "")])
            #expect(badMonth.status == .unprocessableContent && badMonth.readable.contains("Le premier mois, au format 2027-03."))
            #expect(
                try await elected.post(
                    plan + "/actions",
                    [
                        ("actionTitle", "Conseil des usagers"), ("owner", "Maire adjointe"), ("budget", "4500"), ("start", "2027-01"), ("end", "2027-12"),
                        ("figure", "advocacy"),
                    ]
                ).status == .seeOther)
            let stopped = try await elected.post(plan + "/pret", [])
            #expect(stopped.status == .unprocessableContent)
            #expect(stopped.readable.contains("Le plan n'est pas prêt : Point de vigilance sans réponse (Avocat social du territoire)"))
            #expect(try await elected.post(plan + "/vigilance", [("advocacy-0", "Les usagers élisent leurs représentants au conseil.")]).status == .seeOther)
            #expect(try await elected.post(plan + "/pret", []).status == .seeOther)
            #expect(try await elected.get(plan).readable.contains("Plan prêt."))
            let printed = try await elected.get(plan + "/imprimer").readable
            #expect(printed.contains("Conseil des usagers — responsable : Maire adjointe — janvier 2027 – décembre 2027"))
            #expect(try await store.strategyService.plans(actor: world.a.account(.elected).actor).first?.ready == true)

            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            #expect(try await agent.get(Page.strategy.path).status == .forbidden)
            let other = Browser(client)
            try await other.logIn(world.b.account(.elected).email)
            #expect(try await other.get(plan).status == .notFound)
        }
    }
}
