import AutourCore
import FluentKit
import Foundation
import SQLKit

/// Advocacy's records: the charter's versions, the parliament, the labels and the local social
/// council. Every change writes its audit entry in the same transaction; votes lock their
/// amendment (or election) row so that a ballot, a paper count and the closing never cross.
public struct AdvocacyRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    var sql: any SQLDatabase { get throws { try database.db as! any SQLDatabase } }

    private func trace(_ action: AuditAction, _ type: String, _ id: UUID, actor: Actor, on tx: any Database) async throws {
        try await database.trace(action, type, id.uuidString, actor: actor, at: clock.now(), on: tx)
    }

    // MARK: Settings

    public struct Settings: Sendable, Equatable {
        public let quorumPercent: Int
        public let labelMonths: Int
    }

    public func settings(territoryId: UUID) async throws -> Settings {
        struct Row: Decodable { let quorum_percent: Int, label_months: Int }
        let row = try await sql.select().columns("quorum_percent", "label_months").from("advocacy_settings")
            .where("territory_id", .equal, SQLBind(territoryId)).first(decoding: Row.self)
        return Settings(
            quorumPercent: row?.quorum_percent ?? ParliamentRules.defaultQuorumPercent, labelMonths: row?.label_months ?? LabelRules.defaultValidityMonths)
    }

    public func saveSettings(_ settings: Settings, actor: Actor) async throws {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "advocacy_settings").where("territory_id", .equal, SQLBind(actor.territoryId)).run()
            try await sql.insert(into: "advocacy_settings").columns("territory_id", "quorum_percent", "label_months")
                .values(SQLBind(actor.territoryId), SQLBind(settings.quorumPercent), SQLBind(settings.labelMonths)).run()
            try await trace(.update, "advocacy_settings", actor.territoryId, actor: actor, on: tx)
        }
    }

    // MARK: Charter

    struct VersionRow: Decodable {
        let number: Int, articles: String, fingerprint: String, summary: String, adopted_at: Date, amendment_id: UUID?
        var core: CharterVersion {
            CharterVersion(
                number: number, articles: (try? JSONDecoder().decode([CharterArticle].self, from: Data(articles.utf8))) ?? [],
                fingerprint: fingerprint, summary: summary, adoptedAt: adopted_at, amendmentId: amendment_id)
        }
    }

    /// Every version, the first first.
    public func versions(territoryId: UUID) async throws -> [CharterVersion] {
        try await Self.versions(territoryId: territoryId, on: try sql)
    }

    static func versions(territoryId: UUID, on sql: any SQLDatabase) async throws -> [CharterVersion] {
        try await sql.select().columns("number", "articles", "fingerprint", "summary", "adopted_at", "amendment_id").from("charter_versions")
            .where("territory_id", .equal, SQLBind(territoryId)).orderBy("number").all(decoding: VersionRow.self).map(\.core)
    }

    private func insertVersion(_ number: Int, _ articles: [CharterArticle], summary: String, amendmentId: UUID?, territoryId: UUID, on tx: any Database)
        async throws
    {
        let json = String(decoding: try JSONEncoder().encode(articles), as: UTF8.self)
        try await (tx as! any SQLDatabase).insert(into: "charter_versions")
            .columns("territory_id", "number", "articles", "fingerprint", "summary", "adopted_at", "amendment_id")
            .values(
                SQLBind(territoryId), SQLBind(number), SQLBind(json), SQLBind(CharterRules.fingerprint(articles)), SQLBind(summary),
                SQLBind(clock.now()), SQLBind(amendmentId)
            ).run()
    }

    /// The founding text, version 1, only while the territory has none (later versions come from
    /// adopted amendments alone).
    public func found(_ articles: [CharterArticle], actor: Actor) async throws -> Bool {
        try await database.write { tx in
            guard try await Self.versions(territoryId: actor.territoryId, on: tx as! any SQLDatabase).isEmpty else { return false }
            try await insertVersion(1, articles, summary: "Texte fondateur.", amendmentId: nil, territoryId: actor.territoryId, on: tx)
            try await database.trace(.create, "charter_version", "1", actor: actor, at: clock.now(), on: tx)
            return true
        }
    }

    // MARK: Members

    struct MemberRow: Decodable {
        let id: UUID, name: String, kind: String, account_id: UUID?, trained_on: String?, age_band: String, gender: String, neighbourhood: String
        let actor_id: UUID?
        var core: ParliamentMember {
            ParliamentMember(
                id: id, name: name, kind: MemberKind(rawValue: kind) ?? .inhabitant, accountId: account_id, trainedOn: trained_on, ageBand: age_band,
                gender: gender, neighbourhood: neighbourhood, actorId: actor_id)
        }
    }

    static let memberColumns = ["id", "name", "kind", "account_id", "trained_on", "age_band", "gender", "neighbourhood", "actor_id"]

    public func members(territoryId: UUID) async throws -> [ParliamentMember] {
        try await sql.select().columns(Self.memberColumns.map { SQLColumn($0) }).from("parliament_members")
            .where("territory_id", .equal, SQLBind(territoryId)).orderBy("name").all(decoding: MemberRow.self).map(\.core)
    }

    public func member(accountId: UUID) async throws -> ParliamentMember? {
        try await sql.select().columns(Self.memberColumns.map { SQLColumn($0) }).from("parliament_members")
            .where("account_id", .equal, SQLBind(accountId)).first(decoding: MemberRow.self)?.core
    }

    public func addMember(_ input: MemberInput, accountId: UUID?, actorId: UUID?, actor: Actor) async throws -> UUID {
        let id = UUID()
        try await database.write { tx in
            try await (tx as! any SQLDatabase).insert(into: "parliament_members").columns(Self.memberColumns + ["territory_id", "created_at"])
                .values(
                    SQLBind(id), SQLBind(input.name), SQLBind(input.kind), SQLBind(accountId), SQLBind(input.trainedOn.isEmpty ? nil : input.trainedOn),
                    SQLBind(input.ageBand), SQLBind(input.gender), SQLBind(input.neighbourhood), SQLBind(actorId), SQLBind(actor.territoryId),
                    SQLBind(clock.now())
                ).run()
            try await trace(.create, "parliament_member", id, actor: actor, on: tx)
        }
        return id
    }

    public func recordTraining(memberId: UUID, on day: String, actor: Actor) async throws {
        try await database.write { tx in
            try await (tx as! any SQLDatabase).update("parliament_members").set("trained_on", to: SQLBind(day)).where("id", .equal, SQLBind(memberId))
                .where("territory_id", .equal, SQLBind(actor.territoryId)).run()
            try await trace(.update, "parliament_member", memberId, actor: actor, on: tx)
        }
    }

    // MARK: Sessions

    public func sessions(territoryId: UUID) async throws -> [ParliamentSession] {
        struct Row: Decodable { let id: UUID, title: String, meets_on: String, agenda: String }
        return try await sql.select().columns("id", "title", "meets_on", "agenda").from("parliament_sessions")
            .where("territory_id", .equal, SQLBind(territoryId)).orderBy("meets_on", .descending).all(decoding: Row.self)
            .map { ParliamentSession(id: $0.id, title: $0.title, meetsOn: $0.meets_on, agenda: $0.agenda) }
    }

    public func createSession(title: String, meetsOn: String, agenda: String, actor: Actor) async throws -> UUID {
        let id = UUID()
        try await database.write { tx in
            try await (tx as! any SQLDatabase).insert(into: "parliament_sessions").columns("id", "territory_id", "title", "meets_on", "agenda")
                .values(SQLBind(id), SQLBind(actor.territoryId), SQLBind(title), SQLBind(meetsOn), SQLBind(agenda)).run()
            try await trace(.create, "parliament_session", id, actor: actor, on: tx)
        }
        return id
    }

    public func attendance(sessionId: UUID) async throws -> Set<UUID> {
        struct Row: Decodable { let member_id: UUID }
        return Set(
            try await sql.select().column("member_id").from("session_attendance").where("session_id", .equal, SQLBind(sessionId))
                .all(decoding: Row.self).map(\.member_id))
    }

    public func setAttendance(sessionId: UUID, present: Set<UUID>, actor: Actor) async throws {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "session_attendance").where("session_id", .equal, SQLBind(sessionId)).run()
            for member in present.sorted(by: { $0.uuidString < $1.uuidString }) {
                try await sql.insert(into: "session_attendance").columns("session_id", "member_id").values(SQLBind(sessionId), SQLBind(member)).run()
            }
            try await trace(.update, "parliament_session", sessionId, actor: actor, on: tx)
        }
    }

    // MARK: Amendments

    struct AmendmentRow: Decodable {
        let id: UUID, session_id: UUID, kind: String, article: Int?, title: String, text: String, reasons: String, tabled_by: UUID, state: String
        let quorum: Int, votes_yes: Int, votes_no: Int, votes_abstain: Int, version: Int?
        var core: Amendment {
            let state = AmendmentState(rawValue: state) ?? .tabled
            // The count leaves the store only once the vote is closed: an open vote's tally is secret.
            let result = state.isClosed && state != .lapsed ? VoteResult(yes: votes_yes, no: votes_no, abstain: votes_abstain, quorum: quorum) : nil
            return Amendment(
                id: id, sessionId: session_id, kind: AmendmentKind(rawValue: kind) ?? .change, article: article, title: title, text: text,
                reasons: reasons, tabledBy: tabled_by, state: state, ballots: votes_yes + votes_no + votes_abstain, result: result, version: version)
        }
    }

    static let amendmentColumns = [
        "id", "session_id", "kind", "article", "title", "text", "reasons", "tabled_by", "state", "quorum", "votes_yes", "votes_no", "votes_abstain",
        "version",
    ]

    public func amendments(territoryId: UUID, sessionId: UUID? = nil) async throws -> [Amendment] {
        var query = try sql.select().columns(Self.amendmentColumns.map { SQLColumn($0) }).from("amendments")
            .where("territory_id", .equal, SQLBind(territoryId))
        if let sessionId { query = query.where("session_id", .equal, SQLBind(sessionId)) }
        return try await query.orderBy("created_at").all(decoding: AmendmentRow.self).map(\.core)
    }

    public func amendment(id: UUID, territoryId: UUID) async throws -> Amendment? {
        try await sql.select().columns(Self.amendmentColumns.map { SQLColumn($0) }).from("amendments").where("id", .equal, SQLBind(id))
            .where("territory_id", .equal, SQLBind(territoryId)).first(decoding: AmendmentRow.self)?.core
    }

    public func table(_ valid: ParliamentRules.Valid, sessionId: UUID, memberId: UUID, actor: Actor) async throws -> UUID {
        let id = UUID()
        try await database.write { tx in
            try await (tx as! any SQLDatabase).insert(into: "amendments").columns(Self.amendmentColumns + ["territory_id", "created_at"])
                .values(
                    SQLBind(id), SQLBind(sessionId), SQLBind(valid.kind.rawValue), SQLBind(valid.article), SQLBind(valid.title), SQLBind(valid.text),
                    SQLBind(valid.reasons), SQLBind(memberId), SQLBind(AmendmentState.tabled.rawValue), SQLBind(0), SQLBind(0), SQLBind(0), SQLBind(0),
                    SQLBind(Int?.none), SQLBind(actor.territoryId), SQLBind(clock.now())
                ).run()
            try await trace(.create, "amendment", id, actor: actor, on: tx)
        }
        return id
    }

    /// Opens the vote with its quorum, from `tabled` or `no_quorum` only; false when it moved.
    public func openVote(_ id: UUID, quorum: Int, actor: Actor) async throws -> Bool {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("amendments", id: id, on: tx)
            guard let state = try await Self.state(id, on: sql), state == .tabled || state == .noQuorum else { return false }
            // A vote taken again starts from an empty ballot box.
            try await sql.delete(from: "amendment_ballots").where("amendment_id", .equal, SQLBind(id)).run()
            try await sql.update("amendments").set("state", to: SQLBind(AmendmentState.voting.rawValue)).set("quorum", to: SQLBind(quorum))
                .set("votes_yes", to: SQLBind(0)).set("votes_no", to: SQLBind(0)).set("votes_abstain", to: SQLBind(0))
                .where("id", .equal, SQLBind(id)).run()
            try await trace(.update, "amendment", id, actor: actor, on: tx)
            return true
        }
    }

    static func state(_ id: UUID, on sql: any SQLDatabase) async throws -> AmendmentState? {
        struct Row: Decodable { let state: String }
        return try await sql.select().column("state").from("amendments").where("id", .equal, SQLBind(id)).first(decoding: Row.self)
            .flatMap { AmendmentState(rawValue: $0.state) }
    }

    public func voters(amendmentId: UUID) async throws -> Set<UUID> {
        struct Row: Decodable { let member_id: UUID }
        return Set(
            try await sql.select().column("member_id").from("amendment_ballots").where("amendment_id", .equal, SQLBind(amendmentId))
                .all(decoding: Row.self).map(\.member_id))
    }

    public func conflicts(amendmentId: UUID) async throws -> [UUID: String] {
        struct Row: Decodable { let member_id: UUID, note: String }
        return Dictionary(
            try await sql.select().columns("member_id", "note").from("amendment_conflicts").where("amendment_id", .equal, SQLBind(amendmentId))
                .all(decoding: Row.self).map { ($0.member_id, $0.note) }, uniquingKeysWith: { a, _ in a })
    }

    /// A conflict is declared before one votes: after a ballot it would come too late.
    public func declareConflict(amendmentId: UUID, memberId: UUID, note: String, actor: Actor) async throws -> Bool {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("amendments", id: amendmentId, on: tx)
            let voted = try await sql.select().column("member_id").from("amendment_ballots").where("amendment_id", .equal, SQLBind(amendmentId))
                .where("member_id", .equal, SQLBind(memberId)).first()
            guard voted == nil else { return false }
            try await sql.delete(from: "amendment_conflicts").where("amendment_id", .equal, SQLBind(amendmentId))
                .where("member_id", .equal, SQLBind(memberId)).run()
            try await sql.insert(into: "amendment_conflicts").columns("amendment_id", "member_id", "note")
                .values(SQLBind(amendmentId), SQLBind(memberId), SQLBind(note)).run()
            try await trace(.update, "amendment", amendmentId, actor: actor, on: tx)
            return true
        }
    }

    private static func column(_ choice: VoteChoice) -> String {
        switch choice {
        case .yes: "votes_yes"
        case .no: "votes_no"
        case .abstain: "votes_abstain"
        }
    }

    /// Records that the members voted and adds their choices to the count, in one transaction with
    /// the amendment locked: nil when it went through, or why not (the vote closed, someone already
    /// voted or declared a conflict meanwhile).
    private func ballots(_ choices: [VoteChoice: Int], members: [UUID], channel: String, amendmentId: UUID, on tx: any Database) async throws
        -> String?
    {
        let sql = tx as! any SQLDatabase
        try await database.lockRow("amendments", id: amendmentId, on: tx)
        guard try await Self.state(amendmentId, on: sql) == .voting else { return "Le vote n'est pas ouvert." }
        for member in members {
            let voted = try await sql.select().column("member_id").from("amendment_ballots").where("amendment_id", .equal, SQLBind(amendmentId))
                .where("member_id", .equal, SQLBind(member)).first()
            if voted != nil { return "Un·e des votant·es a déjà voté sur ce point." }
            let conflicted = try await sql.select().column("member_id").from("amendment_conflicts")
                .where("amendment_id", .equal, SQLBind(amendmentId)).where("member_id", .equal, SQLBind(member)).first()
            if conflicted != nil { return "Un·e des votant·es a déclaré un conflit d'intérêts sur ce point." }
            try await sql.insert(into: "amendment_ballots").columns("amendment_id", "member_id", "channel")
                .values(SQLBind(amendmentId), SQLBind(member), SQLBind(channel)).run()
        }
        for (choice, count) in choices where count > 0 {
            let column = Self.column(choice)
            try await sql.raw("UPDATE amendments SET \(ident: column) = \(ident: column) + \(bind: count) WHERE id = \(bind: amendmentId)").run()
        }
        return nil
    }

    public func vote(_ choice: VoteChoice, memberId: UUID, amendmentId: UUID, actor: Actor) async throws -> String? {
        try await database.write { tx in
            if let refused = try await ballots([choice: 1], members: [memberId], channel: "online", amendmentId: amendmentId, on: tx) {
                return refused
            }
            // The audit says a ballot was cast, never which.
            try await trace(.update, "amendment_ballot", amendmentId, actor: actor, on: tx)
            return nil
        }
    }

    struct TallyRow: Decodable {
        let id: UUID, votes_yes: Int, votes_no: Int, votes_abstain: Int, members: String, entered_by: UUID, confirmed_by: UUID?
        var core: PaperTally {
            PaperTally(
                id: id, yes: votes_yes, no: votes_no, abstain: votes_abstain,
                members: (try? JSONDecoder().decode([UUID].self, from: Data(members.utf8))) ?? [], enteredBy: entered_by, confirmed: confirmed_by != nil)
        }
    }

    public func tallies(amendmentId: UUID) async throws -> [PaperTally] {
        try await sql.select().columns("id", "votes_yes", "votes_no", "votes_abstain", "members", "entered_by", "confirmed_by").from("paper_tallies")
            .where("amendment_id", .equal, SQLBind(amendmentId)).all(decoding: TallyRow.self).map(\.core)
    }

    public func enterTally(yes: Int, no: Int, abstain: Int, members: [UUID], amendmentId: UUID, actor: Actor) async throws -> UUID {
        let id = UUID()
        try await database.write { tx in
            try await (tx as! any SQLDatabase).insert(into: "paper_tallies")
                .columns("id", "amendment_id", "votes_yes", "votes_no", "votes_abstain", "members", "entered_by")
                .values(
                    SQLBind(id), SQLBind(amendmentId), SQLBind(yes), SQLBind(no), SQLBind(abstain),
                    SQLBind(String(decoding: try JSONEncoder().encode(members), as: UTF8.self)), SQLBind(actor.accountId)
                ).run()
            try await trace(.create, "paper_tally", id, actor: actor, on: tx)
        }
        return id
    }

    /// The second officer's signature: the paper ballots then count. Nil when done, or why not.
    public func confirmTally(_ tallyId: UUID, amendmentId: UUID, actor: Actor) async throws -> String? {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("amendments", id: amendmentId, on: tx)
            guard
                let tally = try await sql.select().columns("id", "votes_yes", "votes_no", "votes_abstain", "members", "entered_by", "confirmed_by")
                    .from("paper_tallies").where("id", .equal, SQLBind(tallyId)).where("amendment_id", .equal, SQLBind(amendmentId))
                    .first(decoding: TallyRow.self)?.core, !tally.confirmed
            else { return "Ce décompte est déjà confirmé." }
            guard tally.enteredBy != actor.accountId else { return "Un décompte papier est confirmé par un·e second·e assesseur·e, pas par qui l'a saisi." }
            if let refused = try await ballots(
                [.yes: tally.yes, .no: tally.no, .abstain: tally.abstain], members: tally.members, channel: "paper", amendmentId: amendmentId, on: tx)
            {
                return refused
            }
            try await sql.update("paper_tallies").set("confirmed_by", to: SQLBind(actor.accountId)).where("id", .equal, SQLBind(tallyId)).run()
            try await trace(.update, "paper_tally", tallyId, actor: actor, on: tx)
            return nil
        }
    }

    public func discardTally(_ tallyId: UUID, amendmentId: UUID, actor: Actor) async throws {
        try await database.write { tx in
            try await (tx as! any SQLDatabase).delete(from: "paper_tallies").where("id", .equal, SQLBind(tallyId))
                .where("amendment_id", .equal, SQLBind(amendmentId)).where("confirmed_by", .is, SQLLiteral.null).run()
            try await trace(.delete, "paper_tally", tallyId, actor: actor, on: tx)
        }
    }

    public enum Closing: Sendable, Equatable {
        case closed(AmendmentState, version: Int?)
        case refused(String)
    }

    /// Closes the vote: the count decides; an adopted amendment makes the next charter version in
    /// the same transaction (or lapses when its article is gone).
    public func closeVote(_ amendment: Amendment, actor: Actor) async throws -> Closing {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("amendments", id: amendment.id, on: tx)
            guard try await Self.state(amendment.id, on: sql) == .voting else { return .refused("Le vote n'est pas ouvert.") }
            let pending = try await sql.select().column("id").from("paper_tallies").where("amendment_id", .equal, SQLBind(amendment.id))
                .where("confirmed_by", .is, SQLLiteral.null).first()
            if pending != nil { return .refused("Un décompte papier attend la signature d'un·e second·e assesseur·e : confirmez-le ou écartez-le.") }
            struct Count: Decodable { let quorum: Int, votes_yes: Int, votes_no: Int, votes_abstain: Int }
            let count = try await sql.select().columns("quorum", "votes_yes", "votes_no", "votes_abstain").from("amendments")
                .where("id", .equal, SQLBind(amendment.id)).first(decoding: Count.self)!
            let result = VoteResult(yes: count.votes_yes, no: count.votes_no, abstain: count.votes_abstain, quorum: count.quorum)
            var state: AmendmentState = !result.quorumReached ? .noQuorum : result.adopted ? .adopted : .rejected
            var version: Int?
            if state == .adopted {
                let versions = try await Self.versions(territoryId: actor.territoryId, on: sql)
                if let current = versions.last, let articles = CharterRules.apply(amendment, to: current.articles) {
                    version = current.number + 1
                    try await insertVersion(
                        current.number + 1, articles, summary: "Amendement « \(amendment.title) » (\(amendment.kind.label.lowercased())) adopté.",
                        amendmentId: amendment.id, territoryId: actor.territoryId, on: tx)
                } else {
                    state = .lapsed
                }
            }
            try await sql.update("amendments").set("state", to: SQLBind(state.rawValue)).set("version", to: SQLBind(version))
                .where("id", .equal, SQLBind(amendment.id)).run()
            try await trace(.update, "amendment", amendment.id, actor: actor, on: tx)
            return .closed(state, version: version)
        }
    }

    // MARK: Labels

    struct ActorRow: Decodable {
        let id: UUID, name: String, kind: String, commune: String, address: String, structure_id: String?
        var core: LabelActor {
            LabelActor(
                id: id, name: name, kind: LabelActorKind(rawValue: kind) ?? .company, commune: commune, address: address, structureId: structure_id)
        }
    }

    public func actors(territoryId: UUID) async throws -> [LabelActor] {
        try await sql.select().columns("id", "name", "kind", "commune", "address", "structure_id").from("label_actors")
            .where("territory_id", .equal, SQLBind(territoryId)).orderBy("name").all(decoding: ActorRow.self).map(\.core)
    }

    struct ApplicationRow: Decodable {
        let id: UUID, actor_id: UUID, charter_version: Int, criteria: String, evidence: String, submitted_at: Date, decision: String?
        let justification: String, conditions: String, decided_at: Date?, expires_at: Date?, withdrawn_at: Date?, withdraw_reason: String
        var core: LabelApplication {
            struct Criterion: Decodable { let article: Int, title: String }
            let criteria = ((try? JSONDecoder().decode([Criterion].self, from: Data(criteria.utf8))) ?? []).map {
                LabelCriterion(article: $0.article, title: $0.title)
            }
            let evidence = (try? JSONDecoder().decode([String: String].self, from: Data(evidence.utf8))) ?? [:]
            return LabelApplication(
                id: id, actorId: actor_id, charterVersion: charter_version, criteria: criteria,
                evidence: Dictionary(uniqueKeysWithValues: evidence.compactMap { key, value in Int(key).map { ($0, value) } }), submittedAt: submitted_at,
                decision: decision.flatMap(LabelDecision.init(rawValue:)), justification: justification, conditions: conditions, decidedAt: decided_at,
                expiresAt: expires_at, withdrawnAt: withdrawn_at, withdrawReason: withdraw_reason)
        }
    }

    static let applicationColumns = [
        "id", "actor_id", "charter_version", "criteria", "evidence", "submitted_at", "decision", "justification", "conditions", "decided_at",
        "expires_at", "withdrawn_at", "withdraw_reason",
    ]

    public func applications(territoryId: UUID) async throws -> [LabelApplication] {
        try await sql.select().columns(Self.applicationColumns.map { SQLColumn($0) }).from("label_applications")
            .where("territory_id", .equal, SQLBind(territoryId)).orderBy("submitted_at", .descending).all(decoding: ApplicationRow.self).map(\.core)
    }

    public func application(id: UUID, territoryId: UUID) async throws -> LabelApplication? {
        try await sql.select().columns(Self.applicationColumns.map { SQLColumn($0) }).from("label_applications").where("id", .equal, SQLBind(id))
            .where("territory_id", .equal, SQLBind(territoryId)).first(decoding: ApplicationRow.self)?.core
    }

    /// The actor (the one of that name, or a new one) and its application, in one transaction.
    public func apply(_ valid: LabelRules.ValidApplication, criteria: [LabelCriterion], charterVersion: Int, actor: Actor) async throws -> UUID {
        let id = UUID()
        let now = clock.now()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            struct Row: Decodable { let id: UUID }
            let existing = try await sql.select().column("id").from("label_actors").where("territory_id", .equal, SQLBind(actor.territoryId))
                .where("name", .equal, SQLBind(valid.name)).first(decoding: Row.self)?.id
            let actorId = existing ?? UUID()
            if existing == nil {
                try await sql.insert(into: "label_actors").columns("id", "territory_id", "name", "kind", "commune", "address", "structure_id", "created_at")
                    .values(
                        SQLBind(actorId), SQLBind(actor.territoryId), SQLBind(valid.name), SQLBind(valid.kind.rawValue), SQLBind(valid.commune),
                        SQLBind(valid.address), SQLBind(valid.structureId), SQLBind(now)
                    ).run()
            } else {
                try await sql.update("label_actors").set("kind", to: SQLBind(valid.kind.rawValue)).set("commune", to: SQLBind(valid.commune))
                    .set("address", to: SQLBind(valid.address)).set("structure_id", to: SQLBind(valid.structureId)).where("id", .equal, SQLBind(actorId)).run()
            }
            let criteriaJSON = "[" + criteria.map { #"{"article":\#($0.article),"title":\#(Self.json($0.title))}"# }.joined(separator: ",") + "]"
            let evidence = String(
                decoding: try JSONEncoder().encode(Dictionary(uniqueKeysWithValues: valid.evidence.map { (String($0.key), $0.value) })), as: UTF8.self)
            try await sql.insert(into: "label_applications").columns(Self.applicationColumns + ["territory_id"])
                .values(
                    SQLBind(id), SQLBind(actorId), SQLBind(charterVersion), SQLBind(criteriaJSON), SQLBind(evidence), SQLBind(now), SQLBind(String?.none),
                    SQLBind(""), SQLBind(""), SQLBind(Date?.none), SQLBind(Date?.none), SQLBind(Date?.none), SQLBind(""), SQLBind(actor.territoryId)
                ).run()
            try await trace(.create, "label_application", id, actor: actor, on: tx)
        }
        return id
    }

    static func json(_ text: String) -> String { String(decoding: try! JSONEncoder().encode(text), as: UTF8.self) }

    public func assessments(applicationId: UUID) async throws -> [LabelAssessment] {
        struct Row: Decodable { let article: Int, member_id: UUID, name: String, met: Bool, comment: String }
        return try await sql.raw(
            """
            SELECT a.article, a.member_id, m.name, a.met, a.comment FROM label_assessments a JOIN parliament_members m ON m.id = a.member_id
            WHERE a.application_id = \(bind: applicationId) ORDER BY a.article, m.name
            """
        ).all(decoding: Row.self).map { LabelAssessment(article: $0.article, memberId: $0.member_id, auditor: $0.name, met: $0.met, comment: $0.comment) }
    }

    /// An auditor's assessment of one criterion (a second one replaces the first).
    public func assess(applicationId: UUID, article: Int, memberId: UUID, met: Bool, comment: String, actor: Actor) async throws {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "label_assessments").where("application_id", .equal, SQLBind(applicationId))
                .where("article", .equal, SQLBind(article)).where("member_id", .equal, SQLBind(memberId)).run()
            try await sql.insert(into: "label_assessments").columns("application_id", "article", "member_id", "met", "comment")
                .values(SQLBind(applicationId), SQLBind(article), SQLBind(memberId), SQLBind(met), SQLBind(comment)).run()
            try await trace(.update, "label_application", applicationId, actor: actor, on: tx)
        }
    }

    /// Decides once: false when the application was decided meanwhile.
    public func decide(
        _ applicationId: UUID, decision: LabelDecision, justification: String, conditions: String, expiresAt: Date?, actor: Actor
    ) async throws -> Bool {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("label_applications", id: applicationId, on: tx)
            let open = try await sql.select().column("id").from("label_applications").where("id", .equal, SQLBind(applicationId))
                .where("decision", .is, SQLLiteral.null).first()
            guard open != nil else { return false }
            try await sql.update("label_applications").set("decision", to: SQLBind(decision.rawValue)).set("justification", to: SQLBind(justification))
                .set("conditions", to: SQLBind(conditions)).set("decided_at", to: SQLBind(clock.now())).set("expires_at", to: SQLBind(expiresAt))
                .where("id", .equal, SQLBind(applicationId)).run()
            try await trace(.update, "label_application", applicationId, actor: actor, on: tx)
            return true
        }
    }

    public func withdraw(_ applicationId: UUID, reason: String, actor: Actor) async throws {
        try await database.write { tx in
            try await (tx as! any SQLDatabase).update("label_applications").set("withdrawn_at", to: SQLBind(clock.now()))
                .set("withdraw_reason", to: SQLBind(reason)).where("id", .equal, SQLBind(applicationId)).run()
            try await trace(.update, "label_application", applicationId, actor: actor, on: tx)
        }
    }

    // MARK: Council

    public func elections(territoryId: UUID) async throws -> [CouncilElection] {
        struct Row: Decodable { let id: UUID, title: String, seats: Int, is_open: Bool, closed_at: Date? }
        return try await sql.select().columns("id", "title", "seats", "is_open", "closed_at").from("council_elections")
            .where("territory_id", .equal, SQLBind(territoryId)).orderBy("created_at", .descending).all(decoding: Row.self)
            .map { CouncilElection(id: $0.id, title: $0.title, seats: $0.seats, open: $0.is_open, closedAt: $0.closed_at) }
    }

    public func createElection(title: String, seats: Int, actor: Actor) async throws -> UUID {
        let id = UUID()
        try await database.write { tx in
            try await (tx as! any SQLDatabase).insert(into: "council_elections").columns("id", "territory_id", "title", "seats", "is_open", "created_at")
                .values(SQLBind(id), SQLBind(actor.territoryId), SQLBind(title), SQLBind(seats), SQLBind(true), SQLBind(clock.now())).run()
            try await trace(.create, "council_election", id, actor: actor, on: tx)
        }
        return id
    }

    public func candidates(electionId: UUID) async throws -> [CouncilCandidate] {
        struct Row: Decodable { let id: UUID, name: String, trained_on: String, presentation: String, votes: Int }
        return try await sql.select().columns("id", "name", "trained_on", "presentation", "votes").from("council_candidates")
            .where("election_id", .equal, SQLBind(electionId)).orderBy("name").all(decoding: Row.self)
            .map { CouncilCandidate(id: $0.id, name: $0.name, trainedOn: $0.trained_on, presentation: $0.presentation, votes: $0.votes) }
    }

    public func addCandidate(electionId: UUID, name: String, trainedOn: String, presentation: String, actor: Actor) async throws {
        try await database.write { tx in
            try await (tx as! any SQLDatabase).insert(into: "council_candidates").columns("id", "election_id", "name", "trained_on", "presentation", "votes")
                .values(SQLBind(UUID()), SQLBind(electionId), SQLBind(name), SQLBind(trainedOn), SQLBind(presentation), SQLBind(0)).run()
            try await trace(.update, "council_election", electionId, actor: actor, on: tx)
        }
    }

    public func hasVoted(electionId: UUID, accountId: UUID) async throws -> Bool {
        try await sql.select().column("account_id").from("council_voters").where("election_id", .equal, SQLBind(electionId))
            .where("account_id", .equal, SQLBind(accountId)).first() != nil
    }

    /// Locks the election's row, then tells whether it is still open: what every vote and count
    /// checks before it adds anything.
    private func lockOpenElection(_ electionId: UUID, on tx: any Database) async throws -> Bool {
        try await database.lockRow("council_elections", id: electionId, on: tx)
        return try await (tx as! any SQLDatabase).select().column("id").from("council_elections").where("id", .equal, SQLBind(electionId))
            .where("is_open", .equal, SQLBind(true)).first() != nil
    }

    /// One vote per inhabitant: nil when counted, or why not.
    public func voteInElection(_ electionId: UUID, candidateId: UUID, actor: Actor) async throws -> String? {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            guard try await lockOpenElection(electionId, on: tx) else { return "L'élection est close." }
            let voted = try await sql.select().column("account_id").from("council_voters").where("election_id", .equal, SQLBind(electionId))
                .where("account_id", .equal, SQLBind(actor.accountId)).first()
            guard voted == nil else { return "Vous avez déjà voté à cette élection." }
            try await sql.insert(into: "council_voters").columns("election_id", "account_id").values(SQLBind(electionId), SQLBind(actor.accountId)).run()
            try await sql.raw(
                "UPDATE council_candidates SET votes = votes + 1 WHERE id = \(bind: candidateId) AND election_id = \(bind: electionId)"
            ).run()
            try await trace(.update, "council_vote", electionId, actor: actor, on: tx)
            return nil
        }
    }

    /// The names of those who voted online, for the polling station's list: someone who voted
    /// online does not vote again on paper.
    public func voterNames(electionId: UUID) async throws -> [String] {
        struct Row: Decodable { let name: String }
        return try await sql.raw(
            """
            SELECT a.name FROM council_voters v JOIN accounts a ON a.id = v.account_id WHERE v.election_id = \(bind: electionId) ORDER BY a.name
            """
        ).all(decoding: Row.self).map(\.name)
    }

    public func voterCount(electionId: UUID) async throws -> Int {
        struct Row: Decodable { let n: Int }
        return try await sql.raw("SELECT COUNT(*) AS n FROM council_voters WHERE election_id = \(bind: electionId)").first(decoding: Row.self)?.n ?? 0
    }

    public struct StationCount: Sendable, Equatable {
        public let id: UUID
        public let votes: [UUID: Int]
        public let enteredBy: UUID
    }

    /// Polling-station counts awaiting their second officer.
    public func pendingCounts(electionId: UUID) async throws -> [StationCount] {
        struct Row: Decodable { let id: UUID, counts: String, entered_by: UUID }
        return try await sql.select().columns("id", "counts", "entered_by").from("council_counts").where("election_id", .equal, SQLBind(electionId))
            .where("confirmed_by", .is, SQLLiteral.null).all(decoding: Row.self).map {
                StationCount(id: $0.id, votes: (try? JSONDecoder().decode([UUID: Int].self, from: Data($0.counts.utf8))) ?? [:], enteredBy: $0.entered_by)
            }
    }

    public func enterCount(electionId: UUID, votes: [UUID: Int], actor: Actor) async throws {
        let id = UUID()
        try await database.write { tx in
            try await (tx as! any SQLDatabase).insert(into: "council_counts").columns("id", "election_id", "counts", "entered_by")
                .values(SQLBind(id), SQLBind(electionId), SQLBind(String(decoding: try JSONEncoder().encode(votes), as: UTF8.self)), SQLBind(actor.accountId))
                .run()
            try await trace(.create, "council_count", id, actor: actor, on: tx)
        }
    }

    /// The second officer's signature adds the station's votes: nil when done, or why not.
    public func confirmCount(_ countId: UUID, electionId: UUID, actor: Actor) async throws -> String? {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            guard try await lockOpenElection(electionId, on: tx) else { return "L'élection est close." }
            struct Row: Decodable { let counts: String, entered_by: UUID }
            guard
                let row = try await sql.select().columns("counts", "entered_by").from("council_counts").where("id", .equal, SQLBind(countId))
                    .where("election_id", .equal, SQLBind(electionId)).where("confirmed_by", .is, SQLLiteral.null).first(decoding: Row.self)
            else { return "Ce décompte est déjà confirmé." }
            guard row.entered_by != actor.accountId else { return "Un décompte est confirmé par un·e second·e assesseur·e, pas par qui l'a saisi." }
            let votes = (try? JSONDecoder().decode([UUID: Int].self, from: Data(row.counts.utf8))) ?? [:]
            for (candidate, count) in votes where count > 0 {
                try await sql.raw(
                    "UPDATE council_candidates SET votes = votes + \(bind: count) WHERE id = \(bind: candidate) AND election_id = \(bind: electionId)"
                ).run()
            }
            try await sql.update("council_counts").set("confirmed_by", to: SQLBind(actor.accountId)).where("id", .equal, SQLBind(countId)).run()
            try await trace(.update, "council_count", countId, actor: actor, on: tx)
            return nil
        }
    }

    /// Closes the election, unless a polling station's count still waits for its second officer.
    public func closeElection(_ electionId: UUID, actor: Actor) async throws -> Bool {
        try await database.write { tx in
            try await database.lockRow("council_elections", id: electionId, on: tx)
            let pending = try await (tx as! any SQLDatabase).select().column("id").from("council_counts")
                .where("election_id", .equal, SQLBind(electionId)).where("confirmed_by", .is, SQLLiteral.null).first()
            guard pending == nil else { return false }
            try await (tx as! any SQLDatabase).update("council_elections").set("is_open", to: SQLBind(false)).set("closed_at", to: SQLBind(clock.now()))
                .where("id", .equal, SQLBind(electionId)).run()
            try await trace(.update, "council_election", electionId, actor: actor, on: tx)
            return true
        }
    }

    struct OpinionRow: Decodable {
        let id: UUID, number: Int, title: String, referred_by: String, question: String, opinion: String, reasons: String, cites: String
        let received_at: Date, published_at: Date?
        var core: CouncilOpinion {
            CouncilOpinion(
                id: id, number: number, title: title, referredBy: referred_by, question: question, opinion: opinion, reasons: reasons,
                receivedAt: received_at, publishedAt: published_at, cites: (try? JSONDecoder().decode([Int].self, from: Data(cites.utf8))) ?? [])
        }
    }

    static let opinionColumns = ["id", "number", "title", "referred_by", "question", "opinion", "reasons", "cites", "received_at", "published_at"]

    public func opinions(territoryId: UUID) async throws -> [CouncilOpinion] {
        try await sql.select().columns(Self.opinionColumns.map { SQLColumn($0) }).from("council_opinions")
            .where("territory_id", .equal, SQLBind(territoryId)).orderBy("number").all(decoding: OpinionRow.self).map(\.core)
    }

    /// A referral takes the next number of the territory's opinions.
    public func refer(title: String, referredBy: String, question: String, actor: Actor) async throws -> UUID {
        let id = UUID()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            struct Row: Decodable { let n: Int? }
            let last =
                try await sql.raw("SELECT MAX(number) AS n FROM council_opinions WHERE territory_id = \(bind: actor.territoryId)")
                .first(decoding: Row.self)?.n ?? 0
            try await sql.insert(into: "council_opinions").columns(Self.opinionColumns + ["territory_id"])
                .values(
                    SQLBind(id), SQLBind(last + 1), SQLBind(title), SQLBind(referredBy), SQLBind(question), SQLBind(""), SQLBind(""), SQLBind("[]"),
                    SQLBind(clock.now()), SQLBind(Date?.none), SQLBind(actor.territoryId)
                ).run()
            try await trace(.create, "council_opinion", id, actor: actor, on: tx)
        }
        return id
    }

    /// Publishes once: false when it was published meanwhile.
    public func publish(_ id: UUID, opinion: String, reasons: String, cites: [Int], actor: Actor) async throws -> Bool {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("council_opinions", id: id, on: tx)
            let open = try await sql.select().column("id").from("council_opinions").where("id", .equal, SQLBind(id))
                .where("published_at", .is, SQLLiteral.null).first()
            guard open != nil else { return false }
            try await sql.update("council_opinions").set("opinion", to: SQLBind(opinion)).set("reasons", to: SQLBind(reasons))
                .set("cites", to: SQLBind(String(decoding: try JSONEncoder().encode(cites), as: UTF8.self))).set("published_at", to: SQLBind(clock.now()))
                .where("id", .equal, SQLBind(id)).run()
            try await trace(.update, "council_opinion", id, actor: actor, on: tx)
            return true
        }
    }
}
