import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The two printed documents of a commission: the minutes and the letter notifying each decision.
extension AidWeb {
    // MARK: Printed documents

    /// Initials only: the minutes circulate among the commission's members.
    static func initials(_ person: Person?) -> String {
        guard let person, person.erasedAt == nil else { return "Personne anonymisée" }
        return [person.firstName, person.lastName].compactMap { $0.first.map { "\($0)." } }.joined(separator: " ")
    }

    func minutes(_ id: UUID, context: SignedInContext) async throws -> Response {
        let (commission, decided, waiting) = try await service.commission(id: id, actor: context.actor)
        let people = try await store.people.find(ids: Set(decided.map(\.application.personId)), territoryId: context.actor.territoryId)
        let date = FrenchFormat.day(commission.meetsOn) ?? commission.meetsOn
        let lines = decided.enumerated().map { index, item in
            let amount = item.amountCents.map { " : \(FrenchMoney.text(cents: $0))" } ?? ""
            let reason = item.reason.isEmpty ? "" : " — \(item.reason)"
            return "\(index + 1). \(Self.initials(people[item.application.personId])), \(item.application.input.kind.label), "
                + "demande de \(FrenchMoney.text(cents: item.application.input.requestedCents)) — \(item.decision.label.lowercased())\(amount)\(reason)"
        }
        let granted = decided.filter { $0.decision == .granted }
        let totals = AidKind.allCases.compactMap { kind -> String? in
            let items = granted.filter { $0.application.input.kind == kind }
            guard !items.isEmpty else { return nil }
            return "\(kind.label) : \(items.count) aide(s) accordée(s), \(FrenchMoney.text(cents: items.reduce(0) { $0 + ($1.amountCents ?? 0) }))"
        }
        let observations = commission.minutes.components(separatedBy: .newlines).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let body = PrintableDocument(
            title: "\(commission.isOpen ? "Projet de procès-verbal" : "Procès-verbal") — commission des aides facultatives du \(date)",
            sections: [
                .init(
                    heading: "La séance",
                    lines: [
                        "\(context.territory.name), commission des aides facultatives réunie le \(date).",
                        "\(decided.count) demande(s) examinée(s) : \(granted.count) accordée(s), \(decided.filter { $0.decision == .refused }.count) refusée(s), "
                            + "\(decided.filter { $0.decision == .postponed }.count) ajournée(s)."
                            + (waiting.isEmpty ? "" : " \(waiting.count) demande(s) encore sans décision."),
                    ]),
                .init(heading: "Les décisions", lines: lines.isEmpty ? ["Aucune décision."] : lines),
                .init(heading: "Montants accordés par type d'aide", lines: totals.isEmpty ? ["Aucune aide accordée."] : totals),
                .init(
                    heading: "Observations",
                    lines: observations.isEmpty ? ["Aucune observation."] : observations),
                .init(heading: "Signatures", lines: ["Le président de la commission :", "Le secrétaire de séance :"]),
            ], back: Page.aidCommission(id).path)
        return renderer.page("document", title: body.title, body: body, path: Page.aid.path, viewer: context)
    }

    func letter(_ id: UUID, context: SignedInContext) async throws -> Response {
        let decided = try await service.decision(id: id, actor: context.actor)
        let application = decided.application
        let person = try await store.people.find(id: application.personId, territoryId: context.actor.territoryId)
        let commission = try await service.commission(id: decided.commissionId, actor: context.actor).commission
        let date = FrenchFormat.day(commission.meetsOn) ?? commission.meetsOn
        let kind = application.input.kind.label
        var decision: [String]
        switch decided.decision {
        case .granted:
            decision = [
                "Réunie le \(date), la commission des aides facultatives vous accorde une aide de \(FrenchMoney.text(cents: decided.amountCents ?? 0)) "
                    + "au titre de : \(kind).",
                "Selon les cas, la somme vous est versée ou est réglée directement à votre créancier ; la personne qui suit votre demande vous dira comment.",
            ]
        case .refused:
            decision = ["Réunie le \(date), la commission des aides facultatives n'a pas pu donner une suite favorable à votre demande (\(kind))."]
        case .postponed:
            decision = [
                "Réunie le \(date), la commission des aides facultatives a reporté l'examen de votre demande (\(kind)) : elle l'étudiera de nouveau lors d'une prochaine séance."
            ]
        }
        if !decided.reason.isEmpty { decision.append("Motif : \(decided.reason)") }
        let recipient = [person?.displayName, person?.address].compactMap { $0?.nilIfEmpty }
        let body = PrintableDocument(
            title: "Notification de décision — aide facultative",
            sections: [
                .init(heading: "Destinataire", lines: recipient.isEmpty ? ["Personne anonymisée"] : recipient),
                .init(
                    heading: "Objet",
                    lines: [
                        "Votre demande d'aide (\(kind)) du \(FrenchFormat.date(application.createdAt)), d'un montant de \(FrenchMoney.text(cents: application.input.requestedCents))."
                    ]),
                .init(heading: "Décision", lines: decision),
                .init(
                    heading: "Si vous n'êtes pas d'accord",
                    lines: [
                        "Vous pouvez écrire au président du \(context.territory.name) dans les deux mois qui suivent la réception de ce courrier pour demander un nouvel examen (recours gracieux).",
                        "Vous pouvez aussi, dans le même délai, saisir le tribunal administratif.",
                    ]),
                .init(heading: "Signature", lines: ["Fait le \(FrenchFormat.date(decided.decidedAt)).", "Pour le président, par délégation :"]),
            ], back: Page.aidApplication(application.id).path)
        return renderer.page("document", title: body.title, body: body, path: Page.aid.path, viewer: context)
    }
}
