import HummingbirdBcrypt
import NIOPosix

/// bcrypt, run on a thread pool of its own: a hash takes a quarter of a second at cost 12 and
/// must block neither the event loops, nor the cooperative pool, nor NIO's shared pool, where
/// SQLite does its blocking I/O (two logins at once would otherwise stall every query).
public struct PasswordHasher: Sendable {
    public let cost: UInt8

    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()

    /// Tests pass a low cost (bcrypt's minimum is 4); production keeps 12.
    public init(cost: UInt8 = 12) { self.cost = cost }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await Self.pool.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await Self.pool.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
