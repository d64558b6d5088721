import Foundation

/// The retention rules, in one place: how long each category of data is kept, and what happens
/// then. `autour purge` and the server's daily job apply them; the coordinator sees what the
/// next 30 days will purge.
public enum RetentionCategory: String, CaseIterable, Codable, Sendable {
    /// A person whose file has had no activity for 24 months is anonymised (still counted).
    case inactivePerson = "inactive_person"
    /// Follow-up notes are deleted after 5 years.
    case followUpNote = "follow_up_note"
    /// Audit entries are kept 12 months.
    case auditEntry = "audit_entry"
    /// A Radar signal never linked to a person's file is deleted after 3 months.
    case unqualifiedSignal = "unqualified_signal"
    /// Expired browser sessions are deleted at once.
    case expiredSession = "expired_session"
    /// The first name and contact of an event's registrations are erased a month after the event
    /// (the counts stay): they were given to be welcomed and warned, nothing more.
    case eventRegistration = "event_registration"

    public var label: String {
        switch self {
        case .inactivePerson: "Fiches inactives depuis 24 mois (anonymisées)"
        case .followUpNote: "Notes de suivi de plus de 5 ans (supprimées)"
        case .auditEntry: "Entrées du journal d'audit de plus de 12 mois (supprimées)"
        case .unqualifiedSignal: "Signalements non rattachés à une fiche après 3 mois (supprimés)"
        case .expiredSession: "Sessions expirées (supprimées)"
        case .eventRegistration: "Prénoms et contacts des inscrits aux convivialités, un mois après l'événement (effacés)"
        }
    }
}

public struct RetentionPolicy: Sendable, Equatable {
    public var inactivePerson: TimeInterval = 24 * 30.44 * 86400
    public var followUpNote: TimeInterval = 5 * 365.25 * 86400
    public var auditEntry: TimeInterval = 365.25 * 86400
    /// Radar signals never linked to a person's file: 3 months.
    public var unqualifiedSignal: TimeInterval = 3 * 30.44 * 86400
    /// Registrations to a convivial event: a month after it ended.
    public var eventRegistration: TimeInterval = 30 * 86400
    /// Heatwave-register consent: renewed every year (see `ConsentRules`).
    public var registerConsent: TimeInterval = ConsentRules.registerValidity

    public init() {}

    public static let standard = RetentionPolicy()

    /// Records of `category` last active before this date are due.
    public func cutoff(_ category: RetentionCategory, now: Date) -> Date {
        switch category {
        case .inactivePerson: now.addingTimeInterval(-inactivePerson)
        case .followUpNote: now.addingTimeInterval(-followUpNote)
        case .auditEntry: now.addingTimeInterval(-auditEntry)
        case .unqualifiedSignal: now.addingTimeInterval(-unqualifiedSignal)
        case .expiredSession: now
        case .eventRegistration: now.addingTimeInterval(-eventRegistration)
        }
    }
}

/// What one purge did (or would do), by category.
public struct PurgeReport: Sendable, Equatable, Codable {
    public var counts: [RetentionCategory: Int]

    public init(counts: [RetentionCategory: Int] = [:]) { self.counts = counts }

    public var lines: [String] {
        RetentionCategory.allCases.map { "\($0.rawValue): \(counts[$0] ?? 0)" }
    }
}
