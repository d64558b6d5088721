import AutourCore
import FluentKit
import Foundation

/// What Energies holds about a person: the needs created from their file or from a signal about
/// them (the title often names them or their situation).
struct EnergiesPersonData: PersonDataOwner {
    let personColumns = ["needs.person_id"]

    func reassign(from source: UUID, to target: UUID, on tx: any Database) async throws {
        try await NeedModel.query(on: tx).set(\.$personId, to: target).filter(\.$personId == source).update()
    }

    func sections(personId: UUID, on db: any Database) async throws -> [PersonDataSection] {
        let needs = try await NeedModel.query(on: db).filter(\.$personId == personId).sort(\.$createdAt).all().map(\.core)
        guard !needs.isEmpty else { return [] }
        return [
            .init(
                module: "energies", title: "Besoins confiés aux personnes ressources",
                items: needs.map { need in
                    .init(
                        date: need.createdAt, summary: need.title,
                        details: [
                            .init("État", need.status.label),
                            .init("Quartier", need.neighbourhood),
                        ] + (need.minutes.map { [.init("Temps passé", LedgerRules.hours($0))] } ?? []))
                })
        ]
    }

    func anonymise(personId: UUID, now: Date, on tx: any Database) async throws {
        // A mission still to do was for someone who is no longer identifiable: it stops, and its
        // volunteer sees it cancelled. Done missions keep their hours for the statistics.
        try await NeedModel.query(on: tx).set(\.$status, to: NeedStatus.cancelled.rawValue).filter(\.$personId == personId)
            .filter(\.$status ~~ [NeedStatus.open, .proposed, .accepted].map(\.rawValue)).update()
        try await NeedModel.query(on: tx).set(\.$title, to: PersonData.erased).filter(\.$personId == personId).update()
    }
}
