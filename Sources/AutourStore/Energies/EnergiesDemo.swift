import AutourCore
import FluentKit
import Foundation

/// Energies' part of the demo territory.
public struct EnergiesDemo: DemoPart {
    public init() {}

    /// The Energies demo. The past missions are written straight as rows in one transaction (three
    /// months of history would otherwise take thousands of audited steps to replay); everything
    /// from now on goes through the repository like any user's action.
    public func load(_ demo: DemoContext) async throws {
        let (store, territory, accounts) = (demo.store, demo.territory, demo.accounts)
        let inhabitants = demo.inhabitants
        let plan = DemoEnergies(seed: demo.seed, neighbourhoods: demo.plan.neighbourhoods)
        let now = store.clock.now()
        let coordinator = accounts[.coordinator]!.actor, volunteer = accounts[.volunteer]!
        let skills = try await store.energies.skills(territoryId: territory.id)
        var resources: [ResourcePerson] = []
        for (index, input) in plan.resources.enumerated() {
            var input = input
            if index == 0 { input.accountId = volunteer.id }
            let valid = try ResourceRules.validate(input, skills: skills, territory: territory)
            resources.append(try await store.energies.createResource(valid, actor: coordinator))
        }
        let created = resources
        try await store.database.write { tx in
            for (index, past) in plan.past.enumerated() {
                let valid = try EnergiesRules.validate(past.need, skills: skills, territory: territory)
                let model = NeedModel()
                let done = now.addingTimeInterval(-past.daysAgo * 86400)
                model.territoryId = territory.id
                model.title = valid.title
                model.skills = valid.skills.joined(separator: ResourcePersonModel.separator)
                model.neighbourhood = valid.neighbourhood
                model.weekday = valid.weekday
                model.start = valid.start
                model.end = valid.end
                model.durationMinutes = valid.durationMinutes
                model.urgency = valid.urgency.rawValue
                model.professionalOnly = false
                model.status = NeedStatus.done.rawValue
                model.origin = index % 3 == 0 ? NeedOrigin.followUp.rawValue : NeedOrigin.coordinator.rawValue
                model.personId = index % 3 == 0 ? inhabitants[index % inhabitants.count].id : nil
                model.resourcePersonId = created[past.resource].id
                model.createdBy = coordinator.accountId
                model.createdAt = done.addingTimeInterval(-5 * 86400)
                model.acceptedAt = done.addingTimeInterval(-3 * 86400)
                model.doneAt = done
                model.minutes = past.minutes
                model.hoursStatus = (past.verified ? HoursStatus.verified : .declared).rawValue
                try await model.create(on: tx)
            }
        }
        for (index, input) in plan.open.enumerated() {
            let then = Store(database: store.database, clock: WallClock { now.addingTimeInterval(-Double(index % 7) * 3600 * 20) })
            _ = try await then.energies.createNeed(
                try EnergiesRules.validate(input, skills: skills, territory: territory), origin: .coordinator,
                personId: nil, signalId: nil, actor: coordinator)
        }
        // The demo volunteer: one proposal to answer, one mission to declare, hours to verify.
        let me = resources[0]
        let mine = me.skills[0]
        for (step, title) in ["Aider pour une démarche en ligne", "Visite du jeudi", "Accompagnement de la semaine dernière"].enumerated() {
            let input = NeedInput(
                title: title, skills: [mine], neighbourhood: me.neighbourhoods.first ?? territory.neighbourhoods[0].name,
                durationMinutes: 60, urgency: "normal", professionalOnly: false)
            let need = try await store.energies.createNeed(
                try EnergiesRules.validate(input, skills: skills, territory: territory),
                origin: .coordinator, personId: nil, signalId: nil, actor: coordinator)
            _ = try await store.energies.propose(need.id, to: me.id, actor: coordinator)
            if step >= 1 { _ = try await store.energies.answer(need.id, accept: true, actor: volunteer.actor) }
            if step == 2 { _ = try await store.energies.declareHours(need.id, minutes: 75, actor: volunteer.actor) }
        }
        // The week's rise of shopping requests becomes a finding, as the periodic job would make it.
        try await store.alerts.refresh(territoryId: territory.id)
    }
}
