import Foundation
import AutourCore
import AutourStore
import Hummingbird

/// Finds who is calling: a bearer token under `/api`, the session cookie elsewhere. It never
/// refuses a request by itself; routes that need an account use `SignedInContext`.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let accounts: AccountRepository
    let territories: TerritoryRepository

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        if request.isAPI {
            // The API takes bearer tokens only: a cookie would expose it to cross-site requests.
            if let header = request.headers[.authorization] {
                let parts = header.split(separator: " ", maxSplits: 1)
                guard parts.count == 2, parts[0].lowercased() == "bearer",
                    let account = try await accounts.account(forToken: String(parts[1]).trimmingCharacters(in: .whitespaces))
                else { throw AutourError.unauthenticated }
                context.account = account
            }
        } else if let token = request.cookies[CookieNames.session(request)]?.value, !token.isEmpty {
            if let account = try await accounts.account(forSession: token) {
                context.account = account
                context.sessionToken = token
            }
        }
        // The account's territory, loaded once here for every handler of the request.
        if let account = context.account { context.territory = try await territories.find(id: account.territoryId) }
        return try await next(request, context)
    }
}

/// The cookies' names. Over HTTPS they carry the `__Host-` prefix: a browser then only accepts
/// them from this exact host, `Secure`, for the whole site, so a neighbouring subdomain cannot
/// plant or overwrite them.
enum CookieNames {
    static func session(_ request: Request) -> String { request.isHTTPS ? "__Host-autour_session" : "autour_session" }
    static func csrf(_ request: Request) -> String { request.isHTTPS ? "__Host-autour_csrf" : "autour_csrf" }
}
