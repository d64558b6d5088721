import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// `GET /api/v1/me`: who the token belongs to.
struct MeController {
    let territories: TerritoryRepository
    let timeBank: TimeBankRepository

    struct TerritoryDTO: Encodable { let slug: String; let name: String }
    struct MeDTO: Encodable {
        let id: UUID
        let email: String
        let name: String
        let roles: [String]
        let territory: TerritoryDTO
        let timebankAccountId: UUID?
    }

    func addRoutes(to api: RouterGroup<SignedInContext>) {
        api.get("/me") { _, context in
            try context.require(.viewOwnAccount)
            guard let territory = try await territories.find(id: context.account.territoryId) else { throw AutourError.notFound }
            // A volunteer is a member of the time bank: their account exists from the first look.
            let timebank = context.account.roles.contains(.volunteer) ? try await timeBank.memberAccount(of: context.account).id : nil
            return try JSONResponse.make(MeDTO(id: context.account.id, email: context.account.email, name: context.account.name,
                                               roles: context.account.sortedRoles.map(\.rawValue),
                                               territory: .init(slug: territory.slug, name: territory.name), timebankAccountId: timebank))
        }
    }
}
