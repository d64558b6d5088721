import AutourCore
import FluentKit
import Foundation

/// Territories and their neighbourhoods.
public struct TerritoryRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    /// Creates a territory. Neighbourhoods without a commune go to the first commune.
    public func create(slug: String, name: String, communes: [String], neighbourhoods: [String] = []) async throws -> Territory {
        try TerritoryRules.validate(slug: slug, name: name)
        guard !communes.isEmpty || neighbourhoods.isEmpty else {
            throw AutourError.invalid("Des quartiers ont besoin d'au moins une commune.", fields: ["communes": "au moins une commune"])
        }
        let now = clock.now()
        let trimmedName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let id = try await database.write { tx in
            if try await TerritoryModel.query(on: tx).filter(\.$slug == slug).first() != nil {
                throw AutourError.conflict("Un territoire « \(slug) » existe déjà.")
            }
            let territory = TerritoryModel(slug: slug, name: trimmedName, communes: communes, createdAt: now)
            try await territory.create(on: tx)
            let territoryId = try territory.requireID()
            var seen = Set<String>()
            for neighbourhood in neighbourhoods where seen.insert(neighbourhood.lowercased()).inserted {
                try await NeighbourhoodModel(territoryId: territoryId, name: neighbourhood, communeCode: communes[0]).create(on: tx)
            }
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: territoryId, actorId: nil,
                action: .create, recordType: "territory", recordId: territoryId.uuidString)
            return territoryId
        }
        return try await find(id: id)!
    }

    public func find(slug: String) async throws -> Territory? {
        guard let model = try await TerritoryModel.query(on: database.db).filter(\.$slug == slug).with(\.$neighbourhoods).first() else {
            return nil
        }
        return Self.core(model)
    }

    public func find(id: UUID) async throws -> Territory? {
        guard let model = try await TerritoryModel.query(on: database.db).filter(\.$id == id).with(\.$neighbourhoods).first() else {
            return nil
        }
        return Self.core(model)
    }

    public func count() async throws -> Int {
        try await TerritoryModel.query(on: database.db).count()
    }

    static func core(_ model: TerritoryModel) -> Territory {
        Territory(
            id: model.id!, slug: model.slug, name: model.name,
            communes: model.communes.split(separator: ",").map(String.init),
            neighbourhoods: model.neighbourhoods.map(\.core).sorted { $0.name < $1.name })
    }
}
