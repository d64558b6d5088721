import AutourCore
import AutourStore
import Hummingbird
import Logging

/// What a module's web layer is built from: the store, the page renderer and the settings.
struct ModuleContext: Sendable {
    let store: Store
    let renderer: WebRenderer
    let settings: AppSettings
    var clock: WallClock { settings.clock }
}

/// One entry of the main navigation, shown to whoever the permission table lets do `action`.
struct NavigationEntry: Sendable {
    let label: String
    let href: String
    let action: Action
}

/// A link on a role's home page: a card for what the role does first with a module, or a notice
/// above the cards for something waiting (an alert to decide…). Every one leads to a working page;
/// an e2e test follows them all.
struct HomeLink: Sendable {
    let title: String
    let summary: String
    let href: String
}

/// One module of Autour as the web layer sees it, implemented once per module in its own folder
/// and listed once in `AutourModules.all`. Its JSON API is not here: it is written in
/// `Sources/AutourAPI/openapi.yaml` under the module's tag, and the module implements the
/// generated operations in an `extension APIHandlers` in its folder. The migrations and the permission table stay central
/// (one is a history, the other a security document); everything else a module brings is here.
protocol AutourModule: Sendable {
    init(_ context: ModuleContext)
    /// Its entries of the main navigation, in order.
    static var navigation: [NavigationEntry] { get }
    /// Its cards on the home page of `role`, in order.
    static func homeTasks(for role: Role) -> [HomeLink]
    /// What waits for `actor` in this module, shown on the home page of `role`.
    static func homeNotices(for role: Role, actor: Actor, store: Store) async throws -> [HomeLink]
    /// Background jobs, run by `serve` (tests that move the clock by hand run them themselves).
    static func jobs(store: Store, logger: Logger) -> [PeriodicJob]
    /// Its part of the demo territory (`serve --demo`, `autour demo`), loaded in the list's order.
    static var demo: (any DemoPart)? { get }
    /// Pages and forms open without an account (they still pass the session and CSRF middlewares).
    func addPublicRoutes(to router: Router<AppContext>)
    /// Pages of signed-in users.
    func addWebRoutes(to web: RouterGroup<SignedInContext>)
}

extension AutourModule {
    static var navigation: [NavigationEntry] { [] }
    static func homeTasks(for role: Role) -> [HomeLink] { [] }
    static func homeNotices(for role: Role, actor: Actor, store: Store) async throws -> [HomeLink] { [] }
    static func jobs(store: Store, logger: Logger) -> [PeriodicJob] { [] }
    static var demo: (any DemoPart)? { nil }
    func addPublicRoutes(to router: Router<AppContext>) {}
    func addWebRoutes(to web: RouterGroup<SignedInContext>) {}
}

/// Every module, in the order of the navigation and of the home-page cards. Adding a module is
/// one folder per layer, its migrations, and one line here.
enum AutourModules {
    static let all: [any AutourModule.Type] = [
        HomeModule.self,
        PeopleModule.self,
        RadarModule.self,
        EnergiesModule.self,
        TimeBankModule.self,
        BasinsModule.self,
        PlacesModule.self,
        ConvivialityModule.self,
        PotentialsModule.self,
        LearningModule.self,
        AdvocacyModule.self,
        RightsModule.self,
        ObservatoryModule.self,
        FabriqueModule.self,
        AccessModule.self,
        AuditModule.self,
        RetentionModule.self,
    ]

    static func homeTasks(for role: Role) -> [HomeLink] { all.flatMap { $0.homeTasks(for: role) } }

    static var demoParts: [any DemoPart] { all.compactMap { module in module.demo } }

    static func homeNotices(for role: Role, actor: Actor, store: Store) async throws -> [HomeLink] {
        var notices: [HomeLink] = []
        for module in all { notices += try await module.homeNotices(for: role, actor: actor, store: store) }
        return notices
    }
}

/// The demo territory with every module's part, for `serve --demo` and `autour demo`.
public func demoLoader(_ store: Store) -> DemoLoader { DemoLoader(store: store, parts: AutourModules.demoParts) }
