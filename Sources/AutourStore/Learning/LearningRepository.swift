import AutourCore
import FluentKit
import Foundation
import SQLKit

/// The interview lexicon, the skills-and-needs interviews and the wishes to teach or to learn.
public struct LearningRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    var sql: any SQLDatabase { get throws { try database.db as! any SQLDatabase } }

    // MARK: Lexicon

    /// The territory's lexicon: the default one until the coordinator saves their own.
    public func lexicon(territoryId: UUID) async throws -> [LexiconEntry] {
        struct Row: Decodable { let kind: String, target: String, cues: String }
        let rows = try await sql.select().columns("kind", "target", "cues").from("learning_lexicon")
            .where("territory_id", .equal, SQLBind(territoryId)).orderBy("position").all(decoding: Row.self)
        guard !rows.isEmpty else { return InterviewAnalysis.defaultLexicon }
        return rows.compactMap { row in
            LexiconKind(rawValue: row.kind).map {
                LexiconEntry(kind: $0, target: row.target, cues: row.cues.split(separator: ",").map(String.init))
            }
        }
    }

    /// Replaces the whole lexicon in one transaction.
    public func saveLexicon(_ entries: [LexiconEntry], actor: Actor) async throws {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "learning_lexicon").where("territory_id", .equal, SQLBind(actor.territoryId)).run()
            for (position, entry) in entries.enumerated() {
                try await sql.insert(into: "learning_lexicon").columns("territory_id", "kind", "target", "cues", "position")
                    .values(
                        SQLBind(actor.territoryId), SQLBind(entry.kind.rawValue), SQLBind(entry.target), SQLBind(entry.cues.joined(separator: ",")),
                        SQLBind(position)
                    ).run()
            }
            try await trace(.update, "learning_lexicon", actor.territoryId.uuidString, actor: actor, on: tx)
        }
    }

    // MARK: Interviews

    struct InterviewRow: Decodable {
        let id: UUID, territory_id: UUID, resource_id: UUID, answers: String, last_step: Int, created_at: Date, completed_at: Date?
    }

    /// Starts an interview for a resource person, or gives back the draft already open for them.
    public func start(resourceId: UUID, actor: Actor) async throws -> UUID {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            struct Row: Decodable { let id: UUID }
            if let open = try await sql.select().column("id").from("interviews").where("resource_id", .equal, SQLBind(resourceId))
                .where("completed_at", .is, SQLLiteral.null).first(decoding: Row.self)
            {
                return open.id
            }
            let id = UUID()
            let now = clock.now()
            try await sql.insert(into: "interviews")
                .columns("id", "territory_id", "resource_id", "started_by", "answers", "last_step", "created_at", "updated_at")
                .values(
                    SQLBind(id), SQLBind(actor.territoryId), SQLBind(resourceId), SQLBind(actor.accountId), SQLBind("{}"), SQLBind(0), SQLBind(now),
                    SQLBind(now)
                ).run()
            try await trace(.create, "interview", id.uuidString, actor: actor, on: tx)
            return id
        }
    }

    public func interview(id: UUID, territoryId: UUID) async throws -> Interview? {
        guard
            let row = try await sql.select().columns("id", "territory_id", "resource_id", "answers", "last_step", "created_at", "completed_at")
                .from("interviews").where("id", .equal, SQLBind(id)).where("territory_id", .equal, SQLBind(territoryId))
                .first(decoding: InterviewRow.self)
        else { return nil }
        return try await interviews([row]).first
    }

    /// A person's interviews, newest first.
    public func interviews(resourceId: UUID) async throws -> [Interview] {
        let rows = try await sql.select().columns("id", "territory_id", "resource_id", "answers", "last_step", "created_at", "completed_at")
            .from("interviews").where("resource_id", .equal, SQLBind(resourceId)).orderBy("created_at", .descending)
            .all(decoding: InterviewRow.self)
        return try await interviews(rows)
    }

    /// The territory's drafts, oldest first: the agents pick them up again.
    public func drafts(territoryId: UUID) async throws -> [Interview] {
        let rows = try await sql.select().columns("id", "territory_id", "resource_id", "answers", "last_step", "created_at", "completed_at")
            .from("interviews").where("territory_id", .equal, SQLBind(territoryId)).where("completed_at", .is, SQLLiteral.null)
            .orderBy("created_at").limit(200).all(decoding: InterviewRow.self)
        return try await interviews(rows)
    }

    private func interviews(_ rows: [InterviewRow]) async throws -> [Interview] {
        guard !rows.isEmpty else { return [] }
        struct Row: Decodable { let interview_id: UUID, kind: String, target: String, evidence: String }
        let accepted = try await sql.select().columns("interview_id", "kind", "target", "evidence").from("interview_suggestions")
            .where("interview_id", .in, SQLBind.group(rows.map(\.id))).orderBy("kind").orderBy("target").all(decoding: Row.self)
        let byInterview = Dictionary(grouping: accepted, by: \.interview_id)
        return rows.map { row in
            let stored = (try? JSONDecoder().decode([String: String].self, from: Data(row.answers.utf8))) ?? [:]
            var answers: [InterviewStep: String] = [:]
            for (key, value) in stored { if let step = InterviewStep(rawValue: key) { answers[step] = value } }
            return Interview(
                id: row.id, territoryId: row.territory_id, resourceId: row.resource_id, answers: answers, lastStep: row.last_step,
                createdAt: row.created_at, completedAt: row.completed_at,
                accepted: (byInterview[row.id] ?? []).compactMap { a in
                    SuggestionKind(rawValue: a.kind).map { Interview.Accepted(kind: $0, target: a.target, evidence: a.evidence) }
                })
        }
    }

    /// Saves one answer of a draft (the draft is read and written under the writer, so two
    /// steps saved at once both stay).
    public func saveAnswer(_ text: String, step: InterviewStep, interviewId: UUID, actor: Actor) async throws {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            struct Row: Decodable { let answers: String, last_step: Int, completed_at: Date? }
            guard
                let row = try await sql.select().columns("answers", "last_step", "completed_at").from("interviews")
                    .where("id", .equal, SQLBind(interviewId)).where("territory_id", .equal, SQLBind(actor.territoryId))
                    .first(decoding: Row.self)
            else { throw AutourError.notFound }
            guard row.completed_at == nil else { throw AutourError.invalid("Cet entretien est terminé : ses réponses ne sont plus gardées.") }
            var answers = (try? JSONDecoder().decode([String: String].self, from: Data(row.answers.utf8))) ?? [:]
            answers[step.rawValue] = text.isEmpty ? nil : text
            let json = String(decoding: try JSONEncoder().encode(answers), as: UTF8.self)
            try await sql.update("interviews").set("answers", to: SQLBind(json)).set("last_step", to: SQLBind(max(row.last_step, step.number)))
                .set("updated_at", to: SQLBind(clock.now())).where("id", .equal, SQLBind(interviewId)).run()
        }
    }

    /// Completes a draft with what the person accepted: the accepted suggestions are kept with
    /// their words, skills join the resource profile, subjects become wishes; the answers are
    /// emptied. Nothing of a discarded suggestion is written.
    public func complete(interviewId: UUID, accepted: [Suggestion], actor: Actor) async throws {
        let now = clock.now()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            struct Row: Decodable { let resource_id: UUID, completed_at: Date? }
            guard
                let row = try await sql.select().columns("resource_id", "completed_at").from("interviews")
                    .where("id", .equal, SQLBind(interviewId)).where("territory_id", .equal, SQLBind(actor.territoryId))
                    .first(decoding: Row.self)
            else { throw AutourError.notFound }
            guard row.completed_at == nil else { throw AutourError.invalid("Cet entretien est déjà terminé.") }
            for suggestion in accepted {
                try await sql.insert(into: "interview_suggestions").columns("interview_id", "kind", "target", "evidence")
                    .values(SQLBind(interviewId), SQLBind(suggestion.kind.rawValue), SQLBind(suggestion.target), SQLBind(suggestion.explanation))
                    .run()
                switch suggestion.kind {
                case .teach, .learn:
                    try await addWish(
                        suggestion.kind == .teach ? .offer : .request, subject: suggestion.target, resourceId: row.resource_id,
                        territoryId: actor.territoryId, on: sql)
                case .project:
                    try await PotentialsRepository(database: database, clock: clock).joinOpenProject(
                        titled: suggestion.target, resourceId: row.resource_id, territoryId: actor.territoryId, on: tx)
                case .skill, .role: break
                }
            }
            let skills = accepted.filter { $0.kind == .skill }.map(\.target)
            if !skills.isEmpty { try await EnergiesRepository.addSkills(skills, resourceId: row.resource_id, on: tx) }
            try await sql.update("interviews").set("answers", to: SQLBind("{}")).set("completed_at", to: SQLBind(now))
                .set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(interviewId)).run()
            try await trace(.update, "interview", interviewId.uuidString, actor: actor, on: tx)
        }
    }

    /// Deletes a draft and its answers.
    public func discard(interviewId: UUID, actor: Actor) async throws {
        try await database.write { tx in
            try await (tx as! any SQLDatabase).delete(from: "interviews").where("id", .equal, SQLBind(interviewId))
                .where("territory_id", .equal, SQLBind(actor.territoryId)).where("completed_at", .is, SQLLiteral.null).run()
            try await trace(.delete, "interview", interviewId.uuidString, actor: actor, on: tx)
        }
    }

    // MARK: Wishes

    public struct Wish: Sendable, Equatable {
        public let id: UUID, resourceId: UUID, kind: WishKind, subject: String
    }

    public func addWish(_ kind: WishKind, subject: String, resourceId: UUID, actor: Actor) async throws {
        try await database.write { tx in
            try await addWish(kind, subject: subject, resourceId: resourceId, territoryId: actor.territoryId, on: tx as! any SQLDatabase)
            try await trace(.create, "training_wish", resourceId.uuidString, actor: actor, on: tx)
        }
    }

    /// A wish already there is kept as it is.
    private func addWish(_ kind: WishKind, subject: String, resourceId: UUID, territoryId: UUID, on sql: any SQLDatabase) async throws {
        struct Row: Decodable { let id: UUID }
        let existing = try await sql.select().column("id").from("training_wishes").where("resource_id", .equal, SQLBind(resourceId))
            .where("kind", .equal, SQLBind(kind.rawValue)).where("subject", .equal, SQLBind(subject)).first(decoding: Row.self)
        guard existing == nil else { return }
        try await sql.insert(into: "training_wishes").columns("id", "territory_id", "resource_id", "kind", "subject", "created_at")
            .values(SQLBind(UUID()), SQLBind(territoryId), SQLBind(resourceId), SQLBind(kind.rawValue), SQLBind(subject), SQLBind(clock.now()))
            .run()
    }

    public func removeWish(id: UUID, resourceId: UUID, actor: Actor) async throws {
        try await database.write { tx in
            try await (tx as! any SQLDatabase).delete(from: "training_wishes").where("id", .equal, SQLBind(id))
                .where("resource_id", .equal, SQLBind(resourceId)).where("territory_id", .equal, SQLBind(actor.territoryId)).run()
            try await trace(.delete, "training_wish", id.uuidString, actor: actor, on: tx)
        }
    }

    /// The territory's wishes, or one person's.
    public func wishes(territoryId: UUID, resourceId: UUID? = nil) async throws -> [Wish] {
        struct Row: Decodable { let id: UUID, resource_id: UUID, kind: String, subject: String }
        var query = try sql.select().columns("id", "resource_id", "kind", "subject").from("training_wishes")
            .where("territory_id", .equal, SQLBind(territoryId))
        if let resourceId { query = query.where("resource_id", .equal, SQLBind(resourceId)) }
        return try await query.orderBy("subject").orderBy("kind").all(decoding: Row.self).compactMap { row in
            WishKind(rawValue: row.kind).map { Wish(id: row.id, resourceId: row.resource_id, kind: $0, subject: row.subject) }
        }
    }

    func trace(_ action: AuditAction, _ type: String, _ id: String, actor: Actor, on tx: any Database) async throws {
        try await database.trace(action, type, id, actor: actor, at: clock.now(), on: tx)
    }
}
