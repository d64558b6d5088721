import AutourAPI
import AutourCore
import AutourStore
import Foundation
import OpenAPIRuntime

/// The heatwave/cold register, its calling campaigns, the check-in service and the Radar's
/// indicators in the JSON API.
extension APIHandlers {
    func listRegister(_ input: Operations.ListRegister.Input) async throws -> Operations.ListRegister.Output {
        let context = try caller
        try context.require(.manageRegister)
        let now = clock.now()
        let entries = try await store.register.entries(territoryId: context.actor.territoryId)
        return .ok(.init(body: .json(.init(items: entries.map { .init($0, now: now) }))))
    }

    func registerPerson(_ input: Operations.RegisterPerson.Input) async throws -> Operations.RegisterPerson.Output {
        let context = try caller
        try context.require(.manageRegister)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let consent = try RegisterRules.consent(method: body.consentMethod?.rawValue, givenBy: body.consentGivenBy?.rawValue)
        let entry = try await store.register.register(
            personId: try APIValue.uuid(body.personId, field: "personId"),
            RegisterInput(
                requestedBy: body.requestedBy.rawValue, reasons: body.reasons.map(\.rawValue), contacts: body.contacts, emergencyName: body.emergencyName,
                emergencyPhone: body.emergencyPhone),
            consent: consent, actor: context.actor)
        guard let item = try await store.register.entries(territoryId: context.actor.territoryId).first(where: { $0.entry.id == entry.id }) else {
            throw AutourError.notFound
        }
        return .created(.init(body: .json(.init(item, now: clock.now()))))
    }

    func exportRegister(_ input: Operations.ExportRegister.Input) async throws -> Operations.ExportRegister.Output {
        let context = try caller
        try context.require(.runCampaigns)
        let csv = try await store.register.exportCSV(actor: context.actor)
        return .ok(.init(headers: .init(contentDisposition: CSVResponse.disposition(CSVResponse.registerFilename)), body: .csv(HTTPBody(csv))))
    }

    func startCampaign(_ input: Operations.StartCampaign.Input) async throws -> Operations.StartCampaign.Output {
        let context = try caller
        try context.require(.runCampaigns)
        let body =
            switch input.body {
            case .json(let body): body
            }
        guard let kind = CampaignKind(rawValue: body.kind.rawValue) else {
            throw AutourError.invalid("Type de campagne inconnu.", fields: ["kind": "heatwave ou cold."])
        }
        let callerIds = try body.callerIds.map { try $0.map { try APIValue.uuid($0, field: "callerIds") } }
        let campaign = try await store.register.startCampaign(kind: kind, callerIds: callerIds, actor: context.actor)
        return .created(.init(body: .json(try await campaignBody(campaign))))
    }

    func getCampaign(_ input: Operations.GetCampaign.Input) async throws -> Operations.GetCampaign.Output {
        let campaign = try await radar.campaign(id: try APIValue.pathID(input.path.id), for: .makeCalls, by: try caller.actor)
        return .ok(.init(body: .json(try await campaignBody(campaign))))
    }

    func listCalls(_ input: Operations.ListCalls.Input) async throws -> Operations.ListCalls.Output {
        let context = try caller
        let campaign = try await radar.campaign(id: try APIValue.pathID(input.path.id), for: .makeCalls, by: context.actor)
        // Volunteers see their own list; agents and coordinators see everyone's.
        let mine = Permissions.can(context.actor, .manageRegister) ? nil : context.actor.accountId
        let calls = try await store.register.calls(campaignId: campaign.id, callerId: mine)
        return .ok(.init(body: .json(.init(items: try calls.map(Components.Schemas.Call.init)))))
    }

    func recordCall(_ input: Operations.RecordCall.Input) async throws -> Operations.RecordCall.Output {
        let context = try caller
        let campaign = try await radar.campaign(id: try APIValue.pathID(input.path.id), for: .makeCalls, by: context.actor)
        let callId = try APIValue.pathID(input.path.callId)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let outcome = try CampaignRules.callOutcome(body.outcome.rawValue)
        _ = try await store.register.recordCall(callId, campaignId: campaign.id, outcome: outcome, note: body.note ?? "", actor: context.actor)
        guard let item = try await store.register.calls(campaignId: campaign.id).first(where: { $0.call.id == callId }) else {
            throw AutourError.notFound
        }
        return .ok(.init(body: .json(try .init(item))))
    }

    func closeCampaign(_ input: Operations.CloseCampaign.Input) async throws -> Operations.CloseCampaign.Output {
        let context = try caller
        let campaign = try await radar.campaign(id: try APIValue.pathID(input.path.id), for: .runCampaigns, by: context.actor)
        return .ok(.init(body: .json(try await campaignBody(try await store.register.closeCampaign(campaign.id, actor: context.actor)))))
    }

    func planCheckIns(_ input: Operations.PlanCheckIns.Input) async throws -> Operations.PlanCheckIns.Output {
        let context = try caller
        try context.require(.manageRegister)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let plan = try await store.checkIns.plan(
            personId: try APIValue.uuid(body.personId, field: "personId"), frequencyDays: body.frequencyDays,
            callerId: try APIValue.uuid(body.callerId, field: "callerId"), actor: context.actor)
        return .created(.init(body: .json(.init(plan))))
    }

    func recordCheckIn(_ input: Operations.RecordCheckIn.Input) async throws -> Operations.RecordCheckIn.Output {
        let context = try caller
        try context.require(.makeCalls)
        let body =
            switch input.body {
            case .json(let body): body
            }
        guard let outcome = CheckInOutcome(rawValue: body.outcome.rawValue) else {
            throw AutourError.invalid("Résultat inconnu.", fields: ["outcome": "fine, worrying ou unreachable."])
        }
        let plan = try await store.checkIns.record(planId: try APIValue.pathID(input.path.id), outcome: outcome, note: body.note ?? "", actor: context.actor)
        return .ok(.init(body: .json(.init(plan))))
    }

    func radarIndicators(_ input: Operations.RadarIndicators.Input) async throws -> Operations.RadarIndicators.Output {
        let indicators = try await radar.indicators(by: try caller.actor)
        // Counts under five read « < 5 »; durations need five contacts to mean anything.
        let enough = indicators.contacted >= SmallCount.threshold
        return .ok(
            .init(
                body: .json(
                    .init(
                        byNeighbourhood: indicators.byNeighbourhood.map { .init(count: SmallCount.text($0.count), neighbourhood: $0.name) },
                        firstContactMedianHours: enough ? indicators.firstContactMedianHours : nil,
                        firstContactP90Hours: enough ? indicators.firstContactP90Hours : nil,
                        outcomes: .init(
                            additionalProperties: Dictionary(
                                uniqueKeysWithValues: SignalOutcome.allCases.map { ($0.rawValue, SmallCount.text(indicators.outcomes[$0] ?? 0)) })),
                        weeks: indicators.weeks.map { week in
                            .init(
                                byKind: .init(
                                    additionalProperties: Dictionary(
                                        uniqueKeysWithValues: SignalKind.allCases.map { ($0.rawValue, SmallCount.text(week.byKind[$0] ?? 0)) })),
                                start: week.start, total: SmallCount.text(week.total))
                        }))))
    }

    private func campaignBody(_ campaign: Campaign) async throws -> Components.Schemas.Campaign {
        let p = try await store.register.progress(campaignId: campaign.id)
        return .init(
            closedAt: campaign.closedAt, complete: p.isComplete, id: campaign.id.uuidString, kind: campaign.kind.rawValue,
            progress: .init(
                called: p.called, fine: p.fine, remaining: p.remaining, total: p.total, unreachable: p.unreachable, visitNeeded: p.visitNeeded,
                visited: p.visited),
            startedAt: campaign.startedAt)
    }
}

extension Components.Schemas.RegisterEntry {
    init(_ item: RegisteredPerson, now: Date) {
        self.init(
            consentValidUntil: item.consentExpiry, id: item.entry.id.uuidString, name: item.person.displayName,
            needsRenewal: item.consentExpiry.map { $0.timeIntervalSince(now) < RegisterRules.renewalNotice } ?? true,
            neighbourhood: item.person.neighbourhood, personId: item.person.id.uuidString, reasons: item.entry.reasons.map(\.rawValue).sorted(),
            registeredAt: item.entry.registeredAt, requestedBy: item.entry.requestedBy.rawValue)
    }
}

extension Components.Schemas.Call {
    init(_ item: CallListItem) throws {
        self.init(
            address: item.person.address, attempts: item.call.attempts, callerId: item.call.callerId.uuidString,
            emergencyName: item.entry?.emergencyName.nilIfEmpty, emergencyPhone: item.entry?.emergencyPhone.nilIfEmpty, id: item.call.id.uuidString,
            name: item.person.displayName, neighbourhood: item.person.neighbourhood, note: item.call.note, personId: item.person.id.uuidString,
            phone: item.person.phone, status: try APIValue.contract(item.call.status.rawValue))
    }
}

extension Components.Schemas.CheckIn {
    init(_ p: CheckInPlan) {
        self.init(
            callerId: p.callerId.uuidString, frequencyDays: p.frequencyDays, id: p.id.uuidString, lastAt: p.lastAt, lastOutcome: p.lastOutcome?.rawValue,
            nextDueAt: p.nextDueAt, personId: p.personId.uuidString)
    }
}
