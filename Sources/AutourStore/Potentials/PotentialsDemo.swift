import AutourCore
import Foundation

/// The projects of the demo territory (`DemoPotentials`), written through the service with the
/// clock set back: each project is proposed, joined, coached through its stages (every criterion
/// ticked with a note, a month a stage), then sends its needs and, for two of them, pauses or stops.
public struct PotentialsDemo: DemoPart {
    public init() {}

    public func load(_ demo: DemoContext) async throws {
        let store = demo.store
        let now = store.clock.now()
        let agent = demo.accounts[.agent]!.actor
        let byIndex = try await demo.resourcesInPlanOrder()
        let places = try await store.places.places(territoryId: demo.territory.id)
        func at(_ date: Date) -> PotentialsService {
            PotentialsService(
                potentials: PotentialsRepository(database: store.database, clock: WallClock { date }), energies: store.energies,
                places: store.placesService, referrals: store.referrals, directory: store.directory, clock: WallClock { date })
        }
        let day = 86_400.0
        for plan in DemoPotentials.projects {
            let start = now.addingTimeInterval(-Double(plan.daysInStage + plan.stage * 30 + 2) * day)
            let id = try await at(start).propose(
                ProjectInput(
                    title: plan.title, purpose: plan.purpose, serves: plan.serves, neighbourhood: demo.plan.neighbourhoods[plan.neighbourhood],
                    theme: plan.theme.rawValue, scale: plan.scale.rawValue, origin: plan.origin.rawValue, isPublic: plan.isPublic,
                    carriers: plan.carriers.map { byIndex[$0].id }), territory: demo.territory, actor: agent)
            let joining = at(start.addingTimeInterval(day))
            for member in plan.members { try await joining.addPerson(byIndex[member].id, role: .member, projectId: id, actor: agent) }
            if let coach = plan.coach { try await joining.addPerson(byIndex[coach].id, role: .coach, projectId: id, actor: agent) }
            for stage in 0..<plan.stage {
                let passing = at(start.addingTimeInterval(Double(stage + 1) * 30 * day))
                let project = try await passing.project(id: id, actor: agent)
                let stages = try await passing.stages(actor: agent)
                for due in ProjectRules.missing(project: project, stages: stages, checks: try await passing.checks(project, actor: agent)) {
                    try await passing.tick(
                        projectId: id, stageId: due.stage.id, side: due.side, criterion: due.criterion, note: DemoPotentials.note, actor: agent,
                        by: demo.accounts[.agent]!.name)
                }
                _ = try await passing.pass(projectId: id, actor: agent)
            }
            try await needs(plan, projectId: id, places: places, demo)
            if plan.state != .active {
                try await at(now.addingTimeInterval(-Double(plan.daysInStage / 2) * day)).setState(
                    plan.state, projectId: id, note: plan.state == .stopped ? plan.lessons : "Le porteur a déménagé pour l'été.", actor: agent)
            }
        }
    }

    private func needs(_ plan: DemoPotentials.Plan, projectId: UUID, places: [Place], _ demo: DemoContext) async throws {
        let service = demo.store.potentialsService
        let agent = demo.accounts[.agent]!.actor
        if let skill = plan.skill {
            _ = try await service.askSkills(
                projectId: projectId, title: "\(plan.title) : un coup de main", skills: [skill], durationMinutes: 120, territory: demo.territory,
                actor: agent)
        }
        if let index = plan.place {
            // The first free evening of the coming fortnight in the place's first room.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = FrenchTime.zone
            let today = calendar.startOfDay(for: demo.store.clock.now())
            let place = places[index]
            for offset in 3..<17 {
                let start = calendar.date(byAdding: .hour, value: offset * 24 + 18, to: today)!
                do {
                    _ = try await service.askPlace(
                        projectId: projectId,
                        booking: BookingInput(
                            roomId: place.rooms[0].id, group: "", purpose: "Réunion du projet", startsAt: start, endsAt: start.addingTimeInterval(7200)),
                        place: place, actor: agent)
                    break
                } catch AutourError.conflict { continue }
            }
        }
        if let expert = plan.expert {
            let id = try await service.askExpert(
                projectId: projectId, structureId: "autour-demo--\(expert.structure)", question: expert.question, actor: agent)
            if "autour-demo--\(expert.structure)" == DemoDirectory.partnerStructure {
                try await service.answerExpert(
                    needId: id, accepted: true, answer: "Oui : une séance de formation le mois prochain, notre charte est jointe.",
                    actor: demo.accounts[.partner]!.actor)
            }
        }
    }
}
