import AutourCore
import AutourStore
import Hummingbird

/// Learning: the apartment university (wishes to teach and to learn, matched by subject) and the
/// skills-and-needs interview with its explained suggestions.
struct LearningModule: AutourModule {
    let web: LearningWeb
    let trainings: TrainingsWeb

    init(_ context: ModuleContext) {
        web = LearningWeb(store: context.store, renderer: context.renderer, clock: context.clock)
        trainings = TrainingsWeb(store: context.store, renderer: context.renderer, clock: context.clock)
    }

    static var demo: (any DemoPart)? { LearningDemo() }

    static let navigation = [NavigationEntry(label: "Apprendre", href: Page.learning.path, action: .viewLearning)]

    static func homeTasks(for role: Role) -> [HomeLink] {
        switch role {
        case .agent, .coordinator:
            [
                HomeLink(
                    title: "Entretien compétences et envies",
                    summary: "Un quart d'heure de conversation pour trouver ce qu'une personne sait, aime et voudrait apprendre.",
                    href: Page.learning.path)
            ]
        case .volunteer:
            [
                HomeLink(
                    title: "Apprendre et transmettre", summary: "Dire ce que vous pouvez transmettre et ce que vous aimeriez apprendre.",
                    href: Page.learning.path)
            ]
        default: []
        }
    }

    func addWebRoutes(to router: RouterGroup<SignedInContext>) {
        web.addRoutes(to: router)
        trainings.addRoutes(to: router)
    }
}
