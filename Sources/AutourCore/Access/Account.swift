import Foundation

/// An account as every layer above the store sees it (never its password hash).
public struct Account: Sendable, Equatable, Codable {
    public let id: UUID
    public let territoryId: UUID
    public let email: String
    public let name: String
    public let roles: Set<Role>
    public let isSocialWorker: Bool
    public let active: Bool

    public init(
        id: UUID, territoryId: UUID, email: String, name: String, roles: Set<Role>,
        isSocialWorker: Bool, active: Bool
    ) {
        self.id = id
        self.territoryId = territoryId
        self.email = email
        self.name = name
        self.roles = roles
        self.isSocialWorker = isSocialWorker
        self.active = active
    }

    public var actor: Actor { Actor(accountId: id, territoryId: territoryId, roles: roles, isSocialWorker: isSocialWorker) }
    /// Roles in a stable order, for display.
    public var sortedRoles: [Role] { roles.sorted() }
}

extension Sequence where Element == Account {
    /// Who is who, for showing authors, assignees and callers by name.
    public var namesById: [UUID: String] { Dictionary(map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first }) }
}
