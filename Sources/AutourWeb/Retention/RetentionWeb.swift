import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// What the retention rules will remove from the territory in the next 30 days, for the
/// coordinator (and the IT referent) to anticipate.
struct RetentionWeb {
    let retention: RetentionRepository
    let renderer: WebRenderer
    let clock: WallClock

    struct Row { let label: String; let count: String }
    struct Body { let rows: [Row]; let horizon: String; let rules: [String] }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/conservation") { _, context in
            try context.require(.manageTerritory)
            let horizon = clock.now().addingTimeInterval(30 * 86400)
            let report = try await retention.purge(now: horizon, dryRun: true, territoryId: context.actor.territoryId)
            let rows = [RetentionCategory.inactivePerson, .followUpNote, .auditEntry].map {
                Row(label: $0.label, count: String(report.counts[$0] ?? 0))
            }
            let body = Body(
                rows: rows, horizon: FrenchFormat.dateTime(horizon),
                rules: [
                    "Signalement non qualifié : supprimé après 3 mois.",
                    "Fiche sans activité : anonymisée après 24 mois (elle reste comptée dans les statistiques).",
                    "Notes de suivi : supprimées après 5 ans.",
                    "Journal d'audit : conservé 12 mois.",
                    "Consentement au registre canicule : à renouveler chaque année.",
                ])
            return renderer.page("retention", title: "Conservation des données", body: body, path: Page.retention.path, viewer: context)
        }
    }
}
