import AutourCore
import Crypto
import Foundation
import Testing

@Suite("Advocacy rules: the charter's versions, votes, representativeness, labels, the council")
struct AdvocacyRulesTests {
    static let articles = [
        CharterArticle(number: 1, title: "Respect", text: "Chaque personne est accueillie avec égards."),
        CharterArticle(number: 2, title: "Délais", text: "Une réclamation reçoit une réponse sous quinze jours."),
    ]

    static func amendment(_ kind: AmendmentKind, article: Int?, title: String = "Délais", text: String = "") -> Amendment {
        Amendment(
            id: UUID(), sessionId: UUID(), kind: kind, article: article, title: title, text: text, reasons: "", tabledBy: UUID(), state: .voting,
            ballots: 0, result: nil, version: nil)
    }

    @Test("the fingerprint is the SHA-256 of the text shown on the public page, and any change of a word changes it")
    func fingerprint() {
        let text = CharterRules.canonicalText(Self.articles)
        #expect(
            text
                == "Article 1 — Respect\nChaque personne est accueillie avec égards.\n\nArticle 2 — Délais\nUne réclamation reçoit une réponse sous quinze jours."
        )
        let expected = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(CharterRules.fingerprint(Self.articles) == expected && expected.count == 64)
        let changed = [Self.articles[0], CharterArticle(number: 2, title: "Délais", text: "Une réclamation reçoit une réponse sous sept jours.")]
        #expect(CharterRules.fingerprint(changed) != expected)
        #expect(CharterRules.fingerprint(Self.articles.reversed()) == expected, "articles in the order of their numbers")
    }

    @Test("an amendment adds an article under the next number, changes or deletes one by its number, and lapses when its article is gone")
    func applying() throws {
        let added = try #require(CharterRules.apply(Self.amendment(.add, article: nil, title: "Données", text: "Rien n'est revendu."), to: Self.articles))
        #expect(added.map(\.number) == [1, 2, 3] && added[2].title == "Données")
        let deleted = try #require(CharterRules.apply(Self.amendment(.delete, article: 1), to: added))
        #expect(deleted.map(\.number) == [2, 3], "numbers are names: the others keep theirs")
        let again = try #require(CharterRules.apply(Self.amendment(.add, article: nil, title: "Accueil", text: "Un accueil humain."), to: deleted))
        #expect(again.map(\.number) == [2, 3, 4])
        let changed = try #require(CharterRules.apply(Self.amendment(.change, article: 2, text: "Sous sept jours."), to: Self.articles))
        #expect(changed[1] == CharterArticle(number: 2, title: "Délais", text: "Sous sept jours."))
        #expect(CharterRules.apply(Self.amendment(.change, article: 1, text: "x"), to: deleted) == nil)
        #expect(CharterRules.apply(Self.amendment(.delete, article: 1), to: deleted) == nil)
    }

    @Test("a version's differences show, word by word, what was removed before what replaces it")
    func differences() {
        let words = CharterRules.words(from: "une réponse sous quinze jours.", to: "une réponse écrite sous sept jours.")
        #expect(
            words == [
                .init(kind: .same, text: "une réponse"), .init(kind: .added, text: "écrite"), .init(kind: .same, text: "sous"),
                .init(kind: .removed, text: "quinze"), .init(kind: .added, text: "sept"), .init(kind: .same, text: "jours."),
            ])
        let changes = CharterRules.changes(
            from: Self.articles,
            to: [CharterArticle(number: 2, title: "Délais", text: "Sous sept jours."), CharterArticle(number: 3, title: "Neuf", text: "Nouveau.")])
        #expect(changes.map(\.kind) == [.deleted, .changed, .added] && changes.map(\.number) == [1, 2, 3])
    }

    @Test("the quorum is a share of the members who may sit, rounded up; a vote is adopted with the quorum and more for than against")
    func quorumAndResult() {
        #expect(ParliamentRules.quorum(sitting: 15, percent: 50) == 8)
        #expect(ParliamentRules.quorum(sitting: 10, percent: 50) == 5)
        #expect(ParliamentRules.quorum(sitting: 0, percent: 50) == 1)
        #expect(VoteResult(yes: 5, no: 2, abstain: 1, quorum: 8).adopted)
        #expect(!VoteResult(yes: 5, no: 2, abstain: 0, quorum: 8).adopted, "seven ballots for a quorum of eight")
        #expect(!VoteResult(yes: 4, no: 4, abstain: 2, quorum: 8).adopted, "a tie is not a majority")
    }

    @Test("who may not vote, and why: the vote closed, no training yet, absent, a declared conflict, already voted")
    func whyNotVote() {
        let trained = ParliamentMember(
            id: UUID(), name: "Odile", kind: .inhabitant, accountId: nil, trainedOn: "2026-01-10", ageBand: "", gender: "", neighbourhood: "", actorId: nil)
        let untrained = ParliamentMember(
            id: UUID(), name: "Lina", kind: .inhabitant, accountId: nil, trainedOn: nil, ageBand: "", gender: "", neighbourhood: "", actorId: nil)
        let elected = ParliamentMember(
            id: UUID(), name: "Élise", kind: .elected, accountId: nil, trainedOn: nil, ageBand: "", gender: "", neighbourhood: "", actorId: nil)
        func why(_ member: ParliamentMember, present: Bool = true, conflicted: Bool = false, voted: Bool = false, state: AmendmentState = .voting)
            -> String?
        {
            ParliamentRules.whyNotVote(member: member, present: present, conflicted: conflicted, voted: voted, state: state)
        }
        #expect(why(trained) == nil && why(elected) == nil, "elected officials sit by their mandate")
        #expect(why(trained, state: .tabled)?.contains("pas ouvert") == true)
        #expect(why(untrained)?.contains("formation") == true)
        #expect(why(trained, present: false)?.contains("présents") == true)
        #expect(why(trained, conflicted: true)?.contains("conflit") == true)
        #expect(why(trained, voted: true)?.contains("déjà voté") == true)
    }

    @Test("a paper count adds up to the members ticked, and numbers go through the checked path")
    func paperCount() throws {
        let members = [UUID(), UUID(), UUID()]
        #expect(try ParliamentRules.validateTally(yes: "2", no: "1", abstain: "0", members: members) == (2, 1, 0))
        #expect(throws: AutourError.self) { try ParliamentRules.validateTally(yes: "3", no: "1", abstain: "0", members: members) }
        #expect(throws: AutourError.self) { try ParliamentRules.validateTally(yes: "99999999999999999999", no: "0", abstain: "0", members: members) }
        #expect(throws: AutourError.self) { try ParliamentRules.validateTally(yes: "0", no: "0", abstain: "0", members: []) }
    }

    @Test("an amendment names an article of the charter in force when it changes or deletes one, and changes something")
    func amendmentValidation() throws {
        let valid = try ParliamentRules.validate(
            AmendmentInput(kind: "delete", article: "2", title: "", text: "", reasons: "Cet article fait doublon."), articles: Self.articles)
        #expect(valid.kind == .delete && valid.article == 2 && valid.title == "Délais")
        #expect(throws: AutourError.self) {
            try ParliamentRules.validate(
                AmendmentInput(kind: "change", article: "7", title: "Délais", text: "Sous sept jours.", reasons: "Plus court."), articles: Self.articles)
        }
        #expect(throws: AutourError.self) {
            try ParliamentRules.validate(
                AmendmentInput(kind: "change", article: "2", title: "Délais", text: Self.articles[1].text, reasons: "Aucun changement."),
                articles: Self.articles)
        }
    }

    @Test("a group is under-represented below half its share of the territory's adults; minors are not in the reference")
    func representativeness() {
        func member(_ age: String, _ gender: String) -> ParliamentMember {
            ParliamentMember(
                id: UUID(), name: "M", kind: .inhabitant, accountId: nil, trainedOn: "2026-01-01", ageBand: age, gender: gender, neighbourhood: "Nord",
                actorId: nil)
        }
        let present = [member("60-74", "femme"), member("60-74", "homme"), member("45-59", "femme"), member("75+", "femme")]
        let rows = Representativeness.check(
            present: present,
            reference: [
                .ageBand: ["0-17": 50, "18-29": 20, "45-59": 10, "60-74": 10, "75+": 10], .gender: ["femme": 50, "homme": 50],
            ])
        let young = rows.first { $0.category == "18-29" }!
        #expect(young.referenceShare == 0.4 && young.present == 0 && young.underRepresented, "20 of the 50 adults")
        #expect(!rows.contains { $0.category == "0-17" })
        let men = rows.first { $0.category == "homme" }!
        #expect(men.presentShare == 0.25 && !men.underRepresented, "a quarter against half: not under half of it")
    }

    static func application(decision: LabelDecision?, decided: Date?, expires: Date?, withdrawn: Date? = nil) -> LabelApplication {
        LabelApplication(
            id: UUID(), actorId: UUID(), charterVersion: 1, criteria: [.init(article: 1, title: "A"), .init(article: 2, title: "B")], evidence: [:],
            submittedAt: Date(timeIntervalSince1970: 0), decision: decision, justification: "", conditions: "", decidedAt: decided, expiresAt: expires,
            withdrawnAt: withdrawn, withdrawReason: "")
    }

    @Test("a label needs every article audited and met, a conditional one its conditions, every decision a justification; it expires and can be withdrawn")
    func labels() {
        let criteria = [LabelCriterion(article: 1, title: "A"), LabelCriterion(article: 2, title: "B")]
        let auditor = UUID()
        let half = [LabelAssessment(article: 1, memberId: auditor, auditor: "O", met: true, comment: "vu")]
        #expect(
            LabelRules.whyNotDecide(.labelled, justification: "Tout est en ordre.", conditions: "", criteria: criteria, assessments: half)?.field == "decision")
        let unmet = half + [LabelAssessment(article: 2, memberId: auditor, auditor: "O", met: false, comment: "non")]
        #expect(LabelRules.whyNotDecide(.labelled, justification: "Tout est en ordre.", conditions: "", criteria: criteria, assessments: unmet) != nil)
        #expect(
            LabelRules.whyNotDecide(.conditional, justification: "Presque en ordre.", conditions: "", criteria: criteria, assessments: unmet)?.field
                == "conditions")
        #expect(
            LabelRules.whyNotDecide(
                .conditional, justification: "Presque en ordre.", conditions: "Une rampe d'ici juin.", criteria: criteria, assessments: unmet) == nil)
        #expect(LabelRules.whyNotDecide(.refused, justification: "", conditions: "", criteria: criteria, assessments: [])?.field == "justification")
        #expect(
            LabelRules.whyNotDecide(.refused, justification: "Pratiques contraires à l'article 2.", conditions: "", criteria: criteria, assessments: []) == nil)
        // Two auditors disagreeing: not met; two of three: met.
        let split = [true, false].map { LabelAssessment(article: 1, memberId: UUID(), auditor: "x", met: $0, comment: "") }
        #expect(LabelRules.met(1, split) == false && LabelRules.met(1, split + [split[0]]) == true && LabelRules.met(2, split) == nil)

        let decided = Date(timeIntervalSince1970: 1_700_000_000)
        let expires = LabelRules.expiry(decided, months: 24)
        #expect(expires.timeIntervalSince(decided) > 729 * 86_400 && expires.timeIntervalSince(decided) < 732 * 86_400)
        let label = Self.application(decision: .labelled, decided: decided, expires: expires)
        #expect(LabelRules.status(label, now: decided.addingTimeInterval(86_400)) == .active)
        #expect(LabelRules.status(label, now: expires) == .expired)
        #expect(LabelRules.status(Self.application(decision: .labelled, decided: decided, expires: expires, withdrawn: decided), now: decided) == .withdrawn)
        #expect(LabelRules.status(Self.application(decision: nil, decided: nil, expires: nil), now: decided) == .pending)
    }

    @Test("the council's seats go to the most votes; a tie for the last seat goes to the one trained first")
    func councilElection() {
        let candidates = [
            CouncilCandidate(id: UUID(), name: "Bruno", trainedOn: "2026-03-01", presentation: "", votes: 10),
            CouncilCandidate(id: UUID(), name: "Alice", trainedOn: "2026-02-01", presentation: "", votes: 7),
            CouncilCandidate(id: UUID(), name: "Chloé", trainedOn: "2026-01-15", presentation: "", votes: 7),
            CouncilCandidate(id: UUID(), name: "David", trainedOn: "2026-01-01", presentation: "", votes: 0),
        ]
        #expect(CouncilRules.elected(candidates, seats: 2).map(\.name) == ["Bruno", "Chloé"])
        #expect(CouncilRules.elected(candidates, seats: 9).map(\.name) == ["Bruno", "Chloé", "Alice"], "no seat without a vote")
    }

    @Test("opinions are found by French words whatever their accents and endings, the title counting more; drafts are never found")
    func search() {
        func opinion(_ number: Int, _ title: String, _ text: String, published: Bool = true) -> CouncilOpinion {
            CouncilOpinion(
                id: UUID(), number: number, title: title, referredBy: "Mairie", question: text, opinion: "Avis favorable.", reasons: "Motifs.",
                receivedAt: Date(), publishedAt: published ? Date() : nil, cites: [])
        }
        let opinions = [
            opinion(1, "Cantine scolaire", "Le tarif des repas pour les familles."),
            opinion(2, "Hiver des aînés", "Les personnes âgées isolées l'hiver."),
            opinion(3, "Personnes âgées et transports", "Une ligne de bus vers l'hôpital."),
            opinion(4, "Personnes âgées, brouillon", "Pas encore publié.", published: false),
        ]
        let hits = CouncilRules.search(opinions, query: "personne agee isolee")
        #expect(hits.map(\.opinion.number) == [3, 2], "two title words count more than three words of the text")
        #expect(hits.last?.excerpt == "Les personnes âgées isolées l'hiver.")
        #expect(CouncilRules.search(opinions, query: "CANTINES").map(\.opinion.number) == [1])
        #expect(CouncilRules.search(opinions, query: "").map(\.opinion.number) == [3, 2, 1], "without a query: the latest first")
    }
}
