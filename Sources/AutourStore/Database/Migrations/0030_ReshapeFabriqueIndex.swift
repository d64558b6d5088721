import AutourCore
import FluentKit
import Foundation
import SQLKit

/// SQLite's Fabrique index, one column per part (PostgreSQL's index does not change).
///
/// 0029's `experience_search` had two columns, every term and each term tagged with its part, and
/// the score read the tags as sets of rows, one per term and part: for the most common words those
/// sets held most of the sheets and the search took twice as long as FTS5's own `bm25` over 100 000
/// sheets. Here a part is a column (`title`, `summary`, `outcome`, `body`, as `SheetPart`), the
/// index keeps which columns hold each term (`detail=column`), and `weighted_columns` (see
/// `WeightedColumns`) adds up the parts' weights while FTS5 matches, in one pass. The index is
/// derived data: it is rebuilt here from the published sheets, under their publication numbers.
struct ReshapeFabriqueIndex: AsyncMigration {
    var name: String { "0030_reshape_fabrique_index" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name != "postgresql" else { return }
        try await sql.raw("DROP TABLE experience_search").run()
        try await create(SheetPart.allCases.map(\.rawValue), on: sql)
        try await sql.raw("DELETE FROM experience_rank").run()
        struct Published: Decodable { let id: UUID, search_order: Int }
        var after = 0
        while true {
            let batch = try await sql.raw(
                "SELECT id, search_order FROM experience_sheets WHERE status = 'published' AND search_order > \(bind: after) ORDER BY search_order LIMIT 1000"
            ).all(decoding: Published.self)
            guard let last = batch.last else { break }
            for published in batch {
                if let sheet = try await FabriqueService.sheet(id: published.id, on: sql) { try await FabriqueService.writeIndex(sheet, on: sql) }
            }
            after = last.search_order
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name != "postgresql" else { return }
        // Back to 0029's shape, empty: 0029's code rebuilt nothing either, so its search would find
        // nothing until the sheets are published again; reverting is for tests and rescues.
        try await sql.raw("DROP TABLE experience_search").run()
        try await create(["terms", "tags"], on: sql)
    }

    private func create(_ columns: [String], on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            CREATE VIRTUAL TABLE experience_search USING fts5(\(unsafeRaw: columns.joined(separator: ", ")), content='', contentless_delete=1,
              detail=column, tokenize="unicode61 tokenchars '._'")
            """
        ).run()
    }
}
