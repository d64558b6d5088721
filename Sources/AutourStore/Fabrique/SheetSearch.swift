import AutourCore
import Foundation
import SQLKit

/// The Fabrique's French search: the engine's full-text index finds the published sheets that
/// hold every term of the query (or any of them, when none holds them all), then ranks them by
/// `SheetPart.score`, computed in SQL with the same weights on both engines, ties broken by the
/// publication (the newest first). Only the page of results leaves the database; their excerpts are
/// cut in Swift with the query's words marked.
extension FabriqueService {
    public struct Hit: Sendable, Equatable {
        public let sheet: ExperienceSheet
        public let score: Int
        public let excerpt: Excerpt?
    }

    public struct Results: Sendable, Equatable {
        public let query: SheetQuery
        public let hits: [Hit]
        /// No sheet held every term: these hold at least one.
        public let anyTerm: Bool
        public let hasMore: Bool
        public let page: Int
    }

    public static let pageSize = 10
    public static let pages = 1...50

    public func search(_ text: String, filters: SheetFilters = .none, page: Int = 1, actor: Actor) async throws -> Results {
        try Permissions.require(actor, .readSheets)
        let query = SheetQuery(text)
        guard !query.isEmpty, Self.pages.contains(page) else { return Results(query: query, hits: [], anyTerm: false, hasMore: false, page: page) }
        var anyTerm = false
        var ranked = try await rank(query, all: true, filters: filters, page: page, actor: actor)
        if ranked.isEmpty, page == 1, query.terms.count > 1 {
            anyTerm = true
            ranked = try await rank(query, all: false, filters: filters, page: page, actor: actor)
        }
        let hasMore = ranked.count > Self.pageSize
        ranked = Array(ranked.prefix(Self.pageSize))
        guard !ranked.isEmpty else { return Results(query: query, hits: [], anyTerm: anyTerm, hasMore: false, page: page) }
        let sheets = try await sql.raw(Self.select + " WHERE s.id IN (\(binds: ranked.map(\.id)))").all(decoding: Row.self).map(\.sheet)
        let byId = Dictionary(sheets.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let terms = Set(query.terms)
        let hits = ranked.compactMap { rank in
            byId[rank.id].map { Hit(sheet: $0, score: rank.score, excerpt: Excerpt.best($0.content.excerptSources, terms: terms)) }
        }
        return Results(query: query, hits: hits, anyTerm: anyTerm, hasMore: hasMore, page: page)
    }

    struct Ranked: Decodable { let id: UUID, score: Int }

    /// The ids and scores of one page (and one more, to know whether another page follows).
    func rank(_ query: SheetQuery, all: Bool, filters: SheetFilters, page: Int, actor: Actor) async throws -> [Ranked] {
        let limit = Self.pageSize + 1
        let offset = (page - 1) * Self.pageSize
        let terms = query.terms
        if postgres {
            // Each part's ts_rank over the query's terms joined by « or », on the part's terms
            // without positions, is (terms present) / 1.64493406685 / (terms asked): read back as
            // the count of the query's terms the part holds.
            let words = query.words.map(\.word)
            var sql: SQLQueryString =
                """
                WITH q AS (SELECT to_tsquery('autour_french', \(bind: words.joined(separator: all ? " & " : " | "))) AS m,
                  to_tsquery('autour_french', \(bind: words.joined(separator: " | "))) AS o) SELECT s.id,
                """
            sql =
                sql
                + SheetPart.allCases.map { part -> SQLQueryString in
                    let column = "rank_\(part.label.lowercased())"
                    return
                        "\(unsafeRaw: String(part.weight)) * CAST(round(ts_rank('{1,1,1,1}', s.\(unsafeRaw: column), q.o) * \(unsafeRaw: String(terms.count)) * 1.64493406685) AS INTEGER)"
                }.joined(separator: " + ")
            sql = sql + " AS score FROM experience_sheets s, q"
            sql = sql + " WHERE s.status = 'published' AND s.search @@ q.m AND (s.territory_id = \(bind: actor.territoryId) OR s.shared)"
            if let theme = filters.theme { sql = sql + " AND s.theme = \(bind: theme.rawValue)" }
            if let size = filters.communeSize { sql = sql + " AND s.commune_size = \(bind: size.rawValue)" }
            if let figure = filters.figure { sql = sql + " AND strpos(s.figures, \(bind: " \(figure.rawValue) ")) > 0" }
            sql = sql + " ORDER BY score DESC, s.search_order DESC LIMIT \(bind: limit) OFFSET \(bind: offset)"
            return try await self.sql.raw(sql).all(decoding: Ranked.self)
        }
        // FTS5 finds the sheets holding every term (or any) in any part, its column per part, and
        // adds up the weights of the parts holding each term in the same pass (`WeightedColumns`).
        let match = terms.map { "\"\($0)\"" }.joined(separator: all ? " " : " OR ")
        let weights = SheetPart.allCases.map { String($0.weight) }.joined(separator: ", ")
        // Visibility and filters need `experience_rank`; when every indexed sheet is visible to
        // the actor and nothing is filtered, the page is ranked from the index alone.
        struct Hidden: Decodable { let hidden: Int }
        let territory = actor.territoryId.uuidString.lowercased()
        var everything = false
        if filters == .none {
            let hidden = try await self.sql.raw(
                """
                SELECT CASE WHEN EXISTS (SELECT 1 FROM experience_rank WHERE shared = 0 AND territory_id < \(bind: territory))
                  OR EXISTS (SELECT 1 FROM experience_rank WHERE shared = 0 AND territory_id > \(bind: territory)) THEN 1 ELSE 0 END AS hidden
                """
            ).first(decoding: Hidden.self)?.hidden
            everything = hidden == 0
        }
        var sql: SQLQueryString =
            "SELECT m.rowid AS position, \(unsafeRaw: WeightedColumns.name)(experience_search, \(unsafeRaw: weights)) AS score FROM experience_search m"
        if !everything { sql = sql + " JOIN experience_rank r ON r.rowid = m.rowid" }
        sql = sql + " WHERE experience_search MATCH \(bind: match)"
        if !everything {
            sql = sql + " AND (r.territory_id = \(bind: territory) OR r.shared = 1)"
            if let theme = filters.theme { sql = sql + " AND r.theme = \(bind: theme.rawValue)" }
            if let size = filters.communeSize { sql = sql + " AND r.commune_size = \(bind: size.rawValue)" }
            if let figure = filters.figure { sql = sql + " AND instr(r.figures, \(bind: " \(figure.rawValue) ")) > 0" }
        }
        sql = sql + " ORDER BY score DESC, m.rowid DESC LIMIT \(bind: limit) OFFSET \(bind: offset)"
        struct Position: Decodable { let position: Int, score: Int }
        let page = try await self.sql.raw(sql).all(decoding: Position.self)
        guard !page.isEmpty else { return [] }
        struct Sheet: Decodable { let rowid: Int, sheet_id: String }
        let ids = try await self.sql.raw("SELECT rowid, sheet_id FROM experience_rank WHERE rowid IN (\(binds: page.map(\.position)))")
            .all(decoding: Sheet.self)
        let byPosition = Dictionary(ids.compactMap { row in UUID(uuidString: row.sheet_id).map { (row.rowid, $0) } }, uniquingKeysWith: { a, _ in a })
        return page.compactMap { row in byPosition[row.position].map { Ranked(id: $0, score: row.score) } }
    }
}
