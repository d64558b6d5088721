import AutourCore
import FluentKit
import Foundation

final class SettingModel: Model, @unchecked Sendable {
    static let schema = "settings"
    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "value") var value: String
    init() {}
}

/// Instance-wide settings kept in the database.
public struct SettingsRepository: Sendable {
    let database: AutourDatabase

    public init(database: AutourDatabase) { self.database = database }

    /// The key that signs CSRF tokens. Generated on first start and kept, so that every server
    /// of a deployment, and every restart, agrees on it.
    public func secret() async throws -> String {
        if let existing = try await SettingModel.query(on: database.db).filter(\.$key == "secret").first() {
            return existing.value
        }
        let candidate = Tokens.generate(byteCount: 48)
        return try await database.write { tx in
            // Another server may have raced us: whoever inserted first wins.
            if let existing = try await SettingModel.query(on: tx).filter(\.$key == "secret").first() { return existing.value }
            let model = SettingModel()
            model.key = "secret"
            model.value = candidate
            try await model.create(on: tx)
            return candidate
        }
    }
}
