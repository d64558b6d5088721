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
                let year = service.currentYear
                // Every kind is checked before any is saved: a typo on the last row stores nothing.
                var rows: [(AidKind, Int, Int)] = []
                var errors = FieldErrors()
                for kind in AidKind.allCases {
                    do {
                        rows.append(
                            (
                                kind,
                                try NumberInput.euros(
                                    form.text("ceiling-\(kind.rawValue)"), field: "ceiling-\(kind.rawValue)", maxCents: AidRules.maxAmountCents),
                                try NumberInput.euros(form.text("budget-\(kind.rawValue)"), field: "budget-\(kind.rawValue)", maxCents: AidRules.maxBudgetCents)
                            ))
                    } catch let error as AutourError {
                        for (field, message) in error.fields { errors.add(field, message) }
                    }
                }
                try errors.throwIfAny("Certains montants sont à corriger.")
                for (kind, ceiling, budget) in rows {
                    do {
                        try await service.setBudget(kind: kind, year: year, ceilingCents: ceiling, budgetCents: budget, actor: context.actor)
                    } catch let AutourError.invalid(message, fields) {
                        // Name the row: the service's field names do not carry the kind.
                        throw AutourError.invalid(message, fields: Dictionary(uniqueKeysWithValues: fields.map { ("\($0.key)-\(kind.rawValue)", $0.value) }))
                    }
                }
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

    // MARK: An application

    struct ApplyBody {
        let person: String, personHref: String, action: String, kinds: [Option], requested: String, reason: String, resources: String, charges: String
        let adults: String, children: String, errors: [String: String], summary: String?, fromSituation: Bool
    }

    func applyPage(personId: UUID, context: SignedInContext, form: FormData? = nil, error: AutourError? = nil) async throws -> Response {
        try Permissions.require(context.actor, .applyForAid)
        guard let person = try await store.people.find(id: personId, territoryId: context.actor.territoryId) else { throw AutourError.notFound }
        guard person.erasedAt == nil else { throw AutourError.conflict("Cette personne a été anonymisée.") }
        let situation = try await store.rights.situation(personId: personId, territoryId: context.actor.territoryId)?.situation
        let draft = service.draft(personId: personId, kind: .food, situation: situation)
        func euros(_ cents: Int) -> String { cents == 0 ? "" : cents % 100 == 0 ? "\(cents / 100)" : String(format: "%d,%02d", cents / 100, cents % 100) }
        let chosen = form?.text("kind") ?? ""
        let body = ApplyBody(
            person: person.displayName, personHref: Page.person(personId).path, action: Page.newAidApplication(personId).path,
            kinds: AidKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == chosen) },
            requested: form?.values["requested"] ?? "", reason: form?.values["reason"] ?? "",
            resources: form?.values["resources"] ?? euros(draft.resourcesCents),
            charges: form?.values["charges"] ?? euros(draft.chargesCents), adults: form?.values["adults"] ?? "\(draft.adults)",
            children: form?.values["children"] ?? "\(draft.children)", errors: error?.fields ?? [:], summary: error?.message, fromSituation: situation != nil)
        return renderer.page(
            "aid_apply", title: "Demande d'aide facultative — \(person.displayName)", body: body, path: Page.aid.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    struct DecisionRow {
        let date: String, label: String, amount: String?, reason: String?, letterHref: String, commissionHref: String
    }
    struct PaymentRow { let date: String, amount: String, payee: String }
    struct ApplicationBody {
        let person: String, personHref: String, kind: String, requested: String, reason: String, created: String, status: String
        let resources: String, charges: String, adults: Int, children: Int, units: String, daily: String, band: String, proposal: String
        let mayDecide: Bool, maySchedule: Bool, commissions: [Option], hasOpenCommission: Bool, scheduledHref: String?
        let decisions: [DecisionRow], hasDecisions: Bool, payments: [PaymentRow], hasPayments: Bool, granted: String?, leftToPay: String
        let mayPay: Bool, payAction: String, scheduleAction: String, payAmount: String, payees: [Option], creditor: String, paidOn: String
        let budgetRemaining: String, errors: [String: String], summary: String?, notice: String?
    }

    func applicationPage(
        _ application: AidService.Application, context: SignedInContext, paymentForm: FormData? = nil, error: AutourError? = nil, notice: String? = nil
    ) async throws -> Response {
        let actor = context.actor
        let person = try await store.people.find(id: application.personId, territoryId: actor.territoryId)
        let mayDecide = Permissions.can(actor, .decideAid)
        let open = try await service.commissions(actor: actor).filter(\.isOpen)
        let decisions = try await service.decisions(personId: application.personId, actor: actor).filter { $0.application.id == application.id }
        let payments = try await service.payments(applicationId: application.id, actor: actor)
        let budget = try await service.budget(kind: application.input.kind, year: service.currentYear, territoryId: actor.territoryId)
        let grid = try await service.grid(territoryId: actor.territoryId)
        let input = application.input
        let band = grid.band(for: application.dailyCents).map {
            "Jusqu'à \(FrenchMoney.text(cents: $0.upToCents)) par jour et par unité : \($0.sharePercent) % de la demande, dans la limite du plafond."
        }
        let chosenPayee = paymentForm?.text("payee") ?? AidPayee.person.rawValue
        let body = ApplicationBody(
            person: person?.displayName ?? "Personne", personHref: Page.person(application.personId).path, kind: input.kind.label,
            requested: FrenchMoney.text(cents: input.requestedCents), reason: input.reason, created: FrenchFormat.date(application.createdAt),
            status: application.status.label, resources: FrenchMoney.text(cents: input.resourcesCents), charges: FrenchMoney.text(cents: input.chargesCents),
            adults: input.adults, children: input.children, units: ResteAVivre.unitsText(input.unitsTenths),
            daily: FrenchMoney.text(cents: application.dailyCents),
            band: band ?? "Au-dessus de la grille : pas de proposition, la commission décide.",
            proposal: application.proposalCents.map { FrenchMoney.text(cents: $0) } ?? "Aucune",
            mayDecide: mayDecide, maySchedule: mayDecide && application.status.awaitsAgenda,
            commissions: open.map { Option(value: $0.id.uuidString, label: "Commission du \(FrenchFormat.day($0.meetsOn) ?? $0.meetsOn)", selected: false) },
            hasOpenCommission: !open.isEmpty,
            scheduledHref: application.status == .scheduled ? application.commissionId.map { Page.aidCommission($0).path } : nil,
            decisions: decisions.map {
                DecisionRow(
                    date: FrenchFormat.date($0.decidedAt), label: $0.decision.label, amount: $0.amountCents.map { FrenchMoney.text(cents: $0) },
                    reason: $0.reason.nilIfEmpty, letterHref: Page.aidLetter($0.id).path, commissionHref: Page.aidCommission($0.commissionId).path)
            },
            hasDecisions: !decisions.isEmpty,
            payments: payments.map {
                PaymentRow(
                    date: FrenchFormat.day($0.paidOn) ?? $0.paidOn, amount: FrenchMoney.text(cents: $0.amountCents),
                    payee: $0.payee == .creditor ? $0.creditor : "La personne")
            },
            hasPayments: !payments.isEmpty, granted: application.grantedCents.map { FrenchMoney.text(cents: $0) },
            leftToPay: FrenchMoney.text(cents: application.leftToPayCents),
            mayPay: mayDecide && application.status == .granted && application.leftToPayCents > 0,
            payAction: Page.aidApplication(application.id).path + "/paiements", scheduleAction: Page.aidApplication(application.id).path + "/inscription",
            payAmount: paymentForm?.values["amount"] ?? String(format: "%d,%02d", application.leftToPayCents / 100, application.leftToPayCents % 100),
            payees: AidPayee.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == chosenPayee) },
            creditor: paymentForm?.values["creditor"] ?? input.kind.usualCreditor, paidOn: paymentForm?.values["paidOn"] ?? FrenchTime.day(clock.now()),
            budgetRemaining: FrenchMoney.text(cents: budget.remainingCents), errors: error?.fields ?? [:], summary: error?.message, notice: notice)
        return renderer.page(
            "aid_application", title: "Demande d'aide — \(input.kind.label)", body: body, path: Page.aid.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    // MARK: The commission

    struct AgendaRow {
        let id: String, person: String, kind: String, requested: String, daily: String, proposal: String, amount: String, action: String, href: String
        let decisions: [Option], reason: String, errors: [String: String], summary: String?
    }
    struct DecidedRow { let person: String, kind: String, decision: String, amount: String?, reason: String?, letterHref: String, href: String }
    struct CommissionBody {
        let date: String, open: Bool, mayDecide: Bool, waiting: [AgendaRow], decided: [DecidedRow], hasWaiting: Bool, hasDecided: Bool
        let closeAction: String, minutesHref: String, minutes: String, minutesError: String?, summary: String?, notice: String?
    }

    func commissionPage(
        _ id: UUID, context: SignedInContext, failed: (UUID, FormData, AutourError)? = nil, minutesForm: FormData? = nil, error: AutourError? = nil,
        notice: String? = nil
    ) async throws -> Response {
        let actor = context.actor
        let (commission, decided, waiting) = try await service.commission(id: id, actor: actor)
        let people = try await store.people.find(ids: Set((decided.map(\.application) + waiting).map(\.personId)), territoryId: actor.territoryId)
        let ceilings = Dictionary(
            uniqueKeysWithValues: try await service.budgets(year: service.currentYear, territoryId: actor.territoryId).map { ($0.kind, $0.ceilingCents) })
        let body = CommissionBody(
            date: FrenchFormat.day(commission.meetsOn) ?? commission.meetsOn, open: commission.isOpen, mayDecide: Permissions.can(actor, .decideAid),
            waiting: waiting.map { application in
                let form = failed?.0 == application.id ? failed?.1 : nil
                let proposed = application.proposalCents ?? min(application.input.requestedCents, ceilings[application.input.kind].flatMap { $0 } ?? 0)
                return AgendaRow(
                    id: application.id.uuidString, person: people[application.personId]?.displayName ?? "Personne", kind: application.input.kind.label,
                    requested: FrenchMoney.text(cents: application.input.requestedCents), daily: FrenchMoney.text(cents: application.dailyCents),
                    proposal: application.proposalCents.map { FrenchMoney.text(cents: $0) } ?? "hors grille",
                    amount: form?.values["amount"] ?? String(format: "%d,%02d", proposed / 100, proposed % 100),
                    action: Page.aidApplication(application.id).path + "/decision", href: Page.aidApplication(application.id).path,
                    decisions: AidDecision.allCases.map {
                        Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == (form?.text("decision") ?? "granted"))
                    },
                    reason: form?.values["reason"] ?? "", errors: form == nil ? [:] : failed?.2.fields ?? [:], summary: form == nil ? nil : failed?.2.message)
            },
            decided: decided.map {
                DecidedRow(
                    person: people[$0.application.personId]?.displayName ?? "Personne", kind: $0.application.input.kind.label, decision: $0.decision.label,
                    amount: $0.amountCents.map { FrenchMoney.text(cents: $0) }, reason: $0.reason.nilIfEmpty, letterHref: Page.aidLetter($0.id).path,
                    href: Page.aidApplication($0.application.id).path)
            },
            hasWaiting: !waiting.isEmpty, hasDecided: !decided.isEmpty, closeAction: Page.aidCommission(id).path + "/cloture",
            minutesHref: Page.aidMinutes(id).path, minutes: minutesForm?.values["minutes"] ?? commission.minutes, minutesError: error?.fields["minutes"],
            summary: error?.message, notice: notice)
        return renderer.page(
            "aid_commission", title: "Commission des aides du \(body.date)", body: body, path: Page.aid.path, viewer: context,
            status: error == nil && failed == nil ? .ok : .unprocessableContent)
    }

    // MARK: Printed documents

    /// Initials only: the minutes circulate among the commission's members.
    static func initials(_ person: Person?) -> String {
        guard let person, person.erasedAt == nil else { return "Personne anonymisée" }
        return [person.firstName, person.lastName].compactMap { $0.first.map { "\($0)." } }.joined(separator: " ")
    }

    func minutes(_ id: UUID, context: SignedInContext) async throws -> Response {
        let (commission, decided, waiting) = try await service.commission(id: id, actor: context.actor)
        let people = try await store.people.find(ids: Set(decided.map(\.application.personId)), territoryId: context.actor.territoryId)
        let date = FrenchFormat.day(commission.meetsOn) ?? commission.meetsOn
        let lines = decided.enumerated().map { index, item in
            let amount = item.amountCents.map { " : \(FrenchMoney.text(cents: $0))" } ?? ""
            let reason = item.reason.isEmpty ? "" : " — \(item.reason)"
            return "\(index + 1). \(Self.initials(people[item.application.personId])), \(item.application.input.kind.label), "
                + "demande de \(FrenchMoney.text(cents: item.application.input.requestedCents)) — \(item.decision.label.lowercased())\(amount)\(reason)"
        }
        let granted = decided.filter { $0.decision == .granted }
        let totals = AidKind.allCases.compactMap { kind -> String? in
            let items = granted.filter { $0.application.input.kind == kind }
            guard !items.isEmpty else { return nil }
            return "\(kind.label) : \(items.count) aide(s) accordée(s), \(FrenchMoney.text(cents: items.reduce(0) { $0 + ($1.amountCents ?? 0) }))"
        }
        let observations = commission.minutes.components(separatedBy: .newlines).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let body = PrintableDocument(
            title: "\(commission.isOpen ? "Projet de procès-verbal" : "Procès-verbal") — commission des aides facultatives du \(date)",
            sections: [
                .init(
                    heading: "La séance",
                    lines: [
                        "\(context.territory.name), commission des aides facultatives réunie le \(date).",
                        "\(decided.count) demande(s) examinée(s) : \(granted.count) accordée(s), \(decided.filter { $0.decision == .refused }.count) refusée(s), "
                            + "\(decided.filter { $0.decision == .postponed }.count) ajournée(s)."
                            + (waiting.isEmpty ? "" : " \(waiting.count) demande(s) encore sans décision."),
                    ]),
                .init(heading: "Les décisions", lines: lines.isEmpty ? ["Aucune décision."] : lines),
                .init(heading: "Montants accordés par type d'aide", lines: totals.isEmpty ? ["Aucune aide accordée."] : totals),
                .init(
                    heading: "Observations",
                    lines: observations.isEmpty ? ["Aucune observation."] : observations),
                .init(heading: "Signatures", lines: ["Le président de la commission :", "Le secrétaire de séance :"]),
            ], back: Page.aidCommission(id).path)
        return renderer.page("document", title: body.title, body: body, path: Page.aid.path, viewer: context)
    }

    func letter(_ id: UUID, context: SignedInContext) async throws -> Response {
        let decided = try await service.decision(id: id, actor: context.actor)
        let application = decided.application
        let person = try await store.people.find(id: application.personId, territoryId: context.actor.territoryId)
        let commission = try await service.commission(id: decided.commissionId, actor: context.actor).commission
        let date = FrenchFormat.day(commission.meetsOn) ?? commission.meetsOn
        let kind = application.input.kind.label
        var decision: [String]
        switch decided.decision {
        case .granted:
            decision = [
                "Réunie le \(date), la commission des aides facultatives vous accorde une aide de \(FrenchMoney.text(cents: decided.amountCents ?? 0)) "
                    + "au titre de : \(kind).",
                "Selon les cas, la somme vous est versée ou est réglée directement à votre créancier ; la personne qui suit votre demande vous dira comment.",
            ]
        case .refused:
            decision = ["Réunie le \(date), la commission des aides facultatives n'a pas pu donner une suite favorable à votre demande (\(kind))."]
        case .postponed:
            decision = [
                "Réunie le \(date), la commission des aides facultatives a reporté l'examen de votre demande (\(kind)) : elle l'étudiera de nouveau lors d'une prochaine séance."
            ]
        }
        if !decided.reason.isEmpty { decision.append("Motif : \(decided.reason)") }
        let recipient = [person?.displayName, person?.address].compactMap { $0?.nilIfEmpty }
        let body = PrintableDocument(
            title: "Notification de décision — aide facultative",
            sections: [
                .init(heading: "Destinataire", lines: recipient.isEmpty ? ["Personne anonymisée"] : recipient),
                .init(
                    heading: "Objet",
                    lines: [
                        "Votre demande d'aide (\(kind)) du \(FrenchFormat.date(application.createdAt)), d'un montant de \(FrenchMoney.text(cents: application.input.requestedCents))."
                    ]),
                .init(heading: "Décision", lines: decision),
                .init(
                    heading: "Si vous n'êtes pas d'accord",
                    lines: [
                        "Vous pouvez écrire au président du \(context.territory.name) dans les deux mois qui suivent la réception de ce courrier pour demander un nouvel examen (recours gracieux).",
                        "Vous pouvez aussi, dans le même délai, saisir le tribunal administratif.",
                    ]),
                .init(heading: "Signature", lines: ["Fait le \(FrenchFormat.date(decided.decidedAt)).", "Pour le président, par délégation :"]),
            ], back: Page.aidApplication(application.id).path)
        return renderer.page("document", title: body.title, body: body, path: Page.aid.path, viewer: context)
    }
}

/// The aid history in a person's file.
struct AidPanel {
    struct Row { let href: String, label: String, status: String, date: String }
    let rows: [Row], hasRows: Bool, newHref: String

    static func status(_ application: AidService.Application) -> String {
        guard let granted = application.grantedCents, application.status == .granted else { return application.status.label }
        return "Accordée : \(FrenchMoney.text(cents: granted)), dont \(FrenchMoney.text(cents: application.paidCents)) versés"
    }

    static func load(for person: Person, store: Store, actor: Actor) async throws -> AidPanel? {
        guard person.erasedAt == nil, Permissions.can(actor, .applyForAid) else { return nil }
        let applications = try await store.aidService.applications(personId: person.id, actor: actor)
        return AidPanel(
            rows: applications.map {
                Row(
                    href: Page.aidApplication($0.id).path, label: "\($0.input.kind.label), \(FrenchMoney.text(cents: $0.input.requestedCents))",
                    status: status($0),
                    date: FrenchFormat.date($0.createdAt))
            }, hasRows: !applications.isEmpty, newHref: Page.newAidApplication(person.id).path)
    }
}
