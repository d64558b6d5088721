import AutourCore
import FluentKit
import Foundation

/// Which signals the triage queue shows.
public struct SignalFilter: Sendable {
    public var statuses: Set<SignalStatus>
    public var neighbourhood: String?
    public var kind: SignalKind?

    public init(statuses: Set<SignalStatus> = [.new, .assigned, .qualified], neighbourhood: String? = nil, kind: SignalKind? = nil) {
        self.statuses = statuses
        self.neighbourhood = neighbourhood
        self.kind = kind
    }
}

/// Radar signals: intake, the triage queue, qualification, outreach and closing. Every change is
/// audited in its transaction (record type `signal`); linking a signal to a file also appears in
/// the person's trail. Callers check `Permissions` first.
public struct SignalRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    static let recordType = "signal"

    public func create(_ signal: ValidSignal, actor: Actor) async throws -> Signal {
        let source: SignalSource = actor.hasAny([.agent, .coordinator]) ? .agent : actor.has(.partner) ? .partner : .watcher
        let model = SignalModel()
        model.territoryId = actor.territoryId
        model.kind = signal.kind.rawValue
        model.urgency = signal.urgency.rawValue
        model.personName = signal.personName
        model.personDescription = signal.personDescription
        model.address = signal.address
        model.neighbourhood = signal.neighbourhood
        model.details = signal.details
        model.consentToContact = signal.consentToContact.rawValue
        model.dischargeDate = signal.dischargeDate
        model.status = SignalStatus.new.rawValue
        model.createdBy = actor.accountId
        model.source = source.rawValue
        model.createdAt = clock.now()
        model.refreshSearch()
        try await database.write { tx in
            try await model.create(on: tx)
            try await trace(.create, model, by: actor.accountId, at: model.createdAt, on: tx)
        }
        return model.core
    }

    /// Raises a signal on behalf of the check-in service, already linked to the person's file.
    static func raiseFromCheckIn(
        person: PersonModel, kind: SignalKind, details: String, at now: Date, database: AutourDatabase,
        on tx: any Database
    ) async throws {
        let model = SignalModel()
        model.territoryId = person.territoryId
        model.kind = kind.rawValue
        model.urgency = SignalUrgency.urgent.rawValue
        model.personName = "\(person.firstName) \(person.lastName)"
        model.neighbourhood = person.neighbourhood
        model.details = details
        model.consentToContact = ContactConsent.yes.rawValue
        model.status = SignalStatus.qualified.rawValue
        model.personId = person.id
        model.source = SignalSource.checkIn.rawValue
        model.createdAt = now
        model.refreshSearch()
        try await model.create(on: tx)
        try await AuditRepository.append(
            on: tx, database: database, at: now, territoryId: person.territoryId, actorId: nil,
            action: .create, recordType: recordType, recordId: model.id!.uuidString)
    }

    /// The signal, if it belongs to `territoryId`.
    public func find(id: UUID, territoryId: UUID) async throws -> Signal? {
        try await SignalModel.query(on: database.db).filter(\.$id == id).filter(\.$territoryId == territoryId).first()?.core
    }

    /// Opens a signal for triage; the read is audited, as for a person's file.
    public func open(id: UUID, actor: Actor) async throws -> Signal? {
        guard let signal = try await find(id: id, territoryId: actor.territoryId) else { return nil }
        try await AuditRepository(database: database, clock: clock).recordRead(
            actor: actor, recordType: Self.recordType,
            recordId: id.uuidString)
        return signal
    }

    /// The triage queue: urgent first, then the oldest.
    public func queue(territoryId: UUID, filter: SignalFilter = .init(), limit: Int = 500) async throws -> [Signal] {
        var query = SignalModel.query(on: try database.db).filter(\.$territoryId == territoryId)
            .filter(\.$status ~~ filter.statuses.map(\.rawValue))
        if let neighbourhood = filter.neighbourhood { query = query.filter(\.$neighbourhood == neighbourhood) }
        if let kind = filter.kind { query = query.filter(\.$kind == kind.rawValue) }
        let signals = try await query.sort(\.$createdAt, .descending).limit(limit).all().map(\.core)
        return signals.sorted(by: SignalRules.queueOrder)
    }

    /// What a watcher or partner sent, newest first.
    public func sent(by actor: Actor, limit: Int = 200) async throws -> [Signal] {
        try await SignalModel.query(on: database.db).filter(\.$territoryId == actor.territoryId)
            .filter(\.$createdBy == actor.accountId).sort(\.$createdAt, .descending).limit(limit).all().map(\.core)
    }

    /// Signals of the territory created since `date` (duplicates, indicators).
    public func created(territoryId: UUID, since date: Date) async throws -> [Signal] {
        try await SignalModel.query(on: database.db).filter(\.$territoryId == territoryId).filter(\.$createdAt >= date)
            .sort(\.$createdAt).all().map(\.core)
    }

    /// The signals indicators count: a signal linked to a file counts only if the person agrees
    /// to statistics today (the `statistics` consent); one never linked to a file is an event
    /// about nobody identified, and counts.
    public func countable(territoryId: UUID, since date: Date) async throws -> [Signal] {
        let signals = try await created(territoryId: territoryId, since: date)
        let counted = try await PeopleRepository.countable(Set(signals.compactMap(\.personId)), on: database.db, now: clock.now())
        return signals.filter { $0.personId.map(counted.contains) ?? true }
    }

    /// Signals about the same name or address within 30 days, found through the folded keys' indexes.
    public func likelyDuplicates(of signal: Signal) async throws -> [Signal] {
        let keys = SignalRules.duplicateKeys(name: signal.personName, address: signal.address)
        guard !keys.name.isEmpty || !keys.address.isEmpty else { return [] }
        let window = SignalRules.duplicateWindow
        let around = try await SignalModel.query(on: database.db).filter(\.$territoryId == signal.territoryId)
            .group(.or) { group in
                if !keys.name.isEmpty { group.filter(\.$searchName == keys.name) }
                if !keys.address.isEmpty { group.filter(\.$searchAddress == keys.address) }
            }
            .filter(\.$createdAt >= signal.createdAt.addingTimeInterval(-window))
            .filter(\.$createdAt <= signal.createdAt.addingTimeInterval(window)).limit(200).all().map(\.core)
        return SignalRules.likelyDuplicates(of: signal, among: around)
    }

    /// The signals linked to a person's file, newest first.
    public func signals(personId: UUID) async throws -> [Signal] {
        try await SignalModel.query(on: database.db).filter(\.$personId == personId).sort(\.$createdAt, .descending).all().map(\.core)
    }

    public func outreach(signalId: UUID) async throws -> [Outreach] {
        try await OutreachModel.query(on: database.db).filter(\.$signalId == signalId).all().map(\.core)
            .sorted { ($0.doneAt ?? $0.plannedFor ?? .distantPast) > ($1.doneAt ?? $1.plannedFor ?? .distantPast) }
    }

    // MARK: Triage

    /// Gives the signal to an agent (or a coordinator) of the territory.
    public func assign(_ id: UUID, to agentId: UUID, actor: Actor) async throws -> Signal {
        try await change(id, actor: actor) { model, tx in
            guard
                let agent = try await AccountModel.query(on: tx).filter(\.$id == agentId)
                    .filter(\.$territoryId == actor.territoryId).first()?.core,
                agent.active, agent.roles.contains(.agent) || agent.roles.contains(.coordinator)
            else {
                throw AutourError.invalid("Choisissez un agent actif du territoire.", fields: ["agentId": "Agent inconnu."])
            }
            model.status = try SignalRules.status(after: .assign, from: SignalStatus(rawValue: model.status) ?? .new).rawValue
            model.assignedTo = agentId
        }
    }

    /// Links the signal to an existing file of the territory.
    public func qualify(_ id: UUID, personId: UUID, actor: Actor) async throws -> Signal {
        try await change(id, actor: actor) { model, tx in
            guard
                let person = try await PersonModel.query(on: tx).filter(\.$id == personId)
                    .filter(\.$territoryId == actor.territoryId).first(), person.erasedAt == nil, person.mergedInto == nil
            else {
                throw AutourError.invalid("Fiche introuvable.", fields: ["personId": "Choisissez une fiche existante."])
            }
            try await link(model, to: personId, actor: actor, on: tx)
        }
    }

    /// Creates the person's file from the signal and links it, in one transaction.
    public func qualify(_ id: UUID, newPerson: ValidPerson, actor: Actor) async throws -> Signal {
        try await change(id, actor: actor) { model, tx in
            let person = PersonModel()
            person.territoryId = actor.territoryId
            person.createdAt = clock.now()
            person.apply(newPerson, now: person.createdAt)
            try await person.create(on: tx)
            try await AuditRepository.append(
                on: tx, database: database, at: person.createdAt, territoryId: actor.territoryId,
                actorId: actor.accountId, action: .create, recordType: PeopleRepository.recordType,
                recordId: person.id!.uuidString)
            try await link(model, to: person.id!, actor: actor, on: tx)
        }
    }

    private func link(_ model: SignalModel, to personId: UUID, actor: Actor, on tx: any Database) async throws {
        model.status = try SignalRules.status(after: .qualify, from: SignalStatus(rawValue: model.status) ?? .new).rawValue
        model.personId = personId
        // Whoever qualifies it without an assignee takes it.
        model.assignedTo = model.assignedTo ?? actor.accountId
        try await PeopleRepository(database: database, clock: clock).trace(
            .update, person: personId.uuidString, by: actor,
            at: clock.now(), on: tx)
    }

    /// Plans a contact, or records one made now. The first contact made stops the deadline clock.
    public func addOutreach(_ id: UUID, kind: OutreachKind, plannedFor: Date?, note: String, actor: Actor) async throws -> Outreach {
        let now = clock.now()
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= SignalRules.detailsLimit else {
            throw AutourError.invalid("Note trop longue.", fields: ["note": "\(SignalRules.detailsLimit) caractères au plus."])
        }
        if let plannedFor, plannedFor < now.addingTimeInterval(-3600) {
            throw AutourError.invalid("Date de passage dans le passé.", fields: ["plannedFor": "Choisissez une date à venir."])
        }
        let outreach = OutreachModel()
        outreach.signalId = id
        outreach.kind = kind.rawValue
        outreach.plannedFor = plannedFor
        outreach.doneAt = plannedFor == nil ? now : nil
        outreach.note = text
        outreach.authorId = actor.accountId
        _ = try await change(id, actor: actor) { model, tx in
            _ = try SignalRules.status(after: .contact, from: SignalStatus(rawValue: model.status) ?? .new)
            try SignalRules.checkOutreach(kind, note: text, consentToContact: ContactConsent(rawValue: model.consentToContact) ?? .unknown)
            if plannedFor == nil, model.firstContactAt == nil { model.firstContactAt = now }
            if model.status == SignalStatus.new.rawValue {
                model.status = SignalStatus.assigned.rawValue
                model.assignedTo = actor.accountId
            }
            try await outreach.create(on: tx)
        }
        return outreach.core
    }

    /// Closes the signal with its outcome. `duplicate` needs the signal it repeats (see `merge`).
    public func close(_ id: UUID, outcome: SignalOutcome, actor: Actor) async throws -> Signal {
        guard outcome != .duplicate else {
            throw AutourError.invalid(
                "Indiquez le signalement dont celui-ci est le doublon.",
                fields: ["duplicateOf": "Obligatoire pour un doublon."])
        }
        return try await change(id, actor: actor) { model, _ in
            model.status = try SignalRules.status(after: .close, from: SignalStatus(rawValue: model.status) ?? .new).rawValue
            model.outcome = outcome.rawValue
            model.closedAt = clock.now()
        }
    }

    /// Closes `sourceId` as a duplicate of `targetId`; the target keeps what the source knew
    /// (the person's file, the first contact), so nothing learned is lost.
    public func merge(_ sourceId: UUID, into targetId: UUID, actor: Actor) async throws -> Signal {
        guard sourceId != targetId else {
            throw AutourError.invalid("Un signalement ne peut pas être son propre doublon.", fields: ["duplicateOf": "Autre signalement."])
        }
        let now = clock.now()
        return try await database.write { tx in
            let pair = try await SignalModel.query(on: tx).filter(\.$id ~~ [sourceId, targetId])
                .filter(\.$territoryId == actor.territoryId).all()
            guard let source = pair.first(where: { $0.id == sourceId }) else { throw AutourError.notFound }
            guard let target = pair.first(where: { $0.id == targetId }) else {
                throw AutourError.invalid("Signalement introuvable.", fields: ["duplicateOf": "Signalement inconnu."])
            }
            guard target.status != SignalStatus.closed.rawValue else {
                throw AutourError.conflict("Le signalement conservé est déjà clos.")
            }
            source.status = try SignalRules.status(after: .close, from: SignalStatus(rawValue: source.status) ?? .new).rawValue
            source.outcome = SignalOutcome.duplicate.rawValue
            source.duplicateOf = targetId
            source.closedAt = now
            if target.personId == nil, let personId = source.personId {
                target.personId = personId
                target.status = SignalStatus.qualified.rawValue
            }
            target.assignedTo = target.assignedTo ?? source.assignedTo
            if target.status == SignalStatus.new.rawValue, target.assignedTo != nil { target.status = SignalStatus.assigned.rawValue }
            target.firstContactAt = [target.firstContactAt, source.firstContactAt].compactMap { $0 }.min()
            if target.urgency != source.urgency { target.urgency = SignalUrgency.urgent.rawValue }
            for model in [source, target] {
                try await model.save(on: tx)
                try await trace(.update, model, by: actor.accountId, at: now, on: tx)
            }
            return target.core
        }
    }

    // MARK: Retention

    /// Deletes the signals never linked to a file and created before `cutoff` (the 3-month rule).
    func purgeUnqualified(before cutoff: Date, dryRun: Bool, territoryId: UUID?) async throws -> Int {
        var query = SignalModel.query(on: try database.db).filter(\.$personId == nil).filter(\.$createdAt < cutoff)
        if let territoryId { query = query.filter(\.$territoryId == territoryId) }
        let due = try await query.all()
        if !dryRun, territoryId == nil, !due.isEmpty {
            let now = clock.now()
            try await database.write { tx in
                for model in due {
                    try await model.delete(on: tx)
                    try await AuditRepository.append(
                        on: tx, database: database, at: now, territoryId: model.territoryId, actorId: nil,
                        action: .erase, recordType: Self.recordType, recordId: model.id!.uuidString)
                }
            }
        }
        return due.count
    }

    /// Removes what identifies the person from their signals (erasure and retention of the file).
    static func anonymise(personId: UUID, on tx: any Database) async throws {
        for model in try await SignalModel.query(on: tx).filter(\.$personId == personId).all() {
            model.personName = nil
            model.personDescription = "Personne anonymisée"
            model.address = nil
            model.details = model.details.map { _ in PersonData.erased }
            model.refreshSearch()
            try await model.save(on: tx)
        }
        let signalIds = try await SignalModel.query(on: tx).filter(\.$personId == personId).all(\.$id)
        for outreach in try await OutreachModel.query(on: tx).filter(\.$signalId ~~ signalIds).all() where !outreach.note.isEmpty {
            outreach.note = PersonData.erased
            try await outreach.save(on: tx)
        }
    }

    // MARK: Helpers

    /// Loads the signal of the actor's territory on a transaction, applies `body`, saves and audits.
    private func change(
        _ id: UUID, actor: Actor,
        _ body: @escaping @Sendable (SignalModel, any Database) async throws -> Void
    ) async throws -> Signal {
        let now = clock.now()
        return try await database.write { tx in
            try await database.lockRow(SignalModel.schema, id: id, on: tx)
            guard
                let model = try await SignalModel.query(on: tx).filter(\.$id == id)
                    .filter(\.$territoryId == actor.territoryId).first()
            else { throw AutourError.notFound }
            try await body(model, tx)
            try await model.save(on: tx)
            try await trace(.update, model, by: actor.accountId, at: now, on: tx)
            return model.core
        }
    }

    private func trace(_ action: AuditAction, _ model: SignalModel, by actorId: UUID?, at now: Date, on tx: any Database) async throws {
        try await AuditRepository.append(
            on: tx, database: database, at: now, territoryId: model.territoryId, actorId: actorId,
            action: action, recordType: Self.recordType, recordId: model.id!.uuidString)
    }
}
