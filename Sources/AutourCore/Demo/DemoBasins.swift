import Foundation

/// The life basins of the demo territory: answers around the demo commune drawn by a gravity
/// model (a commune is chosen in proportion to its population over the squared distance), so that
/// the map shows a plausible lived territory rather than the administrative one.
public struct DemoBasins: Sendable {
    public static let answers = 600
    /// How far from home a demo inhabitant goes, in kilometres.
    public static let reach = 30.0

    /// How far one goes for each purpose: the town hall is near, work and family may be far.
    static func distance(_ purpose: BasinPurpose) -> Double {
        switch purpose {
        case .administration: 5
        case .shopping: 7
        case .health: 10
        case .leisure: 15
        case .home, .work, .family: reach
        }
    }

    /// `communes` are those around the demo commune; returns each answer's uses.
    public static func plan(seed: UInt64, home: Commune, communes: [Commune]) -> [[LifeBasin.Use]] {
        var random = SeededGenerator(seed: seed &+ 16)
        let near = communes.filter { $0.distanceKm(to: home) <= reach }
        func pick(around origin: Commune, within km: Double) -> Commune {
            let choices = near.filter { $0.distanceKm(to: origin) <= km }
            let weights = choices.map { Double(max($0.population, 1)) / pow($0.distanceKm(to: origin) + 2, 2) }
            var target = Double.random(in: 0..<weights.reduce(0, +), using: &random)
            for (choice, weight) in zip(choices, weights) {
                target -= weight
                if target < 0 { return choice }
            }
            return choices.last ?? origin
        }
        return (0..<answers).map { _ in
            // Nearly half the answers come from the demo commune itself, the others from around it.
            let living = Double.random(in: 0..<1, using: &random) < 0.45 ? home : pick(around: home, within: 20)
            var uses = [LifeBasin.Use(purpose: .home, commune: living.code)]
            for purpose in BasinPurpose.allCases where purpose != .home {
                let answered: Double = purpose == .work ? 0.6 : 0.85
                guard Double.random(in: 0..<1, using: &random) < answered else { continue }
                let count = Int.random(in: 1...2, using: &random)
                var chosen = Set<String>()
                for _ in 0..<count { chosen.insert(pick(around: living, within: Self.distance(purpose)).code) }
                uses += chosen.sorted().map { LifeBasin.Use(purpose: purpose, commune: $0) }
            }
            if uses.count < 2 { uses.append(LifeBasin.Use(purpose: .shopping, commune: living.code)) }
            return uses
        }
    }
}
