import Foundation

/// Intergenerational co-housing: seniors offering a room, younger or working people looking for
/// one, paired by the Energies assignment solver on their preferences.
public enum CoHousing {
    public enum Side: String, CaseIterable, Sendable, Codable {
        /// A senior who offers a room in their home.
        case host
        /// A younger or active person looking for a room.
        case guest

        public var label: String { self == .host ? "Propose une chambre" : "Cherche une chambre" }
    }

    public struct Profile: Sendable, Equatable {
        public let id: UUID
        public let side: Side
        public let firstName: String
        public let neighbourhood: String
        public let wantsQuiet: Bool
        public let hasPets: Bool
        public let acceptsPets: Bool
        public let smokes: Bool
        public let acceptsSmoking: Bool
        /// Hours of help a week: expected by a host, offered by a guest.
        public let helpHours: Int
        public let languages: [String]

        public init(
            id: UUID, side: Side, firstName: String, neighbourhood: String, wantsQuiet: Bool, hasPets: Bool, acceptsPets: Bool, smokes: Bool,
            acceptsSmoking: Bool, helpHours: Int, languages: [String]
        ) {
            self.id = id
            self.side = side
            self.firstName = firstName
            self.neighbourhood = neighbourhood
            self.wantsQuiet = wantsQuiet
            self.hasPets = hasPets
            self.acceptsPets = acceptsPets
            self.smokes = smokes
            self.acceptsSmoking = acceptsSmoking
            self.helpHours = helpHours
            self.languages = languages
        }
    }

    /// A pair proposed by the solver, then agreed (its agreement signed) or declined by a coordinator.
    public enum PairStatus: String, Sendable, Codable, CaseIterable {
        case proposed, agreed, declined

        public var label: String {
            switch self {
            case .proposed: "Proposé"
            case .agreed: "Accord signé"
            case .declined: "Écarté"
            }
        }
    }

    public static let helpHoursRange = 0...20

    /// Whether two people can share a home at all: pets and smoke must be accepted by the other,
    /// and they need a language in common.
    public static func compatible(_ host: Profile, _ guest: Profile) -> Bool {
        guard host.side == .host, guest.side == .guest else { return false }
        if host.hasPets && !guest.acceptsPets || guest.hasPets && !host.acceptsPets { return false }
        if host.smokes && !guest.acceptsSmoking || guest.smokes && !host.acceptsSmoking { return false }
        let hostLanguages = Set(host.languages.map(SearchText.fold))
        return guest.languages.contains { hostLanguages.contains(SearchText.fold($0)) }
    }

    /// How far apart two compatible people's wishes are (0 = everything matches), with the reasons
    /// the coordinator reads: 10 points per hour of help expected but not offered (or offered in
    /// excess, 3 per hour), 20 when one wants a quiet home and the other does not, 15 for another
    /// neighbourhood.
    public static func distance(_ host: Profile, _ guest: Profile) -> (cost: Int, reasons: [String]) {
        var cost = 0
        var reasons: [String] = []
        let gap = host.helpHours - guest.helpHours
        if gap > 0 {
            cost += 10 * gap
            reasons.append("\(gap) h d'aide par semaine attendues de plus que proposées")
        } else if gap < 0 {
            cost += 3 * -gap
        }
        if host.wantsQuiet != guest.wantsQuiet {
            cost += 20
            reasons.append("l'un souhaite une maison calme, l'autre non")
        }
        if !host.neighbourhood.isEmpty, !guest.neighbourhood.isEmpty, SearchText.fold(host.neighbourhood) != SearchText.fold(guest.neighbourhood) {
            cost += 15
            reasons.append("quartier souhaité différent")
        }
        if reasons.isEmpty { reasons.append("souhaits accordés") }
        return (cost, reasons)
    }

    public struct Proposal: Sendable, Equatable {
        public let host: UUID
        public let guest: UUID
        public let cost: Int
        public let reasons: [String]
    }

    /// The most pairs possible and, among those, the closest wishes: one arc per compatible pair,
    /// solved by `AssignmentSolver` (each host and each guest in one pair at most). `allowed` leaves
    /// out pairs already turned down.
    public static func proposals(
        hosts: [Profile], guests: [Profile], allowed: (Profile, Profile) -> Bool = { _, _ in true }
    ) throws(AutourError) -> [Proposal] {
        var arcNeed: [Int32] = [], arcResource: [Int32] = [], arcCost: [Int64] = []
        var details: [(cost: Int, reasons: [String])] = []
        for (h, host) in hosts.enumerated() {
            for (g, guest) in guests.enumerated() where compatible(host, guest) && allowed(host, guest) {
                let distance = distance(host, guest)
                arcNeed.append(Int32(h))
                arcResource.append(Int32(g))
                arcCost.append(Int64(distance.cost))
                details.append(distance)
            }
        }
        guard !hosts.isEmpty, !guests.isEmpty, !arcCost.isEmpty else { return [] }
        let solution = try AssignmentSolver.solve(
            AssignmentProblem(
                demands: Array(repeating: 1, count: hosts.count), capacities: Array(repeating: 1, count: guests.count), arcNeed: arcNeed,
                arcResource: arcResource, arcCost: arcCost))
        return solution.arcs.map { arc in
            Proposal(
                host: hosts[Int(arcNeed[arc])].id, guest: guests[Int(arcResource[arc])].id, cost: details[arc].cost, reasons: details[arc].reasons)
        }
    }
}
