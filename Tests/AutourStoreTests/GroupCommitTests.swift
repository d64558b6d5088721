import AutourCore
import AutourStore
import AutourTesting
import FluentKit
import Foundation
import SQLKit
import Testing

@Suite("Group commit of write transactions")
struct GroupCommitTests {
    struct Refused: Error {}

    func keys(_ store: Store, like pattern: String) async throws -> Set<String> {
        struct Row: Decodable { let key: String }
        let sql = try store.database.db as! any SQLDatabase
        return Set(try await sql.raw("SELECT key FROM settings WHERE key LIKE \(bind: pattern)").all(decoding: Row.self).map(\.key))
    }

    @Test(
        "concurrent writes that share commits are all kept, and one that fails loses only its own rows",
        arguments: TestBackend.all)
    func failingNeighbour(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let taken = UUID()
            try await store.database.write { tx in
                try await (tx as! any SQLDatabase).raw("INSERT INTO settings (id, key, value) VALUES (\(bind: taken), 'taken', '')").run()
            }
            let answered = await withTaskGroup(of: (Int, Bool).self) { group in
                for i in 0..<90 {
                    group.addTask {
                        do {
                            try await store.database.write { tx in
                                let sql = tx as! any SQLDatabase
                                try await sql.raw("INSERT INTO settings (id, key, value) VALUES (\(bind: UUID()), \(bind: "gc-\(i)"), '')").run()
                                // Every third one fails after writing: by its own error, or by the
                                // database refusing a statement (which PostgreSQL turns into an
                                // aborted transaction, until its savepoint is rolled back).
                                if i % 6 == 0 { throw Refused() }
                                if i % 6 == 3 {
                                    try await sql.raw("INSERT INTO settings (id, key, value) VALUES (\(bind: taken), 'again', '')").run()
                                }
                            }
                            return (i, true)
                        } catch {
                            return (i, false)
                        }
                    }
                }
                return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            let expected = Set((0..<90).filter { $0 % 3 != 0 })
            #expect(Set(answered.filter(\.value).keys) == expected, "each caller learns its own outcome")
            #expect(try await keys(store, like: "gc-%") == Set(expected.map { "gc-\($0)" }), "exactly the acknowledged writes are stored")
        }
    }

    @Test("a write started inside another joins its transaction: both are kept or neither", arguments: TestBackend.all)
    func nestedWrite(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            @Sendable func insert(_ key: String, on tx: any Database) async throws {
                try await (tx as! any SQLDatabase).raw("INSERT INTO settings (id, key, value) VALUES (\(bind: UUID()), \(bind: key), '')").run()
            }
            await #expect(throws: Refused.self) {
                try await store.database.write { tx in
                    try await insert("nested-outer-1", on: tx)
                    try await store.database.write { inner in try await insert("nested-inner-1", on: inner) }
                    throw Refused()
                }
            }
            #expect(try await keys(store, like: "nested-%-1").isEmpty)
            try await store.database.write { tx in
                try await insert("nested-outer-2", on: tx)
                try await store.database.write { inner in try await insert("nested-inner-2", on: inner) }
            }
            #expect(try await keys(store, like: "nested-%-2") == ["nested-outer-2", "nested-inner-2"])
        }
    }

    @Test("a write that reads first is not refused when another process commits meanwhile on the same SQLite file")
    func secondProcessOnTheFile() async throws {
        // Two stores on one file are two processes as SQLite sees them: the server and the
        // `autour` command an IT referent runs beside it.
        let database = try await TestDatabase.make(.sqlite)
        let server = try await openTestStore(database.location)
        let command = try await openTestStore(database.location)
        let (began, beginning) = AsyncStream.makeStream(of: Void.self)
        let outcome: Result<Set<String>, any Error>
        do {
            async let serverWrite: Void = server.database.write { tx in
                let sql = tx as! any SQLDatabase
                _ = try await sql.raw("SELECT COUNT(*) AS n FROM settings").all()
                beginning.yield()
                try await Task.sleep(for: .milliseconds(300))
                try await sql.raw("INSERT INTO settings (id, key, value) VALUES (\(bind: UUID()), 'from-server', '')").run()
            }
            for await _ in began { break }
            try await command.database.write { tx in
                try await (tx as! any SQLDatabase).raw("INSERT INTO settings (id, key, value) VALUES (\(bind: UUID()), 'from-command', '')").run()
            }
            try await serverWrite
            outcome = .success(try await keys(server, like: "from-%"))
        } catch {
            outcome = .failure(error)
        }
        await command.database.shutdown()
        await server.database.shutdown()
        await database.cleanUp()
        #expect(try outcome.get() == ["from-server", "from-command"], "both writes are kept, neither refused")
    }
}
