import AutourCore
import FluentKit
import FluentPostgresDriver
import FluentSQL
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import ServiceLifecycle

/// The store's handle on the database: backend selection from `DATABASE_URL`, migrations,
/// transactions, and shutdown. One instance per process, shared by every repository.
public final class AutourDatabase: Service, Sendable {
    public enum Backend: String, Sendable { case sqlite, postgres }

    public let backend: Backend
    let databases: Databases
    let logger: Logger
    private let group: any EventLoopGroup
    /// SQLite allows one writer at a time. Routing every write transaction through the single
    /// connection of one event loop serialises writers inside the process, so a transaction that
    /// reads then writes never meets `SQLITE_BUSY_SNAPSHOT` from a sibling connection.
    private let writerLoop: any EventLoop
    /// Every write transaction goes through it (see `write`).
    private let commits: GroupCommit

    public init(
        location: DatabaseLocation, logger: Logger,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        threadPool: NIOThreadPool = .singleton
    ) throws {
        self.logger = logger
        self.group = group
        self.writerLoop = group.next()
        databases = Databases(threadPool: threadPool, on: group)
        switch location {
        case .sqlite(let path):
            backend = .sqlite
            // Before any connection opens: the Fabrique's ranking runs inside FTS5.
            WeightedColumns.install()
            // Writers queue for the single writer connection; under a burst they wait rather than
            // fail, so the pool timeout is generous (the 10 s default failed 60 concurrent
            // audited writes on a loaded 2-core machine).
            databases.use(
                .sqlite(
                    .init(storage: .file(path: path), enableForeignKeys: true),
                    connectionPoolTimeout: .seconds(60), sqlLogLevel: .trace), as: .sqlite)
        case .postgres(let pg):
            backend = .postgres
            let configuration = try SQLPostgresConfiguration(url: pg.url)
            // Audited writes queue on the chain's advisory lock while holding a connection: under a
            // burst they wait for a connection rather than fail, as on SQLite.
            databases.use(
                .postgres(
                    configuration: configuration, maxConnectionsPerEventLoop: 8,
                    connectionPoolTimeout: .seconds(60), sqlLogLevel: .trace), as: .psql)
        }
        let (databases, writerLoop) = (databases, writerLoop)
        commits = GroupCommit(
            writer: { [logger] in
                guard let db = databases.database(logger: logger, on: writerLoop) else { throw DatabaseClosed() }
                return db
            }, memory: WriterMemory(backend: backend))
    }

    /// A database for reads, on any event loop. Throws once the pools are shut down.
    public var db: any Database {
        get throws {
            guard let db = databases.database(logger: logger, on: group.any()) else { throw DatabaseClosed() }
            return db
        }
    }

    /// `db` as SQLKit sees it, for the queries Fluent's builder does not write.
    public var sql: any SQLDatabase { get throws { try db as! any SQLDatabase } }

    /// The database the migrations and pragmas run on: the writer's event loop.
    var writer: any Database {
        get throws {
            guard let db = databases.database(logger: logger, on: writerLoop) else { throw DatabaseClosed() }
            return db
        }
    }

    struct DatabaseClosed: Error, CustomStringConvertible {
        var description: String { "the database connections are closed" }
    }

    /// Runs `body` in a write transaction: everything it does, the audit entries included, is
    /// committed together or not at all, and is durable when `write` returns. Concurrent callers
    /// share commits (`GroupCommit`); a `write` inside a `body` joins the body's transaction.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await commits.run(body)
    }

    /// Locks a row until the transaction ends, before it is read and changed: a state transition
    /// (accept, refuse, close…) checks the state it starts from and writes the next one with no
    /// other transition in between. On SQLite the one writer connection already runs write
    /// transactions one at a time; PostgreSQL needs the row lock.
    public func lockRow(_ table: String, id: UUID, on tx: any Database) async throws {
        guard backend == .postgres else { return }
        try await (tx as! any SQLDatabase).raw("SELECT 1 FROM \(ident: table) WHERE id = \(bind: id) FOR UPDATE").run()
    }

    /// Sets the per-database SQLite options, then applies pending migrations.
    public func migrate() async throws {
        if backend == .sqlite {
            // WAL lets readers work while one connection writes; it is stored in the file itself.
            // synchronous stays FULL (the default): a commit is on disk before the 2xx, so an
            // acknowledged write survives a power cut, not only a crash of the process.
            // busy_timeout bounds how long a connection waits for another process's lock.
            let sql = try writer as! any SQLDatabase
            try await sql.raw("PRAGMA journal_mode=WAL").run()
            try await sql.raw("PRAGMA busy_timeout=10000").run()
        }
        let migrations = Migrations()
        migrations.add(AutourMigrations.all)
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: writerLoop)
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
    }

    /// Names of the migrations already applied, in order; used by `migrate` to report.
    public func appliedMigrations() async throws -> [String] {
        try await MigrationLog.query(on: db).sort(\.$batch).all().map(\.name)
    }

    /// True when the database answers a trivial query: what `/ready` reports.
    public func isReachable() async -> Bool {
        do {
            _ = try await (try db as! any SQLDatabase).raw("SELECT 1 AS ok").all()
            return true
        } catch {
            logger.warning("database not reachable", metadata: ["error": "\(String(reflecting: error))"])
            return false
        }
    }

    /// The newest entry of a hash chain, inside a write: as the writer last appended it (see
    /// `WriterMemory`), otherwise read with `read`.
    func chainHead(_ chain: String, read: () async throws -> ChainHead?) async throws -> ChainHead? {
        if let head = commits.memory.head(chain) { return head }
        return try await read()
    }

    /// Records, inside a write, the entry just appended to a hash chain.
    func chainAppended(_ chain: String, _ head: ChainHead) {
        commits.memory.appended(chain, head)
    }

    /// Serialises the audit chain on PostgreSQL, where several servers may append at once.
    func lockAuditChain(on tx: any Database) async throws {
        try await lock(7301, on: tx)
    }

    /// Serialises, until commit, the transactions that take the same `key` on PostgreSQL (a
    /// chain that several servers append to, a row that may not exist yet). SQLite needs
    /// nothing: its write transactions already run one at a time.
    func lock(_ key: Int64, on tx: any Database) async throws {
        guard backend == .postgres, !commits.memory.holds(key) else { return }
        try await (tx as! any SQLDatabase).raw("SELECT pg_advisory_xact_lock(\(bind: key))").run()
        commits.memory.took(key)
    }

    public func shutdown() async {
        await databases.shutdownAsync()
    }

    /// As a lifecycle service: keep the pools open until graceful shutdown, then close them
    /// after the HTTP server has finished its in-flight requests.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }
}
