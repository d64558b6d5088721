import AutourAPI
import AutourCore
import AutourStore
import Foundation

/// Radar signals in the JSON API, through `RadarService` as the pages: a sender (watcher,
/// partner) only ever learns `received`, `taken_up` or `closed`.
extension APIHandlers {
    var radar: RadarService { store.radarService }

    func sendSignal(_ input: Operations.SendSignal.Input) async throws -> Operations.SendSignal.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        let signal = try await radar.send(SignalInput(body), territory: context.territory, actor: context.actor)
        return .created(.init(body: .json(try .init(signal, now: clock.now()))))
    }

    func listSignals(_ input: Operations.ListSignals.Input) async throws -> Operations.ListSignals.Output {
        let context = try caller
        let status = input.query.status
        if Permissions.can(context.actor, .triageSignals) {
            var filter = SignalFilter(statuses: Set(SignalStatus.allCases))
            if let status {
                guard let parsed = SignalStatus(rawValue: status) else {
                    throw AutourError.invalid("Statut inconnu.", fields: ["status": "new, assigned, qualified ou closed."])
                }
                filter.statuses = [parsed]
            }
            let now = clock.now()
            let queue = try await store.signals.queue(territoryId: context.actor.territoryId, filter: filter)
            return .ok(.init(body: .json(.init(items: try queue.map { .init(value1: try .init($0, now: now)) }))))
        }
        try context.require(.readOwnSignalStatus)
        var sent = try await store.signals.sent(by: context.actor)
        if let status {
            guard let parsed = SenderStatus(rawValue: status) else {
                throw AutourError.invalid("Statut inconnu.", fields: ["status": "received, taken_up ou closed."])
            }
            sent = sent.filter { $0.status.senderStatus == parsed }
        }
        return .ok(.init(body: .json(.init(items: try sent.map { .init(value2: try .init($0)) }))))
    }

    func getSignal(_ input: Operations.GetSignal.Input) async throws -> Operations.GetSignal.Output {
        let (signal, triage) = try await radar.signal(id: try APIValue.pathID(input.path.id), by: try caller.actor)
        guard triage else { return .ok(.init(body: .json(.init(value2: try .init(signal))))) }
        let detail = Components.Schemas.SignalDetail(
            value1: try .init(signal, now: clock.now()),
            value2: .init(
                outreach: try await store.signals.outreach(signalId: signal.id).map(Components.Schemas.Outreach.init),
                likelyDuplicates: try await store.signals.likelyDuplicates(of: signal).map(\.id.uuidString)))
        return .ok(.init(body: .json(.init(value1: detail))))
    }

    func qualifySignal(_ input: Operations.QualifySignal.Input) async throws -> Operations.QualifySignal.Output {
        let context = try caller
        let signal = try await radar.signalForTriage(id: try APIValue.pathID(input.path.id), by: context.actor, reading: false)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let updated: Signal
        if let personId = try APIValue.uuid(body.personId, field: "personId") {
            updated = try await store.signals.qualify(signal.id, personId: personId, actor: context.actor)
        } else {
            let person = PersonInput(
                firstName: body.firstName ?? "", lastName: body.lastName ?? "", birthDate: body.birthDate,
                address: body.address ?? signal.address, neighbourhood: body.neighbourhood ?? signal.neighbourhood, phone: body.phone)
            let valid = try PersonRules.validate(person, territory: context.territory, today: clock.now())
            updated = try await store.signals.qualify(signal.id, newPerson: valid, actor: context.actor)
        }
        return .ok(.init(body: .json(try .init(updated, now: clock.now()))))
    }

    func assignSignal(_ input: Operations.AssignSignal.Input) async throws -> Operations.AssignSignal.Output {
        let context = try caller
        let signal = try await radar.signalForTriage(id: try APIValue.pathID(input.path.id), by: context.actor, reading: false)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let updated = try await store.signals.assign(signal.id, to: try APIValue.uuid(body.agentId, field: "agentId"), actor: context.actor)
        return .ok(.init(body: .json(try .init(updated, now: clock.now()))))
    }

    func addOutreach(_ input: Operations.AddOutreach.Input) async throws -> Operations.AddOutreach.Output {
        let context = try caller
        let signal = try await radar.signalForTriage(id: try APIValue.pathID(input.path.id), by: context.actor, reading: false)
        let body =
            switch input.body {
            case .json(let body): body
            }
        guard let kind = OutreachKind(rawValue: body.kind.rawValue) else {
            throw AutourError.invalid("Type de contact inconnu.", fields: ["kind": "call, visit ou message."])
        }
        let outreach = try await store.signals.addOutreach(signal.id, kind: kind, plannedFor: body.plannedFor, note: body.note ?? "", actor: context.actor)
        return .created(.init(body: .json(.init(outreach))))
    }

    func closeSignal(_ input: Operations.CloseSignal.Input) async throws -> Operations.CloseSignal.Output {
        let context = try caller
        let signal = try await radar.signalForTriage(id: try APIValue.pathID(input.path.id), by: context.actor, reading: false)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let updated = try await radar.close(
            signal, outcome: body.outcome.rawValue, duplicateOf: try APIValue.uuid(body.duplicateOf, field: "duplicateOf"), actor: context.actor)
        return .ok(.init(body: .json(try .init(updated, now: clock.now()))))
    }

    func getCharter(_ input: Operations.GetCharter.Input) async throws -> Operations.GetCharter.Output {
        let context = try caller
        try context.require(.sendSignal)
        let charter = try await store.watchers.currentCharter(territoryId: context.actor.territoryId)
        let profile = try await store.watchers.profile(accountId: context.actor.accountId)
        return .ok(
            .init(
                body: .json(
                    .init(
                        acceptedVersion: profile?.charterVersion,
                        mustAccept: WatcherRules.mustAcceptCharter(profile, current: charter) && context.actor.has(.watcher), text: charter?.text,
                        version: charter?.version))))
    }

    func acceptCharter(_ input: Operations.AcceptCharter.Input) async throws -> Operations.AcceptCharter.Output {
        let context = try caller
        try context.require(.sendSignal)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let profile = try await store.watchers.acceptCharter(version: body.version, actor: context.actor)
        let charter = try await store.watchers.currentCharter(territoryId: context.actor.territoryId)
        return .ok(.init(body: .json(.init(acceptedVersion: profile.charterVersion, mustAccept: false, text: charter?.text, version: charter?.version))))
    }
}

extension SignalInput {
    init(_ body: Components.Schemas.SignalInput) {
        self.init(
            kind: body.kind.rawValue, urgency: body.urgency.rawValue, personName: body.personName, personDescription: body.personDescription,
            address: body.address, neighbourhood: body.neighbourhood, details: body.details, consentToContact: body.consentToContact.rawValue,
            dischargeDate: body.dischargeDate)
    }
}

extension Components.Schemas.Signal {
    init(_ s: Signal, now: Date) throws {
        self.init(
            address: s.address, assignedTo: s.assignedTo?.uuidString, closedAt: s.closedAt,
            consentToContact: try APIValue.contract(s.consentToContact.rawValue),
            createdAt: s.createdAt, deadline: SignalRules.deadline(of: s), details: s.details, dischargeDate: s.dischargeDate,
            duplicateOf: s.duplicateOf?.uuidString, firstContactAt: s.firstContactAt, id: s.id.uuidString, kind: try APIValue.contract(s.kind.rawValue),
            neighbourhood: s.neighbourhood, outcome: s.outcome?.rawValue, overdue: SignalRules.isOverdue(s, now: now),
            personDescription: s.personDescription, personId: s.personId?.uuidString, personName: s.personName,
            source: try APIValue.contract(s.source.rawValue), status: try APIValue.contract(s.status.rawValue),
            urgency: try APIValue.contract(s.urgency.rawValue))
    }
}

extension Components.Schemas.SignalStatusOnly {
    /// All a sender may know of their signal.
    init(_ s: Signal) throws {
        self.init(createdAt: s.createdAt, id: s.id.uuidString, kind: s.kind.rawValue, status: try APIValue.contract(s.status.senderStatus.rawValue))
    }
}

extension Components.Schemas.Outreach {
    init(_ o: Outreach) {
        self.init(authorId: o.authorId.uuidString, doneAt: o.doneAt, id: o.id.uuidString, kind: o.kind.rawValue, note: o.note, plannedFor: o.plannedFor)
    }
}
