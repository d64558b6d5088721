import Foundation

/// Rules about accounts that do not need a database: e-mail shape, password strength, lockout.
public enum AccountRules {
    public static let minimumPasswordLength = 10

    /// Normalises an e-mail for storage and lookup (accounts are found case-insensitively).
    public static func normalizeEmail(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    public static func isPlausibleEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), email.count <= 254
        else { return false }
        return !email.contains(where: \.isWhitespace)
    }

    public static func validateNewAccount(email: String, name: String, password: String, roles: Set<Role>) throws(AutourError) {
        var errors = FieldErrors()
        if roles.isEmpty { errors.add("roles", "Cochez au moins un rôle.") }
        if !isPlausibleEmail(normalizeEmail(email)) { errors.add("email", "Adresse e-mail invalide.") }
        if name.trimmingCharacters(in: .whitespaces).isEmpty || name.count > 200 {
            errors.add("name", "Nom : entre 1 et 200 caractères.")
        }
        if password.count < minimumPasswordLength {
            errors.add("password", "Le mot de passe doit compter au moins \(minimumPasswordLength) caractères.")
        } else if password.utf8.count > 72 {
            // bcrypt ignores everything after 72 bytes: refuse rather than silently truncate.
            errors.add("password", "Le mot de passe ne doit pas dépasser 72 octets.")
        }
        try errors.throwIfAny("Le compte ne peut pas être créé.")
    }
}

/// Temporary lockout after repeated failed logins, kept on the account so that it holds across
/// several stateless servers.
public struct LockoutPolicy: Sendable {
    public let maxFailures: Int
    public let lockDuration: TimeInterval

    public init(maxFailures: Int = 5, lockDuration: TimeInterval = 15 * 60) {
        self.maxFailures = maxFailures
        self.lockDuration = lockDuration
    }
}

/// Where the browser goes after logging in.
public enum LoginRedirect {
    /// Only a plain path of this site may follow the login, never another site (no open redirect).
    /// Browsers drop tabs and newlines from a `Location` and read a backslash as a slash, so
    /// `/\t/evil.example` or `/\\evil.example` would become `//evil.example`, another host: the
    /// target must be printable ASCII without spaces or backslashes, start with one slash and
    /// not a second.
    public static func safeTarget(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), next.count <= 2000, next != "/login",
            next.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != "\\" }),
            !next.dropFirst().hasPrefix("/")
        else { return "/" }
        return next
    }
}

/// When a browser session ends besides its fixed lifetime. Staff roles open files of fragile
/// people, often on shared or lost devices: their session ends after a while without use.
/// Watchers and volunteers see no files; their session only has the fixed lifetime.
public enum SessionRules {
    public static let defaultIdleTimeout: TimeInterval = 30 * 60
    /// The last-seen time is written at most this often.
    public static let touchInterval: TimeInterval = 60
    static let staffRoles: Set<Role> = [.agent, .coordinator, .elected, .partner, .admin]

    /// Whether an account with these roles has the idle timeout (any staff role).
    public static func hasIdleTimeout(_ roles: Set<Role>) -> Bool { !roles.isDisjoint(with: staffRoles) }

    public static func isIdle(roles: Set<Role>, lastSeen: Date?, now: Date, timeout: TimeInterval) -> Bool {
        guard hasIdleTimeout(roles), let lastSeen else { return false }
        return now.timeIntervalSince(lastSeen) > timeout
    }
}
