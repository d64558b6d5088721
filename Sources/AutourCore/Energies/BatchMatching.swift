import Foundation

/// A batch proposal: which open need goes to whom, with the score that ranked them.
public struct BatchProposal: Sendable, Equatable {
    public let needId: UUID
    public let resourcePersonId: UUID
    public let score: Int
}

/// Proposes an assignment of many open needs at once: as many needs covered as possible, then the
/// largest total score, under everyone's remaining load. Each need's arcs are its best candidates
/// (cost = 100 − score); a person's capacity is the number of missions they can still take: their
/// weekly rest limit, and their monthly minutes left divided by the longest mission offered to them
/// (so no combination can exceed the cap). The result is only a proposal: the coordinator confirms.
public enum BatchMatching {
    public static func propose(_ needs: [Need], pool: CandidatePool, candidatesPerNeed: Int = 20)
        throws(AutourError) -> (proposals: [BatchProposal], unassigned: [UUID])
    {
        var resourceSlot: [Int: Int32] = [:]
        var resourceIndexes: [Int] = []
        var longest: [Int] = []
        var arcNeed: [Int32] = [], arcResource: [Int32] = [], arcCost: [Int64] = [], arcScore: [Int] = []
        for (n, need) in needs.enumerated() {
            for candidate in pool.top(need, limit: candidatesPerNeed) {
                guard let i = pool.index(of: candidate.resourcePersonId) else { continue }
                let slot: Int32
                if let known = resourceSlot[i] {
                    slot = known
                } else {
                    slot = Int32(resourceIndexes.count)
                    resourceSlot[i] = slot
                    resourceIndexes.append(i)
                    longest.append(0)
                }
                longest[Int(slot)] = max(longest[Int(slot)], need.durationMinutes)
                arcNeed.append(Int32(n))
                arcResource.append(slot)
                arcCost.append(Int64(max(0, 100 - candidate.score)))
                arcScore.append(candidate.score)
            }
        }
        let capacities = resourceIndexes.enumerated().map { slot, i in
            let rest = pool.restMissionsPerWeek - Int(pool.weekMissions[i])
            let minutes = Int(pool.capMinutes[i] - pool.usedMinutes[i]) / max(1, longest[slot])
            return max(1, min(rest, minutes))
        }
        let problem = AssignmentProblem(
            demands: needs.map { _ in 1 }, capacities: capacities, arcNeed: arcNeed,
            arcResource: arcResource, arcCost: arcCost)
        let solution = try AssignmentSolver.solve(problem)
        var covered = Set<Int>()
        let proposals = solution.arcs.map { e -> BatchProposal in
            covered.insert(Int(arcNeed[e]))
            return BatchProposal(
                needId: needs[Int(arcNeed[e])].id, resourcePersonId: pool.ids[resourceIndexes[Int(arcResource[e])]],
                score: arcScore[e])
        }
        return (proposals, needs.indices.filter { !covered.contains($0) }.map { needs[$0].id })
    }
}
