import AutourCore
import Foundation
import SQLKit

/// Rights' part of the Observatory: non-take-up findings by benefit and outcome.
extension RightsService: ObservatorySource {
    public func observations(territoryId: UUID, from start: Date, to end: Date) async throws -> [Observation] {
        try await ObservationRow.observations(
            "non_take_up",
            """
            SELECT f.created_at AS at, p.neighbourhood AS place, f.person_id AS person_id, 1 AS amount, f.benefit AS f0, f.outcome AS f1
            FROM rights_findings f JOIN persons p ON p.id = f.person_id
            WHERE f.territory_id = \(bind: territoryId) AND f.created_at >= \(bind: start) AND f.created_at < \(bind: end)
            """, on: try rights.sql,
            facets: {
                [ObservationRow.label($0.f0) { Benefit(rawValue: $0)?.label }, $0.f1.flatMap { FindingOutcome(rawValue: $0)?.label } ?? "En cours de suivi"]
            })
    }
}

/// Optional aid's part of the Observatory: the commission's decisions by kind, with the amounts granted.
extension AidService: ObservatorySource {
    public func observations(territoryId: UUID, from start: Date, to end: Date) async throws -> [Observation] {
        try await ObservationRow.observations(
            "optional_aid",
            """
            SELECT d.decided_at AS at, p.neighbourhood AS place, a.person_id AS person_id, COALESCE(d.amount_cents, 0) AS amount, a.kind AS f0, d.decision AS f1
            FROM aid_decisions d JOIN aid_applications a ON a.id = d.application_id JOIN persons p ON p.id = a.person_id
            WHERE d.territory_id = \(bind: territoryId) AND d.decided_at >= \(bind: start) AND d.decided_at < \(bind: end)
            """, on: try sql,
            facets: { [ObservationRow.label($0.f0) { AidKind(rawValue: $0)?.label }, ObservationRow.label($0.f1) { AidDecision(rawValue: $0)?.label }] })
    }
}

/// Health vouchers' part of the Observatory: vouchers issued by kind and what became of them.
extension VoucherService: ObservatorySource {
    public func observations(territoryId: UUID, from start: Date, to end: Date) async throws -> [Observation] {
        let today = self.today
        return try await ObservationRow.observations(
            "vouchers",
            """
            SELECT v.issued_at AS at, p.neighbourhood AS place, v.person_id AS person_id, 1 AS amount, v.category AS f0,
                   CASE WHEN v.redeemed_at IS NULL THEN v.expires_on ELSE 'used' END AS f1
            FROM vouchers v JOIN persons p ON p.id = v.person_id
            WHERE v.territory_id = \(bind: territoryId) AND v.issued_at >= \(bind: start) AND v.issued_at < \(bind: end)
            """, on: try sql,
            facets: { row in
                [
                    ObservationRow.label(row.f0) { VoucherCategory(rawValue: $0)?.label },
                    Voucher.state(redeemed: row.f1 == "used", expiresOn: row.f1 ?? "", today: today),
                ]
            })
    }
}
