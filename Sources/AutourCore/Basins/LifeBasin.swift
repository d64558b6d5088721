import Foundation

/// What a commune is used for in a life basin (« bassin de vie ») : the territory a person lives in.
public enum BasinPurpose: String, CaseIterable, Sendable, Codable {
    case home, work, shopping, health, leisure, family, administration

    public var label: String {
        switch self {
        case .home: "Domicile"
        case .work: "Travail ou études"
        case .shopping: "Courses"
        case .health: "Santé"
        case .leisure: "Loisirs, sport, culture"
        case .family: "Famille et amis"
        case .administration: "Démarches administratives"
        }
    }

    /// The question of the questionnaire, in plain French.
    public var question: String {
        switch self {
        case .home: "Dans quelle commune habitez-vous ?"
        case .work: "Où travaillez-vous ou étudiez-vous ?"
        case .shopping: "Où faites-vous vos courses ?"
        case .health: "Où allez-vous pour vous soigner (médecin, pharmacie, hôpital) ?"
        case .leisure: "Où allez-vous pour vos loisirs, le sport, la culture ?"
        case .family: "Où voyez-vous votre famille et vos amis ?"
        case .administration: "Où faites-vous vos démarches (mairie, CAF, France services) ?"
        }
    }

    /// The word a CSV file uses for it (column `usage`).
    public var csvKey: String {
        switch self {
        case .home: "domicile"
        case .work: "travail"
        case .shopping: "courses"
        case .health: "sante"
        case .leisure: "loisirs"
        case .family: "famille"
        case .administration: "demarches"
        }
    }

    /// How many communes one answer may give for this purpose.
    public var maxCommunes: Int { self == .home ? 1 : 3 }
}

/// Where an answer came from. No source carries an identity; an agent's answer is linked to a file
/// only when the person agreed (`BasinsRepository.record`).
public enum BasinSource: String, CaseIterable, Sendable, Codable {
    case questionnaire, agent, csv
}

/// One person's life basin: the communes they use, by purpose. Never shown alone: pages and the API
/// show only counts of 5 or more (`SmallCount`).
public struct LifeBasin: Sendable, Equatable {
    public struct Use: Sendable, Hashable {
        public let purpose: BasinPurpose
        public let commune: String
        public init(purpose: BasinPurpose, commune: String) {
            self.purpose = purpose
            self.commune = commune
        }
    }

    public let uses: [Use]

    /// How many answers to the anonymous questionnaire one client address may store in an hour:
    /// enough for a household or a reception desk; a script filling the map is stopped.
    public static let answersPerAddressPerHour = 30

    /// The home commune and at least one other use, each commune known, within each purpose's limit.
    public init(uses: [Use], knownCommunes: (String) -> Bool) throws(AutourError) {
        var fields: [String: String] = [:]
        var seen = Set<Use>()
        var kept: [Use] = []
        for use in uses where seen.insert(use).inserted {
            if !knownCommunes(use.commune) { fields[use.purpose.rawValue] = "Commune inconnue : \(use.commune)." }
            kept.append(use)
        }
        for purpose in BasinPurpose.allCases where kept.filter({ $0.purpose == purpose }).count > purpose.maxCommunes {
            fields[purpose.rawValue] = "Au plus \(purpose.maxCommunes) commune(s) pour « \(purpose.label) »."
        }
        if !kept.contains(where: { $0.purpose == .home }) { fields[BasinPurpose.home.rawValue] = "Indiquez la commune où vous habitez." }
        if kept.count < 2, fields.isEmpty {
            fields[BasinPurpose.shopping.rawValue] = "Indiquez au moins une autre commune que vous fréquentez."
        }
        guard fields.isEmpty else { throw .invalid("Le bassin de vie n'est pas complet.", fields: fields) }
        self.uses = kept
    }

    public var communes: Set<String> { Set(uses.map(\.commune)) }
    public var home: String? { uses.first { $0.purpose == .home }?.commune }
}
