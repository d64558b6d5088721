/// A weighted undirected graph in compressed rows: each edge is stored from both ends, a self-loop
/// (the inside of an aggregated community) is kept apart in `selfWeight`.
public struct WeightedGraph: Sendable {
    public let nodeCount: Int
    let offsets: [Int]
    let targets: [Int32]
    let weights: [Double]
    /// A node's strength: the weights of its edges, its self-loop counted twice (as in A_ii = 2w).
    let strength: [Double]
    let selfWeight: [Double]
    /// m: every edge once, self-loops included.
    public let totalWeight: Double

    /// Builds the graph from a list of edges between nodes `0..<nodeCount`; a pair given twice adds
    /// up, an edge from a node to itself is a self-loop.
    public init(nodeCount: Int, edgesFrom from: [Int32], to: [Int32], weight: [Double]) {
        precondition(from.count == to.count && to.count == weight.count)
        var degree = [Int](repeating: 0, count: nodeCount + 1)
        var selfWeight = [Double](repeating: 0, count: nodeCount)
        for index in from.indices where from[index] != to[index] {
            degree[Int(from[index]) + 1] += 1
            degree[Int(to[index]) + 1] += 1
        }
        for node in 0..<nodeCount { degree[node + 1] += degree[node] }
        var fill = degree
        var targets = [Int32](repeating: 0, count: degree[nodeCount])
        var weights = [Double](repeating: 0, count: degree[nodeCount])
        var strength = [Double](repeating: 0, count: nodeCount)
        var total = 0.0
        for index in from.indices {
            let a = Int(from[index]), b = Int(to[index]), w = weight[index]
            total += w
            if a == b {
                selfWeight[a] += w
                strength[a] += 2 * w
                continue
            }
            targets[fill[a]] = Int32(b)
            weights[fill[a]] = w
            fill[a] += 1
            targets[fill[b]] = Int32(a)
            weights[fill[b]] = w
            fill[b] += 1
            strength[a] += w
            strength[b] += w
        }
        self.init(nodeCount: nodeCount, offsets: degree, targets: targets, weights: weights, strength: strength, selfWeight: selfWeight, totalWeight: total)
    }

    init(nodeCount: Int, offsets: [Int], targets: [Int32], weights: [Double], strength: [Double], selfWeight: [Double], totalWeight: Double) {
        self.nodeCount = nodeCount
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
        self.strength = strength
        self.selfWeight = selfWeight
        self.totalWeight = totalWeight
    }

    /// The modularity of a partition with a resolution γ, in the form of Reichardt and Bornholdt's
    /// configuration model: Q = 1/(2m) Σ_ij (A_ij − γ k_i k_j / 2m) δ(c_i, c_j). With γ = 1 it is
    /// Newman's modularity (igraph's `modularity`); leidenalg's `quality()` is 2m·Q.
    public func modularity(_ membership: [Int32], resolution: Double = 1) -> Double {
        guard totalWeight > 0 else { return 0 }
        let count = Int(membership.max().map { $0 + 1 } ?? 0)
        var inside = [Double](repeating: 0, count: count)
        var strengthOf = [Double](repeating: 0, count: count)
        for node in 0..<nodeCount {
            let community = Int(membership[node])
            strengthOf[community] += strength[node]
            inside[community] += 2 * selfWeight[node]
            for edge in offsets[node]..<offsets[node + 1] where membership[Int(targets[edge])] == membership[node] {
                inside[community] += weights[edge]
            }
        }
        let twoM = 2 * totalWeight
        var sum = 0.0
        for community in 0..<count {
            sum += inside[community] - resolution * strengthOf[community] * strengthOf[community] / twoM
        }
        return sum / twoM
    }

    /// Whether every community induces a connected subgraph.
    public func communitiesAreConnected(_ membership: [Int32]) -> Bool {
        var seen = [Bool](repeating: false, count: nodeCount)
        var started = Set<Int32>()
        var stack: [Int] = []
        for start in 0..<nodeCount where !seen[start] {
            // A second search starting in a community already searched means it is split.
            guard started.insert(membership[start]).inserted else { return false }
            seen[start] = true
            stack.append(start)
            while let node = stack.popLast() {
                for edge in offsets[node]..<offsets[node + 1] {
                    let next = Int(targets[edge])
                    if !seen[next], membership[next] == membership[node] {
                        seen[next] = true
                        stack.append(next)
                    }
                }
            }
        }
        return true
    }
}

/// The Leiden algorithm (Traag, Waltman & van Eck, « From Louvain to Leiden: guaranteeing
/// well-connected communities », Scientific Reports 9, 2019) for the modularity with a resolution.
///
/// Each level moves nodes fast (a queue of the nodes whose neighbourhood changed), then refines
/// every community from singletons, merging a node only into a well-connected subset of its own
/// community that it touches — which is what guarantees connected communities — and aggregates the
/// graph on the refined partition, starting the next level from the unrefined one. Iterations are
/// repeated from the last partition until one no longer improves the quality, like leidenalg with
/// `n_iterations=-1`. Refinement merges greedily (leidenalg's default) rather than at random.
/// The same seed gives the same partition.
public enum Leiden {
    public struct Result: Sendable {
        /// Community of each node, numbered from 0 by decreasing size.
        public let membership: [Int32]
        public let modularity: Double
        public let iterations: Int
    }

    public static func run(_ graph: WeightedGraph, resolution: Double = 1, seed: UInt64 = 0, maxIterations: Int = 100) -> Result {
        var random = SeededGenerator(seed: seed)
        var membership = (0..<graph.nodeCount).map { Int32($0) }
        var quality = graph.modularity(membership, resolution: resolution)
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            let next = iterate(graph, from: membership, resolution: resolution, random: &random)
            let nextQuality = graph.modularity(next, resolution: resolution)
            guard nextQuality > quality + 1e-12 * max(1, abs(quality)) else { break }
            membership = next
            quality = nextQuality
        }
        membership = numberedBySize(membership)
        return Result(membership: membership, modularity: quality, iterations: iterations)
    }

    /// One iteration of Leiden from a partition of the original graph.
    static func iterate(_ original: WeightedGraph, from start: [Int32], resolution: Double, random: inout SeededGenerator) -> [Int32] {
        var graph = original
        var partition = start
        // The node of the current (aggregated) graph holding each original node.
        var nodeOf = (0..<original.nodeCount).map { Int32($0) }
        while true {
            moveNodes(graph, &partition, resolution: resolution, random: &random)
            let communities = renumber(&partition)
            if communities == graph.nodeCount { break }
            var refined = refine(graph, partition, resolution: resolution, random: &random)
            // When no subset merged, aggregate on the partition itself so that the level advances.
            if renumber(&refined) == graph.nodeCount { refined = partition }
            let aggregated = aggregate(graph, refined)
            var next = [Int32](repeating: 0, count: aggregated.nodeCount)
            for node in 0..<graph.nodeCount { next[Int(refined[node])] = partition[node] }
            for index in nodeOf.indices { nodeOf[index] = refined[Int(nodeOf[index])] }
            graph = aggregated
            partition = next
        }
        return nodeOf.map { partition[Int($0)] }
    }

    /// Local moving with a queue: each node goes to the neighbouring community (or an empty one)
    /// that raises the quality most; the neighbours it leaves outside its new community are queued.
    static func moveNodes(_ graph: WeightedGraph, _ partition: inout [Int32], resolution: Double, random: inout SeededGenerator) {
        let n = graph.nodeCount
        guard n > 0, graph.totalWeight > 0 else { return }
        let scale = resolution / (2 * graph.totalWeight)
        var communityStrength = [Double](repeating: 0, count: n)
        var communitySize = [Int32](repeating: 0, count: n)
        for node in 0..<n {
            communityStrength[Int(partition[node])] += graph.strength[node]
            communitySize[Int(partition[node])] += 1
        }
        var empty = (0..<n).filter { communitySize[$0] == 0 }.map { Int32($0) }
        var queue = random.permutation(n)
        var inQueue = [Bool](repeating: true, count: n)
        var head = 0, queued = n
        var linkTo = [Double](repeating: 0, count: n)
        var stamp = [Int32](repeating: -1, count: n)
        var touched = [Int32]()
        touched.reserveCapacity(64)
        graph.offsets.withUnsafeBufferPointer { offsets in
            graph.targets.withUnsafeBufferPointer { targets in
                graph.weights.withUnsafeBufferPointer { weights in
                    while queued > 0 {
                        let node = Int(queue[head])
                        head = head + 1 == n ? 0 : head + 1
                        queued -= 1
                        inQueue[node] = false
                        let own = partition[node]
                        let strength = graph.strength[node]
                        touched.removeAll(keepingCapacity: true)
                        stamp[Int(own)] = Int32(node)
                        linkTo[Int(own)] = 0
                        touched.append(own)
                        for edge in offsets[node]..<offsets[node + 1] {
                            let community = partition[Int(targets[edge])]
                            if stamp[Int(community)] != Int32(node) {
                                stamp[Int(community)] = Int32(node)
                                linkTo[Int(community)] = weights[edge]
                                touched.append(community)
                            } else {
                                linkTo[Int(community)] += weights[edge]
                            }
                        }
                        communityStrength[Int(own)] -= strength
                        communitySize[Int(own)] -= 1
                        var best = own
                        var bestGain = linkTo[Int(own)] - scale * strength * communityStrength[Int(own)]
                        for community in touched where community != own {
                            let gain = linkTo[Int(community)] - scale * strength * communityStrength[Int(community)]
                            if gain > bestGain {
                                bestGain = gain
                                best = community
                            }
                        }
                        // Alone in an empty community the gain is 0.
                        if bestGain < 0, communitySize[Int(own)] > 0, let fresh = empty.popLast() {
                            best = fresh
                        }
                        communityStrength[Int(best)] += strength
                        communitySize[Int(best)] += 1
                        if best == own { continue }
                        if communitySize[Int(own)] == 0 { empty.append(own) }
                        partition[node] = best
                        for edge in offsets[node]..<offsets[node + 1] {
                            let neighbour = Int(targets[edge])
                            if !inQueue[neighbour], partition[neighbour] != best {
                                inQueue[neighbour] = true
                                queue[(head + queued) % n] = Int32(neighbour)
                                queued += 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// The refinement: within each community of `partition`, singletons merge greedily into the
    /// well-connected subsets they touch. Returns the refined partition (not renumbered).
    static func refine(_ graph: WeightedGraph, _ partition: [Int32], resolution: Double, random: inout SeededGenerator) -> [Int32] {
        let n = graph.nodeCount
        let scale = resolution / (2 * graph.totalWeight)
        var total = [Double](repeating: 0, count: n)  // strength of each community of `partition`
        for node in 0..<n { total[Int(partition[node])] += graph.strength[node] }
        var refined = (0..<n).map { Int32($0) }
        var strengthOf = graph.strength  // of each refined subset
        var sizeOf = [Int32](repeating: 1, count: n)
        // Weight from each node, then from each subset, to the rest of its community.
        var inside = [Double](repeating: 0, count: n)
        for node in 0..<n {
            for edge in graph.offsets[node]..<graph.offsets[node + 1] where partition[Int(graph.targets[edge])] == partition[node] {
                inside[node] += graph.weights[edge]
            }
        }
        var outside = inside
        var linkTo = [Double](repeating: 0, count: n)
        var stamp = [Int32](repeating: -1, count: n)
        var touched = [Int32]()
        for node in random.permutation(n).map(Int.init) where sizeOf[Int(refined[node])] == 1 {
            let community = Int(partition[node])
            let strength = graph.strength[node]
            // Only a node well connected to its community moves.
            guard inside[node] >= scale * strength * (total[community] - strength) else { continue }
            let own = refined[node]
            touched.removeAll(keepingCapacity: true)
            for edge in graph.offsets[node]..<graph.offsets[node + 1] {
                let neighbour = Int(graph.targets[edge])
                guard partition[neighbour] == partition[node] else { continue }
                let subset = refined[neighbour]
                if stamp[Int(subset)] != Int32(node) {
                    stamp[Int(subset)] = Int32(node)
                    linkTo[Int(subset)] = graph.weights[edge]
                    touched.append(subset)
                } else {
                    linkTo[Int(subset)] += graph.weights[edge]
                }
            }
            var best = own
            var bestGain = 0.0
            for subset in touched where subset != own {
                let s = strengthOf[Int(subset)]
                guard outside[Int(subset)] >= scale * s * (total[community] - s) else { continue }
                let gain = linkTo[Int(subset)] - scale * strength * s
                if gain > bestGain {
                    bestGain = gain
                    best = subset
                }
            }
            guard best != own else { continue }
            refined[node] = best
            sizeOf[Int(own)] = 0
            sizeOf[Int(best)] += 1
            strengthOf[Int(best)] += strength
            outside[Int(best)] += inside[node] - 2 * linkTo[Int(best)]
        }
        return refined
    }

    /// The graph whose nodes are the communities of `partition` (numbered 0..<k).
    static func aggregate(_ graph: WeightedGraph, _ partition: [Int32]) -> WeightedGraph {
        let count = Int(partition.max().map { $0 + 1 } ?? 0)
        // Members of each community, by counting sort.
        var start = [Int](repeating: 0, count: count + 1)
        for node in 0..<graph.nodeCount { start[Int(partition[node]) + 1] += 1 }
        for community in 0..<count { start[community + 1] += start[community] }
        var fill = start
        var members = [Int32](repeating: 0, count: graph.nodeCount)
        for node in 0..<graph.nodeCount {
            members[fill[Int(partition[node])]] = Int32(node)
            fill[Int(partition[node])] += 1
        }
        var offsets = [Int](repeating: 0, count: count + 1)
        var targets: [Int32] = []
        var weights: [Double] = []
        var strength = [Double](repeating: 0, count: count)
        var selfWeight = [Double](repeating: 0, count: count)
        var linkTo = [Double](repeating: 0, count: count)
        var stamp = [Int32](repeating: -1, count: count)
        var touched: [Int32] = []
        for community in 0..<count {
            touched.removeAll(keepingCapacity: true)
            var inner = 0.0
            for member in members[start[community]..<start[community + 1]] {
                let node = Int(member)
                strength[community] += graph.strength[node]
                selfWeight[community] += graph.selfWeight[node]
                for edge in graph.offsets[node]..<graph.offsets[node + 1] {
                    let other = partition[Int(graph.targets[edge])]
                    if Int(other) == community {
                        inner += graph.weights[edge]
                    } else if stamp[Int(other)] != Int32(community) {
                        stamp[Int(other)] = Int32(community)
                        linkTo[Int(other)] = graph.weights[edge]
                        touched.append(other)
                    } else {
                        linkTo[Int(other)] += graph.weights[edge]
                    }
                }
            }
            // Each inner edge was seen from both ends.
            selfWeight[community] += inner / 2
            for other in touched {
                targets.append(other)
                weights.append(linkTo[Int(other)])
            }
            offsets[community + 1] = targets.count
        }
        return WeightedGraph(
            nodeCount: count, offsets: offsets, targets: targets, weights: weights, strength: strength, selfWeight: selfWeight,
            totalWeight: graph.totalWeight)
    }

    /// Numbers the communities 0..<k in order of first appearance; returns k.
    @discardableResult
    static func renumber(_ partition: inout [Int32]) -> Int {
        var number = [Int32](repeating: -1, count: partition.count)
        var next: Int32 = 0
        for index in partition.indices {
            let community = Int(partition[index])
            if number[community] < 0 {
                number[community] = next
                next += 1
            }
            partition[index] = number[community]
        }
        return Int(next)
    }

    /// Communities numbered by decreasing size, ties by their first node.
    static func numberedBySize(_ membership: [Int32]) -> [Int32] {
        var partition = membership
        let count = renumber(&partition)
        var size = [Int](repeating: 0, count: count)
        for community in partition { size[Int(community)] += 1 }
        let order = (0..<count).sorted { size[$0] != size[$1] ? size[$0] > size[$1] : $0 < $1 }
        var rank = [Int32](repeating: 0, count: count)
        for (position, community) in order.enumerated() { rank[community] = Int32(position) }
        return partition.map { rank[Int($0)] }
    }
}

extension SeededGenerator {
    /// A random order of 0..<count (Fisher–Yates), the same for the same seed.
    mutating func permutation(_ count: Int) -> [Int32] {
        var order = (0..<count).map { Int32($0) }
        var index = count - 1
        while index > 0 {
            order.swapAt(index, Int(next() % UInt64(index + 1)))
            index -= 1
        }
        return order
    }
}
