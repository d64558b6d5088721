import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The coordinator's page of the watchers' network: the charter, written and versioned by the
/// CCAS, and each watcher's (or trained volunteer's) sector, training and status.
struct WatchersWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock

    struct Row {
        let id: String, name: String, roles: String, sector: String, trainedOn: String, charter: String, active: Bool
    }
    struct Body {
        let rows: [Row]
        let charterVersion: Int?
        let charterText: String
        let charterError: String?
        let notice: String?
    }
    struct Choice { let value: String; let label: String; let selected: Bool }
    struct EditBody {
        let id: String, name: String, neighbourhoods: [Choice], trainedOn: String, active: Bool, error: String?
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/radar/veilleurs") { request, context in
            try context.require(.manageWatchers)
            return try await page(context, notice: request.uri.queryParameters["ok"].map { _ in "Enregistré." }, charterError: nil)
        }
        web.post("/radar/charte") { request, context in
            try context.require(.manageWatchers)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                _ = try await store.watchers.publishCharter(form["text"] ?? "", actor: context.actor)
                return Response.redirect(to: .watchers, ok: "charte")
            } reshow: { error in
                return try await page(context, notice: nil, charterError: error.fields["text"] ?? error.message)
            }
        }
        web.get("/radar/veilleurs/{id}") { _, context in
            let account = try await member(context)
            return try await edit(account, context: context, error: nil)
        }
        web.post("/radar/veilleurs/{id}") { request, context in
            let account = try await member(context)
            let form = try await FormData.read(request, context: context)
            let territory = context.territory
            return try await FormData.submit {
                let chosen = territory.neighbourhoods.map(\.name).filter { form["n_\($0)"] != nil }
                let profile = try WatcherRules.validateProfile(
                    neighbourhoods: chosen, trainedOn: form.text("trainedOn"),
                    territory: territory, today: clock.now())
                _ = try await store.watchers.setProfile(
                    accountId: account.id, neighbourhoods: profile.neighbourhoods,
                    trainedOn: profile.trainedOn, actor: context.actor)
                _ = try await store.watchers.setActive(form["active"] != nil, accountId: account.id, actor: context.actor)
                return Response.redirect(to: .watchers, ok: "profil")
            } reshow: { error in
                return try await edit(account, context: context, error: error.fields.values.first ?? error.message)
            }
        }
    }

    /// A watcher or volunteer account of the territory, from the path.
    func member(_ context: SignedInContext) async throws -> Account {
        try context.require(.manageWatchers)
        guard let id = context.parameters.get("id", as: UUID.self),
            let account = try await store.accounts.find(id: id, territoryId: context.actor.territoryId),
            account.roles.contains(.watcher) || account.roles.contains(.volunteer)
        else { throw AutourError.notFound }
        return account
    }

    func page(_ context: SignedInContext, notice: String?, charterError: String?) async throws -> Response {
        let members = try await store.accounts.list(territoryId: context.actor.territoryId)
            .filter { $0.roles.contains(.watcher) || $0.roles.contains(.volunteer) }
        let profiles = try await store.watchers.profiles(accountIds: members.map(\.id))
        let charter = try await store.watchers.currentCharter(territoryId: context.actor.territoryId)
        let rows = members.map { account in
            let profile = profiles[account.id]
            return Row(
                id: account.id.uuidString.lowercased(), name: account.name,
                roles: account.sortedRoles.filter { $0 == .watcher || $0 == .volunteer }.map(\.label).joined(separator: ", "),
                sector: profile?.neighbourhoods.joined(separator: ", ").nilIfEmpty ?? "—",
                trainedOn: profile?.trainedOn.flatMap(FrenchFormat.day) ?? "non formé·e",
                charter: profile?.charterVersion.map { $0 == charter?.version ? "version \($0) (en vigueur)" : "version \($0) (ancienne)" }
                    ?? "pas encore acceptée",
                active: profile?.isActive ?? true)
        }
        let body = Body(rows: rows, charterVersion: charter?.version, charterText: charter?.text ?? "", charterError: charterError, notice: notice)
        return renderer.page(
            "watchers", title: "Réseau des veilleurs", body: body, path: Page.watchers.path, viewer: context,
            status: charterError == nil ? .ok : .unprocessableContent)
    }

    func edit(_ account: Account, context: SignedInContext, error: String?) async throws -> Response {
        let territory = context.territory
        let profile = try await store.watchers.profile(accountId: account.id)
        let body = EditBody(
            id: account.id.uuidString.lowercased(), name: account.name,
            neighbourhoods: territory.neighbourhoods.map {
                Choice(value: $0.name, label: $0.name, selected: profile?.neighbourhoods.contains($0.name) ?? false)
            },
            trainedOn: profile?.trainedOn ?? "", active: profile?.isActive ?? true, error: error)
        return renderer.page(
            "watcher_edit", title: account.name, body: body, path: Page.watchers.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }
}
