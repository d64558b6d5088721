import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("the document describes exactly the API routes the router serves")
    func matchesRouter() async throws {
        let database = try await TestDatabase.make(.sqlite)
        let settings = testSettings(database.location)
        let store = try await openStore(settings)
        let router = try await buildRouter(settings, store: store)
        let served = Set(
            router.routes.map { "\($0.method.rawValue) \($0.path)" }.filter { $0.contains(" /api/v1/") }
                .map { $0.replacingOccurrences(of: #":(\w+)"#, with: "{$1}", options: .regularExpression) })
        let app = try await buildApplication(settings, store: store)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let described = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            #expect(described == served)
        }
        await database.cleanUp()
    }
}
