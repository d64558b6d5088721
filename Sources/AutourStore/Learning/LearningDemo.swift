import AutourCore
import Foundation

/// The apartment university's part of the demo territory (`DemoLearning`), written through the
/// service as an agent would: the interviews step by step (the first suggestions of each kind
/// accepted), the wishes, and the sessions — the past ones with the clock set back.
public struct LearningDemo: DemoPart {
    public init() {}

    public func load(_ demo: DemoContext) async throws {
        let store = demo.store
        let now = store.clock.now()
        let agent = demo.accounts[.agent]!.actor
        let byIndex = try await demo.resourcesInPlanOrder()
        let service = store.learningService
        for (index, answers) in DemoLearning.interviews {
            let id = try await service.start(resourceId: byIndex[index].id, actor: agent)
            for step in InterviewStep.allCases { try await service.saveAnswer(answers[step] ?? "", step: step, interviewId: id, actor: agent) }
            let suggestions = try await service.suggestions(for: try await service.interview(id: id, actor: agent).interview)
            let keep = SuggestionKind.allCases.compactMap { kind in suggestions.first { $0.kind == kind }?.key }
            try await service.complete(interviewId: id, accepting: Set(keep), actor: agent)
        }
        for n in 0..<40 {
            let kind: WishKind = n % 2 == 0 ? .offer : .request
            let person = kind == .offer ? 10 + n / 2 : 60 + n / 2
            try await service.addWish(
                kind, subject: DemoLearning.subjects[(n / 2) % DemoLearning.subjects.count], resourceId: byIndex[person].id, actor: agent)
        }
        let places = try await store.places.places(territoryId: demo.territory.id)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = FrenchTime.zone
        let today = calendar.startOfDay(for: now)
        for plan in DemoLearning.sessions + [DemoLearning.underWay] {
            let start =
                plan.day == 0 ? now.addingTimeInterval(Double(plan.hour) * 3600) : calendar.date(byAdding: .hour, value: plan.day * 24 + plan.hour, to: today)!
            // Past sessions are proposed a fortnight before they happen, attendance noted after.
            let then = start <= now ? start.addingTimeInterval(-14 * 86_400) : now
            let proposing = LearningService(
                learning: LearningRepository(database: store.database, clock: WallClock { then }), energies: store.energies, places: store.places,
                timeBank: store.timeBank, potentials: store.potentials, clock: WallClock { then })
            let id = try await proposing.createSession(
                TrainingSessionInput(
                    subject: plan.subject, title: plan.title, hostId: byIndex[plan.host].id, placeId: plan.place.map { places[$0].id },
                    homeAddress: plan.homeAddress ?? "", neighbourhood: plan.neighbourhood, startsAt: start, endsAt: start.addingTimeInterval(7200),
                    capacity: plan.capacity, timeMinutes: plan.timeMinutes), actor: agent)
            for learner in plan.learners { _ = try await proposing.enrol(sessionId: id, resourceId: byIndex[learner].id, actor: agent) }
            if plan.day < 0 {
                let after = LearningService(
                    learning: store.learning, energies: store.energies, places: store.places, timeBank: store.timeBank,
                    potentials: store.potentials, clock: WallClock { start.addingTimeInterval(7200) })
                let present = Set(plan.learners.prefix(plan.present).map { byIndex[$0].id })
                _ = try await after.recordAttendance(sessionId: id, present: present, actor: agent)
            }
        }
        try await inclusion(demo)
    }

    /// Four equipment, six audits: re-audits close the actions whose criterion they find met.
    private func inclusion(_ demo: DemoContext) async throws {
        let store = demo.store
        let now = store.clock.now()
        let coordinator = demo.accounts[.coordinator]!.actor, volunteer = demo.accounts[.volunteer]!.actor
        var equipment: [UUID] = []
        for item in DemoLearning.equipment {
            equipment.append(
                try await store.inclusionService.addEquipment(name: item.name, kind: item.kind, address: item.address, actor: coordinator))
        }
        let grid = try await store.inclusion.grid(territoryId: demo.territory.id)
        for audit in DemoLearning.audits {
            let day = now.addingTimeInterval(-Double(audit.daysAgo) * 86_400)
            let then = InclusionService(inclusion: store.inclusion, clock: WallClock { day })
            var answers: [UUID: (AuditAnswer, String)] = [:]
            for (index, criterion) in grid.enumerated() {
                let answer: AuditAnswer =
                    audit.notMet.contains(index)
                    ? .notMet : audit.partly.contains(index) ? .partly : audit.notApplicable.contains(index) ? .notApplicable : .met
                answers[criterion.id] = (answer, "")
            }
            _ = try await then.recordAudit(
                equipmentId: equipment[audit.equipment], auditedOn: FrenchTime.day(day), auditors: audit.auditors, answers: answers,
                actor: volunteer)
            for action in audit.actions {
                try await then.addAction(
                    equipmentId: equipment[audit.equipment], criterionId: grid[action.criterion].id, text: action.text, owner: action.owner,
                    dueOn: FrenchTime.day(day.addingTimeInterval(75 * 86_400)), actor: coordinator)
            }
        }
    }
}
