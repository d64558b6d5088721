import AutourCore
import FluentKit
import Foundation
import SQLKit

/// Inhabitants' projects: the territory's stages, the projects, their people, the criteria ticked,
/// the timeline and the needs sent to the other modules. Every change writes its timeline entry
/// and its audit entry in the same transaction.
public struct PotentialsRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    var sql: any SQLDatabase { get throws { try database.db as! any SQLDatabase } }

    public struct Person: Sendable, Equatable {
        public let resourceId: UUID, name: String, role: ProjectRole, joinedAt: Date
    }

    /// A need a project sent elsewhere; the state of a booking or an Energies need is read from
    /// the module that holds it, an expert request's is kept here (`expert`, nil for the others).
    public struct SentNeed: Sendable, Equatable {
        public let id: UUID, projectId: UUID, kind: ProjectNeedKind, label: String, needId: UUID?, bookingId: UUID?, structureId: String?
        public let expert: ExpertAnswer?, answer: String, createdAt: Date, answeredAt: Date?
    }

    /// The default stages have the same ids in every territory, so that projects can point at them
    /// before the territory wrote its own pipeline.
    static func defaultId(_ index: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-4000-9000-%012d", index + 1))! }

    // MARK: Stages

    public func stages(territoryId: UUID) async throws -> [ProjectStage] {
        try await Self.stages(territoryId: territoryId, on: try sql)
    }

    static func stages(territoryId: UUID, on sql: any SQLDatabase) async throws -> [ProjectStage] {
        struct Row: Decodable { let id: UUID, name: String, entry: String, exit: String, stall_days: Int }
        let rows = try await sql.select().columns("id", "name", "entry", "exit", "stall_days").from("project_stages")
            .where("territory_id", .equal, SQLBind(territoryId)).orderBy("position").all(decoding: Row.self)
        guard !rows.isEmpty else {
            return ProjectRules.defaultStages.enumerated().map {
                ProjectStage(id: defaultId($0.offset), name: $0.element.name, entry: $0.element.entry, exit: $0.element.exit, stallDays: $0.element.stallDays)
            }
        }
        return rows.map {
            ProjectStage(id: $0.id, name: $0.name, entry: ProjectRules.criteria($0.entry), exit: ProjectRules.criteria($0.exit), stallDays: $0.stall_days)
        }
    }

    /// Writes the whole pipeline (names, criteria, delays, order). Stages are never removed here:
    /// the service refuses to drop one that projects are in.
    public func saveStages(_ stages: [ProjectStage], actor: Actor) async throws {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "project_stages").where("territory_id", .equal, SQLBind(actor.territoryId)).run()
            for (position, stage) in stages.enumerated() {
                try await sql.insert(into: "project_stages").columns("territory_id", "id", "name", "entry", "exit", "stall_days", "position")
                    .values(
                        SQLBind(actor.territoryId), SQLBind(stage.id), SQLBind(stage.name), SQLBind(stage.entry.joined(separator: "\n")),
                        SQLBind(stage.exit.joined(separator: "\n")), SQLBind(stage.stallDays), SQLBind(position)
                    ).run()
            }
            try await trace(.update, "project_stages", actor.territoryId.uuidString, actor: actor, on: tx)
        }
    }

    // MARK: Projects

    struct ProjectRow: Decodable {
        let id: UUID, territory_id: UUID, title: String, purpose: String, serves: String, neighbourhood: String, theme: String, scale: String
        let origin: String, stage_id: UUID, stage_since: Date, state: String, lessons: String, is_public: Bool, created_at: Date
        let created_by: UUID?
        var core: Project {
            Project(
                id: id, territoryId: territory_id, title: title, purpose: purpose, serves: serves, neighbourhood: neighbourhood,
                theme: ProjectTheme(rawValue: theme) ?? .neighbourhood, scale: ProjectScale(rawValue: scale) ?? .collective,
                origin: ProjectOrigin(rawValue: origin) ?? .ccas, stageId: stage_id, stageSince: stage_since,
                state: ProjectState(rawValue: state) ?? .active, lessons: lessons, isPublic: is_public, createdAt: created_at,
                createdBy: created_by)
        }
    }

    static let columns = [
        "id", "territory_id", "title", "purpose", "serves", "neighbourhood", "theme", "scale", "origin", "stage_id", "stage_since", "state",
        "lessons", "is_public", "created_at", "created_by",
    ]

    public func create(_ valid: ProjectRules.Valid, stageId: UUID, actor: Actor) async throws -> UUID {
        let id = UUID()
        let now = clock.now()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await sql.insert(into: "projects").columns(Self.columns)
                .values(
                    SQLBind(id), SQLBind(actor.territoryId), SQLBind(valid.title), SQLBind(valid.purpose), SQLBind(valid.serves),
                    SQLBind(valid.neighbourhood), SQLBind(valid.theme.rawValue), SQLBind(valid.scale.rawValue), SQLBind(valid.origin.rawValue),
                    SQLBind(stageId), SQLBind(now), SQLBind(ProjectState.active.rawValue), SQLBind(""), SQLBind(valid.isPublic), SQLBind(now),
                    SQLBind(actor.accountId)
                ).run()
            try await event(id, .proposed, "Par \(valid.origin.inSentence).", on: tx)
            for carrier in valid.carriers { try await setPerson(carrier, role: .carrier, projectId: id, on: tx) }
            try await trace(.create, "project", id.uuidString, actor: actor, on: tx)
        }
        return id
    }

    public func project(id: UUID, territoryId: UUID) async throws -> Project? {
        try await sql.select().columns(Self.columns.map { SQLColumn($0) }).from("projects").where("id", .equal, SQLBind(id))
            .where("territory_id", .equal, SQLBind(territoryId)).first(decoding: ProjectRow.self)?.core
    }

    public func projects(territoryId: UUID) async throws -> [Project] {
        try await sql.select().columns(Self.columns.map { SQLColumn($0) }).from("projects").where("territory_id", .equal, SQLBind(territoryId))
            .orderBy("title").all(decoding: ProjectRow.self).map(\.core)
    }

    /// Changes what the project is about (its stage and state move only through their own paths).
    public func update(_ project: Project, with valid: ProjectRules.Valid, actor: Actor) async throws {
        try await database.write { tx in
            try await (tx as! any SQLDatabase).update("projects").set("title", to: SQLBind(valid.title)).set("purpose", to: SQLBind(valid.purpose))
                .set("serves", to: SQLBind(valid.serves)).set("neighbourhood", to: SQLBind(valid.neighbourhood))
                .set("theme", to: SQLBind(valid.theme.rawValue)).set("scale", to: SQLBind(valid.scale.rawValue))
                .set("is_public", to: SQLBind(valid.isPublic)).where("id", .equal, SQLBind(project.id)).run()
            try await trace(.update, "project", project.id.uuidString, actor: actor, on: tx)
        }
    }

    /// Moves the project from `from` to `to`, only if it is still at `from`: two coaches passing
    /// the same stage at once pass it once.
    public func pass(_ project: Project, from: ProjectStage, to: ProjectStage, actor: Actor) async throws -> Bool {
        let now = clock.now()
        return try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("projects", id: project.id, on: tx)
            struct Row: Decodable { let stage_id: UUID, state: String }
            guard
                let row = try await sql.select().columns("stage_id", "state").from("projects").where("id", .equal, SQLBind(project.id))
                    .first(decoding: Row.self), row.stage_id == from.id, row.state == ProjectState.active.rawValue
            else { return false }
            try await sql.update("projects").set("stage_id", to: SQLBind(to.id)).set("stage_since", to: SQLBind(now))
                .where("id", .equal, SQLBind(project.id)).run()
            try await event(project.id, .passed, "\(from.name) → \(to.name)", on: tx)
            try await trace(.update, "project", project.id.uuidString, actor: actor, on: tx)
            return true
        }
    }

    /// Pauses, resumes or stops a project; a stop keeps its lessons.
    public func setState(_ state: ProjectState, lessons: String?, note: String, project: Project, actor: Actor) async throws {
        try await database.write { tx in
            var update = (tx as! any SQLDatabase).update("projects").set("state", to: SQLBind(state.rawValue))
            if let lessons { update = update.set("lessons", to: SQLBind(lessons)) }
            // Time in stage restarts when a paused project resumes: the pause is not a stall.
            if state == .active { update = update.set("stage_since", to: SQLBind(clock.now())) }
            try await update.where("id", .equal, SQLBind(project.id)).run()
            let kind: ProjectEventKind = state == .active ? .resumed : state == .paused ? .paused : .stopped
            try await event(project.id, kind, note, on: tx)
            try await trace(.update, "project", project.id.uuidString, actor: actor, on: tx)
        }
    }

    // MARK: People

    public func people(projectId: UUID) async throws -> [Person] {
        struct Row: Decodable { let resource_id: UUID, name: String, role: String, joined_at: Date }
        return try await sql.raw(
            """
            SELECT p.resource_id, r.name, p.role, p.joined_at FROM project_people p JOIN resource_persons r ON r.id = p.resource_id
            WHERE p.project_id = \(bind: projectId) ORDER BY p.joined_at, r.name
            """
        ).all(decoding: Row.self).map {
            Person(resourceId: $0.resource_id, name: $0.name, role: ProjectRole(rawValue: $0.role) ?? .member, joinedAt: $0.joined_at)
        }
    }

    /// The projects a resource person is part of, with their role.
    public func projects(ofResource resourceId: UUID) async throws -> [UUID: ProjectRole] {
        struct Row: Decodable { let project_id: UUID, role: String }
        let rows = try await sql.select().columns("project_id", "role").from("project_people").where("resource_id", .equal, SQLBind(resourceId))
            .all(decoding: Row.self)
        return Dictionary(rows.map { ($0.project_id, ProjectRole(rawValue: $0.role) ?? .member) }, uniquingKeysWith: { first, _ in first })
    }

    public func addPerson(_ resourceId: UUID, name: String, role: ProjectRole, projectId: UUID, actor: Actor) async throws {
        try await database.write { tx in
            try await setPerson(resourceId, role: role, projectId: projectId, on: tx)
            try await event(projectId, .joined, "\(name) (\(role.label.lowercased()))", on: tx)
            try await trace(.update, "project", projectId.uuidString, actor: actor, on: tx)
        }
    }

    /// Joins, as a member, the open project of that title (the interview's accepted suggestion),
    /// inside the caller's transaction; someone already in the project keeps their role.
    func joinOpenProject(titled title: String, resourceId: UUID, territoryId: UUID, on tx: any Database) async throws {
        let sql = tx as! any SQLDatabase
        struct Row: Decodable { let id: UUID }
        struct Name: Decodable { let name: String }
        guard
            let project = try await sql.select().column("id").from("projects").where("territory_id", .equal, SQLBind(territoryId))
                .where("title", .equal, SQLBind(title)).where("is_public", .equal, SQLBind(true))
                .where("state", .notEqual, SQLBind(ProjectState.stopped.rawValue)).first(decoding: Row.self),
            let person = try await sql.select().column("name").from("resource_persons").where("id", .equal, SQLBind(resourceId))
                .first(decoding: Name.self)
        else { return }
        let already = try await sql.select().column("resource_id").from("project_people").where("project_id", .equal, SQLBind(project.id))
            .where("resource_id", .equal, SQLBind(resourceId)).first()
        guard already == nil else { return }
        try await setPerson(resourceId, role: .member, projectId: project.id, on: tx)
        try await event(project.id, .joined, "\(person.name) (membre, après son entretien)", on: tx)
    }

    private func setPerson(_ resourceId: UUID, role: ProjectRole, projectId: UUID, on tx: any Database) async throws {
        let sql = tx as! any SQLDatabase
        try await sql.delete(from: "project_people").where("project_id", .equal, SQLBind(projectId)).where("resource_id", .equal, SQLBind(resourceId))
            .run()
        try await sql.insert(into: "project_people").columns("project_id", "resource_id", "role", "joined_at")
            .values(SQLBind(projectId), SQLBind(resourceId), SQLBind(role.rawValue), SQLBind(clock.now())).run()
    }

    public func removePerson(_ resourceId: UUID, name: String, projectId: UUID, actor: Actor) async throws {
        try await database.write { tx in
            try await (tx as! any SQLDatabase).delete(from: "project_people").where("project_id", .equal, SQLBind(projectId))
                .where("resource_id", .equal, SQLBind(resourceId)).run()
            try await event(projectId, .left, name, on: tx)
            try await trace(.update, "project", projectId.uuidString, actor: actor, on: tx)
        }
    }

    // MARK: Criteria and timeline

    public func checks(projectId: UUID) async throws -> [CriterionCheck] {
        struct Row: Decodable { let stage_id: UUID, side: String, criterion: String, note: String, checked_at: Date, checked_by: String }
        return try await sql.select().columns("stage_id", "side", "criterion", "note", "checked_at", "checked_by").from("project_checks")
            .where("project_id", .equal, SQLBind(projectId)).orderBy("checked_at").all(decoding: Row.self)
            .map {
                CriterionCheck(
                    stageId: $0.stage_id, side: CriterionSide(rawValue: $0.side) ?? .exit, criterion: $0.criterion, note: $0.note, at: $0.checked_at,
                    by: $0.checked_by)
            }
    }

    /// Ticks a criterion with its note; ticking it again replaces the note (the timeline keeps both).
    public func tick(_ criterion: String, side: CriterionSide, stageId: UUID, note: String, by name: String, projectId: UUID, actor: Actor)
        async throws
    {
        let now = clock.now()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "project_checks").where("project_id", .equal, SQLBind(projectId)).where("stage_id", .equal, SQLBind(stageId))
                .where("side", .equal, SQLBind(side.rawValue)).where("criterion", .equal, SQLBind(criterion)).run()
            try await sql.insert(into: "project_checks").columns("project_id", "stage_id", "side", "criterion", "note", "checked_at", "checked_by")
                .values(SQLBind(projectId), SQLBind(stageId), SQLBind(side.rawValue), SQLBind(criterion), SQLBind(note), SQLBind(now), SQLBind(name))
                .run()
            try await event(projectId, .ticked, "« \(criterion) » — \(note) (\(name))", on: tx)
            try await trace(.update, "project", projectId.uuidString, actor: actor, on: tx)
        }
    }

    public func addNote(_ note: String, projectId: UUID, actor: Actor) async throws {
        try await database.write { tx in
            try await event(projectId, .note, note, on: tx)
            try await trace(.update, "project", projectId.uuidString, actor: actor, on: tx)
        }
    }

    public func timeline(projectId: UUID) async throws -> [ProjectEvent] {
        struct Row: Decodable { let happened_at: Date, kind: String, text: String }
        return try await sql.select().columns("happened_at", "kind", "text").from("project_events").where("project_id", .equal, SQLBind(projectId))
            .orderBy("happened_at", .descending).all(decoding: Row.self)
            .map { ProjectEvent(at: $0.happened_at, kind: ProjectEventKind(rawValue: $0.kind) ?? .note, text: $0.text) }
    }

    func event(_ projectId: UUID, _ kind: ProjectEventKind, _ text: String, on tx: any Database) async throws {
        try await (tx as! any SQLDatabase).insert(into: "project_events").columns("project_id", "happened_at", "kind", "text")
            .values(SQLBind(projectId), SQLBind(clock.now()), SQLBind(kind.rawValue), SQLBind(text)).run()
    }

    // MARK: Needs sent to the other modules

    static let needColumns = [
        "id", "project_id", "kind", "label", "need_id", "booking_id", "structure_id", "status", "answer", "created_at", "answered_at",
    ]

    struct NeedRow: Decodable {
        let id: UUID, project_id: UUID, kind: String, label: String, need_id: UUID?, booking_id: UUID?, structure_id: String?, status: String?
        let answer: String, created_at: Date, answered_at: Date?
        var core: SentNeed {
            SentNeed(
                id: id, projectId: project_id, kind: ProjectNeedKind(rawValue: kind) ?? .expert, label: label, needId: need_id,
                bookingId: booking_id, structureId: structure_id, expert: status.flatMap(ExpertAnswer.init), answer: answer,
                createdAt: created_at, answeredAt: answered_at)
        }
    }

    /// Records a need already created in its module (an Energies need, a booking) or an expert
    /// request to a structure of the directory, with its timeline entry.
    public func recordNeed(
        _ kind: ProjectNeedKind, label: String, needId: UUID? = nil, bookingId: UUID? = nil, structureId: String? = nil, projectId: UUID, actor: Actor
    ) async throws -> UUID {
        let id = UUID()
        try await database.write { tx in
            try await (tx as! any SQLDatabase).insert(into: "project_needs").columns(Self.needColumns)
                .values(
                    SQLBind(id), SQLBind(projectId), SQLBind(kind.rawValue), SQLBind(label), SQLBind(needId), SQLBind(bookingId), SQLBind(structureId),
                    SQLBind(kind == .expert ? ExpertAnswer.asked.rawValue as String? : nil), SQLBind(""), SQLBind(clock.now()), SQLBind(Date?.none)
                ).run()
            try await event(projectId, .need, label, on: tx)
            try await trace(.create, "project_need", id.uuidString, actor: actor, on: tx)
        }
        return id
    }

    public func needs(projectId: UUID) async throws -> [SentNeed] {
        try await sql.select().columns(Self.needColumns.map { SQLColumn($0) }).from("project_needs").where("project_id", .equal, SQLBind(projectId))
            .orderBy("created_at").all(decoding: NeedRow.self).map(\.core)
    }

    /// The expert requests addressed to a structure, newest first, with their project's title.
    public func expertRequests(structureId: String, territoryId: UUID) async throws -> [(need: SentNeed, project: String)] {
        struct Row: Decodable {
            let need: NeedRow, title: String
            init(from decoder: any Decoder) throws {
                need = try NeedRow(from: decoder)
                title = try decoder.container(keyedBy: Key.self).decode(String.self, forKey: .title)
            }
            enum Key: CodingKey { case title }
        }
        return try await sql.raw(
            """
            SELECT n.id, n.project_id, n.kind, n.label, n.need_id, n.booking_id, n.structure_id, n.status, n.answer, n.created_at, n.answered_at,
            p.title FROM project_needs n JOIN projects p ON p.id = n.project_id
            WHERE n.structure_id = \(bind: structureId) AND n.kind = 'expert' AND p.territory_id = \(bind: territoryId) ORDER BY n.created_at DESC
            """
        ).all(decoding: Row.self).map { ($0.need.core, $0.title) }
    }

    /// A partner's answer to an expert request, once: a request already answered stays answered.
    public func answerExpert(needId: UUID, structureId: String, accepted: Bool, answer: String, actor: Actor) async throws -> Bool {
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            struct Row: Decodable { let project_id: UUID }
            guard
                let row = try await sql.select().column("project_id").from("project_needs").where("id", .equal, SQLBind(needId))
                    .where("structure_id", .equal, SQLBind(structureId)).where("status", .equal, SQLBind(ExpertAnswer.asked.rawValue)).first(decoding: Row.self)
            else { return false }
            try await sql.update("project_needs").set("status", to: SQLBind((accepted ? ExpertAnswer.accepted : .declined).rawValue)).set(
                "answer", to: SQLBind(answer)
            )
            .set("answered_at", to: SQLBind(clock.now())).where("id", .equal, SQLBind(needId)).run()
            try await event(row.project_id, .need, (accepted ? "Expertise acceptée : " : "Expertise déclinée : ") + answer, on: tx)
            try await trace(.update, "project_need", needId.uuidString, actor: actor, on: tx)
            return true
        }
    }

    func trace(_ action: AuditAction, _ type: String, _ id: String, actor: Actor, on tx: any Database) async throws {
        try await database.trace(action, type, id, actor: actor, at: clock.now(), on: tx)
    }
}
