import Foundation

/// An assignment problem on explicit arcs: needs with a demand (units of help), resources with a
/// capacity, and arcs "this resource may take one unit of this need" with a cost.
public struct AssignmentProblem: Sendable {
    public var demands: [Int]
    public var capacities: [Int]
    /// Arcs as parallel arrays: need index, resource index, cost (≥ 0). Each arc carries at most
    /// one unit: a person fills one place of a need, not two.
    public var arcNeed: [Int32]
    public var arcResource: [Int32]
    public var arcCost: [Int64]

    public init(demands: [Int], capacities: [Int], arcNeed: [Int32], arcResource: [Int32], arcCost: [Int64]) {
        self.demands = demands
        self.capacities = capacities
        self.arcNeed = arcNeed
        self.arcResource = arcResource
        self.arcCost = arcCost
    }

    /// Largest cost accepted: keeps every potential of the solver inside 64 bits.
    public static let maxCost: Int64 = 1_000_000_000
}

public struct AssignmentSolution: Sendable, Equatable {
    /// The arcs used, in increasing order.
    public let arcs: [Int]
    public let assigned: Int
    public let cost: Int64
}

/// Exact min-cost flow for `AssignmentProblem`: the largest possible number of assigned units and,
/// among those, the least total cost.
///
/// Successive shortest paths from one unit of demand at a time (the sparse Jonker–Volgenant way):
/// each search is a Dijkstra on reduced costs from that need, stopping at the first resource with
/// spare capacity. An "unassigned" sink reachable from every need at cost `M` (more than any
/// assignment can cost in total) makes every unit of demand placeable, so any processing order is
/// optimal, and a unit left there means no assignment could take it without losing another.
/// Potentials are only moved for the nodes a search settles, so a search that finds a free
/// resource at once costs one node and its arcs.
public enum AssignmentSolver {
    public static func solve(_ problem: AssignmentProblem) throws(AutourError) -> AssignmentSolution {
        let needCount = problem.demands.count, resourceCount = problem.capacities.count
        let arcCount = problem.arcCost.count
        guard problem.arcNeed.count == arcCount, problem.arcResource.count == arcCount else {
            throw .invalid("Arcs incohérents.")
        }
        var maxCost: Int64 = 0
        for e in 0..<arcCount {
            let n = Int(problem.arcNeed[e]), r = Int(problem.arcResource[e]), c = problem.arcCost[e]
            guard n >= 0, n < needCount, r >= 0, r < resourceCount else { throw .invalid("Arc \(e) : extrémité inconnue.") }
            guard c >= 0, c <= AssignmentProblem.maxCost else {
                throw .invalid("Arc \(e) : coût hors limites (0 à \(AssignmentProblem.maxCost)).")
            }
            maxCost = max(maxCost, c)
        }
        guard problem.demands.allSatisfy({ $0 >= 1 }) else { throw .invalid("Chaque besoin demande au moins une unité.") }
        guard problem.capacities.allSatisfy({ $0 >= 1 }) else { throw .invalid("Chaque ressource a une capacité d'au moins 1.") }

        // Forward arcs grouped by need (CSR).
        var start = [Int32](repeating: 0, count: needCount + 1)
        for e in 0..<arcCount { start[Int(problem.arcNeed[e]) + 1] += 1 }
        for i in 0..<needCount { start[i + 1] += start[i] }
        var order = [Int32](repeating: 0, count: arcCount)
        var fill = start
        for e in 0..<arcCount {
            let n = Int(problem.arcNeed[e])
            order[Int(fill[n])] = Int32(e)
            fill[n] += 1
        }
        // A need cannot take more units than it has arcs (each arc carries one).
        let units = (0..<needCount).map { min(problem.demands[$0], Int(start[$0 + 1] - start[$0])) }
        let placeable = units.reduce(0, +)

        // M exceeds the cost of any set of assignments, so leaving a unit unassigned is always
        // worse than any rearrangement that places it. Potentials stay within ±M per unit placed.
        let (bigM, overflowM) = maxCost.multipliedReportingOverflow(by: Int64(placeable + 1))
        let (_, overflowAll) = (bigM + 1).multipliedReportingOverflow(by: Int64(4 * (placeable + 2)))
        guard !overflowM, !overflowAll else { throw .invalid("Instance trop grande pour des coûts de cette taille.") }

        var state = SolverState(needCount: needCount, resourceCount: resourceCount, arcCount: arcCount)
        return problem.withArrays { arcNeed, arcResource, arcCost in
            state.run(
                units: units, capacities: problem.capacities, start: start, order: order,
                arcNeed: arcNeed, arcResource: arcResource, arcCost: arcCost, bigM: bigM + 1)
        }
    }
}

extension AssignmentProblem {
    func withArrays<T>(_ body: (UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Int64>) -> T) -> T {
        arcNeed.withUnsafeBufferPointer { n in
            arcResource.withUnsafeBufferPointer { r in arcCost.withUnsafeBufferPointer { c in body(n, r, c) } }
        }
    }
}

/// The solver's working arrays. Nodes: needs `0..<N`, resources `N..<N+R`, the unassigned sink `N+R`.
private struct SolverState {
    let needCount: Int, resourceCount: Int
    var potential: [Int64]
    var distance: [Int64]
    /// The arc a search reached the node by (forward arc into a resource, backward arc into a need).
    var via: [Int32]
    var settled: [Bool]
    var touched: [Int32] = []
    var settledList: [Int32] = []
    var flow: [Bool]
    /// Units each resource holds, and the arcs holding them (a singly linked list through `next`).
    var load: [Int32]
    var head: [Int32]
    var next: [Int32]
    var heap = MinHeap()

    init(needCount: Int, resourceCount: Int, arcCount: Int) {
        self.needCount = needCount
        self.resourceCount = resourceCount
        let nodes = needCount + resourceCount + 1
        potential = .init(repeating: 0, count: nodes)
        distance = .init(repeating: .max, count: nodes)
        via = .init(repeating: -1, count: nodes)
        settled = .init(repeating: false, count: nodes)
        flow = .init(repeating: false, count: arcCount)
        load = .init(repeating: 0, count: resourceCount)
        head = .init(repeating: -1, count: resourceCount)
        next = .init(repeating: -1, count: arcCount)
    }

    mutating func run(
        units: [Int], capacities: [Int], start: [Int32], order: [Int32], arcNeed: UnsafeBufferPointer<Int32>,
        arcResource: UnsafeBufferPointer<Int32>, arcCost: UnsafeBufferPointer<Int64>, bigM: Int64
    ) -> AssignmentSolution {
        let sink = needCount + resourceCount
        for need in 0..<needCount {
            for _ in 0..<units[need] {
                // Dijkstra from `need` on reduced costs, until a resource with room or the sink.
                reach(need, 0, via: -1)
                var target = -1
                while let (d, node32) = heap.pop() {
                    let node = Int(node32)
                    if settled[node] || d > distance[node] { continue }
                    settled[node] = true
                    settledList.append(node32)
                    if node == sink { target = node; break }
                    if node >= needCount {
                        let r = node - needCount
                        if Int(load[r]) < capacities[r] { target = node; break }
                        // A full resource: any need it holds may move elsewhere.
                        var e = head[r]
                        while e >= 0 {
                            let holder = Int(arcNeed[Int(e)])
                            let reduced = -arcCost[Int(e)] + potential[node] - potential[holder]
                            reach(holder, d + reduced, via: e)
                            e = next[Int(e)]
                        }
                    } else {
                        for k in Int(start[node])..<Int(start[node + 1]) {
                            let e = Int(order[k])
                            if flow[e] { continue }
                            let r = needCount + Int(arcResource[e])
                            reach(r, d + arcCost[e] + potential[node] - potential[r], via: Int32(e))
                        }
                        reach(sink, d + bigM + potential[node] - potential[sink], via: Int32(node))
                    }
                }
                // Potentials of the settled nodes move so that reduced costs stay non-negative.
                let reached = distance[target]
                for v32 in settledList {
                    let v = Int(v32)
                    potential[v] += distance[v] - reached
                }
                // Move one unit along the path: each need on it takes the resource after it and
                // releases the one it held; the last resource gains a unit (or the unit stays out).
                var node = target
                var givenUp = false
                if target == sink {
                    let last = Int(via[sink])
                    // The need itself went unassigned: nothing in the graph changed, so its next
                    // units would take the same way out. Leave them all unassigned now.
                    givenUp = last == need
                    node = last == need ? -1 : release(Int(via[last]), arcResource: arcResource)
                } else {
                    load[target - needCount] += 1
                }
                while node >= 0 {
                    let e = Int(via[node])
                    let r = Int(arcResource[e]), n = Int(arcNeed[e])
                    flow[e] = true
                    next[e] = head[r]
                    head[r] = Int32(e)
                    node = n == need ? -1 : release(Int(via[n]), arcResource: arcResource)
                }
                for v32 in touched {
                    let v = Int(v32)
                    distance[v] = .max
                    settled[v] = false
                    via[v] = -1
                }
                touched.removeAll(keepingCapacity: true)
                settledList.removeAll(keepingCapacity: true)
                heap.removeAll()
                if givenUp { break }
            }
        }
        var used: [Int] = []
        var cost: Int64 = 0
        for e in 0..<flow.count where flow[e] {
            used.append(e)
            cost += arcCost[e]
        }
        return AssignmentSolution(arcs: used, assigned: used.count, cost: cost)
    }

    @inline(__always)
    mutating func reach(_ node: Int, _ d: Int64, via arc: Int32) {
        if settled[node] { return }
        if distance[node] == .max { touched.append(Int32(node)) }
        if d < distance[node] {
            distance[node] = d
            // The sink's predecessor is a need, not an arc: the path walk stops before it.
            via[node] = arc
            heap.push(d, Int32(node))
        }
    }

    /// The need of `arc` gives its unit of the arc's resource back; returns that resource's node.
    mutating func release(_ arc: Int, arcResource: UnsafeBufferPointer<Int32>) -> Int {
        flow[arc] = false
        let resource = Int(arcResource[arc])
        unlink(arc, from: resource)
        return needCount + resource
    }

    mutating func unlink(_ arc: Int, from resource: Int) {
        if head[resource] == Int32(arc) {
            head[resource] = next[arc]
            return
        }
        var e = Int(head[resource])
        while e >= 0 {
            if next[e] == Int32(arc) {
                next[e] = next[arc]
                return
            }
            e = Int(next[e])
        }
    }
}

/// A binary min-heap of (distance, node), with lazy deletion.
private struct MinHeap {
    var keys: [Int64] = []
    var nodes: [Int32] = []

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        nodes.removeAll(keepingCapacity: true)
    }

    mutating func push(_ key: Int64, _ node: Int32) {
        keys.append(key)
        nodes.append(node)
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if keys[parent] <= key { break }
            keys[i] = keys[parent]
            nodes[i] = nodes[parent]
            i = parent
        }
        keys[i] = key
        nodes[i] = node
    }

    mutating func pop() -> (Int64, Int32)? {
        guard let topKey = keys.first else { return nil }
        let topNode = nodes[0]
        let lastKey = keys.removeLast(), lastNode = nodes.removeLast()
        if !keys.isEmpty {
            var i = 0
            let count = keys.count
            while true {
                let left = 2 * i + 1
                if left >= count { break }
                let right = left + 1
                let child = right < count && keys[right] < keys[left] ? right : left
                if keys[child] >= lastKey { break }
                keys[i] = keys[child]
                nodes[i] = nodes[child]
                i = child
            }
            keys[i] = lastKey
            nodes[i] = lastNode
        }
        return (topKey, topNode)
    }
}
