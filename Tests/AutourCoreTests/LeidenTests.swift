import AutourCore
import Foundation
import Testing

/// Builds a graph from (a, b, weight) triples on nodes 0..<n.
func graph(_ n: Int, _ edges: [(Int, Int, Double)]) -> WeightedGraph {
    WeightedGraph(nodeCount: n, edgesFrom: edges.map { Int32($0.0) }, to: edges.map { Int32($0.1) }, weight: edges.map { $0.2 })
}

/// A planted partition: `groups` groups of `size` nodes, dense inside, sparse between, from a seed.
func planted(groups: Int, size: Int, inside: Double, between: Double, seed: UInt64) -> (WeightedGraph, [Int]) {
    var generator = SeededTestGenerator(seed)
    var edges: [(Int, Int, Double)] = []
    let n = groups * size
    for a in 0..<n {
        for b in (a + 1)..<n {
            let p = a / size == b / size ? inside : between
            if Double.random(in: 0..<1, using: &generator) < p { edges.append((a, b, Double(Int.random(in: 1...3, using: &generator)))) }
        }
    }
    return (graph(n, edges), (0..<n).map { $0 / size })
}

struct SeededTestGenerator: RandomNumberGenerator {
    var state: UInt64
    init(_ seed: UInt64) { state = seed &+ 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}

/// Every partition of 0..<n (restricted growth strings), to find the best modularity by brute force.
func bestModularityByEnumeration(_ g: WeightedGraph, resolution: Double) -> Double {
    var best = -Double.infinity
    var labels = [Int32](repeating: 0, count: g.nodeCount)
    func assign(_ index: Int, _ used: Int32) {
        if index == g.nodeCount {
            best = max(best, g.modularity(labels, resolution: resolution))
            return
        }
        for label in 0...used {
            labels[index] = label
            assign(index + 1, label == used ? used + 1 : used)
        }
    }
    labels[0] = 0
    assign(1, 1)
    return best
}

@Suite struct LeidenTests {
    @Test func twoCliquesJoinedByOneEdgeAreTwoTerritories() {
        var edges: [(Int, Int, Double)] = []
        for a in 0..<5 { for b in (a + 1)..<5 { edges += [(a, b, 1), (a + 5, b + 5, 1)] } }
        edges.append((4, 5, 1))
        let result = Leiden.run(graph(10, edges))
        #expect(Set(result.membership[0..<5]).count == 1)
        #expect(Set(result.membership[5..<10]).count == 1)
        #expect(result.membership[0] != result.membership[5])
        // m = 21; each side holds 10 edges and strength 21: Q = 2 × (10/21 − (21/42)²).
        #expect(abs(result.modularity - 2 * (10.0 / 21 - 0.25)) < 1e-12)
    }

    /// Leiden is a heuristic: on graphs small enough to try every partition it must reach the best
    /// modularity almost always, and never fall far from it. leidenalg 0.12, on 120 such graphs,
    /// missed the best 11 times; graph 11 below has a local optimum (0.0747 against 0.1440) where
    /// leidenalg also ends for 8 seeds of 50, and where this seed ends too.
    @Test func reachesTheBestPartitionOfSmallGraphsAlmostAlways() {
        var cases = 0, optimal = 0
        for seed in UInt64(1)...40 {
            var generator = SeededTestGenerator(seed)
            var edges: [(Int, Int, Double)] = []
            for a in 0..<9 {
                for b in (a + 1)..<9 where Double.random(in: 0..<1, using: &generator) < 0.35 {
                    edges.append((a, b, Double(Int.random(in: 1...4, using: &generator))))
                }
            }
            guard !edges.isEmpty else { continue }
            let g = graph(9, edges)
            for resolution in [0.5, 1.0, 1.5] {
                let best = bestModularityByEnumeration(g, resolution: resolution)
                let found = Leiden.run(g, resolution: resolution, seed: seed).modularity
                cases += 1
                if found >= best - 1e-12 { optimal += 1 }
                #expect(found >= best - 0.08, "graph \(seed), γ \(resolution): \(found) far below \(best)")
            }
        }
        #expect(Double(optimal) >= 0.85 * Double(cases), "optimal on \(optimal) of \(cases)")
    }

    @Test func recoversPlantedGroupsWithConnectedCommunities() {
        let (g, truth) = planted(groups: 8, size: 40, inside: 0.3, between: 0.005, seed: 7)
        let result = Leiden.run(g, seed: 3)
        #expect(g.communitiesAreConnected(result.membership))
        // Same grouping as the truth: nodes together exactly when planted together.
        for a in stride(from: 0, to: g.nodeCount, by: 7) {
            for b in stride(from: 1, to: g.nodeCount, by: 11) {
                #expect((result.membership[a] == result.membership[b]) == (truth[a] == truth[b]))
            }
        }
    }

    @Test func everyCommunityIsConnectedOnNoisyGraphs() {
        for seed in UInt64(1)...20 {
            let (g, _) = planted(groups: 6, size: 25, inside: 0.12, between: 0.03, seed: seed)
            for resolution in [0.3, 1.0, 3.0] {
                let result = Leiden.run(g, resolution: resolution, seed: seed)
                #expect(g.communitiesAreConnected(result.membership), "graph \(seed), γ \(resolution)")
                #expect(abs(g.modularity(result.membership, resolution: resolution) - result.modularity) < 1e-12)
            }
        }
    }

    @Test func theSameSeedGivesTheSameCommunities() {
        let (g, _) = planted(groups: 10, size: 30, inside: 0.1, between: 0.02, seed: 11)
        #expect(Leiden.run(g, seed: 42).membership == Leiden.run(g, seed: 42).membership)
    }

    @Test func higherResolutionGivesSmallerTerritories() {
        let (g, _) = planted(groups: 6, size: 30, inside: 0.2, between: 0.02, seed: 5)
        let coarse = Set(Leiden.run(g, resolution: 0.05).membership).count
        let usual = Set(Leiden.run(g, resolution: 1).membership).count
        let fine = Set(Leiden.run(g, resolution: 8).membership).count
        #expect(coarse < usual)
        #expect(usual < fine)
    }

    @Test func aSplitCommunityIsSeenAsDisconnected() {
        let g = graph(4, [(0, 1, 1), (2, 3, 1)])
        #expect(g.communitiesAreConnected([0, 0, 1, 1]))
        #expect(!g.communitiesAreConnected([0, 1, 0, 1]))
    }
}

@Suite struct CoUseGraphTests {
    @Test func readsTheCSVAndWritesEveryCommuneOnce() throws {
        let csv = "a,b,weight\r\n72181,72054,12\n72054,72003,3\n72181,72003,1\n\"69256\",69266,40\n"
        let parsed = try CoUseGraph.parseCSV(Data(csv.utf8))
        #expect(parsed.codes == ["72181", "72054", "72003", "69256", "69266"])
        #expect(parsed.graph.totalWeight == 56)
        let result = Leiden.run(parsed.graph)
        let json = try JSONSerialization.jsonObject(with: parsed.output(result)) as? [String: Any]
        let communities = try #require(json?["communities"] as? [[String]])
        #expect(communities.flatMap { $0 }.sorted() == parsed.codes.sorted())
        #expect(communities.contains(["69256", "69266"]))
        #expect(abs((json?["modularity"] as? Double ?? 0) - result.modularity) < 1e-12)
    }

    @Test func refusesABadFileWithTheLineAtFault() {
        let cases = [
            ("x,y,z\n1,2,3\n", "Ligne 1"),
            ("a,b,weight\n72181,72054\n", "Ligne 2"),
            ("a,b,weight\n72181,72054,3\n72181,72003,-4\n", "Ligne 3"),
            ("a,b,weight\n72181,72054,2.5\n", "Ligne 2"),
            ("a,b,weight\n72181,72054,99999999999999999999999\n", "Ligne 2"),
            ("a,b,weight\n,72054,1\n", "Ligne 2"),
            ("a,b,weight\n", "vide"),
        ]
        for (csv, expected) in cases {
            #expect {
                _ = try CoUseGraph.parseCSV(Data(csv.utf8))
            } throws: { error in
                guard case .invalid(let message, _) = error as? AutourError else { return false }
                return message.contains(expected)
            }
        }
    }
}

@Suite struct ActionTerritoryTests {
    func basin(_ uses: [(BasinPurpose, String)]) throws -> LifeBasin {
        try LifeBasin(uses: uses.map { LifeBasin.Use(purpose: $0.0, commune: $0.1) }, knownCommunes: { _ in true })
    }

    @Test func theTerritoryFollowsTheBasinsAndIsComparedWithTheEPCI() throws {
        // Guéret's people shop in Sainte-Feyre and work in Ahun (outside the EPCI); another group
        // lives between Sardent, Pionnat and Janaillat; four basins name Aulon.
        var basins: [LifeBasin] = []
        for _ in 0..<20 { basins.append(try basin([(.home, "23096"), (.shopping, "23193"), (.work, "23001")])) }
        for _ in 0..<20 { basins.append(try basin([(.home, "23168"), (.shopping, "23154"), (.health, "23099")])) }
        for _ in 0..<5 { basins.append(try basin([(.home, "23096"), (.leisure, "23168")])) }
        for _ in 0..<4 { basins.append(try basin([(.home, "23096"), (.family, "23011")])) }
        let result = ActionTerritory.compute(basins: basins, own: ["23096"], epciMembers: ["23096", "23193", "23208"])
        #expect(result.answers == 49)
        #expect(result.homeCommunes == ["23096", "23193", "23001"])
        #expect(result.addedToEPCI == ["23001"])
        #expect(result.leftOutOfEPCI == ["23208"])
        #expect(result.territories.count == 2)
        // Four basins are too few to place Aulon anywhere.
        #expect(result.figures["23011"]?.territory == nil)
        #expect(!result.territories.joined().contains("23011"))
        #expect(!result.flows.contains { $0.to == "23011" })
        #expect(result.flows.first { $0.to == "23193" }?.basins == 20)
        // Guéret: 29 basins; the five going to Sardent and the four to Aulon (in no territory) go outside.
        let gueret = try #require(result.figures["23096"])
        #expect(gueret.territory == result.home.first && gueret.basins == 29 && gueret.goingOutside == 9)
    }

    @Test func aBasinNeedsAHomeAndAnotherUse() {
        #expect(throws: AutourError.self) { try basin([(.shopping, "23096"), (.work, "23001")]) }
        #expect(throws: AutourError.self) { try basin([(.home, "23096")]) }
        #expect(throws: AutourError.self) { try basin([(.home, "23096"), (.home, "23001"), (.work, "23001")]) }
        #expect(throws: AutourError.self) {
            try LifeBasin(uses: [.init(purpose: .home, commune: "99999"), .init(purpose: .work, commune: "23001")], knownCommunes: { $0 != "99999" })
        }
        #expect((try? basin([(.home, "23096"), (.shopping, "23096")])) != nil, "living and shopping in one commune is a basin")
    }
}
