import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import FluentKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

/// Tests generated from the router's own list of routes, so that a new route is covered the day
/// it is added.
@Suite("Every route of the router")
struct RouteSweepTests {
    /// The number of rows of every table, except the audit log (reading personal data is audited
    /// by design) and sessions (their last-seen time moves; logins happen before counting).
    static func rowCounts(_ store: Store) async throws -> [String: Int] {
        let sql = try store.database.db as! any SQLDatabase
        struct Name: Decodable { let name: String }
        struct Count: Decodable { let n: Int }
        let tables: [String] = switch store.database.backend {
        case .sqlite:
            try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all(decoding: Name.self).map(\.name)
        case .postgres:
            try await sql.raw("SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema()")
                .all(decoding: Name.self).map(\.name)
        }
        var counts: [String: Int] = [:]
        for table in tables where !["audit_entries", "sessions"].contains(table) {
            counts[table] = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: Count.self)?.n ?? 0
        }
        return counts
    }

    @Test("no GET writes anything: every parameterless page and API route, for every role, leaves every table as it was",
          arguments: TestBackend.all)
    func getsWriteNothing(backend: TestBackend) async throws {
        let database = try await TestDatabase.make(backend)
        let settings = testSettings(database.location)
        let store = try await openStore(settings, hasher: PasswordHasher(cost: 4))
        let router = try await buildRouter(settings, store: store)
        let paths = router.routes.filter { $0.method == .get && !$0.path.description.contains(":") && !$0.path.description.contains("*") }
            .map { $0.path.description.hasPrefix("/") ? $0.path.description : "/" + $0.path.description }
        #expect(paths.contains("/api/v1/me") && paths.contains("/temps") && paths.contains("/api/v1/timebank/accounts"))
        let world = try await EnergiesWorld.make(store)
        let app = try await buildApplication(settings, store: store)
        try await app.test(.router) { client in
            var browsers: [(Role, Browser, APIClient)] = []
            for role in Role.allCases {
                let browser = Browser(client)
                try await browser.logIn(world.a.account(role).email)
                browsers.append((role, browser, try await APIClient.make(client, store: store, email: world.a.account(role).email)))
            }
            let before = try await Self.rowCounts(store)
            for (role, browser, api) in browsers {
                for path in paths where path != "/logout" {
                    let response = path.hasPrefix("/api/") ? try await api.get(path) : try await browser.get(path)
                    #expect(response.status.code < 500, "\(role) GET \(path): \(response.status)")
                }
            }
            let after = try await Self.rowCounts(store)
            for table in before.keys.sorted() where before[table] != after[table] {
                Issue.record("GET requests changed \(table): \(before[table]!) → \(after[table] ?? 0) rows")
            }
        }
        await database.cleanUp()
    }
}
