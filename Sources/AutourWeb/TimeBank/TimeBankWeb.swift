import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The time bank's pages: a member's balance, history, payments and requests; the board of offers
/// and requests; the coordinator's view of every account; staff entering paper time-cheques.
struct TimeBankWeb {
    let store: Store
    let renderer: WebRenderer
    var service: TimeBankService { store.timeBankService }
    let clock: WallClock

    struct Choice { let value: String; let label: String; let selected: Bool }
    struct Line { let date: String; let description: String; let amount: String; let credit: Bool }
    struct RequestRow { let id: String; let who: String; let amount: String; let description: String; let status: String; let toAnswer: Bool }
    struct MemberBody {
        let balance: String, floor: String, ceiling: String, members: [Choice], lines: [Line], requests: [RequestRow], hasRequests: Bool
        let key: String, requestKey: String, notice: String?, error: String?, listings: [Choice]
    }
    struct ListingRow { let kind: String; let category: String; let place: String?; let title: String; let details: String?; let who: String }
    struct BoardBody {
        let rows: [ListingRow], categories: [Choice], neighbourhoods: [Choice], kinds: [Choice], canPublish: Bool, empty: Bool, error: String?
        let publishCategories: [String]
    }
    struct AccountRow { let name: String; let kind: String; let balance: String }
    struct LedgerBody {
        let rows: [AccountRow]; let total: String; let stats: [AccountRow]; let members: [Choice]; let payers: [Choice]; let key: String; let notice: String?;
        let error: String?
        let canConfigure: Bool; let floorHours: Int; let ceilingHours: Int; let requestDays: Int; let welcomeMinutes: Int
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/temps") { request, context in
            try await member(context, notice: request.uri.queryParameters["ok"].map { _ in "C'est enregistré." }, error: nil)
        }
        web.post("/temps/payer") { request, context in
            let mine = try await service.openOwnAccount(context.account)
            let form = try await FormData.read(request, context: context)
            return try await memberAction(context) {
                guard let to = UUID(uuidString: form.text("toAccount")) else {
                    throw AutourError.invalid("Choisissez à qui payer.", fields: ["toAccount": "Choisissez un membre."])
                }
                _ = try await service.pay(
                    from: mine.id, to: to, minutes: try minutes(form), key: form.text("idempotencyKey"), description: form.text("description"),
                    listingId: UUID(uuidString: form.text("listingId")), by: context.account)
            }
        }
        web.post("/temps/demander") { request, context in
            let mine = try await service.openOwnAccount(context.account)
            let form = try await FormData.read(request, context: context)
            return try await memberAction(context) {
                guard let payer = UUID(uuidString: form.text("payerAccount")) else {
                    throw AutourError.invalid("Choisissez à qui demander.", fields: ["payerAccount": "Choisissez un membre."])
                }
                _ = try await store.timeBank.request(
                    from: mine, payer: payer, minutes: try minutes(form), description: form.text("description"),
                    listingId: UUID(uuidString: form.text("listingId")), actor: context.actor)
            }
        }
        // One route per answer: an unknown word in the path is a 404, never a refusal.
        web.post("/temps/demandes/{id}/accepter") { _, context in try await answer(context, accept: true) }
        web.post("/temps/demandes/{id}/refuser") { _, context in try await answer(context, accept: false) }
        web.get("/temps/annonces") { request, context in
            try await board(request, context: context, error: nil)
        }
        web.post("/temps/annonces") { request, context in
            let mine = try await service.openOwnAccount(context.account)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                _ = try await store.timeBank.publish(
                    mine, kind: form.text("kind"), category: form.text("category"), neighbourhood: form.text("neighbourhood"),
                    title: form.text("title"), details: form.text("details"))
                return Response.redirect(to: .board)
            } reshow: { error in
                return try await board(request, context: context, error: error.summary)
            }
        }
        web.post("/temps/ouvrir") { _, context in
            _ = try await service.openOwnAccount(context.account)
            return Response.redirect(to: .timeBank, ok: "1")
        }
        web.get("/temps/comptes") { request, context in
            let notices = ["reglages": "Réglages enregistrés.", "1": "Chèque enregistré.", "ouverts": "Comptes ouverts."]
            return try await ledgerPage(context, notice: request.uri.queryParameters["ok"].flatMap { notices[String($0)] }, error: nil)
        }
        web.post("/temps/comptes/ouvrir") { _, context in
            _ = try await service.openAccounts(by: context.actor)
            return Response.redirect(to: .timeAccounts, ok: "ouverts")
        }
        web.post("/temps/reglages") { request, context in
            try context.require(.viewLedger)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                // The bounds are the settings' own rules, so no product below can overflow.
                let settings = TimeBankSettings(
                    limits: LedgerLimits(
                        floorMinutes: try form.integer("floorHours", in: -200...0, unit: "h") * 60,
                        ceilingMinutes: try form.integer("ceilingHours", in: 1...400, unit: "h") * 60),
                    requestDays: try form.integer("requestDays", in: 1...60, unit: "jours"),
                    welcomeMinutes: try form.integer("welcomeMinutes", in: 0...600, unit: "min"))
                try await store.timeBank.updateSettings(settings, territoryId: context.actor.territoryId)
                return Response.redirect(to: .timeAccounts, ok: "reglages")
            } reshow: { error in
                return try await ledgerPage(context, notice: nil, error: error.summary)
            }
        }
        web.post("/temps/cheques") { request, context in
            try context.require(.enterTimeCheques)
            let form = try await FormData.read(request, context: context)
            do {
                guard let from = UUID(uuidString: form.text("fromAccount")), let to = UUID(uuidString: form.text("toAccount")) else {
                    throw AutourError.invalid("Choisissez les deux membres.", fields: ["fromAccount": "Choisissez qui paie et qui reçoit."])
                }
                _ = try await service.pay(
                    from: from, to: to, minutes: try minutes(form), key: form.text("idempotencyKey"),
                    description: form.text("description"), listingId: nil, by: context.account)
            } catch let error as AutourError {
                switch error {
                case .invalid, .conflict:
                    return try await ledgerPage(context, notice: nil, error: error.summary)
                default: throw error
                }
            }
            return Response.redirect(to: .timeAccounts, ok: "1")
        }
    }

    /// The amount typed as hours and minutes, through the checked path (at most one transfer's worth).
    func minutes(_ form: FormData) throws(AutourError) -> Int {
        try NumberInput.duration(hours: form.text("hours"), minutes: form.text("minutes"), maxMinutes: LedgerRules.maxMinutes)
    }

    func answer(_ context: SignedInContext, accept: Bool) async throws -> Response {
        let id = try context.pathID()
        return try await memberAction(context) { _ = try await service.answer(request: id, accept: accept, by: context.account) }
    }

    /// Runs a member's action, then back to their page; a refusal they can act on (invalid or in
    /// conflict) re-shows the page with it, anything else is an error page.
    func memberAction(_ context: SignedInContext, _ action: () async throws -> Void) async throws -> Response {
        do {
            try await action()
        } catch let error as AutourError {
            switch error {
            case .invalid, .conflict: return try await member(context, notice: nil, error: error.summary)
            default: throw error
            }
        }
        return Response.redirect(to: .timeBank, ok: "1")
    }

    struct OpenBody { let welcome: String }

    func member(_ context: SignedInContext, notice: String?, error: String?) async throws -> Response {
        guard let mine = try await service.ownAccount(of: context.account) else {
            // Reading opens nothing: the member opens their account with one button.
            let settings = try await store.timeBank.settings(territoryId: context.actor.territoryId)
            return renderer.page(
                "timebank_open", title: "Ma banque de temps", body: OpenBody(welcome: LedgerRules.hours(settings.welcomeMinutes)),
                path: Page.timeBank.path, viewer: context)
        }
        let settings = try await store.timeBank.settings(territoryId: context.actor.territoryId)
        let everyone = try await store.timeBank.accounts(territoryId: context.actor.territoryId)
        let names = Dictionary(uniqueKeysWithValues: everyone.map { ($0.id, $0.name) })
        let others = everyone.filter { $0.kind == .member && $0.id != mine.id }
        let lines = try await store.timeBank.history(accountId: mine.id).map { item in
            Line(
                date: FrenchFormat.dateTime(item.transfer.createdAt),
                description: item.transfer.description.nilIfEmpty ?? LedgerRules.kindLabel(item.transfer.kind),
                amount: LedgerRules.hours(item.minutes), credit: item.minutes > 0)
        }
        let requests = try await store.timeBank.requests(accountId: mine.id).map { r in
            let incoming = r.payerAccount == mine.id
            return RequestRow(
                id: r.id.uuidString.lowercased(),
                who: incoming ? "\(names[r.providerAccount] ?? "—") vous demande" : "Vous demandez à \(names[r.payerAccount] ?? "—")",
                amount: LedgerRules.hours(r.minutes), description: r.description, status: r.status.label,
                toAnswer: incoming && r.status == .pending)
        }
        let listings = try await store.timeBank.listings(territoryId: context.actor.territoryId)
        let body = MemberBody(
            balance: LedgerRules.hours(mine.balanceMinutes), floor: LedgerRules.hours(settings.limits.floorMinutes),
            ceiling: LedgerRules.hours(settings.limits.ceilingMinutes),
            members: others.map { Choice(value: $0.id.uuidString.lowercased(), label: $0.name, selected: false) }, lines: lines,
            requests: requests, hasRequests: !requests.isEmpty, key: UUID().uuidString, requestKey: UUID().uuidString, notice: notice, error: error,
            listings: [Choice(value: "", label: "— aucune —", selected: true)]
                + listings.map { Choice(value: $0.id.uuidString.lowercased(), label: "\($0.kind.label) : \($0.title)", selected: false) })
        return renderer.page(
            "timebank", title: "Ma banque de temps", body: body, path: Page.timeBank.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    func board(_ request: Request, context: SignedInContext, error: String?) async throws -> Response {
        guard Permissions.can(context.actor, .useTimeBank) || Permissions.can(context.actor, .enterTimeCheques) else { throw AutourError.forbidden }
        let territory = context.territory
        let params = request.uri.queryParameters
        let category = params["categorie"].map(String.init).flatMap(\.nilIfEmpty)
        let place = params["quartier"].map(String.init).flatMap(\.nilIfEmpty)
        let names = Dictionary(uniqueKeysWithValues: try await store.timeBank.accounts(territoryId: territory.id).map { ($0.id, $0.name) })
        let rows = try await store.timeBank.listings(territoryId: territory.id, category: category, neighbourhood: place).map { l in
            ListingRow(
                kind: l.kind.label, category: l.category, place: l.neighbourhood, title: l.title, details: l.details.nilIfEmpty,
                who: names[l.accountId] ?? "—")
        }
        let body = BoardBody(
            rows: rows,
            categories: [Choice(value: "", label: "Toutes les catégories", selected: category == nil)]
                + LedgerRules.categories.map { Choice(value: $0, label: $0, selected: category == $0) },
            neighbourhoods: [Choice(value: "", label: "Tous les quartiers", selected: place == nil)]
                + territory.neighbourhoods.map { Choice(value: $0.name, label: $0.name, selected: place == $0.name) },
            kinds: ListingKind.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == .offer) },
            canPublish: Permissions.can(context.actor, .useTimeBank), empty: rows.isEmpty, error: error, publishCategories: LedgerRules.categories)
        return renderer.page(
            "timebank_board", title: "Offres et demandes", body: body, path: Page.board.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    func ledgerPage(_ context: SignedInContext, notice: String?, error: String?) async throws -> Response {
        try context.require(.enterTimeCheques)
        let accounts = try await service.ledger(by: context.actor)
        let full = Permissions.can(context.actor, .viewLedger)
        let settings = try await store.timeBank.settings(territoryId: context.actor.territoryId)
        let stats =
            full
            ? try await store.timeBank.statistics(territoryId: context.actor.territoryId).map {
                AccountRow(
                    name: LedgerRules.kindLabel($0.kind), kind: FrenchText.count($0.transfers, "virement", "virements"), balance: LedgerRules.hours($0.minutes))
            } : []
        let body = LedgerBody(
            rows: full ? accounts.map { AccountRow(name: $0.name, kind: $0.kind.label, balance: LedgerRules.hours($0.balanceMinutes)) } : [],
            total: LedgerRules.hours(accounts.reduce(0) { $0 + $1.balanceMinutes }), stats: stats,
            members: accounts.filter { $0.kind == .member }.map { Choice(value: $0.id.uuidString.lowercased(), label: $0.name, selected: false) },
            // Coordinators also credit members from the territory's funds (people without a smartphone).
            payers: accounts.filter {
                $0.kind == .member || (LedgerRules.payableFunds.contains($0.kind) && Permissions.can(context.actor, .payFromTerritoryFunds))
            }
            .map { Choice(value: $0.id.uuidString.lowercased(), label: $0.kind == .member ? $0.name : $0.kind.label, selected: false) },
            key: UUID().uuidString, notice: notice, error: error, canConfigure: full,
            floorHours: settings.limits.floorMinutes / 60, ceilingHours: settings.limits.ceilingMinutes / 60,
            requestDays: settings.requestDays, welcomeMinutes: settings.welcomeMinutes)
        return renderer.page(
            "timebank_ledger", title: "Comptes de la banque de temps", body: body, path: Page.timeAccounts.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }
}
