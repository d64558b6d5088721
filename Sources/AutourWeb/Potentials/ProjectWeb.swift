import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// A project's page: what it is, where it stands in the stages and what is left to tick before the
/// next one, its people, the needs it sent to Places, Energies and partners with their state, and
/// its timeline; the coach's forms, and the « just join » button for inhabitants.
struct ProjectWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    var service: PotentialsService { store.potentialsService }

    struct StageStep { let name: String, current: Bool, done: Bool }
    struct Due { let index: Int, stageId: String, side: String, criterion: String, sideLabel: String, note: String, error: String? }
    struct Check { let criterion: String, stage: String, note: String, date: String, by: String? }
    struct PersonRow { let person: String, name: String, role: String }
    struct NeedRow { let label: String, state: String, href: String? }
    struct ProjectBody {
        let id: String, title: String, purpose: String, serves: String?, neighbourhood: String, theme: String, scale: String, origin: String
        let state: String, active: Bool, paused: Bool, stopped: Bool, lessons: String?, isPublic: Bool, stage: String, days: Int, stalled: Bool
        let steps: [StageStep], due: [Due], canPass: Bool, nextStage: String?, checks: [Check], coach: Bool, sendNeeds: Bool, maySeePeople: Bool
        let people: [PersonRow], needs: [NeedRow], hasNeeds: Bool, timeline: [TimelineRow], canJoin: Bool, canLeave: Bool
        let resources: [Option], roles: [Option], skills: [Option], rooms: [Option], structures: [Option], values: [String: String]
        let errors: [String: String], summary: String?, notice: String?, editHref: String
    }
    struct TimelineRow { let date: String, kind: String, text: String }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/projets/{id}") { request, context in try await page(request, context, id: try context.pathID(), values: [:], error: nil) }
        func action(_ path: String, _ run: @escaping @Sendable (UUID, FormData, SignedInContext) async throws -> String) {
            web.post("/projets/{id}/\(path)") { request, context in
                let id = try context.pathID()
                let form = try await FormData.read(request, context: context)
                return try await FormData.submit {
                    Response.redirect(to: .project(id), ok: try await run(id, form, context))
                } reshow: { error in
                    try await page(request, context, id: id, values: form.values, error: error)
                }
            }
        }
        action("criteres") { id, form, context in
            guard let stage = UUID(uuidString: form.text("stage")), let side = CriterionSide(rawValue: form.text("side")) else {
                throw AutourError.invalid("Critère inconnu.")
            }
            let index = form.text("index")
            do {
                try await service.tick(
                    projectId: id, stageId: stage, side: side, criterion: form.text("criterion"), note: form.text("note\(index)"),
                    actor: context.actor, by: context.account.name)
            } catch AutourError.invalid(let message, let fields) {
                throw AutourError.invalid(
                    message, fields: Dictionary(uniqueKeysWithValues: fields.map { ($0.key == "note" ? "note\(index)" : $0.key, $0.value) }))
            }
            return "coche"
        }
        action("etape") { id, _, context in
            _ = try await service.pass(projectId: id, actor: context.actor)
            return "etape"
        }
        action("etat") { id, form, context in
            guard let state = ProjectState(rawValue: form.text("state")) else { throw AutourError.invalid("État inconnu.") }
            try await service.setState(state, projectId: id, note: form.text("note"), actor: context.actor)
            return state.rawValue
        }
        action("notes") { id, form, context in
            try await service.addNote(form.text("text"), projectId: id, actor: context.actor)
            return "note"
        }
        action("personnes") { id, form, context in
            guard let resource = UUID(uuidString: form.text("resource")), let role = ProjectRole(rawValue: form.text("role")) else {
                throw AutourError.invalid("Choisissez une personne et son rôle.", fields: ["resource": "Choisissez une personne."])
            }
            try await service.addPerson(resource, role: role, projectId: id, actor: context.actor)
            return "personne"
        }
        action("rejoindre") { id, _, context in
            try await service.join(projectId: id, actor: context.actor)
            return "rejoint"
        }
        action("quitter") { id, _, context in
            try await service.leave(projectId: id, actor: context.actor)
            return "quitte"
        }
        action("besoins/competences") { id, form, context in
            _ = try await service.askSkills(
                projectId: id, title: form.text("needTitle"), skills: [form.text("skill")],
                durationMinutes: try form.integer("hours", in: 1...40, unit: "heures") * 60, territory: context.territory, actor: context.actor)
            return "besoin"
        }
        action("besoins/lieu") { id, form, context in
            let parts = form.text("room").split(separator: "|").compactMap { UUID(uuidString: String($0)) }
            guard parts.count == 2 else { throw AutourError.invalid("Choisissez une salle.", fields: ["room": "Choisissez une salle."]) }
            let place = try await store.placesService.place(id: parts[0], territory: context.territory)
            do {
                _ = try await service.askPlace(
                    projectId: id,
                    booking: BookingInput(
                        roomId: parts[1], group: "", purpose: "Projet d'habitants", startsAt: FrenchFormat.parseLocalDateTime(form.text("startsAt")),
                        endsAt: FrenchFormat.parseLocalDateTime(form.text("endsAt"))), place: place, actor: context.actor)
            } catch AutourError.conflict(let message) {
                // A taken slot is the coach's to change: the form comes back with the message.
                throw AutourError.invalid(message, fields: ["startsAt": message])
            }
            return "besoin"
        }
        action("besoins/expert") { id, form, context in
            _ = try await service.askExpert(projectId: id, structureId: form.text("structure"), question: form.text("question"), actor: context.actor)
            return "besoin"
        }
        web.post("/projets/{id}/personnes/{resource}/retirer") { _, context in
            let id = try context.pathID()
            try await service.removePerson(try context.pathID("resource"), projectId: id, actor: context.actor)
            return Response.redirect(to: .project(id), ok: "retire")
        }
    }

    static let notices = [
        "propose": "Projet proposé : il commence à l'étape de l'idée.", "coche": "Critère validé.", "etape": "Étape franchie.",
        "paused": "Projet mis en pause.", "active": "Projet repris.", "stopped": "Projet arrêté ; ses enseignements sont gardés.",
        "note": "Note ajoutée.", "personne": "Personne ajoutée.", "retire": "Personne retirée.", "rejoint": "Vous avez rejoint le projet.",
        "quitte": "Vous avez quitté le projet.", "besoin": "Besoin transmis.", "modifie": "Projet modifié.",
    ]

    private func page(_ request: Request, _ context: SignedInContext, id: UUID, values: [String: String], error: AutourError?) async throws
        -> Response
    {
        let actor = context.actor
        let project = try await service.project(id: id, actor: actor)
        let standing = try await service.standing(project, actor: actor)
        let stages = try await service.stages(actor: actor)
        let checks = try await service.checks(project, actor: actor)
        let now = clock.now()
        let index = stages.firstIndex { $0.id == project.stageId } ?? 0
        let names = Dictionary(uniqueKeysWithValues: stages.map { ($0.id, $0.name) })
        let due = ProjectRules.missing(project: project, stages: stages, checks: checks).enumerated().map { offset, item in
            Due(
                index: offset, stageId: item.stage.id.uuidString, side: item.side.rawValue, criterion: item.criterion,
                sideLabel: item.side == .exit ? "pour quitter « \(item.stage.name) »" : "pour entrer dans « \(item.stage.name) »",
                note: values["note\(offset)"] ?? "", error: error?.fields["note\(offset)"])
        }
        let people = standing.maySeePeople ? try await service.people(project, actor: actor) : []
        let needs = try await service.needs(project, actor: actor).map { state in
            NeedRow(
                label: state.need.label, state: state.state,
                href: standing.mayCoach ? state.needId.map { Page.need($0).path } ?? state.placeId.map { Page.place($0).path } : nil)
        }
        var resources: [Option] = [], skills: [Option] = [], rooms: [Option] = [], structures: [Option] = []
        if standing.mayCoach {
            resources = try await store.energies.resources(territoryId: actor.territoryId).map {
                Option(value: $0.id.uuidString, label: $0.name, selected: values["resource"] == $0.id.uuidString)
            }
            skills = try await store.energies.skills(territoryId: actor.territoryId).map { Option(value: $0, label: $0, selected: values["skill"] == $0) }
            rooms = try await store.places.places(territoryId: actor.territoryId).filter { !$0.vacant }.flatMap { place in
                place.rooms.map {
                    let value = "\(place.id.uuidString)|\($0.id.uuidString)"
                    return Option(value: value, label: "\(place.name) — \($0.name) (\($0.capacity) places)", selected: values["room"] == value)
                }
            }
            structures = try await store.directory.structureNames(territoryId: actor.territoryId).sorted { $0.value < $1.value }.map {
                Option(value: $0.key, label: $0.value, selected: values["structure"] == $0.key)
            }
        }
        let notice = request.uri.queryParameters["ok"].flatMap { Self.notices[String($0)] }
        let body = ProjectBody(
            id: project.id.uuidString, title: project.title, purpose: project.purpose, serves: project.serves.nilIfEmpty,
            neighbourhood: project.neighbourhood.nilIfEmpty ?? "Tout le territoire", theme: project.theme.label, scale: project.scale.label,
            origin: project.origin.inSentence, state: project.state.label, active: project.state == .active, paused: project.state == .paused,
            stopped: project.state == .stopped, lessons: project.lessons.nilIfEmpty, isPublic: project.isPublic, stage: names[project.stageId] ?? "",
            days: ProjectRules.daysInStage(project, now: now), stalled: ProjectRules.isStalled(project, stages: stages, now: now),
            steps: stages.enumerated().map { StageStep(name: $0.element.name, current: $0.offset == index, done: $0.offset < index) },
            due: standing.mayCoach ? due : [],
            canPass: standing.mayCoach && ProjectRules.blockToPass(project: project, stages: stages, checks: checks) == nil,
            nextStage: ProjectRules.passage(of: project, in: stages)?.to.name,
            checks: checks.reversed().map {
                Check(
                    criterion: $0.criterion, stage: names[$0.stageId] ?? "", note: $0.note, date: FrenchFormat.date($0.at),
                    by: standing.maySeePeople ? $0.by : nil)
            },
            coach: standing.mayCoach, sendNeeds: standing.maySendNeeds, maySeePeople: standing.maySeePeople,
            people: people.map { PersonRow(person: $0.resourceId.uuidString, name: $0.name, role: $0.role.label) }, needs: needs,
            hasNeeds: !needs.isEmpty,
            timeline: standing.maySeePeople
                ? try await service.timeline(project, actor: actor).map {
                    TimelineRow(date: FrenchFormat.dateTime($0.at), kind: $0.kind.label, text: $0.text)
                } : [],
            canJoin: standing.mayJoin, canLeave: standing.mayLeave,
            resources: resources,
            roles: ProjectRole.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: (values["role"] ?? "member") == $0.rawValue) },
            skills: skills, rooms: rooms, structures: structures, values: values, errors: error?.fields ?? [:], summary: error?.summary,
            notice: notice, editHref: Page.editProject(project.id).path)
        return renderer.page(
            "potentials_project", title: project.title, body: body, path: Page.project(project.id).path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }
}
