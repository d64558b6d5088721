import AutourCore
import Foundation
import Testing

/// A textbook min-cost max-flow (successive shortest paths from a super source, Bellman–Ford):
/// slow, obviously right, and independent of the solver under test.
func referenceOptimum(_ p: AssignmentProblem) -> (assigned: Int, cost: Int64) {
    let n = p.demands.count, r = p.capacities.count
    let source = n + r, sink = n + r + 1, nodes = n + r + 2
    var to: [Int] = [], cap: [Int] = [], cost: [Int64] = [], adjacency = [[Int]](repeating: [], count: nodes)
    func add(_ u: Int, _ v: Int, _ c: Int, _ w: Int64) {
        adjacency[u].append(to.count); to.append(v); cap.append(c); cost.append(w)
        adjacency[v].append(to.count); to.append(u); cap.append(0); cost.append(-w)
    }
    for i in 0..<n { add(source, i, p.demands[i], 0) }
    for j in 0..<r { add(n + j, sink, p.capacities[j], 0) }
    for e in 0..<p.arcCost.count { add(Int(p.arcNeed[e]), n + Int(p.arcResource[e]), 1, p.arcCost[e]) }
    var flow = 0, total: Int64 = 0
    while true {
        var dist = [Int64](repeating: .max, count: nodes), via = [Int](repeating: -1, count: nodes)
        dist[source] = 0
        var changed = true
        while changed {
            changed = false
            for u in 0..<nodes where dist[u] != .max {
                for e in adjacency[u] where cap[e] > 0 && dist[u] + cost[e] < dist[to[e]] {
                    dist[to[e]] = dist[u] + cost[e]
                    via[to[e]] = e
                    changed = true
                }
            }
        }
        if dist[sink] == .max { return (flow, total) }
        var v = sink
        while v != source {
            let e = via[v]
            cap[e] -= 1
            cap[e ^ 1] += 1
            v = to[e ^ 1]
        }
        flow += 1
        total += dist[sink]
    }
}

func randomProblem(_ rng: inout SeededGenerator, needs: Int, resources: Int, arcs: Int, maxCost: Int64) -> AssignmentProblem {
    var problem = AssignmentProblem(
        demands: (0..<needs).map { _ in Int.random(in: 1...3, using: &rng) },
        capacities: (0..<resources).map { _ in Int.random(in: 1...2, using: &rng) },
        arcNeed: [], arcResource: [], arcCost: [])
    for _ in 0..<arcs {
        problem.arcNeed.append(Int32.random(in: 0..<Int32(needs), using: &rng))
        problem.arcResource.append(Int32.random(in: 0..<Int32(resources), using: &rng))
        problem.arcCost.append(Int64.random(in: 0...maxCost, using: &rng))
    }
    return problem
}

@Suite("Assignment solver (min-cost flow)")
struct AssignmentSolverTests {
    @Test(
        "on random instances, as many units as possible and then the least cost, like a textbook min-cost max-flow",
        arguments: 0..<300)
    func matchesReference(seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(seed))
        // Scarce and plentiful resources, cheap and dear costs, duplicate arcs included.
        let needs = Int.random(in: 1...12, using: &rng), resources = Int.random(in: 1...12, using: &rng)
        let problem = randomProblem(
            &rng, needs: needs, resources: resources, arcs: Int.random(in: 0...40, using: &rng),
            maxCost: seed % 3 == 0 ? 3 : 1000)
        let solution = try AssignmentSolver.solve(problem)
        let reference = referenceOptimum(problem)
        #expect(solution.assigned == reference.assigned)
        #expect(solution.cost == reference.cost)
        // The arcs it returns respect every demand and capacity, and add up to its figures.
        var taken = [Int](repeating: 0, count: needs), held = [Int](repeating: 0, count: resources)
        for e in solution.arcs {
            taken[Int(problem.arcNeed[e])] += 1
            held[Int(problem.arcResource[e])] += 1
        }
        #expect(zip(taken, problem.demands).allSatisfy { $0 <= $1 })
        #expect(zip(held, problem.capacities).allSatisfy { $0 <= $1 })
        #expect(solution.arcs.reduce(Int64(0)) { $0 + problem.arcCost[$1] } == solution.cost)
    }

    @Test("a cheaper need takes the only place from a dearer one rather than leaving it to chance")
    func scarcePlaceGoesToTheCheapest() throws {
        let problem = AssignmentProblem(demands: [1, 1], capacities: [1], arcNeed: [0, 1], arcResource: [0, 0], arcCost: [10, 1])
        let solution = try AssignmentSolver.solve(problem)
        #expect(solution.arcs == [1])
        #expect(solution.assigned == 1)
        #expect(solution.cost == 1)
    }

    @Test("bad instances are refused with a reason")
    func refusesBadInstances() {
        #expect(throws: AutourError.self) {
            try AssignmentSolver.solve(AssignmentProblem(demands: [0], capacities: [1], arcNeed: [], arcResource: [], arcCost: []))
        }
        #expect(throws: AutourError.self) {
            try AssignmentSolver.solve(AssignmentProblem(demands: [1], capacities: [1], arcNeed: [0], arcResource: [3], arcCost: [1]))
        }
        #expect(throws: AutourError.self) {
            try AssignmentSolver.solve(AssignmentProblem(demands: [1], capacities: [1], arcNeed: [0], arcResource: [0], arcCost: [-1]))
        }
    }
}
