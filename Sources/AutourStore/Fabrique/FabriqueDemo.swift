import AutourCore
import Foundation

/// The demo's Fabrique: 60 experience sheets from `DemoFabrique` (52 published, a third of them
/// shared with the instance, 5 waiting for review, 3 drafts of which one was sent back with a
/// note), and the elected officials' plan for next year, in progress: three actions, the vigilance
/// points answered but one, so that « mark ready » says what is left.
public struct FabriqueDemo: DemoPart {
    public init() {}

    public func load(_ demo: DemoContext) async throws {
        let fabrique = demo.store.fabriqueService
        let agent = demo.accounts[.agent]!.actor, coordinator = demo.accounts[.coordinator]!.actor
        for index in 0..<60 {
            let id = try await fabrique.create(DemoFabrique.sheet(index, seed: demo.seed).content, actor: index % 2 == 0 ? agent : coordinator)
            guard index < 57 else { continue }
            try await fabrique.submit(id: id, actor: agent)
            if index == 56 {
                try await fabrique.sendBack(id: id, note: "Ajoutez le nombre de personnes touchées et ce que cela a coûté.", actor: coordinator)
            } else if index < 52 {
                try await fabrique.publish(id: id, shared: index % 3 == 0, actor: coordinator)
            }
        }
        let elected = demo.accounts[.elected]!.actor
        let strategy = demo.store.strategyService
        let year = FrenchTime.calendar.component(.year, from: demo.store.clock.now()) + 1
        let plan = try await strategy.create(title: "Aller vers les aînés isolés en \(year)", figures: [.radar, .conviviality], actor: elected)
        try await strategy.change(id: plan, actor: elected) { plan in
            plan.actions = [
                PlanAction(
                    title: "Une équipe mobile qui rend visite aux personnes inscrites au registre", owner: "Direction du CCAS", budgetEuros: 38_000,
                    start: "\(year)-01", end: "\(year)-12", figure: .radar),
                PlanAction(
                    title: "Un café du samedi avec le centre social", owner: "Adjointe aux solidarités", budgetEuros: 6_500, start: "\(year)-03",
                    end: "\(year)-11", figure: .conviviality),
                PlanAction(
                    title: "Former les gardiens et les commerçants au signalement", owner: "", budgetEuros: 2_000, start: "\(year)-02", end: "\(year)-04",
                    figure: .radar),
            ]
            for question in plan.questions.dropLast() {
                plan.answers[question.figure, default: [:]][question.index] =
                    "Oui : nous l'avons prévu, et le comité de suivi le vérifiera à chaque trimestre."
            }
        }
    }
}
