import AutourCore
import Foundation

/// Energies' use cases shared by the pages and the API: each checks the permission table, then
/// validates against the territory and writes through the repository.
public struct EnergiesService: Sendable {
    let energies: EnergiesRepository

    /// A resource person's form checked against the territory's skills and neighbourhoods.
    public func validate(_ input: ResourcePersonInput, territory: Territory) async throws -> ValidResourcePerson {
        try ResourceRules.validate(input, skills: try await energies.skills(territoryId: territory.id), territory: territory)
    }

    public func createResource(_ input: ResourcePersonInput, territory: Territory, actor: Actor) async throws -> ResourcePerson {
        try Permissions.require(actor, .coordinateEnergies)
        return try await energies.createResource(try await validate(input, territory: territory), actor: actor)
    }

    /// A need from a coordinator, an agent (often from a file or a signal) or a partner. `origin`
    /// is given by a module that posts on its own behalf (a project); otherwise it follows from what
    /// the need is linked to and who posts it.
    public func createNeed(_ input: NeedInput, territory: Territory, actor: Actor, origin given: NeedOrigin? = nil) async throws -> Need {
        try Permissions.require(actor, .postNeeds)
        let valid = try EnergiesRules.validate(input, skills: try await energies.skills(territoryId: territory.id), territory: territory)
        let linked: NeedOrigin =
            input.signalId != nil
            ? .signal
            : input.personId != nil
                ? .followUp
                : actor.has(.coordinator) ? .coordinator : actor.has(.partner) ? .partner : .followUp
        let origin = given ?? linked
        if input.personId != nil || input.signalId != nil {
            // Linking a file or a signal is reading it: only those who may.
            try Permissions.require(actor, .readPersonFile)
        }
        return try await energies.createNeed(valid, origin: origin, personId: input.personId, signalId: input.signalId, actor: actor)
    }

    /// The need `id` of the caller's territory, if `action` is theirs; 404 otherwise.
    public func need(id: UUID, for action: Action, by actor: Actor) async throws -> Need {
        try Permissions.require(actor, action)
        guard let need = try await energies.need(id: id, territoryId: actor.territoryId) else { throw AutourError.notFound }
        return need
    }

    /// Coordinators see every need (of one status when asked); a volunteer sees the missions
    /// proposed to them.
    public func needs(status: NeedStatus?, by actor: Actor) async throws -> [Need] {
        if Permissions.can(actor, .takeMissions), !Permissions.can(actor, .coordinateEnergies) {
            guard let me = try await energies.resource(accountId: actor.accountId) else { return [] }
            return try await energies.missions(resourceId: me.id)
        }
        try Permissions.require(actor, .coordinateEnergies)
        return try await energies.needs(territoryId: actor.territoryId, statuses: status.map { [$0] } ?? Set(NeedStatus.allCases))
    }

    /// The best candidates for a need, with their reasons.
    public func candidates(needId: UUID, limit: Int, by actor: Actor) async throws -> [Candidate] {
        let need = try await need(id: needId, for: .coordinateEnergies, by: actor)
        return try await energies.pool(territoryId: actor.territoryId).top(need, limit: limit)
    }

    /// One proposal per open need (urgent first, then the oldest), none twice to the same time.
    public func batch(needIds: [UUID]?, by actor: Actor) async throws -> (proposals: [BatchProposal], unassigned: [UUID]) {
        try Permissions.require(actor, .coordinateEnergies)
        var needs = try await energies.needs(territoryId: actor.territoryId, statuses: [.open])
        if let needIds {
            let wanted = Set(needIds)
            needs = needs.filter { wanted.contains($0.id) }
        }
        let pool = try await energies.pool(territoryId: actor.territoryId)
        return try BatchMatching.propose(
            needs.sorted { ($0.urgency == .urgent ? 0 : 1, $0.createdAt) < ($1.urgency == .urgent ? 0 : 1, $1.createdAt) },
            pool: pool)
    }

    /// The volunteer's answer to a mission proposed to them.
    public func answer(needId: UUID, accept: Bool, by actor: Actor) async throws -> Need {
        let need = try await need(id: needId, for: .takeMissions, by: actor)
        return try await energies.answer(need.id, accept: accept, actor: actor)
    }
}
