import AutourCore
import AutourStore
import Hummingbird

/// Access: signing in and out, one's sessions and account, and the administration of accounts.
struct AccessModule: AutourModule {
    let sessions: SessionController
    let accounts: AccountsController

    init(_ context: ModuleContext) {
        let store = context.store
        // One limiter per server: the module is built once.
        sessions = SessionController(
            accounts: store.accounts, renderer: context.renderer, limiter: AddressLimiter(), clock: context.clock,
            trustedProxies: context.settings.configuration.trustedProxies)
        accounts = AccountsController(
            store: store, accounts: store.accounts, audit: store.audit, referrals: store.referrals,
            directory: store.directory, renderer: context.renderer)
    }

    static let navigation = [NavigationEntry(label: "Comptes", href: Page.accounts.path, action: .manageAccounts)]

    static func homeTasks(for role: Role) -> [HomeLink] {
        role == .admin
            ? [HomeLink(title: "Gérer les comptes", summary: "Créer les comptes, attribuer les rôles, désactiver un accès.", href: Page.accounts.path)]
            : []
    }

    func addPublicRoutes(to router: Router<AppContext>) { sessions.addRoutes(to: router) }

    func addWebRoutes(to web: RouterGroup<SignedInContext>) {
        sessions.addSignedInRoutes(to: web)
        accounts.addWebRoutes(to: web)
    }
}
