import AutourCore
import Foundation

extension Store {
    /// Creates an account. A volunteer is a member of the time bank from the moment the role is
    /// granted: their time account, with its welcome credit, opens here, never on a page read.
    public func createAccount(
        territoryId: UUID, email: String, name: String, roles: Set<Role>, password: String,
        isSocialWorker: Bool = false, actorId: UUID? = nil
    ) async throws -> Account {
        let account = try await accounts.create(
            territoryId: territoryId, email: email, name: name, roles: roles, password: password,
            isSocialWorker: isSocialWorker, actorId: actorId)
        if roles.contains(.volunteer) { _ = try await timeBank.memberAccount(of: account) }
        return account
    }
}
