import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// `GET /api/v1/me`: who the token belongs to.
struct MeController {
    let territories: TerritoryRepository

    struct TerritoryDTO: Encodable { let slug: String; let name: String }
    struct MeDTO: Encodable {
        let id: UUID
        let email: String
        let name: String
        let roles: [String]
        let territory: TerritoryDTO
    }

    func addRoutes(to api: RouterGroup<SignedInContext>) {
        api.get("/me") { _, context in
            try context.require(.viewOwnAccount)
            guard let territory = try await territories.find(id: context.account.territoryId) else { throw AutourError.notFound }
            return try JSONResponse.make(MeDTO(id: context.account.id, email: context.account.email, name: context.account.name,
                                               roles: context.account.sortedRoles.map(\.rawValue),
                                               territory: .init(slug: territory.slug, name: territory.name)))
        }
    }
}
