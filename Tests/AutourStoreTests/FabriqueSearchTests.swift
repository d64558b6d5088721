import AutourCore
import AutourStore
import AutourTesting
import Foundation
import SQLKit
import Testing

/// The Fabrique's French search on both engines: the same corpus, published in the same order on
/// SQLite and on PostgreSQL, must give the same ten sheets in the same order for every query of
/// the gold set, and the sheets of the query's subject first.
@Suite("Fabrique: French search on both engines")
struct FabriqueSearchTests {
    static let corpusSize = 400

    /// A query and the kind of experience (`DemoFabrique.Topic.key`) whose sheets must come first.
    static let gold: [(query: String, topic: String)] = [
        ("isolement des personnes âgées", "isolement-aines"), ("visites à domicile aux aînés", "isolement-aines"),
        ("personne agee isolee", "isolement-aines"), ("café solidaire", "cafe-social"), ("lieu de rencontre sans rendez-vous", "cafe-social"),
        ("non-recours aux droits", "non-recours"), ("accès aux droits au marché", "non-recours"), ("simulation des droits", "non-recours"),
        ("démarches en ligne", "numerique"), ("ateliers numériques", "numerique"), ("illectronisme", "numerique"),
        ("épicerie solidaire", "epicerie"), ("paniers de légumes", "epicerie"), ("transport solidaire rural", "mobilite"),
        ("chauffeurs bénévoles rendez-vous médicaux", "mobilite"), ("garage solidaire", "mobilite"),
        ("cohabitation intergénérationnelle", "logement-intergenerationnel"), ("étudiant chez un senior", "logement-intergenerationnel"),
        ("tiers-lieu", "tiers-lieu"), ("ancienne école", "tiers-lieu"), ("banque de temps", "banque-temps"), ("échange d'heures", "banque-temps"),
        ("chantier d'insertion", "insertion-emploi"), ("allocataires du RSA", "insertion-emploi"), ("bus de prévention santé", "sante-prevention"),
        ("bilans de santé", "sante-prevention"), ("jeunes en rupture", "jeunes"), ("répit des aidants", "aidants"),
        ("canicule", "canicule"), ("fortes chaleurs", "canicule"), ("précarité énergétique", "precarite-energetique"),
        ("factures d'énergie", "precarite-energetique"), ("coordonner les bénévoles", "benevoles"), ("charte citoyenne", "charte-citoyenne"),
        ("parlement d'habitants", "charte-citoyenne"), ("premiers secours", "formation-citoyenne"), ("université populaire", "formation-citoyenne"),
        ("incubateur de projets", "projets-habitants"), ("familles monoparentales", "violences-familles"), ("garde d'enfants", "violences-familles"),
    ]

    struct Corpus {
        let store: Store
        let fixture: Fixture
        /// The corpus index of each sheet id.
        let index: [UUID: Int]
    }

    /// The corpus, written and published in order on `store`, one second apart.
    static func corpus(_ store: Store, clock: ManualClock, size: Int = corpusSize) async throws -> Corpus {
        let fixture = try await Fixture.make(store, slug: "fabrique")
        let writer = fixture.account(.agent).actor
        let coordinator = fixture.account(.coordinator).actor
        var index: [UUID: Int] = [:]
        for i in 0..<size {
            let id = try await store.fabriqueService.create(DemoFabrique.sheet(i).content, actor: writer)
            try await store.fabriqueService.submit(id: id, actor: writer)
            try await store.fabriqueService.publish(id: id, shared: false, actor: coordinator)
            clock.advance(by: 1)
            index[id] = i
        }
        return Corpus(store: store, fixture: fixture, index: index)
    }

    @Test("every gold query finds its subject's sheets first", arguments: TestBackend.all)
    func goldQueriesFindTheirSubjectFirst(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await withTestStore(backend, clock: clock.wallClock) { store in
            let corpus = try await Self.corpus(store, clock: clock)
            #expect(Self.gold.count >= 30)
            for (query, topic) in Self.gold {
                let results = try await store.fabriqueService.search(query, actor: corpus.fixture.account(.elected).actor)
                let topics = results.hits.map { DemoFabrique.sheet(corpus.index[$0.sheet.id]!).topic.key }
                #expect(topics.count >= 3 && topics.prefix(3).allSatisfy { $0 == topic }, "\(query): the first three are about \(topic), got \(topics)")
                let terms = Set(results.query.terms)
                for hit in results.hits {
                    #expect(
                        hit.score == SheetPart.score(terms: results.query.terms, parts: hit.sheet.content.partTerms),
                        "\(query): the engine's score is the rule's")
                }
                #expect(
                    results.hits.allSatisfy { hit in
                        (hit.excerpt?.pieces ?? []).contains(where: \.marked)
                            || Excerpt.marked(hit.sheet.content.title, terms: terms).pieces.contains(where: \.marked)
                    }, "\(query): every hit shows a word of the query, in its title or its excerpt")
            }
        }
    }

    @Test("SQLite and PostgreSQL give the same ten sheets in the same order for every gold query")
    func bothEnginesRankAlike() async throws {
        guard TestBackend.all.contains(.postgres) else { return }  // needs AUTOUR_TEST_POSTGRES_URL (set in CI)
        var rankings: [TestBackend: [[Int]]] = [:]
        for backend in [TestBackend.sqlite, .postgres] {
            let clock = ManualClock()
            rankings[backend] = try await withTestStore(backend, clock: clock.wallClock) { store in
                let corpus = try await Self.corpus(store, clock: clock)
                var rankings: [[Int]] = []
                for (query, _) in Self.gold + [("bénévoles habitants partenaires", ""), ("comité de suivi trimestre", ""), ("xyzzy", "")] {
                    let results = try await store.fabriqueService.search(query, actor: corpus.fixture.account(.elected).actor)
                    rankings.append(results.hits.map { corpus.index[$0.sheet.id]! })
                    let second = try await store.fabriqueService.search(query, page: 2, actor: corpus.fixture.account(.elected).actor)
                    rankings.append(second.hits.map { corpus.index[$0.sheet.id]! })
                }
                return rankings
            }
        }
        let sqlite = rankings[.sqlite]!
        let postgres = rankings[.postgres]!
        for (index, ranking) in sqlite.enumerated() {
            #expect(ranking == postgres[index], "query \(index / 2), page \(index % 2 + 1): SQLite \(ranking), PostgreSQL \(postgres[index])")
        }
        #expect(sqlite.contains { $0.count == 10 })
    }

    @Test("an instance upgraded from the first SQLite index finds the sheets it had published, in the same order")
    func upgradedIndexFindsThePublishedSheets() async throws {
        let clock = ManualClock()
        try await withTestStore(.sqlite, clock: clock.wallClock) { store in
            let corpus = try await Self.corpus(store, clock: clock, size: 120)
            let reader = corpus.fixture.account(.elected).actor
            let queries = ["isolement des personnes âgées", "bénévoles habitants partenaires", "café solidaire"]
            var before: [[UUID]] = []
            for query in queries { before.append(try await store.fabriqueService.search(query, actor: reader).hits.map(\.sheet.id)) }
            // The database as migration 0029 left it: its two-column index (whatever it held, the
            // upgrade drops it) and 0030 not yet applied.
            let sql = try store.database.sql
            try await sql.raw("DROP TABLE experience_search").run()
            try await sql.raw("CREATE VIRTUAL TABLE experience_search USING fts5(terms, tags, content='', contentless_delete=1, detail=column)").run()
            try await sql.raw("DELETE FROM _fluent_migrations WHERE name = '0030_reshape_fabrique_index'").run()
            #expect(try await store.fabriqueService.search("café solidaire", actor: reader).hits.isEmpty)

            try await store.database.migrate()
            for (index, query) in queries.enumerated() {
                let after = try await store.fabriqueService.search(query, actor: reader).hits.map(\.sheet.id)
                #expect(after == before[index], "\(query)")
                #expect(!after.isEmpty)
            }
        }
    }

    @Test("the Swift analysis gives PostgreSQL's french+unaccent terms for every text of the corpus")
    func swiftAnalysisMatchesPostgres() async throws {
        guard TestBackend.all.contains(.postgres) else { return }
        try await withTestStore(.postgres) { store in
            let sql = try store.database.sql
            var texts = DemoFabrique.topics.flatMap { topic in (0..<3).map { DemoFabrique.sheet($0 * DemoFabrique.topics.count).content.context } }
            texts += (0..<60).flatMap { DemoFabrique.sheet($0).content.parts.values.flatMap { $0 } }
            texts += [
                "L'isolement des personnes âgées, aujourd'hui à Lyon : été 2024, covid19, 3.5 et 3,5 ; porte-à-porte. Œuvre, cœur, naïf, où, là, ça.",
                "Qu'est-ce qu'il y a ? Les aînés, l'hiver, n'ont pas d'aide ; ÉTÉ, Noël, Ève, façade, garçon, 2e étage, CM2.",
            ]
            struct Lexemes: Decodable { let terms: String }
            for text in texts {
                let postgres = try await sql.raw(
                    "SELECT array_to_string(tsvector_to_array(to_tsvector('autour_french', translate(\(bind: text), '-', ' '))), ' ') AS terms"
                ).first(decoding: Lexemes.self)!.terms
                #expect(Set(FrenchSearch.terms(text)) == Set(postgres.split(separator: " ").map(String.init)), "\(text)")
            }
        }
    }

    @Test("only published sheets are found: drafts, sheets sent back and other territories' unshared sheets are not", arguments: TestBackend.all)
    func onlyPublishedSheetsAreFound(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let fabrique = store.fabriqueService
            let here = try await Fixture.make(store, slug: "ici")
            let there = try await Fixture.make(store, slug: "ailleurs")
            func publish(_ fixture: Fixture, _ index: Int, shared: Bool) async throws -> UUID {
                let id = try await fabrique.create(DemoFabrique.sheet(index).content, actor: fixture.account(.agent).actor)
                try await fabrique.submit(id: id, actor: fixture.account(.agent).actor)
                try await fabrique.publish(id: id, shared: shared, actor: fixture.account(.coordinator).actor)
                return id
            }
            let mine = try await publish(here, 0, shared: false)
            let draft = try await fabrique.create(DemoFabrique.sheet(20).content, actor: here.account(.agent).actor)
            let theirs = try await publish(there, 40, shared: false)
            let shared = try await publish(there, 60, shared: true)
            let reader = here.account(.elected).actor
            let found = Set(try await fabrique.search("personnes âgées", actor: reader).hits.map(\.sheet.id))
            #expect(found == [mine, shared], "a draft and another territory's unshared sheet stay hidden")
            await #expect(throws: AutourError.notFound) { try await fabrique.sheet(id: theirs, actor: reader) }
            await #expect(throws: AutourError.notFound) { try await fabrique.sheet(id: draft, actor: reader) }
            #expect(try await fabrique.sheet(id: draft, actor: here.account(.agent).actor).status == .draft)
            #expect(try await fabrique.sheet(id: shared, actor: reader).territoryName == there.territory.name)

            try await fabrique.sendBack(id: mine, note: "Ajoutez les chiffres.", actor: here.account(.coordinator).actor)
            #expect(!(try await fabrique.search("personnes âgées", actor: reader).hits.map(\.sheet.id).contains(mine)))
            #expect(try await fabrique.search("", actor: reader).hits.isEmpty)
            let filtered = try await fabrique.search("personnes âgées", filters: SheetFilters(figure: .learning), actor: reader)
            #expect(filtered.hits.isEmpty, "no sheet about the elderly is tied to the learning figure")
        }
    }

    @Test("a sheet goes from draft to review to publication, by the right people, complete", arguments: TestBackend.all)
    func reviewWorkflow(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let fabrique = store.fabriqueService
            let fixture = try await Fixture.make(store, slug: "relecture")
            let agent = fixture.account(.agent).actor
            var content = DemoFabrique.sheet(3).content
            content.results = ""
            let id = try await fabrique.create(content, actor: agent)
            await #expect(throws: AutourError.self) { try await fabrique.submit(id: id, actor: agent) }
            content.results = "Soixante familles accompagnées en un an."
            try await fabrique.update(id: id, content, actor: agent)
            try await fabrique.submit(id: id, actor: agent)
            await #expect(throws: AutourError.forbidden) { try await fabrique.publish(id: id, shared: true, actor: agent) }
            await #expect(throws: AutourError.forbidden) { try await fabrique.create(content, actor: fixture.account(.elected).actor) }
            try await fabrique.publish(id: id, shared: true, actor: fixture.account(.coordinator).actor)
            await #expect(throws: AutourError.self) { try await fabrique.publish(id: id, shared: true, actor: fixture.account(.coordinator).actor) }
            await #expect(throws: AutourError.forbidden) { try await fabrique.update(id: id, content, actor: agent) }
            content.title = "Un titre corrigé sur le garage solidaire"
            try await fabrique.update(id: id, content, actor: fixture.account(.coordinator).actor)
            let hits = try await fabrique.search("garage", actor: agent).hits
            #expect(hits.map(\.sheet.id) == [id] && hits[0].sheet.status == .published, "a published sheet's correction is searched at once")

            let file = try await fabrique.export(actor: agent)
            let other = try await Fixture.make(store, slug: "receveur")
            let read = try SheetExchange.decoded(try file.encoded())
            #expect(try await fabrique.importSheets(read, actor: other.account(.agent).actor) == 1)
            let imported = try await fabrique.unpublished(actor: other.account(.agent).actor)
            #expect(imported.map(\.status) == [.draft] && imported[0].content.contact.contains(fixture.territory.name))
        }
    }

    @Test("a strategy plan cannot be ready while a vigilance point is unanswered, and any change makes it a draft again", arguments: TestBackend.all)
    func strategyPlanReadiness(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let fixture = try await Fixture.make(store, slug: "strategie")
            let elected = fixture.account(.elected).actor
            let strategy = store.strategyService
            let id = try await strategy.create(title: "Plan 2027", figures: [.radar, .advocacy], actor: elected)
            try await strategy.change(id: id, actor: elected) { plan in
                plan.actions.append(
                    PlanAction(title: "Équipe mobile", owner: "Adjointe aux solidarités", budgetEuros: 20_000, start: "2027-01", end: "2027-06", figure: .radar)
                )
            }
            await #expect(throws: AutourError.self) { try await strategy.markReady(id: id, actor: elected) }
            var plan = try await strategy.plan(id: id, actor: elected)
            #expect(plan.questions.count == ManualFigure.radar.vigilance.count + ManualFigure.advocacy.vigilance.count)
            for question in plan.questions.dropLast() {
                try await strategy.change(id: id, actor: elected) { $0.answers[question.figure, default: [:]][question.index] = "Réponse écrite." }
            }
            await #expect(throws: AutourError.self, "one question left") { try await strategy.markReady(id: id, actor: elected) }
            let last = plan.questions.last!
            try await strategy.change(id: id, actor: elected) { $0.answers[last.figure, default: [:]][last.index] = "Les usagers siègent au conseil." }
            try await strategy.markReady(id: id, actor: elected)
            plan = try await strategy.plan(id: id, actor: elected)
            #expect(plan.ready && plan.missing.isEmpty && plan.budgetEuros == 20_000)
            try await strategy.change(id: id, actor: elected) { $0.figures.append(.places) }
            #expect(try await strategy.plan(id: id, actor: elected).ready == false, "a new figure brings unanswered points")
            await #expect(throws: AutourError.forbidden) { try await strategy.plans(actor: fixture.account(.agent).actor) }
        }
    }
}
