import AutourAPI
import AutourCore
import AutourStore
import Foundation
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime

/// The JSON API's operations, as generated from `Sources/AutourAPI/openapi.yaml`: each module
/// implements its own in an extension in its folder (`TimeBank/TimeBankAPI.swift`…), each one a
/// thin adapter that maps the contract's types to a service call and back.
struct APIHandlers: APIProtocol {
    let store: Store
    let clock: WallClock

    /// The signed-in caller of the operation being handled (bound by `APICallerMiddleware`).
    var caller: SignedInContext {
        get throws {
            guard let context = APICaller.context else { throw AutourError.unauthenticated }
            return context
        }
    }

    /// Registers every generated operation on `router`, behind the bearer-token check.
    static func register(on router: Router<AppContext>, store: Store, clock: WallClock) throws {
        let api = router.group(context: SignedInContext.self).add(middleware: APICallerMiddleware())
        // Compact JSON with sorted keys and RFC 3339 times, as the API has always answered.
        try APIHandlers(store: store, clock: clock).registerHandlers(on: api, configuration: Configuration(jsonEncodingOptions: [.sortedKeys]))
    }
}

/// The generated handlers receive the contract's input only; the signed-in context reaches them
/// through this task-local value, bound for the duration of one request.
enum APICaller {
    @TaskLocal static var context: SignedInContext?
}

/// The generated code reads an operation's input before its handler runs, so a malformed body is
/// a 400 for any role: it tells nothing the public contract does not. The permission check comes
/// first in every handler, before anything is read from the store.
struct APICallerMiddleware: RouterMiddleware {
    typealias Context = SignedInContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        // The generated decoder reads the whole body: cap it first (413 beyond the limit).
        _ = try await request.collectBody(upTo: context.maxUploadSize)
        return try await APICaller.$context.withValue(context) { try await next(request, context) }
    }
}

/// The contract carries identifiers as strings: these turn them into UUIDs with the API's usual
/// answers (a malformed id in the path names no record, 404; in a body, 400).
enum APIValue {
    static func pathID(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw AutourError.notFound }
        return id
    }

    static func uuid(_ text: String, field: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw AutourError.unreadable("Type inattendu pour le champ \(field).") }
        return id
    }

    static func uuid(_ text: String?, field: String) throws -> UUID? {
        try text.map { try uuid($0, field: field) }
    }

    /// A Core enumeration's value as the contract's enumeration: a test keeps both lists equal, so
    /// a miss is a server bug (500), never a value silently replaced.
    static func contract<Value: RawRepresentable<String>>(_ raw: String) throws -> Value {
        guard let value = Value(rawValue: raw) else { throw ContractMismatch(value: raw, type: "\(Value.self)") }
        return value
    }

    struct ContractMismatch: Error {
        let value: String
        let type: String
    }
}
