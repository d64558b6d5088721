import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Territory A (neighbourhoods Centre and Nord): 12 files in the Centre of which 8 agreed to
/// statistics, 8 in the Nord of which 6 agreed; 6 signals about nobody identified in the Centre
/// and 2 in the Nord. Territory B has its own files.
struct ObservatoryWorld: Sendable {
    let a: Fixture
    let b: Fixture

    static func make(_ store: Store) async throws -> ObservatoryWorld {
        let a = try await Fixture.make(store, slug: "alpha"), b = try await Fixture.make(store, slug: "beta")
        let agent = a.account(.agent).actor
        func files(_ count: Int, in place: String, agreeing: Int, fixture: Fixture) async throws {
            for index in 0..<count {
                let valid = try PersonRules.validate(
                    PersonInput(firstName: "P\(index)", lastName: "Habitant \(place)", communeCode: "23096", neighbourhood: place),
                    territory: fixture.territory, today: Date())
                let person = try await store.people.create(valid, territoryId: fixture.territory.id, actor: fixture.account(.agent).actor)
                if index < agreeing {
                    _ = try await store.people.recordConsent(
                        personId: person.id, purpose: .statistics, partnerName: nil, method: .paper, givenBy: .person,
                        actor: fixture.account(.agent).actor)
                }
            }
        }
        try await files(12, in: "Centre", agreeing: 8, fixture: a)
        try await files(8, in: "Nord", agreeing: 6, fixture: a)
        try await files(9, in: "Nord", agreeing: 9, fixture: b)
        for (place, count) in [("Centre", 6), ("Nord", 2)] {
            for _ in 0..<count {
                let signal = try SignalRules.validate(
                    SignalInput(
                        kind: "isolation", urgency: "normal", personDescription: "Une voisine seule", neighbourhood: place, consentToContact: "unknown"),
                    territory: a.territory,
                    today: Date())
                _ = try await store.signals.create(signal, actor: agent)
            }
        }
        return ObservatoryWorld(a: a, b: b)
    }
}

@Suite("Observatory: the year's figures from every module, suppressed, for the coordinator and the elected")
struct ObservatoryTests {
    static var year: Int { FrenchTime.calendar.component(.year, from: Date()) }

    @Test(
        "only people who agreed to statistics are counted, small counts and their complements are hidden, each territory sees its own",
        arguments: TestBackend.all)
    func figures(backend: TestBackend) async throws {
        try await withApp(backend, seed: ObservatoryWorld.make) { world, _, store in
            let figures = try await store.observatoryService.figures(year: Self.year, by: .year(0), actor: world.a.account(.elected).actor)
            #expect(figures.map(\.indicator.id) == Indicators.all.map(\.id))
            let files = try #require(figures.first { $0.indicator.id == "files_opened" }).byPlace
            #expect(files.rows == ["Centre", "Nord"] && files.rowTotals == [8, 6] && files.total == 14, "12 and 8 files, 8 and 6 agreed")
            let signals = try #require(figures.first { $0.indicator.id == "signals" }).byPlace
            #expect(signals.rowTotals == [nil, nil] && signals.total == 8, "2 signals in the Nord are hidden, so is the Centre's 6 = 8 − 2")

            let other = try await store.observatoryService.figures(year: Self.year, by: .year(0), actor: world.b.account(.coordinator).actor)
            #expect(try #require(other.first { $0.indicator.id == "files_opened" }).byPlace.total == 9, "B sees its own 9, not A's 14")
            await #expect(throws: AutourError.forbidden) {
                try await store.observatoryService.figures(year: Self.year, by: .year(0), actor: world.a.account(.agent).actor)
            }
        }
    }

    @Test("the coordinator and the elected read the dashboard, an indicator's tables and its CSV; other roles are refused", arguments: TestBackend.all)
    func pages(backend: TestBackend) async throws {
        try await withApp(backend, seed: ObservatoryWorld.make) { world, client, _ in
            let elected = Browser(client)
            try await elected.logIn(world.a.account(.elected).email)
            let home = try await elected.get(Page.home.path).readable
            #expect(home.contains("Observatoire social") && home.contains(Page.observatory.path))
            let dashboard = try await elected.get(Page.observatory.path)
            #expect(dashboard.status == .ok)
            let page = dashboard.readable
            #expect(page.contains("Observatoire social \(Self.year)") && page.contains("Accès aux droits et aides"))
            #expect(page.contains("role=\"img\"") && page.contains("<title id=\"courbe-files_opened-title\">"))
            #expect(!page.contains("/personnes/"), "nothing in the observatory links to a file")

            let detail = try await elected.get(Page.observatoryIndicator("files_opened").url(query: [("annee", String(Self.year)), ("par", "mois")]))
            #expect(detail.status == .ok)
            let tables = detail.readable
            #expect(tables.contains("<th scope=\"row\">Centre</th>") && tables.contains(">8</td>") && !tables.contains(">12</td>"))
            #expect(!tables.contains("Habitant"), "no name reaches the observatory")

            let csv = try await elected.get(Page.observatoryCSV("signals").url(query: [("annee", String(Self.year)), ("par", "trimestre")]))
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.text.components(separatedBy: "\r\n")
            #expect(
                lines.contains(
                    "\"Quartier (nombre)\";\"1er trimestre \(Self.year)\";\"2e trimestre \(Self.year)\";\"3e trimestre \(Self.year)\";\"4e trimestre \(Self.year)\";\"Total\""
                ))
            #expect(lines.contains { $0.hasPrefix("\"Nord\";") && $0.contains("\"masqué\"") && !$0.contains("\"2\"") })
            #expect(lines.contains { $0.hasPrefix("\"Total\";") && $0.hasSuffix(";\"8\"") })

            let ods = try await elected.get(Page.observatoryODS.path)
            #expect(ods.status == .ok && ods.headers[.contentType] == "application/vnd.oasis.opendocument.spreadsheet")
            let bytes = Array(ods.body.readableBytesView)
            // A zip whose first entry is `mimetype`, stored uncompressed: how LibreOffice recognises an ODS.
            #expect(bytes.count > 100 && bytes[0..<4] == [0x50, 0x4B, 0x03, 0x04] && bytes[8] == 0)
            #expect(String(decoding: bytes[30..<38], as: UTF8.self) == "mimetype")
            #expect(String(decoding: bytes[38..<84], as: UTF8.self) == "application/vnd.oasis.opendocument.spreadsheet")

            #expect(try await elected.get(Page.observatory.url(query: [("annee", "1999")])).status == .unprocessableContent)
            #expect(try await elected.get(Page.observatoryIndicator("nothing").path).status == .notFound)
            #expect(try await elected.get(Page.observatoryMethods.path).readable.contains("moins de 5"))

            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            #expect(try await agent.get(Page.observatory.path).status == .forbidden)
            #expect(try await agent.get(Page.observatoryReport.path).status == .forbidden)
            #expect(try await agent.get(Page.observatoryCSV("signals").path).status == .forbidden)
        }
    }

    @Test(
        "the coordinator writes the yearly report's comments, which the elected read in the report; the PDF is printed by Chromium", arguments: TestBackend.all)
    func report(backend: TestBackend) async throws {
        try await withApp(backend, seed: ObservatoryWorld.make) { world, client, _ in
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let form = try await coordinator.get(Page.observatoryComments.path)
            #expect(form.status == .ok && form.readable.contains("Chapitre : Accès aux droits et aides"))
            let year = String(Self.year)
            let saved = try await coordinator.post(
                Page.observatoryComments.path,
                [("year", year), ("summary", "Une année de repérage.\n\nLes signalements viennent du Centre."), ("chapter-rights", "Le non-recours recule.")])
            #expect(saved.status == .seeOther)
            let tooLong = try await coordinator.post(Page.observatoryComments.path, [("year", year), ("summary", String(repeating: "a", count: 8_001))])
            #expect(tooLong.status == .unprocessableContent && tooLong.readable.contains("Au plus 8000 caractères"))

            let elected = Browser(client)
            try await elected.logIn(world.a.account(.elected).email)
            let report = try await elected.get(Page.observatoryReport.url(query: [("annee", year)]))
            #expect(report.status == .ok)
            let text = report.readable
            #expect(text.contains("Analyse des besoins sociaux \(year)") && text.contains("<p>Une année de repérage.</p>"))
            #expect(text.contains("<p>Les signalements viennent du Centre.</p>") && text.contains("Le non-recours recule."))
            #expect(text.contains("5. Accès aux droits et aides") && text.contains("Annexe : méthodes") && !text.contains("Écrire les commentaires"))
            try await elected.get(Page.observatory.path)
            #expect(try await elected.post(Page.observatoryComments.path, [("year", year), ("summary", "x")]).status == .forbidden)

            let pdf = try await elected.get(Page.observatoryReportPDF.url(query: [("annee", year)]))
            if PDFPrinter.fromEnvironment().executable != nil {
                #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf" && pdf.text.hasPrefix("%PDF"))
            } else {
                #expect(pdf.status == .serviceUnavailable && pdf.readable.contains("imprimez la page du rapport"))
            }
        }
    }

    @Test("the coordinator imports the census context; rates per 1 000 inhabitants and the population beside the ages follow", arguments: TestBackend.all)
    func context(backend: TestBackend) async throws {
        try await withApp(backend, seed: ObservatoryWorld.make) { world, client, _ in
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let year = String(Self.year)
            let page = try await coordinator.get(Page.observatoryContext.path)
            #expect(page.status == .ok && page.readable.contains("<legend>Centre</legend>"))
            let wrong = try await coordinator.post(
                "/observatoire/contexte/import", [("year", year), ("csv", "quartier;0-14;15-29;30-44;45-59;60-74;75+;menages\nGare;1;1;1;1;1;1;1")])
            #expect(wrong.status == .unprocessableContent && wrong.readable.contains("« Gare » n'est pas un quartier du territoire"))
            let csv =
                "quartier;0-14;15-29;30-44;45-59;60-74;75+;menages;taux_pauvrete\nCentre;100;100;200;200;100;100;350;20\nNord;100;100;100;100;100;100;250;"
            #expect(try await coordinator.post("/observatoire/contexte/import", [("year", year), ("csv", csv)]).status == .seeOther)
            let typedBadly = try await coordinator.post(Page.observatoryContext.path, [("year", year), ("band-0-0", "-1")])
            #expect(typedBadly.status == .unprocessableContent && typedBadly.readable.contains("Un nombre entier entre 0 et 10 000 000."))

            let elected = Browser(client)
            try await elected.logIn(world.a.account(.elected).email)
            let detail = try await elected.get(Page.observatoryIndicator("files_opened").url(query: [("annee", year)])).readable
            // 8 files for 800 inhabitants in the Centre, 6 for 600 in the Nord, 14 for 1 400.
            #expect(
                detail.contains("<th scope=\"row\">Centre</th><td>8</td><td>10</td>")
                    && detail.contains("<th scope=\"row\">Territoire</th><td>14</td><td>10</td>"))
            let dashboard = try await elected.get(Page.observatory.path).readable
            #expect(dashboard.contains("1400 habitants") && dashboard.contains("Âge des personnes suivies") && !dashboard.contains("Saisir ou importer"))
            #expect(try await elected.get(Page.observatoryContext.path).status == .forbidden)
        }
    }

    @Test("the API gives the same suppressed figures, a hidden one as null, to the coordinator and the elected only", arguments: TestBackend.all)
    func api(backend: TestBackend) async throws {
        try await withApp(backend, seed: ObservatoryWorld.make) { world, client, store in
            let elected = try await APIClient.make(client, store: store, email: world.a.account(.elected).email)
            let answer = try await elected.get("/api/v1/observatory/indicators?year=\(Self.year)&by=year")
            #expect(answer.status == .ok && answer.json["year"] as? Int == Self.year)
            let items = try #require(answer.json["items"] as? [[String: Any]])
            #expect(items.map { $0["id"] as? String } == Indicators.all.map(\.id))
            let files = try #require(items.first { $0["id"] as? String == "files_opened" }?["byPlace"] as? [String: Any])
            #expect(files["rowTotals"] as? [Double] == [8, 6] && files["total"] as? Double == 14)
            let signals = try #require(items.first { $0["id"] as? String == "signals" }?["byPlace"] as? [String: Any])
            #expect((signals["rowTotals"] as? [Any])?.allSatisfy { $0 is NSNull } == true && signals["total"] as? Double == 8)
            #expect(try await elected.get("/api/v1/observatory/indicators?by=week").status == .badRequest)
            #expect(try await elected.get("/api/v1/observatory/indicators?year=1999").status == .unprocessableContent)
            let agent = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            #expect(try await agent.get("/api/v1/observatory/indicators").status == .forbidden)
        }
    }

    @Test("for a CIAS, the dashboard maps the people followed by commune, with the same figures as a table", arguments: TestBackend.all)
    func communeMap(backend: TestBackend) async throws {
        try await withApp(
            backend,
            seed: { store in
                _ = try await store.basins.importCommunes(boundariesAround: (["23096", "23176"], 1))
                let territory = try await store.territories.create(slug: "cias", name: "CIAS du Pays", communes: ["23096", "23176"])
                let agent = try await store.accounts.create(
                    territoryId: territory.id, email: "agent@cias.test", name: "Agent", roles: [.agent], password: Fixture.password, isSocialWorker: true)
                let elected = try await store.accounts.create(
                    territoryId: territory.id, email: "elu@cias.test", name: "Élue", roles: [.elected], password: Fixture.password, isSocialWorker: false)
                for (commune, count) in [("23096", 6), ("23176", 7)] {
                    for index in 0..<count {
                        let valid = try PersonRules.validate(
                            PersonInput(firstName: "P\(index)", lastName: "Habitant", communeCode: commune), territory: territory, today: Date())
                        let person = try await store.people.create(valid, territoryId: territory.id, actor: agent.actor)
                        _ = try await store.people.recordConsent(
                            personId: person.id, purpose: .statistics, partnerName: nil, method: .paper, givenBy: .person, actor: agent.actor)
                        _ = try await store.people.addFollowUp(
                            personId: person.id, kind: .homeVisit, summary: "Visite.", visibility: .team, actor: agent.actor)
                    }
                }
                return elected.email
            }
        ) { email, client, _ in
            let elected = Browser(client)
            try await elected.logIn(email)
            let page = try await elected.get(Page.observatory.path).readable
            #expect(page.contains("Personnes suivies par commune") && page.contains("<title id=\"carte-suivis-title\">"))
            #expect(page.contains("<title>Guéret</title>") && page.contains("<title>La Souterraine</title>"), "both communes drawn")
            #expect(page.contains("<th scope=\"row\">Guéret</th><td>6</td>") && page.contains("<th scope=\"row\">La Souterraine</th><td>7</td>"))
        }
    }
}
