import AutourCore
import Foundation
import SQLKit

/// Learning's part of the Observatory: the peer training sessions held (cancelled ones left out).
extension LearningService: ObservatorySource {
    public func observations(territoryId: UUID, from start: Date, to end: Date) async throws -> [Observation] {
        try await ObservationRow.observations(
            "trainings",
            """
            SELECT starts_at AS at, neighbourhood AS place, CAST(NULL AS TEXT) AS person_id, 1 AS amount,
                   CASE WHEN social_topic THEN 'social' ELSE 'other' END AS f0, CAST(NULL AS TEXT) AS f1
            FROM training_sessions WHERE territory_id = \(bind: territoryId) AND cancelled_at IS NULL
              AND starts_at >= \(bind: start) AND starts_at < \(bind: end)
            """, on: try learning.database.sql, facets: { [$0.f0 == "social" ? "Sujet social (droits, santé, démarches…)" : "Savoir-faire du quotidien"] })
    }
}
