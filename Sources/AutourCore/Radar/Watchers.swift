import Foundation

/// A version of the watchers' charter, written by the CCAS in its own words.
public struct WatcherCharter: Sendable, Equatable {
    public let version: Int
    public let text: String
    public let createdAt: Date

    public init(version: Int, text: String, createdAt: Date) {
        self.version = version
        self.text = text
        self.createdAt = createdAt
    }
}

/// A watcher's place in the network: the neighbourhoods they watch, when they were trained, which
/// version of the charter they accepted, and whether the coordinator has paused them. Volunteers
/// trained for calling campaigns have a profile too (their training date is what counts).
public struct WatcherProfile: Sendable, Equatable {
    public let accountId: UUID
    public var neighbourhoods: [String]
    /// `YYYY-MM-DD`.
    public var trainedOn: String?
    public var charterVersion: Int?
    public var charterAcceptedAt: Date?
    public var deactivatedAt: Date?

    public init(
        accountId: UUID, neighbourhoods: [String] = [], trainedOn: String? = nil, charterVersion: Int? = nil,
        charterAcceptedAt: Date? = nil, deactivatedAt: Date? = nil
    ) {
        self.accountId = accountId
        self.neighbourhoods = neighbourhoods
        self.trainedOn = trainedOn
        self.charterVersion = charterVersion
        self.charterAcceptedAt = charterAcceptedAt
        self.deactivatedAt = deactivatedAt
    }

    public var isActive: Bool { deactivatedAt == nil }
}

public enum WatcherRules {
    public static let charterLimit = 20_000

    /// Whether a watcher must (re)accept the charter before sending: once the CCAS has written one,
    /// the watcher must have accepted its current version.
    public static func mustAcceptCharter(_ profile: WatcherProfile?, current: WatcherCharter?) -> Bool {
        guard let current else { return false }
        return profile?.charterVersion != current.version
    }

    /// A watcher may send a signal when active and up to date with the charter. Partners and
    /// agents send without a charter: their own professional rules apply.
    public static func checkCanSend(_ actor: Actor, profile: WatcherProfile?, current: WatcherCharter?) throws(AutourError) {
        guard actor.has(.watcher), !actor.hasAny([.agent, .coordinator, .partner]) else { return }
        if let profile, !profile.isActive {
            throw .conflict("Votre participation au réseau des veilleurs est suspendue : contactez le CCAS.")
        }
        if mustAcceptCharter(profile, current: current) {
            throw .invalid(
                "Acceptez d'abord la charte des veilleurs.",
                fields: ["charter": "Lisez et acceptez la version en vigueur de la charte."])
        }
    }

    public static func validateCharter(_ text: String) throws(AutourError) -> String {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .invalid("La charte est vide.", fields: ["text": "Écrivez le texte de la charte."]) }
        guard text.count <= charterLimit else {
            throw .invalid("Charte trop longue.", fields: ["text": "\(charterLimit) caractères au plus."])
        }
        return text
    }

    /// Checks a profile's sector against the territory and its training date.
    public static func validateProfile(neighbourhoods: [String], trainedOn: String, territory: Territory, today: Date)
        throws(AutourError) -> (neighbourhoods: [String], trainedOn: String?)
    {
        var errors = FieldErrors()
        var names: [String] = []
        for name in neighbourhoods where !name.isEmpty {
            if let match = territory.neighbourhoods.first(where: { SearchText.fold($0.name) == SearchText.fold(name) }) {
                names.append(match.name)
            } else {
                errors.add("neighbourhoods", "Quartier inconnu : \(name).")
            }
        }
        var trained: String?
        let day = trainedOn.trimmingCharacters(in: .whitespaces)
        if !day.isEmpty {
            if let date = PersonRules.parseDay(day), date <= today {
                trained = day
            } else {
                errors.add("trainedOn", "Date de formation invalide (AAAA-MM-JJ, pas dans le futur).")
            }
        }
        try errors.throwIfAny("Le profil ne peut pas être enregistré.")
        return (names, trained)
    }
}
