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

    public init(database: AutourDatabase, clock: WallClock = .system, hasher: PasswordHasher = .init(),
                lockout: LockoutPolicy = .init(), sessionLifetime: TimeInterval = 8 * 3600) {
        self.database = database
        self.clock = clock
        self.hasher = hasher
        self.lockout = lockout
        self.sessionLifetime = sessionLifetime
    }

    // MARK: Accounts

    /// Creates an account; `actorId` is who created it (nil from the command line).
    public func create(territoryId: UUID, email: String, name: String, roles: Set<Role>, password: String,
                       isSocialWorker: Bool = false, actorId: UUID? = nil) async throws -> Account {
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
            try await AuditRepository.append(on: tx, database: database, at: now, territoryId: territoryId, actorId: actorId,
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
            guard let model = try await AccountModel.query(on: tx).filter(\.$id == accountId)
                .filter(\.$territoryId == territoryId).first() else { throw AutourError.notFound }
            model.active = active
            try await model.save(on: tx)
            if !active { try await SessionModel.query(on: tx).filter(\.$account.$id == accountId).delete() }
            try await AuditRepository.append(on: tx, database: database, at: now, territoryId: territoryId, actorId: actorId,
                                             action: .update, recordType: "account", recordId: accountId.uuidString)
        }
    }

    // MARK: Login

    public enum LoginResult: Sendable, Equatable {
        case success(Account)
        case invalid
        case locked(retryAfterSeconds: Int)
    }

    /// Checks a password, counting failures and locking the account after too many.
    /// Unknown e-mails, wrong passwords and inactive accounts all answer `.invalid`.
    public func authenticate(email: String, password: String) async throws -> LoginResult {
        let email = AccountRules.normalizeEmail(email)
        guard let model = try await AccountModel.query(on: database.db).filter(\.$email == email).first() else {
            // Spend the same time as a real check so response times do not reveal which
            // e-mails have accounts.
            _ = try await hasher.hash(password)
            return .invalid
        }
        let now = clock.now()
        if let seconds = lockout.remainingLock(lockedUntil: model.lockedUntil, now: now) {
            return .locked(retryAfterSeconds: seconds)
        }
        let matches = try await hasher.verify(password, hash: model.passwordHash)
        let accountId = model.id!
        let territoryId = model.territoryId
        return try await database.write { tx in
            guard let fresh = try await AccountModel.find(accountId, on: tx) else { return .invalid }
            if matches && fresh.active {
                fresh.failedLogins = 0
                fresh.lockedUntil = nil
                try await fresh.save(on: tx)
                try await AuditRepository.append(on: tx, database: database, at: now, territoryId: territoryId, actorId: accountId,
                                                 action: .login, recordType: "account", recordId: accountId.uuidString)
                return .success(fresh.core)
            }
            let outcome = lockout.afterFailure(previousFailures: fresh.failedLogins, now: now)
            fresh.failedLogins = outcome.failures
            fresh.lockedUntil = outcome.lockedUntil
            try await fresh.save(on: tx)
            try await AuditRepository.append(on: tx, database: database, at: now, territoryId: territoryId, actorId: nil,
                                             action: .loginFailed, recordType: "account", recordId: accountId.uuidString)
            if let until = outcome.lockedUntil, let seconds = lockout.remainingLock(lockedUntil: until, now: now) {
                return .locked(retryAfterSeconds: seconds)
            }
            return .invalid
        }
    }

    // MARK: Sessions

    /// Opens a browser session; returns the secret for the cookie (only its digest is stored).
    public func openSession(accountId: UUID) async throws -> String {
        let token = Tokens.generate()
        let now = clock.now()
        let session = SessionModel()
        session.tokenDigest = Tokens.digest(token)
        session.$account.id = accountId
        session.createdAt = now
        session.expiresAt = now.addingTimeInterval(sessionLifetime)
        try await database.write { tx in try await session.create(on: tx) }
        return token
    }

    /// The active account behind a session cookie, if the session is still valid.
    public func account(forSession token: String) async throws -> Account? {
        try await activeAccount(through: SessionModel.schema, digest: Tokens.digest(token)) { query in
            query.where(SQLColumn("expires_at", table: SessionModel.schema), .greaterThan, SQLBind(clock.now()))
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
            try await AuditRepository.append(on: tx, database: database, at: now, territoryId: account.territoryId, actorId: nil,
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
            try await AuditRepository.append(on: tx, database: database, at: now, territoryId: account.territoryId, actorId: nil,
                                             action: .tokenRevoked, recordType: "account", recordId: account.id.uuidString)
            return tokens.count
        }
    }

    /// The active account behind a bearer token, unless the token was revoked.
    public func account(forToken token: String) async throws -> Account? {
        try await activeAccount(through: ApiTokenModel.schema, digest: Tokens.digest(token)) { query in
            query.where(SQLColumn("revoked_at", table: ApiTokenModel.schema), .is, SQLLiteral.null)
        }
    }

    /// Every request looks up its caller, so this is one SQL join rather than two Fluent queries:
    /// the active account behind a credential (`table` is sessions or api_tokens) with `digest`.
    private func activeAccount(through table: String, digest: String,
                               condition: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> Account? {
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
        return Account(id: row.id, territoryId: row.territoryId, email: row.email, name: row.name,
                       roles: Set(row.roles.split(separator: ",").compactMap { Role(rawValue: String($0)) }),
                       isSocialWorker: row.isSocialWorker, active: true)
    }

    private struct CallerRow: Decodable {
        let id: UUID
        let territoryId: UUID
        let email: String
        let name: String
        let roles: String
        let isSocialWorker: Bool

        enum CodingKeys: String, CodingKey {
            case id, email, name, roles
            case territoryId = "territory_id"
            case isSocialWorker = "is_social_worker"
        }
    }
}
