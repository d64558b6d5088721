import AutourCore
import Foundation
import SQLKit

/// The Radar's part of the Observatory: signals by kind and outcome, the delay to a first
/// contact, the register's enrolments and the campaigns' calls.
extension RadarService: ObservatorySource {
    public func observations(territoryId: UUID, from start: Date, to end: Date) async throws -> [Observation] {
        // Merged duplicates are one signal, counted once.
        let received = try await signals.created(territoryId: territoryId, since: start).filter { $0.createdAt < end && $0.duplicateOf == nil }
        var seen = received.flatMap { signal in
            [
                Observation(
                    indicator: "signals", date: signal.createdAt, place: signal.neighbourhood,
                    facets: [signal.kind.label, signal.outcome?.label ?? "En cours"], personId: signal.personId),
                Observation(
                    indicator: "first_contact", date: signal.createdAt, place: signal.neighbourhood,
                    facets: [ContactDelay.band(signalledAt: signal.createdAt, firstContactAt: signal.firstContactAt)], personId: signal.personId),
            ]
        }
        let sql = try signals.database.sql
        seen += try await ObservationRow.observations(
            "register",
            """
            SELECT r.registered_at AS at, p.neighbourhood AS place, r.person_id AS person_id, 1 AS amount,
                   CAST(NULL AS TEXT) AS f0, CAST(NULL AS TEXT) AS f1
            FROM register_entries r JOIN persons p ON p.id = r.person_id
            WHERE r.territory_id = \(bind: territoryId) AND r.registered_at >= \(bind: start) AND r.registered_at < \(bind: end)
            """, on: sql, facets: { _ in ["Inscription au registre"] })
        seen += try await ObservationRow.observations(
            "register",
            """
            SELECT k.last_called_at AS at, p.neighbourhood AS place, k.person_id AS person_id, 1 AS amount,
                   k.status AS f0, CAST(NULL AS TEXT) AS f1
            FROM campaign_calls k JOIN campaigns c ON c.id = k.campaign_id JOIN persons p ON p.id = k.person_id
            WHERE c.territory_id = \(bind: territoryId) AND k.last_called_at >= \(bind: start) AND k.last_called_at < \(bind: end)
            """, on: sql, facets: { ["Appel de campagne : " + ObservationRow.label($0.f0) { CallStatus(rawValue: $0)?.label.lowercased() }] })
        return seen
    }
}
