import AutourCore
import AutourStore
import AutourTesting
import Foundation
import Testing

@Suite("Retention rules")
struct RetentionTests {
    @Test(
        "on a demo territory aged 25 months, a dry run counts what a purge then does, and the audit chain still verifies",
        arguments: TestBackend.all)
    func agedDemo(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await withTestStore(backend, clock: clock.wallClock) { store in
            let (territory, plan) = try await DemoLoader(store: store, parts: [RadarDemo(), EnergiesDemo(), TimeBankDemo()]).load(seed: 5)
            let entriesBefore = try await store.audit.verify().checked
            // The inhabitants, and the people the Radar's demo put on the heatwave register.
            let persons = try await store.people.count(territoryId: territory.id)
            #expect(persons == plan.inhabitants.count + DemoRadar(seed: 5, neighbourhoods: plan.neighbourhoods).register.count)
            let dry = try await store.retention.purge(dryRun: true)
            #expect(dry.counts[.inactivePerson] == 0)
            #expect(dry.counts[.auditEntry] == 0)

            clock.advance(by: 25 * 30.44 * 86400)
            let aged = try await store.retention.purge(dryRun: true)
            #expect(aged.counts[.inactivePerson] == persons)
            #expect(aged.counts[.followUpNote] == 0)
            #expect(aged.counts[.auditEntry] == entriesBefore)
            #expect(try await store.people.search("rue", territoryId: territory.id).count > 0, "a dry run changes nothing")

            let applied = try await store.retention.purge(dryRun: false)
            #expect(applied.counts[.inactivePerson] == persons)
            #expect(try await store.people.search("rue", territoryId: territory.id).isEmpty)
            #expect(try await store.people.count(territoryId: territory.id) == persons, "still counted")
            let (checked, broken) = try await store.audit.verify()
            #expect(broken == nil)
            // Only today's anonymisations and deletions of never-qualified signals remain.
            #expect(checked == persons + applied.counts[.unqualifiedSignal]!)
            #expect(applied.counts[.unqualifiedSignal]! > 0)

            // The chain goes on from the checkpoint, and tampering is still caught.
            try await store.audit.recordRead(
                actor: Actor(accountId: UUID(), territoryId: territory.id, roles: [.agent]),
                recordType: "person", recordId: "x")
            #expect(try await store.audit.verify().broken == nil)
        }
    }

    @Test("a file with a recent follow-up is not inactive, and notes older than five years go", arguments: TestBackend.all)
    func activityKeepsAFile(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await withTestStore(backend, clock: clock.wallClock) { store in
            let fixture = try await Fixture.make(store, slug: "ret")
            let actor = fixture.account(.agent).actor
            let valid = try PersonRules.validate(PersonInput(firstName: "Jean", lastName: "Lac"), territory: fixture.territory, today: clock.now)
            let active = try await store.people.create(valid, territoryId: fixture.territory.id, actor: actor)
            let idle = try await store.people.create(valid, territoryId: fixture.territory.id, actor: actor)
            clock.advance(by: 23 * 30.44 * 86400)
            _ = try await store.people.addFollowUp(personId: active.id, kind: .phoneCall, summary: "Appel", visibility: .team, actor: actor)
            clock.advance(by: 2 * 30.44 * 86400)
            _ = try await store.retention.purge(dryRun: false)
            #expect(try await store.people.find(id: active.id, territoryId: fixture.territory.id)?.erasedAt == nil)
            #expect(try await store.people.find(id: idle.id, territoryId: fixture.territory.id)?.erasedAt != nil)
            clock.advance(by: 5 * 365.25 * 86400)
            #expect(try await store.retention.purge(dryRun: true).counts[.followUpNote] == 1)
        }
    }
}
