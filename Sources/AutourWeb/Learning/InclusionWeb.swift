import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The inclusion audits (« 100 %-INCLUS »): the equipment and their latest scores, an equipment's
/// audits side by side with its improvement actions, the audit form on a phone, the grid, and the
/// public summary per equipment.
struct InclusionWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    var service: InclusionService { store.inclusionService }

    struct ScoreCell { let label: String, score: String }
    struct EquipmentRow { let name: String, kind: String, href: String?, auditedOn: String, scores: [ScoreCell], openActions: Int }
    struct HubBody {
        let equipment: [EquipmentRow], canEdit: Bool, publicPage: String, values: [String: String], errors: [String: String], summary: String?
        let notice: String?
    }

    struct CompareRow { let dimension: String, scores: [String] }
    struct ActionRow { let text: String, owner: String, due: String, criterion: String, closed: String? }
    struct EquipmentBody {
        let id: String, name: String, kind: String, address: String, audits: [String], rows: [CompareRow], open: [ActionRow], closed: [ActionRow]
        let criteria: [Option], canAudit: Bool, values: [String: String], errors: [String: String], summary: String?, notice: String?
        let today: String
    }

    struct AnswerChoice { let value: String, label: String, checked: Bool }
    struct CriterionField { let field: String, text: String, choices: [AnswerChoice], note: String, error: String? }
    struct DimensionGroup { let title: String, criteria: [CriterionField] }
    struct AuditBody {
        let id: String, name: String, groups: [DimensionGroup], values: [String: String], errors: [String: String], summary: String?
    }

    struct GridRow { let id: String, text: String }
    struct GridGroup { let title: String, rows: [GridRow] }
    struct GridBody { let groups: [GridGroup], dimensions: [Option], errors: [String: String], summary: String?, notice: String? }

    struct PublicBody { let territoryName: String, equipment: [EquipmentRow], empty: Bool }

    static func row(_ summary: InclusionService.Summary, href: String?) -> EquipmentRow {
        EquipmentRow(
            name: summary.equipment.name, kind: summary.equipment.kind, href: href,
            auditedOn: summary.auditedOn.flatMap(FrenchFormat.day) ?? "pas encore audité",
            scores: InclusionDimension.allCases.map { ScoreCell(label: $0.label, score: summary.scores[$0].map { "\($0) %" } ?? "—") },
            openActions: summary.openActions)
    }

    func addPublicRoutes(to router: Router<AppContext>) {
        router.get("/inclusion-publique/{slug}") { _, context in
            let territory = try await context.territory(from: store)
            let summaries = try await service.summaries(territoryId: territory.id)
            let body = PublicBody(territoryName: territory.name, equipment: summaries.map { Self.row($0, href: nil) }, empty: summaries.isEmpty)
            return renderer.page(
                "inclusion_public", title: "Des lieux publics pour tout le monde", body: body, path: Page.inclusionPublic(slug: territory.slug).path,
                viewer: context)
        }
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/inclusion") { request, context in try await hub(request, context, values: [:], error: nil) }
        web.post("/inclusion/equipements") { request, context in
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let id = try await service.addEquipment(
                    name: form.text("name"), kind: form.text("kind"), address: form.text("address"), actor: context.actor)
                return Response.redirect(to: .equipment(id), ok: "ajoute")
            } reshow: { error in
                try await hub(request, context, values: form.values, error: error)
            }
        }
        web.get("/inclusion/equipements/{id}") { request, context in
            try await equipment(request, context, id: try context.pathID(), values: [:], error: nil)
        }
        web.post("/inclusion/equipements/{id}/actions") { request, context in
            let id = try context.pathID()
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                guard let criterion = UUID(uuidString: form.text("criterion")) else {
                    throw AutourError.invalid("Action à corriger.", fields: ["criterion": "Choisissez le critère."])
                }
                try await service.addAction(
                    equipmentId: id, criterionId: criterion, text: form.text("text"), owner: form.text("owner"), dueOn: form.text("dueOn"),
                    actor: context.actor)
                return Response.redirect(to: .equipment(id), ok: "action", anchor: "actions")
            } reshow: { error in
                try await equipment(request, context, id: id, values: form.values, error: error)
            }
        }
        web.get("/inclusion/equipements/{id}/audit") { _, context in
            try await auditForm(context, id: try context.pathID(), values: ["auditedOn": FrenchTime.day(clock.now())], error: nil)
        }
        web.post("/inclusion/equipements/{id}/audit") { request, context in
            let id = try context.pathID()
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                var answers: [UUID: (AuditAnswer, String)] = [:]
                for (key, value) in form.values where key.hasPrefix("c") {
                    guard let criterion = UUID(uuidString: String(key.dropFirst())), let answer = AuditAnswer(rawValue: value) else { continue }
                    answers[criterion] = (answer, form.text("n\(criterion.uuidString)"))
                }
                let closed = try await service.recordAudit(
                    equipmentId: id, auditedOn: form.text("auditedOn"), auditors: form.text("auditors"), answers: answers, actor: context.actor)
                return Response.redirect(to: .equipment(id), ok: "audit", query: [("levees", String(closed))])
            } reshow: { error in
                try await auditForm(context, id: id, values: form.values, error: error)
            }
        }
        web.get("/inclusion/grille") { request, context in try await grid(request, context, error: nil) }
        web.post("/inclusion/grille") { request, context in
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                try await service.addCriterion(dimension: form.text("dimension"), text: form.text("text"), actor: context.actor)
                return Response.redirect(to: .auditGrid, ok: "ajoute")
            } reshow: { error in
                try await grid(request, context, error: error)
            }
        }
        web.post("/inclusion/grille/{id}/retirer") { _, context in
            try await service.removeCriterion(id: try context.pathID(), actor: context.actor)
            return Response.redirect(to: .auditGrid, ok: "retire")
        }
    }

    private func hub(_ request: Request, _ context: SignedInContext, values: [String: String], error: AutourError?) async throws -> Response {
        try Permissions.require(context.actor, .viewInclusion)
        let summaries = try await service.summaries(territoryId: context.actor.territoryId)
        let body = HubBody(
            equipment: summaries.map { Self.row($0, href: Page.equipment($0.equipment.id).path) },
            canEdit: Permissions.can(context.actor, .editAuditGrid), publicPage: Page.inclusionPublic(slug: context.territory.slug).path,
            values: values, errors: error?.fields ?? [:], summary: error?.summary,
            notice: request.uri.queryParameters["ok"] != nil ? "Enregistré." : nil)
        return renderer.page(
            "inclusion", title: "Audits d'inclusion", body: body, path: Page.inclusion.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    private func equipment(_ request: Request, _ context: SignedInContext, id: UUID, values: [String: String], error: AutourError?) async throws
        -> Response
    {
        let equipment = try await service.equipment(id: id, actor: context.actor)
        let audits = try await service.audits(equipment: equipment, actor: context.actor)
        let actions = try await service.actions(equipment: equipment, actor: context.actor)
        // Criteria removed from the grid since stay readable in older audits.
        let grid = try await store.inclusion.allCriteria(territoryId: context.actor.territoryId)
        let texts = Dictionary(uniqueKeysWithValues: grid.map { ($0.id, $0.text) })
        let scores = audits.map { InclusionRules.scores($0.answers, criteria: grid) }
        let latest = audits.last
        let query = request.uri.queryParameters
        let notice: String? =
            switch query["ok"] {
            case "ajoute": "Équipement ajouté : il attend son premier audit."
            case "audit": "Audit enregistré. Actions levées par cet audit : \(query["levees"] ?? "0")."
            case "action": "Action ajoutée."
            default: nil
            }
        func row(_ action: InclusionRepository.Action) -> ActionRow {
            ActionRow(
                text: action.text, owner: action.owner, due: FrenchFormat.day(action.dueOn) ?? action.dueOn, criterion: texts[action.criterionId] ?? "",
                closed: action.closedOn.map { "levée par l'audit du \(FrenchFormat.day($0) ?? $0)" })
        }
        let body = EquipmentBody(
            id: Page.segment(id), name: equipment.name, kind: equipment.kind, address: equipment.address,
            audits: audits.map { "\(FrenchFormat.day($0.auditedOn) ?? $0.auditedOn) (\($0.auditors))" },
            rows: InclusionDimension.allCases.map { dimension in
                CompareRow(dimension: dimension.label, scores: scores.map { $0[dimension].map { "\($0) %" } ?? "—" })
            },
            open: actions.filter { $0.closedOn == nil }.map(row), closed: actions.filter { $0.closedOn != nil }.map(row),
            criteria: grid.filter { latest?.answers[$0.id] == .notMet || latest?.answers[$0.id] == .partly }.map {
                Option(value: $0.id.uuidString, label: "\($0.dimension.label) — \($0.text)", selected: values["criterion"] == $0.id.uuidString)
            },
            canAudit: Permissions.can(context.actor, .runAudits), values: values, errors: error?.fields ?? [:], summary: error?.summary,
            notice: notice, today: FrenchTime.day(clock.now()))
        return renderer.page(
            "inclusion_equipment", title: equipment.name, body: body, path: Page.equipment(id).path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    private func auditForm(_ context: SignedInContext, id: UUID, values: [String: String], error: AutourError?) async throws -> Response {
        try Permissions.require(context.actor, .runAudits)
        let equipment = try await service.equipment(id: id, actor: context.actor)
        let grid = try await service.grid(actor: context.actor)
        let errors = error?.fields ?? [:]
        let groups = InclusionDimension.allCases.compactMap { dimension -> DimensionGroup? in
            let criteria = grid.filter { $0.dimension == dimension }.map { criterion in
                let field = criterion.id.uuidString
                return CriterionField(
                    field: field, text: criterion.text,
                    choices: AuditAnswer.allCases.map { AnswerChoice(value: $0.rawValue, label: $0.label, checked: values["c" + field] == $0.rawValue) },
                    note: values["n" + field] ?? "", error: errors["c" + field])
            }
            return criteria.isEmpty ? nil : DimensionGroup(title: dimension.label, criteria: criteria)
        }
        let body = AuditBody(id: Page.segment(id), name: equipment.name, groups: groups, values: values, errors: errors, summary: error?.summary)
        return renderer.page(
            "inclusion_audit", title: "Audit — \(equipment.name)", body: body, path: Page.equipmentAudit(id).path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    private func grid(_ request: Request, _ context: SignedInContext, error: AutourError?) async throws -> Response {
        try Permissions.require(context.actor, .editAuditGrid)
        let grid = try await service.grid(actor: context.actor)
        let body = GridBody(
            groups: InclusionDimension.allCases.map { dimension in
                GridGroup(
                    title: dimension.label,
                    rows: grid.filter { $0.dimension == dimension }.map { GridRow(id: $0.id.uuidString.lowercased(), text: $0.text) })
            },
            dimensions: InclusionDimension.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: false) },
            errors: error?.fields ?? [:], summary: error?.summary,
            notice: request.uri.queryParameters["ok"] == "retire"
                ? "Critère retiré de la grille (les audits passés gardent leur réponse)."
                : request.uri.queryParameters["ok"] != nil ? "Critère ajouté." : nil)
        return renderer.page(
            "inclusion_grid", title: "Grille d'audit", body: body, path: Page.auditGrid.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }
}
