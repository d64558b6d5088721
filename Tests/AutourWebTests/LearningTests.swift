import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

@Suite("Learning: the skills-and-needs interview and the wishes to teach or learn")
struct LearningTests {
    static let answers: [(Int, String)] = [
        (1, "Le matin je promène le chien, l'après-midi je regarde les voisins passer."),
        (2, "J'adore mon potager. Je fais des gâteaux pour les enfants du quartier."),
        (3, "J'ai réparé des vélos pendant vingt ans, et je bricole toujours."),
        (4, "J'aimerais apprendre à me servir de mon smartphone."),
        (5, "Le mardi après-midi."),
    ]

    /// Checkbox field of a suggestion on the page: `name="sN" value="kind:target"`.
    static func field(_ page: String, key: String) -> String? {
        guard let range = page.range(of: #"name="(s\d+)" value="\#(key)""#, options: .regularExpression) else { return nil }
        return String(page[range].split(separator: "\"")[1])
    }

    @Test(
        "an interview saved step by step suggests what the answers say with their words; only the accepted suggestions are kept, the answers are erased",
        arguments: TestBackend.all)
    func interviewJourney(backend: TestBackend) async throws {
        try await withApp(backend, seed: EnergiesWorld.make) { world, client, store in
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            let person = "/apprendre/personnes/\(world.volunteerResource.id.uuidString.lowercased())"
            #expect(try await agent.get(person).readable.contains("Commencer un entretien"))
            let started = try await agent.post(person + "/entretien", [])
            let step1 = try #require(started.headers[.location])
            #expect(step1.hasSuffix("/etape/1"))
            let base = String(step1.dropLast("/etape/1".count))

            // A draft kept at a step, and shown again.
            try await agent.get(step1)
            #expect(try await agent.post(step1, [("answer", Self.answers[0].1), ("draft", "1")]).headers[.location] == step1 + "?ok=brouillon")
            #expect(try await agent.get(step1).readable.contains("je promène le chien"))
            // A second start gives the same draft back.
            try await agent.get(person)
            #expect(try await agent.post(person + "/entretien", []).headers[.location] == base + "/etape/2")

            for (number, answer) in Self.answers {
                try await agent.get(base + "/etape/\(number)")
                let next = try await agent.post(base + "/etape/\(number)", [("answer", answer)])
                #expect(next.status == .seeOther)
            }
            let page = try await agent.get(base + "/suggestions")
            #expect(page.status == .ok)
            let text = page.readable
            // Camille already has « Jardinage » on her profile: not suggested again; the garden is a subject to teach.
            #expect(Self.field(text, key: "skill:Jardinage") == nil)
            #expect(text.contains("Jardinage au naturel") && text.contains("« potager »"))
            #expect(text.contains("J'adore mon potager."), "the sentence the words come from")
            let repair = try #require(Self.field(text, key: "skill:Petit bricolage"))
            let phone = try #require(Self.field(text, key: "learn:Smartphone et ordinateur"))
            #expect(Self.field(text, key: "skill:Cuisine et repas partagés") != nil)

            let done = try await agent.post(base + "/suggestions", [(repair, "skill:Petit bricolage"), (phone, "learn:Smartphone et ordinateur")])
            #expect(done.headers[.location]?.contains("ok=termine") == true)
            let profile = try #require(try await store.energies.resource(id: world.volunteerResource.id, territoryId: world.a.territory.id))
            #expect(profile.skills == ["Jardinage", "Petit bricolage"], "the discarded cooking skill is not added")
            let wishes = try await store.learning.wishes(territoryId: world.a.territory.id, resourceId: profile.id)
            #expect(wishes.map(\.subject) == ["Smartphone et ordinateur"] && wishes.first?.kind == .request)

            // What is stored: the two accepted suggestions with their words, no answer, nothing discarded.
            let sql = try store.database.db as! any SQLDatabase
            struct Row: Decodable { let answers: String }
            #expect(try await sql.select().column("answers").from("interviews").all(decoding: Row.self).map(\.answers) == ["{}"])
            struct Kept: Decodable { let target: String, evidence: String }
            let kept = try await sql.select().columns("target", "evidence").from("interview_suggestions").orderBy("target")
                .all(decoding: Kept.self)
            #expect(kept.map(\.target) == ["Petit bricolage", "Smartphone et ordinateur"])
            #expect(kept[0].evidence.contains("réparé") && kept[0].evidence.contains("bricole"))
            struct Any_: Decodable { let n: Int }
            let mentions = try await sql.raw(
                "SELECT COUNT(*) AS n FROM interview_suggestions WHERE evidence LIKE '%potager%' OR target LIKE '%Cuisine%'"
            ).first(decoding: Any_.self)
            #expect(mentions?.n == 0)

            let after = try await agent.get(person).readable
            #expect(after.contains("Compétence pour le profil : Petit bricolage"))
            #expect(after.contains("J'aimerais apprendre : <strong>Smartphone et ordinateur</strong>"))
            // The finished interview's steps no longer take answers.
            #expect(try await agent.get(base + "/etape/2").headers[.location] == person)
        }
    }

    @Test("a volunteer runs their own interview and sees only their own learning page; a partner has no learning pages")
    func volunteersOwnPage() async throws {
        try await withApp(.sqlite, seed: EnergiesWorld.make) { world, client, _ in
            let volunteer = Browser(client)
            try await volunteer.logIn(world.a.account(.volunteer).email)
            let own = "/apprendre/personnes/\(world.volunteerResource.id.uuidString.lowercased())"
            #expect(try await volunteer.get("/apprendre").headers[.location] == own)
            #expect(try await volunteer.get(own).status == .ok)
            #expect(try await volunteer.post(own + "/entretien", []).status == .seeOther)
            let other = "/apprendre/personnes/\(world.professional.id.uuidString.lowercased())"
            #expect(try await volunteer.get(other).status == .forbidden)
            #expect(try await volunteer.get("/apprendre/lexique").status == .forbidden)

            let partner = Browser(client)
            try await partner.logIn(world.a.account(.partner).email)
            #expect(try await partner.get("/apprendre").status == .forbidden)
            #expect(try await partner.get(own).status == .forbidden)
        }
    }

    @Test("an answer too long is refused with its length and shown again as typed; nothing of it is stored")
    func tooLongAnswer() async throws {
        try await withApp(.sqlite, seed: EnergiesWorld.make) { world, client, store in
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            let person = "/apprendre/personnes/\(world.professional.id.uuidString.lowercased())"
            try await agent.get(person)
            let step = try #require(try await agent.post(person + "/entretien", []).headers[.location])
            try await agent.get(step)
            let long = String(repeating: "jardin ", count: 700)
            let refused = try await agent.post(step, [("answer", long)])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.readable.contains("4000 caractères au plus"))
            #expect(refused.readable.contains(String(long.prefix(200))))
            let drafts = try await store.learning.drafts(territoryId: world.a.territory.id)
            #expect(drafts.count == 1 && drafts[0].answers.isEmpty)
        }
    }

    @Test("the coordinator's lexicon changes what the interview suggests; a phrase is refused with its reason")
    func lexiconEdits() async throws {
        try await withApp(.sqlite, seed: EnergiesWorld.make) { world, client, store in
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let page = try await coordinator.get("/apprendre/lexique").readable
            #expect(page.contains("Racines : "))
            let entries = try await store.learning.lexicon(territoryId: world.a.territory.id)
            let music = try #require(entries.firstIndex { $0.target == "Musique et chant" })
            let refused = try await coordinator.post("/apprendre/lexique", [("cues\(music)", "musique, accordéon diatonique")])
            #expect(refused.status == .unprocessableContent && refused.readable.contains("un seul mot par virgule"))
            #expect(try await coordinator.post("/apprendre/lexique", [("cues\(music)", "musique, accordéon")]).status == .seeOther)
            let saved = try await store.learning.lexicon(territoryId: world.a.territory.id)
            #expect(saved.count == entries.count && saved[music].cues == ["musique", "accordéon"])
            let suggestions = InterviewAnalysis.suggest([.knows: "Je joue de l'accordéon depuis l'enfance."], lexicon: saved)
            #expect(suggestions.map(\.key) == ["teach:Musique et chant"])
        }
    }
}
