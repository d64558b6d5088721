import Crypto
import Foundation

/// What the audit trail records: who did what to which record, and when.
public enum AuditAction: String, Codable, Sendable, CaseIterable {
    case read, create, update, delete, export, erase, login, logout, loginFailed = "login_failed"
    /// The complete subject-access export, sensitive and private notes included.
    case exportComplete = "export_complete"
    case tokenCreated = "token_created", tokenRevoked = "token_revoked"
}

/// One entry of the append-only audit log, as the chain sees it.
public struct AuditEntry: Sendable, Equatable, Codable {
    public let sequence: Int64
    public let at: Date
    public let territoryId: UUID?
    public let actorId: UUID?
    public let action: String
    public let recordType: String
    public let recordId: String
    public let previousHash: String
    public let hash: String

    public init(
        sequence: Int64, at: Date, territoryId: UUID?, actorId: UUID?, action: String,
        recordType: String, recordId: String, previousHash: String, hash: String
    ) {
        self.sequence = sequence
        self.at = at
        self.territoryId = territoryId
        self.actorId = actorId
        self.action = action
        self.recordType = recordType
        self.recordId = recordId
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// The hash chain: each entry's hash covers its own fields and the previous entry's hash, so
/// that editing, deleting or reordering any stored entry breaks every hash after it.
public enum AuditChain {
    /// The previous hash of the very first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// Time is hashed at millisecond precision: both databases store at least that.
    public static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    public static func hash(
        sequence: Int64, at: Date, territoryId: UUID?, actorId: UUID?, action: String,
        recordType: String, recordId: String, previousHash: String
    ) -> String {
        // Fields are joined with a unit separator that none of them may contain, so two
        // different entries can never serialise to the same text.
        let text = [
            String(sequence), String(milliseconds(at)), territoryId?.uuidString ?? "-", actorId?.uuidString ?? "-",
            action, recordType, recordId, previousHash,
        ].joined(separator: "\u{1F}")
        return Tokens.hex(SHA256.hash(data: Data(text.utf8)))
    }

    /// A problem found by `verify`, naming the first broken entry.
    public struct Break: Sendable, Equatable, CustomStringConvertible {
        public let sequence: Int64
        public let reason: String
        public var description: String { "entrée #\(sequence) : \(reason)" }
    }

    /// Checks the entries in sequence order; returns the first break, or nil when intact.
    /// `after` is the entry just before them (nil: they start the chain).
    public static func verify(_ entries: some Sequence<AuditEntry>, after: AuditEntry? = nil) -> Break? {
        var expectedPrevious = after?.hash ?? genesis
        var expectedSequence: Int64 = (after?.sequence ?? 0) + 1
        for entry in entries {
            if entry.sequence != expectedSequence {
                return Break(sequence: entry.sequence, reason: "numéro \(expectedSequence) attendu (une entrée a été supprimée ou insérée)")
            }
            if entry.previousHash != expectedPrevious {
                return Break(sequence: entry.sequence, reason: "ne suit pas l'empreinte de l'entrée précédente")
            }
            let recomputed = hash(
                sequence: entry.sequence, at: entry.at, territoryId: entry.territoryId,
                actorId: entry.actorId, action: entry.action, recordType: entry.recordType,
                recordId: entry.recordId, previousHash: entry.previousHash)
            if recomputed != entry.hash { return Break(sequence: entry.sequence, reason: "contenu modifié (empreinte différente)") }
            expectedPrevious = entry.hash
            expectedSequence += 1
        }
        return nil
    }
}
