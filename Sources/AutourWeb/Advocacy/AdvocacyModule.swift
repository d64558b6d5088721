import AutourCore
import AutourStore
import Hummingbird

/// Advocacy: the CCAS as the territory's social advocate — the ethical charter voted by the
/// inhabitants' parliament, the label of the actors who live by it, the local social council's
/// public opinions.
struct AdvocacyModule: AutourModule {
    let charter: CharterWeb
    let parliament: ParliamentWeb
    let labels: LabelsWeb
    let council: CouncilWeb

    init(_ context: ModuleContext) {
        charter = CharterWeb(store: context.store, renderer: context.renderer)
        parliament = ParliamentWeb(store: context.store, renderer: context.renderer)
        labels = LabelsWeb(store: context.store, renderer: context.renderer, clock: context.clock)
        council = CouncilWeb(store: context.store, renderer: context.renderer)
    }

    static var demo: (any DemoPart)? { AdvocacyDemo() }

    static let navigation = [NavigationEntry(label: "Plaidoyer", href: Page.advocacy.path, action: .viewAdvocacy)]

    static func homeTasks(for role: Role) -> [HomeLink] {
        switch role {
        case .agent, .coordinator:
            [
                HomeLink(
                    title: "Plaidoyer", summary: "La charte éthique, les séances du parlement des habitant·es, le label et le conseil social local.",
                    href: Page.advocacy.path)
            ]
        case .volunteer, .elected:
            [
                HomeLink(
                    title: "Parlement des habitant·es", summary: "Amender la charte éthique, voter, auditer les acteurs candidats au label.",
                    href: Page.advocacy.path)
            ]
        case .partner:
            [
                HomeLink(
                    title: "Label éthique", summary: "Candidater au label « Haute qualité sociale et éthique » pour votre structure.", href: Page.labels.path)
            ]
        default: []
        }
    }

    /// A member who may vote sees each open vote on their home page (once, whatever their roles).
    static func homeNotices(for role: Role, actor: Actor, store: Store) async throws -> [HomeLink] {
        let seats = Permissions.roles(for: .sitInParliament)
        guard seats.contains(role), role == Role.allCases.first(where: { seats.contains($0) && actor.has($0) }) else { return [] }
        return try await store.advocacyService.votesAwaiting(actor: actor).map {
            HomeLink(
                title: "Vote ouvert : « \($0.title) »", summary: "Le parlement vote sur cet amendement à la charte ; votre bulletin est secret.",
                href: Page.amendment($0.id).path)
        }
    }

    func addPublicRoutes(to router: Router<AppContext>) {
        charter.addPublicRoutes(to: router)
        labels.addPublicRoutes(to: router)
        council.addPublicRoutes(to: router)
    }

    func addWebRoutes(to web: RouterGroup<SignedInContext>) {
        charter.addRoutes(to: web)
        parliament.addRoutes(to: web)
        labels.addRoutes(to: web)
        council.addRoutes(to: web)
    }
}
