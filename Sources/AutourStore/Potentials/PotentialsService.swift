import AutourCore
import Foundation

/// Potentials' use cases, for pages and API alike. Staff (agents, coordinators) coach every
/// project; an inhabitant named coach of a project coaches that one. People's names are read by
/// staff and by the project's own people; everyone else sees what the public gallery shows.
public struct PotentialsService: Sendable {
    let potentials: PotentialsRepository
    let energies: EnergiesRepository
    let places: PlacesService
    let referrals: ReferralRepository
    let directory: DirectoryRepository
    let clock: WallClock

    /// What an actor is to a project: the page and the API show and allow according to it, so
    /// that a button is shown exactly when the service would accept it.
    public struct Standing: Sendable, Equatable {
        public let ownResource: UUID?
        public let role: ProjectRole?
        public let mayCoach: Bool
        /// Sending needs creates records in other modules: only who may post a need and book a room.
        public let maySendNeeds: Bool
        /// « Just join »: an inhabitant with a profile, not yet in the project, while it goes on;
        /// a project outside the gallery is joined through its coach (staff may join any).
        public let mayJoin: Bool
        public var mayLeave: Bool { role == .member }
        public var maySeePeople: Bool { mayCoach || role != nil }
    }

    // MARK: Stages

    public func stages(actor: Actor) async throws -> [ProjectStage] {
        try Permissions.require(actor, .viewProjects)
        return try await potentials.stages(territoryId: actor.territoryId)
    }

    /// Saves the pipeline. A stage that projects are in cannot be removed; at least two stages stay.
    public func saveStages(_ edits: [ProjectStageEdit], actor: Actor) async throws {
        try Permissions.require(actor, .editProjectStages)
        let current = try await potentials.stages(territoryId: actor.territoryId)
        let used = Set(try await potentials.projects(territoryId: actor.territoryId).map(\.stageId))
        try await potentials.saveStages(try ProjectRules.validateStages(edits, current: current, used: used), actor: actor)
    }

    // MARK: Projects

    public func propose(_ input: ProjectInput, territory: Territory, actor: Actor) async throws -> UUID {
        try Permissions.require(actor, .proposeProjects)
        var input = input
        if !Permissions.can(actor, .coachProjects) {
            // An inhabitant proposes their own project; a partner proposes as a partner.
            if actor.has(.partner) {
                input.origin = ProjectOrigin.partner.rawValue
                input.carriers = []
            } else {
                input.origin = ProjectOrigin.inhabitant.rawValue
                input.carriers = [try await ownProfile(actor).id]
            }
        }
        let valid = try ProjectRules.validate(input, neighbourhoods: territory.neighbourhoods.map(\.name))
        let pool = Set(try await energies.resources(territoryId: territory.id).map(\.id))
        guard valid.carriers.allSatisfy(pool.contains) else {
            throw AutourError.invalid("Porteur·se inconnu·e.", fields: ["carriers": "Choisissez des personnes du territoire."])
        }
        let first = try await potentials.stages(territoryId: territory.id)[0]
        return try await potentials.create(valid, stageId: first.id, actor: actor)
    }

    /// A project the actor may read: staff read every project; anyone else a gallery project, one
    /// they are part of, or one they proposed — a private project does not exist for the others.
    public func project(id: UUID, actor: Actor) async throws -> Project { try await access(id, actor).project }

    /// The project and what the actor is to it, read once for a use case.
    private func access(_ id: UUID, _ actor: Actor) async throws -> (project: Project, standing: Standing) {
        try Permissions.require(actor, .viewProjects)
        guard let project = try await potentials.project(id: id, territoryId: actor.territoryId) else { throw AutourError.notFound }
        let standing = try await standing(project, actor: actor)
        guard project.isPublic || project.createdBy == actor.accountId || standing.maySeePeople else { throw AutourError.notFound }
        return (project, standing)
    }

    public func standing(_ project: Project, actor: Actor) async throws -> Standing {
        let own = try await energies.resource(accountId: actor.accountId)
        let role = try await own.asyncMap { try await potentials.projects(ofResource: $0.id)[project.id] } ?? nil
        let staff = Permissions.can(actor, .coachProjects, on: project.scope)
        let mayCoach = staff || role == .coach
        return Standing(
            ownResource: own?.id, role: role, mayCoach: mayCoach,
            maySendNeeds: mayCoach && Permissions.can(actor, .postNeeds) && Permissions.can(actor, .bookRooms),
            mayJoin: own != nil && role == nil && project.state != .stopped && (actor.has(.volunteer) || staff) && (project.isPublic || staff))
    }

    /// The actor's own resource profile, which joining or carrying a project needs.
    private func ownProfile(_ actor: Actor) async throws -> ResourcePerson {
        guard let own = try await energies.resource(accountId: actor.accountId) else {
            throw AutourError.invalid("Votre compte n'a pas encore de profil de bénévole : demandez-le au CCAS.")
        }
        return own
    }

    /// The people around a project, for those who may read their names.
    public func people(_ project: Project, actor: Actor) async throws -> [PotentialsRepository.Person] {
        guard try await standing(project, actor: actor).maySeePeople else { throw AutourError.forbidden }
        return try await potentials.people(projectId: project.id)
    }

    /// Changes what the project is about and whether it shows in the gallery; its origin stays,
    /// its people are changed on its page.
    public func update(_ project: Project, with input: ProjectInput, territory: Territory, actor: Actor) async throws {
        _ = try await coached(project.id, actor)
        var input = input
        input.origin = project.origin.rawValue
        let valid = try ProjectRules.validate(input, neighbourhoods: territory.neighbourhoods.map(\.name), carriers: false)
        try await potentials.update(project, with: valid, actor: actor)
    }

    /// All the territory's projects for the pipeline (coaches) — the elected read counts only.
    public func pipeline(actor: Actor) async throws -> [Project] {
        try Permissions.require(actor, .coachProjects)
        return try await potentials.projects(territoryId: actor.territoryId)
    }

    /// The projects an inhabitant is part of.
    public func ownProjects(actor: Actor) async throws -> [(project: Project, role: ProjectRole)] {
        try Permissions.require(actor, .viewProjects)
        guard let own = try await energies.resource(accountId: actor.accountId) else { return [] }
        let mine = try await potentials.projects(ofResource: own.id)
        return try await potentials.projects(territoryId: actor.territoryId).compactMap { project in mine[project.id].map { (project, $0) } }
    }

    /// Counts for the Observatory and the elected officials: no project named, no person.
    public func counts(actor: Actor) async throws -> ProjectRules.Counts {
        guard Permissions.can(actor, .viewIndicators) || Permissions.can(actor, .coachProjects) else { throw AutourError.forbidden }
        return ProjectRules.counts(
            try await potentials.projects(territoryId: actor.territoryId), stages: try await potentials.stages(territoryId: actor.territoryId),
            now: clock.now())
    }

    /// The public gallery: opted-in projects, never a person.
    public func gallery(territoryId: UUID, neighbourhood: String?, theme: ProjectTheme?) async throws -> [Project] {
        ProjectRules.gallery(try await potentials.projects(territoryId: territoryId), neighbourhood: neighbourhood, theme: theme)
    }

    // MARK: Stages of a project

    /// The project a coach acts on, or 403/404.
    private func coached(_ id: UUID, _ actor: Actor) async throws -> Project {
        let (project, standing) = try await access(id, actor)
        guard standing.mayCoach else { throw AutourError.forbidden }
        return project
    }

    /// Ticks a criterion of the next passage (the current stage's exit, the next stage's entry).
    public func tick(projectId: UUID, stageId: UUID, side: CriterionSide, criterion: String, note: String, actor: Actor, by name: String)
        async throws
    {
        let project = try await coached(projectId, actor)
        let stages = try await potentials.stages(territoryId: actor.territoryId)
        guard
            ProjectRules.passageCriteria(of: project, in: stages).contains(where: {
                $0.stage.id == stageId && $0.side == side && $0.criterion == criterion
            })
        else { throw AutourError.invalid("Ce critère n'est pas celui du prochain passage : rechargez la page.") }
        let text = try ProjectRules.validateNote(note)
        try await potentials.tick(criterion, side: side, stageId: stageId, note: text, by: name, projectId: projectId, actor: actor)
    }

    /// Passes the project to the next stage once every criterion of the passage is ticked.
    public func pass(projectId: UUID, actor: Actor) async throws -> ProjectStage {
        let project = try await coached(projectId, actor)
        let stages = try await potentials.stages(territoryId: actor.territoryId)
        if let reason = ProjectRules.blockToPass(project: project, stages: stages, checks: try await potentials.checks(projectId: projectId)) {
            throw AutourError.invalid(reason)
        }
        guard let (from, to) = ProjectRules.passage(of: project, in: stages),
            try await potentials.pass(project, from: from, to: to, actor: actor)
        else { throw AutourError.invalid("Le projet a déjà changé d'étape : rechargez la page.") }
        return to
    }

    /// Pauses, resumes or stops: a stop keeps what the group learnt.
    public func setState(_ state: ProjectState, projectId: UUID, note: String, actor: Actor) async throws {
        let project = try await coached(projectId, actor)
        let text = try ProjectRules.validateStateChange(to: state, from: project.state, note: note)
        try await potentials.setState(state, lessons: state == .stopped ? text : nil, note: text, project: project, actor: actor)
    }

    public func addNote(_ note: String, projectId: UUID, actor: Actor) async throws {
        let project = try await coached(projectId, actor)
        try await potentials.addNote(try ProjectRules.validateNote(note), projectId: project.id, actor: actor)
    }

    // MARK: People

    /// « Just join »: an inhabitant joins a project as a member, carrying nothing. A project that is
    /// not in the public gallery is joined through its coach.
    public func join(projectId: UUID, actor: Actor) async throws {
        let (project, standing) = try await access(projectId, actor)
        // Inhabitants join; staff join too when they take part as neighbours (with a profile).
        guard actor.has(.volunteer) || Permissions.can(actor, .coachProjects) else { throw AutourError.forbidden }
        let own = try await ownProfile(actor)
        if standing.role != nil { return }
        guard project.state != .stopped else { throw AutourError.invalid("Ce projet est arrêté.") }
        guard standing.mayJoin else { throw AutourError.forbidden }
        try await potentials.addPerson(own.id, name: own.name, role: .member, projectId: project.id, actor: actor)
    }

    /// A member leaves (carriers and coaches are changed by a coach).
    public func leave(projectId: UUID, actor: Actor) async throws {
        let (project, standing) = try await access(projectId, actor)
        guard standing.mayLeave, let own = try await energies.resource(accountId: actor.accountId) else { return }
        try await potentials.removePerson(own.id, name: own.name, projectId: project.id, actor: actor)
    }

    /// A coach adds someone of the resource pool with a role (or changes their role).
    public func addPerson(_ resourceId: UUID, role: ProjectRole, projectId: UUID, actor: Actor) async throws {
        let project = try await coached(projectId, actor)
        guard let person = try await energies.resource(id: resourceId, territoryId: actor.territoryId) else {
            throw AutourError.invalid("Personne inconnue.", fields: ["resource": "Choisissez une personne du territoire."])
        }
        if project.scale == .individual, role == .carrier,
            try await potentials.people(projectId: project.id).contains(where: { $0.role == .carrier && $0.resourceId != resourceId })
        {
            throw AutourError.invalid("Un projet individuel a un·e seul·e porteur·se.", fields: ["role": "Choisissez un autre rôle."])
        }
        try await potentials.addPerson(person.id, name: person.name, role: role, projectId: project.id, actor: actor)
    }

    public func removePerson(_ resourceId: UUID, projectId: UUID, actor: Actor) async throws {
        let project = try await coached(projectId, actor)
        guard let person = try await potentials.people(projectId: project.id).first(where: { $0.resourceId == resourceId }) else { return }
        try await potentials.removePerson(resourceId, name: person.name, projectId: project.id, actor: actor)
    }

    // MARK: Needs sent to the other modules

    /// A need for skills becomes an Energies need (its candidates are Energies' own).
    public func askSkills(
        projectId: UUID, title: String, skills: [String], durationMinutes: Int, territory: Territory, actor: Actor
    ) async throws -> UUID {
        let project = try await coached(projectId, actor)
        let need = try await EnergiesService(energies: energies).createNeed(
            NeedInput(
                title: title, skills: skills, neighbourhood: project.neighbourhood, durationMinutes: durationMinutes, urgency: "normal",
                professionalOnly: false), territory: territory, actor: actor, origin: .project)
        return try await potentials.recordNeed(
            .skills, label: "Compétences : \(skills.joined(separator: ", ")) — \(need.title)", needId: need.id, projectId: project.id, actor: actor)
    }

    /// A need for a place becomes a booking in Places, under the project's name.
    public func askPlace(projectId: UUID, booking: BookingInput, place: Place, actor: Actor) async throws -> UUID {
        let project = try await coached(projectId, actor)
        var input = booking
        input.group = project.title
        let bookings = try await places.book(input, place: place, actor: actor)
        let room = place.rooms.first { $0.id == input.roomId }?.name ?? ""
        let when = bookings.first.map { FrenchTime.day($0.startsAt) } ?? ""
        return try await potentials.recordNeed(
            .place, label: "Lieu : \(place.name), \(room) — \(when)\(bookings.count > 1 ? " (\(bookings.count) semaines)" : "")",
            bookingId: bookings.first?.id, projectId: project.id, actor: actor)
    }

    /// A need for an expert is addressed to a structure of the directory; its partners answer it.
    public func askExpert(projectId: UUID, structureId: String, question: String, actor: Actor) async throws -> UUID {
        let project = try await coached(projectId, actor)
        let names = try await directory.structureNames(territoryId: actor.territoryId)
        guard let name = names[structureId] else {
            throw AutourError.invalid("Structure inconnue.", fields: ["structure": "Choisissez une structure de l'annuaire."])
        }
        let text = try ProjectRules.validateExpertQuestion(question)
        return try await potentials.recordNeed(.expert, label: "Expertise de \(name) : \(text)", structureId: structureId, projectId: project.id, actor: actor)
    }

    /// A need with its state read from the module that holds it.
    public struct NeedState: Sendable, Equatable {
        public let need: PotentialsRepository.SentNeed
        public let state: String
        /// The Energies need or the booking's place, to follow it there.
        public let needId: UUID?, placeId: UUID?
    }

    public func needs(_ project: Project, actor: Actor) async throws -> [NeedState] {
        try Permissions.require(actor, .viewProjects, on: project.scope)
        var states: [NeedState] = []
        for need in try await potentials.needs(projectId: project.id) {
            switch need.kind {
            case .skills:
                let status = try await need.needId.asyncMap { try await energies.need(id: $0, territoryId: project.territoryId)?.status } ?? nil
                states.append(NeedState(need: need, state: status?.label ?? "Retiré", needId: status == nil ? nil : need.needId, placeId: nil))
            case .place:
                let booking = try await need.bookingId.asyncMap { try await places.places.booking(id: $0, territoryId: project.territoryId) } ?? nil
                states.append(NeedState(need: need, state: booking == nil ? "Réservation annulée" : "Salle réservée", needId: nil, placeId: booking?.placeId))
            case .expert:
                let answer = need.expert ?? .asked
                let state = answer.label + (answer == .asked || need.answer.isEmpty ? "" : " : \(need.answer)")
                states.append(NeedState(need: need, state: state, needId: nil, placeId: nil))
            }
        }
        return states
    }

    /// The expert requests addressed to the partner's structure.
    public func expertRequests(actor: Actor) async throws -> [(need: PotentialsRepository.SentNeed, project: String)] {
        try Permissions.require(actor, .answerReferrals)
        guard let structure = try await referrals.structure(ofPartner: actor.accountId) else { return [] }
        return try await potentials.expertRequests(structureId: structure, territoryId: actor.territoryId)
    }

    public func answerExpert(needId: UUID, accepted: Bool, answer: String, actor: Actor) async throws {
        try Permissions.require(actor, .answerReferrals)
        guard let structure = try await referrals.structure(ofPartner: actor.accountId) else { throw AutourError.notFound }
        let text = try ProjectRules.validateExpertAnswer(answer)
        guard try await potentials.answerExpert(needId: needId, structureId: structure, accepted: accepted, answer: text, actor: actor) else {
            throw AutourError.invalid("Cette demande a déjà reçu une réponse.")
        }
    }

    // MARK: Timeline

    public func timeline(_ project: Project, actor: Actor) async throws -> [ProjectEvent] {
        guard try await standing(project, actor: actor).maySeePeople else { throw AutourError.forbidden }
        return try await potentials.timeline(projectId: project.id)
    }

    public func checks(_ project: Project, actor: Actor) async throws -> [CriterionCheck] {
        try Permissions.require(actor, .viewProjects, on: project.scope)
        return try await potentials.checks(projectId: project.id)
    }
}
