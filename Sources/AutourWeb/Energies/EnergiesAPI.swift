import AutourAPI
import AutourCore
import AutourStore
import Foundation

/// Energies in the JSON API: resource persons, needs, explained candidates, the batch proposal,
/// and the human decisions that follow it (confirm, accept or decline, hours).
extension APIHandlers {
    var energies: EnergiesService { store.energiesService }

    func createResourcePerson(_ input: Operations.CreateResourcePerson.Input) async throws -> Operations.CreateResourcePerson.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        let resource = try await energies.createResource(try ResourcePersonInput(body), territory: context.territory, actor: context.actor)
        return .created(.init(body: .json(try .init(resource))))
    }

    func listResourcePersons(_ input: Operations.ListResourcePersons.Input) async throws -> Operations.ListResourcePersons.Output {
        let context = try caller
        try context.require(.coordinateEnergies)
        let resources = try await store.energies.resources(territoryId: context.actor.territoryId)
        return .ok(.init(body: .json(.init(items: try resources.map(Components.Schemas.ResourcePerson.init)))))
    }

    func createNeed(_ input: Operations.CreateNeed.Input) async throws -> Operations.CreateNeed.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        return .created(.init(body: .json(try .init(try await energies.createNeed(try NeedInput(body), territory: context.territory, actor: context.actor)))))
    }

    func listNeeds(_ input: Operations.ListNeeds.Input) async throws -> Operations.ListNeeds.Output {
        let status = try input.query.status.map { text in
            guard let status = NeedStatus(rawValue: text) else {
                throw AutourError.invalid("Statut inconnu.", fields: ["status": "open, proposed, accepted, done ou cancelled."])
            }
            return status
        }
        let needs = try await energies.needs(status: status, by: try caller.actor)
        return .ok(.init(body: .json(.init(items: try needs.map(Components.Schemas.Need.init)))))
    }

    func needCandidates(_ input: Operations.NeedCandidates.Input) async throws -> Operations.NeedCandidates.Output {
        let limit = try NumberInput.integer(input.query.limit ?? 20, field: "limit", in: 1...100)
        let candidates = try await energies.candidates(needId: try APIValue.pathID(input.path.id), limit: limit, by: try caller.actor)
        return .ok(
            .init(
                body: .json(
                    .init(items: candidates.map { .init(reasons: $0.reasons, resourcePersonId: $0.resourcePersonId.uuidString, score: $0.score) }))))
    }

    func batchMatching(_ input: Operations.BatchMatching.Input) async throws -> Operations.BatchMatching.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        let needIds = try body.needIds.map { try $0.map { try APIValue.uuid($0, field: "needIds") } }
        let result = try await energies.batch(needIds: needIds, by: try caller.actor)
        return .ok(
            .init(
                body: .json(
                    .init(
                        assignments: result.proposals.map {
                            .init(needId: $0.needId.uuidString, resourcePersonId: $0.resourcePersonId.uuidString, score: $0.score)
                        },
                        unassigned: result.unassigned.map(\.uuidString)))))
    }

    func proposeNeed(_ input: Operations.ProposeNeed.Input) async throws -> Operations.ProposeNeed.Output {
        let context = try caller
        let need = try await energies.need(id: try APIValue.pathID(input.path.id), for: .coordinateEnergies, by: context.actor)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let proposed = try await store.energies.propose(
            need.id, to: try APIValue.uuid(body.resourcePersonId, field: "resourcePersonId"), actor: context.actor)
        return .ok(.init(body: .json(try .init(proposed))))
    }

    func acceptNeed(_ input: Operations.AcceptNeed.Input) async throws -> Operations.AcceptNeed.Output {
        .ok(.init(body: .json(try .init(try await energies.answer(needId: try APIValue.pathID(input.path.id), accept: true, by: try caller.actor)))))
    }

    func declineNeed(_ input: Operations.DeclineNeed.Input) async throws -> Operations.DeclineNeed.Output {
        .ok(.init(body: .json(try .init(try await energies.answer(needId: try APIValue.pathID(input.path.id), accept: false, by: try caller.actor)))))
    }

    func declareHours(_ input: Operations.DeclareHours.Input) async throws -> Operations.DeclareHours.Output {
        let context = try caller
        let need = try await energies.need(id: try APIValue.pathID(input.path.id), for: .takeMissions, by: context.actor)
        let body =
            switch input.body {
            case .json(let body): body
            }
        return .ok(.init(body: .json(try .init(try await store.energies.declareHours(need.id, minutes: body.minutes, actor: context.actor)))))
    }

    func verifyHours(_ input: Operations.VerifyHours.Input) async throws -> Operations.VerifyHours.Output {
        let context = try caller
        let need = try await energies.need(id: try APIValue.pathID(input.path.id), for: .coordinateEnergies, by: context.actor)
        return .ok(.init(body: .json(try .init(try await store.energies.verifyHours(need.id, actor: context.actor)))))
    }

    func cancelNeed(_ input: Operations.CancelNeed.Input) async throws -> Operations.CancelNeed.Output {
        let context = try caller
        let need = try await energies.need(id: try APIValue.pathID(input.path.id), for: .coordinateEnergies, by: context.actor)
        return .ok(.init(body: .json(try .init(try await store.energies.cancel(need.id, actor: context.actor)))))
    }

    func energiesDashboard(_ input: Operations.EnergiesDashboard.Input) async throws -> Operations.EnergiesDashboard.Output {
        let context = try caller
        try context.require(.coordinateEnergies)
        let territoryId = context.actor.territoryId
        let hours = try await store.energies.hours(territoryId: territoryId)
        let goal = try await store.energies.settings(territoryId: territoryId).monthlyGoalMinutes
        let alerts = try await store.alerts.list(territoryId: territoryId, undecidedOnly: true, limit: 20)
        return .ok(
            .init(
                body: .json(
                    .init(
                        alerts: alerts.map {
                            .init(
                                count: $0.count, expected: $0.expected, id: $0.id.uuidString, kind: $0.kind, neighbourhood: $0.neighbourhood,
                                raisedAt: $0.raisedAt)
                        },
                        byNeighbourhood: hours.byNeighbourhood.map { .init(minutes: $0.minutes, name: $0.name) },
                        bySkill: hours.bySkill.map { .init(minutes: $0.minutes, name: $0.name) }, goalMinutes: goal,
                        monthMinutes: hours.totalMinutes, toVerify: hours.toVerify))))
    }
}

extension ResourcePersonInput {
    init(_ body: Components.Schemas.ResourcePersonInput) throws {
        self.init(
            name: body.name, skills: body.skills, availability: body.availability.map { .init(weekday: $0.weekday, start: $0.start, end: $0.end) },
            neighbourhoods: body.neighbourhoods, maxMinutesPerMonth: body.maxMinutesPerMonth, motivations: body.motivations.map(\.rawValue),
            professional: body.professional, kind: body.kind?.rawValue, languages: body.languages,
            absences: body.absences?.map { Absence(from: $0.from, to: $0.to) }, accountId: try APIValue.uuid(body.accountId, field: "accountId"))
    }
}

extension NeedInput {
    init(_ body: Components.Schemas.NeedInput) throws {
        self.init(
            title: body.title, skills: body.skills, neighbourhood: body.neighbourhood, weekday: body.weekday, start: body.start, end: body.end,
            durationMinutes: body.durationMinutes, urgency: body.urgency.rawValue, professionalOnly: body.professionalOnly,
            personId: try APIValue.uuid(body.personId, field: "personId"), signalId: try APIValue.uuid(body.signalId, field: "signalId"))
    }
}

extension Components.Schemas.ResourcePerson {
    init(_ r: ResourcePerson) throws {
        self.init(
            accountId: r.accountId?.uuidString,
            availability: r.availability.map { .init(end: WeeklySlot.clock($0.end), start: WeeklySlot.clock($0.start), weekday: $0.weekday) },
            id: r.id.uuidString, kind: try APIValue.contract(r.kind.rawValue), languages: r.languages, maxMinutesPerMonth: r.maxMinutesPerMonth,
            motivations: r.motivations.map(\.rawValue).sorted(), name: r.name, neighbourhoods: r.neighbourhoods, paused: r.paused,
            professional: r.kind.isProfessional, skills: r.skills)
    }
}

extension Components.Schemas.Need {
    init(_ n: Need) throws {
        self.init(
            createdAt: n.createdAt, durationMinutes: n.durationMinutes, end: n.end.map(WeeklySlot.clock), hoursStatus: n.hoursStatus?.rawValue,
            id: n.id.uuidString, minutes: n.minutes, neighbourhood: n.neighbourhood, origin: try APIValue.contract(n.origin.rawValue),
            professionalOnly: n.professionalOnly, resourcePersonId: n.resourcePersonId?.uuidString, skills: n.skills,
            start: n.start.map(WeeklySlot.clock), status: try APIValue.contract(n.status.rawValue), title: n.title, urgency: n.urgency.rawValue,
            weekday: n.weekday)
    }
}
