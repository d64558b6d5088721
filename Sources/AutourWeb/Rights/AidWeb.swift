import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// Optional aid in pages: the budgets and the commissions (`/droits/aides`), the rules, an
/// application from a file, its instruction and payments, the commission's agenda and decisions,
/// and the two printed documents: the letter notifying each decision and the minutes.
struct AidWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    var service: AidService { store.aidService }

    struct BudgetRow { let kind: String, ceiling: String, budget: String, spent: String, remaining: String, percent: Int, over: Bool }
    struct CommissionRow { let href: String, date: String, state: String, minutesHref: String }
    struct ApplicationRow { let href: String, person: String, kind: String, amount: String, detail: String, status: String }
    struct HubBody {
        let year: Int, budgets: [BudgetRow], commissions: [CommissionRow], waiting: [ApplicationRow], toPay: [ApplicationRow], mayDecide: Bool
        let hasCommissions: Bool, hasWaiting: Bool, hasToPay: Bool, today: String, notice: String?, error: String?, totalBudget: String, totalSpent: String
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/droits/aides") { request, context in
            let notice = request.uri.queryParameters["ok"] == "regles" ? "Règles enregistrées." : nil
            return try await hub(context, notice: notice)
        }
        web.post("/droits/aides/commissions") { request, context in
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let commission = try await service.openCommission(meetsOn: form.text("meetsOn"), actor: context.actor)
                return Response.redirect(to: .aidCommission(commission.id), ok: "ouverte")
            } reshow: { error in
                try await hub(context, error: error.fields["meetsOn"] ?? error.message)
            }
        }
        web.get("/droits/aides/regles") { _, context in try await rulesPage(context) }
        web.post("/droits/aides/regles") { request, context in
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                // Every typed amount is read before any is saved; the service stores all kinds or none.
                var rules: [AidKind: (ceilingCents: Int, budgetCents: Int)] = [:]
                var errors = FieldErrors()
                for kind in AidKind.allCases {
                    func euros(_ field: String, max: Int) -> Int {
                        do { return try NumberInput.euros(form.text(field), field: field, maxCents: max) } catch {
                            for (name, message) in error.fields { errors.add(name, message) }
                            return 0
                        }
                    }
                    rules[kind] = (
                        euros("ceiling-\(kind.rawValue)", max: AidRules.maxAmountCents), euros("budget-\(kind.rawValue)", max: AidRules.maxBudgetCents)
                    )
                }
                try errors.throwIfAny("Certains montants sont à corriger.")
                try await service.setBudgets(rules, year: service.currentYear, actor: context.actor)
                return Response.redirect(to: .aid, ok: "regles")
            } reshow: { error in
                try await rulesPage(context, form: form, error: error)
            }
        }
        web.post("/droits/aides/regles/grille") { request, context in
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                var bands: [AidGridBand] = []
                for index in 1...6 where !form.text("upTo-\(index)").isEmpty || !form.text("share-\(index)").isEmpty {
                    bands.append(
                        AidGridBand(
                            upToCents: try NumberInput.euros(form.text("upTo-\(index)"), field: "upTo-\(index)", maxCents: 100_000),
                            sharePercent: try form.integer("share-\(index)", in: 1...100, unit: "%")))
                }
                try await service.saveGrid(bands, actor: context.actor)
                return Response.redirect(to: .aid, ok: "regles")
            } reshow: { error in
                try await rulesPage(context, gridForm: form, error: error)
            }
        }
        web.get("/droits/personnes/{id}/aides") { _, context in
            try await applyPage(personId: try context.pathID(), context: context)
        }
        web.post("/droits/personnes/{id}/aides") { request, context in
            let personId = try context.pathID()
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let application = try await service.apply(personId: personId, try input(form), actor: context.actor)
                return Response.redirect(to: .aidApplication(application.id), ok: "enregistree")
            } reshow: { error in
                try await applyPage(personId: personId, context: context, form: form, error: error)
            }
        }
        web.get("/droits/aides/demandes/{id}") { request, context in
            let notices = ["enregistree": "Demande enregistrée.", "inscrite": "Demande inscrite à l'ordre du jour.", "versement": "Paiement enregistré."]
            return try await applicationPage(
                try await service.application(id: try context.pathID(), actor: context.actor), context: context,
                notice: request.uri.queryParameters["ok"].flatMap { notices[String($0)] })
        }
        web.post("/droits/aides/demandes/{id}/inscription") { request, context in
            let application = try await service.application(id: try context.pathID(), actor: context.actor)
            let form = try await FormData.read(request, context: context)
            guard let commissionId = UUID(uuidString: form.text("commission")) else {
                return try await applicationPage(application, context: context, error: .invalid("Choisissez une commission."))
            }
            try await service.schedule(applicationId: application.id, commissionId: commissionId, actor: context.actor)
            return Response.redirect(to: .aidApplication(application.id), ok: "inscrite")
        }
        web.post("/droits/aides/demandes/{id}/decision") { request, context in
            let application = try await service.application(id: try context.pathID(), actor: context.actor)
            let form = try await FormData.read(request, context: context)
            guard let commissionId = application.commissionId else { throw AutourError.conflict("Cette demande n'est inscrite à aucune commission.") }
            return try await FormData.submit {
                guard let decision = AidDecision(rawValue: form.text("decision")) else {
                    throw AutourError.invalid("Choisissez une décision.", fields: ["decision": "Accordée, refusée ou ajournée."])
                }
                let amount = decision == .granted ? try NumberInput.euros(form.text("amount"), field: "amount", maxCents: AidRules.maxAmountCents) : nil
                try await service.decide(applicationId: application.id, decision, amountCents: amount, reason: form.text("reason"), actor: context.actor)
                return Response.redirect(to: .aidCommission(commissionId), ok: "decidee", anchor: "decisions")
            } reshow: { error in
                try await commissionPage(commissionId, context: context, failed: (application.id, form, error))
            }
        }
        web.post("/droits/aides/demandes/{id}/paiements") { request, context in
            let application = try await service.application(id: try context.pathID(), actor: context.actor)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                _ = try await service.pay(
                    applicationId: application.id, amountCents: try NumberInput.euros(form.text("amount"), field: "amount", maxCents: AidRules.maxAmountCents),
                    payee: AidPayee(rawValue: form.text("payee")) ?? .person, creditor: form.text("creditor"), paidOn: form.text("paidOn"),
                    actor: context.actor)
                return Response.redirect(to: .aidApplication(application.id), ok: "versement")
            } reshow: { error in
                try await applicationPage(application, context: context, paymentForm: form, error: error)
            }
        }
        web.get("/droits/aides/commissions/{id}") { request, context in
            let notices = [
                "ouverte": "Commission créée : inscrivez-y les demandes depuis leur page.", "decidee": "Décision enregistrée.", "close": "Commission close.",
            ]
            return try await commissionPage(
                try context.pathID(), context: context, notice: request.uri.queryParameters["ok"].flatMap { notices[String($0)] })
        }
        web.post("/droits/aides/commissions/{id}/cloture") { request, context in
            let id = try context.pathID()
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                try await service.close(commissionId: id, minutes: form.values["minutes"] ?? "", actor: context.actor)
                return Response.redirect(to: .aidCommission(id), ok: "close")
            } reshow: { error in
                try await commissionPage(id, context: context, minutesForm: form, error: error)
            }
        }
        web.get("/droits/aides/commissions/{id}/proces-verbal") { _, context in try await minutes(try context.pathID(), context: context) }
        web.get("/droits/aides/decisions/{id}/courrier") { _, context in try await letter(try context.pathID(), context: context) }
    }

    func input(_ form: FormData) throws -> AidApplicationInput {
        var errors = FieldErrors()
        func euros(_ field: String, max: Int) -> Int {
            do { return try NumberInput.euros(form.text(field), field: field, maxCents: max) } catch {
                for (name, message) in error.fields { errors.add(name, message) }
                return 0
            }
        }
        func count(_ field: String, _ range: ClosedRange<Int>) -> Int {
            do { return try form.integer(field, in: range, unit: "personnes") } catch {
                for (name, message) in error.fields { errors.add(name, message) }
                return range.lowerBound
            }
        }
        guard let kind = AidKind(rawValue: form.text("kind")) else {
            throw AutourError.invalid("Choisissez le type d'aide.", fields: ["kind": "Choisissez le type d'aide."])
        }
        let input = AidApplicationInput(
            kind: kind, requestedCents: euros("requested", max: AidRules.maxAmountCents), reason: form.values["reason"] ?? "",
            resourcesCents: euros("resources", max: ResteAVivre.maxMonthlyCents), chargesCents: euros("charges", max: ResteAVivre.maxMonthlyCents),
            adults: count("adults", 1...ResteAVivre.maxPeople), children: count("children", 0...ResteAVivre.maxPeople))
        try errors.throwIfAny()
        return input
    }

    // MARK: The hub

    func hub(_ context: SignedInContext, notice: String? = nil, error: String? = nil) async throws -> Response {
        let actor = context.actor
        try Permissions.require(actor, .applyForAid)
        let year = service.currentYear
        let budgets = try await service.budgets(year: year, territoryId: actor.territoryId)
        let commissions = try await service.commissions(actor: actor)
        let waiting = try await service.applications(statuses: [.submitted, .postponed, .scheduled], actor: actor)
        let toPay = try await service.applications(statuses: [.granted], actor: actor).filter { $0.leftToPayCents > 0 }
        let people = try await store.people.find(ids: Set((waiting + toPay).map(\.personId)), territoryId: actor.territoryId)
        func row(_ application: AidService.Application, amount: String, detail: String) -> ApplicationRow {
            ApplicationRow(
                href: Page.aidApplication(application.id).path, person: people[application.personId]?.displayName ?? "Personne",
                kind: application.input.kind.label, amount: amount, detail: detail, status: application.status.label)
        }
        let body = HubBody(
            year: year,
            budgets: budgets.map {
                BudgetRow(
                    kind: $0.kind.label, ceiling: $0.ceilingCents.map { FrenchMoney.text(cents: $0) } ?? "Non fixé",
                    budget: FrenchMoney.text(cents: $0.budgetCents),
                    spent: FrenchMoney.text(cents: $0.spentCents), remaining: FrenchMoney.text(cents: $0.remainingCents),
                    percent: $0.budgetCents > 0 ? min($0.spentCents * 100 / $0.budgetCents, 100) : 0, over: $0.remainingCents < 0)
            },
            commissions: commissions.map {
                CommissionRow(
                    href: Page.aidCommission($0.id).path, date: FrenchFormat.day($0.meetsOn) ?? $0.meetsOn, state: $0.isOpen ? "Ouverte" : "Close",
                    minutesHref: Page.aidMinutes($0.id).path)
            },
            waiting: waiting.map {
                row(
                    $0, amount: FrenchMoney.text(cents: $0.input.requestedCents),
                    detail: $0.proposalCents.map { "Proposition de la grille : " + FrenchMoney.text(cents: $0) } ?? "Hors grille")
            },
            toPay: toPay.map {
                row($0, amount: FrenchMoney.text(cents: $0.grantedCents ?? 0), detail: "Reste à verser : " + FrenchMoney.text(cents: $0.leftToPayCents))
            },
            mayDecide: Permissions.can(actor, .decideAid), hasCommissions: !commissions.isEmpty, hasWaiting: !waiting.isEmpty, hasToPay: !toPay.isEmpty,
            today: FrenchTime.day(clock.now()), notice: notice, error: error,
            totalBudget: FrenchMoney.text(cents: budgets.reduce(0) { $0 + $1.budgetCents }),
            totalSpent: FrenchMoney.text(cents: budgets.reduce(0) { $0 + $1.spentCents }))
        return renderer.page(
            "aid", title: "Aides facultatives", body: body, path: Page.aid.path, viewer: context, status: error == nil ? .ok : .unprocessableContent)
    }

    // MARK: Rules

    struct RuleRow { let kind: String, key: String, ceiling: String, budget: String, ceilingError: String?, budgetError: String? }
    struct BandRow { let index: Int, upTo: String, share: String, error: String? }
    struct RulesBody { let year: Int, rows: [RuleRow], bands: [BandRow], summary: String?, gridError: String? }

    func rulesPage(_ context: SignedInContext, form: FormData? = nil, gridForm: FormData? = nil, error: AutourError? = nil) async throws -> Response {
        try Permissions.require(context.actor, .decideAid)
        let year = service.currentYear
        let budgets = try await service.budgets(year: year, territoryId: context.actor.territoryId)
        let grid = try await service.grid(territoryId: context.actor.territoryId)
        // Amounts are shown as they are typed back: « 300 » or « 300,50 », without the euro sign.
        func typed(_ cents: Int?) -> String { cents.map { $0 % 100 == 0 ? "\($0 / 100)" : "\($0 / 100),\(String(format: "%02d", $0 % 100))" } ?? "" }
        let fields = error?.fields ?? [:]
        let body = RulesBody(
            year: year,
            rows: budgets.map { budget in
                let key = budget.kind.rawValue
                return RuleRow(
                    kind: budget.kind.label, key: key, ceiling: form?.values["ceiling-\(key)"] ?? typed(budget.ceilingCents),
                    budget: form?.values["budget-\(key)"] ?? typed(budget.ceilingCents == nil ? nil : budget.budgetCents),
                    ceilingError: fields["ceiling-\(key)"],
                    budgetError: fields["budget-\(key)"])
            },
            bands: (1...6).map { index in
                let band = index <= grid.bands.count ? grid.bands[index - 1] : nil
                return BandRow(
                    index: index, upTo: gridForm?.values["upTo-\(index)"] ?? typed(band?.upToCents),
                    share: gridForm?.values["share-\(index)"] ?? band.map { "\($0.sharePercent)" } ?? "",
                    error: gridForm == nil ? nil : fields["upTo-\(index)"] ?? fields["share-\(index)"])
            },
            summary: error?.message, gridError: gridForm != nil && fields.isEmpty ? error?.message : nil)
        return renderer.page(
            "aid_rules", title: "Règles des aides facultatives", body: body, path: Page.aid.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }
}
