import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Builds the real application on a fresh database seeded by `seed`, and runs `test` against
/// its router. The application owns the database and closes it at the end, as in production.
func withApp<Seed: Sendable>(
    _ backend: TestBackend, clock: WallClock = .system,
    configure: @Sendable (inout AppSettings) -> Void = { _ in },
    seed: @escaping @Sendable (Store) async throws -> Seed,
    test: @escaping @Sendable (Seed, any TestClientProtocol, Store) async throws -> Void
) async throws {
    let database = try await TestDatabase.make(backend)
    var settings = testSettings(database.location, clock: clock)
    configure(&settings)
    let store = try await openStore(settings, hasher: PasswordHasher(cost: 4))
    let seeded: Seed
    do { seeded = try await seed(store) } catch {
        await store.database.shutdown()
        await database.cleanUp()
        throw error
    }
    let app = try await buildApplication(settings, store: store)
    do {
        try await app.test(.router) { client in try await test(seeded, client, store) }
    } catch {
        await database.cleanUp()
        throw error
    }
    await database.cleanUp()
}

/// Two territories with one account per role each: most tests need to show that A cannot see B.
struct TwoTerritories: Sendable {
    let a: Fixture
    let b: Fixture

    static func make(_ store: Store) async throws -> TwoTerritories {
        TwoTerritories(a: try await Fixture.make(store, slug: "alpha"), b: try await Fixture.make(store, slug: "beta"))
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    /// The page as a person reads it: entities of the characters Mustache escapes decoded.
    var readable: String {
        ["&#39;": "'", "&#x27;": "'", "&apos;": "'", "&quot;": "\"", "&amp;": "&"]
            .reduce(text) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
    }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:] }
}

/// An API caller with a bearer token.
struct APIClient: Sendable {
    let client: any TestClientProtocol
    let token: String

    static func make(_ client: any TestClientProtocol, store: Store, email: String) async throws -> APIClient {
        APIClient(client: client, token: try await store.accounts.issueToken(email: email))
    }

    func get(_ path: String) async throws -> TestResponse {
        try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(token)"])
    }

    func post(_ path: String, json: String) async throws -> TestResponse {
        try await send(.post, path, json: json)
    }

    func send(_ method: HTTPRequest.Method, _ path: String, json: String) async throws -> TestResponse {
        try await client.execute(
            uri: path, method: method,
            headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
            body: ByteBuffer(string: json))
    }
}

/// A browser without JavaScript: keeps its cookies and fills in the CSRF field of forms.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var headers: HTTPFields = [:]
    var lastCSRF = ""

    init(_ client: any TestClientProtocol) { self.client = client }

    private var cookieHeader: HTTPFields {
        var fields = headers
        if !cookies.isEmpty { fields[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return fields
    }

    private func remember(_ response: TestResponse) {
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty || value.contains("Max-Age=0") { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
        if let range = response.text.range(of: #"name="_csrf" value="([^"]+)""#, options: .regularExpression) {
            lastCSRF = String(response.text[range].split(separator: "\"")[3])
        }
    }

    @discardableResult
    func get(_ path: String) async throws -> TestResponse {
        let response = try await client.execute(uri: path, method: .get, headers: cookieHeader)
        remember(response)
        return response
    }

    /// Posts a form, with the CSRF token of the last page unless `csrf` says otherwise.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], csrf: String? = nil) async throws -> TestResponse {
        let all = [("_csrf", csrf ?? lastCSRF)] + fields
        let body = all.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        var fields = cookieHeader
        fields[.contentType] = "application/x-www-form-urlencoded"
        let response = try await client.execute(uri: path, method: .post, headers: fields, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    /// Logs in through the form and checks that it worked.
    func logIn(_ email: String, password: String = Fixture.password) async throws {
        try await get("/login")
        let response = try await post("/login", [("email", email), ("password", password)])
        #expect(response.status == .seeOther)
        #expect(cookies["autour_session"] != nil)
    }
}
