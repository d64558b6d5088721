import Foundation
import Hummingbird

/// Headers that make the browser refuse what the application never does: scripts or styles
/// from elsewhere, framing, MIME sniffing. There is no CDN, so `'self'` is all we need.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        if response.headers[.cacheControl] == nil, !request.uri.path.hasPrefix("/public/") {
            // Pages hold personal data: never keep them in a shared or browser cache.
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}
