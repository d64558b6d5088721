import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The « Haute qualité sociale et éthique » label: applications with their evidence, the audit
/// article by article by parliament members, the published decision, withdrawal, and the public
/// catalogue with its map.
struct LabelsWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    var service: AdvocacyService { store.advocacyService }

    struct ApplicationRow { let name: String, kind: String, date: String, status: String, href: String }
    struct CriterionField { let article: Int, title: String, value: String, error: String? }
    struct ListBody {
        let rows: [ApplicationRow], canApply: Bool, partner: Bool, criteria: [CriterionField], version: Int, kinds: [Option], communes: [Option]
        let structures: [Option]
        let values: [String: String], errors: [String: String], summary: String?, notice: String?, publicHref: String
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/plaidoyer/labels") { request, context in
            try await list(context, values: [:], error: nil, notice: request.uri.queryParameters["ok"] == "candidature" ? "Candidature déposée." : nil)
        }
        web.post("/plaidoyer/labels") { request, context in
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let criteria = try await service.currentCriteria(territoryId: context.actor.territoryId).criteria
                let id = try await service.apply(
                    LabelActorInput(
                        name: form.text("name"), kind: form.text("kind"), commune: form.text("commune"), address: form.text("address"),
                        structureId: form.text("structureId"),
                        evidence: Dictionary(uniqueKeysWithValues: criteria.map { ($0.article, form.text("evidence\($0.article)")) })),
                    territory: context.territory, actor: context.actor)
                return Response.redirect(to: .labelApplication(id), ok: "candidature")
            } reshow: { error in
                try await list(context, values: form.values, error: error, notice: nil)
            }
        }
        web.get("/plaidoyer/labels/{id}") { request, context in
            try await application(try context.pathID(), context, values: [:], error: nil, notice: Self.notice(request))
        }
        func act(_ path: String, ok: String, _ body: @escaping @Sendable (UUID, FormData, SignedInContext) async throws -> Void) {
            web.post("/plaidoyer/labels/{id}/\(path)") { request, context in
                let id = try context.pathID()
                let form = try await FormData.read(request, context: context)
                return try await FormData.submit {
                    try await body(id, form, context)
                    return Response.redirect(to: .labelApplication(id), ok: ok)
                } reshow: { error in
                    try await application(id, context, values: form.values, error: error, notice: nil)
                }
            }
        }
        act("audit", ok: "audit") { id, form, context in
            let article = try form.integer("article", in: 1...999)
            try await service.assess(
                applicationId: id, article: article, met: form.text("met\(article)") == "yes", comment: form.text("comment\(article)"),
                memberId: UUID(uuidString: form.text("memberId\(article)")), actor: context.actor)
        }
        act("decision", ok: "decision") { id, form, context in
            try await service.decide(
                applicationId: id, decision: form.text("decision"), justification: form.text("justification"), conditions: form.text("conditions"),
                actor: context.actor)
        }
        act("retrait", ok: "retrait") { id, form, context in
            try await service.withdraw(applicationId: id, reason: form.text("reason"), actor: context.actor)
        }
    }

    static func notice(_ request: Request) -> String? {
        switch request.uri.queryParameters["ok"] {
        case "candidature": "Candidature déposée : les auditeur·rices du parlement l'examinent article par article."
        case "audit": "Constat enregistré."
        case "decision": "Décision publiée avec sa justification."
        case "retrait": "Label retiré : le motif est publié."
        default: nil
        }
    }

    private func list(_ context: SignedInContext, values: [String: String], error: AutourError?, notice: String?) async throws -> Response {
        let actor = context.actor
        let applications = try await service.applications(actor: actor)
        let actors = Dictionary(uniqueKeysWithValues: try await service.actors(territoryId: actor.territoryId).map { ($0.id, $0) })
        let now = clock.now()
        let (version, criteria) = try await service.currentCriteria(territoryId: actor.territoryId)
        let communes = try await store.basins.communes(codes: context.territory.communes)
        let errors = error?.fields ?? [:]
        let body = ListBody(
            rows: applications.map {
                ApplicationRow(
                    name: actors[$0.actorId]?.name ?? "—", kind: actors[$0.actorId]?.kind.label ?? "", date: FrenchFormat.date($0.submittedAt),
                    status: LabelRules.status($0, now: now).label, href: Page.labelApplication($0.id).path)
            }, canApply: Permissions.can(actor, .applyForLabel) && !criteria.isEmpty,
            partner: actor.has(.partner) && !Permissions.can(actor, .runParliament),
            criteria: criteria.map {
                CriterionField(article: $0.article, title: $0.title, value: values["evidence\($0.article)"] ?? "", error: errors["evidence\($0.article)"])
            }, version: version,
            kinds: LabelActorKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: (values["kind"] ?? "company") == $0.rawValue) },
            communes: context.territory.communes.map { Option(value: $0, label: communes[$0]?.name ?? $0, selected: values["commune"] == $0) },
            structures: [Option(value: "", label: "Aucune", selected: (values["structureId"] ?? "").isEmpty)]
                + (try await service.structures(territoryId: actor.territoryId)).sorted { $0.value < $1.value }.map {
                    Option(value: $0.key, label: $0.value, selected: values["structureId"] == $0.key)
                },
            values: values, errors: errors, summary: error?.summary, notice: notice, publicHref: Page.publicLabels(slug: context.territory.slug).path)
        return renderer.page(
            "advocacy_labels", title: "Le label « Haute qualité sociale et éthique »", body: body, path: Page.labels.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    struct AssessmentView { let auditor: String, met: Bool, comment: String }
    struct CriterionView {
        let article: Int, title: String, evidence: String, assessments: [AssessmentView], verdict: String, mayAssess: Bool, comment: String
        let error: String?
    }
    struct ApplicationBody {
        let id: String, name: String, kind: String, address: String, commune: String, status: String, version: Int, criteria: [CriterionView]
        let officer: Bool, auditors: [Option], whyNotAudit: String?, canDecide: Bool, decisions: [Option], decided: Bool, decision: String?
        let justification: String?, conditions: String?, expires: String?, withdrawn: String?, withdrawReason: String?, canWithdraw: Bool
        let values: [String: String], errors: [String: String], summary: String?, notice: String?
    }

    private func application(_ id: UUID, _ context: SignedInContext, values: [String: String], error: AutourError?, notice: String?) async throws
        -> Response
    {
        let actor = context.actor
        let application = try await service.application(id: id, actor: actor)
        let labelActor = try await service.actors(territoryId: actor.territoryId).first { $0.id == application.actorId }
        let assessments = try await service.assessments(applicationId: id, actor: actor)
        let officer = Permissions.can(actor, .runParliament)
        let audit = try await service.auditStanding(application, actor: actor)
        let open = application.decision == nil
        let status = LabelRules.status(application, now: clock.now())
        let errors = error?.fields ?? [:]
        let commune = try await store.basins.communes(codes: [labelActor?.commune ?? ""])
        let body = ApplicationBody(
            id: id.uuidString.lowercased(), name: labelActor?.name ?? "—", kind: labelActor?.kind.label ?? "", address: labelActor?.address ?? "",
            commune: labelActor.flatMap { commune[$0.commune]?.name } ?? labelActor?.commune ?? "", status: status.label,
            version: application.charterVersion,
            criteria: application.criteria.map { criterion in
                let mine = assessments.filter { $0.article == criterion.article }
                let verdict =
                    switch LabelRules.met(criterion.article, assessments) {
                    case nil: "pas encore audité"
                    case true?: "respecté"
                    case false?: "pas respecté"
                    }
                return CriterionView(
                    article: criterion.article, title: criterion.title, evidence: application.evidence[criterion.article] ?? "",
                    assessments: mine.map { AssessmentView(auditor: $0.auditor, met: $0.met, comment: $0.comment) }, verdict: verdict,
                    mayAssess: audit.allowed, comment: values["comment\(criterion.article)"] ?? "", error: errors["comment\(criterion.article)"])
            }, officer: officer,
            auditors: officer
                ? try await service.members(actor: actor).filter(\.maySit).map { Option(value: $0.id.uuidString, label: $0.name, selected: false) } : [],
            whyNotAudit: audit.reason,
            canDecide: open && Permissions.can(actor, .decideLabels),
            decisions: LabelDecision.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: values["decision"] == $0.rawValue) },
            decided: !open, decision: application.decision?.label, justification: application.justification.nilIfEmpty,
            conditions: application.conditions.nilIfEmpty, expires: application.expiresAt.map(FrenchFormat.date),
            withdrawn: application.withdrawnAt.map(FrenchFormat.date), withdrawReason: application.withdrawReason.nilIfEmpty,
            canWithdraw: status == .active && Permissions.can(actor, .decideLabels), values: values, errors: errors, summary: error?.summary,
            notice: notice)
        return renderer.page(
            "advocacy_label", title: "Candidature de \(labelActor?.name ?? "—")", body: body, path: Page.labelApplication(id).path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    // MARK: Public catalogue

    struct PublicActor {
        let name: String, kind: String, commune: String, address: String?, criteria: [String], justification: String, conditions: String?, expires: String
        /// The directory structure the actor belongs to, by name.
        let structure: String?
    }
    struct PastActor { let name: String, status: String, date: String, reason: String? }
    struct PublicBody {
        let territoryName: String, actors: [PublicActor], past: [PastActor], map: String, communes: [CommuneCount], charterHref: String
    }
    struct CommuneCount { let name: String, count: Int }

    func addPublicRoutes(to router: Router<AppContext>) {
        router.get("/acteurs-labellises/{slug}") { _, context in
            let territory = try await context.territory(from: store)
            let catalogue = try await service.catalogue(territoryId: territory.id)
            let active = catalogue.filter { $0.status == .active }
            let codes = Set(territory.communes).union(active.map(\.actor.commune))
            let communes = try await store.basins.communes(codes: codes)
            let boundaries = try await store.basins.boundaries(codes: codes)
            let perCommune = Dictionary(grouping: active, by: \.actor.commune).mapValues(\.count)
            let structures = try await service.structures(territoryId: territory.id)
            let actors = active.map { entry in
                PublicActor(
                    name: entry.actor.name, kind: entry.actor.kind.label, commune: communes[entry.actor.commune]?.name ?? entry.actor.commune,
                    address: entry.actor.address.nilIfEmpty,
                    criteria: entry.met.map { "Article \($0.article) — \($0.title)" }, justification: entry.application.justification,
                    conditions: entry.application.conditions.nilIfEmpty, expires: entry.application.expiresAt.map(FrenchFormat.date) ?? "",
                    structure: entry.actor.structureId.flatMap { structures[$0] })
            }
            let map = SVGMap(
                id: "carte-labels", title: "Où sont les acteurs labellisés",
                description:
                    "Un cercle par commune où travaillent des acteurs labellisés, d'autant plus grand qu'ils sont nombreux ; la liste qui suit donne les mêmes informations.",
                areas: boundaries.keys.sorted().map {
                    SVGMap.Area(name: communes[$0]?.name ?? $0, geometry: boundaries[$0]!, style: SVGMap.Style(fill: "#f2efe9"))
                },
                markers: perCommune.keys.sorted().compactMap { code in
                    guard let at = communes[code], let count = perCommune[code] else { return nil }
                    return SVGMap.Marker(
                        at: (at.lon, at.lat), radius: 5 + 3 * Double(count).squareRoot(), label: "\(at.name) : \(count) acteur(s) labellisé(s)")
                }
            ).render()
            let body = PublicBody(
                territoryName: territory.name, actors: actors,
                past: catalogue.filter { $0.status == .expired || $0.status == .withdrawn }.map {
                    PastActor(
                        name: $0.actor.name, status: $0.status.label,
                        date: ($0.status == .withdrawn ? $0.application.withdrawnAt : $0.application.expiresAt).map(FrenchFormat.date) ?? "",
                        reason: $0.status == .withdrawn ? $0.application.withdrawReason : nil)
                }, map: map,
                communes: perCommune.map { CommuneCount(name: communes[$0.key]?.name ?? $0.key, count: $0.value) }.sorted { $0.name < $1.name },
                charterHref: Page.publicCharter(slug: territory.slug).path)
            return renderer.page(
                "labels_public", title: "Acteurs labellisés « Haute qualité sociale et éthique »", body: body,
                path: Page.publicLabels(slug: territory.slug).path, viewer: context)
        }
    }
}
