import Crypto
import Foundation

/// A time-bank account: one per member, and the territory's system accounts.
public enum TimeAccountKind: String, CaseIterable, Codable, Sendable {
    case member
    /// Gives the welcome credit.
    case welcome
    /// The CCAS's solidarity fund.
    case solidarity
    /// Events organised by the territory.
    case events

    public var label: String {
        switch self {
        case .member: "Membre"
        case .welcome: "Crédit de bienvenue"
        case .solidarity: "Fonds de solidarité du CCAS"
        case .events: "Événements"
        }
    }

    /// System accounts have no limits: they are how time enters and leaves circulation.
    public var isSystem: Bool { self != .member }
}

public struct TimeAccount: Sendable, Equatable {
    public let id: UUID
    public let territoryId: UUID
    public let kind: TimeAccountKind
    public let ownerId: UUID?
    public let name: String
    public let balanceMinutes: Int

    public init(id: UUID, territoryId: UUID, kind: TimeAccountKind, ownerId: UUID?, name: String, balanceMinutes: Int) {
        self.id = id
        self.territoryId = territoryId
        self.kind = kind
        self.ownerId = ownerId
        self.name = name
        self.balanceMinutes = balanceMinutes
    }
}

/// One line of a transfer: minutes credited (positive) or debited (negative) to an account.
public struct LedgerEntry: Sendable, Equatable, Codable {
    public let accountId: UUID
    public let minutes: Int
    public init(accountId: UUID, minutes: Int) {
        self.accountId = accountId
        self.minutes = minutes
    }
}

/// The limits of member accounts, per territory: a floor (the most one may owe) and a ceiling.
public struct LedgerLimits: Sendable, Equatable {
    public var floorMinutes: Int
    public var ceilingMinutes: Int
    public init(floorMinutes: Int = -20 * 60, ceilingMinutes: Int = 40 * 60) {
        self.floorMinutes = floorMinutes
        self.ceilingMinutes = ceilingMinutes
    }
}

/// The ledger's rules, pure: a transfer balances, moves time between distinct accounts, keeps every
/// member within the limits; transfers are hash-chained per territory; an idempotency key stands
/// for one body only.
public enum LedgerRules {
    /// A single transfer moves at most 24 hours.
    public static let maxMinutes = 24 * 60

    public static func validate(_ entries: [LedgerEntry]) throws(AutourError) {
        guard entries.count >= 2 else { throw .invalid("Un virement a au moins deux lignes.", fields: ["entries": "Deux lignes au moins."]) }
        guard Set(entries.map(\.accountId)).count == entries.count else {
            throw .invalid("Un compte apparaît deux fois.", fields: ["toAccount": "Choisissez un autre compte que le vôtre."])
        }
        guard entries.allSatisfy({ $0.minutes != 0 && abs($0.minutes) <= maxMinutes }) else {
            throw .invalid("Montant invalide.", fields: ["minutes": "De 1 à \(maxMinutes) minutes."])
        }
        guard entries.reduce(0, { $0 + $1.minutes }) == 0 else {
            throw .invalid("Le virement n'est pas équilibré.", fields: ["entries": "La somme des lignes doit être nulle."])
        }
    }

    /// The balances after the transfer, or which limit it breaks (a 422 naming the account).
    public static func checkLimits(_ entries: [LedgerEntry], accounts: [UUID: TimeAccount], limits: LedgerLimits) throws(AutourError) {
        for entry in entries {
            guard let account = accounts[entry.accountId] else { throw .invalid("Compte inconnu.", fields: ["toAccount": "Compte inconnu."]) }
            guard !account.kind.isSystem else { continue }
            let after = account.balanceMinutes + entry.minutes
            if entry.minutes < 0, after < limits.floorMinutes {
                throw .invalid("Solde insuffisant : le compte de \(account.name) ne peut pas descendre sous \(hours(limits.floorMinutes)).",
                               fields: ["minutes": "Au plus \(max(0, account.balanceMinutes - limits.floorMinutes)) minutes."])
            }
            if entry.minutes > 0, after > limits.ceilingMinutes {
                throw .invalid("Plafond atteint : le compte de \(account.name) ne peut pas dépasser \(hours(limits.ceilingMinutes)).",
                               fields: ["minutes": "Au plus \(max(0, limits.ceilingMinutes - account.balanceMinutes)) minutes."])
            }
        }
    }

    public static func hours(_ minutes: Int) -> String {
        let sign = minutes < 0 ? "−" : ""
        let m = abs(minutes)
        return m % 60 == 0 ? "\(sign)\(m / 60) h" : "\(sign)\(m / 60) h \(String(format: "%02d", m % 60))"
    }

    /// What an idempotency key stands for: the same key with another body is a conflict.
    public static func fingerprint(from: UUID, to: UUID, minutes: Int, description: String) -> String {
        Tokens.digest("\(from.uuidString)|\(to.uuidString)|\(minutes)|\(description)")
    }

    /// The previous hash of a territory's first transfer.
    public static let genesis = String(repeating: "0", count: 64)

    /// A transfer's hash covers its sequence, time, entries (in a fixed order) and the previous hash:
    /// editing a stored entry, deleting or reordering transfers breaks every hash after it.
    public static func hash(sequence: Int64, at: Date, entries: [LedgerEntry], previousHash: String) -> String {
        let lines = entries.sorted { $0.accountId.uuidString < $1.accountId.uuidString }
            .map { "\($0.accountId.uuidString):\($0.minutes)" }.joined(separator: ",")
        let text = "\(sequence)|\(AuditChain.milliseconds(at))|\(lines)|\(previousHash)"
        return Tokens.hex(SHA256.hash(data: Data(text.utf8)))
    }
}
