import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// Inhabitants' projects, the hub of each role: the coaches' pipeline (projects by stage, time in
/// stage, stalled ones flagged), an inhabitant's own projects and the projects to join, a partner's
/// expert requests, the elected officials' counts; the form to propose a project, the coordinator's
/// stages, and the public gallery.
struct PotentialsWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    var service: PotentialsService { store.potentialsService }

    struct Card { let title: String, href: String, neighbourhood: String, theme: String, days: Int, stalled: Bool, state: String? }
    struct Column { let name: String, count: Int, cards: [Card], stall: Int }
    struct CountRow { let label: String, count: Int }
    struct OwnRow { let title: String, href: String, role: String, stage: String }
    struct ExpertRow { let id: String, project: String, label: String, state: String, open: Bool }
    struct GalleryCard { let title: String, purpose: String, serves: String?, neighbourhood: String, theme: String, stage: String, href: String }
    struct HubBody {
        let coach: Bool, columns: [Column], others: [Card], counts: [CountRow], showCounts: Bool, own: [OwnRow], hasOwn: Bool
        let canPropose: Bool, canEditStages: Bool, experts: [ExpertRow], isPartner: Bool, galleryHref: String, gallery: [GalleryCard]
        let showGallery: Bool, stalled: Int, notice: String?, error: String?
    }

    struct FormBody {
        let values: [String: String], errors: [String: String], summary: String?, themes: [Option], scales: [Option], origins: [Option]
        let neighbourhoods: [Option], people: [Option], staff: Bool, proposing: Bool, action: String, heading: String, submit: String, back: String
    }

    struct StageField { let index: Int, id: String, name: String, entry: String, exit: String, stall: String, nameError: String?, stallError: String? }
    struct StagesBody { let stages: [StageField], summary: String?, notice: String? }

    struct PublicBody {
        let territoryName: String, cards: [GalleryCard], empty: Bool, neighbourhoods: [Option], themes: [Option], slug: String
    }

    func addPublicRoutes(to router: Router<AppContext>) {
        router.get("/projets-ouverts/{slug}") { request, context in
            let territory = try await context.territory(from: store)
            let query = request.uri.queryParameters
            let neighbourhood = query["quartier"].map(String.init)?.nilIfEmpty
            let theme = query["theme"].flatMap { ProjectTheme(rawValue: String($0)) }
            let cards = try await gallery(territoryId: territory.id, neighbourhood: neighbourhood, theme: theme)
            let body = PublicBody(
                territoryName: territory.name, cards: cards, empty: cards.isEmpty,
                neighbourhoods: [Option(value: "", label: "Tous les quartiers", selected: neighbourhood == nil)]
                    + territory.neighbourhoods.map { Option(value: $0.name, label: $0.name, selected: $0.name == neighbourhood) },
                themes: [Option(value: "", label: "Tous les thèmes", selected: theme == nil)]
                    + ProjectTheme.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == theme) },
                slug: territory.slug)
            return renderer.page(
                "potentials_gallery", title: "Des projets à rejoindre", body: body, path: Page.projectGallery(slug: territory.slug).path,
                viewer: context)
        }
    }

    func gallery(territoryId: UUID, neighbourhood: String?, theme: ProjectTheme?) async throws -> [GalleryCard] {
        let stages = Dictionary(uniqueKeysWithValues: try await store.potentials.stages(territoryId: territoryId).map { ($0.id, $0.name) })
        return try await service.gallery(territoryId: territoryId, neighbourhood: neighbourhood, theme: theme).map {
            GalleryCard(
                title: $0.title, purpose: $0.purpose, serves: $0.serves.nilIfEmpty, neighbourhood: $0.neighbourhood.nilIfEmpty ?? "Tout le territoire",
                theme: $0.theme.label, stage: stages[$0.stageId] ?? "", href: Page.project($0.id).path)
        }
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/projets") { request, context in try await hub(request, context, error: nil) }
        web.get("/projets/nouveau") { _, context in try await form(context, values: [:], error: nil) }
        web.get("/projets/{id}/modifier") { _, context in
            let project = try await service.project(id: try context.pathID(), actor: context.actor)
            let values = [
                "title": project.title, "purpose": project.purpose, "serves": project.serves, "neighbourhood": project.neighbourhood,
                "theme": project.theme.rawValue, "scale": project.scale.rawValue, "isPublic": project.isPublic ? "1" : "",
            ]
            return try await form(context, values: values, error: nil, editing: project)
        }
        web.post("/projets/{id}/modifier") { request, context in
            let project = try await service.project(id: try context.pathID(), actor: context.actor)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                try await service.update(project, with: input(form), territory: context.territory, actor: context.actor)
                return Response.redirect(to: .project(project.id), ok: "modifie")
            } reshow: { error in
                try await self.form(context, values: form.values, error: error, editing: project)
            }
        }
        web.post("/projets") { request, context in
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let id = try await service.propose(input(form), territory: context.territory, actor: context.actor)
                return Response.redirect(to: .project(id), ok: "propose")
            } reshow: { error in
                try await self.form(context, values: form.values, error: error)
            }
        }
        web.get("/projets/etapes") { request, context in
            try await stages(context, edits: nil, error: nil, notice: request.uri.queryParameters["ok"] == "enregistre" ? "Parcours enregistré." : nil)
        }
        web.post("/projets/etapes") { request, context in
            let form = try await FormData.read(request, context: context)
            let count = try await service.stages(actor: context.actor).count
            let edits = (0...count).map { index in
                ProjectStageEdit(
                    id: UUID(uuidString: form.text("id\(index)")), name: form.text("name\(index)"), entry: form.values["entry\(index)"] ?? "",
                    exit: form.values["exit\(index)"] ?? "", stallDays: form.text("stall\(index)"), remove: form["remove\(index)"] != nil)
            }
            return try await FormData.submit {
                try await service.saveStages(edits, actor: context.actor)
                return Response.redirect(to: .projectStages, ok: "enregistre")
            } reshow: { error in
                try await stages(context, edits: edits, error: error, notice: nil)
            }
        }
        web.post("/projets/expertises/{id}") { request, context in
            let form = try await FormData.read(request, context: context)
            do {
                try await service.answerExpert(
                    needId: try context.pathID(), accepted: form.text("decision") == "accept", answer: form.text("answer"), actor: context.actor)
                return Response.redirect(to: .projects, ok: "repondu")
            } catch AutourError.invalid(let message, _) {
                return try await hub(request, context, error: message, status: .unprocessableContent)
            }
        }
    }

    private func input(_ form: FormData) -> ProjectInput {
        ProjectInput(
            title: form.text("title"), purpose: form.text("purpose"), serves: form.text("serves"), neighbourhood: form.text("neighbourhood"),
            theme: form.text("theme"), scale: form.text("scale"), origin: form.text("origin"), isPublic: form["isPublic"] != nil,
            carriers: [form.text("carrier"), form.text("carrier2")].compactMap { UUID(uuidString: $0) })
    }

    private func hub(_ request: Request, _ context: SignedInContext, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = context.actor
        try Permissions.require(actor, .viewProjects)
        let now = clock.now()
        let coach = Permissions.can(actor, .coachProjects)
        let stages = try await service.stages(actor: actor)
        var columns: [Column] = [], others: [Card] = [], stalled = 0
        if coach {
            let projects = try await service.pipeline(actor: actor)
            func card(_ project: Project) -> Card {
                let isStalled = ProjectRules.isStalled(project, stages: stages, now: now)
                if isStalled { stalled += 1 }
                return Card(
                    title: project.title, href: Page.project(project.id).path, neighbourhood: project.neighbourhood.nilIfEmpty ?? "Tout le territoire",
                    theme: project.theme.label, days: ProjectRules.daysInStage(project, now: now), stalled: isStalled,
                    state: project.state == .active ? nil : project.state.label)
            }
            columns = stages.map { stage in
                let cards = projects.filter { $0.stageId == stage.id && $0.state == .active }.map(card)
                    .sorted { $0.days > $1.days }
                return Column(name: stage.name, count: cards.count, cards: cards, stall: stage.stallDays)
            }
            others = projects.filter { $0.state != .active }.map(card)
        }
        var counts: [CountRow] = []
        let showCounts = Permissions.can(actor, .viewIndicators) && !coach
        if showCounts {
            let figures = try await service.counts(actor: actor)
            counts =
                figures.byStage.map { CountRow(label: $0.stage, count: $0.count) } + [
                    CountRow(label: "En pause", count: figures.paused), CountRow(label: "Arrêtés", count: figures.stopped),
                    CountRow(label: "Dont en retard sur leur étape", count: figures.stalled),
                ]
        }
        let stageNames = Dictionary(uniqueKeysWithValues: stages.map { ($0.id, $0.name) })
        let own = try await service.ownProjects(actor: actor).map {
            OwnRow(title: $0.project.title, href: Page.project($0.project.id).path, role: $0.role.label, stage: stageNames[$0.project.stageId] ?? "")
        }
        let isPartner = actor.has(.partner) && !coach
        let experts =
            isPartner
            ? try await service.expertRequests(actor: actor).map {
                ExpertRow(
                    id: $0.need.id.uuidString, project: $0.project, label: $0.need.label,
                    state: ($0.need.expert ?? .asked).label + ($0.need.answer.isEmpty ? "" : " : \($0.need.answer)"),
                    open: ($0.need.expert ?? .asked) == .asked)
            } : []
        let showGallery = actor.has(.volunteer) && !coach
        let notice: String? =
            switch request.uri.queryParameters["ok"] {
            case "repondu": "Réponse envoyée au projet."
            default: nil
            }
        let body = HubBody(
            coach: coach, columns: columns, others: others, counts: counts, showCounts: showCounts, own: own, hasOwn: !own.isEmpty,
            canPropose: Permissions.can(actor, .proposeProjects), canEditStages: Permissions.can(actor, .editProjectStages), experts: experts,
            isPartner: isPartner, galleryHref: Page.projectGallery(slug: context.territory.slug).path,
            gallery: showGallery ? try await gallery(territoryId: actor.territoryId, neighbourhood: nil, theme: nil) : [], showGallery: showGallery,
            stalled: stalled, notice: notice, error: error)
        return renderer.page("potentials", title: "Projets d'habitants", body: body, path: Page.projects.path, viewer: context, status: status)
    }

    /// The proposal form, or the same form to change a project (`editing`: its people and origin
    /// are not on it).
    private func form(_ context: SignedInContext, values: [String: String], error: AutourError?, editing: Project? = nil) async throws
        -> Response
    {
        try Permissions.require(context.actor, editing == nil ? .proposeProjects : .viewProjects)
        if let editing, !(try await service.standing(editing, actor: context.actor).mayCoach) { throw AutourError.forbidden }
        let staff = Permissions.can(context.actor, .coachProjects) && editing == nil
        var values = values
        if values.isEmpty { values = ["scale": ProjectScale.collective.rawValue, "origin": ProjectOrigin.inhabitant.rawValue] }
        let people = staff ? try await store.energies.resources(territoryId: context.actor.territoryId) : []
        let body = FormBody(
            values: values, errors: error?.fields ?? [:], summary: error?.summary,
            themes: [Option(value: "", label: "—", selected: (values["theme"] ?? "").isEmpty)]
                + ProjectTheme.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: values["theme"] == $0.rawValue) },
            scales: ProjectScale.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: values["scale"] == $0.rawValue) },
            origins: ProjectOrigin.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: values["origin"] == $0.rawValue) },
            neighbourhoods: [Option(value: "", label: "Tout le territoire", selected: (values["neighbourhood"] ?? "").isEmpty)]
                + context.territory.neighbourhoods.map { Option(value: $0.name, label: $0.name, selected: values["neighbourhood"] == $0.name) },
            people: [Option(value: "", label: "—", selected: false)] + people.map { Option(value: $0.id.uuidString, label: $0.name, selected: false) },
            staff: staff, proposing: editing == nil, action: editing.map { Page.editProject($0.id).path } ?? "/projets",
            heading: editing.map { "Modifier « \($0.title) »" } ?? "Proposer un projet",
            submit: editing == nil ? "Proposer le projet" : "Enregistrer", back: editing.map { Page.project($0.id).path } ?? Page.projects.path)
        return renderer.page(
            "potentials_form", title: body.heading, body: body, path: editing.map { Page.editProject($0.id).path } ?? Page.newProject.path,
            viewer: context, status: error == nil ? .ok : .unprocessableContent)
    }

    private func stages(_ context: SignedInContext, edits: [ProjectStageEdit]?, error: AutourError?, notice: String?) async throws
        -> Response
    {
        try Permissions.require(context.actor, .editProjectStages)
        let current = try await service.stages(actor: context.actor)
        let errors = error?.fields ?? [:]
        let fields =
            edits.map { edits in
                edits.enumerated().map { index, edit in
                    StageField(
                        index: index, id: edit.id?.uuidString ?? "", name: edit.name, entry: edit.entry, exit: edit.exit, stall: edit.stallDays,
                        nameError: errors["name\(index)"], stallError: errors["stall\(index)"])
                }
            }
            ?? (current.enumerated().map { index, stage in
                StageField(
                    index: index, id: stage.id.uuidString, name: stage.name, entry: stage.entry.joined(separator: "\n"),
                    exit: stage.exit.joined(separator: "\n"), stall: String(stage.stallDays), nameError: nil, stallError: nil)
            } + [StageField(index: current.count, id: "", name: "", entry: "", exit: "", stall: "90", nameError: nil, stallError: nil)])
        return renderer.page(
            "potentials_stages", title: "Les étapes des projets", body: StagesBody(stages: fields, summary: error?.summary, notice: notice),
            path: Page.projectStages.path, viewer: context, status: error == nil ? .ok : .unprocessableContent)
    }
}
