import FluentKit
import NIOConcurrencyHelpers
import SQLKit

/// Group commit: the process's write transactions queue here and one writer runs them, many to a
/// database transaction, so that one `COMMIT` (one fsync) makes a whole batch durable.
///
/// A caller is answered only once the commit holding its work has returned, so a 2xx still means
/// "on disk". A caller whose work throws loses only its own work: the batch is first run as it
/// comes (each statement costs a round trip through the driver, so savepoints are not paid when
/// nothing fails); if one caller throws, that transaction is rolled back and the batch runs again
/// with a savepoint per caller, so only the failing caller's savepoint is undone and only it gets
/// its error. When the batch itself fails (the commit, or a savepoint the engine dropped), each
/// remaining caller's work runs again alone: one broken batch costs a retry, not its neighbours.
///
/// Running everything through one writer also gives each transaction the database as the previous
/// one left it, which lets the writer remember the hash chains' heads and the locks it holds
/// (`WriterMemory`) instead of asking the database again.
final class GroupCommit: Sendable {
    /// Bounds the latency one batch adds to the first caller in it.
    static let maxBatch = 64

    /// The transaction a write body runs in: a write started inside another one joins it (it
    /// would otherwise wait for the writer that is running its caller).
    @TaskLocal static var current: (any Database)?

    private struct Pending: Sendable {
        let run: @Sendable (any Database) async throws -> Void
        let answer: @Sendable ((any Error)?) -> Void
    }

    private struct Queue {
        var pending: [Pending] = []
        var draining = false
    }

    private let queue = NIOLockedValueBox(Queue())
    private let writer: @Sendable () throws -> any Database
    let memory: WriterMemory

    init(writer: @escaping @Sendable () throws -> any Database, memory: WriterMemory) {
        self.writer = writer
        self.memory = memory
    }

    func run<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if let tx = Self.current { return try await body(tx) }
        let result = Slot<T>()
        return try await withCheckedThrowingContinuation { continuation in
            let pending = Pending(
                run: { tx in result.value = try await body(tx) },
                answer: { error in
                    if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: result.value!) }
                })
            let startWriter = queue.withLockedValue { queue in
                queue.pending.append(pending)
                defer { queue.draining = true }
                return !queue.draining
            }
            if startWriter { Task { await self.drain() } }
        }
    }

    /// Commits batches until the queue is empty; callers arriving meanwhile form the next batch.
    private func drain() async {
        while true {
            let batch = queue.withLockedValue { queue -> [Pending] in
                let batch = Array(queue.pending.prefix(Self.maxBatch))
                queue.pending.removeFirst(batch.count)
                if batch.isEmpty { queue.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            await commit(batch)
        }
    }

    /// Raised out of the optimistic pass to roll it back.
    private struct CallerFailed: Error {}

    private func commit(_ batch: [Pending]) async {
        guard batch.count > 1 else { return await commitAlone(batch[0]) }
        do {
            try await transaction { tx in
                for pending in batch {
                    do { try await pending.run(tx) } catch { throw CallerFailed() }
                }
            }
            for pending in batch { pending.answer(nil) }
            return
        } catch {
            memory.forget()
        }
        let failures: [(any Error)?]
        do {
            failures = try await transaction { tx in
                let sql = tx as! any SQLDatabase
                var failures: [(any Error)?] = []
                for pending in batch {
                    try await sql.raw("SAVEPOINT autour_write").run()
                    do {
                        try await pending.run(tx)
                        failures.append(nil)
                    } catch {
                        failures.append(error)
                        self.memory.forget()
                        try await sql.raw("ROLLBACK TO SAVEPOINT autour_write").run()
                    }
                    try await sql.raw("RELEASE SAVEPOINT autour_write").run()
                }
                return failures
            }
        } catch {
            memory.forget()
            for pending in batch { await commitAlone(pending) }
            return
        }
        for (pending, failure) in zip(batch, failures) { pending.answer(failure) }
    }

    private func commitAlone(_ pending: Pending) async {
        do {
            try await transaction { tx in try await pending.run(tx) }
            pending.answer(nil)
        } catch {
            memory.forget()
            pending.answer(error)
        }
    }

    /// One database transaction on the writer; what the writer remembers is checked first.
    private func transaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await writer().transaction { tx in
            try await self.memory.transactionBegins(on: tx as! any SQLDatabase)
            return try await Self.$current.withValue(tx) { try await body(tx) }
        }
    }
}

/// The newest entry of a hash chain (the audit log, a territory's ledger).
struct ChainHead: Decodable, Sendable {
    let sequence: Int64
    let hash: String
}

/// What the writer knows about the database beyond its last statement: the heads of the hash
/// chains as it last wrote them, so that an append does not first read its chain's newest row
/// back, and (PostgreSQL) the advisory locks the open transaction already holds, so that the
/// next caller in the batch does not ask for them again. Each saves one round trip of the four
/// to six a chained write costs.
///
/// On SQLite the heads outlive the transaction: this writer is the file's only one in the process,
/// and another connection's commit (the `autour` command, a test) changes `data_version`, which
/// each transaction checks first. On PostgreSQL another server may append as soon as the locks are
/// released, so both are forgotten when a transaction starts. Both are forgotten whenever work
/// that may have moved them is undone.
final class WriterMemory: Sendable {
    private struct State {
        var heads: [String: ChainHead] = [:]
        var locks: Set<Int64> = []
        var dataVersion: Int64?
    }
    private let state = NIOLockedValueBox(State())
    private let backend: AutourDatabase.Backend

    init(backend: AutourDatabase.Backend) {
        self.backend = backend
    }

    func head(_ chain: String) -> ChainHead? { state.withLockedValue { $0.heads[chain] } }
    func appended(_ chain: String, _ head: ChainHead) { state.withLockedValue { $0.heads[chain] = head } }
    func holds(_ lock: Int64) -> Bool { state.withLockedValue { $0.locks.contains(lock) } }
    func took(_ lock: Int64) { _ = state.withLockedValue { $0.locks.insert(lock) } }

    func forget() {
        state.withLockedValue { state in
            state.heads = [:]
            state.locks = []
        }
    }

    /// Called as each writer transaction begins.
    func transactionBegins(on sql: any SQLDatabase) async throws {
        guard backend == .sqlite else { return forget() }
        // Take the file's write lock before reading anything. The driver begins a deferred
        // transaction: one that reads first and then writes after another process (the `autour`
        // command beside a running server) committed fails at once with "database is locked",
        // without waiting for busy_timeout. A write that changes no row takes the lock, and
        // waits for it, as BEGIN IMMEDIATE would.
        try await sql.raw("UPDATE _fluent_migrations SET batch = batch WHERE 0").run()
        struct Row: Decodable { let data_version: Int64 }
        let version = try await sql.raw("PRAGMA data_version").first(decoding: Row.self)?.data_version
        state.withLockedValue { state in
            if state.dataVersion != version {
                state.heads = [:]
                state.dataVersion = version
            }
        }
    }
}

/// Where a write body leaves its result for the caller, who reads it after the commit.
private final class Slot<T: Sendable>: @unchecked Sendable {
    var value: T?
}
