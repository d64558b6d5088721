import AutourCore
import AutourStore
import Foundation
import Hummingbird
import OpenAPIRuntime
import Logging
import Metrics

/// The one place where errors become responses: JSON bodies under `/api`, French pages
/// elsewhere. Anything unexpected is logged with the request id and answered with a 500 that
/// reveals nothing; anything a client caused is a 4xx with a message they can act on.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let renderer: WebRenderer
    private let unexpected = Counter(label: "autour_unexpected_errors_total", dimensions: [("kind", "other")])
    private let databaseErrors = Counter(label: "autour_unexpected_errors_total", dimensions: [("kind", "database")])

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            var response = try await next(request, context)
            response.headers[.init("X-Request-Id")!] = context.id
            return response
        } catch {
            var response = respond(to: error, request: request, context: context)
            response.headers[.init("X-Request-Id")!] = context.id
            return response
        }
    }

    func respond(to error: any Error, request: Request, context: AppContext) -> Response {
        let problem = Problem(error)
        if problem.status == .internalServerError {
            Self.isDatabaseError(error) ? databaseErrors.increment() : unexpected.increment()
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
        }
        if request.isAPI {
            var response = APIError.response(status: problem.status, code: problem.code, message: problem.message, fields: problem.fields)
            if problem.status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
            return response
        }
        if problem.status == .unauthorized {
            // A browser without a session is sent to the login form, then back where it was.
            return .redirect(to: Page.login.url(query: request.uri.path == "/" ? [] : [("next", request.uri.path)]), type: .normal)
        }
        return renderer.errorPage(status: problem.status, message: problem.message, context: context)
    }
}

extension ErrorMiddleware {
    /// Database failures are counted apart so that monitoring can tell "the database is sick"
    /// from "a bug". The drivers share no error protocol, so the type's module decides.
    static func isDatabaseError(_ error: any Error) -> Bool {
        let name = String(reflecting: type(of: error))
        return ["SQLite", "Postgres", "PSQL", "Fluent", "SQLKit", "AutourStore"].contains { name.contains($0) }
    }
}

/// An error reduced to what a client may see.
struct Problem {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    let fields: [String: String]

    init(_ error: any Error) {
        switch (error as? ServerError).map(Self.seenThrough) ?? error {
        case let error as AutourError:
            status =
                switch error {
                case .invalid: .unprocessableContent
                case .unreadable: .badRequest
                case .unauthenticated: .unauthorized
                case .forbidden: .forbidden
                case .notFound: .notFound
                case .conflict: .conflict
                case .tooManyAttempts: .tooManyRequests
                }
            code = error.code
            message = error.message
            fields = error.fields
        case let error as OpenFiscaUnavailable:
            // The rights calculator is a separate service: its absence is said, not a crash; a
            // situation it refuses is the caller's to correct.
            if case .refused = error {
                status = .unprocessableContent; code = "invalid"
            } else {
                status = .serviceUnavailable
                code = "calculator_unavailable"
            }
            message = error.message
            fields = [:]
        case let error as PDFPrinter.Unavailable:
            // Printing to PDF needs a browser on the server; the HTML report prints without it.
            status = .serviceUnavailable
            code = "pdf_unavailable"
            message = error.message
            fields = [:]
        case let error as any HTTPResponseError:
            // Raised by the framework: unknown route, body too large, unparsable body…
            status = error.status
            (code, message) = Self.describe(error.status)
            fields = [:]
        case is DecodingError:
            status = .badRequest
            (code, message) = Self.describe(.badRequest)
            fields = [:]
        default:
            status = .internalServerError
            (code, message) = Self.describe(.internalServerError)
            fields = [:]
        }
    }

    /// The generated API server wraps what a handler throws (seen through), and its own failures
    /// to read a request — a missing parameter, a body of the wrong shape or type — which are the
    /// client's (4xx), never a 500.
    static func seenThrough(_ error: ServerError) -> any Error {
        switch error.underlyingError {
        case let handler as AutourError: handler
        case let calculator as OpenFiscaUnavailable: calculator
        case let framework as any HTTPResponseError: framework
        case let decoding as DecodingError: AutourError.unreadable(decoding.french)
        // A missing parameter, a wrong content type…: say where the rules are, not « JSON expected ».
        case _ where error.httpStatus == .badRequest:
            AutourError.unreadable("La requête ne suit pas le contrat de l'API (/api/v1/openapi.yaml) : un paramètre manque ou n'a pas le format attendu.")
        case let other: (400..<500).contains(error.httpStatus.code) ? HTTPError(error.httpStatus) : other
        }
    }

    static func describe(_ status: HTTPResponse.Status) -> (String, String) {
        switch status.code {
        case 400: ("bad_request", "La requête est illisible : vérifiez le format des données envoyées (JSON valide attendu).")
        case 401: ("unauthenticated", AutourError.unauthenticated.message)
        case 403: ("forbidden", AutourError.forbidden.message)
        case 404: ("not_found", AutourError.notFound.message)
        case 405: ("method_not_allowed", "Cette méthode n'est pas acceptée ici.")
        case 409: ("conflict", "Cette demande entre en conflit avec l'état enregistré.")
        case 413: ("payload_too_large", "Les données envoyées sont trop volumineuses (256 Kio au plus).")
        case 415: ("unsupported_media_type", "Type de contenu non accepté : envoyez du JSON.")
        case 422: ("invalid", "Certaines données sont à corriger.")
        case 429: ("too_many_attempts", "Trop de tentatives : réessayez dans quelques minutes.")
        case 500..<600: ("internal_error", "Une erreur inattendue s'est produite. Elle a été enregistrée ; réessayez plus tard.")
        default: ("error_\(status.code)", status.reasonPhrase)
        }
    }
}

/// The JSON error body every client reads (README, « HTTP »).
enum APIError {
    struct Body: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
            let fields: [String: String]
        }
        let error: Detail
    }

    static func response(status: HTTPResponse.Status, code: String, message: String, fields: [String: String]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(Body(error: .init(code: code, message: message, fields: fields)))) ?? Data()
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
