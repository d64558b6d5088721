import AutourCore
import Foundation
import SQLKit

/// Energies' part of the Observatory: needs by state, and the emerging-need alerts by kind and decision.
extension EnergiesService: ObservatorySource {
    public func observations(territoryId: UUID, from start: Date, to end: Date) async throws -> [Observation] {
        let sql = try energies.database.sql
        var seen = try await ObservationRow.observations(
            "needs",
            """
            SELECT created_at AS at, neighbourhood AS place, person_id AS person_id, 1 AS amount, status AS f0, CAST(NULL AS TEXT) AS f1
            FROM needs WHERE territory_id = \(bind: territoryId) AND created_at >= \(bind: start) AND created_at < \(bind: end)
            """, on: sql, facets: { [ObservationRow.label($0.f0) { NeedStatus(rawValue: $0)?.label }] })
        seen += try await ObservationRow.observations(
            "emerging_needs",
            """
            SELECT raised_at AS at, neighbourhood AS place, CAST(NULL AS TEXT) AS person_id, 1 AS amount, kind AS f0, decision AS f1
            FROM emerging_alerts WHERE territory_id = \(bind: territoryId) AND raised_at >= \(bind: start) AND raised_at < \(bind: end)
            """, on: sql,
            facets: { row in
                // A need's kind is a skill's name (already French); a signal's is its stored word.
                [row.f0.map { SignalKind(rawValue: $0)?.label ?? $0 } ?? "Non renseigné", row.f1.flatMap { AlertDecision(rawValue: $0)?.label } ?? "À décider"]
            })
        return seen
    }
}
