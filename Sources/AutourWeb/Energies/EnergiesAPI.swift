import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The Energies routes of the JSON API: resource persons, needs, explained candidates, the batch
/// proposal, and the human decisions that follow it (confirm, accept or decline, hours).
struct EnergiesAPI {
    let store: Store
    let clock: WallClock

    struct ResourceDTO: Encodable {
        struct Slot: Encodable { let weekday: Int; let start: String; let end: String }
        let id: UUID
        let accountId: UUID?
        let name: String
        let kind: String
        let professional: Bool
        let skills: [String]
        let availability: [Slot]
        let neighbourhoods: [String]
        let maxMinutesPerMonth: Int
        let motivations: [String]
        let languages: [String]
        let paused: Bool

        init(_ r: ResourcePerson) {
            (id, accountId, name, kind, professional, skills) = (r.id, r.accountId, r.name, r.kind.rawValue, r.kind.isProfessional, r.skills)
            availability = r.availability.map { Slot(weekday: $0.weekday, start: WeeklySlot.clock($0.start), end: WeeklySlot.clock($0.end)) }
            (neighbourhoods, maxMinutesPerMonth, languages, paused) = (r.neighbourhoods, r.maxMinutesPerMonth, r.languages, r.paused)
            motivations = r.motivations.map(\.rawValue).sorted()
        }
    }

    struct NeedDTO: Encodable {
        let id: UUID
        let title: String
        let skills: [String]
        let neighbourhood: String
        let weekday: Int?
        let start: String?
        let end: String?
        let durationMinutes: Int
        let urgency: String
        let professionalOnly: Bool
        let status: String
        let origin: String
        let resourcePersonId: UUID?
        let minutes: Int?
        let hoursStatus: String?
        let createdAt: Date

        init(_ n: Need) {
            (id, title, skills, neighbourhood, weekday) = (n.id, n.title, n.skills, n.neighbourhood, n.weekday)
            start = n.start.map(WeeklySlot.clock)
            end = n.end.map(WeeklySlot.clock)
            (durationMinutes, urgency, professionalOnly, status) = (n.durationMinutes, n.urgency.rawValue, n.professionalOnly, n.status.rawValue)
            (origin, resourcePersonId, minutes, hoursStatus, createdAt) = (
                n.origin.rawValue, n.resourcePersonId, n.minutes, n.hoursStatus?.rawValue, n.createdAt
            )
        }
    }

    struct CandidateDTO: Encodable { let resourcePersonId: UUID; let score: Int; let reasons: [String] }
    struct BatchDTO: Encodable {
        struct Assignment: Encodable { let needId: UUID; let resourcePersonId: UUID; let score: Int }
        let assignments: [Assignment]
        let unassigned: [UUID]
    }
    struct BatchRequest: Decodable { let needIds: [UUID]? }
    struct ProposeRequest: Decodable { let resourcePersonId: UUID }
    struct HoursRequest: Decodable { let minutes: Int }
    struct DashboardDTO: Encodable {
        struct Part: Encodable { let name: String; let minutes: Int }
        struct Alert: Encodable { let id: UUID; let kind: String; let neighbourhood: String; let count: Int; let expected: Double; let raisedAt: Date }
        let monthMinutes: Int
        let goalMinutes: Int
        let bySkill: [Part]
        let byNeighbourhood: [Part]
        let toVerify: Int
        let alerts: [Alert]
    }

    func addRoutes(to api: RouterGroup<SignedInContext>) {
        api.post("/resource-persons") { request, context in
            try context.require(.coordinateEnergies)
            let input = try await request.decodeJSON(ResourcePersonInput.self, context: context)
            let valid = try await validate(input, context: context)
            return try JSONResponse.make(ResourceDTO(try await store.energies.createResource(valid, actor: context.actor)), status: .created)
        }
        api.get("/resource-persons") { _, context in
            try context.require(.coordinateEnergies)
            return try JSONResponse.make(ItemList(items: try await store.energies.resources(territoryId: context.actor.territoryId).map(ResourceDTO.init)))
        }
        api.post("/needs") { request, context in
            try context.require(.postNeeds)
            let input = try await request.decodeJSON(NeedInput.self, context: context)
            let need = try await createNeed(input, context: context)
            return try JSONResponse.make(NeedDTO(need), status: .created)
        }
        api.get("/needs") { request, context in
            // Coordinators see every need; a volunteer sees the missions proposed to them.
            if Permissions.can(context.actor, .takeMissions), !Permissions.can(context.actor, .coordinateEnergies) {
                guard let me = try await store.energies.resource(accountId: context.actor.accountId) else {
                    return try JSONResponse.make(ItemList(items: [NeedDTO]()))
                }
                return try JSONResponse.make(ItemList(items: try await store.energies.missions(resourceId: me.id).map(NeedDTO.init)))
            }
            try context.require(.coordinateEnergies)
            var statuses = Set(NeedStatus.allCases)
            if let text = request.uri.queryParameters["status"].map(String.init) {
                guard let status = NeedStatus(rawValue: text) else {
                    throw AutourError.invalid("Statut inconnu.", fields: ["status": "open, proposed, accepted, done ou cancelled."])
                }
                statuses = [status]
            }
            return try JSONResponse.make(
                ItemList(
                    items: try await store.energies.needs(territoryId: context.actor.territoryId, statuses: statuses)
                        .map(NeedDTO.init)))
        }
        api.get("/needs/{id}/candidates") { request, context in
            let need = try await scopedNeed(context, .coordinateEnergies)
            let limit = try NumberInput.integer(request.uri.queryParameters["limit"].map(String.init) ?? "20", field: "limit", in: 1...100)
            let pool = try await store.energies.pool(territoryId: context.actor.territoryId)
            return try JSONResponse.make(
                ItemList(
                    items: pool.top(need, limit: limit).map {
                        CandidateDTO(resourcePersonId: $0.resourcePersonId, score: $0.score, reasons: $0.reasons)
                    }))
        }
        api.post("/matching/batch") { request, context in
            try context.require(.coordinateEnergies)
            let input = try await request.decodeJSON(BatchRequest.self, context: context)
            let result = try await batch(needIds: input.needIds, context: context)
            return try JSONResponse.make(
                BatchDTO(
                    assignments: result.proposals.map { .init(needId: $0.needId, resourcePersonId: $0.resourcePersonId, score: $0.score) },
                    unassigned: result.unassigned))
        }
        api.post("/needs/{id}/propose") { request, context in
            let need = try await scopedNeed(context, .coordinateEnergies)
            let input = try await request.decodeJSON(ProposeRequest.self, context: context)
            return try JSONResponse.make(NeedDTO(try await store.energies.propose(need.id, to: input.resourcePersonId, actor: context.actor)))
        }
        api.post("/needs/{id}/accept") { _, context in try await answer(context, accept: true) }
        api.post("/needs/{id}/decline") { _, context in try await answer(context, accept: false) }
        api.post("/needs/{id}/hours") { request, context in
            let need = try await scopedNeed(context, .takeMissions)
            let input = try await request.decodeJSON(HoursRequest.self, context: context)
            return try JSONResponse.make(NeedDTO(try await store.energies.declareHours(need.id, minutes: input.minutes, actor: context.actor)))
        }
        api.post("/needs/{id}/hours/verify") { _, context in
            let need = try await scopedNeed(context, .coordinateEnergies)
            return try JSONResponse.make(NeedDTO(try await store.energies.verifyHours(need.id, actor: context.actor)))
        }
        api.post("/needs/{id}/cancel") { _, context in
            let need = try await scopedNeed(context, .coordinateEnergies)
            return try JSONResponse.make(NeedDTO(try await store.energies.cancel(need.id, actor: context.actor)))
        }
        api.get("/energies/dashboard") { _, context in
            try context.require(.coordinateEnergies)
            let territoryId = context.actor.territoryId
            let hours = try await store.energies.hours(territoryId: territoryId)
            let goal = try await store.energies.settings(territoryId: territoryId).monthlyGoalMinutes
            return try JSONResponse.make(
                DashboardDTO(
                    monthMinutes: hours.totalMinutes, goalMinutes: goal,
                    bySkill: hours.bySkill.map { .init(name: $0.name, minutes: $0.minutes) },
                    byNeighbourhood: hours.byNeighbourhood.map { .init(name: $0.name, minutes: $0.minutes) }, toVerify: hours.toVerify,
                    alerts: try await store.alerts.list(territoryId: territoryId, undecidedOnly: true, limit: 20).map {
                        .init(id: $0.id, kind: $0.kind, neighbourhood: $0.neighbourhood, count: $0.count, expected: $0.expected, raisedAt: $0.raisedAt)
                    }))
        }
    }

    // MARK: Shared with the pages

    func validate(_ input: ResourcePersonInput, context: SignedInContext) async throws -> ValidResourcePerson {
        let territory = context.territory
        return try ResourceRules.validate(input, skills: try await store.energies.skills(territoryId: territory.id), territory: territory)
    }

    /// A need from a coordinator, an agent (often from a file or a signal) or a partner.
    func createNeed(_ input: NeedInput, context: SignedInContext) async throws -> Need {
        let territory = context.territory
        let valid = try EnergiesRules.validate(input, skills: try await store.energies.skills(territoryId: territory.id), territory: territory)
        let origin: NeedOrigin =
            input.signalId != nil
            ? .signal
            : input.personId != nil
                ? .followUp
                : context.actor.has(.coordinator) ? .coordinator : context.actor.has(.partner) ? .partner : .followUp
        if input.personId != nil || input.signalId != nil {
            // Linking a file or a signal is reading it: only those who may.
            try context.require(.readPersonFile)
        }
        return try await store.energies.createNeed(valid, origin: origin, personId: input.personId, signalId: input.signalId, actor: context.actor)
    }

    func batch(needIds: [UUID]?, context: SignedInContext) async throws -> (proposals: [BatchProposal], unassigned: [UUID]) {
        var needs = try await store.energies.needs(territoryId: context.actor.territoryId, statuses: [.open])
        if let needIds {
            let wanted = Set(needIds)
            needs = needs.filter { wanted.contains($0.id) }
        }
        let pool = try await store.energies.pool(territoryId: context.actor.territoryId)
        return try BatchMatching.propose(
            needs.sorted { ($0.urgency == .urgent ? 0 : 1, $0.createdAt) < ($1.urgency == .urgent ? 0 : 1, $1.createdAt) },
            pool: pool)
    }

    func answer(_ context: SignedInContext, accept: Bool) async throws -> Response {
        let need = try await scopedNeed(context, .takeMissions)
        return try JSONResponse.make(NeedDTO(try await store.energies.answer(need.id, accept: accept, actor: context.actor)))
    }

    func scopedNeed(_ context: SignedInContext, _ action: Action) async throws -> Need {
        try context.require(action)
        guard let id = context.parameters.get("id", as: UUID.self),
            let need = try await store.energies.need(id: id, territoryId: context.actor.territoryId)
        else { throw AutourError.notFound }
        return need
    }
}
