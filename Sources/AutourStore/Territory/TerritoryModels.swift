import AutourCore
import FluentKit
import Foundation

final class TerritoryModel: Model, @unchecked Sendable {
    static let schema = "territories"
    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "name") var name: String
    /// INSEE codes joined by commas: a short list read with the territory, never queried alone.
    @Field(key: "communes") var communes: String
    @Field(key: "created_at") var createdAt: Date
    @Children(for: \.$territory) var neighbourhoods: [NeighbourhoodModel]

    init() {}

    init(slug: String, name: String, communes: [String], createdAt: Date) {
        self.slug = slug
        self.name = name
        self.communes = communes.joined(separator: ",")
        self.createdAt = createdAt
    }
}

final class NeighbourhoodModel: Model, @unchecked Sendable {
    static let schema = "neighbourhoods"
    @ID(key: .id) var id: UUID?
    @Parent(key: "territory_id") var territory: TerritoryModel
    @Field(key: "name") var name: String
    @Field(key: "commune_code") var communeCode: String

    init() {}

    init(territoryId: UUID, name: String, communeCode: String) {
        self.$territory.id = territoryId
        self.name = name
        self.communeCode = communeCode
    }

    var core: Neighbourhood { Neighbourhood(id: id!, name: name, communeCode: communeCode) }
}
