import AutourAPI
import AutourCore
import AutourStore
import Foundation
import OpenAPIRuntime

/// The life basins in the JSON API: the action territory (aggregates only) and an agent's entry.
extension APIHandlers {
    func basinsTerritory(_ input: Operations.BasinsTerritory.Input) async throws -> Operations.BasinsTerritory.Output {
        let context = try caller
        let resolution = input.query.resolution ?? 1
        guard resolution.isFinite, (0.05...20).contains(resolution) else {
            throw AutourError.unreadable("resolution : nombre de 0,05 à 20 attendu.")
        }
        let report = try await store.basinsService.report(territory: context.territory, resolution: resolution, actor: context.actor, maps: false)
        let computed = report.territory
        let communes = computed.figures.values.filter { $0.basins >= SmallCount.threshold }.sorted { $0.code < $1.code }.map { figures in
            Components.Schemas.ActionTerritory.CommunesPayloadPayload(
                code: figures.code, name: report.communes[figures.code]?.name ?? figures.code, territory: figures.territory,
                basins: SmallCount.text(figures.basins), goingOutsidePercent: figures.goingOutsidePercent)
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        answers: computed.answers, modularity: computed.modularity, epci: report.epciNames,
                        territories: computed.territories.enumerated().map { .init(home: computed.home.contains($0.offset), communes: $0.element) },
                        addedToEPCI: computed.addedToEPCI, leftOutOfEPCI: computed.leftOutOfEPCI, communes: communes,
                        flows: computed.flows.map { .init(from: $0.from, to: $0.to, basins: $0.basins) }))))
    }

    func recordBasin(_ input: Operations.RecordBasin.Input) async throws -> Operations.RecordBasin.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        var typed: [BasinPurpose: [String]] = [:]
        for use in body.uses {
            guard let purpose = BasinPurpose(rawValue: use.purpose.rawValue) else { continue }
            typed[purpose, default: []].append(use.commune)
        }
        let personId = try body.personId.map { try APIValue.uuid($0, field: "personId") }
        try await store.basinsService.record(
            typed, personId: personId, personAgreed: body.personAgreed ?? false, territory: context.territory, actor: context.actor)
        return .created(.init(body: .json(.init(answers: try await store.basins.answerCount(territoryId: context.actor.territoryId)))))
    }
}
