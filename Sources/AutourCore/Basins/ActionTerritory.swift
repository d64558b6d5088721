import Foundation

/// The action territory (« territoire d'action ») computed from life basins: the communes' co-use
/// graph (an edge weighs the number of basins using both communes) clustered by Leiden; the
/// territories holding the centre's own communes, how much of each commune's basins goes outside
/// its territory, and what the computed territory adds to or leaves out of the EPCI.
///
/// A commune used by fewer than `SmallCount.threshold` basins is left out of the graph altogether,
/// so that no single answer can place a commune on a map or in a table.
public struct ActionTerritory: Sendable {
    public struct CommuneFigures: Sendable, Equatable {
        public let code: String
        /// The territory (index into `territories`), nil when too few basins use the commune.
        public let territory: Int?
        /// Basins using the commune.
        public let basins: Int
        /// Of those, basins that also use a commune outside its territory.
        public let goingOutside: Int

        /// The share of its basins going outside, in percent; nil under `SmallCount.threshold`
        /// basins (the page and the API show the same thing).
        public var goingOutsidePercent: Double? {
            basins >= SmallCount.threshold ? 100 * Double(goingOutside) / Double(basins) : nil
        }
    }

    public struct Flow: Sendable, Equatable {
        public let from: String
        public let to: String
        public let basins: Int
    }

    public let answers: Int
    /// Communities of communes, largest first; each list sorted.
    public let territories: [[String]]
    /// Indices of the territories holding at least one of the centre's communes.
    public let home: [Int]
    public let figures: [String: CommuneFigures]
    /// Basins living in one of the centre's communes, towards each other commune they use (5 or more).
    public let flows: [Flow]
    /// Communes of the home territories that are not in the EPCI, and the EPCI's communes outside them.
    public let addedToEPCI: [String]
    public let leftOutOfEPCI: [String]
    public let modularity: Double

    public var homeCommunes: Set<String> { Set(home.flatMap { territories[$0] }) }

    /// - Parameters:
    ///   - basins: each basin's uses.
    ///   - own: the centre's communes.
    ///   - epciMembers: the communes of the EPCI(s) the centre's communes belong to.
    public static func compute(
        basins: [LifeBasin], own: [String], epciMembers: Set<String>, resolution: Double = 1, seed: UInt64 = 0
    ) -> ActionTerritory {
        var uses: [String: Int] = [:]
        for basin in basins { for commune in basin.communes { uses[commune, default: 0] += 1 } }
        let kept = uses.filter { $0.value >= SmallCount.threshold }.keys.sorted()
        var index: [String: Int32] = [:]
        for (position, code) in kept.enumerated() { index[code] = Int32(position) }
        var pairs: [Int64: Double] = [:]
        let n = Int64(kept.count)
        for basin in basins {
            let nodes = basin.communes.compactMap { index[$0] }.sorted()
            for i in nodes.indices { for j in nodes.indices where j > i { pairs[Int64(nodes[i]) * n + Int64(nodes[j]), default: 0] += 1 } }
        }
        let keys = pairs.keys.sorted()
        let graph = WeightedGraph(
            nodeCount: kept.count, edgesFrom: keys.map { Int32($0 / n) }, to: keys.map { Int32($0 % n) }, weight: keys.map { pairs[$0]! })
        let result = kept.isEmpty ? Leiden.Result(membership: [], modularity: 0, iterations: 0) : Leiden.run(graph, resolution: resolution, seed: seed)
        let territories = CoUseGraph(codes: kept, graph: graph).communities(result.membership)
        var territoryOf: [String: Int] = [:]
        for (number, communes) in territories.enumerated() { for code in communes { territoryOf[code] = number } }
        let home = Set(own.compactMap { territoryOf[$0] }).sorted()

        var outside: [String: Int] = [:]
        var flows: [String: [String: Int]] = [:]
        let ownSet = Set(own)
        for basin in basins {
            let communes = basin.communes
            for commune in communes {
                guard let territory = territoryOf[commune] else { continue }
                if communes.contains(where: { territoryOf[$0] != territory }) { outside[commune, default: 0] += 1 }
            }
            if let from = basin.home, ownSet.contains(from) {
                for to in communes where to != from { flows[from, default: [:]][to, default: 0] += 1 }
            }
        }
        var figures: [String: CommuneFigures] = [:]
        for (code, count) in uses {
            figures[code] = CommuneFigures(code: code, territory: territoryOf[code], basins: count, goingOutside: outside[code] ?? 0)
        }
        let flowList = flows.flatMap { from, targets in
            targets.filter { $0.value >= SmallCount.threshold }.map { Flow(from: from, to: $0.key, basins: $0.value) }
        }.sorted { ($0.basins, $1.to) > ($1.basins, $0.to) }
        let homeCommunes = Set(home.flatMap { territories[$0] })
        return ActionTerritory(
            answers: basins.count, territories: territories, home: home, figures: figures, flows: flowList,
            addedToEPCI: homeCommunes.subtracting(epciMembers).sorted(), leftOutOfEPCI: epciMembers.subtracting(homeCommunes).sorted(),
            modularity: result.modularity)
    }
}
