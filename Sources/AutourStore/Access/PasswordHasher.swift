import HummingbirdBcrypt
import NIOPosix

/// bcrypt, run on NIO's thread pool: a hash takes a quarter of a second at cost 12 and must
/// never block the event loops or the cooperative pool.
public struct PasswordHasher: Sendable {
    public let cost: UInt8

    /// Tests pass a low cost (bcrypt's minimum is 4); production keeps 12.
    public init(cost: UInt8 = 12) { self.cost = cost }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
