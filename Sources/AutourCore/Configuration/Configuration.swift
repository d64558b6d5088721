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

/// The settings listed in the README (« Configuration »). Parsing is pure so that every malformed value can be tested.
public struct Configuration: Sendable, Equatable {
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    public var database: DatabaseLocation = .sqlite(path: "autour.sqlite")
    public var host = "127.0.0.1"
    public var port = 8080
    /// nil: generated on first start and kept in the database.
    public var secret: String?
    public var logLevel = "info"
    public var openFiscaURL: URL?
    /// Reverse proxies whose `X-Forwarded-For` is believed (exact IP addresses). Any other peer's
    /// header is ignored, so a client cannot pick the address it is rate-limited under.
    public var trustedProxies: Set<String> = []
    /// A bearer token that opens `/metrics` to a monitoring server that is not on this machine;
    /// without it `/metrics` answers loopback only.
    public var metricsToken: String?
    /// Staff sessions end after this long without a request (`AUTOUR_SESSION_IDLE_MINUTES`).
    public var sessionIdleMinutes = 30
    /// The key that signs the audit chain's anchors; it must not live in the database it protects.
    public var auditKey: String?
    /// The append-only file where the audit anchors are written.
    public var auditAnchorFile = "autour-audit-anchors.log"

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
                throw ConfigurationError(
                    variable: "AUTOUR_LOG_LEVEL",
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
        if let value = env["AUTOUR_TRUSTED_PROXIES"] {
            let addresses = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard addresses.allSatisfy(isIPAddress) else {
                throw ConfigurationError(variable: "AUTOUR_TRUSTED_PROXIES", problem: "expected IP addresses separated by commas, got '\(value)'")
            }
            config.trustedProxies = Set(addresses)
        }
        if let value = env["AUTOUR_METRICS_TOKEN"] {
            guard value.utf8.count >= 32 else {
                throw ConfigurationError(variable: "AUTOUR_METRICS_TOKEN", problem: "must be at least 32 characters long")
            }
            config.metricsToken = value
        }
        if let value = env["AUTOUR_SESSION_IDLE_MINUTES"] {
            guard let minutes = Int(value), (1...1440).contains(minutes) else {
                throw ConfigurationError(variable: "AUTOUR_SESSION_IDLE_MINUTES", problem: "expected minutes between 1 and 1440, got '\(value)'")
            }
            config.sessionIdleMinutes = minutes
        }
        if let value = env["AUTOUR_AUDIT_KEY"] {
            guard value.utf8.count >= 32 else {
                throw ConfigurationError(variable: "AUTOUR_AUDIT_KEY", problem: "must be at least 32 characters long")
            }
            config.auditKey = value
        }
        if let value = env["AUTOUR_AUDIT_ANCHORS"] {
            guard !value.isEmpty else { throw ConfigurationError(variable: "AUTOUR_AUDIT_ANCHORS", problem: "expected a file path") }
            config.auditAnchorFile = value
        }
        return config
    }

    /// An IPv4 or IPv6 address written as such (no host names: a proxy is known by its address).
    public static func isIPAddress(_ text: String) -> Bool {
        let v4 = text.split(separator: ".", omittingEmptySubsequences: false)
        if v4.count == 4, v4.allSatisfy({ $0.count <= 3 && UInt8($0) != nil }) { return true }
        return text.contains(":") && text.count <= 45 && text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
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
            throw ConfigurationError(
                variable: variable,
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
        return .postgres(
            PostgresLocation(
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
