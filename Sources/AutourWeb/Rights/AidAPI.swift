import AutourAPI
import AutourCore
import AutourStore
import Foundation

/// Optional aid in the JSON API: the year's budgets, the applications with their instruction,
/// recording an application and a payment — through the pages' service, amounts in euros.
extension APIHandlers {
    var aidService: AidService { store.aidService }

    static func euros(_ cents: Int) -> Double { Double(cents) / 100 }

    static func aidApplication(_ application: AidService.Application) throws -> Components.Schemas.AidApplication {
        let input = application.input
        return .init(
            id: application.id.uuidString.lowercased(), personId: application.personId.uuidString.lowercased(),
            kind: try APIValue.contract(input.kind.rawValue),
            requested: euros(input.requestedCents), reason: input.reason, resources: euros(input.resourcesCents), charges: euros(input.chargesCents),
            adults: input.adults, children: input.children, dailyResteAVivre: euros(application.dailyCents), proposal: application.proposalCents.map(euros),
            status: try APIValue.contract(application.status.rawValue), commissionId: application.commissionId?.uuidString.lowercased(),
            granted: application.grantedCents.map(euros), paid: euros(application.paidCents))
    }

    func listAidBudgets(_ input: Operations.ListAidBudgets.Input) async throws -> Operations.ListAidBudgets.Output {
        let context = try caller
        try Permissions.require(context.actor, .applyForAid)
        let year = try input.query.year.map { try NumberInput.integer($0, field: "year", in: 2000...2100) } ?? aidService.currentYear
        let budgets = try await aidService.budgets(year: year, territoryId: context.actor.territoryId)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try budgets.map {
                            .init(
                                kind: try APIValue.contract($0.kind.rawValue), year: $0.year, ceiling: $0.ceilingCents.map(Self.euros),
                                budget: Self.euros($0.budgetCents), spent: Self.euros($0.spentCents), remaining: Self.euros($0.remainingCents))
                        }))))
    }

    func listAidApplications(_ input: Operations.ListAidApplications.Input) async throws -> Operations.ListAidApplications.Output {
        let context = try caller
        let statuses = try input.query.status.map { [try APIValue.contract($0.rawValue) as AidStatus] } ?? []
        let applications = try await aidService.applications(statuses: statuses, actor: context.actor)
        return .ok(.init(body: .json(.init(items: try applications.map(Self.aidApplication)))))
    }

    func createAidApplication(_ input: Operations.CreateAidApplication.Input) async throws -> Operations.CreateAidApplication.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        let application = AidApplicationInput(
            kind: try APIValue.contract(body.kind.rawValue),
            requestedCents: try NumberInput.euros(body.requested, field: "requested", maxCents: AidRules.maxAmountCents),
            reason: body.reason, resourcesCents: try NumberInput.euros(body.resources, field: "resources", maxCents: ResteAVivre.maxMonthlyCents),
            chargesCents: try NumberInput.euros(body.charges, field: "charges", maxCents: ResteAVivre.maxMonthlyCents), adults: body.adults,
            children: body.children)
        let created = try await aidService.apply(personId: try APIValue.pathID(input.path.id), application, actor: context.actor)
        return .created(.init(body: .json(try Self.aidApplication(created))))
    }

    func payAidApplication(_ input: Operations.PayAidApplication.Input) async throws -> Operations.PayAidApplication.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        let payment = try await aidService.pay(
            applicationId: try APIValue.pathID(input.path.id),
            amountCents: try NumberInput.euros(body.amount, field: "amount", maxCents: AidRules.maxAmountCents),
            payee: try APIValue.contract(body.payee.rawValue), creditor: body.creditor ?? "", paidOn: body.paidOn, actor: context.actor)
        return .created(
            .init(
                body: .json(
                    .init(
                        id: payment.id.uuidString.lowercased(), applicationId: payment.applicationId.uuidString.lowercased(),
                        amount: Self.euros(payment.amountCents),
                        payee: try APIValue.contract(payment.payee.rawValue), creditor: payment.creditor, paidOn: payment.paidOn))))
    }
}
