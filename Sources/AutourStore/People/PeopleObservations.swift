import AutourCore
import Foundation
import SQLKit

/// People's part of the Observatory: files opened, follow-ups by kind, referrals by answer.
/// Merged files are counted once, under the file they were merged into.
extension PeopleService: ObservatorySource {
    public func observations(territoryId: UUID, from start: Date, to end: Date) async throws -> [Observation] {
        let sql = try people.database.sql
        var seen = try await ObservationRow.observations(
            "files_opened",
            """
            SELECT created_at AS at, neighbourhood AS place, id AS person_id, 1 AS amount, CAST(NULL AS TEXT) AS f0, CAST(NULL AS TEXT) AS f1
            FROM persons WHERE territory_id = \(bind: territoryId) AND merged_into IS NULL
              AND created_at >= \(bind: start) AND created_at < \(bind: end)
            """, on: sql)
        seen += try await ObservationRow.observations(
            "follow_ups",
            """
            SELECT f.at AS at, p.neighbourhood AS place, p.id AS person_id, 1 AS amount, f.kind AS f0, CAST(NULL AS TEXT) AS f1
            FROM follow_ups f JOIN persons p ON p.id = f.person_id
            WHERE p.territory_id = \(bind: territoryId) AND f.at >= \(bind: start) AND f.at < \(bind: end)
            """, on: sql, facets: { [ObservationRow.label($0.f0) { FollowUpKind(rawValue: $0)?.label }] })
        seen += try await ObservationRow.observations(
            "referrals",
            """
            SELECT r.created_at AS at, p.neighbourhood AS place, r.person_id AS person_id, 1 AS amount, r.status AS f0, CAST(NULL AS TEXT) AS f1
            FROM referrals r LEFT JOIN persons p ON p.id = r.person_id
            WHERE r.territory_id = \(bind: territoryId) AND r.created_at >= \(bind: start) AND r.created_at < \(bind: end)
            """, on: sql, facets: { [ObservationRow.label($0.f0) { ReferralStatus(rawValue: $0)?.label }] })
        return seen
    }

    /// The people with a follow-up in their file between `start` and `end`, once each, with their
    /// birth date (a bare year after erasure) and commune: what the age pyramid and the map count.
    public func followed(territoryId: UUID, from start: Date, to end: Date) async throws -> [(
        personId: UUID, birthDate: String?, commune: String?
    )] {
        struct Row: Decodable { let id: UUID, birth_date: String?, commune_code: String? }
        let rows = try await people.database.sql.raw(
            """
            SELECT DISTINCT p.id AS id, p.birth_date AS birth_date, p.commune_code AS commune_code FROM persons p JOIN follow_ups f ON f.person_id = p.id
            WHERE p.territory_id = \(bind: territoryId) AND p.merged_into IS NULL AND f.at >= \(bind: start) AND f.at < \(bind: end)
            """
        ).all(decoding: Row.self)
        return rows.map { ($0.id, $0.birth_date, $0.commune_code) }
    }
}
