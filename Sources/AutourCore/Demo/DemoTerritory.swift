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
/// (Vaulx-en-Velin, INSEE 69256, from `shared/data/communes`). Every module adds its demo data
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

    public let name: String
    public let neighbourhoods: [String]
    public let accounts: [Account]

    public init(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        name = "CCAS de Vaulx-en-Velin (démonstration)"
        // Six neighbourhood names of the commune; the set is fixed, the order of listing is not
        // meaningful.
        neighbourhoods = ["Centre-ville", "Mas du Taureau", "Grande Île", "Village", "La Soie", "Pont des Planches", "Écoin"]
        let firstNames = ["Camille", "Yanis", "Inès", "Mathis", "Aïcha", "Hugo", "Léna", "Karim", "Chloé",
                          "Malik", "Sarah", "Théo", "Nadia", "Lucas", "Fatou", "Julien", "Amira", "Noah"]
        let lastNames = ["Benali", "Moreau", "Nguyen", "Martin", "Diallo", "Girard", "Haddad", "Lefèvre",
                         "Traoré", "Rousseau", "Mercier", "Fontaine", "Chevalier", "Boyer", "Da Silva", "Perrin"]
        var usedNames = Set<String>()
        func personName() -> String {
            while true {
                let candidate = "\(firstNames.randomElement(using: &rng)!) \(lastNames.randomElement(using: &rng)!)"
                if usedNames.insert(candidate).inserted { return candidate }
            }
        }
        // One account per role; the e-mail says the role so a newcomer can pick the view to try.
        accounts = Role.allCases.map { role in
            Account(email: "\(role.rawValue)@demo.autour.test", name: personName(), roles: [role],
                    isSocialWorker: role == .agent)
        }
    }
}
