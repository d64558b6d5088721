import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The Rights hub: whether the calculator answers, the findings to follow up (filter by outcome),
/// counts per benefit and outcome, and for the coordinator the caseload's screening with its
/// progress; one page per finding to record how it ended.
struct RightsWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    var service: RightsService { store.rightsService }

    struct FindingRow { let href: String, person: String, personHref: String, benefit: String, amount: String, deadline: String, late: Bool, owner: String }
    struct CountRow { let benefit: String, cells: [Int] }
    struct BatchRow { let href: String, period: String, started: String, state: String, progress: String }
    struct Body {
        let configured: Bool, unavailable: String?, findings: [FindingRow], outcomes: [Option], outcomeLabel: String, headers: [String]
        let counts: [CountRow], hasCounts: Bool, mayScreenCaseload: Bool, batches: [BatchRow], period: String, notice: String?, error: String?
        let hasFindings: Bool, hasBatches: Bool
    }
    struct BatchBody {
        let period: String, total: Int, done: Int, percent: Int, findings: Int, state: String, running: Bool, message: String?, href: String
    }
    struct FindingBody {
        let benefit: String, amount: String, period: String, organisation: String, nextStep: String, person: String, personHref: String
        let situationHref: String, deadline: String, owner: String, outcome: String, open: Bool, note: String?, outcomes: [Option], action: String
        let summary: String?, noteValue: String, noteError: String?, notice: String?
    }

    static func link(_ finding: Finding) -> SituationWeb.FindingLink {
        SituationWeb.FindingLink(
            href: Page.rightsFinding(finding.id).path, label: finding.benefit.shortLabel, amount: FindingText.amount(finding),
            deadline: FindingText.day(finding.deadline),
            outcome: finding.outcome.label)
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/droits") { request, context in
            let query = request.uri.queryParameters
            let notice = query["ok"] == "lance" ? "Étude du fichier lancée." : nil
            return try await hub(context, outcome: query["suivi"].flatMap { FindingOutcome(rawValue: String($0)) } ?? .open, notice: notice, error: nil)
        }
        web.post("/droits/etudes") { request, context in
            let form = try await FormData.read(request, context: context)
            var errors: [String: String] = [:]
            let period = SituationWeb.period(form, errors: &errors, today: clock.now())
            guard errors.isEmpty else { return try await hub(context, outcome: .open, notice: nil, error: errors["period"]) }
            let started: (batchId: UUID, caseload: [RightsRepository.StoredSituation])
            do { started = try await service.startCaseload(period: period, actor: context.actor) } catch let error as OpenFiscaUnavailable {
                return try await hub(context, outcome: .open, notice: nil, error: error.message, status: .serviceUnavailable)
            } catch let error as AutourError {
                guard case .conflict(let message) = error else { throw error }
                return try await hub(context, outcome: .open, notice: nil, error: message, status: .conflict)
            }
            // The batch runs on after the answer; its page shows the progress the service stores.
            let service = service
            let actor = context.actor
            Task.detached { _ = try? await service.run(batchId: started.batchId, caseload: started.caseload, actor: actor) }
            return Response.redirect(to: .rightsBatch(started.batchId))
        }
        web.get("/droits/etudes/{id}") { _, context in
            let batch = try await service.batch(id: try context.pathID(), actor: context.actor)
            let body = BatchBody(
                period: batch.period.label, total: batch.total, done: batch.done, percent: batch.percent, findings: batch.findings, state: batch.state.label,
                running: batch.state == .running, message: batch.message.nilIfEmpty, href: Page.rightsBatch(batch.id).path)
            var response = renderer.page("rights_batch", title: "Étude du fichier — \(batch.period.label)", body: body, path: Page.rights.path, viewer: context)
            // Without JavaScript, the browser reloads the page until the batch ends.
            if batch.state == .running { response.headers[.init("Refresh")!] = "3" }
            return response
        }
        web.get("/droits/suivis/{id}") { request, context in
            let notice = request.uri.queryParameters["ok"] == "clos" ? "Suivi clos." : nil
            return try await findingPage(try await service.finding(id: try context.pathID(), actor: context.actor), context: context, notice: notice)
        }
        web.post("/droits/suivis/{id}") { request, context in
            let finding = try await service.finding(id: try context.pathID(), actor: context.actor)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                try await service.close(findingId: finding.id, outcome: form.text("outcome"), note: form.values["note"] ?? "", actor: context.actor)
                return Response.redirect(to: .rightsFinding(finding.id), ok: "clos")
            } reshow: { error in
                try await findingPage(finding, context: context, form: form, error: error)
            }
        }
    }

    func hub(
        _ context: SignedInContext, outcome: FindingOutcome, notice: String?, error: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let actor = context.actor
        let findings = try await service.findings(outcome: outcome, actor: actor)
        let people = try await store.people.find(ids: Set(findings.map(\.personId)), territoryId: actor.territoryId)
        let staff = Dictionary(uniqueKeysWithValues: try await store.accounts.list(territoryId: actor.territoryId).map { ($0.id, $0.name) })
        let today = FrenchTime.day(clock.now())
        let counts = try await service.findingCounts(territoryId: actor.territoryId)
        let mayScreen = Permissions.can(actor, .screenCaseload)
        let batches = mayScreen ? try await service.batches(actor: actor) : []
        let body = Body(
            configured: service.isConfigured, unavailable: service.isConfigured ? nil : OpenFiscaUnavailable.notConfigured.message,
            findings: findings.map {
                FindingRow(
                    href: Page.rightsFinding($0.id).path, person: people[$0.personId]?.displayName ?? "Personne", personHref: Page.person($0.personId).path,
                    benefit: $0.benefit.shortLabel, amount: FindingText.amount($0), deadline: FindingText.day($0.deadline),
                    late: $0.outcome == .open && $0.deadline < today, owner: $0.ownerId.flatMap { staff[$0] } ?? "—")
            },
            outcomes: FindingOutcome.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == outcome) }, outcomeLabel: outcome.label,
            headers: FindingOutcome.allCases.map(\.label),
            counts: Benefit.allCases.compactMap { benefit in
                counts[benefit].map { byOutcome in CountRow(benefit: benefit.shortLabel, cells: FindingOutcome.allCases.map { byOutcome[$0] ?? 0 }) }
            },
            hasCounts: !counts.isEmpty, mayScreenCaseload: mayScreen,
            batches: batches.map {
                BatchRow(
                    href: Page.rightsBatch($0.id).path, period: $0.period.label, started: FrenchFormat.dateTime($0.startedAt), state: $0.state.label,
                    progress: "\($0.done) / \($0.total) foyers, \($0.findings) non-recours")
            },
            period: service.currentPeriod.description, notice: notice, error: error, hasFindings: !findings.isEmpty, hasBatches: !batches.isEmpty)
        return renderer.page(
            "rights", title: "Accès aux droits", body: body, path: Page.rights.path, viewer: context,
            status: error != nil && status == .ok ? .unprocessableContent : status)
    }

    func findingPage(_ finding: Finding, context: SignedInContext, form: FormData? = nil, error: AutourError? = nil, notice: String? = nil) async throws
        -> Response
    {
        let person = try await store.people.find(id: finding.personId, territoryId: context.actor.territoryId)
        let owner = try await finding.ownerId.asyncMap { try await store.accounts.find(id: $0, territoryId: context.actor.territoryId)?.name }
        let chosen = form?.text("outcome") ?? ""
        let body = FindingBody(
            benefit: finding.benefit.label, amount: FindingText.amount(finding), period: finding.period.label, organisation: finding.benefit.organisation,
            nextStep: finding.benefit.nextStep, person: person?.displayName ?? "Personne", personHref: Page.person(finding.personId).path,
            situationHref: Page.rightsSituation(finding.personId).path, deadline: FindingText.day(finding.deadline), owner: owner.flatMap { $0 } ?? "—",
            outcome: finding.outcome.label, open: finding.outcome == .open, note: finding.note.nilIfEmpty,
            outcomes: FindingOutcome.closing.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == chosen) },
            action: Page.rightsFinding(finding.id).path, summary: error?.message, noteValue: form?.values["note"] ?? "",
            noteError: error?.fields["note"] ?? error?.fields["outcome"], notice: notice)
        return renderer.page(
            "rights_finding", title: "Suivi — \(finding.benefit.shortLabel)", body: body, path: Page.rights.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }
}

/// How a finding reads in a table.
enum FindingText {
    static func amount(_ finding: Finding) -> String {
        finding.benefit.isEligibilityOnly ? "Sans cotisation" : FrenchMoney.text(cents: finding.monthlyCents) + " par mois"
    }

    static func day(_ text: String) -> String { FrenchFormat.day(text) ?? "—" }
}
