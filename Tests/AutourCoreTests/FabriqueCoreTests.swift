import AutourCore
import Foundation
import Testing

@Suite("Fabrique: French analysis, excerpts, exchange file and strategy rules")
struct FabriqueCoreTests {
    @Test("a text's terms are unaccented, stemmed, without PostgreSQL's French stop words")
    func terms() {
        #expect(FrenchSearch.terms("L'isolement des personnes âgées") == ["isol", "person", "age"])
        #expect(FrenchSearch.terms("où là été") == ["ete"], "« où » and « là » become stop words once unaccented, « été » does not")
        #expect(FrenchSearch.terms("porte-à-porte") == ["port", "a", "port"])
        #expect(FrenchSearch.terms("Covid19 en 2024, 3.5 ou 3,5") == ["covid19", "2024", "3.5", "3", "5"])
        #expect(FrenchSearch.terms("ŒUVRE Cœur") == ["oeuvr", "coeur"])
        #expect(SheetQuery("des et du").isEmpty, "only stop words: nothing to search")
        #expect(SheetQuery("âgée âgées AGEES aînés").terms == ["age", "ain"], "one term once")
        #expect(SheetQuery((0..<40).map { "mot\($0)x" }.joined(separator: " ")).terms.count == SheetQuery.maxTerms)
    }

    @Test("stemming only the words that may give a query's term finds exactly the same words as stemming them all")
    func shortcutIsExact() {
        let texts = (0..<200).flatMap { DemoFabrique.sheet($0).content.excerptSources }
        let queries = ["isolement des personnes âgées", "essayer un essai", "épicerie solidaire paniers", "bénévoles", "2024 covid19 ennuyer"]
        for query in queries {
            let terms = Set(SheetQuery(query).terms)
            for text in texts {
                let scalars = Array(text.unicodeScalars)
                #expect(FrenchSearch.words(scalars, only: terms) == FrenchSearch.words(scalars).filter { $0.term.map(terms.contains) ?? false })
            }
        }
    }

    @Test("an excerpt is the sentence with the most of the query's words, marked, cut around them when long")
    func excerpts() throws {
        let terms = Set(SheetQuery("personnes âgées isolées").terms)
        let excerpt = try #require(
            Excerpt.best(["Le quartier a changé. Les personnes âgées isolées reçoivent une visite.", "Une personne âgée a appelé."], terms: terms))
        #expect(excerpt.pieces.filter(\.marked).map(\.text) == ["personnes", "âgées", "isolées"])
        #expect(excerpt.pieces.map(\.text).joined() == "Les personnes âgées isolées reçoivent une visite.")
        let long =
            String(repeating: "Un long préambule sans rapport avec le sujet ", count: 10) + "puis les personnes âgées "
            + String(repeating: "et encore ", count: 40)
        let cut = try #require(Excerpt.best([long], terms: terms))
        #expect(cut.pieces.first?.text == "… " && cut.pieces.last?.text == " …" && cut.pieces.contains { $0.marked && $0.text == "âgées" })
        #expect(cut.pieces.map(\.text).joined().count <= Excerpt.maxLength + 30)
        #expect(Excerpt.best(["Rien à voir."], terms: terms) == nil)
    }

    @Test("the exchange file reads back what was written and refuses, with the sheet's number, what does not follow the rules")
    func exchange() throws {
        let sheets = (0..<3).map {
            SheetExchange.Sheet(from: "CCAS de Montfort", publishedAt: Date(timeIntervalSince1970: 1_790_000_000), content: DemoFabrique.sheet($0).content)
        }
        let file = SheetExchange(sheets: sheets)
        #expect(try SheetExchange.decoded(try file.encoded()) == file)
        #expect(throws: AutourError.self) { try SheetExchange.decoded(Data("{\"format\":\"autre\",\"version\":1,\"sheets\":[]}".utf8)) }
        #expect(throws: AutourError.self) { try SheetExchange.decoded(Data("pas du json".utf8)) }
        var broken = file
        broken.sheets[1].content.title = "x"
        do {
            _ = try SheetExchange.decoded(try broken.encoded())
            Issue.record("a sheet with a one-letter title was accepted")
        } catch let error as AutourError {
            #expect(error.message.hasPrefix("La fiche n° 2 du fichier est à corriger"))
        }
    }

    @Test("a sheet's form: capped texts, a cost in whole euros checked without trapping, known figures")
    func sheetRules() throws {
        func validate(cost: String = "", figures: [String] = ["radar"], theme: String = "isolation") throws(AutourError) -> SheetContent {
            try SheetRules.validated(
                title: "Un titre correct", context: "", goals: "", actions: "", means: "", cost: cost, partners: "", results: "", lessons: "",
                figures: figures, theme: theme, communeSize: "village", contact: "")
        }
        #expect(try validate(cost: "12000").costEuros == 12_000)
        #expect(throws: AutourError.self) { try validate(cost: "99999999999999999999999") }
        #expect(throws: AutourError.self) { try validate(figures: ["radar", "inconnue"]) }
        #expect(throws: AutourError.self) { try validate(theme: "") }
        #expect(throws: AutourError.self, "a draft may be incomplete, review may not") { try SheetRules.complete(try validate()) }
        #expect(CommuneSize(population: 800) == .village && CommuneSize(population: 2_000) == .town && CommuneSize(population: 49_999) == .city)
    }

    @Test("a plan's action has its months in order and a checked budget; what is missing names the vigilance points first")
    func strategyRules() throws {
        let action = try StrategyRules.action(
            title: "Équipe mobile", owner: "", budget: "12000", start: "2027-03", end: "2027-09", figure: "radar", among: [.radar])
        #expect(action.start == "2027-03" && action.budgetEuros == 12_000 && action.figure == .radar)
        #expect(throws: AutourError.self) {
            try StrategyRules.action(title: "Équipe mobile", owner: "", budget: "1", start: "2027-09", end: "2027-03", figure: "", among: [])
        }
        #expect(throws: AutourError.self) {
            try StrategyRules.action(title: "Équipe mobile", owner: "", budget: "9223372036854775808", start: "2027-01", end: "2027-02", figure: "", among: [])
        }
        #expect(throws: AutourError.self, "a figure the plan did not choose") {
            try StrategyRules.action(title: "Équipe mobile", owner: "", budget: "", start: "2027-01", end: "2027-02", figure: "places", among: [.radar])
        }
        var plan = StrategyPlan(
            id: UUID(), territoryId: UUID(), title: "Plan", figures: [.advocacy], actions: [action], answers: [:], ready: false, updatedAt: Date())
        #expect(plan.missing.first?.hasPrefix("Point de vigilance sans réponse (Avocat social du territoire)") == true)
        #expect(plan.missing.last == "L'action « Équipe mobile » n'a pas de responsable.")
        #expect(throws: AutourError.self) { try StrategyRules.checkReady(plan) }
        plan.answers[.advocacy] = [0: "Les usagers élisent leurs représentants."]
        plan.actions[0].owner = "Direction"
        try StrategyRules.checkReady(plan)
    }
}
