import AutourCore
import FluentKit
import Foundation

/// A registered person with what a caller needs to reach them.
public struct RegisteredPerson: Sendable {
    public let entry: RegisterEntry
    public let person: Person
    /// When the register consent lapses; nil when it has lapsed already.
    public let consentExpiry: Date?
}

/// One line of a caller's list.
public struct CallListItem: Sendable {
    public let call: CampaignCall
    public let person: Person
    public let entry: RegisterEntry?
}

/// The heatwave and cold-wave register and its calling campaigns.
public struct RegisterRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    static let recordType = "register"

    // MARK: Register

    /// Registers the person. The register consent is needed: pass `consent` to record it now
    /// (method and who gave it) when the person has no valid one.
    public func register(
        personId: UUID, _ input: RegisterInput, consent: (ConsentMethod, ConsentGiver)?,
        actor: Actor
    ) async throws -> RegisterEntry {
        let valid = try RegisterRules.validate(input)
        let now = clock.now()
        return try await database.write { tx in
            guard
                let person = try await PersonModel.query(on: tx).filter(\.$id == personId)
                    .filter(\.$territoryId == actor.territoryId).first(), person.mergedInto == nil
            else { throw AutourError.notFound }
            guard person.erasedAt == nil else { throw AutourError.conflict("Cette personne a été anonymisée.") }
            guard try await RegisterEntryModel.query(on: tx).filter(\.$personId == personId).first() == nil else {
                throw AutourError.conflict("Cette personne est déjà inscrite au registre.")
            }
            let consents = try await ConsentModel.query(on: tx).filter(\.$personId == personId).all().map(\.core)
            if !ConsentRules.allows(consents, .heatwaveRegister, now: now) {
                guard let (method, givenBy) = consent else {
                    throw AutourError.invalid(
                        "L'inscription demande le consentement de la personne.",
                        fields: ["consentMethod": "Indiquez comment le consentement a été recueilli."])
                }
                let model = ConsentModel()
                model.personId = personId
                model.purpose = ConsentPurpose.heatwaveRegister.rawValue
                model.method = method.rawValue
                model.givenBy = givenBy.rawValue
                model.givenAt = now
                model.recordedBy = actor.accountId
                try await model.create(on: tx)
            }
            let entry = RegisterEntryModel()
            entry.territoryId = actor.territoryId
            entry.personId = personId
            entry.requestedBy = valid.requestedBy.rawValue
            entry.reasons = valid.reasons.map(\.rawValue).sorted().joined(separator: ",")
            entry.contacts = valid.contacts
            entry.emergencyName = valid.emergencyName
            entry.emergencyPhone = valid.emergencyPhone
            entry.registeredAt = now
            try await entry.create(on: tx)
            try await PeopleRepository(database: database, clock: clock).trace(.update, person: personId.uuidString, by: actor, at: now, on: tx)
            return entry.core
        }
    }

    /// Takes the person off the register, at their request.
    public func unregister(personId: UUID, actor: Actor) async throws {
        let now = clock.now()
        try await database.write { tx in
            guard
                let entry = try await RegisterEntryModel.query(on: tx).filter(\.$personId == personId)
                    .filter(\.$territoryId == actor.territoryId).first()
            else { throw AutourError.notFound }
            try await entry.delete(on: tx)
            try await PeopleRepository(database: database, clock: clock).trace(.update, person: personId.uuidString, by: actor, at: now, on: tx)
        }
    }

    public func entry(personId: UUID) async throws -> RegisterEntry? {
        try await RegisterEntryModel.query(on: database.db).filter(\.$personId == personId).first()?.core
    }

    /// Everyone on the register, by name, with when their consent lapses.
    public func entries(territoryId: UUID) async throws -> [RegisteredPerson] {
        let now = clock.now()
        let entries = try await RegisterEntryModel.query(on: database.db).filter(\.$territoryId == territoryId).all()
        let ids = entries.map(\.personId)
        let persons = Dictionary(
            uniqueKeysWithValues: try await PersonModel.query(on: database.db).filter(\.$id ~~ ids)
                .filter(\.$erasedAt == nil).filter(\.$mergedInto == nil).all().map { ($0.id!, $0.core) })
        let consents = Dictionary(
            grouping: try await ConsentModel.query(on: database.db).filter(\.$personId ~~ ids)
                .filter(\.$purpose == ConsentPurpose.heatwaveRegister.rawValue).all().map(\.core), by: \.personId)
        return entries.compactMap { entry in
            persons[entry.personId].map {
                RegisteredPerson(
                    entry: entry.core, person: $0,
                    consentExpiry: RegisterRules.consentExpiry(consents[entry.personId] ?? [], now: now))
            }
        }.sorted { ($0.person.lastName, $0.person.firstName) < ($1.person.lastName, $1.person.firstName) }
    }

    /// The register as the prefecture asks for it, in CSV; the export itself is audited.
    public func exportCSV(actor: Actor) async throws -> String {
        let now = clock.now()
        try await database.write { tx in
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: actor.territoryId, actorId: actor.accountId,
                action: .export, recordType: Self.recordType, recordId: actor.territoryId.uuidString)
        }
        var lines = [
            CSVExport.line([
                "Nom", "Prénom", "Date de naissance", "Adresse", "Quartier", "Téléphone", "Motifs",
                "Personne à prévenir", "Téléphone à prévenir", "Contacts habituels", "Inscription", "Consentement valable jusqu'au",
            ])
        ]
        // Only people whose register consent holds today: a lapsed or withdrawn consent keeps a
        // person off what leaves the CCAS.
        for item in try await entries(territoryId: actor.territoryId) {
            guard let expiry = item.consentExpiry else { continue }
            let p = item.person, e = item.entry
            lines.append(
                CSVExport.line([
                    p.lastName, p.firstName, p.birthDate ?? "", p.address ?? "", p.neighbourhood ?? "", p.phone ?? "",
                    e.reasons.map(\.label).sorted().joined(separator: ", "), e.emergencyName, e.emergencyPhone, e.contacts,
                    CSVExport.day(e.registeredAt), CSVExport.day(expiry),
                ]))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    // MARK: Campaigns

    /// Who may be given calls: active agents and coordinators, and volunteers whose training the
    /// coordinator recorded.
    public func eligibleCallers(territoryId: UUID) async throws -> [Account] {
        let accounts = try await AccountModel.query(on: database.db).filter(\.$territoryId == territoryId).filter(\.$active == true)
            .sort(\.$name).all().map(\.core)
        let trained = Set(
            try await WatcherProfileModel.query(on: database.db).filter(\.$trainedOn != nil)
                .filter(\.$accountId ~~ accounts.map(\.id)).all(\.$accountId))
        return accounts.filter { $0.roles.contains(.agent) || ($0.roles.contains(.volunteer) && trained.contains($0.id)) }
    }

    /// Starts a campaign: everyone on the register whose consent holds is split among the callers
    /// (all eligible callers when none are chosen). Only one campaign runs at a time.
    public func startCampaign(kind: CampaignKind, callerIds: [UUID]?, actor: Actor) async throws -> Campaign {
        let now = clock.now()
        let eligible = try await eligibleCallers(territoryId: actor.territoryId)
        let callers: [UUID]
        if let callerIds, !callerIds.isEmpty {
            let known = Set(eligible.map(\.id))
            guard callerIds.allSatisfy(known.contains) else {
                throw AutourError.invalid(
                    "Certains appelants ne peuvent pas recevoir d'appels.",
                    fields: ["callerIds": "Agents actifs ou bénévoles formés uniquement."])
            }
            var seen = Set<UUID>()
            callers = callerIds.filter { seen.insert($0).inserted }
        } else {
            callers = eligible.map(\.id)
        }
        guard !callers.isEmpty else {
            throw AutourError.invalid("Aucun appelant disponible.", fields: ["callerIds": "Choisissez au moins un appelant."])
        }
        let people = try await entries(territoryId: actor.territoryId).filter { $0.consentExpiry != nil }
        return try await database.write { tx in
            guard try await CampaignModel.query(on: tx).filter(\.$territoryId == actor.territoryId).filter(\.$closedAt == nil).first() == nil else {
                throw AutourError.conflict("Une campagne est déjà en cours : clôturez-la d'abord.")
            }
            let campaign = CampaignModel()
            campaign.territoryId = actor.territoryId
            campaign.kind = kind.rawValue
            campaign.startedAt = now
            campaign.startedBy = actor.accountId
            try await campaign.create(on: tx)
            let shares = CampaignRules.split(
                people, sortKey: { [$0.person.neighbourhood ?? "~", $0.person.address ?? "", $0.person.lastName].joined(separator: "|") },
                among: callers)
            let calls = shares.map { item, caller in
                let call = CampaignCallModel()
                call.campaignId = campaign.id!
                call.personId = item.person.id
                call.callerId = caller
                call.status = CallStatus.toCall.rawValue
                call.attempts = 0
                call.unreachableCount = 0
                call.note = ""
                return call
            }
            if !calls.isEmpty { try await calls.create(on: tx) }
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: actor.territoryId, actorId: actor.accountId,
                action: .create, recordType: "campaign", recordId: campaign.id!.uuidString)
            return campaign.core
        }
    }

    public func campaign(id: UUID, territoryId: UUID) async throws -> Campaign? {
        try await CampaignModel.query(on: database.db).filter(\.$id == id).filter(\.$territoryId == territoryId).first()?.core
    }

    public func campaigns(territoryId: UUID) async throws -> [Campaign] {
        try await CampaignModel.query(on: database.db).filter(\.$territoryId == territoryId).sort(\.$startedAt, .descending).all().map(\.core)
    }

    /// The calls of a campaign, or of one caller, in the order they were split.
    public func calls(campaignId: UUID, callerId: UUID? = nil) async throws -> [CallListItem] {
        var query = CampaignCallModel.query(on: try database.db).filter(\.$campaignId == campaignId)
        if let callerId { query = query.filter(\.$callerId == callerId) }
        let calls = try await query.all().map(\.core)
        let ids = calls.map(\.personId)
        let persons = Dictionary(uniqueKeysWithValues: try await PersonModel.query(on: database.db).filter(\.$id ~~ ids).all().map { ($0.id!, $0.core) })
        let entries = Dictionary(
            try await RegisterEntryModel.query(on: database.db).filter(\.$personId ~~ ids).all().map { ($0.personId, $0.core) },
            uniquingKeysWith: { first, _ in first })
        return calls.compactMap { call in
            persons[call.personId].map { CallListItem(call: call, person: $0, entry: entries[call.personId]) }
        }.sorted {
            ($0.person.neighbourhood ?? "~", $0.person.address ?? "", $0.person.lastName)
                < ($1.person.neighbourhood ?? "~", $1.person.address ?? "", $1.person.lastName)
        }
    }

    public func progress(campaignId: UUID) async throws -> CampaignProgress {
        CampaignProgress(try await CampaignCallModel.query(on: database.db).filter(\.$campaignId == campaignId).all().map(\.core))
    }

    /// Records a call (or the visit that followed). Callers record their own calls; agents and
    /// coordinators may record anyone's, to take over a list.
    public func recordCall(_ callId: UUID, campaignId: UUID, outcome: CallOutcome, note: String, actor: Actor) async throws -> CampaignCall {
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= 500 else { throw AutourError.invalid("Note trop longue.", fields: ["note": "500 caractères au plus."]) }
        let now = clock.now()
        return try await database.write { tx in
            // The campaign first, then the call: the order closeCampaign takes too, so they cannot deadlock.
            try await database.lockRow(CampaignModel.schema, id: campaignId, on: tx)
            try await database.lockRow(CampaignCallModel.schema, id: callId, on: tx)
            guard
                let campaign = try await CampaignModel.query(on: tx).filter(\.$id == campaignId)
                    .filter(\.$territoryId == actor.territoryId).first(),
                let call = try await CampaignCallModel.query(on: tx).filter(\.$id == callId).filter(\.$campaignId == campaignId).first(),
                Permissions.mayRecordCall(actor, callerId: call.callerId)
            else { throw AutourError.notFound }
            guard campaign.closedAt == nil else { throw AutourError.conflict("Cette campagne est close.") }
            let status = try CampaignRules.next(from: CallStatus(rawValue: call.status) ?? .toCall, after: outcome)
            call.status = status.rawValue
            if outcome != .visited { call.attempts += 1 }
            if outcome == .unreachable { call.unreachableCount += 1 }
            call.lastCalledAt = now
            if !text.isEmpty { call.note = text }
            try await call.save(on: tx)
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: actor.territoryId, actorId: actor.accountId,
                action: .update, recordType: "campaign_call", recordId: callId.uuidString)
            return call.core
        }
    }

    public func closeCampaign(_ id: UUID, actor: Actor) async throws -> Campaign {
        let now = clock.now()
        return try await database.write { tx in
            try await database.lockRow(CampaignModel.schema, id: id, on: tx)
            guard
                let campaign = try await CampaignModel.query(on: tx).filter(\.$id == id)
                    .filter(\.$territoryId == actor.territoryId).first()
            else { throw AutourError.notFound }
            guard campaign.closedAt == nil else { throw AutourError.conflict("Cette campagne est déjà close.") }
            campaign.closedAt = now
            try await campaign.save(on: tx)
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: actor.territoryId, actorId: actor.accountId,
                action: .update, recordType: "campaign", recordId: id.uuidString)
            return campaign.core
        }
    }
}
