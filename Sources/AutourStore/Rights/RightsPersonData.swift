import AutourCore
import FluentKit
import Foundation
import SQLKit

/// What Rights holds about a person: the household situation (resources, housing), the
/// screenings and the findings with their follow-up, the optional-aid applications with their
/// decisions and payments.
struct RightsPersonData: PersonDataOwner {
    let personColumns = [
        "rights_situations.person_id", "rights_screenings.person_id", "rights_findings.person_id", "aid_applications.person_id", "vouchers.person_id",
    ]

    func reassign(from source: UUID, to target: UUID, on tx: any Database) async throws {
        let sql = tx as! any SQLDatabase
        // The merged file keeps its own situation if it has one; otherwise it takes the source's.
        struct Row: Decodable { let person_id: UUID }
        let targetHas =
            try await sql.select().column("person_id").from("rights_situations").where("person_id", .equal, SQLBind(target))
            .first(decoding: Row.self) != nil
        if targetHas {
            try await sql.delete(from: "rights_situations").where("person_id", .equal, SQLBind(source)).run()
        } else {
            try await sql.update("rights_situations").set("person_id", to: SQLBind(target)).where("person_id", .equal, SQLBind(source)).run()
        }
        try await sql.update("rights_screenings").set("person_id", to: SQLBind(target)).where("person_id", .equal, SQLBind(source)).run()
        // A finding both files have for the same benefit and month is kept once (the target's).
        try await sql.raw(
            """
            DELETE FROM rights_findings WHERE person_id = \(bind: source) AND EXISTS (SELECT 1 FROM rights_findings t
            WHERE t.person_id = \(bind: target) AND t.benefit = rights_findings.benefit AND t.period = rights_findings.period)
            """
        ).run()
        try await sql.update("rights_findings").set("person_id", to: SQLBind(target)).where("person_id", .equal, SQLBind(source)).run()
        try await sql.update("aid_applications").set("person_id", to: SQLBind(target)).where("person_id", .equal, SQLBind(source)).run()
        try await sql.update("vouchers").set("person_id", to: SQLBind(target)).where("person_id", .equal, SQLBind(source)).run()
    }

    func sections(personId: UUID, on db: any Database) async throws -> [PersonDataSection] {
        let sql = db as! any SQLDatabase
        var items: [PersonDataSection.Item] = []
        struct Situation: Decodable { let situation: String, updated_at: Date }
        if let row = try await sql.select().columns("situation", "updated_at").from("rights_situations").where("person_id", .equal, SQLBind(personId))
            .first(decoding: Situation.self), let situation = try? RightsRepository.decode(HouseholdSituation.self, row.situation)
        {
            items.append(
                .init(
                    date: row.updated_at, summary: "Situation du foyer",
                    details: [
                        .init("Personnes", "\(situation.members.count)"), .init("Logement", situation.housing.status.label),
                        .init("Commune", situation.housing.commune),
                        .init("Prestations déjà perçues", situation.receives.map(\.shortLabel).joined(separator: ", ")),
                    ]
                        + situation.members.enumerated().map { index, member in
                            .init(
                                "\(member.role.label) \(index + 1)",
                                IncomeKind.allCases.filter { member.income($0) > 0 }.map {
                                    "\($0.label) \(FrenchMoney.text(cents: FrenchMoney.cents(member.income($0)) ?? 0))"
                                }
                                .joined(separator: ", "))
                        }))
        }
        struct Screening: Decodable { let results: String, screened_at: Date }
        for row in try await sql.select().columns("results", "screened_at").from("rights_screenings").where("person_id", .equal, SQLBind(personId))
            .orderBy("screened_at").all(decoding: Screening.self)
        {
            guard let result = try? RightsRepository.decode(ScreeningResult.self, row.results) else { continue }
            items.append(
                .init(
                    date: row.screened_at, summary: "Étude des droits pour \(result.period.label)",
                    details: result.benefits.map { .init($0.benefit.shortLabel, $0.amountText) }))
        }
        let findings = try await RightsRepository.FindingRow.all(personId: personId, on: sql)
        items += findings.map {
            .init(
                date: $0.createdAt, summary: "Droit probablement non demandé : \($0.benefit.shortLabel)",
                details: [.init("Montant estimé", FrenchMoney.text(cents: $0.monthlyCents)), .init("Suivi", $0.outcome.label)]
                    + ($0.note.isEmpty ? [] : [.init("Note", $0.note)]))
        }
        items += try await aidItems(personId: personId, on: sql)
        struct Voucher: Decodable { let category: String, value_cents: Int, issued_at: Date, expires_on: String, redeemed_at: Date? }
        for voucher in try await sql.select().columns("category", "value_cents", "issued_at", "expires_on", "redeemed_at").from("vouchers")
            .where("person_id", .equal, SQLBind(personId)).orderBy("issued_at").all(decoding: Voucher.self)
        {
            items.append(
                .init(
                    date: voucher.issued_at, summary: "Bon santé : \(VoucherCategory(rawValue: voucher.category)?.label ?? voucher.category)",
                    details: [
                        .init("Valeur", FrenchMoney.text(cents: voucher.value_cents)), .init("Valable jusqu'au", voucher.expires_on),
                        .init("Utilisé", voucher.redeemed_at == nil ? "non" : "oui"),
                    ]))
        }
        return items.isEmpty ? [] : [.init(module: "rights", title: "Accès aux droits", items: items)]
    }

    /// Resources and housing identify a household: they go. Screenings and findings keep their
    /// benefit, month and outcome for the statistics; notes are erased.
    func anonymise(personId: UUID, now: Date, on tx: any Database) async throws {
        let sql = tx as! any SQLDatabase
        try await sql.delete(from: "rights_situations").where("person_id", .equal, SQLBind(personId)).run()
        try await sql.update("rights_findings").set("note", to: SQLBind(PersonData.erased)).where("person_id", .equal, SQLBind(personId))
            .where("note", .notEqual, SQLBind("")).run()
        // The reasons written about the household go; kinds, amounts and dates stay for the budget.
        try await sql.update("aid_applications").set("reason", to: SQLBind(PersonData.erased)).where("person_id", .equal, SQLBind(personId)).run()
        try await sql.raw(
            """
            UPDATE aid_decisions SET reason = \(bind: PersonData.erased) WHERE reason <> '' AND application_id IN
            (SELECT id FROM aid_applications WHERE person_id = \(bind: personId))
            """
        ).run()
        // An open follow-up for someone no longer identifiable cannot be done.
        try await sql.update("rights_findings").set("outcome", to: SQLBind(FindingOutcome.declined.rawValue)).set("closed_at", to: SQLBind(now))
            .where("person_id", .equal, SQLBind(personId)).where("outcome", .equal, SQLBind(FindingOutcome.open.rawValue)).run()
    }
}

extension RightsPersonData {
    /// Each application with what the instruction computed, every decision and every payment.
    func aidItems(personId: UUID, on sql: any SQLDatabase) async throws -> [PersonDataSection.Item] {
        struct Application: Decodable {
            let id: UUID, kind: String, requested_cents: Int, reason: String, daily_cents: Int, status: String, created_at: Date
        }
        struct Decision: Decodable { let application_id: UUID, decision: String, amount_cents: Int?, reason: String, decided_at: Date }
        struct Payment: Decodable { let application_id: UUID, amount_cents: Int, payee: String, creditor: String, paid_on: String, created_at: Date }
        let applications = try await sql.select().columns("id", "kind", "requested_cents", "reason", "daily_cents", "status", "created_at")
            .from("aid_applications").where("person_id", .equal, SQLBind(personId)).orderBy("created_at").all(decoding: Application.self)
        guard !applications.isEmpty else { return [] }
        let ids = SQLBind.group(applications.map(\.id))
        let decisions = try await sql.select().columns("application_id", "decision", "amount_cents", "reason", "decided_at").from("aid_decisions")
            .where("application_id", .in, ids).orderBy("decided_at").all(decoding: Decision.self)
        let payments = try await sql.select().columns("application_id", "amount_cents", "payee", "creditor", "paid_on", "created_at").from("aid_payments")
            .where("application_id", .in, ids).orderBy("paid_on").all(decoding: Payment.self)
        var items: [PersonDataSection.Item] = []
        for application in applications {
            let kind = AidKind(rawValue: application.kind)?.label ?? application.kind
            items.append(
                .init(
                    date: application.created_at, summary: "Demande d'aide facultative : \(kind)",
                    details: [
                        .init("Montant demandé", FrenchMoney.text(cents: application.requested_cents)), .init("Motif", application.reason),
                        .init("Reste à vivre par jour et par unité", FrenchMoney.text(cents: application.daily_cents)),
                        .init("État", AidStatus(rawValue: application.status)?.label ?? application.status),
                    ]))
            items += decisions.filter { $0.application_id == application.id }.map {
                .init(
                    date: $0.decided_at, summary: "Décision de la commission (\(kind)) : \(AidDecision(rawValue: $0.decision)?.label ?? $0.decision)",
                    details: ($0.amount_cents.map { [.init("Montant accordé", FrenchMoney.text(cents: $0))] } ?? [])
                        + ($0.reason.isEmpty ? [] : [.init("Motif", $0.reason)]))
            }
            items += payments.filter { $0.application_id == application.id }.map {
                .init(
                    date: $0.created_at, summary: "Paiement de l'aide (\(kind)) le \($0.paid_on)",
                    details: [
                        .init("Montant", FrenchMoney.text(cents: $0.amount_cents)), .init("Versé à", $0.payee == "creditor" ? $0.creditor : "la personne"),
                    ])
            }
        }
        return items
    }
}

extension RightsRepository.FindingRow {
    static func all(personId: UUID, on sql: any SQLDatabase) async throws -> [Finding] {
        try await sql.select().columns(RightsRepository.findingColumns).from("rights_findings").where("person_id", .equal, SQLBind(personId))
            .orderBy("created_at").all(decoding: Self.self).compactMap(\.finding)
    }
}
