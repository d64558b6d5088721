import AutourAPI
import AutourCore
import AutourStore
import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// Everything `buildApplication` needs besides the store: set once by `serve` and by each test.
public struct AppSettings: Sendable {
    public var configuration: Configuration
    public var clock: WallClock
    public var logger: Logger
    /// Where `/metrics` reads from; `serve` bootstraps swift-metrics with the same registry.
    public var registry: PrometheusCollectorRegistry
    /// Whether the server runs the modules' background jobs (retention, missed check-ins, audit
    /// anchors…). Tests that move the clock by hand turn it off and call the jobs themselves.
    public var runBackgroundJobs = true
    /// Whether the audit chain is anchored in the configured file (tests that do not look at
    /// anchors leave it off, so they write no file).
    public var anchorAudit = true

    public init(
        configuration: Configuration, clock: WallClock = .system, logger: Logger = Logger(label: "autour"),
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
    ) {
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.registry = registry
    }
}

/// Opens the database named by the configuration and applies pending migrations.
public func openStore(_ settings: AppSettings, hasher: PasswordHasher = .init()) async throws -> Store {
    let database = try AutourDatabase(location: settings.configuration.database, logger: settings.logger)
    do {
        try await database.migrate()
    } catch {
        await database.shutdown()
        throw error
    }
    let anchors: AuditAnchorFile?
    do {
        anchors = settings.anchorAudit ? try AuditAnchorFile.open(path: settings.configuration.auditAnchorFile, key: settings.configuration.auditKey) : nil
    } catch {
        await database.shutdown()
        throw error
    }
    return Store(
        database: database, clock: settings.clock, hasher: hasher,
        sessionIdleTimeout: TimeInterval(settings.configuration.sessionIdleMinutes * 60), auditAnchors: anchors,
        openFiscaURL: settings.configuration.openFiscaURL)
}

/// The composition root, used by `serve` and by every test: one router, one set of
/// middlewares, the store's database run as a service so that it closes after the server.
public func buildApplication(_ settings: AppSettings, store: Store) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(settings, store: store)
    var services: [any Service] = []
    if settings.runBackgroundJobs {
        services = AutourModules.all.flatMap { $0.jobs(store: store, logger: settings.logger) }
    }
    // The database comes last: on shutdown, services stop in reverse order, so the pools close
    // after the server and the retention job have finished with them.
    services.insert(store.database, at: 0)
    return Application(
        router: router,
        configuration: .init(
            address: .hostname(settings.configuration.host, port: settings.configuration.port),
            serverName: "autour"),
        services: services,
        logger: settings.logger)
}

/// The router alone: tests use it to list the routes that exist.
public func buildRouter(_ settings: AppSettings, store: Store) async throws -> Router<AppContext> {
    let renderer = try await WebRenderer.load()
    let secret: String
    if let configured = settings.configuration.secret { secret = configured } else { secret = try await store.settings.secret() }
    let router = Router(context: AppContext.self)

    router.add(middleware: MetricsMiddleware())
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware(renderer: renderer))
    router.add(middleware: CanonicalPathMiddleware())
    // Probes are routed before the file, session and CSRF middlewares: a router's middleware only
    // wraps the routes added after it, so /health costs no cookie, token or session lookup.
    OperationsController(database: store.database, registry: settings.registry, metricsToken: settings.configuration.metricsToken)
        .addRoutes(to: router)
    router.add(
        middleware: FileMiddleware(
            Bundle.module.bundleURL.appendingPathComponent("Resources/public").path,
            urlBasePath: "/public", cacheControl: .init([(MediaType(type: .text, subType: "css"), [.maxAge(3600)])]),
            logger: settings.logger))
    router.add(middleware: AuthenticationMiddleware(accounts: store.accounts, territories: store.territories))
    router.add(middleware: CSRFMiddleware(secret: secret))

    // The contract, as written and in JSON, open to all (its own tag, Contract, is not generated).
    for (path, data, type) in [
        ("/api/v1/openapi.yaml", Contract.yaml, "application/yaml; charset=utf-8"),
        ("/api/v1/openapi.json", Contract.json, "application/json; charset=utf-8"),
    ] {
        router.get(RouterPath(path)) { _, _ in
            Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: data)))
        }
    }

    let context = ModuleContext(store: store, renderer: renderer, settings: settings)
    let modules = AutourModules.all.map { $0.init(context) }
    for module in modules { module.addPublicRoutes(to: router) }
    // Pages that need an account: an anonymous browser is sent to /login by the error middleware.
    let web = router.group(context: SignedInContext.self)
    for module in modules { module.addWebRoutes(to: web) }
    // The JSON API, bearer tokens only: every operation of openapi.yaml, generated.
    try APIHandlers.register(on: router, store: store, clock: settings.clock)
    return router
}
