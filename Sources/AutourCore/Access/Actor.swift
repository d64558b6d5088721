import Foundation

/// Who is acting: an authenticated account, always inside one territory.
public struct Actor: Sendable, Equatable {
    public let accountId: UUID
    public let territoryId: UUID
    public let roles: Set<Role>
    /// Social workers may read the sensitive (health) part of a file; a flag on the account.
    public let isSocialWorker: Bool

    public init(accountId: UUID, territoryId: UUID, roles: Set<Role>, isSocialWorker: Bool = false) {
        self.accountId = accountId
        self.territoryId = territoryId
        self.roles = roles
        self.isSocialWorker = isSocialWorker
    }

    public func has(_ role: Role) -> Bool { roles.contains(role) }
    public func hasAny(_ candidates: Set<Role>) -> Bool { !roles.isDisjoint(with: candidates) }
}

/// What a permission rule needs to know about the record being touched: where it lives and,
/// for records that belong to someone (a signal, a private note), who owns it.
public struct RecordScope: Sendable, Equatable {
    public let territoryId: UUID
    public let ownerId: UUID?

    public init(territoryId: UUID, ownerId: UUID? = nil) {
        self.territoryId = territoryId
        self.ownerId = ownerId
    }
}
