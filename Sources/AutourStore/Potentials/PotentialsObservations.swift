import AutourCore
import Foundation
import SQLKit

/// Potentials' part of the Observatory: projects proposed in the period, by the stage they have
/// reached today (or « En pause », « Arrêté »).
extension PotentialsService: ObservatorySource {
    public func observations(territoryId: UUID, from start: Date, to end: Date) async throws -> [Observation] {
        try await ObservationRow.observations(
            "projects",
            """
            SELECT p.created_at AS at, p.neighbourhood AS place, CAST(NULL AS TEXT) AS person_id, 1 AS amount, s.name AS f0, p.state AS f1
            FROM projects p LEFT JOIN project_stages s ON s.territory_id = p.territory_id AND s.id = p.stage_id
            WHERE p.territory_id = \(bind: territoryId) AND p.created_at >= \(bind: start) AND p.created_at < \(bind: end)
            """, on: try potentials.database.sql,
            facets: { row in
                let state = row.f1.flatMap(ProjectState.init(rawValue:))
                return [state == .active || state == nil ? row.f0 ?? "Non renseigné" : state!.label]
            })
    }
}
