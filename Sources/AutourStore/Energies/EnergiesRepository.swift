import AutourCore
import FluentKit
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// The bureau's settings: the weekly rest rule and the monthly goal of useful hours.
public struct EnergySettings: Sendable, Equatable {
    public var restMissionsPerWeek: Int
    public var monthlyGoalMinutes: Int

    public init(restMissionsPerWeek: Int, monthlyGoalMinutes: Int) {
        self.restMissionsPerWeek = restMissionsPerWeek
        self.monthlyGoalMinutes = monthlyGoalMinutes
    }
}

/// Verified hours of a period, by skill and by neighbourhood.
public struct HoursSummary: Sendable {
    public let totalMinutes: Int
    public let bySkill: [(name: String, minutes: Int)]
    public let byNeighbourhood: [(name: String, minutes: Int)]
    public let toVerify: Int
}

/// The Energies module's store: the skills taxonomy, resource persons, needs, proposals, the
/// answers of the resource persons, hours and their verification. Every change is audited.
public struct EnergiesRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock
    /// Each territory's candidate pool as last built, with the change counter and the day it was
    /// built for (see `pool(territoryId:)`).
    private let pools = NIOLockedValueBox([UUID: (version: Int64, day: String, pool: CandidatePool)]())

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    // MARK: Taxonomy and settings

    /// The territory's skills, in order; the default French list the first time.
    public func skills(territoryId: UUID) async throws -> [String] {
        let existing = try await SkillModel.query(on: database.db).filter(\.$territoryId == territoryId).sort(\.$position).all()
        if !existing.isEmpty { return existing.map(\.name) }
        try await database.write { tx in
            guard try await SkillModel.query(on: tx).filter(\.$territoryId == territoryId).count() == 0 else { return }
            for (position, name) in EnergiesRules.defaultSkills.enumerated() {
                let model = SkillModel()
                model.territoryId = territoryId
                model.name = name
                model.position = position
                try await model.create(on: tx)
            }
        }
        return try await SkillModel.query(on: database.db).filter(\.$territoryId == territoryId).sort(\.$position).all().map(\.name)
    }

    public func addSkill(_ name: String, actor: Actor) async throws {
        let text = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 80 else {
            throw AutourError.invalid("Nom de compétence invalide.", fields: ["skill": "De 1 à 80 caractères."])
        }
        let current = try await skills(territoryId: actor.territoryId)
        guard !current.contains(where: { SearchText.fold($0) == SearchText.fold(text) }) else {
            throw AutourError.invalid("Cette compétence existe déjà.", fields: ["skill": "Déjà dans la liste."])
        }
        guard current.count < EnergiesRules.maxSkills else {
            throw AutourError.invalid("Liste complète.", fields: ["skill": "\(EnergiesRules.maxSkills) compétences au plus."])
        }
        try await database.write { tx in
            let model = SkillModel()
            model.territoryId = actor.territoryId
            model.name = text
            model.position = current.count
            try await model.create(on: tx)
            try await trace("energy_skill", text, actor: actor, on: tx)
        }
    }

    public func settings(territoryId: UUID) async throws -> EnergySettings {
        try await settings(territoryId: territoryId, on: database.db)
    }

    func settings(territoryId: UUID, on db: any Database) async throws -> EnergySettings {
        let model = try await EnergySettingsModel.query(on: db).filter(\.$territoryId == territoryId).first()
        return EnergySettings(
            restMissionsPerWeek: model?.restMissionsPerWeek ?? EnergiesRules.defaultRestMissionsPerWeek,
            monthlyGoalMinutes: model?.monthlyGoalMinutes ?? EnergiesRules.defaultMonthlyGoalMinutes)
    }

    public func updateSettings(_ settings: EnergySettings, actor: Actor) async throws {
        guard (1...14).contains(settings.restMissionsPerWeek) else {
            throw AutourError.invalid("Règle de repos invalide.", fields: ["restMissionsPerWeek": "De 1 à 14 missions par semaine."])
        }
        guard (60...1_000_000 * 60).contains(settings.monthlyGoalMinutes) else {
            throw AutourError.invalid("Objectif invalide.", fields: ["monthlyGoalHours": "Au moins une heure."])
        }
        try await database.write { tx in
            let model = try await EnergySettingsModel.query(on: tx).filter(\.$territoryId == actor.territoryId).first() ?? EnergySettingsModel()
            model.territoryId = actor.territoryId
            model.restMissionsPerWeek = settings.restMissionsPerWeek
            model.monthlyGoalMinutes = settings.monthlyGoalMinutes
            try await model.save(on: tx)
            try await trace("energy_settings", actor.territoryId.uuidString, actor: actor, on: tx)
        }
    }

    // MARK: Resource persons

    public func createResource(_ resource: ValidResourcePerson, actor: Actor) async throws -> ResourcePerson {
        let model = ResourcePersonModel()
        model.territoryId = actor.territoryId
        model.paused = false
        model.createdAt = clock.now()
        model.apply(resource)
        try await database.write { tx in
            try await checkAccount(resource.accountId, except: nil, actor: actor, on: tx)
            try await model.create(on: tx)
            try await trace("resource_person", model.id!.uuidString, actor: actor, on: tx)
        }
        return model.core
    }

    public func updateResource(_ id: UUID, with resource: ValidResourcePerson, actor: Actor) async throws -> ResourcePerson {
        try await database.write { tx in
            guard
                let model = try await ResourcePersonModel.query(on: tx).filter(\.$id == id)
                    .filter(\.$territoryId == actor.territoryId).first()
            else { throw AutourError.notFound }
            try await checkAccount(resource.accountId, except: id, actor: actor, on: tx)
            model.apply(resource)
            try await model.save(on: tx)
            try await trace("resource_person", id.uuidString, actor: actor, on: tx)
            return model.core
        }
    }

    /// Adds skills to a resource person's profile inside the caller's transaction (the Learning
    /// interview's accepted suggestions); skills already there stay once.
    static func addSkills(_ names: [String], resourceId: UUID, on tx: any Database) async throws {
        guard let model = try await ResourcePersonModel.query(on: tx).filter(\.$id == resourceId).first() else { throw AutourError.notFound }
        var skills = model.core.skills
        for name in names where !skills.contains(name) { skills.append(name) }
        model.skills = skills.joined(separator: ResourcePersonModel.separator)
        try await model.save(on: tx)
    }

    /// A volunteer pauses (or resumes) their own missions; the coordinator may too.
    public func setPaused(_ paused: Bool, resourceId: UUID, actor: Actor) async throws {
        try await database.write { tx in
            guard
                let model = try await ResourcePersonModel.query(on: tx).filter(\.$id == resourceId)
                    .filter(\.$territoryId == actor.territoryId).first()
            else { throw AutourError.notFound }
            model.paused = paused
            try await model.save(on: tx)
            try await trace("resource_person", resourceId.uuidString, actor: actor, on: tx)
        }
    }

    /// A linked account belongs to the territory and to one resource person only.
    private func checkAccount(_ accountId: UUID?, except id: UUID?, actor: Actor, on tx: any Database) async throws {
        guard let accountId else { return }
        guard try await AccountModel.query(on: tx).filter(\.$id == accountId).filter(\.$territoryId == actor.territoryId).first() != nil else {
            throw AutourError.invalid("Compte inconnu.", fields: ["accountId": "Compte inconnu sur ce territoire."])
        }
        var other = ResourcePersonModel.query(on: tx).filter(\.$accountId == accountId)
        if let id { other = other.filter(\.$id != id) }
        guard try await other.first() == nil else {
            throw AutourError.invalid("Ce compte a déjà une fiche.", fields: ["accountId": "Déjà lié à une autre personne ressource."])
        }
    }

    public func resources(territoryId: UUID) async throws -> [ResourcePerson] {
        try await resources(territoryId: territoryId, on: database.db)
    }

    func resources(territoryId: UUID, on db: any Database) async throws -> [ResourcePerson] {
        try await ResourcePersonModel.query(on: db).filter(\.$territoryId == territoryId).sort(\.$name).all().map(\.core)
    }

    public func resource(id: UUID, territoryId: UUID) async throws -> ResourcePerson? {
        try await ResourcePersonModel.query(on: database.db).filter(\.$id == id).filter(\.$territoryId == territoryId).first()?.core
    }

    /// The resource person of a volunteer's own account.
    public func resource(accountId: UUID) async throws -> ResourcePerson? {
        try await ResourcePersonModel.query(on: database.db).filter(\.$accountId == accountId).first()?.core
    }

    // MARK: Needs

    public func createNeed(_ need: ValidNeed, origin: NeedOrigin, personId: UUID?, signalId: UUID?, actor: Actor) async throws -> Need {
        let model = NeedModel()
        model.territoryId = actor.territoryId
        model.title = need.title
        model.skills = need.skills.joined(separator: ResourcePersonModel.separator)
        model.neighbourhood = need.neighbourhood
        model.weekday = need.weekday
        model.start = need.start
        model.end = need.end
        model.durationMinutes = need.durationMinutes
        model.urgency = need.urgency.rawValue
        model.professionalOnly = need.professionalOnly
        model.status = NeedStatus.open.rawValue
        model.origin = origin.rawValue
        model.personId = personId
        model.signalId = signalId
        model.createdBy = actor.accountId
        model.createdAt = clock.now()
        try await database.write { tx in
            if let personId {
                guard try await PersonModel.query(on: tx).filter(\.$id == personId).filter(\.$territoryId == actor.territoryId).first() != nil else {
                    throw AutourError.invalid("Personne inconnue.", fields: ["personId": "Fiche inconnue sur ce territoire."])
                }
            }
            if let signalId {
                guard try await SignalModel.query(on: tx).filter(\.$id == signalId).filter(\.$territoryId == actor.territoryId).first() != nil else {
                    throw AutourError.invalid("Signalement inconnu.", fields: ["signalId": "Signalement inconnu sur ce territoire."])
                }
            }
            try await model.create(on: tx)
            try await trace("need", model.id!.uuidString, actor: actor, on: tx)
        }
        return model.core
    }

    public func need(id: UUID, territoryId: UUID) async throws -> Need? {
        try await NeedModel.query(on: database.db).filter(\.$id == id).filter(\.$territoryId == territoryId).first()?.core
    }

    public func needs(territoryId: UUID, statuses: Set<NeedStatus> = Set(NeedStatus.allCases), limit: Int = 1000) async throws -> [Need] {
        try await NeedModel.query(on: database.db).filter(\.$territoryId == territoryId).filter(\.$status ~~ statuses.map(\.rawValue))
            .sort(\.$createdAt, .descending).limit(limit).all().map(\.core)
    }

    /// The missions of one resource person, newest first.
    public func missions(resourceId: UUID) async throws -> [Need] {
        try await NeedModel.query(on: database.db).filter(\.$resourcePersonId == resourceId).sort(\.$createdAt, .descending).all().map(\.core)
    }

    /// Needs created (by first skill) and signals (by kind) since `date`: the events the
    /// emerging-needs test counts.
    public func emergingEvents(territoryId: UUID, since date: Date) async throws -> [EmergingNeeds.Event] {
        let needs = try await NeedModel.query(on: database.db).filter(\.$territoryId == territoryId).filter(\.$createdAt >= date).all()
        let signals = try await SignalModel.query(on: database.db).filter(\.$territoryId == territoryId).filter(\.$createdAt >= date).all()
        return needs.map { EmergingNeeds.Event(kind: $0.core.skills.first ?? "Besoin", neighbourhood: $0.neighbourhood, at: $0.createdAt) }
            + signals.map {
                EmergingNeeds.Event(
                    kind: "Signalement : " + (SignalKind(rawValue: $0.kind)?.label ?? $0.kind),
                    neighbourhood: $0.neighbourhood ?? "Quartier non précisé", at: $0.createdAt)
            }
    }

    // MARK: Matching

    /// Everyone's load: minutes of missions accepted or done this month and missions this week;
    /// a proposal waiting for an answer counts already (the person might say yes).
    public func loads(territoryId: UUID) async throws -> [UUID: ResourceLoad] {
        try await loads(territoryId: territoryId, on: database.db)
    }

    func loads(territoryId: UUID, on db: any Database) async throws -> [UUID: ResourceLoad] {
        let now = clock.now()
        let monthStart = Self.monthStart(now), weekStart = RadarIndicators.mondayOf(now)
        let taken = try await NeedModel.query(on: db).filter(\.$territoryId == territoryId).filter(\.$resourcePersonId != nil)
            .filter(\.$status ~~ [NeedStatus.accepted.rawValue, NeedStatus.done.rawValue])
            .filter(\.$acceptedAt >= min(monthStart, weekStart)).all()
        let waiting = try await NeedModel.query(on: db).filter(\.$territoryId == territoryId)
            .filter(\.$status == NeedStatus.proposed.rawValue).all()
        var loads: [UUID: ResourceLoad] = [:]
        for model in taken + waiting {
            guard let resource = model.resourcePersonId else { continue }
            let at = model.acceptedAt ?? now
            if at >= monthStart { loads[resource, default: ResourceLoad()].minutesThisMonth += model.minutes ?? model.durationMinutes }
            if at >= weekStart { loads[resource, default: ResourceLoad()].missionsThisWeek += 1 }
        }
        return loads
    }

    /// The candidate pool of a territory as it stands, kept in memory: it is rebuilt only when
    /// what it is built from has changed since (the counter of migration 0019, moved by trigger
    /// whoever wrote, this server or another) or when the day has (the week's and month's loads).
    /// The counter is read before the build, so a change racing with it makes the next read
    /// rebuild again rather than keep a stale pool.
    public func pool(territoryId: UUID) async throws -> CandidatePool {
        struct Row: Decodable { let version: Int64 }
        let version =
            try await (try database.db as! any SQLDatabase).raw("SELECT version FROM energy_pool_version")
            .first(decoding: Row.self)?.version ?? 0
        let day = Self.day(clock.now())
        if let kept = pools.withLockedValue({ $0[territoryId] }), kept.version == version, kept.day == day { return kept.pool }
        let taxonomy = try await skills(territoryId: territoryId)
        let pool = try await pool(territoryId: territoryId, taxonomy: taxonomy, on: database.db)
        pools.withLockedValue { $0[territoryId] = (version, day, pool) }
        return pool
    }

    static func day(_ date: Date) -> String { String(ISO8601DateFormatter().string(from: date).prefix(10)) }

    func pool(territoryId: UUID, taxonomy: [String], on db: any Database) async throws -> CandidatePool {
        let now = clock.now()
        let helpedRows = try await NeedModel.query(on: db).filter(\.$territoryId == territoryId).filter(\.$personId != nil)
            .filter(\.$status ~~ [NeedStatus.accepted.rawValue, NeedStatus.done.rawValue]).all()
        var helped: [UUID: Set<UUID>] = [:]
        for row in helpedRows { if let p = row.personId, let r = row.resourcePersonId { helped[p, default: []].insert(r) } }
        return CandidatePool(
            taxonomy: taxonomy, resources: try await resources(territoryId: territoryId, on: db),
            load: try await loads(territoryId: territoryId, on: db), helped: helped,
            restMissionsPerWeek: try await settings(territoryId: territoryId, on: db).restMissionsPerWeek,
            today: Self.day(now))
    }

    // MARK: Workflow

    /// The coordinator's decision: the need is proposed to this person if the guardrails allow it.
    /// They are checked inside the transaction that records the proposal, with the person's row
    /// locked, so two coordinators proposing at once cannot both fill the same week.
    public func propose(_ needId: UUID, to resourceId: UUID, actor: Actor) async throws -> Need {
        let taxonomy = try await skills(territoryId: actor.territoryId)
        return try await database.write { tx in
            try await database.lockRow(ResourcePersonModel.schema, id: resourceId, on: tx)
            try await database.lockRow(NeedModel.schema, id: needId, on: tx)
            guard let model = try await NeedModel.query(on: tx).filter(\.$id == needId).filter(\.$territoryId == actor.territoryId).first() else {
                throw AutourError.notFound
            }
            let pool = try await pool(territoryId: actor.territoryId, taxonomy: taxonomy, on: tx)
            guard let index = pool.index(of: resourceId) else {
                throw AutourError.invalid("Personne ressource inconnue.", fields: ["resourcePersonId": "Inconnue sur ce territoire."])
            }
            model.status = try EnergiesRules.status(after: .propose, from: NeedStatus(rawValue: model.status) ?? .open).rawValue
            guard pool.isEligible(index, for: model.core) else {
                throw AutourError.conflict("Cette personne ne peut pas prendre ce besoin (compétences, charge du mois, repos ou pause).")
            }
            model.resourcePersonId = resourceId
            try await model.save(on: tx)
            try await trace("need", needId.uuidString, actor: actor, on: tx)
            return model.core
        }
    }

    /// The resource person's answer: only they (through their account) answer their proposals.
    public func answer(_ needId: UUID, accept: Bool, actor: Actor) async throws -> Need {
        guard let me = try await resource(accountId: actor.accountId) else { throw AutourError.notFound }
        let now = clock.now()
        return try await change(needId, actor: actor, owner: me.id) { model in
            model.status = try EnergiesRules.status(after: accept ? .accept : .decline, from: NeedStatus(rawValue: model.status) ?? .open).rawValue
            if accept { model.acceptedAt = now } else { model.resourcePersonId = nil }
        }
    }

    /// The resource person says the mission is done and how long it took.
    public func declareHours(_ needId: UUID, minutes: Int, actor: Actor) async throws -> Need {
        let minutes = try EnergiesRules.validateMinutes(minutes)
        guard let me = try await resource(accountId: actor.accountId) else { throw AutourError.notFound }
        let now = clock.now()
        return try await change(needId, actor: actor, owner: me.id) { model in
            model.status = try EnergiesRules.status(after: .declareHours, from: NeedStatus(rawValue: model.status) ?? .open).rawValue
            model.minutes = minutes
            model.doneAt = now
            model.hoursStatus = HoursStatus.declared.rawValue
        }
    }

    /// The referent checks the declared hours: from then on they count.
    public func verifyHours(_ needId: UUID, actor: Actor) async throws -> Need {
        try await change(needId, actor: actor) { model in
            _ = try EnergiesRules.status(after: .verifyHours, from: NeedStatus(rawValue: model.status) ?? .open)
            guard model.hoursStatus == HoursStatus.declared.rawValue else { throw AutourError.conflict("Ces heures sont déjà vérifiées.") }
            model.hoursStatus = HoursStatus.verified.rawValue
        }
    }

    public func cancel(_ needId: UUID, actor: Actor) async throws -> Need {
        try await change(needId, actor: actor) { model in
            model.status = try EnergiesRules.status(after: .cancel, from: NeedStatus(rawValue: model.status) ?? .open).rawValue
            model.resourcePersonId = nil
        }
    }

    // MARK: Hours

    /// Verified hours since `from` (this month by default), by skill (the need's first) and neighbourhood.
    public func hours(territoryId: UUID, from: Date? = nil, resourceId: UUID? = nil) async throws -> HoursSummary {
        let since = from ?? Self.monthStart(clock.now())
        var query = NeedModel.query(on: try database.db).filter(\.$territoryId == territoryId).filter(\.$status == NeedStatus.done.rawValue)
            .filter(\.$doneAt >= since)
        if let resourceId { query = query.filter(\.$resourcePersonId == resourceId) }
        let done = try await query.all().map(\.core)
        let verified = done.filter { $0.hoursStatus == .verified }
        func group(_ key: (Need) -> String) -> [(name: String, minutes: Int)] {
            Dictionary(grouping: verified, by: key).map { ($0.key, $0.value.reduce(0) { $0 + ($1.minutes ?? 0) }) }.sorted { $0.minutes > $1.minutes }
        }
        return HoursSummary(
            totalMinutes: verified.reduce(0) { $0 + ($1.minutes ?? 0) }, bySkill: group { $0.skills.first ?? "—" },
            byNeighbourhood: group(\.neighbourhood), toVerify: done.count - verified.count)
    }

    public static func monthStart(_ date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = FrenchTime.zone
        return calendar.dateInterval(of: .month, for: date)!.start
    }

    // MARK: Helpers

    private func change(
        _ needId: UUID, actor: Actor, owner: UUID? = nil,
        _ body: @escaping @Sendable (NeedModel) throws -> Void
    ) async throws -> Need {
        try await database.write { tx in
            try await database.lockRow(NeedModel.schema, id: needId, on: tx)
            guard let model = try await NeedModel.query(on: tx).filter(\.$id == needId).filter(\.$territoryId == actor.territoryId).first(),
                owner == nil || model.resourcePersonId == owner
            else { throw AutourError.notFound }
            try body(model)
            try await model.save(on: tx)
            try await trace("need", needId.uuidString, actor: actor, on: tx)
            return model.core
        }
    }

    private func trace(_ type: String, _ id: String, actor: Actor, on tx: any Database) async throws {
        try await AuditRepository.append(
            on: tx, database: database, at: clock.now(), territoryId: actor.territoryId,
            actorId: actor.accountId, action: .update, recordType: type, recordId: id)
    }
}
