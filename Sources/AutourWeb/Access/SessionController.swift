import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The login form, login and logout.
struct SessionController {
    let accounts: AccountRepository
    let renderer: WebRenderer
    let limiter: LoginLimiter
    let clock: WallClock

    struct LoginBody {
        let email: String
        let next: String
        let hasError: Bool
        let error: String
    }

    func addRoutes(to router: Router<AppContext>) {
        router.get("/login") { request, context in
            if context.account != nil { return Response.seeOther("/") }
            let next = LoginRedirect.safeTarget(request.uri.queryParameters["next"].map(String.init))
            return renderer.page("login", title: "Connexion", body: LoginBody(email: "", next: next, hasError: false, error: ""),
                                 path: "/login", viewer: context)
        }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { _, context in
            if let token = context.sessionToken { try await accounts.closeSession(token: token) }
            var response = Response.seeOther("/login")
            response.setCookie(Cookie(name: AuthenticationMiddleware.sessionCookie, value: "", maxAge: 0, path: "/",
                                      httpOnly: true, sameSite: .lax))
            return response
        }
    }

    private func login(_ request: Request, _ context: AppContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        let email = form.text("email")
        let next = LoginRedirect.safeTarget(form["next"])
        let address = context.clientAddress
        let now = clock.now()
        if let seconds = await limiter.retryAfter(address, now: now) { throw AutourError.tooManyAttempts(retryAfterSeconds: seconds) }

        func failure(_ message: String, status: HTTPResponse.Status) -> Response {
            renderer.page("login", title: "Connexion", body: LoginBody(email: email, next: next, hasError: true, error: message),
                          path: "/login", viewer: context, status: status)
        }
        if email.isEmpty || (form["password"] ?? "").isEmpty {
            return failure("Saisissez votre adresse e-mail et votre mot de passe.", status: .unprocessableContent)
        }
        switch try await accounts.authenticate(email: email, password: form["password"] ?? "") {
        case .success(let account):
            let token = try await accounts.openSession(accountId: account.id)
            var response = Response.seeOther(next)
            response.setCookie(Cookie(name: AuthenticationMiddleware.sessionCookie, value: token,
                                      maxAge: Int(accounts.sessionLifetime), path: "/",
                                      secure: request.isHTTPS, httpOnly: true, sameSite: .lax))
            return response
        case .invalid:
            await limiter.recordFailure(address, now: now)
            return failure("Adresse e-mail ou mot de passe incorrect.", status: .unprocessableContent)
        case .locked(let seconds):
            await limiter.recordFailure(address, now: now)
            return failure(AutourError.tooManyAttempts(retryAfterSeconds: seconds).message
                           + " Le compte est temporairement verrouillé après plusieurs échecs.", status: .tooManyRequests)
        }
    }
}

extension AppContext {
    /// The client's address, for rate limiting; behind a proxy every client shares its address,
    /// which only makes the limit stricter.
    var clientAddress: String { remoteAddress ?? "unknown" }
}
