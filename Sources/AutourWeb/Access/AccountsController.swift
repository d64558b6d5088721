import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The territory's accounts: the admin page (the API is in AccessAPI.swift). Every query is scoped to the
/// admin's own territory; another territory's account answers 404.
struct AccountsController {
    let store: Store
    let accounts: AccountRepository
    let audit: AuditRepository
    let referrals: ReferralRepository
    let directory: DirectoryRepository
    let renderer: WebRenderer

    var service: AccessService { store.accessService }

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

    /// One row of the accounts table, roles in French.
    struct AccountRow {
        let id: String
        let email: String
        let name: String
        let roles: [String]
        let isSocialWorker: Bool
        let active: Bool

        init(_ account: Account) {
            (id, email, name) = (account.id.uuidString, account.email, account.name)
            roles = account.sortedRoles.map(\.label)
            (isSocialWorker, active) = (account.isSocialWorker, account.active)
        }
    }

    struct PageBody {
        let accounts: [AccountRow]
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
                context, form: .empty, error: nil,
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
                return Response.redirect(to: .accounts, query: [("cree", account.email)])
            } catch let error as AutourError {
                switch error {
                case .invalid, .conflict: return try await page(context, form: form, error: error, created: "")
                default: throw error
                }
            }
        }
        web.post("/admin/comptes/{id}/structure") { request, context in
            let form = try await FormData.read(request, context: context)
            _ = try await service.linkPartner(id: try context.pathID(), structureId: form.text("structureId"), by: context.actor)
            return Response.redirect(to: .accounts)
        }
        web.post("/admin/comptes/{id}/desactiver") { _, context in
            _ = try await service.deactivate(id: try context.pathID(), by: context.actor)
            return Response.redirect(to: .accounts)
        }
    }

    private func page(_ context: SignedInContext, form: FormData, error: AutourError?, created: String) async throws -> Response {
        let all = try await accounts.list(territoryId: context.actor.territoryId)
        let list = all.map(AccountRow.init)
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
            "accounts", title: "Comptes", body: body, path: Page.accounts.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }
}
