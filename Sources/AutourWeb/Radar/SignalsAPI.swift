import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// Radar signals in the JSON API, and the rules the pages share with it: who may send, who sees
/// what. A sender (watcher, partner) only ever learns `received`, `taken_up` or `closed`.
struct SignalsAPI {
    let store: Store
    let clock: WallClock

    struct SignalDTO: Encodable {
        let id: UUID
        let kind: String
        let urgency: String
        let personName: String?
        let personDescription: String?
        let address: String?
        let neighbourhood: String?
        let details: String?
        let consentToContact: String
        let dischargeDate: String?
        let status: String
        let outcome: String?
        let personId: UUID?
        let assignedTo: UUID?
        let source: String
        let createdAt: Date
        let deadline: Date
        let overdue: Bool
        let firstContactAt: Date?
        let closedAt: Date?
        let duplicateOf: UUID?

        init(_ s: Signal, now: Date) {
            id = s.id
            kind = s.kind.rawValue
            urgency = s.urgency.rawValue
            personName = s.personName
            personDescription = s.personDescription
            address = s.address
            neighbourhood = s.neighbourhood
            details = s.details
            consentToContact = s.consentToContact.rawValue
            dischargeDate = s.dischargeDate
            status = s.status.rawValue
            outcome = s.outcome?.rawValue
            personId = s.personId
            assignedTo = s.assignedTo
            source = s.source.rawValue
            createdAt = s.createdAt
            deadline = SignalRules.deadline(of: s)
            overdue = SignalRules.isOverdue(s, now: now)
            firstContactAt = s.firstContactAt
            closedAt = s.closedAt
            duplicateOf = s.duplicateOf
        }
    }

    /// All a sender may know of their signal.
    struct SenderDTO: Encodable {
        let id: UUID
        let kind: String
        let createdAt: Date
        let status: String
        init(_ s: Signal) {
            id = s.id
            kind = s.kind.rawValue
            createdAt = s.createdAt
            status = s.status.senderStatus.rawValue
        }
    }

    struct OutreachDTO: Encodable {
        let id: UUID
        let kind: String
        let plannedFor: Date?
        let doneAt: Date?
        let note: String
        let authorId: UUID
        init(_ o: Outreach) {
            (id, kind, plannedFor, doneAt, note, authorId) = (o.id, o.kind.rawValue, o.plannedFor, o.doneAt, o.note, o.authorId)
        }
    }

    struct DetailDTO: Encodable {
        let signal: SignalDTO
        let outreach: [OutreachDTO]
        let likelyDuplicates: [UUID]

        func encode(to encoder: any Encoder) throws {
            try signal.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(outreach, forKey: .outreach)
            try container.encode(likelyDuplicates, forKey: .likelyDuplicates)
        }
        enum Key: String, CodingKey { case outreach, likelyDuplicates }
    }

    struct QualifyRequest: Decodable {
        let personId: UUID?
        let firstName: String?
        let lastName: String?
        let birthDate: String?
        let address: String?
        let neighbourhood: String?
        let phone: String?
    }
    struct AssignRequest: Decodable { let agentId: UUID }
    struct CloseRequest: Decodable { let outcome: String; let duplicateOf: UUID? }
    struct OutreachRequest: Decodable { let kind: String; let plannedFor: Date?; let note: String? }
    struct CharterDTO: Encodable { let version: Int?; let text: String?; let acceptedVersion: Int?; let mustAccept: Bool }
    struct AcceptRequest: Decodable { let version: Int }

    func addRoutes(to api: RouterGroup<SignedInContext>) {
        api.post("/signals") { request, context in
            try context.require(.sendSignal)
            let input = try await request.decodeJSON(SignalInput.self, context: context)
            let signal = try await send(input, context: context)
            return try JSONResponse.make(SignalDTO(signal, now: clock.now()), status: .created)
        }
        api.get("/signals") { request, context in
            let status = request.uri.queryParameters["status"].map(String.init)
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
                return try JSONResponse.make(ItemList(items: queue.map { SignalDTO($0, now: now) }))
            }
            try context.require(.readOwnSignalStatus)
            var sent = try await store.signals.sent(by: context.actor)
            if let status {
                guard let parsed = SenderStatus(rawValue: status) else {
                    throw AutourError.invalid("Statut inconnu.", fields: ["status": "received, taken_up ou closed."])
                }
                sent = sent.filter { $0.status.senderStatus == parsed }
            }
            return try JSONResponse.make(ItemList(items: sent.map(SenderDTO.init)))
        }
        api.get("/signals/{id}") { _, context in
            let (signal, triage) = try await load(context)
            guard triage else { return try JSONResponse.make(SenderDTO(signal)) }
            return try JSONResponse.make(try await detail(signal))
        }
        api.post("/signals/{id}/qualify") { request, context in
            let signal = try await loadForTriage(context, reading: false)
            let input = try await request.decodeJSON(QualifyRequest.self, context: context)
            let updated: Signal
            if let personId = input.personId {
                updated = try await store.signals.qualify(signal.id, personId: personId, actor: context.actor)
            } else {
                let territory = context.territory
                let person = PersonInput(
                    firstName: input.firstName ?? "", lastName: input.lastName ?? "", birthDate: input.birthDate,
                    address: input.address ?? signal.address, neighbourhood: input.neighbourhood ?? signal.neighbourhood,
                    phone: input.phone)
                let valid = try PersonRules.validate(person, territory: territory, today: clock.now())
                updated = try await store.signals.qualify(signal.id, newPerson: valid, actor: context.actor)
            }
            return try JSONResponse.make(SignalDTO(updated, now: clock.now()))
        }
        api.post("/signals/{id}/assign") { request, context in
            let signal = try await loadForTriage(context, reading: false)
            let input = try await request.decodeJSON(AssignRequest.self, context: context)
            let updated = try await store.signals.assign(signal.id, to: input.agentId, actor: context.actor)
            return try JSONResponse.make(SignalDTO(updated, now: clock.now()))
        }
        api.post("/signals/{id}/outreach") { request, context in
            let signal = try await loadForTriage(context, reading: false)
            let input = try await request.decodeJSON(OutreachRequest.self, context: context)
            guard let kind = OutreachKind(rawValue: input.kind) else {
                throw AutourError.invalid("Type de contact inconnu.", fields: ["kind": "call, visit ou message."])
            }
            let outreach = try await store.signals.addOutreach(
                signal.id, kind: kind, plannedFor: input.plannedFor, note: input.note ?? "",
                actor: context.actor)
            return try JSONResponse.make(OutreachDTO(outreach), status: .created)
        }
        api.post("/signals/{id}/close") { request, context in
            let signal = try await loadForTriage(context, reading: false)
            let input = try await request.decodeJSON(CloseRequest.self, context: context)
            let updated = try await close(signal, outcome: input.outcome, duplicateOf: input.duplicateOf, actor: context.actor)
            return try JSONResponse.make(SignalDTO(updated, now: clock.now()))
        }
        api.get("/radar/charter") { _, context in
            try context.require(.sendSignal)
            let charter = try await store.watchers.currentCharter(territoryId: context.actor.territoryId)
            let profile = try await store.watchers.profile(accountId: context.actor.accountId)
            return try JSONResponse.make(
                CharterDTO(
                    version: charter?.version, text: charter?.text, acceptedVersion: profile?.charterVersion,
                    mustAccept: WatcherRules.mustAcceptCharter(profile, current: charter)
                        && context.actor.has(.watcher)))
        }
        api.post("/radar/charter/accept") { request, context in
            try context.require(.sendSignal)
            let input = try await request.decodeJSON(AcceptRequest.self, context: context)
            let profile = try await store.watchers.acceptCharter(version: input.version, actor: context.actor)
            let charter = try await store.watchers.currentCharter(territoryId: context.actor.territoryId)
            return try JSONResponse.make(
                CharterDTO(
                    version: charter?.version, text: charter?.text,
                    acceptedVersion: profile.charterVersion, mustAccept: false))
        }
    }

    // MARK: Shared with the pages

    /// Sends a signal: a watcher must be active and have accepted the charter in force.
    func send(_ input: SignalInput, context: SignedInContext) async throws -> Signal {
        try context.require(.sendSignal)
        let territory = context.territory
        let charter = try await store.watchers.currentCharter(territoryId: territory.id)
        let profile = try await store.watchers.profile(accountId: context.actor.accountId)
        try WatcherRules.checkCanSend(context.actor, profile: profile, current: charter)
        let valid = try SignalRules.validate(input, territory: territory, today: clock.now())
        try SignalRules.checkSender(of: valid.kind, context.actor)
        return try await store.signals.create(valid, actor: context.actor)
    }

    /// The signal in the path and whether the caller works the queue (full view, read audited) or
    /// sent it (status only). Another sender's signal, or another territory's, is a 404.
    func load(_ context: SignedInContext) async throws -> (Signal, triage: Bool) {
        guard Permissions.can(context.actor, .triageSignals) else {
            try context.require(.readOwnSignalStatus)
            guard let id = context.parameters.get("id", as: UUID.self),
                let signal = try await store.signals.find(id: id, territoryId: context.actor.territoryId)
            else { throw AutourError.notFound }
            try context.require(.readOwnSignalStatus, on: signal.scope)
            return (signal, false)
        }
        return (try await loadForTriage(context), true)
    }

    /// The signal in the path for an agent. A read is audited; a change audits itself.
    func loadForTriage(_ context: SignedInContext, reading: Bool = true) async throws -> Signal {
        try context.require(.triageSignals)
        guard let id = context.parameters.get("id", as: UUID.self) else { throw AutourError.notFound }
        let signal =
            reading
            ? try await store.signals.open(id: id, actor: context.actor)
            : try await store.signals.find(id: id, territoryId: context.actor.territoryId)
        guard let signal else { throw AutourError.notFound }
        return signal
    }

    func detail(_ signal: Signal) async throws -> DetailDTO {
        DetailDTO(
            signal: SignalDTO(signal, now: clock.now()),
            outreach: try await store.signals.outreach(signalId: signal.id).map(OutreachDTO.init),
            likelyDuplicates: try await store.signals.likelyDuplicates(of: signal).map(\.id))
    }

    /// Closing with `duplicate` merges the signal into the one it repeats.
    func close(_ signal: Signal, outcome text: String, duplicateOf: UUID?, actor: Actor) async throws -> Signal {
        let outcome = try SignalRules.parseOutcome(text)
        if outcome == .duplicate, let duplicateOf {
            _ = try await store.signals.merge(signal.id, into: duplicateOf, actor: actor)
            return try await store.signals.find(id: signal.id, territoryId: actor.territoryId)!
        }
        return try await store.signals.close(signal.id, outcome: outcome, actor: actor)
    }
}
