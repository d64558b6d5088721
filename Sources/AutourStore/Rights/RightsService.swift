import AutourCore
import Foundation

/// Rights' use cases, for pages, API and CLI alike: a household's situation built from People and
/// reviewed by an agent, its screening through OpenFisca-France (one household, a what-if, or the
/// whole caseload in batches), and the non-take-up findings followed up in the person's file.
/// When OpenFisca is not configured or not answering, the situation is kept and the screening
/// waits (`OpenFiscaUnavailable`), never a server error.
public struct RightsService: Sendable {
    let rights: RightsRepository
    let people: PeopleRepository
    let openFisca: OpenFiscaClient?
    let clock: WallClock

    /// A batch still "running" after this long was left by a server that stopped.
    static let staleBatch: TimeInterval = 3600

    public var isConfigured: Bool { openFisca != nil }

    func client() throws(OpenFiscaUnavailable) -> OpenFiscaClient {
        guard let openFisca else { throw .notConfigured }
        return openFisca
    }

    /// The month a screening computes when none is asked: the current one.
    public var currentPeriod: YearMonth { YearMonth(containing: clock.now()) }

    // MARK: Situation

    /// A live file of the actor's territory.
    func file(_ personId: UUID, actor: Actor) async throws -> Person {
        try Permissions.require(actor, .screenRights)
        guard let person = try await people.find(id: personId, territoryId: actor.territoryId) else { throw AutourError.notFound }
        guard person.erasedAt == nil else { throw AutourError.conflict("Cette personne a été anonymisée.") }
        return person
    }

    public struct SituationView: Sendable {
        public let person: Person
        public let situation: HouseholdSituation
        /// Whether an agent reviewed and saved it (otherwise it is a draft from the file).
        public let reviewed: Bool
        public let updatedAt: Date?
    }

    /// The stored situation, or a draft from the file: the person as applicant, the household's
    /// other members by age (the first other adult proposed as spouse, minors as children), the
    /// commune of the file. The agent completes resources and housing.
    public func situation(personId: UUID, actor: Actor) async throws -> SituationView {
        let person = try await file(personId, actor: actor)
        if let stored = try await rights.situation(personId: personId, territoryId: actor.territoryId) {
            return SituationView(person: person, situation: stored.situation, reviewed: true, updatedAt: stored.updatedAt)
        }
        let period = currentPeriod
        var members = [HouseholdMember(role: .applicant, birthDate: person.birthDate ?? "", personId: person.id)]
        var hasSpouse = false
        // Oldest first: the first other adult is proposed as spouse, then the children.
        let others = try await people.householdMembers(of: person).filter { $0.erasedAt == nil }.sorted { ($0.birthDate ?? "") < ($1.birthDate ?? "") }
        for other in others {
            guard let birth = other.birthDate, let age = SituationRules.age(birthDate: birth, at: period) else { continue }
            if age < 18 {
                members.append(HouseholdMember(role: .child, birthDate: birth, personId: other.id))
            } else if !hasSpouse {
                hasSpouse = true
                members.append(HouseholdMember(role: .spouse, birthDate: birth, personId: other.id))
            }
        }
        let draft = HouseholdSituation(members: members, housing: Housing(status: .tenant, rent: nil, commune: person.communeCode ?? ""))
        return SituationView(person: person, situation: draft, reviewed: false, updatedAt: nil)
    }

    public func saveSituation(_ situation: HouseholdSituation, personId: UUID, actor: Actor) async throws -> HouseholdSituation {
        _ = try await file(personId, actor: actor)
        let checked = try SituationRules.validate(situation, today: clock.now())
        try await rights.saveSituation(checked, personId: personId, actor: actor)
        return checked
    }

    // MARK: Screening

    /// Computes a situation without storing anything: the simulation page's "what if", and
    /// `autour rights simulate`.
    public func simulate(_ situation: HouseholdSituation, period: YearMonth? = nil) async throws -> ScreeningResult {
        try await client().simulate(situation, period: period ?? currentPeriod, today: clock.now())
    }

    /// What a screening shows for a household: every benefit, and the ones it does not receive.
    public struct Outcome: Sendable {
        public let result: ScreeningResult
        public let nonTakeUp: [BenefitResult]
        public let findingsOpened: Int
    }

    /// Screens the file's stored situation, stores the result and opens the findings.
    public func screen(personId: UUID, period: YearMonth? = nil, actor: Actor) async throws -> Outcome {
        _ = try await file(personId, actor: actor)
        guard let stored = try await rights.situation(personId: personId, territoryId: actor.territoryId) else {
            throw AutourError.conflict("Relisez et enregistrez d'abord la situation du foyer.")
        }
        let result = try await simulate(stored.situation, period: period)
        let nonTakeUp = NonTakeUpRules.findings(result, receives: stored.situation.receives)
        let opened = try await rights.recordScreening(personId: personId, result: result, findings: nonTakeUp, actor: actor)
        return Outcome(result: result, nonTakeUp: nonTakeUp, findingsOpened: opened)
    }

    public func latestScreening(personId: UUID, actor: Actor) async throws -> RightsRepository.Screening? {
        _ = try await file(personId, actor: actor)
        return try await rights.latestScreening(personId: personId, territoryId: actor.territoryId)
    }

    // MARK: Caseload

    /// Opens a batch over every reviewed situation of the territory; `run` then computes it.
    public func startCaseload(period: YearMonth? = nil, actor: Actor) async throws -> (batchId: UUID, caseload: [RightsRepository.StoredSituation]) {
        try Permissions.require(actor, .screenCaseload)
        _ = try client()
        let period = try SituationRules.checkPeriod(period ?? currentPeriod, today: clock.now())
        let caseload = try await rights.caseload(territoryId: actor.territoryId)
        let id = try await rights.startBatch(
            period: period, total: caseload.count, staleBefore: clock.now().addingTimeInterval(-Self.staleBatch), actor: actor)
        return (id, caseload)
    }

    /// Computes a started batch, `OpenFiscaMapping.batchSize` households per request, each slice
    /// stored with its findings in one transaction; `progress` is told after each slice. A failure
    /// ends the batch as interrupted with its reason (what was stored stays).
    public func run(
        batchId: UUID, caseload: [RightsRepository.StoredSituation], actor: Actor,
        progress: @Sendable (RightsRepository.Batch) async -> Void = { _ in }
    ) async throws -> RightsRepository.Batch {
        guard let batch = try await rights.batch(id: batchId, territoryId: actor.territoryId) else { throw AutourError.notFound }
        do {
            let client = try client()
            for start in stride(from: 0, to: caseload.count, by: OpenFiscaMapping.batchSize) {
                let slice = Array(caseload[start..<min(start + OpenFiscaMapping.batchSize, caseload.count)])
                let keyed = slice.enumerated().map { (key: "h\($0.offset)", situation: $0.element.situation) }
                let results = try await client.screen(keyed, period: batch.period)
                var screenings: [(personId: UUID, result: ScreeningResult, findings: [BenefitResult], ownerId: UUID?)] = []
                for (index, stored) in slice.enumerated() {
                    guard let result = results["h\(index)"] else { continue }
                    screenings.append(
                        (stored.personId, result, NonTakeUpRules.findings(result, receives: stored.situation.receives), stored.updatedBy ?? actor.accountId))
                }
                try await rights.recordSlice(screenings, batchId: batchId, actor: actor)
                if let now = try await rights.batch(id: batchId, territoryId: actor.territoryId) { await progress(now) }
            }
            try await rights.finishBatch(batchId, state: .done, message: "")
        } catch let error as OpenFiscaUnavailable {
            try await rights.finishBatch(batchId, state: .failed, message: error.message)
        } catch {
            // The reason goes to the caller's log; the page says what the coordinator can do.
            try await rights.finishBatch(
                batchId, state: .failed, message: "Interrompue par une erreur inattendue : ce qui était calculé est enregistré ; relancez l'étude.")
            throw error
        }
        return try await rights.batch(id: batchId, territoryId: actor.territoryId) ?? batch
    }

    public func batches(actor: Actor) async throws -> [RightsRepository.Batch] {
        try Permissions.require(actor, .screenCaseload)
        return try await rights.batches(territoryId: actor.territoryId)
    }

    public func batch(id: UUID, actor: Actor) async throws -> RightsRepository.Batch {
        try Permissions.require(actor, .screenCaseload)
        guard let batch = try await rights.batch(id: id, territoryId: actor.territoryId) else { throw AutourError.notFound }
        return batch
    }

    // MARK: Findings

    public func findings(outcome: FindingOutcome? = nil, actor: Actor) async throws -> [Finding] {
        try Permissions.require(actor, .screenRights)
        return try await rights.findings(territoryId: actor.territoryId, outcome: outcome)
    }

    public func findings(personId: UUID, actor: Actor) async throws -> [Finding] {
        _ = try await file(personId, actor: actor)
        return try await rights.findings(territoryId: actor.territoryId, personId: personId)
    }

    public func finding(id: UUID, actor: Actor) async throws -> Finding {
        try Permissions.require(actor, .screenRights)
        guard let finding = try await rights.finding(id: id, territoryId: actor.territoryId) else { throw AutourError.notFound }
        return finding
    }

    /// Records how the follow-up ended.
    public func close(findingId: UUID, outcome: String, note: String, actor: Actor) async throws {
        let finding = try await finding(id: findingId, actor: actor)
        let (value, note) = try FindingRules.validateOutcome(outcome, note: note)
        _ = try await file(finding.personId, actor: actor)
        try await rights.close(findingId, outcome: value, note: note, actor: actor)
    }

    /// Counts per benefit and outcome, no person: what the coordinator's summary and the
    /// Observatory read.
    public func findingCounts(territoryId: UUID) async throws -> [Benefit: [FindingOutcome: Int]] {
        FindingRules.counts(try await rights.findings(territoryId: territoryId))
    }
}
