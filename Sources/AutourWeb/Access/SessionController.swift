import AutourCore
import AutourStore
import Foundation
import HTTPTypes
import Hummingbird

/// The login form, login and logout.
struct SessionController {
    let accounts: AccountRepository
    let renderer: WebRenderer
    let limiter: AddressLimiter
    let clock: WallClock
    let trustedProxies: Set<String>

    struct LoginBody {
        let email: String
        let next: String
        let hasError: Bool
        let error: String
    }

    struct SessionsBody {
        let notice: String?
        let staff: Bool
        let idleMinutes: Int
    }

    func addRoutes(to router: Router<AppContext>) {
        router.get("/login") { request, context in
            if context.account != nil { return Response.redirect(to: .home) }
            let next = LoginRedirect.safeTarget(request.uri.queryParameters["next"].map(String.init))
            return renderer.page(
                "login", title: "Connexion", body: LoginBody(email: "", next: next, hasError: false, error: ""),
                path: Page.login.path, viewer: context)
        }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { request, context in
            if let token = context.sessionToken { try await accounts.closeSession(token: token) }
            var response = Response.redirect(to: .login)
            response.setCookie(
                Cookie(
                    name: CookieNames.session(request), value: "", maxAge: 0, path: Page.home.path,
                    secure: request.isHTTPS, httpOnly: true, sameSite: .lax))
            return response
        }
    }

    /// "Mes sessions": a person who left a session open on another device (a shared computer at
    /// a partner's, a lost phone) ends it from here.
    func addSignedInRoutes(to web: RouterGroup<SignedInContext>) {
        web.post("/sessions/autres/fermer") { _, context in
            guard let token = context.sessionToken else { throw AutourError.unauthenticated }
            let closed = try await accounts.closeOtherSessions(accountId: context.account.id, keeping: token)
            return Response.redirect(to: .sessions, query: [("fermees", String(closed))])
        }
        web.get("/sessions") { request, context in
            let closed = request.uri.queryParameters["fermees"].flatMap { NumberInput.integer(String($0), in: 0...1_000_000) }
            return renderer.page(
                "sessions", title: "Mes sessions",
                body: SessionsBody(
                    notice: closed.map { FrenchText.count($0, "autre session fermée", "autres sessions fermées") + "." },
                    staff: SessionRules.hasIdleTimeout(context.account.roles),
                    idleMinutes: Int(accounts.idleTimeout / 60)),
                path: Page.sessions.path, viewer: context)
        }
    }

    private func login(_ request: Request, _ context: AppContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        let email = form.text("email")
        let next = LoginRedirect.safeTarget(form["next"])
        let address = ClientAddress.resolve(
            peer: context.remoteAddress, forwardedFor: request.headers[.xForwardedFor],
            trusted: trustedProxies)
        let now = clock.now()
        // The attempt is reserved before the password is checked, so parallel guesses cannot
        // all slip under the limit before the first failure is counted.
        if let seconds = await limiter.reserve(address, now: now) { throw AutourError.tooManyAttempts(retryAfterSeconds: seconds) }
        do {
            let (response, failed) = try await check(form, email: email, next: next, request: request, context: context)
            await limiter.finish(address, counts: failed, now: now)
            return response
        } catch {
            await limiter.finish(address, counts: true, now: now)
            throw error
        }
    }

    /// Checks the credentials; the flag says whether it was a failure.
    private func check(
        _ form: FormData, email: String, next: String, request: Request,
        context: AppContext
    ) async throws -> (Response, Bool) {
        func failure(_ message: String, status: HTTPResponse.Status) -> Response {
            renderer.page(
                "login", title: "Connexion", body: LoginBody(email: email, next: next, hasError: true, error: message),
                path: Page.login.path, viewer: context, status: status)
        }
        if email.isEmpty || (form["password"] ?? "").isEmpty {
            return (failure("Saisissez votre adresse e-mail et votre mot de passe.", status: .unprocessableContent), false)
        }
        switch try await accounts.authenticate(email: email, password: form["password"] ?? "") {
        case .success(let account):
            // Always a new session id at login; the one the browser brought (if any) ends.
            let token = try await accounts.openSession(accountId: account.id, replacing: context.sessionToken)
            var response = Response.seeOther(next)
            response.setCookie(
                Cookie(
                    name: CookieNames.session(request), value: token,
                    maxAge: Int(accounts.sessionLifetime), path: Page.home.path,
                    secure: request.isHTTPS, httpOnly: true, sameSite: .lax))
            return (response, false)
        case .invalid:
            // A locked account answers exactly this too: the page must not tell which e-mails exist.
            return (
                failure(
                    "Adresse e-mail ou mot de passe incorrect. Après plusieurs échecs, un compte est verrouillé quelques minutes.",
                    status: .unprocessableContent), true
            )
        }
    }
}
