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
    /// Whether the server applies the retention rules at start and then daily. Tests that
    /// move the clock by hand turn it off and call the purge themselves.
    public var applyRetentionDaily = true
    /// Whether the audit chain is anchored in the configured file (tests that do not look at
    /// anchors leave it off, so they write no file).
    public var anchorAudit = true

    public init(configuration: Configuration, clock: WallClock = .system, logger: Logger = Logger(label: "autour"),
                registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
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
    return Store(database: database, clock: settings.clock, hasher: hasher,
                 sessionIdleTimeout: TimeInterval(settings.configuration.sessionIdleMinutes * 60), auditAnchors: anchors)
}

/// The composition root, used by `serve` and by every test: one router, one set of
/// middlewares, the store's database run as a service so that it closes after the server.
public func buildApplication(_ settings: AppSettings, store: Store) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(settings, store: store)
    var services: [any Service] = []
    if settings.applyRetentionDaily {
        services.append(PeriodicJob(name: "retention", every: .seconds(86400), logger: settings.logger) {
            try await store.retention.purge(dryRun: false).lines.joined(separator: ", ")
        })
        services.append(PeriodicJob(name: "missed check-ins", every: .seconds(3600), logger: settings.logger) {
            "signals raised: \(try await store.checkIns.raiseMissed())"
        })
        services.append(PeriodicJob(name: "time-bank requests", every: .seconds(3600), logger: settings.logger) {
            "requests accepted after the delay: \(try await store.timeBank.acceptDueRequests())"
        })
    }
    if store.audit.anchors != nil {
        // Entries deleted after the last anchor go unnoticed: anchor often.
        services.append(PeriodicJob(name: "audit anchor", every: .seconds(300), logger: settings.logger) {
            try await store.audit.anchorHead()?.line ?? "audit chain unchanged since its last anchor"
        })
    }
    // The database comes last: on shutdown, services stop in reverse order, so the pools close
    // after the server and the retention job have finished with them.
    services.insert(store.database, at: 0)
    return Application(
        router: router,
        configuration: .init(address: .hostname(settings.configuration.host, port: settings.configuration.port),
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
    router.add(middleware: FileMiddleware(Bundle.module.bundleURL.appendingPathComponent("Resources/public").path,
                                          urlBasePath: "/public", cacheControl: .init([(MediaType(type: .text, subType: "css"), [.maxAge(3600)])]),
                                          logger: settings.logger))
    router.add(middleware: AuthenticationMiddleware(accounts: store.accounts))
    router.add(middleware: CSRFMiddleware(secret: secret))

    let sessions = SessionController(accounts: store.accounts, renderer: renderer, limiter: LoginLimiter(), clock: settings.clock,
                                     trustedProxies: settings.configuration.trustedProxies)
    sessions.addRoutes(to: router)

    let openAPI = try JSONResponse.encoder.encode(OpenAPIDocument.document)
    router.get("/api/v1/openapi.json") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(bytes: openAPI)))
    }

    // Pages that need an account: an anonymous browser is sent to /login by the error middleware.
    let web = router.group(context: SignedInContext.self)
    HomeController(territories: store.territories, renderer: renderer).addRoutes(to: web)
    sessions.addSignedInRoutes(to: web)
    let accounts = AccountsController(accounts: store.accounts, audit: store.audit, referrals: store.referrals,
                                      directory: store.directory, renderer: renderer)
    accounts.addWebRoutes(to: web)
    let peopleAPI = PeopleAPI(store: store, clock: settings.clock)
    let peopleWeb = PeopleWeb(store: store, renderer: renderer, api: peopleAPI, clock: settings.clock)
    peopleWeb.addRoutes(to: web)
    ReferralsWeb(store: store, renderer: renderer, clock: settings.clock).addRoutes(to: web)
    DirectoryWeb(store: store, renderer: renderer, clock: settings.clock).addRoutes(to: web)
    RetentionWeb(retention: store.retention, renderer: renderer, clock: settings.clock).addRoutes(to: web)
    let signalsAPI = SignalsAPI(store: store, clock: settings.clock)
    let registerAPI = RegisterAPI(store: store, clock: settings.clock)
    SignalsWeb(store: store, renderer: renderer, api: signalsAPI, clock: settings.clock).addRoutes(to: web)
    WatchersWeb(store: store, renderer: renderer, clock: settings.clock).addRoutes(to: web)
    RegisterWeb(store: store, renderer: renderer, api: registerAPI, people: peopleWeb, clock: settings.clock).addRoutes(to: web)
    let energiesAPI = EnergiesAPI(store: store, clock: settings.clock)
    EnergiesWeb(store: store, renderer: renderer, api: energiesAPI, clock: settings.clock).addRoutes(to: web)
    let timeBankAPI = TimeBankAPI(store: store, clock: settings.clock)
    TimeBankWeb(store: store, renderer: renderer, api: timeBankAPI, clock: settings.clock).addRoutes(to: web)

    // The JSON API: bearer tokens only.
    let api = router.group("/api/v1", context: SignedInContext.self)
    MeController(territories: store.territories, timeBank: store.timeBank).addRoutes(to: api)
    AuditController(audit: store.audit).addRoutes(to: api)
    accounts.addAPIRoutes(to: api)
    peopleAPI.addRoutes(to: api)
    ReferralsAPI(store: store, people: peopleAPI, clock: settings.clock).addRoutes(to: api)
    signalsAPI.addRoutes(to: api)
    registerAPI.addRoutes(to: api)
    energiesAPI.addRoutes(to: api)
    timeBankAPI.addRoutes(to: api)

    return router
}
