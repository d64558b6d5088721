import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// Emerging-need alerts as findings the coordinator works through: seen, then either "find
/// resource persons" (which opens the need form for that skill and place) or "not relevant" with
/// its reason. Raised by the periodic job only; reading a page changes nothing.
struct AlertsWeb {
    let store: Store
    let renderer: WebRenderer

    struct Row {
        let id: String, title: String, week: String, counts: String, raised: String
        let seen: String?, decision: String?, reason: String?, decided: String?, open: Bool
    }
    struct ListBody { let rows: [Row]; let empty: Bool }
    struct DetailBody { let alert: Row; let error: String?; let reason: String; let needHref: String }

    /// What the alert found, in one phrase (its page, its line on the home page).
    static func counts(_ alert: StoredAlert) -> String {
        "\(FrenchText.count(alert.count, "demande", "demandes")) cette semaine, environ \(FrenchText.decimal(alert.expected)) attendues"
    }

    func row(_ alert: StoredAlert, names: [UUID: String]) -> Row {
        Row(
            id: alert.id.uuidString.lowercased(), title: "\(alert.kind) à \(alert.neighbourhood)",
            week: FrenchFormat.date(alert.weekStart), counts: Self.counts(alert),
            raised: FrenchFormat.dateTime(alert.raisedAt),
            seen: alert.seenAt.map { "Vue le \(FrenchFormat.dateTime($0)) par \(alert.seenBy.flatMap { names[$0] } ?? "—")" },
            decision: alert.decision?.label, reason: alert.reason,
            decided: alert.decidedAt.map { "le \(FrenchFormat.dateTime($0)) par \(alert.decidedBy.flatMap { names[$0] } ?? "—")" },
            open: alert.decision == nil)
    }

    /// The need form for the alert's skill (when it is one) and place.
    func needHref(_ alert: StoredAlert, skills: [String]) -> String {
        Page.newNeed.url(query: [("competence", skills.first { $0 == alert.kind } ?? ""), ("quartier", alert.neighbourhood)])
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/energies/alertes") { _, context in
            try context.require(.coordinateEnergies)
            let names = try await store.accounts.list(territoryId: context.actor.territoryId).namesById
            let rows = try await store.alerts.list(territoryId: context.actor.territoryId).map { row($0, names: names) }
            return renderer.page(
                "energies_alerts", title: "Besoins émergents", body: ListBody(rows: rows, empty: rows.isEmpty),
                path: Page.energies.path, viewer: context)
        }
        web.get("/energies/alertes/{id}") { _, context in
            try await detail(try await alert(context), context: context, error: nil, reason: "")
        }
        web.post("/energies/alertes/{id}/vue") { _, context in
            let alert = try await alert(context)
            _ = try await store.alerts.acknowledge(alert.id, actor: context.actor)
            return Response.redirect(to: .alert(alert.id))
        }
        web.post("/energies/alertes/{id}/chercher") { _, context in
            let alert = try await alert(context)
            let decided = try await store.alerts.decide(alert.id, .findResources, reason: "", actor: context.actor)
            return Response.seeOther(needHref(decided, skills: try await store.energies.skills(territoryId: context.actor.territoryId)))
        }
        web.post("/energies/alertes/{id}/sans-objet") { request, context in
            let alert = try await alert(context)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                _ = try await store.alerts.decide(alert.id, .notRelevant, reason: form.text("reason"), actor: context.actor)
                return Response.redirect(to: .alert(alert.id))
            } reshow: { error in
                return try await detail(alert, context: context, error: error.fields["reason"] ?? error.message, reason: form.text("reason"))
            }
        }
    }

    func alert(_ context: SignedInContext) async throws -> StoredAlert {
        try context.require(.coordinateEnergies)
        guard let id = context.parameters.get("id", as: UUID.self),
            let alert = try await store.alerts.find(id: id, territoryId: context.actor.territoryId)
        else { throw AutourError.notFound }
        return alert
    }

    func detail(_ alert: StoredAlert, context: SignedInContext, error: String?, reason: String) async throws -> Response {
        let names = try await store.accounts.list(territoryId: context.actor.territoryId).namesById
        let skills = try await store.energies.skills(territoryId: context.actor.territoryId)
        let body = DetailBody(alert: row(alert, names: names), error: error, reason: reason, needHref: needHref(alert, skills: skills))
        return renderer.page(
            "energies_alert", title: "Besoin émergent", body: body, path: Page.energies.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }
}
