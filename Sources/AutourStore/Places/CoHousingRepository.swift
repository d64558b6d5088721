import AutourCore
import FluentKit
import Foundation
import SQLKit

/// Intergenerational co-housing: the profiles, the pairs proposed by the solver and decided by a
/// coordinator, the agreements and the follow-up visits.
public struct CoHousingRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    var sql: any SQLDatabase { get throws { try database.db as! any SQLDatabase } }

    public typealias PairStatus = CoHousing.PairStatus

    public struct Entry: Sendable, Equatable {
        public let profile: CoHousing.Profile
        public let contact: String
        public let active: Bool
    }

    public struct Pair: Sendable, Equatable {
        public let id: UUID, territoryId: UUID, host: UUID, guest: UUID, status: PairStatus, cost: Int, reasons: [String], agreedOn: String?
        public var scope: RecordScope { RecordScope(territoryId: territoryId) }
    }

    public struct Visit: Sendable, Equatable { public let day: String, note: String }

    struct ProfileRow: Decodable {
        let id: UUID, side: String, first_name: String, contact: String, neighbourhood: String, wants_quiet: Bool, has_pets: Bool
        let accepts_pets: Bool, smokes: Bool, accepts_smoking: Bool, help_hours: Int, languages: String, active: Bool
        var entry: Entry {
            Entry(
                profile: CoHousing.Profile(
                    id: id, side: CoHousing.Side(rawValue: side) ?? .guest, firstName: first_name, neighbourhood: neighbourhood, wantsQuiet: wants_quiet,
                    hasPets: has_pets, acceptsPets: accepts_pets, smokes: smokes, acceptsSmoking: accepts_smoking, helpHours: help_hours,
                    languages: languages.split(separator: ",").map(String.init)), contact: contact, active: active)
        }
    }
    struct PairRow: Decodable {
        let id: UUID, territory_id: UUID, host_id: UUID, guest_id: UUID, status: String, cost: Int, reasons: String, agreed_on: String?
        var core: Pair {
            Pair(
                id: id, territoryId: territory_id, host: host_id, guest: guest_id, status: PairStatus(rawValue: status) ?? .proposed, cost: cost,
                reasons: reasons.isEmpty ? [] : reasons.components(separatedBy: "\n"), agreedOn: agreed_on)
        }
    }

    public func add(_ profile: CoHousing.Profile, contact: String, territoryId: UUID, actor: Actor) async throws -> UUID {
        let now = clock.now()
        try await database.write { tx in
            try await (tx as! any SQLDatabase).insert(into: "cohousing_profiles")
                .columns(
                    "id", "territory_id", "side", "first_name", "contact", "neighbourhood", "wants_quiet", "has_pets", "accepts_pets", "smokes",
                    "accepts_smoking", "help_hours", "languages", "active", "created_at"
                )
                .values(
                    SQLBind(profile.id), SQLBind(territoryId), SQLBind(profile.side.rawValue), SQLBind(profile.firstName), SQLBind(contact),
                    SQLBind(profile.neighbourhood), SQLBind(profile.wantsQuiet), SQLBind(profile.hasPets), SQLBind(profile.acceptsPets),
                    SQLBind(profile.smokes), SQLBind(profile.acceptsSmoking), SQLBind(profile.helpHours),
                    SQLBind(profile.languages.joined(separator: ",")), SQLBind(true), SQLBind(now)
                ).run()
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: territoryId, actorId: actor.accountId, action: .create,
                recordType: "cohousing_profile", recordId: profile.id.uuidString)
        }
        return profile.id
    }

    /// Removes a profile and what refers to it (its pairs and their visits): a person who leaves
    /// the scheme leaves no trace in it.
    public func remove(profileId: UUID, territoryId: UUID, actor: Actor) async throws {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            struct Row: Decodable { let id: UUID }
            guard
                try await sql.select().column("id").from("cohousing_profiles").where("id", .equal, SQLBind(profileId))
                    .where("territory_id", .equal, SQLBind(territoryId)).first(decoding: Row.self) != nil
            else { throw AutourError.notFound }
            try await sql.raw(
                """
                DELETE FROM cohousing_visits WHERE pair_id IN
                (SELECT id FROM cohousing_pairs WHERE host_id = \(bind: profileId) OR guest_id = \(bind: profileId))
                """
            ).run()
            try await sql.raw("DELETE FROM cohousing_pairs WHERE host_id = \(bind: profileId) OR guest_id = \(bind: profileId)").run()
            try await sql.raw("DELETE FROM cohousing_profiles WHERE id = \(bind: profileId)").run()
            try await AuditRepository.append(
                on: tx, database: database, at: clock.now(), territoryId: territoryId, actorId: actor.accountId, action: .delete,
                recordType: "cohousing_profile", recordId: profileId.uuidString)
        }
    }

    public func profiles(territoryId: UUID) async throws -> [Entry] {
        try await sql.raw(
            """
            SELECT id, side, first_name, contact, neighbourhood, wants_quiet, has_pets, accepts_pets, smokes, accepts_smoking, help_hours,
            languages, active FROM cohousing_profiles WHERE territory_id = \(bind: territoryId) ORDER BY side, first_name
            """
        ).all(decoding: ProfileRow.self).map(\.entry)
    }

    public func pairs(territoryId: UUID) async throws -> [Pair] {
        try await sql.raw(
            """
            SELECT id, territory_id, host_id, guest_id, status, cost, reasons, agreed_on FROM cohousing_pairs
            WHERE territory_id = \(bind: territoryId) ORDER BY created_at DESC, cost
            """
        ).all(decoding: PairRow.self).map(\.core)
    }

    public func pair(id: UUID, territoryId: UUID) async throws -> Pair? {
        try await sql.raw(
            """
            SELECT id, territory_id, host_id, guest_id, status, cost, reasons, agreed_on FROM cohousing_pairs
            WHERE id = \(bind: id) AND territory_id = \(bind: territoryId)
            """
        ).first(decoding: PairRow.self)?.core
    }

    /// Replaces the standing proposals with the solver's pairs among the active profiles not yet in
    /// an agreed pair. Pairs a coordinator declined are not proposed again.
    public func propose(territoryId: UUID, actor: Actor) async throws -> [Pair] {
        let now = clock.now()
        let profiles = try await profiles(territoryId: territoryId).filter(\.active)
        let existing = try await pairs(territoryId: territoryId)
        let paired = Set(existing.filter { $0.status == .agreed }.flatMap { [$0.host, $0.guest] })
        let declined = Set(existing.filter { $0.status == .declined }.map { "\($0.host)|\($0.guest)" })
        let free = profiles.map(\.profile).filter { !paired.contains($0.id) }
        let proposals = try CoHousing.proposals(hosts: free.filter { $0.side == .host }, guests: free.filter { $0.side == .guest }) { host, guest in
            !declined.contains("\(host.id)|\(guest.id)")
        }
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await sql.raw(
                "DELETE FROM cohousing_pairs WHERE territory_id = \(bind: territoryId) AND status = \(bind: PairStatus.proposed.rawValue)"
            ).run()
            for proposal in proposals {
                try await sql.insert(into: "cohousing_pairs")
                    .columns("id", "territory_id", "host_id", "guest_id", "status", "cost", "reasons", "created_at")
                    .values(
                        SQLBind(UUID()), SQLBind(territoryId), SQLBind(proposal.host), SQLBind(proposal.guest), SQLBind(PairStatus.proposed.rawValue),
                        SQLBind(proposal.cost), SQLBind(proposal.reasons.joined(separator: "\n")), SQLBind(now)
                    ).run()
            }
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: territoryId, actorId: actor.accountId, action: .create,
                recordType: "cohousing_pairs", recordId: territoryId.uuidString)
        }
        return try await pairs(territoryId: territoryId).filter { $0.status == .proposed }
    }

    /// A coordinator's decision on a proposed pair: agreed (the day the agreement is signed) or declined.
    public func decide(pair: Pair, agreed: Bool, actor: Actor) async throws {
        let now = clock.now()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("cohousing_pairs", id: pair.id, on: tx)
            struct Row: Decodable { let status: String }
            guard
                try await sql.select().column("status").from("cohousing_pairs").where("id", .equal, SQLBind(pair.id)).first(decoding: Row.self)?.status
                    == PairStatus.proposed.rawValue
            else { throw AutourError.conflict("Ce binôme a déjà été décidé.") }
            if agreed {
                // One home per person: another agreement with either of them refuses this one.
                struct Count: Decodable { let n: Int }
                let busy =
                    try await sql.raw(
                        """
                        SELECT COUNT(*) AS n FROM cohousing_pairs WHERE status = \(bind: PairStatus.agreed.rawValue)
                        AND (host_id = \(bind: pair.host) OR guest_id = \(bind: pair.guest))
                        """
                    ).first(decoding: Count.self)?.n ?? 0
                guard busy == 0 else { throw AutourError.conflict("L'une de ces deux personnes a déjà signé un accord.") }
            }
            let day = String(ISO8601DateFormatter().string(from: now).prefix(10))
            try await sql.raw(
                """
                UPDATE cohousing_pairs SET status = \(bind: (agreed ? PairStatus.agreed : .declined).rawValue), agreed_on = \(bind: agreed ? day : nil)
                WHERE id = \(bind: pair.id)
                """
            ).run()
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: pair.territoryId, actorId: actor.accountId, action: .update,
                recordType: "cohousing_pair", recordId: pair.id.uuidString)
        }
    }

    public func addVisit(pair: Pair, day: String, note: String, actor: Actor) async throws {
        try await database.write { tx in
            try await (tx as! any SQLDatabase).insert(into: "cohousing_visits").columns("id", "pair_id", "visited_on", "note", "recorded_by")
                .values(SQLBind(UUID()), SQLBind(pair.id), SQLBind(day), SQLBind(note), SQLBind(actor.accountId)).run()
            try await AuditRepository.append(
                on: tx, database: database, at: clock.now(), territoryId: pair.territoryId, actorId: actor.accountId, action: .create,
                recordType: "cohousing_visit", recordId: pair.id.uuidString)
        }
    }

    public func visits(pairId: UUID) async throws -> [Visit] {
        struct Row: Decodable { let visited_on: String, note: String }
        return try await sql.raw("SELECT visited_on, note FROM cohousing_visits WHERE pair_id = \(bind: pairId) ORDER BY visited_on")
            .all(decoding: Row.self).map { Visit(day: $0.visited_on, note: $0.note) }
    }
}
