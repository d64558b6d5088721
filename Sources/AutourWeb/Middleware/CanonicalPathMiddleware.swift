import AutourCore
import Hummingbird

/// Refuses a path that is not in its one canonical spelling (`//api/v1/me`, `/./api`, `/a/../api`)
/// before anything else reads it: the router would match such a path to an API route while
/// the "is this the API?" decision, taken on the raw text, would let the session cookie in.
struct CanonicalPathMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard Self.isCanonical(request.uri.path) else { throw AutourError.notFound }
        return try await next(request, context)
    }

    static func isCanonical(_ path: String) -> Bool {
        guard path.hasPrefix("/") else { return false }
        let segments = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        // An empty segment is allowed only as the trailing slash of "/" itself.
        for (index, segment) in segments.enumerated() {
            if segment == "." || segment == ".." { return false }
            if segment.isEmpty && !(index == segments.count - 1 && segments.count == 1) { return false }
            // Encoded slashes, dots and backslashes are other spellings of the same trick.
            let lowered = segment.lowercased()
            if lowered.contains("%2f") || lowered.contains("%5c") || lowered.contains("%2e") || lowered.contains("\\") { return false }
        }
        return true
    }
}
