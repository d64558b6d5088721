import AutourCore
import FluentKit
import FluentSQL
import Foundation
import SQLKit

/// Everything held about a person, for the subject access right.
public struct PersonExport: Sendable {
    public struct Access: Sendable, Codable {
        public let at: Date
        public let actorId: UUID?
        public let action: String
    }
    public let person: Person
    public let consents: [Consent]
    public let followUps: [FollowUp]
    /// Notes the exporting staff member may not read, left out of a staff export (0 in a complete one).
    public let withheldFollowUps: Int
    public let complete: Bool
    public let referrals: [Referral]
    /// Radar signals linked to the file.
    public let signals: [Signal]
    /// What the other modules hold about the person (register, calls, needs…).
    public let sections: [PersonDataSection]
    /// Who read or changed the file, and when.
    public let accesses: [Access]
    public let exportedAt: Date
}

/// The CCAS's case file: persons, consents and follow-ups. Every read of a file and every change
/// is audited in the same transaction. Callers check permissions with `Permissions` first; this
/// repository only ever returns records of the territory it is asked about.
public struct PeopleRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    static let recordType = "person"

    // MARK: Persons

    /// Persons of the territory that look like `person` (same name and birth date or address).
    public func duplicates(of person: IdentityKey, territoryId: UUID) async throws -> [Person] {
        let name = SearchText.fold("\(person.firstName) \(person.lastName)") + " |"
        let candidates = try await PersonModel.query(on: database.db).filter(\.$territoryId == territoryId)
            .filter(\.$erasedAt == nil).filter(\.$mergedInto == nil)
            .filter(.sql(embed: indexed(textIndex([(["search_name"], name)]))))
            .filter(\.$searchName, .custom("LIKE"), name + "%").all().map(\.core)
        return PersonRules.likelyDuplicates(of: person, among: candidates)
    }

    public func create(_ person: ValidPerson, territoryId: UUID, actor: Actor) async throws -> Person {
        let now = clock.now()
        let model = PersonModel()
        model.territoryId = territoryId
        model.createdAt = now
        model.apply(person, now: now)
        try await database.write { tx in
            try await model.create(on: tx)
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: territoryId, actorId: actor.accountId,
                action: .create, recordType: Self.recordType, recordId: model.id!.uuidString)
        }
        return model.core
    }

    /// The person, if they belong to `territoryId` (nil otherwise, as if they did not exist).
    public func find(id: UUID, territoryId: UUID) async throws -> Person? {
        try await PersonModel.query(on: database.db).filter(\.$id == id).filter(\.$territoryId == territoryId).first()?.core
    }

    /// The people of `territoryId` among `ids`, in one query per 500 ids (lists that name many
    /// files, such as the follow-ups of a caseload).
    public func find(ids: Set<UUID>, territoryId: UUID) async throws -> [UUID: Person] {
        var found: [UUID: Person] = [:]
        let all = Array(ids)
        for start in stride(from: 0, to: all.count, by: 500) {
            for model in try await PersonModel.query(on: database.db).filter(\.$id ~~ Array(all[start..<min(start + 500, all.count)]))
                .filter(\.$territoryId == territoryId).all()
            {
                let person = model.core
                found[person.id] = person
            }
        }
        return found
    }

    /// Opens a file: returns the person and records the read in the audit log.
    public func open(id: UUID, actor: Actor) async throws -> Person? {
        guard let person = try await find(id: id, territoryId: actor.territoryId) else { return nil }
        let now = clock.now()
        try await database.write { tx in
            try await trace(.read, person: id.uuidString, by: actor, at: now, on: tx)
        }
        return person
    }

    public func update(id: UUID, with person: ValidPerson, actor: Actor) async throws -> Person {
        let now = clock.now()
        return try await database.write { tx in
            guard
                let model = try await PersonModel.query(on: tx).filter(\.$id == id)
                    .filter(\.$territoryId == actor.territoryId).first(), model.erasedAt == nil
            else { throw AutourError.notFound }
            model.apply(person, now: now)
            try await model.save(on: tx)
            try await trace(.update, person: id.uuidString, by: actor, at: now, on: tx)
            return model.core
        }
    }

    /// Finds persons by name, address or phone, ignoring accents and case (see
    /// `SearchText.personQuery`), through the trigram index of migration 0017: at most `limit`
    /// files in alphabetical order, taken among the first `searchCap` the index yields, so that a
    /// short query in a large caseload ("mar" among 200 000 files) costs no more than a precise
    /// one. The page asks for a more precise query when its list is full.
    public func search(_ query: String, territoryId: UUID, limit: Int = searchLimit) async throws -> [Person] {
        guard let query = SearchText.personQuery(query) else { return [] }
        var wanted = [(columns: ["search_name", "search_address"], text: query.text)]
        if let digits = query.digits { wanted.append((["search_phone"], digits)) }
        let condition = textIndex(wanted)
        let capped: SQLQueryString =
            switch database.backend {
            case .sqlite:
                // The unary + keeps SQLite from walking the territory's index (every file) instead
                // of looking up the few rows the text index found.
                """
                \(indexed(condition, limit: Self.searchCap)) AND +\(ident: "persons").\(ident: "territory_id") = \(bind: territoryId)
                """
            case .postgres:
                """
                \(ident: "persons").id IN (SELECT id FROM persons WHERE territory_id = \(bind: territoryId) AND \(condition)
                LIMIT \(literal: Self.searchCap)) AND \(ident: "persons").\(ident: "territory_id") = \(bind: territoryId)
                """
            }
        return try await PersonModel.query(on: database.db)
            .filter(\.$erasedAt == nil).filter(\.$mergedInto == nil).filter(.sql(embed: capped))
            .sort(\.$lastName).sort(\.$firstName).limit(limit).all().map(\.core)
    }

    /// How many files a search lists at most.
    public static let searchLimit = 50

    /// How many matches of the index a search sorts at most (four lists of results): fetching
    /// and sorting them is most of a short query's cost (p99 16 ms at 500, 200 000 files).
    static let searchCap = 200

    /// The condition on the index that finds any of `wanted` (a text in one of its columns; three
    /// characters at least, or the index cannot help): one MATCH on the FTS5 trigram table
    /// `persons_search` (SQLite), LIKEs that pg_trgm's indexes answer (PostgreSQL).
    func textIndex(_ wanted: [(columns: [String], text: String)]) -> SQLQueryString {
        switch database.backend {
        case .sqlite:
            let match = wanted.map { "{\($0.columns.joined(separator: " "))} : \"" + $0.text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            return "persons_search MATCH \(bind: match.joined(separator: " OR "))"
        case .postgres:
            let alternatives = wanted.flatMap { columns, text in
                let pattern =
                    "%"
                    + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                    .replacingOccurrences(of: "_", with: "\\_") + "%"
                return columns.map { column -> SQLQueryString in "\(ident: "persons").\(ident: column) LIKE \(bind: pattern)" }
            }
            return "(" + alternatives.joined(separator: " OR ") + ")"
        }
    }

    /// The persons an index condition matches, as a filter on the persons table (on SQLite, the
    /// first `limit` rows the FTS5 table yields).
    func indexed(_ condition: SQLQueryString, limit: Int? = nil) -> SQLQueryString {
        guard database.backend == .sqlite else { return condition }
        let cap: SQLQueryString = limit.map { " LIMIT \(literal: $0)" } ?? ""
        return "\(ident: "persons").rowid IN (SELECT rowid FROM persons_search WHERE \(condition)\(cap))"
    }

    public func count(territoryId: UUID) async throws -> Int {
        try await PersonModel.query(on: database.db).filter(\.$territoryId == territoryId).count()
    }

    /// Merges `sourceId` into `targetId`: what every module holds about the source moves to the target,
    /// the source stays as a pointer (`merged_into`) so links and the audit trail still resolve.
    public func merge(_ sourceId: UUID, into targetId: UUID, actor: Actor) async throws -> Person {
        guard sourceId != targetId else { throw AutourError.conflict("Une fiche ne peut pas être fusionnée avec elle-même.") }
        let now = clock.now()
        return try await database.write { tx in
            let pair = try await PersonModel.query(on: tx).filter(\.$id ~~ [sourceId, targetId])
                .filter(\.$territoryId == actor.territoryId).all()
            guard let source = pair.first(where: { $0.id == sourceId }), let target = pair.first(where: { $0.id == targetId }) else {
                throw AutourError.notFound
            }
            guard source.erasedAt == nil, target.erasedAt == nil, source.mergedInto == nil, target.mergedInto == nil else {
                throw AutourError.conflict("Ces fiches ne peuvent plus être fusionnées (anonymisée ou déjà fusionnée).")
            }
            // Every module's rows about the person follow it (see `PersonData.owners`).
            for owner in PersonData.owners { try await owner.reassign(from: sourceId, to: targetId, on: tx) }
            // What the target lacks, the source may know.
            target.birthDate = target.birthDate ?? source.birthDate
            target.address = target.address ?? source.address
            target.phone = target.phone ?? source.phone
            target.email = target.email ?? source.email
            target.neighbourhood = target.neighbourhood ?? source.neighbourhood
            target.householdId = target.householdId ?? source.householdId
            target.searchAddress = target.searchAddress.isEmpty ? source.searchAddress : target.searchAddress
            target.searchPhone = target.searchPhone.isEmpty ? source.searchPhone : target.searchPhone
            target.flags = Set((target.flags + "," + source.flags).split(separator: ",").map(String.init)).sorted().joined(separator: ",")
            target.updatedAt = now
            try await target.save(on: tx)
            source.mergedInto = targetId
            source.updatedAt = now
            try await source.save(on: tx)
            for id in [sourceId, targetId] {
                try await trace(.update, person: id.uuidString, by: actor, at: now, on: tx)
            }
            return target.core
        }
    }

    /// Where a merged file now lives, if it was merged.
    public func mergedInto(_ id: UUID, territoryId: UUID) async throws -> UUID? {
        try await PersonModel.query(on: database.db).filter(\.$id == id).filter(\.$territoryId == territoryId).first()?.mergedInto
    }

    // MARK: Households

    /// Puts the person in the household of `otherId` (creating it if neither has one yet).
    public func joinHousehold(_ personId: UUID, with otherId: UUID, actor: Actor) async throws {
        guard personId != otherId else { throw AutourError.invalid("Choisissez une autre personne.", fields: ["with": "une autre personne"]) }
        let now = clock.now()
        try await database.write { tx in
            let pair = try await PersonModel.query(on: tx).filter(\.$id ~~ [personId, otherId])
                .filter(\.$territoryId == actor.territoryId).filter(\.$mergedInto == nil).all()
            guard let person = pair.first(where: { $0.id == personId }), let other = pair.first(where: { $0.id == otherId }) else {
                throw AutourError.notFound
            }
            let household = other.householdId ?? person.householdId ?? UUID()
            for member in [person, other] where member.householdId != household {
                member.householdId = household
                member.updatedAt = now
                try await member.save(on: tx)
                try await trace(.update, person: member.id!.uuidString, by: actor, at: now, on: tx)
            }
        }
    }

    public func leaveHousehold(_ personId: UUID, actor: Actor) async throws {
        let now = clock.now()
        try await database.write { tx in
            guard
                let person = try await PersonModel.query(on: tx).filter(\.$id == personId)
                    .filter(\.$territoryId == actor.territoryId).first()
            else { throw AutourError.notFound }
            person.householdId = nil
            person.updatedAt = now
            try await person.save(on: tx)
            try await trace(.update, person: personId.uuidString, by: actor, at: now, on: tx)
        }
    }

    /// The other members of the person's household.
    public func householdMembers(of person: Person) async throws -> [Person] {
        guard let household = person.householdId else { return [] }
        return try await PersonModel.query(on: database.db).filter(\.$territoryId == person.territoryId)
            .filter(\.$householdId == household).filter(\.$mergedInto == nil).filter(\.$id != person.id)
            .sort(\.$firstName).all().map(\.core)
    }

    // MARK: Consents

    /// The persons among `ids` whom statistics may count today (their `statistics` consent holds).
    /// Every indicator that counts people goes through here.
    public static func countable(_ ids: Set<UUID>, on db: any Database, now: Date) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        let consents = try await ConsentModel.query(on: db).filter(\.$personId ~~ ids)
            .filter(\.$purpose == ConsentPurpose.statistics.rawValue).all().map(\.core)
        return Set(Dictionary(grouping: consents, by: \.personId).filter { ConsentRules.allows($0.value, .statistics, now: now) }.keys)
    }

    public func consents(personId: UUID) async throws -> [Consent] {
        try await ConsentModel.query(on: database.db).filter(\.$personId == personId).sort(\.$givenAt).all().map(\.core)
    }

    public func recordConsent(
        personId: UUID, purpose: ConsentPurpose, partnerName: String?, method: ConsentMethod,
        givenBy: ConsentGiver, actor: Actor
    ) async throws -> Consent {
        let partner = partnerName?.trimmingCharacters(in: .whitespacesAndNewlines)
        if purpose == .partnerSharing, partner?.isEmpty ?? true {
            throw AutourError.invalid("Nommez le partenaire.", fields: ["partnerName": "Obligatoire pour un partage avec un partenaire."])
        }
        let now = clock.now()
        let model = ConsentModel()
        model.personId = personId
        model.purpose = purpose.rawValue
        model.partnerName = purpose == .partnerSharing ? partner : nil
        model.method = method.rawValue
        model.givenBy = givenBy.rawValue
        model.givenAt = now
        model.recordedBy = actor.accountId
        try await database.write { tx in
            try await requireLivePerson(personId, actor: actor, on: tx)
            try await model.create(on: tx)
            try await trace(.update, person: personId.uuidString, by: actor, at: now, on: tx)
        }
        return model.core
    }

    public func withdrawConsent(_ consentId: UUID, personId: UUID, actor: Actor) async throws {
        let now = clock.now()
        try await database.write { tx in
            try await requireLivePerson(personId, actor: actor, on: tx)
            guard
                let consent = try await ConsentModel.query(on: tx).filter(\.$id == consentId)
                    .filter(\.$personId == personId).first()
            else { throw AutourError.notFound }
            guard consent.withdrawnAt == nil else { throw AutourError.conflict("Ce consentement est déjà retiré.") }
            consent.withdrawnAt = now
            try await consent.save(on: tx)
            let purpose = consent.core.purpose
            let remaining = try await ConsentModel.query(on: tx).filter(\.$personId == personId).all().map(\.core)
            if !ConsentRules.allows(remaining, purpose, now: now) {
                for owner in PersonData.owners { try await owner.consentWithdrawn(purpose, personId: personId, now: now, on: tx) }
            }
            try await trace(.update, person: personId.uuidString, by: actor, at: now, on: tx)
        }
    }

    // MARK: Follow-ups

    /// The follow-ups `actor` may read, newest first.
    public func followUps(personId: UUID, visibleTo actor: Actor) async throws -> [FollowUp] {
        try await FollowUpModel.query(on: database.db).filter(\.$personId == personId).sort(\.$at, .descending).all()
            .map(\.core).filter { FollowUpRules.isVisible($0, to: actor) }
    }

    public func addFollowUp(
        personId: UUID, kind: FollowUpKind, summary: String, visibility: FollowUpVisibility,
        actor: Actor
    ) async throws -> FollowUp {
        let text = try FollowUpRules.validate(summary: summary)
        if visibility == .sensitive, !actor.isSocialWorker {
            throw AutourError.invalid(
                "Seuls les travailleurs sociaux consignent des informations de santé.",
                fields: ["visibility": "Réservé aux travailleurs sociaux."])
        }
        let now = clock.now()
        let model = FollowUpModel()
        model.personId = personId
        model.kind = kind.rawValue
        model.at = now
        model.authorId = actor.accountId
        model.summary = text
        model.visibility = visibility.rawValue
        try await database.write { tx in
            try await requireLivePerson(personId, actor: actor, on: tx)
            try await model.create(on: tx)
            try await trace(.update, person: personId.uuidString, by: actor, at: now, on: tx)
        }
        return model.core
    }

    // MARK: Rights of the person

    /// What is held about the person, including every access to the file; the export itself
    /// is audited before the trail is read, so it appears in what it returns. A staff export
    /// holds the notes its author may read (need-to-know holds in exports too) and says how many
    /// it left out; `complete` asks for every note and is refused unless a social worker asks.
    public func export(personId: UUID, actor: Actor, complete: Bool = false) async throws -> PersonExport {
        if complete, !FollowUpRules.mayExportComplete(actor) { throw AutourError.forbidden }
        let now = clock.now()
        try await database.write { tx in
            guard
                try await PersonModel.query(on: tx).filter(\.$id == personId)
                    .filter(\.$territoryId == actor.territoryId).first() != nil
            else { throw AutourError.notFound }
            try await trace(complete ? .exportComplete : .export, person: personId.uuidString, by: actor, at: now, on: tx)
        }
        guard let person = try await find(id: personId, territoryId: actor.territoryId) else { throw AutourError.notFound }
        let allFollowUps = try await FollowUpModel.query(on: database.db).filter(\.$personId == personId).sort(\.$at).all().map(\.core)
        let followUps = complete ? allFollowUps : allFollowUps.filter { FollowUpRules.isVisible($0, to: actor) }
        let trail = try await AuditRepository(database: database, clock: clock)
            .entries(recordId: personId.uuidString, territoryId: actor.territoryId)
        let referrals = try await ReferralModel.query(on: database.db).filter(\.$personId == personId).sort(\.$createdAt).all().map(\.core)
        let signals = try await SignalModel.query(on: database.db).filter(\.$personId == personId).sort(\.$createdAt).all().map(\.core)
        var sections: [PersonDataSection] = []
        for owner in PersonData.owners { sections += try await owner.sections(personId: personId, on: database.db) }
        return PersonExport(
            person: person, consents: try await consents(personId: personId), followUps: followUps,
            withheldFollowUps: allFollowUps.count - followUps.count, complete: complete, referrals: referrals,
            signals: signals, sections: sections,
            accesses: trail.map { .init(at: $0.at, actorId: $0.actorId, action: $0.action) }, exportedAt: now)
    }

    /// Anonymises the person everywhere: identity, free text and partner names are removed;
    /// the neighbourhood, commune, flags and birth year stay so that statistics still count them.
    public func erase(personId: UUID, actor: Actor) async throws {
        let now = clock.now()
        try await database.write { tx in
            guard
                let model = try await PersonModel.query(on: tx).filter(\.$id == personId)
                    .filter(\.$territoryId == actor.territoryId).first()
            else { throw AutourError.notFound }
            guard model.erasedAt == nil else { throw AutourError.conflict("Cette personne est déjà anonymisée.") }
            try await Self.anonymise(model, now: now, on: tx)
            try await trace(.erase, person: personId.uuidString, by: actor, at: now, on: tx)
        }
    }

    /// Removes identity, free text and partner names; keeps what statistics need (neighbourhood,
    /// commune, flags, birth year). Shared by erasure and by the retention job.
    static func anonymise(_ model: PersonModel, now: Date, on tx: any Database) async throws {
        model.firstName = "Anonyme"
        model.lastName = "Anonyme"
        model.birthDate = model.birthDate.map { String($0.prefix(4)) }
        model.address = nil
        model.phone = nil
        model.email = nil
        model.languages = ""
        model.searchName = ""
        model.searchAddress = ""
        model.searchPhone = ""
        model.erasedAt = now
        model.updatedAt = now
        try await model.save(on: tx)
        let personId = try model.requireID()
        for owner in PersonData.owners { try await owner.anonymise(personId: personId, now: now, on: tx) }
    }

    /// The audit entry of a change to a person's file, in the change's transaction.
    func trace(_ action: AuditAction, person recordId: String, by actor: Actor, at now: Date, on tx: any Database) async throws {
        try await AuditRepository.append(
            on: tx, database: database, at: now, territoryId: actor.territoryId,
            actorId: actor.accountId, action: action, recordType: Self.recordType, recordId: recordId)
    }

    private func requireLivePerson(_ personId: UUID, actor: Actor, on tx: any Database) async throws {
        guard
            let person = try await PersonModel.query(on: tx).filter(\.$id == personId)
                .filter(\.$territoryId == actor.territoryId).first()
        else { throw AutourError.notFound }
        guard person.erasedAt == nil else { throw AutourError.conflict("Cette personne a été anonymisée.") }
    }
}
