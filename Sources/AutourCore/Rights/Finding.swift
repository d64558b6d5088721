import Foundation

/// How a non-take-up finding ended. `open` is a follow-up still to do.
public enum FindingOutcome: String, CaseIterable, Codable, Sendable {
    case open
    case claimed
    case refused
    case notEligible = "not_eligible"
    case declined

    public var label: String {
        switch self {
        case .open: "À suivre"
        case .claimed: "Demande déposée"
        case .refused: "Refusée par l'organisme"
        case .notEligible: "Pas de droit après vérification"
        case .declined: "La personne ne souhaite pas demander"
        }
    }

    public static var closing: [FindingOutcome] { allCases.filter { $0 != .open } }
}

/// A benefit the screening says is likely due and that the household does not receive: a task
/// in the person's file, with an owner, a deadline and an outcome.
public struct Finding: Sendable, Equatable, Codable {
    public let id: UUID
    public let territoryId: UUID
    public let personId: UUID
    public let benefit: Benefit
    public let period: YearMonth
    public let monthlyCents: Int
    public var ownerId: UUID?
    /// `YYYY-MM-DD`.
    public var deadline: String
    public var outcome: FindingOutcome
    public var note: String
    public let createdAt: Date
    public var closedAt: Date?

    public init(
        id: UUID, territoryId: UUID, personId: UUID, benefit: Benefit, period: YearMonth, monthlyCents: Int, ownerId: UUID?,
        deadline: String, outcome: FindingOutcome, note: String, createdAt: Date, closedAt: Date?
    ) {
        self.id = id
        self.territoryId = territoryId
        self.personId = personId
        self.benefit = benefit
        self.period = period
        self.monthlyCents = monthlyCents
        self.ownerId = ownerId
        self.deadline = deadline
        self.outcome = outcome
        self.note = note
        self.createdAt = createdAt
        self.closedAt = closedAt
    }

    public var scope: RecordScope { RecordScope(territoryId: territoryId) }
}

public enum FindingRules {
    /// A new finding is due within this many days: a claim started within a month keeps most of
    /// the rights (most benefits are not paid back before the month of the claim).
    public static let followUpDays = 30
    public static let maximumNoteLength = 2000
    /// A follow-up closed less than this many months ago is not reopened by a new screening: the
    /// person was helped, refused or declined; asking again every month would be harassment.
    public static let quietMonths = 6

    /// The earliest month whose closed findings still keep a benefit quiet for `period`.
    public static func quietSince(_ period: YearMonth) -> YearMonth { period.adding(months: -(quietMonths - 1)) }

    public static func deadline(from now: Date) -> String {
        FrenchTime.day(now.addingTimeInterval(TimeInterval(followUpDays) * 86_400))
    }

    /// An outcome that closes the finding, with an optional note.
    public static func validateOutcome(_ outcome: String, note: String) throws(AutourError) -> (FindingOutcome, String) {
        var errors = FieldErrors()
        let value = FindingOutcome(rawValue: outcome)
        if value == nil || value == .open { errors.add("outcome", "Choisissez comment le suivi s'est terminé.") }
        let note = errors.text(note, 0...maximumNoteLength, field: "note", label: "La note")
        try errors.throwIfAny()
        return (value!, note)
    }

    /// Counts per benefit and outcome, for the coordinator and the Observatory (no person).
    public static func counts(_ findings: [Finding]) -> [Benefit: [FindingOutcome: Int]] {
        var counts: [Benefit: [FindingOutcome: Int]] = [:]
        for finding in findings { counts[finding.benefit, default: [:]][finding.outcome, default: 0] += 1 }
        return counts
    }
}
