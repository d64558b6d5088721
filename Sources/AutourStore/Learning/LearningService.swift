import AutourCore
import Foundation

/// Learning's use cases, for pages and API alike. An interview belongs to a resource person:
/// agents and coordinators run it with anyone of the territory, a volunteer runs their own.
/// The suggestions are always recomputed from the stored answers and the territory's lexicon:
/// what a form sends back is only which of them the person accepts.
public struct LearningService: Sendable {
    let learning: LearningRepository
    let energies: EnergiesRepository

    /// The resource person an actor may interview, or 403/404.
    public func interviewee(resourceId: UUID, actor: Actor) async throws -> ResourcePerson {
        guard let resource = try await energies.resource(id: resourceId, territoryId: actor.territoryId) else { throw AutourError.notFound }
        guard Permissions.can(actor, .runInterviews) || resource.accountId == actor.accountId else { throw AutourError.forbidden }
        return resource
    }

    /// The volunteer's own resource profile, when they have one.
    public func ownResource(actor: Actor) async throws -> ResourcePerson? {
        try Permissions.require(actor, .viewLearning)
        return try await energies.resource(accountId: actor.accountId)
    }

    public func start(resourceId: UUID, actor: Actor) async throws -> UUID {
        let resource = try await interviewee(resourceId: resourceId, actor: actor)
        return try await learning.start(resourceId: resource.id, actor: actor)
    }

    /// An interview and its person, if the actor may see them.
    public func interview(id: UUID, actor: Actor) async throws -> (interview: Interview, person: ResourcePerson) {
        guard let interview = try await learning.interview(id: id, territoryId: actor.territoryId) else { throw AutourError.notFound }
        return (interview, try await interviewee(resourceId: interview.resourceId, actor: actor))
    }

    public func saveAnswer(_ text: String, step: InterviewStep, interviewId: UUID, actor: Actor) async throws {
        _ = try await interview(id: interviewId, actor: actor)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= InterviewStep.maxAnswerLength else {
            throw AutourError.invalid(
                "Réponse trop longue.", fields: ["answer": "\(InterviewStep.maxAnswerLength) caractères au plus (\(trimmed.count) saisis)."])
        }
        try await learning.saveAnswer(trimmed, step: step, interviewId: interviewId, actor: actor)
    }

    /// The explained suggestions of a draft: skills only from the territory's taxonomy.
    public func suggestions(for interview: Interview) async throws -> [Suggestion] {
        let lexicon = try await learning.lexicon(territoryId: interview.territoryId)
        let taxonomy = Set(try await energies.skills(territoryId: interview.territoryId))
        let have = Set(try await energies.resource(id: interview.resourceId, territoryId: interview.territoryId)?.skills ?? [])
        return InterviewAnalysis.suggest(interview.answers, lexicon: lexicon).filter {
            $0.kind != .skill || (taxonomy.contains($0.target) && !have.contains($0.target))
        }
    }

    /// Completes the interview with the suggestions whose keys the person accepted.
    public func complete(interviewId: UUID, accepting keys: Set<String>, actor: Actor) async throws {
        let (interview, _) = try await interview(id: interviewId, actor: actor)
        guard interview.isDraft else { throw AutourError.invalid("Cet entretien est déjà terminé.") }
        let accepted = try await suggestions(for: interview).filter { keys.contains($0.key) }
        try await learning.complete(interviewId: interviewId, accepted: accepted, actor: actor)
    }

    public func discard(interviewId: UUID, actor: Actor) async throws {
        _ = try await interview(id: interviewId, actor: actor)
        try await learning.discard(interviewId: interviewId, actor: actor)
    }

    public func drafts(actor: Actor) async throws -> [Interview] {
        try Permissions.require(actor, .runInterviews)
        return try await learning.drafts(territoryId: actor.territoryId)
    }

    // MARK: Lexicon

    public func lexicon(actor: Actor) async throws -> [LexiconEntry] {
        try Permissions.require(actor, .editLexicon)
        return try await learning.lexicon(territoryId: actor.territoryId)
    }

    /// Saves the words of each target; a target left without words leaves the lexicon.
    public func saveLexicon(_ cues: [String: String], actor: Actor) async throws {
        let current = try await lexicon(actor: actor)
        var errors = FieldErrors()
        var entries: [LexiconEntry] = []
        for (index, entry) in current.enumerated() {
            let field = "cues\(index)"
            let words = cues[field].map { LexiconEntry.parseCues($0, field: field, errors: &errors) } ?? entry.cues
            if !words.isEmpty { entries.append(LexiconEntry(kind: entry.kind, target: entry.target, cues: words)) }
        }
        try errors.throwIfAny("Certains mots sont à corriger.")
        try await learning.saveLexicon(entries, actor: actor)
    }

    // MARK: Wishes

    /// A wish to teach or to learn. The subject is matched, without accents or case, with the
    /// lexicon's subjects and the wishes already made, so that offers and requests meet.
    public func addWish(_ kind: WishKind, subject: String, resourceId: UUID, actor: Actor) async throws {
        let person = try await interviewee(resourceId: resourceId, actor: actor)
        let text = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...80).contains(text.count) else {
            throw AutourError.invalid("Sujet à corriger.", fields: ["subject": "Le sujet fait de 2 à 80 caractères."])
        }
        let known = try await learning.lexicon(territoryId: actor.territoryId).filter { $0.kind == .subject }.map(\.target)
            + (try await learning.wishes(territoryId: actor.territoryId)).map(\.subject)
        let subject = known.first { SearchText.fold($0) == SearchText.fold(text) } ?? text
        try await learning.addWish(kind, subject: subject, resourceId: person.id, actor: actor)
    }

    public func removeWish(id: UUID, resourceId: UUID, actor: Actor) async throws {
        let person = try await interviewee(resourceId: resourceId, actor: actor)
        try await learning.removeWish(id: id, resourceId: person.id, actor: actor)
    }

    // MARK: A person's learning page

    public struct Page: Sendable {
        public let person: ResourcePerson
        public let wishes: [LearningRepository.Wish]
        public let interviews: [Interview]
    }

    public func page(resourceId: UUID, actor: Actor) async throws -> Page {
        let person = try await interviewee(resourceId: resourceId, actor: actor)
        return Page(
            person: person, wishes: try await learning.wishes(territoryId: actor.territoryId, resourceId: person.id),
            interviews: try await learning.interviews(resourceId: person.id))
    }
}
