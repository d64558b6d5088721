import AutourCore
import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// The append-only file where the audit chain's anchors are written, and the key that signs
/// them; both live outside the database (see `AuditAnchor` for what this protects).
public struct AuditAnchorFile: Sendable {
    public let path: String
    let key: String

    public init(path: String, key: String) {
        self.path = path
        self.key = key
    }

    /// The key from `AUTOUR_AUDIT_KEY`, or else from a key file beside the anchors, created with
    /// a random key (readable by its owner only) the first time.
    public static func open(path: String, key: String?) throws -> AuditAnchorFile {
        if let key { return AuditAnchorFile(path: path, key: key) }
        let keyPath = path + ".key"
        if let stored = try? String(contentsOfFile: keyPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
            stored.utf8.count >= 32
        {
            return AuditAnchorFile(path: path, key: stored)
        }
        let generated = Tokens.generate() + Tokens.generate()
        try writeDurably(generated + "\n", to: keyPath, flags: O_CREAT | O_EXCL)
        return AuditAnchorFile(path: path, key: generated)
    }

    /// Appends one signed line and waits until it is on disk. `O_APPEND` writes whole lines at
    /// the end even with several servers on one shared file.
    public func append(_ kind: AuditAnchor.Kind, sequence: Int64, hash: String, at: Date) throws -> AuditAnchor {
        let anchor = AuditAnchor.sign(kind: kind, sequence: sequence, hash: hash, at: at, key: key)
        try Self.writeDurably(anchor.line + "\n", to: path, flags: O_CREAT | O_APPEND)
        return anchor
    }

    /// Writes `text` in one `write` (readable by the owner only) and waits for the disk.
    private static func writeDurably(_ text: String, to path: String, flags: Int32) throws {
        let descriptor = Glibc.open(path, O_WRONLY | flags, 0o600)
        guard descriptor >= 0 else { throw AnchorFileError(path: path, errno: errno) }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count, fsync(descriptor) == 0 else { throw AnchorFileError(path: path, errno: errno) }
    }

    /// The file's lines; none when it does not exist yet.
    public func lines() throws -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The newest valid anchor, to skip writing the same head twice.
    func newest() throws -> AuditAnchor? {
        try lines().compactMap(AuditAnchor.parse).filter { $0.isValid(key: key) }.max { $0.sequence < $1.sequence }
    }
}

struct AnchorFileError: Error, CustomStringConvertible {
    let path: String
    let errno: Int32
    var description: String { "fichier d'ancres d'audit \(path) : \(String(cString: strerror(errno)))" }
}
