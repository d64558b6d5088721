import AutourCore
import AutourStore
import Hummingbird

/// Potentials: inhabitants' projects from idea to autonomy, coached through the territory's
/// stages, with the « just join » path and the public gallery.
struct PotentialsModule: AutourModule {
    let web: PotentialsWeb
    let project: ProjectWeb

    init(_ context: ModuleContext) {
        web = PotentialsWeb(store: context.store, renderer: context.renderer, clock: context.clock)
        project = ProjectWeb(store: context.store, renderer: context.renderer, clock: context.clock)
    }

    static var demo: (any DemoPart)? { PotentialsDemo() }

    static let navigation = [NavigationEntry(label: "Projets", href: Page.projects.path, action: .viewProjects)]

    static func homeTasks(for role: Role) -> [HomeLink] {
        switch role {
        case .agent, .coordinator:
            [
                HomeLink(
                    title: "Projets d'habitants", summary: "Les projets par étape, le temps passé dans chacune et ceux qui s'essoufflent.",
                    href: Page.projects.path)
            ]
        case .volunteer:
            [
                HomeLink(
                    title: "Rejoindre un projet", summary: "Donner un coup de main à un projet du quartier, sans avoir à le porter.",
                    href: Page.projects.path)
            ]
        case .partner:
            [
                HomeLink(
                    title: "Projets d'habitants", summary: "Proposer un projet et répondre aux demandes d'expertise adressées à votre structure.",
                    href: Page.projects.path)
            ]
        case .elected:
            [HomeLink(title: "Projets d'habitants", summary: "Combien de projets à chaque étape, sans données personnelles.", href: Page.projects.path)]
        default: []
        }
    }

    func addPublicRoutes(to router: Router<AppContext>) { web.addPublicRoutes(to: router) }

    func addWebRoutes(to web: RouterGroup<SignedInContext>) {
        self.web.addRoutes(to: web)
        project.addRoutes(to: web)
    }
}
