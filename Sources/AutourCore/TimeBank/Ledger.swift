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

extension LedgerRules {
    /// The territory's accounts a coordinator may pay members from (the welcome account only
    /// pays the welcome credit, by rule).
    public static let payableFunds: Set<TimeAccountKind> = [.solidarity, .events]
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
        // A range test, not `abs`: `abs(Int.min)` stops the process. Bounded lines cannot overflow the sum.
        guard entries.allSatisfy({ $0.minutes != 0 && (-maxMinutes...maxMinutes).contains($0.minutes) }) else {
            throw .invalid("Montant invalide.", fields: ["minutes": "De 1 à \(maxMinutes) minutes."])
        }
        guard entries.reduce(0, { $0 + $1.minutes }) == 0 else {
            throw .invalid("Le virement n'est pas équilibré.", fields: ["entries": "La somme des lignes doit être nulle."])
        }
    }

    /// The two lines of a payment of `minutes` from one account to another, validated.
    public static func payment(from: UUID, to: UUID, minutes: Int) throws(AutourError) -> [LedgerEntry] {
        guard minutes > 0 else { throw .invalid("Montant invalide.", fields: ["minutes": "Un nombre de minutes positif."]) }
        let entries = [LedgerEntry(accountId: from, minutes: -minutes), LedgerEntry(accountId: to, minutes: minutes)]
        try validate(entries)
        return entries
    }

    /// The balances after the transfer, or which limit it breaks (a 422 naming the account).
    public static func checkLimits(_ entries: [LedgerEntry], accounts: [UUID: TimeAccount], limits: LedgerLimits) throws(AutourError) {
        for entry in entries {
            guard let account = accounts[entry.accountId] else { throw .invalid("Compte inconnu.", fields: ["toAccount": "Compte inconnu."]) }
            guard !account.kind.isSystem else { continue }
            let after = account.balanceMinutes + entry.minutes
            if entry.minutes < 0, after < limits.floorMinutes {
                throw .invalid(
                    "Solde insuffisant : le compte de \(account.name) ne peut pas descendre sous \(hours(limits.floorMinutes)).",
                    fields: ["minutes": "Au plus \(max(0, account.balanceMinutes - limits.floorMinutes)) minutes."])
            }
            if entry.minutes > 0, after > limits.ceilingMinutes {
                throw .invalid(
                    "Plafond atteint : le compte de \(account.name) ne peut pas dépasser \(hours(limits.ceilingMinutes)).",
                    fields: ["minutes": "Au plus \(max(0, limits.ceilingMinutes - account.balanceMinutes)) minutes."])
            }
        }
    }

    /// What a person reads for a transfer's kind (stored in English, shown in French).
    public static func kindLabel(_ kind: String) -> String {
        [
            "payment": "Paiement", "request": "Demande de paiement acceptée", "cheque": "Chèque-temps papier",
            "welcome": "Crédit de bienvenue", "training": "Séance entre habitants",
        ][kind] ?? kind
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

    /// A transfer's hash covers every field stored with it (entries in a fixed order) and the
    /// previous hash: editing any of them, deleting or reordering transfers breaks every hash
    /// after it. Each field is written with its length first, so free text (a description) can
    /// never shift a boundary and make two different transfers hash alike.
    public static func hash(_ transfer: StoredTransfer, previousHash: String) -> String {
        let lines = transfer.entries.sorted { $0.accountId.uuidString < $1.accountId.uuidString }
            .map { "\($0.accountId.uuidString):\($0.minutes)" }.joined(separator: ",")
        let fields = [
            "ledger-v2", transfer.id.uuidString, transfer.territoryId.uuidString, String(transfer.sequence), transfer.idempotencyKey,
            transfer.fingerprint, transfer.description, transfer.kind, transfer.createdBy?.uuidString ?? "-", transfer.onBehalf ? "1" : "0",
            transfer.requestId?.uuidString ?? "-", transfer.listingId?.uuidString ?? "-", String(AuditChain.milliseconds(transfer.createdAt)),
            lines, previousHash,
        ]
        let text = fields.map { "\($0.utf8.count):\($0)" }.joined()
        return Tokens.hex(SHA256.hash(data: Data(text.utf8)))
    }

    /// The sum of stored minutes, or nil when it would overflow (a tampered row, not a trap).
    public static func checkedSum(_ values: some Sequence<Int64>) -> Int64? {
        var total: Int64 = 0
        for value in values {
            let (next, overflow) = total.addingReportingOverflow(value)
            if overflow { return nil }
            total = next
        }
        return total
    }
}

/// Every stored field of a transfer, as its hash covers them.
public struct StoredTransfer: Sendable, Equatable {
    public let id: UUID
    public let territoryId: UUID
    public let sequence: Int64
    public let idempotencyKey: String
    public let fingerprint: String
    public let description: String
    public let kind: String
    public let createdBy: UUID?
    public let onBehalf: Bool
    public let requestId: UUID?
    public let listingId: UUID?
    public let createdAt: Date
    public let entries: [LedgerEntry]

    public init(
        id: UUID, territoryId: UUID, sequence: Int64, idempotencyKey: String, fingerprint: String, description: String, kind: String,
        createdBy: UUID?, onBehalf: Bool, requestId: UUID?, listingId: UUID?, createdAt: Date, entries: [LedgerEntry]
    ) {
        self.id = id
        self.territoryId = territoryId
        self.sequence = sequence
        self.idempotencyKey = idempotencyKey
        self.fingerprint = fingerprint
        self.description = description
        self.kind = kind
        self.createdBy = createdBy
        self.onBehalf = onBehalf
        self.requestId = requestId
        self.listingId = listingId
        self.createdAt = createdAt
        self.entries = entries
    }
}

/// A payment request: the provider asks, the payer accepts or refuses; left unanswered, it is
/// accepted after the territory's delay (7 days by default).
public enum PaymentRequestStatus: String, CaseIterable, Codable, Sendable {
    case pending, accepted, refused
    public var label: String {
        switch self {
        case .pending: "En attente"
        case .accepted: "Acceptée"
        case .refused: "Refusée"
        }
    }
}

public struct PaymentRequest: Sendable, Equatable {
    public let id: UUID
    public let territoryId: UUID
    public let providerAccount: UUID
    public let payerAccount: UUID
    public let minutes: Int
    public let description: String
    public let status: PaymentRequestStatus
    public let createdAt: Date
    public let listingId: UUID?

    public init(
        id: UUID, territoryId: UUID, providerAccount: UUID, payerAccount: UUID, minutes: Int, description: String,
        status: PaymentRequestStatus, createdAt: Date, listingId: UUID?
    ) {
        self.id = id
        self.territoryId = territoryId
        self.providerAccount = providerAccount
        self.payerAccount = payerAccount
        self.minutes = minutes
        self.description = description
        self.status = status
        self.createdAt = createdAt
        self.listingId = listingId
    }
}

/// An offer ("I can…") or a request ("I need…") on the board.
public enum ListingKind: String, CaseIterable, Codable, Sendable {
    case offer, request
    public var label: String { self == .offer ? "Je propose" : "Je cherche" }
}

public struct Listing: Sendable, Equatable {
    public let id: UUID
    public let territoryId: UUID
    public let accountId: UUID
    public let kind: ListingKind
    public let category: String
    public let neighbourhood: String?
    public let title: String
    public let details: String
    public let open: Bool
    public let createdAt: Date

    public init(
        id: UUID, territoryId: UUID, accountId: UUID, kind: ListingKind, category: String, neighbourhood: String?, title: String,
        details: String, open: Bool, createdAt: Date
    ) {
        self.id = id
        self.territoryId = territoryId
        self.accountId = accountId
        self.kind = kind
        self.category = category
        self.neighbourhood = neighbourhood
        self.title = title
        self.details = details
        self.open = open
        self.createdAt = createdAt
    }
}

extension LedgerRules {
    /// The board's categories.
    public static let categories = [
        "Bricolage", "Jardinage", "Courses et déplacements", "Cuisine", "Numérique", "Démarches",
        "Compagnie et visites", "Garde d'animaux", "Couture", "Langues", "Autre",
    ]
    /// Unanswered payment requests are accepted after this many days by default.
    public static let defaultRequestDays = 7
    /// Welcome credit given at joining by default.
    public static let defaultWelcomeMinutes = 120

    /// Whether a pending request is now accepted by default.
    public static func isDue(_ request: PaymentRequest, now: Date, days: Int) -> Bool {
        request.status == .pending && now.timeIntervalSince(request.createdAt) >= Double(days) * 86400
    }

    public static func validateListing(kind: String, category: String, title: String, details: String) throws(AutourError)
        -> (ListingKind, String, String, String)
    {
        var errors = FieldErrors()
        let parsed = ListingKind(rawValue: kind)
        if parsed == nil { errors.add("kind", "offer ou request.") }
        if !categories.contains(category) { errors.add("category", "Catégorie inconnue.") }
        let t = title.trimmingCharacters(in: .whitespacesAndNewlines), d = details.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty || t.count > 120 { errors.add("title", "De 1 à 120 caractères.") }
        if d.count > 1000 { errors.add("details", "1000 caractères au plus.") }
        try errors.throwIfAny("L'annonce ne peut pas être publiée.")
        return (parsed!, category, t, d)
    }
}
