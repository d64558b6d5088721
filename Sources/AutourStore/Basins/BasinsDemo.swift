import AutourCore
import Foundation

/// The life basins' part of the demo territory: the communes around it (boundaries within 60 km)
/// and 600 answers, most through the questionnaire, some entered by the agent.
public struct BasinsDemo: DemoPart {
    public init() {}

    public func load(_ demo: DemoContext) async throws {
        let basins = demo.store.basins
        if try await basins.communeCount() == 0 {
            _ = try await basins.importCommunes(boundariesAround: (demo.territory.communes, 60))
        }
        guard let home = try await basins.communes(codes: [DemoTerritory.communeCode]).values.first else { return }
        let around = try await basins.communes(near: [home], radiusKm: DemoBasins.reach)
        let answers = try DemoBasins.plan(seed: demo.seed, home: home, communes: around).map {
            try LifeBasin(uses: $0, knownCommunes: { _ in true })
        }
        let byAgent = answers.count / 10
        try await basins.record(Array(answers.dropFirst(byAgent)), territoryId: demo.territory.id, source: .questionnaire)
        try await basins.record(Array(answers.prefix(byAgent)), territoryId: demo.territory.id, source: .agent, actor: demo.accounts[.agent]!.actor)
    }
}
