import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The heatwave/cold register, its calling campaigns, the check-in service and the Radar's
/// indicators in the JSON API.
struct RegisterAPI {
    let store: Store
    let clock: WallClock

    struct EntryDTO: Encodable {
        let id: UUID
        let personId: UUID
        let name: String
        let neighbourhood: String?
        let requestedBy: String
        let reasons: [String]
        let registeredAt: Date
        let consentValidUntil: Date?
        let needsRenewal: Bool

        init(_ item: RegisteredPerson, now: Date) {
            id = item.entry.id
            personId = item.person.id
            name = item.person.displayName
            neighbourhood = item.person.neighbourhood
            requestedBy = item.entry.requestedBy.rawValue
            reasons = item.entry.reasons.map(\.rawValue).sorted()
            registeredAt = item.entry.registeredAt
            consentValidUntil = item.consentExpiry
            needsRenewal = item.consentExpiry.map { $0.timeIntervalSince(now) < RegisterRules.renewalNotice } ?? true
        }
    }

    struct CampaignDTO: Encodable {
        let id: UUID
        let kind: String
        let startedAt: Date
        let closedAt: Date?
        let progress: CampaignProgress
        let complete: Bool
    }

    struct CallDTO: Encodable {
        let id: UUID
        let personId: UUID
        let name: String
        let phone: String?
        let address: String?
        let neighbourhood: String?
        let emergencyName: String?
        let emergencyPhone: String?
        let callerId: UUID
        let status: String
        let attempts: Int
        let note: String

        init(_ item: CallListItem) {
            id = item.call.id
            personId = item.person.id
            name = item.person.displayName
            phone = item.person.phone
            address = item.person.address
            neighbourhood = item.person.neighbourhood
            emergencyName = item.entry?.emergencyName.nilIfEmpty
            emergencyPhone = item.entry?.emergencyPhone.nilIfEmpty
            callerId = item.call.callerId
            status = item.call.status.rawValue
            attempts = item.call.attempts
            note = item.call.note
        }
    }

    struct CheckInDTO: Encodable {
        let id: UUID
        let personId: UUID
        let callerId: UUID
        let frequencyDays: Int
        let nextDueAt: Date
        let lastAt: Date?
        let lastOutcome: String?
        init(_ p: CheckInPlan) {
            (id, personId, callerId, frequencyDays, nextDueAt, lastAt) = (p.id, p.personId, p.callerId, p.frequencyDays, p.nextDueAt, p.lastAt)
            lastOutcome = p.lastOutcome?.rawValue
        }
    }

    struct IndicatorsDTO: Encodable {
        struct Week: Encodable { let start: Date; let total: String; let byKind: [String: String] }
        struct Place: Encodable { let neighbourhood: String; let count: String }
        let weeks: [Week]
        let byNeighbourhood: [Place]
        let firstContactMedianHours: Double?
        let firstContactP90Hours: Double?
        let outcomes: [String: String]
    }

    struct RegisterRequest: Decodable {
        let personId: UUID
        let requestedBy: String
        let reasons: [String]
        let contacts: String?
        let emergencyName: String?
        let emergencyPhone: String?
        let consentMethod: String?
        let consentGivenBy: String?
    }
    struct CampaignRequest: Decodable { let kind: String; let callerIds: [UUID]? }
    struct CallRequest: Decodable { let outcome: String; let note: String? }
    struct CheckInRequest: Decodable { let personId: UUID; let frequencyDays: Int; let callerId: UUID }
    struct CheckInRecord: Decodable { let outcome: String; let note: String? }

    func addRoutes(to api: RouterGroup<SignedInContext>) {
        api.get("/register") { _, context in
            try context.require(.manageRegister)
            let now = clock.now()
            return try JSONResponse.make(
                ItemList(
                    items: try await store.register.entries(territoryId: context.actor.territoryId)
                        .map { EntryDTO($0, now: now) }))
        }
        api.post("/register") { request, context in
            try context.require(.manageRegister)
            let input = try await request.decodeJSON(RegisterRequest.self, context: context)
            let consent = try Self.consent(method: input.consentMethod, givenBy: input.consentGivenBy)
            let entry = try await store.register.register(
                personId: input.personId,
                RegisterInput(
                    requestedBy: input.requestedBy, reasons: input.reasons, contacts: input.contacts,
                    emergencyName: input.emergencyName, emergencyPhone: input.emergencyPhone),
                consent: consent, actor: context.actor)
            let item = try await store.register.entries(territoryId: context.actor.territoryId).first { $0.entry.id == entry.id }!
            return try JSONResponse.make(EntryDTO(item, now: clock.now()), status: .created)
        }
        api.get("/register/export") { _, context in
            try context.require(.runCampaigns)
            return Self.csv(try await store.register.exportCSV(actor: context.actor))
        }
        api.post("/campaigns") { request, context in
            try context.require(.runCampaigns)
            let input = try await request.decodeJSON(CampaignRequest.self, context: context)
            guard let kind = CampaignKind(rawValue: input.kind) else {
                throw AutourError.invalid("Type de campagne inconnu.", fields: ["kind": "heatwave ou cold."])
            }
            let campaign = try await store.register.startCampaign(kind: kind, callerIds: input.callerIds, actor: context.actor)
            return try JSONResponse.make(try await dto(campaign), status: .created)
        }
        api.get("/campaigns/{id}") { _, context in
            let campaign = try await scopedCampaign(context, .makeCalls)
            return try JSONResponse.make(try await dto(campaign))
        }
        api.get("/campaigns/{id}/calls") { _, context in
            let campaign = try await scopedCampaign(context, .makeCalls)
            // Volunteers see their own list; agents and coordinators see everyone's.
            let mine = Permissions.can(context.actor, .manageRegister) ? nil : context.actor.accountId
            return try JSONResponse.make(ItemList(items: try await store.register.calls(campaignId: campaign.id, callerId: mine).map(CallDTO.init)))
        }
        api.post("/campaigns/{id}/calls/{callId}") { request, context in
            let campaign = try await scopedCampaign(context, .makeCalls)
            let input = try await request.decodeJSON(CallRequest.self, context: context)
            guard let callId = context.parameters.get("callId", as: UUID.self) else { throw AutourError.notFound }
            let outcome = try Self.callOutcome(input.outcome)
            _ = try await store.register.recordCall(
                callId, campaignId: campaign.id, outcome: outcome, note: input.note ?? "",
                actor: context.actor)
            let item = try await store.register.calls(campaignId: campaign.id).first { $0.call.id == callId }!
            return try JSONResponse.make(CallDTO(item))
        }
        api.post("/campaigns/{id}/close") { _, context in
            let campaign = try await scopedCampaign(context, .runCampaigns)
            return try JSONResponse.make(try await dto(try await store.register.closeCampaign(campaign.id, actor: context.actor)))
        }
        api.post("/check-ins") { request, context in
            try context.require(.manageRegister)
            let input = try await request.decodeJSON(CheckInRequest.self, context: context)
            let plan = try await store.checkIns.plan(
                personId: input.personId, frequencyDays: input.frequencyDays,
                callerId: input.callerId, actor: context.actor)
            return try JSONResponse.make(CheckInDTO(plan), status: .created)
        }
        api.post("/check-ins/{id}/record") { request, context in
            try context.require(.makeCalls)
            let input = try await request.decodeJSON(CheckInRecord.self, context: context)
            guard let id = context.parameters.get("id", as: UUID.self) else { throw AutourError.notFound }
            guard let outcome = CheckInOutcome(rawValue: input.outcome) else {
                throw AutourError.invalid("Résultat inconnu.", fields: ["outcome": "fine, worrying ou unreachable."])
            }
            return try JSONResponse.make(
                CheckInDTO(
                    try await store.checkIns.record(
                        planId: id, outcome: outcome, note: input.note ?? "",
                        actor: context.actor)))
        }
        api.get("/radar/indicators") { _, context in
            try context.require(.viewIndicators)
            let indicators = try await indicators(territoryId: context.actor.territoryId)
            return try JSONResponse.make(
                IndicatorsDTO(
                    weeks: indicators.weeks.map { week in
                        .init(
                            start: week.start, total: SmallCount.text(week.total),
                            byKind: Dictionary(uniqueKeysWithValues: SignalKind.allCases.map { ($0.rawValue, SmallCount.text(week.byKind[$0] ?? 0)) }))
                    },
                    byNeighbourhood: indicators.byNeighbourhood.map { .init(neighbourhood: $0.name, count: SmallCount.text($0.count)) },
                    firstContactMedianHours: indicators.contacted < SmallCount.threshold ? nil : indicators.firstContactMedianHours,
                    firstContactP90Hours: indicators.contacted < SmallCount.threshold ? nil : indicators.firstContactP90Hours,
                    outcomes: Dictionary(uniqueKeysWithValues: SignalOutcome.allCases.map { ($0.rawValue, SmallCount.text(indicators.outcomes[$0] ?? 0)) })))
        }
    }

    // MARK: Shared with the pages

    func indicators(territoryId: UUID) async throws -> RadarIndicators {
        let now = clock.now()
        let signals = try await store.signals.countable(territoryId: territoryId, since: now.addingTimeInterval(-13 * 7 * 86400))
        return RadarIndicators.compute(signals, now: now)
    }

    func scopedCampaign(_ context: SignedInContext, _ action: Action) async throws -> Campaign {
        try context.require(action)
        guard let id = context.parameters.get("id", as: UUID.self),
            let campaign = try await store.register.campaign(id: id, territoryId: context.actor.territoryId)
        else { throw AutourError.notFound }
        return campaign
    }

    func dto(_ campaign: Campaign) async throws -> CampaignDTO {
        let progress = try await store.register.progress(campaignId: campaign.id)
        return CampaignDTO(
            id: campaign.id, kind: campaign.kind.rawValue, startedAt: campaign.startedAt, closedAt: campaign.closedAt,
            progress: progress, complete: progress.isComplete)
    }

    static func callOutcome(_ text: String) throws(AutourError) -> CallOutcome {
        guard let outcome = CallOutcome(rawValue: text) else {
            throw .invalid("Résultat d'appel inconnu.", fields: ["outcome": "fine, visit_needed, unreachable ou visited."])
        }
        return outcome
    }

    /// The consent recorded with a registration, when the person has none yet.
    static func consent(method: String?, givenBy: String?) throws(AutourError) -> (ConsentMethod, ConsentGiver)? {
        guard let method, !method.isEmpty else { return nil }
        let (_, parsedMethod, giver) = try ConsentRules.parse(
            purpose: ConsentPurpose.heatwaveRegister.rawValue, method: method,
            givenBy: givenBy?.nilIfEmpty)
        return (parsedMethod, giver)
    }

    static func csv(_ text: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"registre.csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
