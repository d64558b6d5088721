import AutourAPI
import AutourCore
import AutourStore
import Foundation
import OpenAPIRuntime

/// Inhabitants' projects in the JSON API: the coaches' list, proposing, a project with what is
/// left to tick and its needs' states, ticking, passing a stage, joining, and the counts — through
/// the pages' service. No person is ever named in these answers.
extension APIHandlers {
    var potentialsService: PotentialsService { store.potentialsService }

    func apiProject(_ project: Project, stages: [ProjectStage]) throws -> Components.Schemas.Project {
        let now = store.clock.now()
        return Components.Schemas.Project(
            id: project.id.uuidString.lowercased(), title: project.title, purpose: project.purpose, serves: project.serves,
            neighbourhood: project.neighbourhood, theme: try APIValue.contract(project.theme.rawValue),
            scale: try APIValue.contract(project.scale.rawValue), origin: try APIValue.contract(project.origin.rawValue),
            stageId: project.stageId.uuidString.lowercased(), stage: stages.first { $0.id == project.stageId }?.name ?? "",
            state: try APIValue.contract(project.state.rawValue), lessons: project.lessons.isEmpty ? nil : project.lessons,
            daysInStage: ProjectRules.daysInStage(project, now: now), stalled: ProjectRules.isStalled(project, stages: stages, now: now),
            isPublic: project.isPublic)
    }

    func projectDetail(id: UUID, actor: Actor) async throws -> Components.Schemas.ProjectDetail {
        let project = try await potentialsService.project(id: id, actor: actor)
        let stages = try await potentialsService.stages(actor: actor)
        let checks = try await potentialsService.checks(project, actor: actor)
        return Components.Schemas.ProjectDetail(
            project: try apiProject(project, stages: stages),
            due: try ProjectRules.missing(project: project, stages: stages, checks: checks).map {
                .init(stageId: $0.stage.id.uuidString.lowercased(), side: try APIValue.contract($0.side.rawValue), criterion: $0.criterion)
            },
            needs: try await potentialsService.needs(project, actor: actor).map {
                .init(kind: try APIValue.contract($0.need.kind.rawValue), label: $0.need.label, state: $0.state, needId: $0.needId?.uuidString.lowercased())
            })
    }

    func listProjects(_ input: Operations.ListProjects.Input) async throws -> Operations.ListProjects.Output {
        let context = try caller
        let projects = try await potentialsService.pipeline(actor: context.actor)
        let stages = try await potentialsService.stages(actor: context.actor)
        return .ok(.init(body: .json(.init(items: try projects.map { try apiProject($0, stages: stages) }))))
    }

    func proposeProject(_ input: Operations.ProposeProject.Input) async throws -> Operations.ProposeProject.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        let id = try await potentialsService.propose(
            ProjectInput(
                title: body.title, purpose: body.purpose, serves: body.serves ?? "", neighbourhood: body.neighbourhood ?? "",
                theme: body.theme.rawValue, scale: body.scale.rawValue, origin: body.origin?.rawValue ?? ProjectOrigin.ccas.rawValue,
                isPublic: body.isPublic ?? false, carriers: try (body.carriers ?? []).map { try APIValue.uuid($0, field: "carriers") as UUID }),
            territory: context.territory, actor: context.actor)
        let project = try await potentialsService.project(id: id, actor: context.actor)
        return .created(.init(body: .json(try apiProject(project, stages: try await potentialsService.stages(actor: context.actor)))))
    }

    func countProjects(_ input: Operations.CountProjects.Input) async throws -> Operations.CountProjects.Output {
        let context = try caller
        let counts = try await potentialsService.counts(actor: context.actor)
        return .ok(
            .init(
                body: .json(
                    .init(
                        byStage: counts.byStage.map { .init(stage: $0.stage, count: $0.count) }, paused: counts.paused, stopped: counts.stopped,
                        stalled: counts.stalled))))
    }

    func getProject(_ input: Operations.GetProject.Input) async throws -> Operations.GetProject.Output {
        let context = try caller
        return .ok(.init(body: .json(try await projectDetail(id: try APIValue.pathID(input.path.id), actor: context.actor))))
    }

    func tickProjectCriterion(_ input: Operations.TickProjectCriterion.Input) async throws -> Operations.TickProjectCriterion.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        let id = try APIValue.pathID(input.path.id)
        try await potentialsService.tick(
            projectId: id, stageId: try APIValue.uuid(body.stageId, field: "stageId"), side: try APIValue.contract(body.side.rawValue),
            criterion: body.criterion, note: body.note, actor: context.actor, by: context.account.name)
        return .ok(.init(body: .json(try await projectDetail(id: id, actor: context.actor))))
    }

    func passProjectStage(_ input: Operations.PassProjectStage.Input) async throws -> Operations.PassProjectStage.Output {
        let context = try caller
        let id = try APIValue.pathID(input.path.id)
        _ = try await potentialsService.pass(projectId: id, actor: context.actor)
        return .ok(.init(body: .json(try await projectDetail(id: id, actor: context.actor))))
    }

    func joinProject(_ input: Operations.JoinProject.Input) async throws -> Operations.JoinProject.Output {
        let context = try caller
        try await potentialsService.join(projectId: try APIValue.pathID(input.path.id), actor: context.actor)
        return .noContent(.init())
    }
}
