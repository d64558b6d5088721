import AutourCore
import Foundation

/// Learning's use cases, for pages and API alike. An interview belongs to a resource person:
/// agents and coordinators run it with anyone of the territory, a volunteer runs their own.
/// The suggestions are always recomputed from the stored answers and the territory's lexicon:
/// what a form sends back is only which of them the person accepts.
public struct LearningService: Sendable {
    let learning: LearningRepository
    let energies: EnergiesRepository
    let places: PlacesRepository
    let timeBank: TimeBankRepository
    let potentials: PotentialsRepository
    let clock: WallClock

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

    /// The explained suggestions of a draft: skills only from the territory's taxonomy, and the
    /// few open projects (public, not stopped, not already the person's) the answers point at most.
    public func suggestions(for interview: Interview) async throws -> [Suggestion] {
        let taxonomy = Set(try await energies.skills(territoryId: interview.territoryId))
        let have = Set(try await energies.resource(id: interview.resourceId, territoryId: interview.territoryId)?.skills ?? [])
        let theirs = try await potentials.projects(ofResource: interview.resourceId)
        let open = ProjectRules.gallery(try await potentials.projects(territoryId: interview.territoryId), neighbourhood: nil, theme: nil)
            .filter { theirs[$0.id] == nil }
        let lexicon = try await learning.lexicon(territoryId: interview.territoryId) + ProjectRules.interviewEntries(open)
        let all = InterviewAnalysis.suggest(interview.answers, lexicon: lexicon).filter {
            $0.kind != .skill || (taxonomy.contains($0.target) && !have.contains($0.target))
        }
        let projects = Set(all.filter { $0.kind == .project }.prefix(ProjectRules.maxInterviewSuggestions).map(\.target))
        return all.filter { $0.kind != .project || projects.contains($0.target) }
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
        let known =
            try await learning.lexicon(territoryId: actor.territoryId).filter { $0.kind == .subject }.map(\.target)
            + (try await learning.wishes(territoryId: actor.territoryId)).map(\.subject)
        let subject = known.first { SearchText.fold($0) == SearchText.fold(text) } ?? text
        try await learning.addWish(kind, subject: subject, resourceId: person.id, actor: actor)
    }

    public func removeWish(id: UUID, resourceId: UUID, actor: Actor) async throws {
        let person = try await interviewee(resourceId: resourceId, actor: actor)
        try await learning.removeWish(id: id, resourceId: person.id, actor: actor)
    }

    // MARK: Peer training sessions

    /// Staff organise a session for any host; a volunteer for themself.
    public func createSession(_ input: TrainingSessionInput, actor: Actor) async throws -> UUID {
        try Permissions.require(actor, .viewLearning)
        let host = try await input.hostId.asyncMap { try await energies.resource(id: $0, territoryId: actor.territoryId) } ?? nil
        if !Permissions.can(actor, .organiseTrainings), host?.accountId != actor.accountId { throw AutourError.forbidden }
        let cohost = try await input.cohostId.asyncMap { try await energies.resource(id: $0, territoryId: actor.territoryId) } ?? nil
        if let placeId = input.placeId, try await places.place(id: placeId, territoryId: actor.territoryId) == nil {
            throw AutourError.invalid("Lieu inconnu.", fields: ["venue": "Choisissez un lieu partagé du territoire."])
        }
        let valid = try TrainingRules.validate(input, host: host, cohost: cohost, now: clock.now())
        return try await learning.createSession(valid, actor: actor)
    }

    public func session(id: UUID, actor: Actor) async throws -> TrainingSession {
        try Permissions.require(actor, .viewLearning)
        guard let session = try await learning.session(id: id, territoryId: actor.territoryId) else { throw AutourError.notFound }
        return session
    }

    public func sessions(actor: Actor) async throws -> [TrainingSession] {
        try Permissions.require(actor, .viewLearning)
        return try await learning.sessions(territoryId: actor.territoryId, from: clock.now().addingTimeInterval(-30 * 86400))
    }

    /// The resource persons an actor acts for: anyone for staff, themself for a volunteer.
    private func actsFor(_ resourceId: UUID, actor: Actor) async throws {
        if Permissions.can(actor, .organiseTrainings) { return }
        guard try await energies.resource(accountId: actor.accountId)?.id == resourceId else { throw AutourError.forbidden }
    }

    /// Whether the actor runs this session: staff, its host or its co-host.
    public func runs(_ session: TrainingSession, actor: Actor) async throws -> Bool {
        if Permissions.can(actor, .organiseTrainings) { return true }
        guard let own = try await energies.resource(accountId: actor.accountId) else { return false }
        return own.id == session.hostId || own.id == session.cohostId
    }

    public func enrol(sessionId: UUID, resourceId: UUID, actor: Actor) async throws -> Seating.Status {
        _ = try await session(id: sessionId, actor: actor)
        try await actsFor(resourceId, actor: actor)
        guard try await energies.resource(id: resourceId, territoryId: actor.territoryId) != nil else { throw AutourError.notFound }
        return try await learning.enrol(sessionId: sessionId, resourceId: resourceId, actor: actor)
    }

    public func withdraw(sessionId: UUID, resourceId: UUID, actor: Actor) async throws {
        _ = try await session(id: sessionId, actor: actor)
        try await actsFor(resourceId, actor: actor)
        try await learning.withdraw(sessionId: sessionId, resourceId: resourceId, actor: actor)
    }

    /// Who may read the inhabitant's address: the people running the session and the learners
    /// seated in it.
    public func mayReadAddress(_ session: TrainingSession, enrolments: [LearningRepository.Enrolment], actor: Actor) async throws -> Bool {
        if try await runs(session, actor: actor) { return true }
        guard let own = try await energies.resource(accountId: actor.accountId) else { return false }
        return enrolments.contains { $0.resourceId == own.id && $0.status == .confirmed }
    }

    public struct Payments: Sendable, Equatable {
        public let paid: Int
        public let unpaid: [String]
    }

    /// Records who came, once the session has begun; a session paid in time then moves the time of
    /// each learner present to the host (the same idempotency key each time: recording again pays
    /// nobody twice). A learner or host without a time account is named, not paid.
    public func recordAttendance(sessionId: UUID, present: Set<UUID>, actor: Actor) async throws -> Payments {
        let session = try await session(id: sessionId, actor: actor)
        guard try await runs(session, actor: actor) else { throw AutourError.forbidden }
        guard session.startsAt <= clock.now() else { throw AutourError.invalid("La présence se note une fois la séance commencée.") }
        let confirmed = try await learning.enrolments(sessionId: sessionId).filter { $0.status == .confirmed }.map(\.resourceId)
        let present = present.intersection(confirmed)
        try await learning.recordAttendance(sessionId: sessionId, present: present, actor: actor)
        guard session.timeMinutes > 0 else { return Payments(paid: 0, unpaid: []) }
        let resources = Dictionary(uniqueKeysWithValues: try await energies.resources(territoryId: actor.territoryId).map { ($0.id, $0) })
        let hostAccount = try await resources[session.hostId]?.accountId.asyncMap { try await timeBank.account(ownerId: $0) } ?? nil
        var paid = 0
        var unpaid: [String] = []
        for learnerId in present.sorted(by: { $0.uuidString < $1.uuidString }) {
            let learner = resources[learnerId]
            guard let hostAccount, let from = try await learner?.accountId.asyncMap({ try await timeBank.account(ownerId: $0) }) ?? nil else {
                unpaid.append(learner?.name ?? "?")
                continue
            }
            do {
                _ = try await timeBank.transfer(
                    from: from.id, to: hostAccount.id, minutes: session.timeMinutes, idempotencyKey: "training-\(sessionId)-\(learnerId)",
                    description: "Formation : \(session.title)", kind: "training", territoryId: actor.territoryId, actor: actor, onBehalf: true)
                paid += 1
            } catch AutourError.invalid, AutourError.conflict {
                unpaid.append(learner?.name ?? "?")
            }
        }
        return Payments(paid: paid, unpaid: unpaid)
    }

    public func cancelSession(id: UUID, actor: Actor) async throws {
        let session = try await session(id: id, actor: actor)
        guard try await runs(session, actor: actor) else { throw AutourError.forbidden }
        try await learning.cancelSession(id: id, actor: actor)
    }

    public func reciprocity(actor: Actor) async throws -> TrainingRules.Reciprocity {
        try Permissions.require(actor, .viewLearning)
        let (learners, teachers) = try await learning.exchangers(territoryId: actor.territoryId)
        return TrainingRules.reciprocity(learners: learners, teachers: teachers)
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
