import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The bureau of useful hours: the coordinator's dashboard, resource persons, needs with their
/// explained candidates, the batch proposal to confirm, hours to verify; and the volunteer's
/// missions, profile and attestation.
struct EnergiesWeb {
    let store: Store
    let renderer: WebRenderer
    var service: EnergiesService { store.energiesService }
    let clock: WallClock

    struct Choice { let value: String; let label: String; let selected: Bool }
    struct Part { let name: String; let hours: String }
    struct AlertRow { let kind: String; let neighbourhood: String; let count: Int; let expected: String; let href: String }
    struct DashboardBody {
        let monthHours: String, goalHours: String, percent: Int, bySkill: [Part], byNeighbourhood: [Part], toVerify: Int, toVerifyText: String
        let alerts: [AlertRow], hasAlerts: Bool, openNeeds: String, resources: String, rest: Int, goal: Int
        let skills: [String], notice: String?, error: String?
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/energies") { request, context in
            try context.require(.coordinateEnergies)
            return try await dashboard(context, notice: request.uri.queryParameters["ok"].map { _ in "Enregistré." }, error: nil)
        }
        web.post("/energies/reglages") { request, context in
            try context.require(.coordinateEnergies)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                try await store.energies.updateSettings(
                    EnergySettings(
                        restMissionsPerWeek: try form.integer("rest", in: 1...14, unit: "missions"),
                        monthlyGoalMinutes: try form.integer("goal", in: 1...1_000_000, unit: "h") * 60),
                    actor: context.actor)
                return Response.redirect(to: .energies, ok: "reglages")
            } reshow: { error in
                return try await dashboard(context, notice: nil, error: error.fields.values.first ?? error.message)
            }
        }
        web.post("/energies/competences") { request, context in
            try context.require(.coordinateEnergies)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                try await store.energies.addSkill(form.text("skill"), actor: context.actor)
                return Response.redirect(to: .energies, ok: "competence")
            } reshow: { error in
                try await dashboard(context, notice: nil, error: error.fields.values.first ?? error.message)
            }
        }
        addResourceRoutes(to: web)
        addNeedRoutes(to: web)
        addMissionRoutes(to: web)
    }

    /// Resource persons' names by id, to show who a need went to.
    func resourceNames(_ context: SignedInContext) async throws -> [UUID: String] {
        try await store.energies.resources(territoryId: context.actor.territoryId).reduce(into: [UUID: String]()) { $0[$1.id] = $1.name }
    }

    func hours(_ minutes: Int) -> String { minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(String(format: "%02d", minutes % 60))" }

    func dashboard(_ context: SignedInContext, notice: String?, error: String?) async throws -> Response {
        let territoryId = context.actor.territoryId
        let summary = try await store.energies.hours(territoryId: territoryId)
        let settings = try await store.energies.settings(territoryId: territoryId)
        let alerts = try await store.alerts.list(territoryId: territoryId, undecidedOnly: true, limit: 20)
        let skills = try await store.energies.skills(territoryId: territoryId)
        let body = DashboardBody(
            monthHours: hours(summary.totalMinutes), goalHours: hours(settings.monthlyGoalMinutes),
            percent: min(100, summary.totalMinutes * 100 / max(1, settings.monthlyGoalMinutes)),
            bySkill: summary.bySkill.map { Part(name: $0.name, hours: hours($0.minutes)) },
            byNeighbourhood: summary.byNeighbourhood.map { Part(name: $0.name, hours: hours($0.minutes)) }, toVerify: summary.toVerify,
            toVerifyText: FrenchText.count(summary.toVerify, "mission dont les heures sont à vérifier", "missions dont les heures sont à vérifier"),
            alerts: alerts.map { alert in
                AlertRow(
                    kind: alert.kind, neighbourhood: alert.neighbourhood, count: alert.count,
                    expected: FrenchText.decimal(alert.expected), href: Page.alert(alert.id).path)
            },
            hasAlerts: !alerts.isEmpty,
            openNeeds: FrenchText.count(
                try await store.energies.needs(territoryId: territoryId, statuses: [.open]).count, "besoin à pourvoir", "besoins à pourvoir"),
            resources: FrenchText.count(try await store.energies.resources(territoryId: territoryId).count, "personne ressource", "personnes ressources"),
            rest: settings.restMissionsPerWeek,
            goal: settings.monthlyGoalMinutes / 60, skills: skills, notice: notice, error: error)
        return renderer.page(
            "energies_dashboard", title: "Bureau des heures utiles", body: body, path: Page.energies.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    /// The coordinator's steps on a need, as their URLs say them.
    enum NeedStep: String, CaseIterable, Sendable { case proposer, annuler, verifier }

    func act(_ step: NeedStep, request: Request, context: SignedInContext) async throws -> Response {
        let need = try await service.need(id: try context.pathID(), for: .coordinateEnergies, by: context.actor)
        let form = try await FormData.read(request, context: context)
        do {
            switch step {
            case .proposer:
                guard let resource = UUID(uuidString: form.text("resourcePersonId")) else { throw AutourError.notFound }
                _ = try await store.energies.propose(need.id, to: resource, actor: context.actor)
            case .annuler: _ = try await store.energies.cancel(need.id, actor: context.actor)
            case .verifier:
                _ = try await store.energies.verifyHours(need.id, actor: context.actor)
                return Response.redirect(to: .hours, ok: "1")
            }
        } catch let error as AutourError {
            switch error {
            case .invalid, .conflict: return try await needPage(need, context: context, notice: nil, error: error.message)
            default: throw error
            }
        }
        return Response.redirect(to: .need(need.id), ok: step.rawValue)
    }

    /// The volunteer's steps on a mission, as their URLs say them.
    enum MissionStep: String, CaseIterable, Sendable { case accepter, decliner, heures }

    func act(_ step: MissionStep, request: Request, context: SignedInContext) async throws -> Response {
        try context.require(.takeMissions)
        guard let id = context.parameters.get("id", as: UUID.self) else { throw AutourError.notFound }
        let form = try await FormData.read(request, context: context)
        do {
            switch step {
            case .accepter: _ = try await store.energies.answer(id, accept: true, actor: context.actor)
            case .decliner: _ = try await store.energies.answer(id, accept: false, actor: context.actor)
            case .heures:
                _ = try await store.energies.declareHours(id, minutes: try form.integer("minutes", in: 5...720, unit: "min"), actor: context.actor)
            }
        } catch let error as AutourError {
            switch error {
            case .invalid, .conflict: return try await missions(context, notice: nil, error: error.fields.values.first ?? error.message)
            default: throw error
            }
        }
        return Response.redirect(to: .missions, ok: "1")
    }

    // MARK: Resource persons

    struct ResourceRow { let id: String; let name: String; let kind: String; let skills: String; let places: String; let cap: String; let paused: Bool }
    struct ResourceListBody { let rows: [ResourceRow]; let count: Int }
    struct SlotRow { let weekday: Int; let label: String; let on: Bool; let start: String; let end: String }
    struct ResourceFormBody {
        let action: String, heading: String, name: String, kinds: [Choice], showKind: Bool, skills: [Choice], slots: [SlotRow]
        let neighbourhoods: [Choice], capHours: String, motivations: [Choice], languages: String, accounts: [Choice], showAccount: Bool
        let absenceFrom: String, absenceTo: String, paused: Bool, showPause: Bool, errors: [String], notice: String?
    }

    func addResourceRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/energies/ressources") { _, context in
            try context.require(.coordinateEnergies)
            let rows = try await store.energies.resources(territoryId: context.actor.territoryId).map { r in
                ResourceRow(
                    id: r.id.uuidString.lowercased(), name: r.name, kind: r.kind.label, skills: r.skills.joined(separator: ", "),
                    places: r.neighbourhoods.isEmpty ? "Tout le territoire" : r.neighbourhoods.joined(separator: ", "),
                    cap: hours(r.maxMinutesPerMonth), paused: r.paused)
            }
            return renderer.page(
                "energies_resources", title: "Personnes ressources", body: ResourceListBody(rows: rows, count: rows.count),
                path: Page.energies.path, viewer: context)
        }
        web.get("/energies/ressources/nouvelle") { _, context in
            try context.require(.coordinateEnergies)
            return try await resourceForm(context, resource: nil, values: nil, errors: [], selfService: false)
        }
        web.post("/energies/ressources") { request, context in
            try context.require(.coordinateEnergies)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let created = try await service.createResource(
                    resourceInput(form, selfService: false, current: nil), territory: context.territory, actor: context.actor)
                return Response.redirect(to: .resource(created.id), ok: "1")
            } reshow: { error in
                return try await resourceForm(context, resource: nil, values: form, errors: Array(error.fields.values), selfService: false)
            }
        }
        web.get("/energies/ressources/{id}") { request, context in
            let resource = try await scopedResource(context)
            return try await resourceForm(
                context, resource: resource, values: nil, errors: [], selfService: false,
                notice: request.uri.queryParameters["ok"] != nil ? "Fiche enregistrée." : nil)
        }
        web.post("/energies/ressources/{id}") { request, context in
            let resource = try await scopedResource(context)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                _ = try await store.energies.updateResource(
                    resource.id,
                    with: try await service.validate(resourceInput(form, selfService: false, current: resource), territory: context.territory),
                    actor: context.actor)
                try await store.energies.setPaused(form["paused"] != nil, resourceId: resource.id, actor: context.actor)
                return Response.redirect(to: .resource(resource.id), ok: "1")
            } reshow: { error in
                return try await resourceForm(context, resource: resource, values: form, errors: Array(error.fields.values), selfService: false)
            }
        }
    }

    func scopedResource(_ context: SignedInContext) async throws -> ResourcePerson {
        try context.require(.coordinateEnergies)
        guard let id = context.parameters.get("id", as: UUID.self),
            let resource = try await store.energies.resource(id: id, territoryId: context.actor.territoryId)
        else { throw AutourError.notFound }
        return resource
    }

    /// The form's fields as the API's input, so both go through the same rules.
    func resourceInput(_ form: FormData, selfService: Bool, current: ResourcePerson?) -> ResourcePersonInput {
        let kind = selfService ? current?.kind ?? .volunteer : ResourceKind(rawValue: form.text("kind")) ?? .volunteer
        let slots = (1...7).filter { form["day_\($0)"] != nil }.map {
            ResourcePersonInput.Slot(weekday: $0, start: form.text("start_\($0)"), end: form.text("end_\($0)"))
        }
        let from = form.text("absenceFrom"), to = form.text("absenceTo")
        return ResourcePersonInput(
            name: form.text("name"), skills: form.values.keys.filter { $0.hasPrefix("skill_") }.map { String($0.dropFirst(6)) },
            availability: slots, neighbourhoods: form.values.keys.filter { $0.hasPrefix("n_") }.map { String($0.dropFirst(2)) },
            // Out of range or unreadable becomes 0, which the rules refuse with their own message.
            maxMinutesPerMonth: (try? NumberInput.hoursAsMinutes(
                form.text("capHours"), field: "capHours",
                maxHours: ResourceRules.maxMonthlyCap / 60)) ?? 0,
            motivations: form.values.keys.filter { $0.hasPrefix("m_") }.map { String($0.dropFirst(2)) }, professional: kind.isProfessional,
            kind: kind.rawValue, languages: form.text("languages").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
            absences: from.isEmpty && to.isEmpty ? [] : [Absence(from: from, to: to)],
            accountId: selfService ? current?.accountId : UUID(uuidString: form.text("accountId")))
    }

    func resourceForm(
        _ context: SignedInContext, resource: ResourcePerson?, values: FormData?, errors: [String], selfService: Bool,
        notice: String? = nil
    ) async throws -> Response {
        let territory = context.territory
        let skills = try await store.energies.skills(territoryId: territory.id)
        let input = values.map { resourceInput($0, selfService: selfService, current: resource) }
        let chosenSkills = Set(input?.skills ?? resource?.skills ?? [])
        let places = Set(input?.neighbourhoods ?? resource?.neighbourhoods ?? [])
        let motivations = Set(input?.motivations ?? resource?.motivations.map(\.rawValue) ?? [])
        let days = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"]
        let slots = (1...7).map { day -> SlotRow in
            if let values {
                return SlotRow(
                    weekday: day, label: days[day - 1], on: values["day_\(day)"] != nil,
                    start: values.text("start_\(day)"), end: values.text("end_\(day)"))
            }
            let slot = resource?.availability.first { $0.weekday == day }
            return SlotRow(
                weekday: day, label: days[day - 1], on: slot != nil, start: slot.map { WeeklySlot.clock($0.start) } ?? "09:00",
                end: slot.map { WeeklySlot.clock($0.end) } ?? "12:00")
        }
        let linked = Set(try await store.energies.resources(territoryId: territory.id).compactMap(\.accountId))
        let accounts = try await store.accounts.list(territoryId: territory.id).filter { $0.roles.contains(.volunteer) }
            .filter { !linked.contains($0.id) || $0.id == resource?.accountId }
        let currentAccount = values.map { $0.text("accountId") } ?? resource?.accountId?.uuidString.lowercased() ?? ""
        let action = selfService ? "/missions/profil" : resource.map { "/energies/ressources/\($0.id.uuidString.lowercased())" } ?? "/energies/ressources"
        let body = ResourceFormBody(
            action: action, heading: selfService ? "Mon profil de bénévole" : resource?.name ?? "Nouvelle personne ressource",
            name: values?.text("name") ?? resource?.name ?? "",
            kinds: ResourceKind.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: $0.rawValue == (values?.text("kind") ?? resource?.kind.rawValue ?? "volunteer"))
            },
            showKind: !selfService, skills: skills.map { Choice(value: $0, label: $0, selected: chosenSkills.contains($0)) }, slots: slots,
            neighbourhoods: territory.neighbourhoods.map { Choice(value: $0.name, label: $0.name, selected: places.contains($0.name)) },
            capHours: values?.text("capHours") ?? resource.map { String($0.maxMinutesPerMonth / 60) } ?? "10",
            motivations: Motivation.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: motivations.contains($0.rawValue)) },
            languages: values?.text("languages") ?? resource?.languages.joined(separator: ", ") ?? "",
            accounts: [Choice(value: "", label: "— aucun —", selected: currentAccount.isEmpty)]
                + accounts.map {
                    Choice(value: $0.id.uuidString.lowercased(), label: "\($0.name) (\($0.email))", selected: currentAccount == $0.id.uuidString.lowercased())
                },
            showAccount: !selfService, absenceFrom: values?.text("absenceFrom") ?? resource?.absences.first?.from ?? "",
            absenceTo: values?.text("absenceTo") ?? resource?.absences.first?.to ?? "", paused: values.map { $0["paused"] != nil } ?? resource?.paused ?? false,
            showPause: resource != nil, errors: errors.sorted(), notice: notice)
        return renderer.page(
            "energies_resource_form", title: body.heading, body: body, path: selfService ? "/missions" : "/energies",
            viewer: context, status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    // MARK: Needs

    struct NeedRow {
        let id: String; let title: String; let skills: String; let place: String; let when: String; let status: String; let urgent: Bool; let who: String?
    }
    struct NeedsBody { let rows: [NeedRow]; let statuses: [Choice]; let canCoordinate: Bool; let empty: Bool }
    struct NeedFormBody {
        let title: String, skills: [Choice], neighbourhoods: [Choice], weekdays: [Choice], start: String, end: String, duration: String
        let urgent: Bool, professionalOnly: Bool, errors: [String], personId: String, signalId: String, notice: String?
    }
    struct CandidateRow { let id: String; let name: String; let kind: String; let score: Int; let reasons: [String] }
    struct NeedBody {
        let id: String, title: String, facts: [Fact], status: String, open: Bool, proposedTo: String?, candidates: [CandidateRow]
        let hasCandidates: Bool, canVerify: Bool, cancellable: Bool, notice: String?, error: String?
    }
    struct Fact { let label: String; let value: String }
    struct ProposalRow { let needId: String; let resourceId: String; let need: String; let person: String; let score: Int }
    struct BatchBody { let rows: [ProposalRow]; let unassigned: [String]; let hasRows: Bool; let hasUnassigned: Bool }
    struct VerifyRow { let id: String; let title: String; let person: String; let hours: String; let date: String }
    struct VerifyBody { let rows: [VerifyRow]; let empty: Bool }

    func when(_ need: Need) -> String {
        let days = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
        guard let weekday = need.weekday else { return "Quand la personne peut (\(hours(need.durationMinutes)))" }
        let window = need.start.map { " \(WeeklySlot.clock($0))–\(WeeklySlot.clock(need.end ?? $0))" } ?? ""
        return "Le \(days[weekday - 1])\(window) (\(hours(need.durationMinutes)))"
    }

    func addNeedRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/energies/besoins") { request, context in
            try context.require(.coordinateEnergies)
            let chosen = request.uri.queryParameters["statut"].flatMap { NeedStatus(rawValue: String($0)) }
            let names = try await resourceNames(context)
            let rows = try await store.energies.needs(
                territoryId: context.actor.territoryId, statuses: chosen.map { [$0] } ?? [.open, .proposed, .accepted],
                limit: 300
            ).map { n in
                NeedRow(
                    id: n.id.uuidString.lowercased(), title: n.title, skills: n.skills.joined(separator: ", "), place: n.neighbourhood,
                    when: when(n), status: n.status.label, urgent: n.urgency == .urgent, who: n.resourcePersonId.flatMap { names[$0] })
            }
            let statuses =
                [Choice(value: "", label: "En cours (à pourvoir, proposés, acceptés)", selected: chosen == nil)]
                + NeedStatus.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: chosen == $0) }
            return renderer.page(
                "energies_needs", title: "Besoins", body: NeedsBody(rows: rows, statuses: statuses, canCoordinate: true, empty: rows.isEmpty),
                path: Page.energies.path, viewer: context)
        }
        web.get("/energies/besoins/nouveau") { request, context in
            try context.require(.postNeeds)
            let params = request.uri.queryParameters
            var values: [String: String] = ["neighbourhood": params["quartier"].map(String.init) ?? ""]
            if let skill = params["competence"].map(String.init), !skill.isEmpty { values["skill_\(skill)"] = "on" }
            for key in ["personne", "signalement"] { values[key] = params[Substring(key)].map(String.init) ?? "" }
            return try await needForm(
                context, values: values, errors: [],
                notice: params["ok"] != nil ? "Besoin enregistré : la coordination va chercher une personne ressource." : nil)
        }
        web.post("/energies/besoins") { request, context in
            try context.require(.postNeeds)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let input = NeedInput(
                    title: form.text("title"), skills: form.values.keys.filter { $0.hasPrefix("skill_") }.map { String($0.dropFirst(6)) },
                    neighbourhood: form.text("neighbourhood"), weekday: try form.optionalInteger("weekday", in: 1...7),
                    start: form.text("start"), end: form.text("end"),
                    durationMinutes: try form.integer("duration", in: 15...480, unit: "min"),
                    urgency: form["urgent"] != nil ? "urgent" : "normal", professionalOnly: form["professionalOnly"] != nil,
                    personId: UUID(uuidString: form.text("personne")), signalId: UUID(uuidString: form.text("signalement")))
                let need = try await service.createNeed(input, territory: context.territory, actor: context.actor)
                if Permissions.can(context.actor, .coordinateEnergies) {
                    return Response.redirect(to: .need(need.id), ok: "cree")
                }
                return Response.redirect(to: .newNeed, ok: "1")
            } reshow: { error in
                return try await needForm(context, values: form.values, errors: Array(error.fields.values))
            }
        }
        web.get("/energies/besoins/{id}") { request, context in
            let need = try await service.need(id: try context.pathID(), for: .coordinateEnergies, by: context.actor)
            return try await needPage(need, context: context, notice: request.uri.queryParameters["ok"].map(String.init), error: nil)
        }
        // One route per step: an unknown word in the path is the router's 404.
        for step in NeedStep.allCases {
            web.post("/energies/besoins/{id}/\(step.rawValue)") { request, context in try await act(step, request: request, context: context) }
        }
        web.post("/energies/lot") { _, context in
            try context.require(.coordinateEnergies)
            let result = try await service.batch(needIds: nil, by: context.actor)
            let needs = try await store.energies.needs(territoryId: context.actor.territoryId, statuses: [.open]).reduce(into: [UUID: Need]()) {
                $0[$1.id] = $1
            }
            let names = try await resourceNames(context)
            let rows = result.proposals.map { p in
                ProposalRow(
                    needId: p.needId.uuidString.lowercased(), resourceId: p.resourcePersonId.uuidString.lowercased(),
                    need: needs[p.needId].map { "\($0.title) — \($0.neighbourhood)" } ?? "—", person: names[p.resourcePersonId] ?? "—", score: p.score)
            }
            let unassigned = result.unassigned.compactMap { needs[$0]?.title }
            return renderer.page(
                "energies_batch", title: "Proposition d'affectation",
                body: BatchBody(rows: rows, unassigned: unassigned, hasRows: !rows.isEmpty, hasUnassigned: !unassigned.isEmpty),
                path: Page.energies.path, viewer: context)
        }
        web.post("/energies/lot/confirmer") { request, context in
            try context.require(.coordinateEnergies)
            let form = try await FormData.read(request, context: context)
            var confirmed = 0
            // Each checked line is "needId:resourceId"; a line that no longer fits is skipped, not forced.
            for key in form.values.keys where key.hasPrefix("p_") {
                let parts = key.dropFirst(2).split(separator: ":").map(String.init)
                guard parts.count == 2, let need = UUID(uuidString: parts[0]), let resource = UUID(uuidString: parts[1]) else { continue }
                do {
                    _ = try await store.energies.propose(need, to: resource, actor: context.actor)
                    confirmed += 1
                } catch AutourError.conflict { continue } catch AutourError.notFound { continue }
            }
            return Response.redirect(to: .needs, query: [("statut", "proposed"), ("confirmees", String(confirmed))])
        }
        web.get("/energies/heures") { _, context in
            try context.require(.coordinateEnergies)
            let names = try await resourceNames(context)
            let rows = try await store.energies.needs(territoryId: context.actor.territoryId, statuses: [.done]).filter { $0.hoursStatus == .declared }.map {
                n in
                VerifyRow(
                    id: n.id.uuidString.lowercased(), title: n.title, person: n.resourcePersonId.flatMap { names[$0] } ?? "—",
                    hours: hours(n.minutes ?? 0), date: n.doneAt.map(FrenchFormat.dateTime) ?? "")
            }
            return renderer.page(
                "energies_hours", title: "Heures à vérifier", body: VerifyBody(rows: rows, empty: rows.isEmpty),
                path: Page.energies.path, viewer: context)
        }
    }

    func needForm(_ context: SignedInContext, values: [String: String], errors: [String], notice: String? = nil) async throws -> Response {
        let territory = context.territory
        let skills = try await store.energies.skills(territoryId: territory.id)
        let days = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
        let body = NeedFormBody(
            title: values["title"] ?? "", skills: skills.map { Choice(value: $0, label: $0, selected: values["skill_\($0)"] != nil) },
            neighbourhoods: territory.neighbourhoods.map { Choice(value: $0.name, label: $0.name, selected: values["neighbourhood"] == $0.name) },
            weekdays: [Choice(value: "", label: "— pas de jour fixe —", selected: (values["weekday"] ?? "").isEmpty)]
                + (1...7).map { Choice(value: String($0), label: days[$0 - 1], selected: values["weekday"] == String($0)) },
            start: values["start"] ?? "", end: values["end"] ?? "", duration: values["duration"] ?? "60",
            urgent: values["urgent"] != nil, professionalOnly: values["professionalOnly"] != nil, errors: errors.sorted(),
            personId: values["personne"] ?? "", signalId: values["signalement"] ?? "", notice: notice)
        return renderer.page(
            "energies_need_form", title: "Nouveau besoin", body: body, path: Page.energies.path, viewer: context,
            status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    func needPage(_ need: Need, context: SignedInContext, notice: String?, error: String?) async throws -> Response {
        let resources = try await store.energies.resources(territoryId: context.actor.territoryId)
        let byId = resources.reduce(into: [UUID: ResourcePerson]()) { $0[$1.id] = $1 }
        let candidates = need.status == .open ? try await store.energies.pool(territoryId: context.actor.territoryId).top(need, limit: 20) : []
        let facts: [(String, String?)] = [
            ("Compétences", need.skills.joined(separator: ", ")), ("Quartier", need.neighbourhood), ("Quand", when(need)),
            ("Urgence", need.urgency.label), ("Réservé aux professionnels", need.professionalOnly ? "oui" : nil), ("Origine", need.origin.label),
            ("Heures déclarées", need.minutes.map(hours)), ("Heures", need.hoursStatus?.label),
        ]
        let notices = [
            "cree": "Besoin enregistré : voici les personnes ressources qui conviennent le mieux.",
            "proposer": "Proposition envoyée : la personne doit l'accepter.",
            "annuler": "Besoin annulé.",
        ]
        let body = NeedBody(
            id: need.id.uuidString.lowercased(), title: need.title,
            facts: facts.compactMap { label, value in value.map { Fact(label: label, value: $0) } }, status: need.status.label,
            open: need.status == .open, proposedTo: need.resourcePersonId.flatMap { byId[$0]?.name },
            candidates: candidates.map { c in
                CandidateRow(
                    id: c.resourcePersonId.uuidString.lowercased(), name: byId[c.resourcePersonId]?.name ?? "—",
                    kind: byId[c.resourcePersonId]?.kind.label ?? "", score: c.score, reasons: c.reasons)
            },
            hasCandidates: !candidates.isEmpty, canVerify: need.hoursStatus == .declared,
            cancellable: need.status == .open || need.status == .proposed, notice: notice.flatMap { notices[$0] }, error: error)
        return renderer.page(
            "energies_need", title: need.title, body: body, path: Page.energies.path, viewer: context,
            status: error == nil ? .ok : .conflict)
    }

    // MARK: The volunteer's side

    struct MissionRow { let id: String; let title: String; let place: String; let when: String; let status: String; let hours: String? }
    struct MissionsBody {
        let hasProfile: Bool, paused: Bool, proposed: [MissionRow], accepted: [MissionRow], done: [MissionRow]
        let hasProposed: Bool, hasAccepted: Bool, hasDone: Bool, notice: String?, error: String?
    }
    struct AttestationBody { let name: String; let rows: [MissionRow]; let total: String; let date: String; let territory: String }

    func addMissionRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/missions") { request, context in
            try context.require(.takeMissions)
            return try await missions(context, notice: request.uri.queryParameters["ok"].map { _ in "Merci, c'est enregistré." }, error: nil)
        }
        for step in MissionStep.allCases {
            web.post("/missions/{id}/\(step.rawValue)") { request, context in try await act(step, request: request, context: context) }
        }
        web.get("/missions/profil") { _, context in
            try context.require(.takeMissions)
            guard let me = try await store.energies.resource(accountId: context.actor.accountId) else { throw AutourError.notFound }
            return try await resourceForm(context, resource: me, values: nil, errors: [], selfService: true)
        }
        web.post("/missions/profil") { request, context in
            try context.require(.takeMissions)
            guard let me = try await store.energies.resource(accountId: context.actor.accountId) else { throw AutourError.notFound }
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let territory = context.territory
                let valid = try ResourceRules.validate(
                    resourceInput(form, selfService: true, current: me),
                    skills: try await store.energies.skills(territoryId: territory.id), territory: territory)
                _ = try await store.energies.updateResource(me.id, with: valid, actor: context.actor)
                try await store.energies.setPaused(form["paused"] != nil, resourceId: me.id, actor: context.actor)
                return Response.redirect(to: .missions, ok: "profil")
            } reshow: { error in
                return try await resourceForm(context, resource: me, values: form, errors: Array(error.fields.values), selfService: true)
            }
        }
        web.get("/missions/attestation") { _, context in
            try context.require(.takeMissions)
            guard let me = try await store.energies.resource(accountId: context.actor.accountId) else { throw AutourError.notFound }
            let verified = try await store.energies.missions(resourceId: me.id).filter { $0.hoursStatus == .verified }
            let territory = context.territory
            let body = AttestationBody(
                name: me.name, rows: verified.map(missionRow), total: hours(verified.reduce(0) { $0 + ($1.minutes ?? 0) }),
                date: FrenchFormat.dateTime(clock.now()), territory: territory.name)
            return renderer.page("energies_attestation", title: "Attestation d'heures", body: body, path: Page.missions.path, viewer: context)
        }
    }

    func missionRow(_ n: Need) -> MissionRow {
        MissionRow(
            id: n.id.uuidString.lowercased(), title: n.title, place: n.neighbourhood, when: when(n),
            status: n.hoursStatus?.label ?? n.status.label, hours: n.minutes.map(hours))
    }

    func missions(_ context: SignedInContext, notice: String?, error: String?) async throws -> Response {
        let me = try await store.energies.resource(accountId: context.actor.accountId)
        let all = try await me.asyncMap { try await store.energies.missions(resourceId: $0.id) } ?? []
        let proposed = all.filter { $0.status == .proposed }.map(missionRow)
        let accepted = all.filter { $0.status == .accepted }.map(missionRow)
        let done = all.filter { $0.status == .done }.map(missionRow)
        let body = MissionsBody(
            hasProfile: me != nil, paused: me?.paused ?? false, proposed: proposed, accepted: accepted, done: done,
            hasProposed: !proposed.isEmpty, hasAccepted: !accepted.isEmpty, hasDone: !done.isEmpty, notice: notice, error: error)
        return renderer.page(
            "missions", title: "Mes missions", body: body, path: Page.missions.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }
}
