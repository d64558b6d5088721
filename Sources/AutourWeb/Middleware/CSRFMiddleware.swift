import Foundation
import AutourCore
import Hummingbird
import NIOCore

/// CSRF protection for the HTML forms: a random cookie per browser, and in every form a token
/// that is the HMAC of that cookie under the instance secret. A cross-site page can make the
/// browser send the cookie but cannot read it, so it cannot compute the token.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppContext
    static let cookieName = "autour_csrf"
    static let fieldName = "_csrf"
    let secret: String

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard !request.isAPI, !request.uri.path.hasPrefix("/public/") else { return try await next(request, context) }
        var context = context
        var request = request
        let existing = request.cookies[Self.cookieName]?.value
        let browserKey = existing.flatMap { $0.count >= 32 ? $0 : nil } ?? Tokens.generate()
        context.csrfToken = Tokens.sign(browserKey, secret: secret)

        if request.method == .post {
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            let form = FormData(String(buffer: buffer))
            guard existing == browserKey, let sent = form[Self.fieldName],
                  Tokens.constantTimeEquals(sent, context.csrfToken) else {
                throw AutourError.invalid("Le formulaire a expiré. Rechargez la page et recommencez.", fields: [:])
            }
            // The handler reads the body again.
            request.body = .init(buffer: buffer)
        }
        var response = try await next(request, context)
        if existing != browserKey {
            response.setCookie(Cookie(name: Self.cookieName, value: browserKey, path: "/",
                                      secure: request.isHTTPS, httpOnly: true, sameSite: .lax))
        }
        return response
    }
}

extension Request {
    /// Behind a TLS-terminating proxy, the proxy says so; cookies are then marked `Secure`.
    var isHTTPS: Bool {
        head.scheme == "https" || headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https"
    }
}
