import AutourCore
import AutourStore
import Hummingbird

/// Learning: the apartment university (wishes to teach and to learn, matched by subject) and the
/// skills-and-needs interview with its explained suggestions.
struct LearningModule: AutourModule {
    let web: LearningWeb
    let trainings: TrainingsWeb
    let inclusion: InclusionWeb

    init(_ context: ModuleContext) {
        web = LearningWeb(store: context.store, renderer: context.renderer, clock: context.clock)
        trainings = TrainingsWeb(store: context.store, renderer: context.renderer, clock: context.clock)
        inclusion = InclusionWeb(store: context.store, renderer: context.renderer, clock: context.clock)
    }

    static var demo: (any DemoPart)? { LearningDemo() }

    static let navigation = [
        NavigationEntry(label: "Apprendre", href: Page.learning.path, action: .viewLearning),
        NavigationEntry(label: "Audits d'inclusion", href: Page.inclusion.path, action: .viewInclusion),
    ]

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
                    href: Page.learning.path),
                HomeLink(
                    title: "Auditer un lieu public", summary: "Vérifier avec la grille si un équipement accueille bien tout le monde.",
                    href: Page.inclusion.path),
            ]
        case .elected:
            [
                HomeLink(
                    title: "Inclusion des lieux publics", summary: "Les scores des équipements audités et les actions en cours.",
                    href: Page.inclusion.path)
            ]
        default: []
        }
    }

    func addPublicRoutes(to router: Router<AppContext>) { inclusion.addPublicRoutes(to: router) }

    func addWebRoutes(to router: RouterGroup<SignedInContext>) {
        web.addRoutes(to: router)
        trainings.addRoutes(to: router)
        inclusion.addRoutes(to: router)
    }
}
