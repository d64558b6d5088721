import Crypto
import Foundation

/// A signed statement, kept outside the database, that the audit chain had reached entry
/// `sequence` with hash `hash` at `at`. The chain alone proves that no stored entry was edited,
/// but whoever can write to the database can also delete its newest entries, or its oldest
/// with a forged checkpoint, and leave a chain that verifies. An anchor written before that,
/// signed with a key the database does not hold, says the chain was longer: `audit verify`
/// then reports the truncation.
///
/// What it protects against: someone with write access to the database only (an administrator
/// of the database server, a stolen and altered backup, an injection). What it does not:
/// someone who also holds the key and the anchor file (root on the application server);
/// entries deleted after the last anchor was written (anchors are written at each checkpoint
/// and every few minutes, so at most those minutes are exposed). Shipping the anchor lines to a
/// log server and keeping the key in a secret store narrows both.
public struct AuditAnchor: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The newest entry when the anchor was written.
        case head
        /// The last entry deleted by a retention purge: the remaining chain starts after it.
        case checkpoint
    }

    public let kind: Kind
    public let sequence: Int64
    public let hash: String
    public let at: Date
    public let signature: String

    public static func sign(kind: Kind, sequence: Int64, hash: String, at: Date, key: String) -> AuditAnchor {
        AuditAnchor(
            kind: kind, sequence: sequence, hash: hash, at: at,
            signature: mac(kind: kind, sequence: sequence, hash: hash, milliseconds: AuditChain.milliseconds(at), key: key))
    }

    public func isValid(key: String) -> Bool {
        Tokens.constantTimeEquals(
            signature,
            Self.mac(
                kind: kind, sequence: sequence, hash: hash,
                milliseconds: AuditChain.milliseconds(at), key: key))
    }

    private static func mac(kind: Kind, sequence: Int64, hash: String, milliseconds: Int64, key: String) -> String {
        let text = ["autour-audit-anchor-v1", kind.rawValue, String(sequence), hash, String(milliseconds)].joined(separator: "\u{1F}")
        return Tokens.hex(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: Data(key.utf8))))
    }

    /// One line of the anchor file (and of the server's log).
    public var line: String {
        "audit-anchor v1 \(kind.rawValue) \(sequence) \(hash) \(AuditChain.milliseconds(at)) \(signature)"
    }

    public static func parse(_ line: String) -> AuditAnchor? {
        let parts = line.split(separator: " ")
        guard parts.count == 7, parts[0] == "audit-anchor", parts[1] == "v1", let kind = Kind(rawValue: String(parts[2])),
            let sequence = Int64(parts[3]), sequence >= 0, parts[4].count == 64, let ms = Int64(parts[5]),
            abs(ms) < 100_000_000_000_000, parts[6].count == 64
        else { return nil }
        return AuditAnchor(
            kind: kind, sequence: sequence, hash: String(parts[4]), at: Date(timeIntervalSince1970: Double(ms) / 1000),
            signature: String(parts[6]))
    }
}

/// Holds the chain found in the database against the anchors found outside it.
public enum AuditAnchorCheck {
    /// What the database holds: its checkpoint (the last purged entry), and a way to read the
    /// hash of any entry still stored, and its newest sequence.
    public struct Chain: Sendable {
        public let checkpoint: (sequence: Int64, hash: String)?
        public let headSequence: Int64
        public let hashes: [Int64: String]

        public init(checkpoint: (sequence: Int64, hash: String)?, headSequence: Int64, hashes: [Int64: String]) {
            self.checkpoint = checkpoint
            self.headSequence = headSequence
            self.hashes = hashes
        }
    }

    /// The problems, in French, for the operator; empty when every anchor agrees with the chain.
    /// `lines` are the anchor file's lines; `key` signs them.
    public static func problems(lines: [String], key: String, chain: Chain) -> [String] {
        var problems: [String] = []
        var anchors: [AuditAnchor] = []
        for (number, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let anchor = AuditAnchor.parse(line), anchor.isValid(key: key) else {
                problems.append("ancre ligne \(number + 1) illisible ou mal signée (fichier d'ancres modifié, ou autre clé)")
                continue
            }
            anchors.append(anchor)
        }
        let purgedUpTo = chain.checkpoint?.sequence ?? 0
        if let checkpoint = chain.checkpoint,
            !anchors.contains(where: { $0.kind == .checkpoint && $0.sequence == checkpoint.sequence && $0.hash == checkpoint.hash })
        {
            problems.append("le point de reprise n° \(checkpoint.sequence) n'a été signé par aucune purge : des entrées anciennes ont pu être supprimées")
        }
        if let newest = anchors.max(by: { $0.sequence < $1.sequence }), newest.sequence > chain.headSequence {
            problems.append(
                "le journal s'arrête à l'entrée n° \(chain.headSequence) alors qu'il atteignait la n° \(newest.sequence) "
                    + "le \(ISO8601DateFormatter().string(from: newest.at)) : des entrées récentes ont été supprimées")
        }
        for anchor in anchors where anchor.sequence > purgedUpTo && anchor.sequence <= chain.headSequence {
            if let stored = chain.hashes[anchor.sequence], stored != anchor.hash {
                problems.append("l'entrée n° \(anchor.sequence) n'est plus celle qui a été ancrée : le journal a été réécrit")
            }
        }
        return problems
    }
}
