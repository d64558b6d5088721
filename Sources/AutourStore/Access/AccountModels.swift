import AutourCore
import FluentKit
import Foundation

final class AccountModel: Model, @unchecked Sendable {
    static let schema = "accounts"
    @ID(key: .id) var id: UUID?
    @Field(key: "territory_id") var territoryId: UUID
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "password_hash") var passwordHash: String
    /// Role names joined by commas, in a stable order.
    @Field(key: "roles") var roles: String
    @Field(key: "is_social_worker") var isSocialWorker: Bool
    @Field(key: "active") var active: Bool
    @Field(key: "failed_logins") var failedLogins: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var core: Account {
        Account(
            id: id!, territoryId: territoryId, email: email, name: name,
            roles: Set(roles.split(separator: ",").compactMap { Role(rawValue: String($0)) }),
            isSocialWorker: isSocialWorker, active: active)
    }
}

final class SessionModel: Model, @unchecked Sendable {
    static let schema = "sessions"
    @ID(key: .id) var id: UUID?
    @Field(key: "token_digest") var tokenDigest: String
    @Parent(key: "account_id") var account: AccountModel
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "last_seen_at") var lastSeenAt: Date?

    init() {}
}

final class ApiTokenModel: Model, @unchecked Sendable {
    static let schema = "api_tokens"
    @ID(key: .id) var id: UUID?
    @Field(key: "token_digest") var tokenDigest: String
    @Parent(key: "account_id") var account: AccountModel
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}
}
