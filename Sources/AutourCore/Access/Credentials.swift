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
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), email.count <= 254 else { return false }
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

    /// Returns how many seconds remain before the account can try again, or nil when it can.
    public func remainingLock(lockedUntil: Date?, now: Date) -> Int? {
        guard let lockedUntil, lockedUntil > now else { return nil }
        return Int(lockedUntil.timeIntervalSince(now).rounded(.up))
    }

    /// After a failure: the new failure count and, when the count reaches the limit, the end of
    /// the lock (the counter then starts again from zero).
    public func afterFailure(previousFailures: Int, now: Date) -> (failures: Int, lockedUntil: Date?) {
        let failures = previousFailures + 1
        if failures >= maxFailures { return (0, now.addingTimeInterval(lockDuration)) }
        return (failures, nil)
    }
}

/// Where the browser goes after logging in.
public enum LoginRedirect {
    /// Only a local path may follow the login, never another site (no open redirect).
    public static func safeTarget(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next != "/login" else { return "/" }
        return next
    }
}
