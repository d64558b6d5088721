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

/// A territory's own rules kept as one JSON value (the aid grid, the voucher rule): stored in
/// `settings` under `name:territory`, every change audited.
extension SettingsRepository {
    static func key(_ name: String, territoryId: UUID) -> String { "\(name):\(territoryId.uuidString.lowercased())" }

    /// The value last saved, nil until then.
    public func territorySetting<T: Decodable>(_ name: String, territoryId: UUID, as type: T.Type = T.self) async throws -> T? {
        guard let row = try await SettingModel.query(on: database.db).filter(\.$key == Self.key(name, territoryId: territoryId)).first() else {
            return nil
        }
        return try JSONDecoder().decode(T.self, from: Data(row.value.utf8))
    }

    public func saveTerritorySetting<T: Encodable>(_ name: String, _ value: T, actor: Actor, at now: Date) async throws {
        let key = Self.key(name, territoryId: actor.territoryId)
        let text = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        try await database.write { tx in
            try await SettingModel.query(on: tx).filter(\.$key == key).delete()
            let model = SettingModel()
            model.key = key
            model.value = text
            try await model.create(on: tx)
            try await database.trace(.update, name, actor.territoryId.uuidString, actor: actor, at: now, on: tx)
        }
    }
}
