import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// `GET /api/v1/me`: who the token belongs to.
struct MeController {
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
            let territory = context.territory
            // Reading opens nothing: the account exists once the volunteer role was granted or the
            // member opened it (POST /api/v1/timebank/accounts/mine).
            let timebank = try await timeBank.account(ownerId: context.account.id)?.id
            return try JSONResponse.make(
                MeDTO(
                    id: context.account.id, email: context.account.email, name: context.account.name,
                    roles: context.account.sortedRoles.map(\.rawValue),
                    territory: .init(slug: territory.slug, name: territory.name), timebankAccountId: timebank))
        }
    }
}
