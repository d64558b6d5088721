import AutourAPI
import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `Sources/AutourAPI/openapi.yaml` is the API's contract; Core stays the validator. These tests
/// keep the two saying the same thing.
@Suite("The API contract")
struct ContractTests {
    static var document: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(Contract.json.utf8)) as? [String: Any]) ?? [:] }

    /// Every `enum` of the contract, keyed by where it is: `Schema.property` (`[]` for an array's
    /// items) or `operationId.parameter` / `operationId.body.property` for what an operation
    /// declares inline.
    static func enumerations() -> [String: Set<String>] {
        let document = document
        var found: [String: Set<String>] = [:]
        func walk(_ node: Any?, _ path: String) {
            guard let schema = node as? [String: Any] else { return }
            if let values = schema["enum"] as? [String] { found[path] = Set(values) }
            for (name, property) in schema["properties"] as? [String: Any] ?? [:] { walk(property, path + "." + name) }
            walk(schema["items"], path + "[]")
            for part in schema["allOf"] as? [Any] ?? [] { walk(part, path) }
        }
        let components = document["components"] as? [String: Any]
        for (name, schema) in components?["schemas"] as? [String: Any] ?? [:] { walk(schema, name) }
        for (_, operations) in document["paths"] as? [String: [String: [String: Any]]] ?? [:] {
            for (_, operation) in operations {
                let id = operation["operationId"] as? String ?? "?"
                for parameter in operation["parameters"] as? [[String: Any]] ?? [] {
                    walk(parameter["schema"], id + "." + (parameter["name"] as? String ?? "?"))
                }
                let content = (operation["requestBody"] as? [String: Any])?["content"] as? [String: Any]
                walk((content?["application/json"] as? [String: Any])?["schema"], id + ".body")
            }
        }
        return found
    }

    static func values<Value: CaseIterable & RawRepresentable<String>>(_ type: Value.Type) -> Set<String> { Set(type.allCases.map(\.rawValue)) }

    /// Where each enumeration of the contract comes from in Core. A new enumeration in the YAML
    /// must be added here, so that it cannot drift from the rule that checks it.
    static let core: [String: Set<String>] = [
        "Account.roles[]": values(Role.self), "AccountCreate.roles[]": values(Role.self), "Me.roles[]": values(Role.self),
        "PersonInput.flags[]": values(VulnerabilityFlag.self),
        "ConsentInput.purpose": values(ConsentPurpose.self), "ConsentInput.method": values(ConsentMethod.self),
        "ConsentInput.givenBy": values(ConsentGiver.self),
        "FollowUpInput.kind": values(FollowUpKind.self), "FollowUpInput.visibility": values(FollowUpVisibility.self),
        "Referral.status": values(ReferralStatus.self), "exportPerson.complete": ["true", "false"],
        "Signal.kind": values(SignalKind.self), "SignalInput.kind": values(SignalKind.self),
        "Signal.urgency": values(SignalUrgency.self), "SignalInput.urgency": values(SignalUrgency.self),
        "Signal.consentToContact": values(ContactConsent.self), "SignalInput.consentToContact": values(ContactConsent.self),
        "Signal.status": values(SignalStatus.self), "Signal.source": values(SignalSource.self),
        "SignalStatusOnly.status": values(SenderStatus.self), "closeSignal.body.outcome": values(SignalOutcome.self),
        "addOutreach.body.kind": values(OutreachKind.self),
        "RegisterInput.reasons[]": values(RegisterReason.self), "RegisterInput.requestedBy": values(RegisterRequester.self),
        "RegisterInput.consentMethod": values(ConsentMethod.self), "RegisterInput.consentGivenBy": values(ConsentGiver.self),
        "startCampaign.body.kind": values(CampaignKind.self), "recordCall.body.outcome": values(CallOutcome.self),
        "Call.status": values(CallStatus.self), "recordCheckIn.body.outcome": values(CheckInOutcome.self),
        "Need.origin": values(NeedOrigin.self), "Need.status": values(NeedStatus.self), "NeedInput.urgency": values(SignalUrgency.self),
        "ResourcePerson.kind": values(ResourceKind.self), "ResourcePersonInput.kind": values(ResourceKind.self),
        "ResourcePersonInput.motivations[]": values(Motivation.self),
        "TimeAccount.kind": values(TimeAccountKind.self), "PaymentRequest.status": values(PaymentRequestStatus.self),
        "createListing.body.kind": values(ListingKind.self), "createListing.body.category": Set(LedgerRules.categories),
        "BasinInput.uses[].purpose": values(BasinPurpose.self),
        "Event.kind": values(EventKind.self), "EventInput.kind": values(EventKind.self), "Registration.status": values(Seating.Status.self),
        "MixityFigures.attribute": values(Mixity.Attribute.self),
        "Place.owner": values(PlaceOwner.self), "CallApplication.status": values(Occupancy.ApplicationStatus.self),
        "CoHousingPair.status": values(CoHousing.PairStatus.self),
        "InterviewStep": values(InterviewStep.self), "InterviewSuggestion.kind": values(SuggestionKind.self),
        "recordInclusionAudit.body.answers[].answer": values(AuditAnswer.self),
        "AuditedEquipment.scores[].dimension": values(InclusionDimension.self),
        "Project.theme": values(ProjectTheme.self), "Project.scale": values(ProjectScale.self), "Project.origin": values(ProjectOrigin.self),
        "Project.state": values(ProjectState.self), "ProjectInput.theme": values(ProjectTheme.self), "ProjectInput.scale": values(ProjectScale.self),
        "ProjectInput.origin": values(ProjectOrigin.self), "ProjectDetail.due[].side": values(CriterionSide.self),
        "ProjectDetail.needs[].kind": values(ProjectNeedKind.self), "tickProjectCriterion.body.side": values(CriterionSide.self),
        "Amendment.kind": values(AmendmentKind.self), "Amendment.state": values(AmendmentState.self),
        "tableAmendment.body.kind": values(AmendmentKind.self), "castBallot.body.choice": values(VoteChoice.self),
        "LabelledActor.kind": values(LabelActorKind.self),
        // The catalogue never lists an application still being audited, nor a refusal.
        "LabelledActor.status": values(LabelStatus.self).subtracting([LabelStatus.pending.rawValue, LabelStatus.refused.rawValue]),
        "HouseholdSituation.members[].role": values(HouseholdRole.self), "HouseholdSituation.housing.status": values(HousingStatus.self),
        "HouseholdSituation.receives[]": values(Benefit.self), "RightsScreening.nonTakeUp[]": values(Benefit.self),
        "RightsFinding.benefit": values(Benefit.self), "RightsFinding.outcome": values(FindingOutcome.self),
        "listRightsFindings.outcome": values(FindingOutcome.self),
        // Closing a finding names how it ended: never « open ».
        "closeRightsFinding.body.outcome": values(FindingOutcome.self).subtracting([FindingOutcome.open.rawValue]),
        "AidBudget.kind": values(AidKind.self), "AidApplication.kind": values(AidKind.self), "AidApplication.status": values(AidStatus.self),
        "listAidApplications.status": values(AidStatus.self), "createAidApplication.body.kind": values(AidKind.self),
        "payAidApplication.body.payee": values(AidPayee.self), "AidPayment.payee": values(AidPayee.self),
        "issueVoucher.body.category": values(VoucherCategory.self),
        "ObservatoryIndicator.theme": values(IndicatorTheme.self), "ObservatoryIndicator.unit": values(Indicator.Unit.self),
        "listObservatoryIndicators.by": values(ObservatoryPeriod.Kind.self),
        "searchSheets.figure": values(ManualFigure.self), "searchSheets.theme": values(SheetTheme.self),
        "searchSheets.communeSize": values(CommuneSize.self), "SheetInput.figures[]": values(ManualFigure.self),
        "SheetInput.theme": values(SheetTheme.self), "SheetInput.communeSize": values(CommuneSize.self),
        "ExperienceSheet.figures[]": values(ManualFigure.self), "ExperienceSheet.theme": values(SheetTheme.self),
        "ExperienceSheet.communeSize": values(CommuneSize.self), "ExperienceSheet.status": values(SheetStatus.self),
    ]

    @Test("every enumeration of the contract lists exactly the values Core accepts, and each one is mapped to Core")
    func enumerationsAreCore() {
        let contract = Self.enumerations()
        #expect(!contract.isEmpty)
        for (path, values) in contract.sorted(by: { $0.key < $1.key }) {
            guard let expected = Self.core[path] else {
                Issue.record("the contract's enumeration \(path) is not mapped to a Core type in ContractTests.core")
                continue
            }
            #expect(values == expected, "\(path): the contract says \(values.sorted()), Core \(expected.sorted())")
        }
        for path in Self.core.keys where contract[path] == nil { Issue.record("\(path) is no longer an enumeration of the contract") }
    }

    /// The schema at `Schema.property` (components only).
    static func property(_ path: String) -> [String: Any] {
        let parts = path.split(separator: ".").map(String.init)
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
        let schema = schemas?[parts[0]] as? [String: Any]
        return (schema?["properties"] as? [String: Any])?[parts[1]] as? [String: Any] ?? [:]
    }

    @Test("the lengths and ranges written in the contract are the limits Core enforces")
    func limitsAreCore() {
        let limits: [(String, String, Int)] = [
            ("SignalInput.details", "maxLength", SignalRules.detailsLimit),
            ("SignalInput.personName", "maxLength", SignalRules.nameLimit),
            ("SignalInput.personDescription", "maxLength", SignalRules.descriptionLimit),
            ("SignalInput.address", "maxLength", SignalRules.addressLimit),
            ("FollowUpInput.summary", "maxLength", FollowUpRules.maxSummaryLength),
            ("AccountCreate.password", "minLength", AccountRules.minimumPasswordLength),
            ("TransferInput.minutes", "maximum", LedgerRules.maxMinutes),
            ("ResourcePersonInput.maxMinutesPerMonth", "maximum", ResourceRules.maxMonthlyCap),
        ]
        for (path, keyword, limit) in limits {
            #expect(Self.property(path)[keyword] as? Int == limit, "\(path) \(keyword): Core says \(limit)")
        }
    }

    @Test("/api/v1/openapi.yaml serves the contract as written, /api/v1/openapi.json the same document, both without a token")
    func servedAsWritten() async throws {
        let database = try await TestDatabase.make(.sqlite)
        let settings = testSettings(database.location)
        let store = try await openStore(settings)
        let app = try await buildApplication(settings, store: store)
        try await app.test(.router) { client in
            let yaml = try await client.execute(uri: "/api/v1/openapi.yaml", method: .get)
            #expect(yaml.status == .ok)
            #expect(String(buffer: yaml.body) == Contract.yaml)
            let json = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            let served = try #require(try JSONSerialization.jsonObject(with: Data(json.body.readableBytesView)) as? [String: Any])
            #expect(served["openapi"] as? String == "3.1.0")
            #expect(Set((served["paths"] as? [String: Any] ?? [:]).keys) == Set((Self.document["paths"] as? [String: Any] ?? [:]).keys))
        }
        await database.cleanUp()
    }
}
