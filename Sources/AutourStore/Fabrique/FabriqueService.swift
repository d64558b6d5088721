import AutourCore
import FluentKit
import Foundation
import SQLKit

/// The Fabrique's experience sheets: writing, review and publication, sharing between the
/// instance's territories, the JSON exchange, and the French search on both engines.
///
/// Who sees what, on every path (pages, API, export): the territory's staff see its sheets in
/// every state; everyone else who may read sheets sees only published ones — their territory's,
/// and the other territories' that were published as shared. A sheet of another territory that is
/// not shared looks exactly like one that does not exist.
public struct FabriqueService: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    var sql: any SQLDatabase { get throws { try database.sql } }
    var postgres: Bool { database.backend == .postgres }

    private func trace(_ action: AuditAction, _ id: UUID, actor: Actor, on tx: any Database) async throws {
        try await database.trace(action, "experience_sheet", id.uuidString, actor: actor, at: clock.now(), on: tx)
    }

    // MARK: Reading

    struct Row: Decodable {
        let id: UUID, territory_id: UUID, territory_name: String, title: String, context: String, goals: String, actions: String, means: String
        let cost_euros: Int?, partners: String, results: String, lessons: String, figures: String, theme: String, commune_size: String
        let contact: String, status: String, shared: Bool, review_note: String, author_id: UUID?, updated_at: Date, published_at: Date?

        var sheet: ExperienceSheet {
            ExperienceSheet(
                id: id, territoryId: territory_id, territoryName: territory_name,
                content: SheetContent(
                    title: title, context: context, goals: goals, actions: actions, means: means, costEuros: cost_euros, partners: partners,
                    results: results, lessons: lessons, figures: figures.split(separator: " ").compactMap { ManualFigure(rawValue: String($0)) },
                    theme: SheetTheme(rawValue: theme) ?? .isolation, communeSize: CommuneSize(rawValue: commune_size) ?? .town, contact: contact),
                status: SheetStatus(rawValue: status) ?? .draft, shared: shared, reviewNote: review_note, authorId: author_id,
                updatedAt: updated_at, publishedAt: published_at)
        }
    }

    static let select: SQLQueryString = """
        SELECT s.id, s.territory_id, t.name AS territory_name, s.title, s.context, s.goals, s.actions, s.means, s.cost_euros, s.partners,
          s.results, s.lessons, s.figures, s.theme, s.commune_size, s.contact, s.status, s.shared, s.review_note, s.author_id, s.updated_at,
          s.published_at
        FROM experience_sheets s JOIN territories t ON t.id = s.territory_id
        """

    /// Whether `actor` sees `sheet`, by the rule above.
    static func visible(_ sheet: ExperienceSheet, to actor: Actor) -> Bool {
        if sheet.territoryId == actor.territoryId { return sheet.status == .published || Permissions.can(actor, .writeSheets) }
        return sheet.status == .published && sheet.shared
    }

    public func sheet(id: UUID, actor: Actor) async throws -> ExperienceSheet {
        try Permissions.require(actor, .readSheets)
        guard let sheet = try await Self.sheet(id: id, on: try sql), Self.visible(sheet, to: actor) else { throw AutourError.notFound }
        return sheet
    }

    static func sheet(id: UUID, on sql: any SQLDatabase) async throws -> ExperienceSheet? {
        try await sql.raw(select + " WHERE s.id = \(bind: id)").first(decoding: Row.self)?.sheet
    }

    /// The territory's sheets that are not published yet (staff only), newest first: what the
    /// writers are working on and what waits for the coordinator's review.
    public func unpublished(actor: Actor) async throws -> [ExperienceSheet] {
        try Permissions.require(actor, .writeSheets)
        return try await sql.raw(
            Self.select + " WHERE s.territory_id = \(bind: actor.territoryId) AND s.status <> 'published' ORDER BY s.updated_at DESC LIMIT 200"
        ).all(decoding: Row.self).map(\.sheet)
    }

    /// The sheets published most recently that `actor` sees, for the Fabrique's first page.
    public func recent(actor: Actor, limit: Int = 10) async throws -> [ExperienceSheet] {
        try Permissions.require(actor, .readSheets)
        return try await sql.raw(
            Self.select
                + """
                 WHERE s.status = 'published' AND (s.territory_id = \(bind: actor.territoryId) OR s.shared = \(bind: true))
                 ORDER BY s.published_at DESC, s.id LIMIT \(bind: limit)
                """
        ).all(decoding: Row.self).map(\.sheet)
    }

    /// How many sheets `actor` can search, for the first page's sentence.
    public func publishedCount(actor: Actor) async throws -> Int {
        try Permissions.require(actor, .readSheets)
        struct Count: Decodable { let n: Int }
        return try await sql.raw(
            """
            SELECT COUNT(*) AS n FROM experience_sheets WHERE status = 'published'
            AND (territory_id = \(bind: actor.territoryId) OR shared = \(bind: true))
            """
        ).first(decoding: Count.self)?.n ?? 0
    }

    // MARK: Writing and review

    /// A new draft of the actor's territory.
    public func create(_ content: SheetContent, actor: Actor) async throws -> UUID {
        try Permissions.require(actor, .writeSheets)
        return try await database.write { tx in try await insert(content, published: false, actor: actor, on: tx) }
    }

    private func insert(_ content: SheetContent, published: Bool, actor: Actor, on tx: any Database) async throws -> UUID {
        let id = UUID()
        let now = clock.now()
        let status = published ? SheetStatus.published : .draft
        try await (tx as! any SQLDatabase).raw(
            """
            INSERT INTO experience_sheets (id, territory_id, title, context, goals, actions, means, cost_euros, partners, results, lessons,
              figures, theme, commune_size, contact, status, shared, review_note, author_id, created_at, updated_at, published_at)
            VALUES (\(bind: id), \(bind: actor.territoryId), \(bind: content.title), \(bind: content.context), \(bind: content.goals),
              \(bind: content.actions), \(bind: content.means), \(bind: content.costEuros), \(bind: content.partners), \(bind: content.results),
              \(bind: content.lessons), \(bind: Self.figures(content.figures)), \(bind: content.theme.rawValue),
              \(bind: content.communeSize.rawValue), \(bind: content.contact), \(bind: status.rawValue), \(bind: false), '',
              \(bind: actor.accountId), \(bind: now), \(bind: now), \(bind: published ? now : nil))
            """
        ).run()
        if published { try await index(id, on: tx) }
        try await trace(.create, id, actor: actor, on: tx)
        return id
    }

    static func figures(_ figures: [ManualFigure]) -> String { " " + figures.map(\.rawValue).joined(separator: " ") + " " }

    /// Loads the sheet for a change, in the transaction, with its row locked; refuses what the
    /// actor may not change in its present state.
    private func locked(_ id: UUID, actor: Actor, on tx: any Database) async throws -> ExperienceSheet {
        try await database.lockRow("experience_sheets", id: id, on: tx)
        guard let sheet = try await Self.sheet(id: id, on: tx as! any SQLDatabase), sheet.territoryId == actor.territoryId else {
            throw AutourError.notFound
        }
        return sheet
    }

    /// Changes a sheet's content. A draft or a sheet waiting for review is changed by the staff;
    /// a published one only by a coordinator, and it stays published (its index follows).
    public func update(id: UUID, _ content: SheetContent, actor: Actor) async throws {
        try Permissions.require(actor, .writeSheets)
        try await database.write { tx in
            let sheet = try await locked(id, actor: actor, on: tx)
            if sheet.status == .published { try Permissions.require(actor, .reviewSheets) }
            if sheet.status == .review { try SheetRules.complete(content) }
            try await (tx as! any SQLDatabase).raw(
                """
                UPDATE experience_sheets SET title = \(bind: content.title), context = \(bind: content.context), goals = \(bind: content.goals),
                  actions = \(bind: content.actions), means = \(bind: content.means), cost_euros = \(bind: content.costEuros),
                  partners = \(bind: content.partners), results = \(bind: content.results), lessons = \(bind: content.lessons),
                  figures = \(bind: Self.figures(content.figures)), theme = \(bind: content.theme.rawValue),
                  commune_size = \(bind: content.communeSize.rawValue), contact = \(bind: content.contact),
                  updated_at = \(bind: clock.now())
                WHERE id = \(bind: id)
                """
            ).run()
            if sheet.status == .published { try await index(id, on: tx) }
            try await trace(.update, id, actor: actor, on: tx)
        }
    }

    /// A complete draft goes to the coordinator.
    public func submit(id: UUID, actor: Actor) async throws {
        try Permissions.require(actor, .writeSheets)
        try await database.write { tx in
            let sheet = try await locked(id, actor: actor, on: tx)
            guard sheet.status == .draft else { throw AutourError.conflict("Cette fiche a déjà été envoyée en relecture.") }
            try SheetRules.complete(sheet.content)
            try await setStatus(id, .review, note: "", on: tx)
            try await trace(.update, id, actor: actor, on: tx)
        }
    }

    /// The coordinator publishes a sheet sent for review; `shared` lets the instance's other
    /// territories find it.
    public func publish(id: UUID, shared: Bool, actor: Actor) async throws {
        try Permissions.require(actor, .reviewSheets)
        try await database.write { tx in
            let sheet = try await locked(id, actor: actor, on: tx)
            guard sheet.status == .review else { throw AutourError.conflict("Seule une fiche envoyée en relecture peut être publiée.") }
            try await (tx as! any SQLDatabase).raw(
                """
                UPDATE experience_sheets SET status = 'published', shared = \(bind: shared), review_note = '', published_at = \(bind: clock.now()),
                  updated_at = \(bind: clock.now()) WHERE id = \(bind: id)
                """
            ).run()
            try await index(id, on: tx)
            try await trace(.update, id, actor: actor, on: tx)
        }
    }

    /// The coordinator sends a sheet back to its writers with what to change; a published sheet
    /// sent back leaves the search at once.
    public func sendBack(id: UUID, note: String, actor: Actor) async throws {
        try Permissions.require(actor, .reviewSheets)
        let note = try FieldErrors.checkedText(note, 5...2000, field: "note", label: "La note", summary: "Dites ce qu'il faut reprendre.")
        try await database.write { tx in
            let sheet = try await locked(id, actor: actor, on: tx)
            guard sheet.status != .draft else { throw AutourError.conflict("Cette fiche est déjà un brouillon.") }
            try await unindex(id, on: tx)
            try await setStatus(id, .draft, note: note, on: tx)
            try await trace(.update, id, actor: actor, on: tx)
        }
    }

    private func setStatus(_ id: UUID, _ status: SheetStatus, note: String, on tx: any Database) async throws {
        try await (tx as! any SQLDatabase).raw(
            """
            UPDATE experience_sheets SET status = \(bind: status.rawValue), review_note = \(bind: note), published_at = NULL, search_order = NULL,
              updated_at = \(bind: clock.now()) WHERE id = \(bind: id)
            """
        ).run()
    }

    // MARK: The SQLite index (PostgreSQL's are generated columns)

    /// Gives a published sheet its publication number if it has none (a correction keeps it), and
    /// on SQLite writes its terms, part by part, and the columns visibility and the filters read,
    /// under that number.
    private func index(_ id: UUID, on tx: any Database) async throws {
        let sql = tx as! any SQLDatabase
        let next: SQLQueryString =
            postgres ? "nextval('experience_search_order')" : "(SELECT COALESCE(MAX(search_order), 0) + 1 FROM experience_sheets)"
        try await sql.raw("UPDATE experience_sheets SET search_order = COALESCE(search_order, " + next + ") WHERE id = \(bind: id)").run()
        guard !postgres, let sheet = try await Self.sheet(id: id, on: sql) else { return }
        try await unindex(id, on: tx)
        try await Self.writeIndex(sheet, on: sql)
    }

    /// SQLite: a published sheet's rows under its publication number, `experience_search` (one
    /// column per part, in `SheetPart.allCases` order, holding the part's terms as `FrenchSearch`
    /// computes them) and `experience_rank`. Also what migration 0030 rebuilds the index with.
    static func writeIndex(_ sheet: ExperienceSheet, on sql: any SQLDatabase) async throws {
        let parts = sheet.content.partTerms
        let columns = SheetPart.allCases.map { SQLQueryString("\(ident: $0.rawValue)") }.joined(separator: ", ")
        let terms = SheetPart.allCases.map { SQLQueryString("\(bind: (parts[$0] ?? []).joined(separator: " "))") }.joined(separator: ", ")
        try await sql.raw(
            "INSERT INTO experience_search (rowid, " + columns + ") SELECT search_order, " + terms + " FROM experience_sheets WHERE id = \(bind: sheet.id)"
        ).run()
        try await sql.raw(
            """
            INSERT INTO experience_rank (rowid, sheet_id, territory_id, shared, theme, commune_size, figures)
            SELECT search_order, \(bind: sheet.id.uuidString.lowercased()), \(bind: sheet.territoryId.uuidString.lowercased()), \(bind: sheet.shared ? 1 : 0),
              \(bind: sheet.content.theme.rawValue), \(bind: sheet.content.communeSize.rawValue), \(bind: Self.figures(sheet.content.figures))
            FROM experience_sheets WHERE id = \(bind: sheet.id)
            """
        ).run()
    }

    /// Takes a sheet out of the search: SQLite's rows go, and the sheet loses its publication number.
    private func unindex(_ id: UUID, on tx: any Database) async throws {
        let sql = tx as! any SQLDatabase
        if !postgres {
            for table in ["experience_search", "experience_rank"] {
                try await sql.raw(
                    "DELETE FROM \(ident: table) WHERE rowid = (SELECT search_order FROM experience_sheets WHERE id = \(bind: id))"
                ).run()
            }
        }
    }

    // MARK: Exchange

    /// The territory's published sheets as the exchange file.
    public func export(actor: Actor) async throws -> SheetExchange {
        try Permissions.require(actor, .readSheets)
        let sheets = try await sql.raw(
            Self.select + " WHERE s.territory_id = \(bind: actor.territoryId) AND s.status = 'published' ORDER BY s.published_at, s.id"
        ).all(decoding: Row.self).map(\.sheet)
        try await database.write { tx in
            try await database.trace(.export, "experience_sheets", actor.territoryId.uuidString, actor: actor, at: clock.now(), on: tx)
        }
        return SheetExchange(sheets: sheets.map { SheetExchange.Sheet(from: $0.territoryName, publishedAt: $0.publishedAt, content: $0.content) })
    }

    /// Another CCAS's sheets become drafts of the actor's territory, each noting where it comes
    /// from, to be reread and published like any other; a coordinator may publish them at once
    /// (`publish`: they were reviewed where they come from). All or nothing.
    public func importSheets(_ file: SheetExchange, publish: Bool = false, actor: Actor) async throws -> Int {
        try Permissions.require(actor, publish ? .reviewSheets : .writeSheets)
        try await database.write { tx in
            for sheet in file.sheets {
                var content = sheet.content
                if !sheet.from.isEmpty, !content.contact.contains(sheet.from) {
                    content.contact = String((content.contact.isEmpty ? "D'après \(sheet.from)" : "\(content.contact) (d'après \(sheet.from))").prefix(300))
                }
                _ = try await insert(content, published: publish, actor: actor, on: tx)
            }
        }
        return file.sheets.count
    }
}
