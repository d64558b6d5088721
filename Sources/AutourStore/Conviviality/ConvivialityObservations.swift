import AutourCore
import Foundation
import SQLKit

/// Conviviality's part of the Observatory: the events held, by kind (cancelled ones left out).
/// An event has a venue, not a neighbourhood: its row is « Autre ou non renseigné ».
extension ConvivialityService: ObservatorySource {
    public func observations(territoryId: UUID, from start: Date, to end: Date) async throws -> [Observation] {
        try await ObservationRow.observations(
            "events",
            """
            SELECT starts_at AS at, CAST(NULL AS TEXT) AS place, CAST(NULL AS TEXT) AS person_id, 1 AS amount, kind AS f0, CAST(NULL AS TEXT) AS f1
            FROM conviviality_events WHERE territory_id = \(bind: territoryId) AND cancelled_at IS NULL
              AND starts_at >= \(bind: start) AND starts_at < \(bind: end)
            """, on: try conviviality.database.sql, facets: { [ObservationRow.label($0.f0) { EventKind(rawValue: $0)?.label }] })
    }
}
