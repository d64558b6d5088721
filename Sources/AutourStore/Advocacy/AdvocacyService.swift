import AutourCore
import Foundation

/// Advocacy's use cases, for pages and API alike: the charter and its versions, the parliament's
/// sessions and votes, the label and the local social council. The guardrails live here and only
/// here — results secret until the vote closes, quorum, one vote per member, a declared conflict
/// blocks the vote, an auditor never audits the actor they are linked to — so that no page, API
/// call or demo can go around them.
public struct AdvocacyService: Sendable {
    let advocacy: AdvocacyRepository
    let conviviality: ConvivialityRepository
    let referrals: ReferralRepository
    let directory: DirectoryRepository
    let accounts: AccountRepository
    let clock: WallClock

    // MARK: Settings and charter

    public func settings(actor: Actor) async throws -> AdvocacyRepository.Settings {
        try Permissions.require(actor, .viewAdvocacy)
        return try await advocacy.settings(territoryId: actor.territoryId)
    }

    public func saveSettings(quorumPercent: String, labelMonths: String, actor: Actor) async throws {
        try Permissions.require(actor, .editCharter)
        var errors = FieldErrors()
        let quorum = NumberInput.integer(quorumPercent, in: 1...100)
        if quorum == nil { errors.add("quorumPercent", "Un pourcentage de 1 à 100.") }
        let months = NumberInput.integer(labelMonths, in: 1...120)
        if months == nil { errors.add("labelMonths", "De 1 à 120 mois.") }
        try errors.throwIfAny("Les réglages sont à corriger.")
        try await advocacy.saveSettings(.init(quorumPercent: quorum!, labelMonths: months!), actor: actor)
    }

    /// The charter's versions, public: anyone may read the charter the CCAS negotiates with.
    public func versions(territoryId: UUID) async throws -> [CharterVersion] { try await advocacy.versions(territoryId: territoryId) }

    public func found(_ drafts: [(title: String, text: String)], actor: Actor) async throws {
        try Permissions.require(actor, .editCharter)
        let articles = try CharterRules.founding(drafts)
        guard try await advocacy.found(articles, actor: actor) else {
            throw AutourError.invalid("La charte a déjà un texte : elle change désormais par amendements du parlement.")
        }
    }

    // MARK: Members

    public func members(actor: Actor) async throws -> [ParliamentMember] {
        try Permissions.require(actor, .viewAdvocacy)
        return try await advocacy.members(territoryId: actor.territoryId)
    }

    /// The actor's own seat in the parliament, if they have one.
    public func ownMember(actor: Actor) async throws -> ParliamentMember? {
        guard Permissions.can(actor, .sitInParliament) else { return nil }
        return try await advocacy.member(accountId: actor.accountId)
    }

    public func addMember(_ input: MemberInput, territory: Territory, actor: Actor) async throws -> UUID {
        try Permissions.require(actor, .runParliament)
        let valid = try ParliamentRules.validate(input, neighbourhoods: territory.neighbourhoods.map(\.name))
        var accountId: UUID?
        if let id = UUID(uuidString: valid.accountId) {
            guard let account = try await accounts.find(id: id, territoryId: actor.territoryId),
                Permissions.can(account.actor, .sitInParliament)
            else { throw AutourError.invalid("Compte inconnu.", fields: ["accountId": "Choisissez le compte d'un·e bénévole, élu·e ou partenaire."]) }
            if try await advocacy.member(accountId: id) != nil {
                throw AutourError.invalid("Ce compte siège déjà.", fields: ["accountId": "Ce compte a déjà un siège au parlement."])
            }
            accountId = id
        }
        let actors = Set(try await advocacy.actors(territoryId: actor.territoryId).map(\.id))
        let actorId = UUID(uuidString: valid.actorId)
        if let actorId, !actors.contains(actorId) { throw AutourError.invalid("Acteur inconnu.", fields: ["actorId": "Choisissez un acteur de la liste."]) }
        return try await advocacy.addMember(valid, accountId: accountId, actorId: actorId, actor: actor)
    }

    /// The territory's accounts that may take a seat and have none yet.
    public func seatableAccounts(actor: Actor) async throws -> [Account] {
        try Permissions.require(actor, .runParliament)
        let seated = Set(try await advocacy.members(territoryId: actor.territoryId).compactMap(\.accountId))
        return try await accounts.list(territoryId: actor.territoryId).filter {
            $0.active && Permissions.can($0.actor, .sitInParliament) && !seated.contains($0.id)
        }
    }

    /// A member of the actor's territory, or 404.
    private func member(_ id: UUID, _ actor: Actor) async throws -> ParliamentMember {
        guard let member = try await advocacy.members(territoryId: actor.territoryId).first(where: { $0.id == id }) else { throw AutourError.notFound }
        return member
    }

    public func recordTraining(memberId: UUID, day: String, actor: Actor) async throws {
        try Permissions.require(actor, .runParliament)
        _ = try await member(memberId, actor)
        guard PersonRules.parseDay(day) != nil else { throw AutourError.invalid("Date au format AAAA-MM-JJ.", fields: ["trainedOn": "AAAA-MM-JJ"]) }
        try await advocacy.recordTraining(memberId: memberId, on: day, actor: actor)
    }

    // MARK: Sessions

    public func sessions(actor: Actor) async throws -> [ParliamentSession] {
        try Permissions.require(actor, .viewAdvocacy)
        return try await advocacy.sessions(territoryId: actor.territoryId)
    }

    public func session(id: UUID, actor: Actor) async throws -> ParliamentSession {
        guard let session = try await sessions(actor: actor).first(where: { $0.id == id }) else { throw AutourError.notFound }
        return session
    }

    public func createSession(title: String, meetsOn: String, agenda: String, actor: Actor) async throws -> UUID {
        try Permissions.require(actor, .runParliament)
        var errors = FieldErrors()
        let title = errors.text(title, 3...160, field: "title", label: "Le titre")
        let day = meetsOn.trimmingCharacters(in: .whitespaces)
        if PersonRules.parseDay(day) == nil { errors.add("meetsOn", "Date au format AAAA-MM-JJ.") }
        let agenda = errors.text(agenda, 0...4000, field: "agenda", label: "L'ordre du jour")
        try errors.throwIfAny("La séance est à compléter.")
        return try await advocacy.createSession(title: title, meetsOn: day, agenda: agenda, actor: actor)
    }

    public func attendance(sessionId: UUID, actor: Actor) async throws -> Set<UUID> {
        _ = try await session(id: sessionId, actor: actor)
        return try await advocacy.attendance(sessionId: sessionId)
    }

    public func setAttendance(sessionId: UUID, present: Set<UUID>, actor: Actor) async throws {
        try Permissions.require(actor, .runParliament)
        _ = try await session(id: sessionId, actor: actor)
        let members = Set(try await advocacy.members(territoryId: actor.territoryId).map(\.id))
        try await advocacy.setAttendance(sessionId: sessionId, present: present.intersection(members), actor: actor)
    }

    /// The members present against the territory's reference composition.
    public func representativeness(sessionId: UUID, actor: Actor) async throws -> [Representativeness.Row] {
        let present = try await attendance(sessionId: sessionId, actor: actor)
        let members = try await advocacy.members(territoryId: actor.territoryId).filter { present.contains($0.id) }
        return Representativeness.check(present: members, reference: try await conviviality.reference(territoryId: actor.territoryId))
    }

    // MARK: Amendments

    public func amendments(sessionId: UUID, actor: Actor) async throws -> [Amendment] {
        _ = try await session(id: sessionId, actor: actor)
        return try await advocacy.amendments(territoryId: actor.territoryId, sessionId: sessionId)
    }

    public func amendment(id: UUID, actor: Actor) async throws -> Amendment {
        try Permissions.require(actor, .viewAdvocacy)
        guard let amendment = try await advocacy.amendment(id: id, territoryId: actor.territoryId) else { throw AutourError.notFound }
        return amendment
    }

    /// A member tables their amendment; an officer tables one for a member (`input.memberId`).
    public func table(_ input: AmendmentInput, sessionId: UUID, actor: Actor) async throws -> UUID {
        _ = try await session(id: sessionId, actor: actor)
        let memberId: UUID
        if Permissions.can(actor, .runParliament) {
            guard let id = input.memberId, let tabler = try? await member(id, actor) else {
                throw AutourError.invalid("Qui dépose ?", fields: ["memberId": "Choisissez le ou la membre qui dépose l'amendement."])
            }
            memberId = tabler.id
        } else {
            memberId = try await sittingMember(actor).id
        }
        let current = try await advocacy.versions(territoryId: actor.territoryId).last
        guard let current else { throw AutourError.invalid("La charte n'a pas encore de texte fondateur : la coordination l'écrit d'abord.") }
        let valid = try ParliamentRules.validate(input, articles: current.articles)
        return try await advocacy.table(valid, sessionId: sessionId, memberId: memberId, actor: actor)
    }

    /// The actor's own member record, trained if an inhabitant.
    private func sittingMember(_ actor: Actor) async throws -> ParliamentMember {
        try Permissions.require(actor, .sitInParliament)
        guard let member = try await advocacy.member(accountId: actor.accountId), member.maySit else {
            throw AutourError.invalid("Vous ne siégez pas (encore) au parlement : une formation enregistrée par le CCAS est nécessaire.")
        }
        return member
    }

    /// Ballots a vote needs today: the territory's share of the members who may sit.
    public func quorum(actor: Actor) async throws -> Int {
        try Permissions.require(actor, .viewAdvocacy)
        let sitting = try await advocacy.members(territoryId: actor.territoryId).filter(\.maySit).count
        return ParliamentRules.quorum(sitting: sitting, percent: try await advocacy.settings(territoryId: actor.territoryId).quorumPercent)
    }

    /// Opens the vote: the members present reach the quorum, or the vote cannot be valid.
    public func openVote(amendmentId: UUID, actor: Actor) async throws {
        try Permissions.require(actor, .runParliament)
        let amendment = try await amendment(id: amendmentId, actor: actor)
        let members = try await advocacy.members(territoryId: actor.territoryId)
        let quorum = try await quorum(actor: actor)
        let present = try await advocacy.attendance(sessionId: amendment.sessionId)
        let presentSitting = members.filter { present.contains($0.id) && $0.maySit }.count
        guard presentSitting >= quorum else {
            throw AutourError.invalid("Quorum impossible : \(presentSitting) membre(s) présent·es pouvant voter pour un quorum de \(quorum).")
        }
        guard try await advocacy.openVote(amendmentId, quorum: quorum, actor: actor) else {
            throw AutourError.invalid("Ce vote est déjà ouvert ou clos : rechargez la page.")
        }
    }

    /// The votes open now in which the actor may still cast a ballot (for their home page).
    public func votesAwaiting(actor: Actor) async throws -> [Amendment] {
        guard try await ownMember(actor: actor) != nil else { return [] }
        var awaiting: [Amendment] = []
        for amendment in try await advocacy.amendments(territoryId: actor.territoryId) where amendment.state == .voting {
            if try await whyNotVote(amendment, actor: actor) == nil { awaiting.append(amendment) }
        }
        return awaiting
    }

    /// What the actor's seat allows on this amendment: nil when they may vote now.
    public func whyNotVote(_ amendment: Amendment, actor: Actor) async throws -> String? {
        guard let member = try await advocacy.member(accountId: actor.accountId), Permissions.can(actor, .sitInParliament) else {
            return "Vous ne siégez pas au parlement."
        }
        return ParliamentRules.whyNotVote(
            member: member, present: try await advocacy.attendance(sessionId: amendment.sessionId).contains(member.id),
            conflicted: try await advocacy.conflicts(amendmentId: amendment.id)[member.id] != nil,
            voted: try await advocacy.voters(amendmentId: amendment.id).contains(member.id), state: amendment.state)
    }

    /// One member, one secret vote.
    public func vote(_ choice: VoteChoice, amendmentId: UUID, actor: Actor) async throws {
        let amendment = try await amendment(id: amendmentId, actor: actor)
        let member = try await sittingMember(actor)
        if let reason = try await whyNotVote(amendment, actor: actor) { throw AutourError.invalid(reason) }
        if let refused = try await advocacy.vote(choice, memberId: member.id, amendmentId: amendmentId, actor: actor) {
            throw AutourError.invalid(refused)
        }
    }

    public func declareConflict(amendmentId: UUID, note: String, memberId: UUID?, actor: Actor) async throws {
        let amendment = try await amendment(id: amendmentId, actor: actor)
        guard !amendment.state.isClosed else { throw AutourError.invalid("Ce point est clos.") }
        let member: UUID
        if Permissions.can(actor, .runParliament), let memberId {
            member = try await self.member(memberId, actor).id
        } else {
            member = try await sittingMember(actor).id
        }
        let text = try FieldErrors.checkedText(note, 3...500, field: "note", label: "Le conflit", summary: "Dites en quelques mots le conflit d'intérêts.")
        guard try await advocacy.declareConflict(amendmentId: amendmentId, memberId: member, note: text, actor: actor) else {
            throw AutourError.invalid("Un conflit se déclare avant de voter : ce vote est déjà dans l'urne.")
        }
    }

    public func conflicts(amendmentId: UUID, actor: Actor) async throws -> [UUID: String] {
        _ = try await amendment(id: amendmentId, actor: actor)
        return try await advocacy.conflicts(amendmentId: amendmentId)
    }

    public func voters(amendmentId: UUID, actor: Actor) async throws -> Set<UUID> {
        try Permissions.require(actor, .runParliament)
        _ = try await amendment(id: amendmentId, actor: actor)
        return try await advocacy.voters(amendmentId: amendmentId)
    }

    public func tallies(amendmentId: UUID, actor: Actor) async throws -> [PaperTally] {
        try Permissions.require(actor, .runParliament)
        _ = try await amendment(id: amendmentId, actor: actor)
        return try await advocacy.tallies(amendmentId: amendmentId)
    }

    /// A paper ballot box's count, entered by a first officer: each member listed may vote.
    public func enterTally(yes: String, no: String, abstain: String, members: [UUID], amendmentId: UUID, actor: Actor) async throws {
        try Permissions.require(actor, .runParliament)
        let amendment = try await amendment(id: amendmentId, actor: actor)
        guard amendment.state == .voting else { throw AutourError.invalid("Le vote n'est pas ouvert.") }
        let (y, n, a) = try ParliamentRules.validateTally(yes: yes, no: no, abstain: abstain, members: members)
        let all = Dictionary(uniqueKeysWithValues: try await advocacy.members(territoryId: actor.territoryId).map { ($0.id, $0) })
        let present = try await advocacy.attendance(sessionId: amendment.sessionId)
        let conflicts = try await advocacy.conflicts(amendmentId: amendmentId)
        let voted = try await advocacy.voters(amendmentId: amendmentId)
        for id in Set(members) {
            guard let member = all[id] else { throw AutourError.notFound }
            if let reason = ParliamentRules.whyNotVote(
                member: member, present: present.contains(id), conflicted: conflicts[id] != nil, voted: voted.contains(id), state: amendment.state)
            {
                throw AutourError.invalid("\(member.name) : \(reason)", fields: ["members": "\(member.name) ne peut pas voter."])
            }
        }
        _ = try await advocacy.enterTally(yes: y, no: n, abstain: a, members: Array(Set(members)), amendmentId: amendmentId, actor: actor)
    }

    public func confirmTally(_ tallyId: UUID, amendmentId: UUID, actor: Actor) async throws {
        try Permissions.require(actor, .runParliament)
        _ = try await amendment(id: amendmentId, actor: actor)
        if let refused = try await advocacy.confirmTally(tallyId, amendmentId: amendmentId, actor: actor) { throw AutourError.invalid(refused) }
    }

    public func discardTally(_ tallyId: UUID, amendmentId: UUID, actor: Actor) async throws {
        try Permissions.require(actor, .runParliament)
        _ = try await amendment(id: amendmentId, actor: actor)
        try await advocacy.discardTally(tallyId, amendmentId: amendmentId, actor: actor)
    }

    /// Closes the vote and returns the amendment with its result (and the charter's new version
    /// when it was adopted).
    public func closeVote(amendmentId: UUID, actor: Actor) async throws -> Amendment {
        try Permissions.require(actor, .runParliament)
        let amendment = try await amendment(id: amendmentId, actor: actor)
        if case .refused(let reason) = try await advocacy.closeVote(amendment, actor: actor) { throw AutourError.invalid(reason) }
        return try await self.amendment(id: amendmentId, actor: actor)
    }

    // MARK: Labels

    public func actors(territoryId: UUID) async throws -> [LabelActor] { try await advocacy.actors(territoryId: territoryId) }

    /// The directory's structures an actor may be linked to (id → name).
    public func structures(territoryId: UUID) async throws -> [String: String] { try await directory.structureNames(territoryId: territoryId) }

    public func applications(actor: Actor) async throws -> [LabelApplication] {
        try Permissions.require(actor, .viewAdvocacy)
        return try await advocacy.applications(territoryId: actor.territoryId)
    }

    public func application(id: UUID, actor: Actor) async throws -> LabelApplication {
        try Permissions.require(actor, .viewAdvocacy)
        guard let application = try await advocacy.application(id: id, territoryId: actor.territoryId) else { throw AutourError.notFound }
        return application
    }

    /// The criteria of a new application: the articles of the charter in force.
    public func currentCriteria(territoryId: UUID) async throws -> (version: Int, criteria: [LabelCriterion]) {
        let current = try await advocacy.versions(territoryId: territoryId).last
        return (current?.number ?? 0, LabelRules.criteria(current?.articles ?? []))
    }

    /// An actor applies with its evidence: a partner for the structure its account is linked to,
    /// staff for any actor of the territory.
    public func apply(_ input: LabelActorInput, territory: Territory, actor: Actor) async throws -> UUID {
        try Permissions.require(actor, .applyForLabel)
        var input = input
        if actor.has(.partner), !Permissions.can(actor, .runParliament) {
            guard let structure = try await referrals.structure(ofPartner: actor.accountId) else {
                throw AutourError.invalid("Votre compte n'est relié à aucune structure de l'annuaire : demandez-le au CCAS.")
            }
            input.structureId = structure
        }
        let (version, criteria) = try await currentCriteria(territoryId: territory.id)
        let valid = try LabelRules.validate(input, criteria: criteria, communes: Set(territory.communes))
        if let structure = valid.structureId, try await directory.structureNames(territoryId: territory.id)[structure] == nil {
            throw AutourError.invalid("Structure inconnue.", fields: ["structureId": "Choisissez une structure de l'annuaire du territoire, ou aucune."])
        }
        return try await advocacy.apply(valid, criteria: criteria, charterVersion: version, actor: actor)
    }

    public func assessments(applicationId: UUID, actor: Actor) async throws -> [LabelAssessment] {
        _ = try await application(id: applicationId, actor: actor)
        return try await advocacy.assessments(applicationId: applicationId)
    }

    /// Why `member` may not audit the application's actor: they are linked to it, or their
    /// partner account belongs to its structure.
    private func whyNotAudit(_ member: ParliamentMember, _ application: LabelApplication, actor labelActor: LabelActor?) async throws -> String? {
        if !member.maySit { return "Un·e auditeur·rice est un·e membre formé·e du parlement." }
        if member.actorId == application.actorId { return "Un·e auditeur·rice n'audite pas l'acteur auquel il ou elle est lié·e." }
        if let accountId = member.accountId, let structure = labelActor?.structureId,
            try await referrals.structure(ofPartner: accountId) == structure
        {
            return "Un·e auditeur·rice n'audite pas sa propre structure."
        }
        return nil
    }

    /// Whether the actor may record a finding on this application now, and if not, the reason to
    /// tell them (nil when there is nothing to say: a decided application, a role that never audits).
    public func auditStanding(_ application: LabelApplication, actor: Actor) async throws -> (allowed: Bool, reason: String?) {
        guard application.decision == nil else { return (false, nil) }
        if Permissions.can(actor, .runParliament) { return (true, nil) }
        guard Permissions.can(actor, .sitInParliament) else { return (false, nil) }
        guard let own = try await advocacy.member(accountId: actor.accountId) else {
            return (false, "Les audits sont faits par les membres du parlement.")
        }
        let labelActor = try await advocacy.actors(territoryId: actor.territoryId).first { $0.id == application.actorId }
        let reason = try await whyNotAudit(own, application, actor: labelActor)
        return (reason == nil, reason)
    }

    /// A parliament member assesses one criterion; an officer records a member's assessment made on paper.
    public func assess(applicationId: UUID, article: Int, met: Bool, comment: String, memberId: UUID?, actor: Actor) async throws {
        let application = try await application(id: applicationId, actor: actor)
        guard application.decision == nil else { throw AutourError.invalid("La décision est prise : l'audit est clos.") }
        guard application.criteria.contains(where: { $0.article == article }) else {
            throw AutourError.invalid("Ce critère n'est pas celui de la candidature.")
        }
        let member: ParliamentMember
        if Permissions.can(actor, .runParliament), let memberId {
            member = try await self.member(memberId, actor)
        } else {
            member = try await sittingMember(actor)
        }
        let labelActor = try await advocacy.actors(territoryId: actor.territoryId).first { $0.id == application.actorId }
        if let reason = try await whyNotAudit(member, application, actor: labelActor) { throw AutourError.invalid(reason) }
        let text = try FieldErrors.checkedText(comment, 3...2000, field: "comment", label: "Le constat", summary: "Dites ce que vous avez constaté.")
        try await advocacy.assess(applicationId: applicationId, article: article, memberId: member.id, met: met, comment: text, actor: actor)
    }

    public func decide(applicationId: UUID, decision: String, justification: String, conditions: String, actor: Actor) async throws {
        try Permissions.require(actor, .decideLabels)
        let application = try await application(id: applicationId, actor: actor)
        guard let decision = LabelDecision(rawValue: decision) else {
            throw AutourError.invalid("Quelle décision ?", fields: ["decision": "Labellisé, sous conditions ou refusé."])
        }
        let assessments = try await advocacy.assessments(applicationId: applicationId)
        if let (field, message) = LabelRules.whyNotDecide(
            decision, justification: justification, conditions: conditions, criteria: application.criteria, assessments: assessments)
        {
            throw AutourError.invalid(message, fields: [field: message])
        }
        let months = try await advocacy.settings(territoryId: actor.territoryId).labelMonths
        guard
            try await advocacy.decide(
                applicationId, decision: decision, justification: justification.trimmingCharacters(in: .whitespacesAndNewlines),
                conditions: decision == .conditional ? conditions.trimmingCharacters(in: .whitespacesAndNewlines) : "",
                expiresAt: decision == .refused ? nil : LabelRules.expiry(clock.now(), months: months), actor: actor)
        else { throw AutourError.invalid("Cette candidature est déjà décidée.") }
    }

    public func withdraw(applicationId: UUID, reason: String, actor: Actor) async throws {
        try Permissions.require(actor, .decideLabels)
        let application = try await application(id: applicationId, actor: actor)
        guard LabelRules.status(application, now: clock.now()) == .active else { throw AutourError.invalid("Seul un label en cours de validité se retire.") }
        let text = try FieldErrors.checkedText(reason, 10...2000, field: "reason", label: "Le motif", summary: "Un retrait est motivé.")
        try await advocacy.withdraw(applicationId, reason: text, actor: actor)
    }

    public struct CatalogueEntry: Sendable {
        public let actor: LabelActor
        public let application: LabelApplication
        public let status: LabelStatus
        /// The criteria the audit found met (by the majority of its auditors).
        public let met: [LabelCriterion]
    }

    /// The public catalogue: each actor's latest decided application that is not a refusal —
    /// labels in force, expired and withdrawn (with the reason). No pending application, no refusal.
    public func catalogue(territoryId: UUID) async throws -> [CatalogueEntry] {
        let actors = Dictionary(uniqueKeysWithValues: try await advocacy.actors(territoryId: territoryId).map { ($0.id, $0) })
        var latest: [UUID: LabelApplication] = [:]
        for application in try await advocacy.applications(territoryId: territoryId) where application.decision != nil {
            if let known = latest[application.actorId], (known.decidedAt ?? .distantPast) >= (application.decidedAt ?? .distantPast) { continue }
            latest[application.actorId] = application
        }
        let now = clock.now()
        var entries: [CatalogueEntry] = []
        for application in latest.values {
            let status = LabelRules.status(application, now: now)
            guard status != .refused, let actor = actors[application.actorId] else { continue }
            let assessments = try await advocacy.assessments(applicationId: application.id)
            entries.append(
                CatalogueEntry(
                    actor: actor, application: application, status: status,
                    met: application.criteria.filter { LabelRules.met($0.article, assessments) == true }))
        }
        return entries.sorted { $0.actor.name < $1.actor.name }
    }

    // MARK: Council

    public func elections(actor: Actor) async throws -> [CouncilElection] {
        try Permissions.require(actor, .viewAdvocacy)
        return try await advocacy.elections(territoryId: actor.territoryId)
    }

    public func createElection(title: String, seats: String, actor: Actor) async throws -> UUID {
        try Permissions.require(actor, .runCouncil)
        var errors = FieldErrors()
        let title = errors.text(title, 3...160, field: "title", label: "Le titre")
        let seats = NumberInput.integer(seats, in: 1...50)
        if seats == nil { errors.add("seats", "De 1 à 50 sièges.") }
        try errors.throwIfAny("L'élection est à compléter.")
        return try await advocacy.createElection(title: title, seats: seats!, actor: actor)
    }

    private func election(_ id: UUID, _ actor: Actor) async throws -> CouncilElection {
        guard let election = try await elections(actor: actor).first(where: { $0.id == id }) else { throw AutourError.notFound }
        return election
    }

    /// The candidates; their votes only once the election is closed.
    public func candidates(electionId: UUID, actor: Actor) async throws -> [CouncilCandidate] {
        let election = try await election(electionId, actor)
        return try await advocacy.candidates(electionId: electionId).map {
            election.open ? CouncilCandidate(id: $0.id, name: $0.name, trainedOn: $0.trainedOn, presentation: $0.presentation, votes: 0) : $0
        }
    }

    public func addCandidate(electionId: UUID, name: String, trainedOn: String, presentation: String, actor: Actor) async throws {
        try Permissions.require(actor, .runCouncil)
        let election = try await election(electionId, actor)
        guard election.open, try await advocacy.voterCount(electionId: electionId) == 0 else {
            throw AutourError.invalid("Les candidatures sont closes une fois le premier vote reçu.")
        }
        let (name, trained, presentation) = try CouncilRules.validateCandidate(name: name, trainedOn: trainedOn, presentation: presentation)
        try await advocacy.addCandidate(electionId: electionId, name: name, trainedOn: trained, presentation: presentation, actor: actor)
    }

    public func hasVoted(electionId: UUID, actor: Actor) async throws -> Bool {
        try await advocacy.hasVoted(electionId: electionId, accountId: actor.accountId)
    }

    public func voteForCouncil(electionId: UUID, candidateId: UUID, actor: Actor) async throws {
        try Permissions.require(actor, .voteForCouncil)
        _ = try await election(electionId, actor)
        guard try await advocacy.candidates(electionId: electionId).contains(where: { $0.id == candidateId }) else {
            throw AutourError.invalid("Choisissez un·e candidat·e de la liste.")
        }
        if let refused = try await advocacy.voteInElection(electionId, candidateId: candidateId, actor: actor) { throw AutourError.invalid(refused) }
    }

    /// Who voted online, for the officers who keep the polling station's list.
    public func onlineVoters(electionId: UUID, actor: Actor) async throws -> [String] {
        try Permissions.require(actor, .runCouncil)
        _ = try await election(electionId, actor)
        return try await advocacy.voterNames(electionId: electionId)
    }

    public func voterCount(electionId: UUID, actor: Actor) async throws -> Int {
        _ = try await election(electionId, actor)
        return try await advocacy.voterCount(electionId: electionId)
    }

    public func closeElection(electionId: UUID, actor: Actor) async throws {
        try Permissions.require(actor, .runCouncil)
        guard try await election(electionId, actor).open else { throw AutourError.invalid("L'élection est déjà close.") }
        guard try await advocacy.closeElection(electionId, actor: actor) else {
            throw AutourError.invalid("Un décompte de bureau de vote attend la signature d'un·e second·e assesseur·e.")
        }
    }

    /// A polling station's count, for inhabitants who vote on paper at the CCAS: votes per
    /// candidate, entered by one officer; they count once a second officer confirms them.
    public func enterStationCount(electionId: UUID, votes: [UUID: String], actor: Actor) async throws {
        try Permissions.require(actor, .runCouncil)
        guard try await election(electionId, actor).open else { throw AutourError.invalid("L'élection est close.") }
        let candidates = Set(try await advocacy.candidates(electionId: electionId).map(\.id))
        var counted: [UUID: Int] = [:]
        var errors = FieldErrors()
        for (candidate, text) in votes where candidates.contains(candidate) {
            guard let value = NumberInput.integer(text.isEmpty ? "0" : text, in: 0...100_000) else {
                errors.add("count_\(candidate.uuidString.lowercased())", "Un nombre de voix, de 0 à 100 000.")
                continue
            }
            counted[candidate] = value
        }
        try errors.throwIfAny("Le décompte est à corriger.")
        guard counted.values.reduce(0, +) > 0 else { throw AutourError.invalid("Le décompte ne compte aucune voix.") }
        try await advocacy.enterCount(electionId: electionId, votes: counted, actor: actor)
    }

    public func pendingStationCounts(electionId: UUID, actor: Actor) async throws -> [AdvocacyRepository.StationCount] {
        try Permissions.require(actor, .runCouncil)
        _ = try await election(electionId, actor)
        return try await advocacy.pendingCounts(electionId: electionId)
    }

    public func confirmStationCount(_ countId: UUID, electionId: UUID, actor: Actor) async throws {
        try Permissions.require(actor, .runCouncil)
        _ = try await election(electionId, actor)
        if let refused = try await advocacy.confirmCount(countId, electionId: electionId, actor: actor) { throw AutourError.invalid(refused) }
    }

    /// The latest closed election with its published results (public): every candidate's votes and
    /// the elected, who are the council's experts.
    public func lastResults(territoryId: UUID) async throws -> (election: CouncilElection, candidates: [CouncilCandidate], elected: [CouncilCandidate])? {
        guard let last = try await advocacy.elections(territoryId: territoryId).first(where: { !$0.open }) else { return nil }
        let candidates = try await advocacy.candidates(electionId: last.id)
        return (last, candidates.sorted { ($0.votes, $1.name) > ($1.votes, $0.name) }, CouncilRules.elected(candidates, seats: last.seats))
    }

    public func opinions(actor: Actor) async throws -> [CouncilOpinion] {
        try Permissions.require(actor, .viewAdvocacy)
        return try await advocacy.opinions(territoryId: actor.territoryId)
    }

    /// Published opinions only, for the public pages and the API's search.
    public func search(territoryId: UUID, query: String) async throws -> [CouncilRules.Hit] {
        CouncilRules.search(try await advocacy.opinions(territoryId: territoryId), query: String(query.prefix(200)))
    }

    public func publishedOpinion(number: Int, territoryId: UUID) async throws -> CouncilOpinion {
        guard let opinion = try await advocacy.opinions(territoryId: territoryId).first(where: { $0.number == number && $0.isPublished }) else {
            throw AutourError.notFound
        }
        return opinion
    }

    public func refer(title: String, referredBy: String, question: String, actor: Actor) async throws -> UUID {
        try Permissions.require(actor, .runCouncil)
        let (title, by, question) = try CouncilRules.validateReferral(title: title, referredBy: referredBy, question: question)
        return try await advocacy.refer(title: title, referredBy: by, question: question, actor: actor)
    }

    public func publish(opinionId: UUID, opinion: String, reasons: String, cites: [Int], actor: Actor) async throws -> CouncilOpinion {
        try Permissions.require(actor, .runCouncil)
        let all = try await advocacy.opinions(territoryId: actor.territoryId)
        guard let target = all.first(where: { $0.id == opinionId }) else { throw AutourError.notFound }
        let (text, reasons, cited) = try CouncilRules.validateOpinion(
            opinion: opinion, reasons: reasons, cites: cites, number: target.number, published: Set(all.filter(\.isPublished).map(\.number)))
        guard try await advocacy.publish(opinionId, opinion: text, reasons: reasons, cites: cited, actor: actor) else {
            throw AutourError.invalid("Cet avis est déjà publié.")
        }
        return try await publishedOpinion(number: target.number, territoryId: actor.territoryId)
    }
}
