import AutourCore
import AutourStore
import AutourWeb
import Foundation
import Logging

/// What every command shares: the configuration from the environment (flags applied by the
/// caller), logging set up once, and the store.
enum CommandEnvironment {
    static func configuration() throws -> Configuration {
        try Configuration.fromEnvironment(ProcessInfo.processInfo.environment)
    }

    nonisolated(unsafe) private static var loggingReady = false

    static func settings(_ configuration: Configuration) -> AppSettings {
        if !loggingReady {
            let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
            loggingReady = true
        }
        return AppSettings(configuration: configuration)
    }

    /// Opens the store, runs `body`, and always closes the database.
    static func withStore<T>(_ configuration: Configuration, _ body: (Store, AppSettings) async throws -> T) async throws -> T {
        let settings = settings(configuration)
        let store = try await openStore(settings)
        do {
            let result = try await body(store, settings)
            await store.database.shutdown()
            return result
        } catch {
            await store.database.shutdown()
            throw error
        }
    }

    /// The territory named on the command line, or a one-line failure.
    static func territory(_ slug: String, in store: Store) async throws -> Territory {
        guard let territory = try await store.territories.find(slug: slug) else { throw CLIFailure("territoire inconnu : \(slug)") }
        return territory
    }
}
