import AutourCore
import Foundation

/// The demo's Rights (`DemoRights`): 40 households with reviewed situations (the 30 inhabitants
/// and 10 families recorded here), then — when OpenFisca-France is configured — last month's
/// screening of the whole caseload, written through the service with the clock set back.
/// Households declare receiving what they are due except nine, one benefit each, so that the
/// screening opens nine findings; seven of them are then closed, covering every outcome.
/// Optional aid (`AidDemo`) is loaded with or without the calculator; health vouchers
/// (`VoucherDemo`) with it, since their rule reads the screening.
public struct RightsDemo: DemoPart {
    public init() {}

    public func load(_ demo: DemoContext) async throws {
        let store = demo.store
        let now = store.clock.now()
        let agent = demo.accounts[.agent]!.actor
        let coordinator = demo.accounts[.coordinator]!.actor
        let lastMonth = now.addingTimeInterval(-30 * 86_400)
        let period = YearMonth(containing: lastMonth)
        func at(_ date: Date) -> RightsService {
            RightsService(
                rights: RightsRepository(database: store.database, clock: WallClock { date }), people: store.people, openFisca: store.openFisca,
                clock: WallClock { date })
        }
        let commune = DemoTerritory.communeCode
        var households: [(personId: UUID, situation: HouseholdSituation)] = demo.inhabitants.enumerated().map { index, person in
            (person.id, DemoRights.inhabitant(index: index, birthDate: person.birthDate ?? "1950-01-01", commune: commune, today: period))
        }
        for family in DemoRights.families {
            let valid = try PersonRules.validate(
                PersonInput(firstName: family.firstName, lastName: family.lastName, birthDate: family.birthDate, communeCode: commune),
                territory: demo.territory, today: now)
            let person = try await store.people.create(valid, territoryId: demo.territory.id, actor: agent)
            var members = [
                HouseholdMember(
                    role: .applicant, birthDate: family.birthDate, monthlyIncome: [.salary: family.salary, .unemployment: family.unemployment],
                    personId: person.id)
            ]
            if let spouse = family.spouseBirth { members.append(HouseholdMember(role: .spouse, birthDate: spouse)) }
            members += family.children.map { HouseholdMember(role: .child, birthDate: $0) }
            households.append(
                (
                    person.id,
                    HouseholdSituation(members: members, housing: Housing(status: .tenant, rent: family.rent, commune: commune, socialHousing: family.social))
                ))
        }
        try await AidDemo().load(demo, households: households)
        let reviewing = at(lastMonth.addingTimeInterval(-86_400))
        guard let client = store.openFisca else {
            // Without the calculator the situations are there and the screening waits for it.
            for household in households { _ = try await reviewing.saveSituation(household.situation, personId: household.personId, actor: agent) }
            return
        }
        // What each household is due, to write what it says it receives: all of it, but for nine.
        let keyed = households.enumerated().map { (key: "h\($0.offset)", situation: $0.element.situation) }
        let due = try await client.screen(keyed, period: period)
        let likely = households.indices.map { NonTakeUpRules.findings(due["h\($0)"]!, receives: []).map(\.benefit) }
        // Nine households with a right leave one out, spread over the list (every fourth first).
        let withRights: [Int] = households.indices.filter { !likely[$0].isEmpty }
        let spread: [Int] = withRights.filter { $0 % 4 == 1 } + withRights.filter { $0 % 4 != 1 }
        let leaving = Set(spread.prefix(DemoRights.outcomes.count))
        for (index, household) in households.enumerated() {
            var situation = household.situation
            situation.receives = Array(likely[index].dropFirst(leaving.contains(index) ? 1 : 0))
            _ = try await reviewing.saveSituation(situation, personId: household.personId, actor: agent)
        }
        let screening = at(lastMonth)
        let started = try await screening.startCaseload(period: period, actor: coordinator)
        _ = try await screening.run(batchId: started.batchId, caseload: started.caseload, actor: coordinator)
        let closing = at(lastMonth.addingTimeInterval(14 * 86_400))
        for (finding, (outcome, note)) in zip(try await closing.findings(actor: agent), DemoRights.outcomes) where outcome != .open {
            try await closing.close(findingId: finding.id, outcome: outcome.rawValue, note: note, actor: agent)
        }
        try await VoucherDemo().load(demo, households: households.map(\.personId))
    }
}
