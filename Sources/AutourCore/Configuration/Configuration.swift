import Foundation

/// Where the data lives, read from `DATABASE_URL`.
public enum DatabaseLocation: Sendable, Equatable {
    /// A SQLite file, relative to the working directory unless absolute. `:memory:` is refused:
    /// each connection would get its own empty database.
    case sqlite(path: String)
    case postgres(PostgresLocation)
}

public struct PostgresLocation: Sendable, Equatable {
    /// The URL as given: the driver reads TLS options (`sslmode`) from it itself.
    public var url: String
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    /// `sslmode=require` (or `verify-full`) in the URL asks for TLS.
    public var requireTLS: Bool
}

/// A malformed setting: the program stops at start with this one line.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let variable: String
    public let problem: String
    public var description: String { "\(variable): \(problem)" }
}

/// The settings of INTERFACES.md. Parsing is pure so that every malformed value can be tested.
public struct Configuration: Sendable, Equatable {
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    public var database: DatabaseLocation = .sqlite(path: "autour.sqlite")
    public var host = "127.0.0.1"
    public var port = 8080
    /// nil: generated on first start and kept in the database.
    public var secret: String?
    public var logLevel = "info"
    public var openFiscaURL: URL?

    public init() {}

    /// Reads the environment. Command-line flags are applied afterwards by the caller.
    public static func fromEnvironment(_ env: [String: String]) throws(ConfigurationError) -> Configuration {
        var config = Configuration()
        if let value = env["DATABASE_URL"] { config.database = try parseDatabaseURL(value) }
        if let value = env["AUTOUR_HOST"] { config.host = try parseHost(value, variable: "AUTOUR_HOST") }
        if let value = env["AUTOUR_PORT"] { config.port = try parsePort(value, variable: "AUTOUR_PORT") }
        if let value = env["AUTOUR_SECRET"] {
            guard value.utf8.count >= 32 else {
                throw ConfigurationError(variable: "AUTOUR_SECRET", problem: "must be at least 32 characters long")
            }
            config.secret = value
        }
        if let value = env["AUTOUR_LOG_LEVEL"] {
            let level = value.lowercased()
            guard logLevels.contains(level) else {
                throw ConfigurationError(variable: "AUTOUR_LOG_LEVEL",
                                         problem: "unknown level '\(value)' (expected one of \(logLevels.joined(separator: ", ")))")
            }
            config.logLevel = level
        }
        if let value = env["AUTOUR_OPENFISCA_URL"] {
            guard let url = URL(string: value), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ConfigurationError(variable: "AUTOUR_OPENFISCA_URL", problem: "expected an http(s) URL, got '\(value)'")
            }
            config.openFiscaURL = url
        }
        return config
    }

    public static func parseHost(_ value: String, variable: String) throws(ConfigurationError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw ConfigurationError(variable: variable, problem: "expected a host name or IP address, got '\(value)'")
        }
        return trimmed
    }

    public static func parsePort(_ value: String, variable: String) throws(ConfigurationError) -> Int {
        guard let port = Int(value), (0...65535).contains(port) else {
            throw ConfigurationError(variable: variable, problem: "expected a port number between 0 and 65535, got '\(value)'")
        }
        return port
    }

    public static func parseDatabaseURL(_ value: String) throws(ConfigurationError) -> DatabaseLocation {
        let variable = "DATABASE_URL"
        if value.hasPrefix("sqlite:") {
            var path = String(value.dropFirst("sqlite:".count))
            // Accept the URL-looking spelling sqlite://path too.
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty, path != ":memory:" else {
                throw ConfigurationError(variable: variable, problem: "sqlite: needs a file path, for example sqlite:autour.sqlite")
            }
            return .sqlite(path: path)
        }
        guard value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") else {
            throw ConfigurationError(variable: variable,
                                     problem: "unsupported scheme in '\(redacted(value))' (expected sqlite:PATH or postgres://user:pass@host:port/db)")
        }
        guard let parts = URLComponents(string: value), let host = parts.host, !host.isEmpty else {
            throw ConfigurationError(variable: variable, problem: "malformed PostgreSQL URL '\(redacted(value))'")
        }
        let database = String(parts.path.drop(while: { $0 == "/" }))
        guard let user = parts.user, !user.isEmpty else {
            throw ConfigurationError(variable: variable, problem: "the PostgreSQL URL needs a user name")
        }
        guard !database.isEmpty else {
            throw ConfigurationError(variable: variable, problem: "the PostgreSQL URL needs a database name after the host")
        }
        if let port = parts.port, !(1...65535).contains(port) {
            throw ConfigurationError(variable: variable, problem: "port out of range in the PostgreSQL URL")
        }
        let sslmode = parts.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable"
        guard ["disable", "prefer", "require", "verify-full", "allow", "verify-ca"].contains(sslmode) else {
            throw ConfigurationError(variable: variable, problem: "unknown sslmode '\(sslmode)'")
        }
        return .postgres(PostgresLocation(
            url: value, host: host, port: parts.port ?? 5432,
            username: user.removingPercentEncoding ?? user,
            password: parts.password?.removingPercentEncoding ?? parts.password,
            database: database,
            requireTLS: ["require", "verify-full", "verify-ca"].contains(sslmode)))
    }

    /// Never print a password in an error line.
    static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.password != nil else { return url }
        parts.password = "***"
        return parts.string ?? "(hidden)"
    }
}
