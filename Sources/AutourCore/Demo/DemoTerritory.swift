import Foundation

/// A small deterministic random generator (SplitMix64) so that `autour demo --seed N` always
/// builds the same territory, on every platform.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The plan of the demo territory: a fictional CCAS on a real commune of the Rhône
/// (Vaulx-en-Velin, INSEE 69256, from the official list of communes). Every module adds its demo data
/// to this plan, so a newcomer sees a living territory with no other set-up.
public struct DemoTerritory: Sendable {
    public struct Account: Sendable, Equatable {
        public let email: String
        public let name: String
        public let roles: Set<Role>
        public let isSocialWorker: Bool
    }

    public static let slug = "demo-vaulx"
    public static let communeCode = "69256"
    /// Demo logins all share this password; the README and `serve --demo` print it.
    public static let password = "autour-demo"

    /// A fictional inhabitant known to the CCAS, with what the demo records about them.
    public struct Inhabitant: Sendable, Equatable {
        public let input: PersonInput
        public let consents: [ConsentPurpose]
        public let followUps: [(kind: FollowUpKind, summary: String)]

        public static func == (a: Inhabitant, b: Inhabitant) -> Bool {
            a.input == b.input && a.consents == b.consents && a.followUps.map(\.summary) == b.followUps.map(\.summary)
        }
    }

    public let name: String
    public let neighbourhoods: [String]
    public let accounts: [Account]
    public let inhabitants: [Inhabitant]

    public init(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        name = "CCAS de Vaulx-en-Velin (démonstration)"
        // Six neighbourhood names of the commune; the set is fixed, the order of listing is not
        // meaningful.
        neighbourhoods = ["Centre-ville", "Mas du Taureau", "Grande Île", "Village", "La Soie", "Pont des Planches", "Écoin"]
        let firstNames = [
            "Camille", "Yanis", "Inès", "Mathis", "Aïcha", "Hugo", "Léna", "Karim", "Chloé",
            "Malik", "Sarah", "Théo", "Nadia", "Lucas", "Fatou", "Julien", "Amira", "Noah",
        ]
        let lastNames = [
            "Benali", "Moreau", "Nguyen", "Martin", "Diallo", "Girard", "Haddad", "Lefèvre",
            "Traoré", "Rousseau", "Mercier", "Fontaine", "Chevalier", "Boyer", "Da Silva", "Perrin",
        ]
        var usedNames = Set<String>()
        func personName() -> String {
            while true {
                let candidate = "\(firstNames.randomElement(using: &rng)!) \(lastNames.randomElement(using: &rng)!)"
                if usedNames.insert(candidate).inserted { return candidate }
            }
        }
        // One account per role; the e-mail says the role so a newcomer can pick the view to try.
        accounts = Role.allCases.map { role in
            Account(
                email: "\(role.rawValue)@demo.autour.test", name: personName(), roles: [role],
                isSocialWorker: role == .agent)
        }

        // Inhabitants: older first names for the many elderly people a CCAS follows.
        let elderFirst = [
            "Josette", "Marcel", "Yvonne", "Ahmed", "Germaine", "Lucien", "Fatima", "René", "Odette",
            "Mohamed", "Simone", "Raymond", "Zohra", "Gilbert", "Paulette", "Antonio",
        ]
        let streets = [
            "rue Émile Zola", "avenue Gabriel Péri", "chemin du Grand Bois", "rue de la République",
            "place Guy Môquet", "rue Jules Romains", "allée des Cerisiers", "rue du Lycée",
        ]
        let languages = ["arabe", "portugais", "turc", "espagnol", "wolof", "italien"]
        let visits = [
            (FollowUpKind.homeVisit, "Visite à domicile : logement froid, démarches pour une aide au chauffage."),
            (.phoneCall, "Appel de suivi : la personne va bien, souhaite participer au repas de quartier."),
            (.reception, "Accueil au CCAS pour un dossier d'aide alimentaire."),
            (.outreach, "Rencontrée au marché avec l'animatrice de quartier ; accepte une visite."),
            (.meeting, "Rendez-vous avec sa fille pour organiser le portage de repas."),
        ]
        var people: [Inhabitant] = []
        for i in 0..<30 {
            let first = elderFirst.randomElement(using: &rng)!
            let last = lastNames.randomElement(using: &rng)!
            let year = 1931 + Int.random(in: 0...60, using: &rng)
            let month = Int.random(in: 1...12, using: &rng), day = Int.random(in: 1...28, using: &rng)
            var flags: [VulnerabilityFlag] = []
            if year < 1951 { flags.append(.over75) }
            if Bool.random(using: &rng) { flags.append(.livesAlone) }
            if Int.random(in: 0..<5, using: &rng) == 0 { flags.append(.noInternet) }
            let input = PersonInput(
                firstName: first, lastName: last, birthDate: String(format: "%04d-%02d-%02d", year, month, day),
                address: "\(Int.random(in: 1...120, using: &rng)) \(streets.randomElement(using: &rng)!)",
                neighbourhood: neighbourhoods[i % neighbourhoods.count],
                phone: String(
                    format: "04 78 %02d %02d %02d", Int.random(in: 10...99, using: &rng), Int.random(in: 10...99, using: &rng),
                    Int.random(in: 10...99, using: &rng)),
                languages: ["français"] + (Int.random(in: 0..<4, using: &rng) == 0 ? [languages.randomElement(using: &rng)!] : []),
                flags: flags.map(\.rawValue))
            var consents: [ConsentPurpose] = [.statistics]
            if flags.contains(.over75) { consents.append(.heatwaveRegister) }
            let followUps = (0..<Int.random(in: 0...3, using: &rng)).map { _ in
                let visit = visits.randomElement(using: &rng)!
                return (kind: visit.0, summary: visit.1)
            }
            people.append(Inhabitant(input: input, consents: consents, followUps: followUps))
        }
        inhabitants = people
    }
}
