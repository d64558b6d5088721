// The SQLite that SQLiteNIO compiles in (its `VaporCSQLite` module, symbols prefixed
// `sqlite_nio_`): the one whose connections the pools open, so the one to extend.
import VaporCSQLite

/// `weighted_columns(table, w0, w1, …)`, an FTS5 auxiliary function: for the row being matched,
/// the sum over the query's phrases of the weights of the columns that hold the phrase (`wN` for
/// column N, 0 for a column without a weight). With one column per part of a document and the
/// parts' weights, it is the Fabrique's score (`SheetPart.score`) computed during the match, in the
/// same pass as FTS5's own `bm25`, from the column lists a `detail=column` index keeps: no set of
/// rows per term and part to build (the first design built them, and lost 2× to `bm25` on the
/// most common words).
///
/// Installed with `sqlite3_auto_extension`, so every connection opened afterwards in this process,
/// by any pool, has it; installing twice is harmless.
enum WeightedColumns {
    static let name = "weighted_columns"

    static func install() { _ = installed }

    private static let installed: Int32 = sqlite_nio_sqlite3_auto_extension(unsafeBitCast(register, to: (@convention(c) () -> Void).self))
}

/// Runs when a connection opens: finds the connection's FTS5 (`SELECT fts5(?)` hands out its API
/// through a bound pointer) and adds the function to it.
private let register: @convention(c) (OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, OpaquePointer?) -> Int32 = {
    connection, _, _ in
    var statement: OpaquePointer?
    guard sqlite_nio_sqlite3_prepare_v2(connection, "SELECT fts5(?1)", -1, &statement, nil) == SQLITE_OK else { return SQLITE_OK }
    defer { sqlite_nio_sqlite3_finalize(statement) }
    var api: UnsafeMutablePointer<fts5_api>?
    // The pointer's type name must outlive the statement: a static string does.
    let type: StaticString = "fts5_api_ptr"
    withUnsafeMutablePointer(to: &api) { slot in
        _ = sqlite_nio_sqlite3_bind_pointer(statement, 1, slot, UnsafeRawPointer(type.utf8Start).assumingMemoryBound(to: CChar.self), nil)
        _ = sqlite_nio_sqlite3_step(statement)
    }
    guard let api, let create = api.pointee.xCreateFunction else { return SQLITE_OK }
    return create(api, WeightedColumns.name, nil, score, nil)
}

private let score: fts5_extension_function = { api, fts, context, count, weights in
    guard let api = api?.pointee, let phrases = api.xPhraseCount, let first = api.xPhraseFirstColumn, let next = api.xPhraseNextColumn else {
        sqlite_nio_sqlite3_result_error_code(context, SQLITE_MISUSE)
        return
    }
    var total: Int64 = 0
    for phrase in 0..<phrases(fts) {
        var iterator = Fts5PhraseIter()
        var column: Int32 = -1
        let status = first(fts, phrase, &iterator, &column)
        guard status == SQLITE_OK else {
            sqlite_nio_sqlite3_result_error_code(context, status)
            return
        }
        while column >= 0 {
            if column < count, let weights { total += sqlite_nio_sqlite3_value_int64(weights[Int(column)]) }
            next(fts, &iterator, &column)
        }
    }
    sqlite_nio_sqlite3_result_int64(context, total)
}
