import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// An application's pages (the form from the file, the instruction and payments) and the
/// commission's agenda with its decision forms.
extension AidWeb {
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
        let draft = service.draft(kind: .food, situation: situation)
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
