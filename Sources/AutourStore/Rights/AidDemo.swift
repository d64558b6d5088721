import AutourCore
import Foundation

/// The demo's optional aid (`DemoRights.aidCases`), written through the service with the clock
/// set back: the year's rules, twelve applications recorded five weeks ago, last month's
/// commission deciding them and closed with its minutes, the eight grants paid (half the
/// budget), and the two postponed applications on the agenda of next week's commission.
struct AidDemo {
    func load(_ demo: DemoContext, households: [(personId: UUID, situation: HouseholdSituation)]) async throws {
        let store = demo.store
        let now = store.clock.now()
        let agent = demo.accounts[.agent]!.actor
        let coordinator = demo.accounts[.coordinator]!.actor
        func at(_ date: Date) -> AidService { AidService(database: store.database, people: store.people, clock: WallClock { date }) }
        let applied = now.addingTimeInterval(-35 * 86_400)
        let meeting = now.addingTimeInterval(-21 * 86_400)
        let paid = now.addingTimeInterval(-12 * 86_400)
        // The budgets of the years the demo touches (the commission may sit in last December).
        for year in Set([applied, meeting, paid, now].map { FrenchTime.calendar.component(.year, from: $0) }) {
            for rule in DemoRights.aidBudgets {
                try await at(now).setBudget(kind: rule.kind, year: year, ceilingCents: rule.ceiling * 100, budgetCents: rule.budget * 100, actor: coordinator)
            }
        }
        let commission = try await at(meeting).openCommission(meetsOn: FrenchTime.day(meeting), actor: coordinator)
        let next = try await at(now).openCommission(meetsOn: FrenchTime.day(now.addingTimeInterval(7 * 86_400)), actor: coordinator)
        // The families first (they are the ones the CCAS met about money), then inhabitants.
        let applicants = Array(households.reversed().prefix(DemoRights.aidCases.count))
        for (item, household) in zip(DemoRights.aidCases, applicants) {
            var input = at(applied).draft(kind: item.kind, situation: household.situation)
            input.requestedCents = item.requested * 100
            input.reason = item.need
            input.chargesCents += 15_000  // energy, water and insurance beside the rent
            let application = try await at(applied).apply(personId: household.personId, input, actor: agent)
            try await at(applied).schedule(applicationId: application.id, commissionId: commission.id, actor: coordinator)
            try await at(meeting).decide(
                applicationId: application.id, item.decision, amountCents: item.decision == .granted ? item.granted * 100 : nil, reason: item.reason,
                actor: coordinator)
            switch item.decision {
            case .granted:
                _ = try await at(paid).pay(
                    applicationId: application.id, amountCents: item.granted * 100, payee: item.creditor == nil ? .person : .creditor,
                    creditor: item.creditor ?? "", paidOn: FrenchTime.day(paid), actor: coordinator)
            case .postponed:
                try await at(now).schedule(applicationId: application.id, commissionId: next.id, actor: coordinator)
            case .refused: break
            }
        }
        try await at(meeting.addingTimeInterval(3 * 3600)).close(
            commissionId: commission.id,
            minutes: "Six membres présents, quorum atteint.\nLa commission rappelle que les aides à l'énergie passent d'abord par le chèque énergie et le FSL.",
            actor: coordinator)
    }
}
