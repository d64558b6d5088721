/// The seven roles a CCAS gives the people who use Autour. One account may hold several.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case agent, coordinator, elected, watcher, volunteer, partner, admin

    /// The French name a person reads in the interface.
    public var label: String {
        switch self {
        case .agent: "Agent·e d'action sociale"
        case .coordinator: "Coordination"
        case .elected: "Élu·e"
        case .watcher: "Veilleur·se"
        case .volunteer: "Bénévole"
        case .partner: "Partenaire"
        case .admin: "Administration"
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Parses a comma- or space-separated list such as `agent,coordinator`.
    public static func parseList(_ text: String) throws(AutourError) -> Set<Role> {
        let names = text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        guard !names.isEmpty else {
            throw .invalid("Indiquez au moins un rôle.", fields: ["roles": "au moins un rôle"])
        }
        var roles = Set<Role>()
        for name in names {
            guard let role = Role(rawValue: name) else {
                let known = Role.allCases.map(\.rawValue).joined(separator: " ")
                throw .invalid("Rôle inconnu « \(name) » (rôles : \(known)).", fields: ["roles": "rôle inconnu: \(name)"])
            }
            roles.insert(role)
        }
        return roles
    }
}
