import AutourCore
import Foundation
import SQLKit

/// The Fabrique's French search: the engine's full-text index finds the published sheets that
/// hold every term of the query (or any of them, when none holds them all), then ranks them by
/// `SheetPart.score`, computed in SQL with the same weights on both engines, ties broken by the
/// sheet's length (shorter first), then its publication (newer first), then its id. Only the page of results leaves the database; their excerpts are
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
        if postgres {
            var with: SQLQueryString = "WITH q AS (SELECT to_tsquery('autour_french', \(bind: query.words.map(\.word).joined(separator: all ? " & " : " | "))) AS m"
            var score: [SQLQueryString] = []
            for (index, word) in query.words.map(\.word).enumerated() {
                for part in SheetPart.allCases {
                    let column = "t\(index)\(part.label)"
                    with = with + ", to_tsquery('autour_french', \(bind: word + ":" + part.label)) AS \(unsafeRaw: column)"
                    score.append("(CASE WHEN s.search @@ q.\(unsafeRaw: column) THEN \(unsafeRaw: String(part.weight)) ELSE 0 END)")
                }
            }
            var sql: SQLQueryString = with + ") SELECT s.id, " + score.joined(separator: " + ") + " AS score FROM experience_sheets s, q"
            sql = sql + " WHERE s.status = 'published' AND s.search @@ q.m AND (s.territory_id = \(bind: actor.territoryId) OR s.shared)"
            if let theme = filters.theme { sql = sql + " AND s.theme = \(bind: theme.rawValue)" }
            if let size = filters.communeSize { sql = sql + " AND s.commune_size = \(bind: size.rawValue)" }
            if let figure = filters.figure { sql = sql + " AND strpos(s.figures, \(bind: " \(figure.rawValue) ")) > 0" }
            sql = sql + " ORDER BY score DESC, s.term_count ASC, s.published_at DESC, s.id ASC LIMIT \(bind: limit) OFFSET \(bind: offset)"
            return try await self.sql.raw(sql).all(decoding: Ranked.self)
        }
        let match = query.terms.map { "\"\($0)\"" }.joined(separator: all ? " " : " OR ")
        var score: [SQLQueryString] = []
        for term in query.terms {
            for part in SheetPart.allCases {
                score.append("((instr(f.\(unsafeRaw: part.rawValue), \(bind: " \(term) ")) > 0) * \(unsafeRaw: String(part.weight)))")
            }
        }
        var sql: SQLQueryString = "SELECT f.sheet_id AS id, " + score.joined(separator: " + ") + " AS score FROM experience_search f"
        sql = sql + " WHERE experience_search MATCH \(bind: match) AND (f.territory_id = \(bind: actor.territoryId.uuidString.lowercased()) OR f.shared = 1)"
        if let theme = filters.theme { sql = sql + " AND f.theme = \(bind: theme.rawValue)" }
        if let size = filters.communeSize { sql = sql + " AND f.commune_size = \(bind: size.rawValue)" }
        if let figure = filters.figure { sql = sql + " AND instr(f.figures, \(bind: " \(figure.rawValue) ")) > 0" }
        sql = sql + " ORDER BY score DESC, f.term_count ASC, f.published DESC, f.sheet_id ASC LIMIT \(bind: limit) OFFSET \(bind: offset)"
        return try await self.sql.raw(sql).all(decoding: Ranked.self)
    }
}
