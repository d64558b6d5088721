import FluentKit
import SQLKit

extension Database {
    /// Fluent's schema builder has no secondary indexes; SQLKit's does, on both backends.
    func index(_ name: String, on table: String, columns: [String]) async throws {
        var builder = (self as! any SQLDatabase).create(index: name).on(table)
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }
}
