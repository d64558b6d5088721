import AutourCore
import Foundation
import SQLKit

/// The time bank's part of the Observatory: exchanges by kind and the hours they moved, placed
/// in the neighbourhood of the offer or request they answered when there is one.
extension TimeBankService: ObservatorySource {
    public func observations(territoryId: UUID, from start: Date, to end: Date) async throws -> [Observation] {
        try await ObservationRow.observations(
            "time_bank",
            """
            SELECT t.created_at AS at, l.neighbourhood AS place, CAST(NULL AS TEXT) AS person_id,
                   CAST(SUM(CASE WHEN e.minutes > 0 THEN e.minutes ELSE 0 END) AS BIGINT) AS amount, t.kind AS f0, CAST(NULL AS TEXT) AS f1
            FROM timebank_transfers t JOIN timebank_entries e ON e.transfer_id = t.id LEFT JOIN timebank_listings l ON l.id = t.listing_id
            WHERE t.territory_id = \(bind: territoryId) AND t.created_at >= \(bind: start) AND t.created_at < \(bind: end)
            GROUP BY t.id, t.created_at, l.neighbourhood, t.kind
            """, on: try timeBank.database.sql, facets: { [ObservationRow.label($0.f0) { LedgerRules.kindLabel($0) }] })
    }
}
