import AutourCore
import AutourStore
import Hummingbird

/// People: the shared case file, referrals to partners and the partners' directory.
struct PeopleModule: AutourModule {
    let web: PeopleWeb
    let context: ModuleContext

    init(_ context: ModuleContext) {
        self.context = context
        web = PeopleWeb(store: context.store, renderer: context.renderer, clock: context.clock)
    }

    static let navigation = [
        NavigationEntry(label: "Personnes", href: Page.people.path, action: .readPersonFile),
        NavigationEntry(label: "Annuaire des partenaires", href: Page.directory.path, action: .readDirectory),
        NavigationEntry(label: "Orientations reçues", href: Page.referralsReceived.path, action: .answerReferrals),
    ]

    static func homeTasks(for role: Role) -> [HomeLink] {
        switch role {
        case .agent:
            [
                HomeLink(title: "Retrouver une personne", summary: "Chercher un dossier par nom, téléphone ou adresse.", href: Page.people.path),
                HomeLink(
                    title: "Noter une visite", summary: "Consigner une visite à domicile ou un appel, depuis la fiche de la personne.", href: Page.people.path),
            ]
        case .coordinator:
            [
                HomeLink(
                    title: "Dossiers des personnes", summary: "Retrouver une fiche, l'exporter à la demande de la personne, l'anonymiser.",
                    href: Page.people.path)
            ]
        case .partner:
            [
                HomeLink(
                    title: "Orientations reçues", summary: "Accepter, refuser ou clore les orientations que le CCAS vous adresse.",
                    href: Page.referralsReceived.path)
            ]
        default: []
        }
    }

    func addWebRoutes(to router: RouterGroup<SignedInContext>) {
        web.addRoutes(to: router)
        ReferralsWeb(store: context.store, renderer: context.renderer, clock: context.clock).addRoutes(to: router)
        DirectoryWeb(store: context.store, renderer: context.renderer, clock: context.clock).addRoutes(to: router)
    }
}
