import Foundation

/// The opt-in check-in service (the manual's "digital radar", without surveillance): a person
/// who asked for it is called at the frequency they chose, by the caller they chose. Nothing is
/// watched; only a missed or worrying call raises a signal.
public struct CheckInPlan: Sendable, Equatable {
    public let id: UUID
    public let territoryId: UUID
    public let personId: UUID
    public var callerId: UUID
    public var frequencyDays: Int
    public var nextDueAt: Date
    public var lastAt: Date?
    public var lastOutcome: CheckInOutcome?
    public var stoppedAt: Date?

    public init(
        id: UUID, territoryId: UUID, personId: UUID, callerId: UUID, frequencyDays: Int, nextDueAt: Date,
        lastAt: Date?, lastOutcome: CheckInOutcome?, stoppedAt: Date?
    ) {
        self.id = id
        self.territoryId = territoryId
        self.personId = personId
        self.callerId = callerId
        self.frequencyDays = frequencyDays
        self.nextDueAt = nextDueAt
        self.lastAt = lastAt
        self.lastOutcome = lastOutcome
        self.stoppedAt = stoppedAt
    }
}

public enum CheckInOutcome: String, CaseIterable, Codable, Sendable {
    case fine, worrying, unreachable
    public var label: String {
        switch self {
        case .fine: "Tout va bien"
        case .worrying: "Inquiétant"
        case .unreachable: "Pas de réponse"
        }
    }
}

public enum CheckInRules {
    /// How often the calls come, as a French reader says it: « chaque jour », « tous les 7 jours ».
    public static func frequencyLabel(_ days: Int) -> String { days == 1 ? "chaque jour" : "tous les \(days) jours" }

    public static let frequencies = 1...30
    /// A check-in is missed when it is this late without a record.
    public static let grace: TimeInterval = 86400

    public static func validateFrequency(_ days: Int) throws(AutourError) -> Int {
        guard frequencies.contains(days) else {
            throw .invalid("Fréquence invalide.", fields: ["frequencyDays": "Entre 1 et 30 jours."])
        }
        return days
    }

    public static func isMissed(_ plan: CheckInPlan, now: Date) -> Bool {
        plan.stoppedAt == nil && now.timeIntervalSince(plan.nextDueAt) > grace
    }

    /// Whether a recorded outcome raises a signal by itself.
    public static func raisesSignal(_ outcome: CheckInOutcome) -> Bool { outcome != .fine }

    public static func nextDue(after date: Date, frequencyDays: Int) -> Date {
        date.addingTimeInterval(TimeInterval(frequencyDays) * 86400)
    }
}
