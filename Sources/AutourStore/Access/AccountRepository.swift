import AutourCore
import FluentKit
import Foundation
import SQLKit

/// Accounts, their login state, browser sessions and API tokens.
public struct AccountRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock
    let hasher: PasswordHasher
    let lockout: LockoutPolicy
    /// How long a browser session lasts without a new login.
    public let sessionLifetime: TimeInterval
    /// How long a staff session lasts without a request (see `SessionRules`).
    public let idleTimeout: TimeInterval

    public init(
        database: AutourDatabase, clock: WallClock = .system, hasher: PasswordHasher = .init(),
        lockout: LockoutPolicy = .init(), sessionLifetime: TimeInterval = 8 * 3600,
        idleTimeout: TimeInterval = SessionRules.defaultIdleTimeout
    ) {
        self.idleTimeout = idleTimeout
        self.database = database
        self.clock = clock
        self.hasher = hasher
        self.lockout = lockout
        self.sessionLifetime = sessionLifetime
    }

    // MARK: Accounts

    /// Creates an account; `actorId` is who created it (nil from the command line).
    public func create(
        territoryId: UUID, email: String, name: String, roles: Set<Role>, password: String,
        isSocialWorker: Bool = false, actorId: UUID? = nil
    ) async throws -> Account {
        let email = AccountRules.normalizeEmail(email)
        try AccountRules.validateNewAccount(email: email, name: name, password: password, roles: roles)
        let hash = try await hasher.hash(password)
        let now = clock.now()
        let model = AccountModel()
        model.territoryId = territoryId
        model.email = email
        model.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        model.passwordHash = hash
        model.roles = roles.sorted().map(\.rawValue).joined(separator: ",")
        model.isSocialWorker = isSocialWorker
        model.active = true
        model.failedLogins = 0
        model.createdAt = now
        try await database.write { tx in
            guard try await TerritoryModel.find(territoryId, on: tx) != nil else { throw AutourError.notFound }
            if try await AccountModel.query(on: tx).filter(\.$email == email).first() != nil {
                throw AutourError.conflict("Un compte existe déjà pour \(email).")
            }
            try await model.create(on: tx)
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: territoryId, actorId: actorId,
                action: .create, recordType: "account", recordId: model.id!.uuidString)
        }
        return model.core
    }

    /// The account, only if it belongs to `territoryId`: other territories' accounts do not exist.
    public func find(id: UUID, territoryId: UUID) async throws -> Account? {
        try await AccountModel.query(on: database.db).filter(\.$id == id).filter(\.$territoryId == territoryId).first()?.core
    }

    public func find(email: String) async throws -> Account? {
        try await AccountModel.query(on: database.db).filter(\.$email == AccountRules.normalizeEmail(email)).first()?.core
    }

    public func list(territoryId: UUID) async throws -> [Account] {
        try await AccountModel.query(on: database.db).filter(\.$territoryId == territoryId).sort(\.$name).all().map(\.core)
    }

    /// Deactivates or reactivates an account; a deactivated account's sessions end at once.
    public func setActive(_ active: Bool, accountId: UUID, territoryId: UUID, actorId: UUID) async throws {
        let now = clock.now()
        try await database.write { tx in
            guard
                let model = try await AccountModel.query(on: tx).filter(\.$id == accountId)
                    .filter(\.$territoryId == territoryId).first()
            else { throw AutourError.notFound }
            model.active = active
            try await model.save(on: tx)
            if !active { try await SessionModel.query(on: tx).filter(\.$account.$id == accountId).delete() }
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: territoryId, actorId: actorId,
                action: .update, recordType: "account", recordId: accountId.uuidString)
        }
    }

    // MARK: Login

    public enum LoginResult: Sendable, Equatable {
        case success(Account)
        case invalid
    }

    /// Checks a password. The attempt is reserved before bcrypt runs: one statement counts it
    /// against the account only while the account is not locked and has fewer than the allowed
    /// failures, so parallel guesses get at most that many passwords checked; the others are
    /// refused without a check. A correct password then opens only if the account is still
    /// unlocked at that moment (another guess of the burst may have locked it).
    /// Unknown e-mails, wrong passwords, inactive and locked accounts all answer `.invalid`,
    /// after the same bcrypt work, so neither the answer nor its time says which e-mails exist.
    public func authenticate(email: String, password: String) async throws -> LoginResult {
        let email = AccountRules.normalizeEmail(email)
        let now = clock.now()
        struct Reserved: Decodable { let id: UUID; let territory_id: UUID; let password_hash: String }
        let reserved = try await database.write { tx in
            try await (tx as! any SQLDatabase).update(AccountModel.schema)
                .set(SQLIdentifier("failed_logins"), to: SQLRaw("failed_logins + 1"))
                .where("email", .equal, SQLBind(email))
                .where("failed_logins", .lessThan, SQLBind(lockout.maxFailures))
                .where { $0.where("locked_until", .is, SQLLiteral.null).orWhere("locked_until", .lessThanOrEqual, SQLBind(now)) }
                .returning("id", "territory_id", "password_hash")
                .first(decoding: Reserved.self)
        }
        guard let reserved else {
            // Unknown, locked, or out of attempts: the same work and the same answer as a wrong password.
            _ = try await hasher.hash(password)
            return .invalid
        }
        let matches = try await hasher.verify(password, hash: reserved.password_hash)
        return try await database.write { tx in
            let sql = tx as! any SQLDatabase
            if matches {
                // Opens only if nothing locked the account meanwhile, and it is active.
                struct Opened: Decodable { let id: UUID }
                let opened = try await sql.update(AccountModel.schema)
                    .set("failed_logins", to: SQLBind(0)).set("locked_until", to: SQLLiteral.null)
                    .where("id", .equal, SQLBind(reserved.id)).where("active", .equal, SQLBind(true))
                    .where { $0.where("locked_until", .is, SQLLiteral.null).orWhere("locked_until", .lessThanOrEqual, SQLBind(now)) }
                    .returning("id").first(decoding: Opened.self)
                if opened != nil, let account = try await AccountModel.find(reserved.id, on: tx) {
                    try await AuditRepository.append(
                        on: tx, database: database, at: now, territoryId: reserved.territory_id, actorId: reserved.id,
                        action: .login, recordType: "account", recordId: reserved.id.uuidString)
                    return .success(account.core)
                }
            } else {
                // The reservation already counted this failure; reaching the limit locks the account.
                try await sql.update(AccountModel.schema)
                    .set("locked_until", to: SQLBind(now.addingTimeInterval(lockout.lockDuration))).set("failed_logins", to: SQLBind(0))
                    .where("id", .equal, SQLBind(reserved.id)).where("failed_logins", .greaterThanOrEqual, SQLBind(lockout.maxFailures))
                    .run()
            }
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: reserved.territory_id, actorId: nil,
                action: .loginFailed, recordType: "account", recordId: reserved.id.uuidString)
            return .invalid
        }
    }

    // MARK: Sessions

    /// Opens a browser session with a new secret for the cookie (only its digest is stored);
    /// the session the browser had before, if any, ends, so a session id planted before login
    /// is worth nothing after it.
    public func openSession(accountId: UUID, replacing previous: String? = nil) async throws -> String {
        let token = Tokens.generate()
        let now = clock.now()
        let session = SessionModel()
        session.tokenDigest = Tokens.digest(token)
        session.$account.id = accountId
        session.createdAt = now
        session.expiresAt = now.addingTimeInterval(sessionLifetime)
        session.lastSeenAt = now
        try await database.write { tx in
            if let previous { try await SessionModel.query(on: tx).filter(\.$tokenDigest == Tokens.digest(previous)).delete() }
            try await session.create(on: tx)
        }
        return token
    }

    /// The active account behind a session cookie, if the session has neither expired nor, for
    /// staff, been idle too long. A used session's last-seen time moves forward (at most once a
    /// minute, so reading pages does not turn every request into a write).
    public func account(forSession token: String) async throws -> Account? {
        let now = clock.now()
        let digest = Tokens.digest(token)
        guard
            let (account, lastSeen) = try await activeAccount(
                through: SessionModel.schema, digest: digest,
                condition: { query in
                    query.where(SQLColumn("expires_at", table: SessionModel.schema), .greaterThan, SQLBind(now))
                        .column(SQLColumn("last_seen_at", table: SessionModel.schema))
                })
        else { return nil }
        if SessionRules.isIdle(roles: account.roles, lastSeen: lastSeen, now: now, timeout: idleTimeout) {
            try await database.write { tx in try await SessionModel.query(on: tx).filter(\.$tokenDigest == digest).delete() }
            return nil
        }
        if now.timeIntervalSince(lastSeen ?? .distantPast) > SessionRules.touchInterval {
            try await database.write { tx in
                try await (tx as! any SQLDatabase).update(SessionModel.schema).set("last_seen_at", to: SQLBind(now))
                    .where("token_digest", .equal, SQLBind(digest)).run()
            }
        }
        return account
    }

    /// "Log out my other sessions": every session of the account but this one ends; returns how many.
    public func closeOtherSessions(accountId: UUID, keeping token: String) async throws -> Int {
        let digest = Tokens.digest(token)
        return try await database.write { tx in
            let others = try await SessionModel.query(on: tx).filter(\.$account.$id == accountId).filter(\.$tokenDigest != digest).count()
            try await SessionModel.query(on: tx).filter(\.$account.$id == accountId).filter(\.$tokenDigest != digest).delete()
            return others
        }
    }

    public func closeSession(token: String) async throws {
        let digest = Tokens.digest(token)
        try await database.write { tx in
            try await SessionModel.query(on: tx).filter(\.$tokenDigest == digest).delete()
        }
    }

    // MARK: API tokens

    /// Issues a new API token for the account; the token itself is returned once, never stored.
    public func issueToken(email: String) async throws -> String {
        guard let account = try await find(email: email) else {
            throw AutourError.invalid("Aucun compte pour \(AccountRules.normalizeEmail(email)).", fields: ["email": "compte inconnu"])
        }
        let token = "aut_" + Tokens.generate()
        let now = clock.now()
        let model = ApiTokenModel()
        model.tokenDigest = Tokens.digest(token)
        model.$account.id = account.id
        model.createdAt = now
        try await database.write { tx in
            try await model.create(on: tx)
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: account.territoryId, actorId: nil,
                action: .tokenCreated, recordType: "account", recordId: account.id.uuidString)
        }
        return token
    }

    /// Revokes every API token of the account; returns how many were active.
    public func revokeTokens(email: String) async throws -> Int {
        guard let account = try await find(email: email) else {
            throw AutourError.invalid("Aucun compte pour \(AccountRules.normalizeEmail(email)).", fields: ["email": "compte inconnu"])
        }
        let now = clock.now()
        return try await database.write { tx in
            let tokens = try await ApiTokenModel.query(on: tx).filter(\.$account.$id == account.id)
                .filter(\.$revokedAt == nil).all()
            for token in tokens {
                token.revokedAt = now
                try await token.save(on: tx)
            }
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: account.territoryId, actorId: nil,
                action: .tokenRevoked, recordType: "account", recordId: account.id.uuidString)
            return tokens.count
        }
    }

    /// The active account behind a bearer token, unless the token was revoked.
    public func account(forToken token: String) async throws -> Account? {
        try await activeAccount(through: ApiTokenModel.schema, digest: Tokens.digest(token)) { query in
            query.where(SQLColumn("revoked_at", table: ApiTokenModel.schema), .is, SQLLiteral.null)
        }?.account
    }

    /// Every request looks up its caller, so this is one SQL join rather than two Fluent queries:
    /// the active account behind a credential (`table` is sessions or api_tokens) with `digest`.
    /// `condition` may also select `last_seen_at` (sessions have one, tokens do not).
    private func activeAccount(
        through table: String, digest: String,
        condition: (SQLSelectBuilder) -> SQLSelectBuilder
    ) async throws -> (account: Account, lastSeen: Date?)? {
        let sql = try database.db as! any SQLDatabase
        let accounts = AccountModel.schema
        let query = sql.select()
            .columns(["id", "territory_id", "email", "name", "roles", "is_social_worker"].map { SQLColumn($0, table: accounts) })
            .from(table)
            .join(accounts, on: SQLColumn("account_id", table: table), .equal, SQLColumn("id", table: accounts))
            .where(SQLColumn("token_digest", table: table), .equal, SQLBind(digest))
            .where(SQLColumn("active", table: accounts), .equal, SQLBind(true))
            .limit(1)
        guard let row = try await condition(query).first(decoding: CallerRow.self) else { return nil }
        return (
            Account(
                id: row.id, territoryId: row.territoryId, email: row.email, name: row.name,
                roles: Set(row.roles.split(separator: ",").compactMap { Role(rawValue: String($0)) }),
                isSocialWorker: row.isSocialWorker, active: true), row.lastSeenAt
        )
    }

    private struct CallerRow: Decodable {
        let id: UUID
        let territoryId: UUID
        let email: String
        let name: String
        let roles: String
        let isSocialWorker: Bool
        let lastSeenAt: Date?

        enum CodingKeys: String, CodingKey {
            case id, email, name, roles
            case lastSeenAt = "last_seen_at"
            case territoryId = "territory_id"
            case isSocialWorker = "is_social_worker"
        }
    }
}
