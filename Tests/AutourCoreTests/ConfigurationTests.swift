import AutourCore
import Foundation
import Testing

@Suite("Configuration from the environment")
struct ConfigurationTests {
    @Test("with nothing set, Autour uses a SQLite file on 127.0.0.1:8080")
    func defaults() throws {
        let config = try Configuration.fromEnvironment([:])
        #expect(config.database == .sqlite(path: "autour.sqlite"))
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 8080)
        #expect(config.logLevel == "info")
        #expect(config.secret == nil)
    }

    @Test("a PostgreSQL URL gives host, port, user, password and database")
    func postgresURL() throws {
        let config = try Configuration.fromEnvironment(["DATABASE_URL": "postgres://autour:s%40cret@db.local:5433/ccas"])
        guard case .postgres(let pg) = config.database else { Issue.record("not postgres"); return }
        #expect(pg.host == "db.local")
        #expect(pg.port == 5433)
        #expect(pg.username == "autour")
        #expect(pg.password == "s@cret")
        #expect(pg.database == "ccas")
    }

    @Test(
        "each malformed value names its variable",
        arguments: [
            ("DATABASE_URL", "mysql://x/y"),
            ("DATABASE_URL", "sqlite:"),
            ("DATABASE_URL", "postgres://host-without-user/db"),
            ("DATABASE_URL", "postgres://u@h"),
            ("AUTOUR_PORT", "eighty"),
            ("AUTOUR_PORT", "70000"),
            ("AUTOUR_HOST", " "),
            ("AUTOUR_SECRET", "too-short"),
            ("AUTOUR_LOG_LEVEL", "verbose"),
            ("AUTOUR_OPENFISCA_URL", "ftp://x"),
        ])
    func malformed(variable: String, value: String) {
        do {
            _ = try Configuration.fromEnvironment([variable: value])
            Issue.record("\(variable)=\(value) was accepted")
        } catch {
            #expect(error.variable == variable)
            #expect(error.description.hasPrefix(variable + ": "))
        }
    }

    @Test("an error about a PostgreSQL URL never prints its password")
    func passwordNotEchoed() {
        do {
            _ = try Configuration.fromEnvironment(["DATABASE_URL": "postgresql://u:hunter2@h:99999/db"])
            Issue.record("accepted")
        } catch {
            #expect(!error.description.contains("hunter2"))
        }
    }
}
