import AutourCore
import Foundation

/// Loads `DemoObservatory`: the year's earlier signals and follow-ups, written through the
/// modules' repositories with the clock set back (so they obey the same rules), the report's
/// comments and the context figures by the coordinator.
public struct ObservatoryDemo: DemoPart {
    public init() {}

    public func load(_ demo: DemoContext) async throws {
        let store = demo.store
        let plan = DemoObservatory(
            seed: demo.seed, neighbourhoods: demo.plan.neighbourhoods, inhabitants: demo.inhabitants.count, now: store.clock.now())
        func at(_ date: Date) -> Store { Store(database: store.database, clock: WallClock { date }) }
        let agent = demo.accounts[.agent]!.actor, watcher = demo.accounts[.watcher]!.actor
        for (index, earlier) in plan.signals.enumerated() {
            let signal = try await at(earlier.at).signals.create(
                try SignalRules.validate(earlier.input, territory: demo.territory, today: earlier.at), actor: index % 3 == 0 ? agent : watcher)
            let contact = earlier.at.addingTimeInterval(Double(earlier.contactAfterHours) * 3_600)
            if earlier.outcome != .unreachable {
                _ = try await at(contact).signals.qualify(signal.id, personId: demo.inhabitants[index % demo.inhabitants.count].id, actor: agent)
                _ = try await at(contact).signals.addOutreach(signal.id, kind: .call, plannedFor: nil, note: "Premier appel.", actor: agent)
            }
            _ = try await at(contact.addingTimeInterval(86_400)).signals.close(signal.id, outcome: earlier.outcome, actor: agent)
        }
        for followUp in plan.followUps {
            _ = try await at(followUp.at).people.addFollowUp(
                personId: demo.inhabitants[followUp.inhabitant].id, kind: followUp.kind, summary: followUp.summary, visibility: .team,
                actor: agent)
        }
        let coordinator = demo.accounts[.coordinator]!.actor
        try await store.observatoryService.saveComments(plan.comments, year: plan.year, actor: coordinator)
        try await store.observatoryService.saveContext(plan.context, year: plan.year, actor: coordinator)
    }
}
