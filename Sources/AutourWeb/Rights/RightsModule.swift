import AutourCore
import AutourStore
import Hummingbird

/// Rights: the households' likely entitlements computed by OpenFisca-France, the non-take-up
/// findings followed up in the files, the caseload screened in batches.
struct RightsModule: AutourModule {
    let web: RightsWeb
    let situation: SituationWeb
    let aid: AidWeb
    let vouchers: VoucherWeb

    init(_ context: ModuleContext) {
        web = RightsWeb(store: context.store, renderer: context.renderer, clock: context.clock)
        situation = SituationWeb(store: context.store, renderer: context.renderer, clock: context.clock)
        aid = AidWeb(store: context.store, renderer: context.renderer, clock: context.clock)
        vouchers = VoucherWeb(store: context.store, renderer: context.renderer, clock: context.clock)
    }

    static var demo: (any DemoPart)? { RightsDemo() }

    static let navigation = [
        NavigationEntry(label: "Droits", href: Page.rights.path, action: .screenRights),
        NavigationEntry(label: "Aides", href: Page.aid.path, action: .applyForAid),
        NavigationEntry(label: "Bons santé", href: Page.vouchers.path, action: .issueVouchers),
        NavigationEntry(label: "Bons santé", href: Page.shopVouchers.path, action: .redeemVouchers),
    ]

    static func homeTasks(for role: Role) -> [HomeLink] {
        switch role {
        case .agent:
            [
                HomeLink(
                    title: "Accès aux droits", summary: "Les droits probablement non demandés à suivre ; l'étude d'un foyer se lance depuis sa fiche.",
                    href: Page.rights.path),
                HomeLink(
                    title: "Aides facultatives", summary: "Les demandes d'aide en cours, leur passage en commission et leur paiement.",
                    href: Page.aid.path),
            ]
        case .coordinator:
            [
                HomeLink(
                    title: "Accès aux droits", summary: "Étudier les droits de tout le fichier, suivre les non-recours et ce qu'ils sont devenus.",
                    href: Page.rights.path),
                HomeLink(
                    title: "Commission des aides", summary: "Budgets de l'année, ordre du jour, décisions, courriers et paiements des aides facultatives.",
                    href: Page.aid.path),
                HomeLink(
                    title: "Bons santé", summary: "La règle des bons, les commerces agréés et ce que chacun a encaissé, à rembourser.",
                    href: Page.vouchers.path),
            ]
        case .partner:
            [
                HomeLink(
                    title: "Bons santé", summary: "Encaisser un bon santé : saisissez son code, voyez sa valeur, acceptez-le une seule fois.",
                    href: Page.shopVouchers.path)
            ]
        default: []
        }
    }

    func addWebRoutes(to web: RouterGroup<SignedInContext>) {
        self.web.addRoutes(to: web)
        situation.addRoutes(to: web)
        aid.addRoutes(to: web)
        vouchers.addRoutes(to: web)
    }
}
