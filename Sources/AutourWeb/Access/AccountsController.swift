import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The territory's accounts: an admin page and the matching API. Every query is scoped to the
/// admin's own territory; another territory's account answers 404.
struct AccountsController {
    let store: Store
    let accounts: AccountRepository
    let audit: AuditRepository
    let referrals: ReferralRepository
    let directory: DirectoryRepository
    let renderer: WebRenderer

    // MARK: DTOs

    struct AccountDTO: Encodable {
        let id: UUID
        let email: String
        let name: String
        let roles: [String]
        let isSocialWorker: Bool
        let active: Bool

        init(_ account: Account) {
            id = account.id
            email = account.email
            name = account.name
            roles = account.sortedRoles.map(\.rawValue)
            isSocialWorker = account.isSocialWorker
            active = account.active
        }
    }

    struct LinkRequest: Decodable { let structureId: String }

    struct CreateRequest: Decodable {
        let email: String
        let name: String
        let roles: [String]
        let password: String
        let isSocialWorker: Bool?
    }

    // MARK: API

    func addAPIRoutes(to api: RouterGroup<SignedInContext>) {
        api.get("/accounts") { _, context in
            try context.require(.manageAccounts)
            return try JSONResponse.make(ItemList(items: try await accounts.list(territoryId: context.actor.territoryId).map(AccountDTO.init)))
        }
        api.post("/accounts") { request, context in
            try context.require(.manageAccounts)
            let input = try await request.decodeJSON(CreateRequest.self, context: context)
            let roles = try Role.parseList(input.roles.joined(separator: ","))
            let account = try await store.createAccount(
                territoryId: context.actor.territoryId, email: input.email, name: input.name,
                roles: roles, password: input.password,
                isSocialWorker: input.isSocialWorker ?? false, actorId: context.actor.accountId)
            return try JSONResponse.make(AccountDTO(account), status: .created)
        }
        api.get("/accounts/{id}") { _, context in
            let account = try await scopedAccount(context)
            // Staff accounts hold personal data too: reading one is traced like any file.
            try await audit.recordRead(actor: context.actor, recordType: "account", recordId: account.id.uuidString)
            return try JSONResponse.make(AccountDTO(account))
        }
        api.post("/accounts/{id}/structure") { request, context in
            let account = try await scopedAccount(context)
            let input = try await request.decodeJSON(LinkRequest.self, context: context)
            try await referrals.linkPartner(accountId: account.id, structureId: input.structureId, territoryId: account.territoryId)
            return try JSONResponse.make(AccountDTO(account))
        }
        api.post("/accounts/{id}/deactivate") { _, context in
            let account = try await scopedAccount(context)
            guard account.id != context.actor.accountId else {
                throw AutourError.conflict("Vous ne pouvez pas désactiver votre propre compte.")
            }
            try await accounts.setActive(false, accountId: account.id, territoryId: account.territoryId, actorId: context.actor.accountId)
            return try JSONResponse.make(AccountDTO(try await accounts.find(id: account.id, territoryId: account.territoryId)!))
        }
    }

    /// The account named in the path, if the caller may manage it; 404 otherwise.
    private func scopedAccount(_ context: SignedInContext) async throws -> Account {
        try context.require(.manageAccounts)
        guard let id = context.parameters.get("id", as: UUID.self),
            let account = try await accounts.find(id: id, territoryId: context.actor.territoryId)
        else {
            throw AutourError.notFound
        }
        try context.require(.manageAccounts, on: RecordScope(territoryId: account.territoryId))
        return account
    }

    // MARK: Web

    struct RoleChoice {
        let code: String
        let label: String
        let checked: Bool
    }

    /// A partner account and the directory structure it answers for.
    struct PartnerRow {
        let id: String
        let name: String
        let current: String
        let structures: [RoleChoice]
    }

    struct PageBody {
        let accounts: [AccountDTO]
        let partners: [PartnerRow]
        let hasPartners: Bool
        let roles: [RoleChoice]
        let email: String
        let name: String
        let socialWorker: Bool
        /// Optional texts render their section only when present (Mustache treats nil as false).
        let created: String?
        let emailError: String?
        let nameError: String?
        let rolesError: String?
        let passwordError: String?
        let summary: String?
    }

    func addWebRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/admin/comptes") { request, context in
            try context.require(.manageAccounts)
            return try await page(
                context, form: FormData(""), error: nil,
                created: request.uri.queryParameters["cree"].map(String.init) ?? "")
        }
        web.post("/admin/comptes") { request, context in
            try context.require(.manageAccounts)
            let form = try await FormData.read(request, context: context)
            let roles = Set(Role.allCases.filter { form["role_\($0.rawValue)"] != nil })
            do {
                let account = try await store.createAccount(
                    territoryId: context.actor.territoryId, email: form.text("email"),
                    name: form.text("name"), roles: roles, password: form["password"] ?? "",
                    isSocialWorker: form["social_worker"] != nil, actorId: context.actor.accountId)
                return Response.seeOther("/admin/comptes?cree=" + (account.email.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            } catch let error as AutourError {
                switch error {
                case .invalid, .conflict: return try await page(context, form: form, error: error, created: "")
                default: throw error
                }
            }
        }
        web.post("/admin/comptes/{id}/structure") { request, context in
            let account = try await scopedAccount(context)
            let form = try await FormData.read(request, context: context)
            try await referrals.linkPartner(accountId: account.id, structureId: form.text("structureId"), territoryId: account.territoryId)
            return Response.seeOther("/admin/comptes")
        }
        web.post("/admin/comptes/{id}/desactiver") { _, context in
            let account = try await scopedAccount(context)
            guard account.id != context.actor.accountId else {
                throw AutourError.conflict("Vous ne pouvez pas désactiver votre propre compte.")
            }
            try await accounts.setActive(false, accountId: account.id, territoryId: account.territoryId, actorId: context.actor.accountId)
            return Response.seeOther("/admin/comptes")
        }
    }

    private func page(_ context: SignedInContext, form: FormData, error: AutourError?, created: String) async throws -> Response {
        let all = try await accounts.list(territoryId: context.actor.territoryId)
        let list = all.map(AccountDTO.init)
        let structures = try await directory.export(territoryId: context.actor.territoryId).structures
            .compactMap { record -> (id: String, name: String)? in
                guard let id = record["id"]?.string else { return nil }
                return (id, record["nom"]?.string ?? id)
            }
        var partners: [PartnerRow] = []
        for account in all where account.roles.contains(.partner) && account.active {
            let current = try await referrals.structure(ofPartner: account.id)
            partners.append(
                PartnerRow(
                    id: account.id.uuidString.lowercased(), name: account.name,
                    current: structures.first { $0.id == current }?.name ?? "aucune",
                    structures: structures.map { RoleChoice(code: $0.id, label: $0.name, checked: $0.id == current) }))
        }
        var fields = error?.fields ?? [:]
        if case .conflict(let message) = error { fields["email"] = message }
        let body = PageBody(
            accounts: list, partners: partners, hasPartners: !partners.isEmpty && !structures.isEmpty,
            roles: Role.allCases.map { RoleChoice(code: $0.rawValue, label: $0.label, checked: form["role_\($0.rawValue)"] != nil) },
            email: form.text("email"), name: form.text("name"), socialWorker: form["social_worker"] != nil,
            created: created.isEmpty ? nil : created,
            emailError: fields["email"], nameError: fields["name"], rolesError: fields["roles"],
            passwordError: fields["password"], summary: error?.message)
        return renderer.page(
            "accounts", title: "Comptes", body: body, path: "/admin/comptes", viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }
}
