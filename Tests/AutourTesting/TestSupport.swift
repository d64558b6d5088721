import AutourCore
import AutourStore
import AutourWeb
import FluentKit
import Foundation
import Logging
import SQLKit

/// The backends a test runs on: SQLite always, PostgreSQL when `AUTOUR_TEST_POSTGRES_URL` is set
/// (CI sets it), so that the same suite proves both.
public enum TestBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres

    public static var all: [TestBackend] {
        ProcessInfo.processInfo.environment["AUTOUR_TEST_POSTGRES_URL"] == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    public var description: String { rawValue }
}

/// A clock the test moves by hand.
public final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) { current = start }

    public var now: Date { lock.withLock { current } }
    public func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
    public var wallClock: WallClock { WallClock { [self] in now } }
}

public let quietLogger: Logger = {
    var logger = Logger(label: "autour-test")
    logger.logLevel = .error
    return logger
}()

/// A fresh, empty database for one test: a new SQLite file, or a new PostgreSQL database.
public struct TestDatabase: Sendable {
    public let location: DatabaseLocation
    let drop: @Sendable () async throws -> Void

    public static func make(_ backend: TestBackend) async throws -> TestDatabase {
        switch backend {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("autour-test-\(UUID().uuidString).sqlite").path
            return TestDatabase(location: .sqlite(path: path)) {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        case .postgres:
            let base = ProcessInfo.processInfo.environment["AUTOUR_TEST_POSTGRES_URL"]!
            let name = "autour_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            try await withAdminConnection(base) { sql in try await sql.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            var parts = URLComponents(string: base)!
            parts.path = "/" + name
            let location = try Configuration.parseDatabaseURL(parts.string!)
            return TestDatabase(location: location) {
                try await withAdminConnection(base) { sql in
                    try await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
                }
            }
        }
    }

    private static func withAdminConnection(_ url: String, _ body: (any SQLDatabase) async throws -> Void) async throws {
        let admin = try AutourDatabase(location: try Configuration.parseDatabaseURL(url), logger: quietLogger)
        do {
            try await body(try admin.db as! any SQLDatabase)
        } catch {
            await admin.shutdown()
            throw error
        }
        await admin.shutdown()
    }

    public func cleanUp() async { try? await drop() }
}

/// Runs `body` with a migrated store on a fresh database, then closes and removes it.
public func withTestStore<T>(
    _ backend: TestBackend, clock: WallClock = .system,
    _ body: (Store) async throws -> T
) async throws -> T {
    let database = try await TestDatabase.make(backend)
    let store = try await openTestStore(database.location, clock: clock)
    do {
        let result = try await body(store)
        await store.database.shutdown()
        await database.cleanUp()
        return result
    } catch {
        await store.database.shutdown()
        await database.cleanUp()
        throw error
    }
}

/// A store on a test database, migrated, with a fast password hasher. A test that opens two on
/// one SQLite file has two processes as SQLite sees them.
public func openTestStore(_ location: DatabaseLocation, clock: WallClock = .system) async throws -> Store {
    try await openStore(testSettings(location, clock: clock), hasher: PasswordHasher(cost: 4))
}

/// The bearer token that opens `/metrics` in tests (the in-process client has no peer address).
public let testMetricsToken = "metrics-token-of-the-test-suite-0123456789"

public func testSettings(_ location: DatabaseLocation, clock: WallClock = .system) -> AppSettings {
    var configuration = Configuration()
    configuration.database = location
    configuration.port = 0
    configuration.metricsToken = testMetricsToken
    // The real OpenFisca-France service when the run has one (CI starts it: tools/openfisca).
    configuration.openFiscaURL = ProcessInfo.processInfo.environment["AUTOUR_TEST_OPENFISCA_URL"].flatMap(URL.init(string:))
    var settings = AppSettings(configuration: configuration, clock: clock, logger: quietLogger)
    settings.runBackgroundJobs = false
    settings.anchorAudit = false
    return settings
}

/// A territory with one account per role, all with the password `testpassword`.
public struct Fixture: Sendable {
    public let territory: Territory
    public let accounts: [Role: Account]

    public static let password = "testpassword"

    public static func make(_ store: Store, slug: String) async throws -> Fixture {
        let territory = try await store.territories.create(
            slug: slug, name: "CCAS \(slug)", communes: ["23096"],
            neighbourhoods: ["Centre", "Nord"])
        var accounts: [Role: Account] = [:]
        for role in Role.allCases {
            accounts[role] = try await store.accounts.create(
                territoryId: territory.id, email: "\(role.rawValue)@\(slug).test",
                name: "\(role.label) \(slug)", roles: [role], password: password,
                isSocialWorker: role == .agent)
        }
        return Fixture(territory: territory, accounts: accounts)
    }

    public func account(_ role: Role) -> Account { accounts[role]! }
}
