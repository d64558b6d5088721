import Foundation
import AutourCore
import HTTPTypes
import Hummingbird
import NIOCore

/// CSRF protection for the HTML forms: a random cookie per browser, and in every form a token
/// that is the HMAC, under the instance secret, of that cookie and of the browser's session. A
/// cross-site page can make the browser send the cookie but cannot read it, so it cannot
/// compute the token; and a token seen by someone in one session is worthless in another.
/// Every method that can change state (POST, PUT, PATCH, DELETE…) needs it.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppContext
    static let fieldName = "_csrf"
    let secret: String

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard !request.isAPI, !request.uri.path.hasPrefix("/public/") else { return try await next(request, context) }
        var context = context
        var request = request
        let cookieName = CookieNames.csrf(request)
        let existing = request.cookies[cookieName]?.value
        let browserKey = existing.flatMap { $0.count >= 32 ? $0 : nil } ?? Tokens.generate()
        context.csrfToken = Self.token(browserKey: browserKey, session: context.sessionToken, secret: secret)

        if ![.get, .head, .options].contains(request.method) {
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            let form = try FormData.parse(String(buffer: buffer))
            guard existing == browserKey, let sent = form[Self.fieldName],
                Tokens.constantTimeEquals(sent, context.csrfToken)
            else {
                throw AutourError.invalid("Le formulaire a expiré. Rechargez la page et recommencez.", fields: [:])
            }
            // The handler reads the body again.
            request.body = .init(buffer: buffer)
        }
        var response = try await next(request, context)
        if existing != browserKey {
            response.setCookie(
                Cookie(
                    name: cookieName, value: browserKey, path: Page.home.path,
                    secure: request.isHTTPS, httpOnly: true, sameSite: .lax))
        }
        return response
    }

    static func token(browserKey: String, session: String?, secret: String) -> String {
        Tokens.sign(browserKey + "|" + (session.map(Tokens.digest) ?? ""), secret: secret)
    }
}

extension Request {
    /// Behind a TLS-terminating proxy, the proxy says so; cookies are then marked `Secure`.
    var isHTTPS: Bool {
        head.scheme == "https" || headers[.xForwardedProto]?.lowercased() == "https"
    }
}

extension HTTPField.Name {
    /// Set by a reverse proxy; believed only as `ClientAddress` and `/metrics` say.
    static let xForwardedFor = Self("X-Forwarded-For")!
    static let xForwardedProto = Self("X-Forwarded-Proto")!
}
