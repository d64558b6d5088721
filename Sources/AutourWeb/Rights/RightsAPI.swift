import AutourAPI
import AutourCore
import AutourStore
import Foundation
import OpenAPIRuntime

/// Rights in the JSON API: a household's situation (the same JSON as `autour rights simulate`
/// reads), its screening, the « what if » simulation and the findings' follow-up — through the
/// pages' service. A calculator that is not configured or not answering is a 503 in French.
extension APIHandlers {
    var rightsService: RightsService { store.rightsService }

    /// The contract's situation and Core's are the same JSON by design: one converts to the other
    /// through it, so that no field is mapped twice.
    static func converted<T: Decodable>(_ value: some Encodable, to type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: try JSONEncoder().encode(value))
    }

    func apiSituation(_ view: RightsService.SituationView) throws -> Components.Schemas.HouseholdSituationRecord {
        .init(personId: view.person.id.uuidString.lowercased(), reviewed: view.reviewed, situation: try Self.converted(view.situation))
    }

    static func screening(_ result: ScreeningResult, nonTakeUp: [BenefitResult]) throws -> Components.Schemas.RightsScreening {
        var benefits: [String: JSONValue] = [:]
        for item in result.benefits {
            benefits[item.benefit.rawValue] = item.benefit.isEligibilityOnly ? .bool(item.eligible) : .double(Double(item.monthlyCents) / 100)
        }
        let body: JSONValue = .object([
            "period": .string(result.period.description), "benefits": .object(benefits),
            "nonTakeUp": .array(nonTakeUp.map { .string($0.benefit.rawValue) }),
        ])
        return try converted(body)
    }

    static func finding(_ finding: Finding) throws -> Components.Schemas.RightsFinding {
        .init(
            id: finding.id.uuidString.lowercased(), personId: finding.personId.uuidString.lowercased(),
            benefit: try APIValue.contract(finding.benefit.rawValue),
            period: finding.period.description, monthlyAmount: Double(finding.monthlyCents) / 100, deadline: finding.deadline,
            outcome: try APIValue.contract(finding.outcome.rawValue), note: finding.note)
    }

    func getHouseholdSituation(_ input: Operations.GetHouseholdSituation.Input) async throws -> Operations.GetHouseholdSituation.Output {
        let context = try caller
        return .ok(.init(body: .json(try apiSituation(try await rightsService.situation(personId: try APIValue.pathID(input.path.id), actor: context.actor)))))
    }

    func saveHouseholdSituation(_ input: Operations.SaveHouseholdSituation.Input) async throws -> Operations.SaveHouseholdSituation.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        let id = try APIValue.pathID(input.path.id)
        _ = try await rightsService.saveSituation(try Self.converted(body, to: HouseholdSituation.self), personId: id, actor: context.actor)
        return .ok(.init(body: .json(try apiSituation(try await rightsService.situation(personId: id, actor: context.actor)))))
    }

    func screenHousehold(_ input: Operations.ScreenHousehold.Input) async throws -> Operations.ScreenHousehold.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        let id = try APIValue.pathID(input.path.id)
        let outcome = try await rightsService.screen(personId: id, period: try SituationRules.period(body.period, today: clock.now()), actor: context.actor)
        return .created(.init(body: .json(try Self.screening(outcome.result, nonTakeUp: outcome.nonTakeUp))))
    }

    func simulateHousehold(_ input: Operations.SimulateHousehold.Input) async throws -> Operations.SimulateHousehold.Output {
        let context = try caller
        try Permissions.require(context.actor, .screenRights)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let situation = try Self.converted(body.situation, to: HouseholdSituation.self)
        let result = try await rightsService.simulate(situation, period: try SituationRules.period(body.period, today: clock.now()))
        return .ok(.init(body: .json(try Self.screening(result, nonTakeUp: NonTakeUpRules.findings(result, receives: situation.receives)))))
    }

    func listRightsFindings(_ input: Operations.ListRightsFindings.Input) async throws -> Operations.ListRightsFindings.Output {
        let context = try caller
        let outcome = try input.query.outcome.map { try APIValue.contract($0.rawValue) as FindingOutcome }
        return .ok(.init(body: .json(.init(items: try await rightsService.findings(outcome: outcome, actor: context.actor).map(Self.finding)))))
    }

    func closeRightsFinding(_ input: Operations.CloseRightsFinding.Input) async throws -> Operations.CloseRightsFinding.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        let id = try APIValue.pathID(input.path.id)
        try await rightsService.close(findingId: id, outcome: body.outcome.rawValue, note: body.note ?? "", actor: context.actor)
        return .ok(.init(body: .json(try Self.finding(try await rightsService.finding(id: id, actor: context.actor)))))
    }
}
