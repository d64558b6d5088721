import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The register pages: who is on it and whose consent needs renewing, registering a person,
/// calling campaigns with their live progress, a caller's list, check-ins and the indicators.
struct RegisterWeb {
    let store: Store
    let renderer: WebRenderer
    var radar: RadarService { store.radarService }
    /// The person's file, re-shown with a refused check-in form's message.
    let people: PeopleWeb
    let clock: WallClock

    struct Choice { let value: String; let label: String; let selected: Bool }
    struct EntryRow { let personId: String; let name: String; let neighbourhood: String; let reasons: String; let validUntil: String; let renew: Bool }
    struct CampaignRow { let id: String; let label: String; let started: String; let closed: String? }
    struct RegisterBody {
        let rows: [EntryRow], count: String, renewals: Int, renewalsText: String
        let campaigns: [CampaignRow], openCampaign: CampaignRow?
        let canRun: Bool
        let kinds: [Choice], callers: [Choice]
        let error: String?, notice: String?
    }
    struct RegisterFormBody {
        let personId: String, name: String, requesters: [Choice], reasons: [Choice], contacts: String, emergencyName: String
        let emergencyPhone: String, needsConsent: Bool, methods: [Choice], givers: [Choice], errors: [String: String], summary: String?
        let errorList: FormErrors
    }
    struct FormErrors {
        let requestedBy: String?, reasons: String?, contacts: String?, emergencyName: String?, emergencyPhone: String?, consentMethod: String?
        init(_ f: [String: String]) {
            requestedBy = f["requestedBy"]; reasons = f["reasons"]; contacts = f["contacts"]; emergencyName = f["emergencyName"]
            emergencyPhone = f["emergencyPhone"]; consentMethod = f["consentMethod"] ?? f["method"] ?? f["givenBy"]
        }
    }
    struct CallRow {
        let campaignId: String, id: String, name: String, phone: String?, address: String?, emergency: String?, status: String
        let caller: String?, note: String?, outcomes: [Choice], settled: Bool
    }
    struct CampaignBody {
        let id: String, label: String, started: String, closed: String?, open: Bool
        let progress: CampaignProgress, complete: Bool
        let calls: [CallRow], hasCalls: Bool, mine: Bool, canClose: Bool, notice: String?, error: String?
        let callers: [CallerRow]
        /// Where a recorded call returns to.
        let back = "campagne"
    }
    struct CallerRow { let name: String; let total: Int; let remaining: Int }
    struct CheckInRow { let id: String; let name: String; let phone: String?; let due: String; let late: Bool; let outcomes: [Choice] }
    struct CallsBody {
        let campaign: CampaignRow?, calls: [CallRow], hasCalls: Bool, checkIns: [CheckInRow], hasCheckIns: Bool, notice: String?, error: String?
        let back = "appels"
    }
    struct IndicatorRow { let label: String; let cells: [String] }
    struct IndicatorsBody {
        let weekLabels: [String], byKind: [IndicatorRow], totals: [String], places: [IndicatorRow], outcomes: [IndicatorRow]
        let median: String, p90: String
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/registre") { request, context in
            try context.require(.manageRegister)
            return try await register(context, notice: request.uri.queryParameters["ok"].map(String.init), error: nil)
        }
        web.get("/registre/export.csv") { _, context in
            try context.require(.runCampaigns)
            return CSVResponse.make(try await store.register.exportCSV(actor: context.actor), filename: CSVResponse.registerFilename)
        }
        web.get("/registre/inscrire/{id}") { _, context in
            let person = try await person(context)
            return try await registerForm(person, context: context, values: [:], error: nil)
        }
        web.post("/registre/inscrire/{id}") { request, context in
            let person = try await person(context)
            let form = try await FormData.read(request, context: context)
            let input = RegisterInput(
                requestedBy: form.text("requestedBy"), reasons: RegisterReason.allCases.map(\.rawValue).filter { form["reason_\($0)"] != nil },
                contacts: form.text("contacts"), emergencyName: form.text("emergencyName"), emergencyPhone: form.text("emergencyPhone"))
            return try await FormData.submit {
                let consent = try RegisterRules.consent(method: form.text("consentMethod"), givenBy: form.text("consentGivenBy"))
                _ = try await store.register.register(personId: person.id, input, consent: consent, actor: context.actor)
                return Response.redirect(to: .person(person.id), ok: "registre", anchor: "radar")
            } reshow: { error in
                return try await registerForm(person, context: context, values: form.values, error: error)
            }
        }
        web.post("/registre/retirer/{id}") { _, context in
            let person = try await person(context)
            try await store.register.unregister(personId: person.id, actor: context.actor)
            return Response.redirect(to: .person(person.id), ok: "registre-retrait", anchor: "radar")
        }
        web.post("/campagnes") { request, context in
            try context.require(.runCampaigns)
            let form = try await FormData.read(request, context: context)
            let callers = form.values.keys.filter { $0.hasPrefix("caller_") }.compactMap { UUID(uuidString: String($0.dropFirst(7))) }
            do {
                guard let kind = CampaignKind(rawValue: form.text("kind")) else {
                    throw AutourError.invalid("Choisissez le type de campagne.", fields: ["kind": "Type inconnu."])
                }
                guard !callers.isEmpty else {
                    throw AutourError.invalid("Choisissez au moins un appelant.", fields: ["callerIds": "Au moins un appelant."])
                }
                let campaign = try await store.register.startCampaign(kind: kind, callerIds: callers, actor: context.actor)
                return Response.redirect(to: .campaign(campaign.id), ok: "lancee")
            } catch let error as AutourError {
                switch error {
                case .invalid, .conflict: return try await register(context, notice: nil, error: error.fields.values.first ?? error.message)
                default: throw error
                }
            }
        }
        web.get("/campagnes/{id}") { request, context in
            let campaign = try await radar.campaign(id: try context.pathID(), for: .makeCalls, by: context.actor)
            return try await campaignPage(campaign, context: context, notice: request.uri.queryParameters["ok"].map(String.init), error: nil)
        }
        web.post("/campagnes/{id}/appels/{callId}") { request, context in
            let campaign = try await radar.campaign(id: try context.pathID(), for: .makeCalls, by: context.actor)
            let form = try await FormData.read(request, context: context)
            guard let callId = context.parameters.get("callId", as: UUID.self) else { throw AutourError.notFound }
            let back: Page = form.text("back") == "appels" ? .calls : .campaign(campaign.id)
            do {
                _ = try await store.register.recordCall(
                    callId, campaignId: campaign.id, outcome: try CampaignRules.callOutcome(form.text("outcome")),
                    note: form.text("note"), actor: context.actor)
            } catch let error as AutourError {
                switch error {
                case .invalid, .conflict:
                    return try await campaignPage(campaign, context: context, notice: nil, error: error.fields.values.first ?? error.message)
                default: throw error
                }
            }
            return Response.redirect(to: back, ok: "appel", anchor: "appel-" + Page.segment(callId))
        }
        web.post("/campagnes/{id}/cloture") { _, context in
            let campaign = try await radar.campaign(id: try context.pathID(), for: .runCampaigns, by: context.actor)
            _ = try await store.register.closeCampaign(campaign.id, actor: context.actor)
            return Response.redirect(to: .campaign(campaign.id), ok: "close")
        }
        web.get("/appels") { request, context in
            try context.require(.makeCalls)
            return try await callsPage(context, notice: request.uri.queryParameters["ok"].map { _ in "Appel enregistré." }, error: nil)
        }
        web.post("/rappels/{id}") { request, context in
            try context.require(.makeCalls)
            guard let id = context.parameters.get("id", as: UUID.self) else { throw AutourError.notFound }
            let form = try await FormData.read(request, context: context)
            do {
                guard let outcome = CheckInOutcome(rawValue: form.text("outcome")) else {
                    throw AutourError.invalid("Choisissez le résultat de l'appel.", fields: ["outcome": "Résultat inconnu."])
                }
                _ = try await store.checkIns.record(planId: id, outcome: outcome, note: form.text("note"), actor: context.actor)
            } catch let error as AutourError {
                switch error {
                case .invalid, .conflict: return try await callsPage(context, notice: nil, error: error.fields.values.first ?? error.message)
                default: throw error
                }
            }
            return Response.redirect(to: .calls, ok: "rappel")
        }
        web.post("/personnes/{id}/rappels") { request, context in
            let person = try await person(context)
            let form = try await FormData.read(request, context: context)
            let back = Page.person(person.id)
            if form["stop"] != nil, let plan = try await store.checkIns.activePlan(personId: person.id) {
                try await store.checkIns.stop(planId: plan.id, actor: context.actor)
                return Response.redirect(to: back, ok: "rappels-arret", anchor: "radar")
            }
            return try await FormData.submit {
                guard let caller = UUID(uuidString: form.text("callerId")) else {
                    throw AutourError.invalid("Choisissez un appelant.", fields: ["callerId": "Choisissez un appelant."])
                }
                _ = try await store.checkIns.plan(
                    personId: person.id, frequencyDays: try form.integer("frequencyDays", in: 1...365, unit: "jours"), callerId: caller,
                    actor: context.actor)
                return Response.redirect(to: back, ok: "rappels", anchor: "radar")
            } reshow: { error in
                return try await people.file(person, context: context, radarError: error.fields.values.first ?? error.message)
            }
        }
        web.get("/radar/indicateurs") { _, context in
            try context.require(.viewIndicators)
            return try await indicatorsPage(context)
        }
    }

    func person(_ context: SignedInContext) async throws -> Person {
        try context.require(.manageRegister)
        guard let id = context.parameters.get("id", as: UUID.self),
            let person = try await store.people.find(id: id, territoryId: context.actor.territoryId), person.erasedAt == nil
        else {
            throw AutourError.notFound
        }
        return person
    }

    func campaignRow(_ c: Campaign) -> CampaignRow {
        CampaignRow(
            id: c.id.uuidString.lowercased(), label: "\(c.kind.label) — \(FrenchFormat.dateTime(c.startedAt))",
            started: FrenchFormat.dateTime(c.startedAt), closed: c.closedAt.map(FrenchFormat.dateTime))
    }

    func register(_ context: SignedInContext, notice: String?, error: String?) async throws -> Response {
        let now = clock.now()
        let territoryId = context.actor.territoryId
        let entries = try await store.register.entries(territoryId: territoryId)
        let rows = entries.map { item in
            EntryRow(
                personId: item.person.id.uuidString.lowercased(), name: "\(item.person.lastName.uppercased()) \(item.person.firstName)",
                neighbourhood: item.person.neighbourhood ?? "—", reasons: item.entry.reasons.map(\.label).sorted().joined(separator: ", "),
                validUntil: item.consentExpiry.map(FrenchFormat.dateTime) ?? "expiré",
                renew: item.consentExpiry.map { $0.timeIntervalSince(now) < RegisterRules.renewalNotice } ?? true)
        }
        let campaigns = try await store.register.campaigns(territoryId: territoryId)
        let callers = try await store.register.eligibleCallers(territoryId: territoryId)
        let body = RegisterBody(
            rows: rows, count: FrenchText.count(rows.count, "personne inscrite", "personnes inscrites"), renewals: rows.filter(\.renew).count,
            renewalsText: FrenchText.count(rows.filter(\.renew).count, "consentement à renouveler", "consentements à renouveler"),
            campaigns: campaigns.map(campaignRow),
            openCampaign: campaigns.first { $0.closedAt == nil }.map(campaignRow),
            canRun: Permissions.can(context.actor, .runCampaigns),
            kinds: CampaignKind.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == .heatwave) },
            callers: callers.map {
                Choice(value: $0.id.uuidString.lowercased(), label: "\($0.name) (\($0.sortedRoles.map(\.label).joined(separator: ", ")))", selected: true)
            },
            error: error, notice: ["registre": "Inscription enregistrée."][notice ?? ""])
        return renderer.page(
            "register", title: "Registre canicule et grand froid", body: body, path: Page.register.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    func registerForm(_ person: Person, context: SignedInContext, values: [String: String], error: AutourError?) async throws -> Response {
        let consents = try await store.people.consents(personId: person.id)
        let body = RegisterFormBody(
            personId: person.id.uuidString.lowercased(), name: person.displayName,
            requesters: RegisterRequester.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: (values["requestedBy"] ?? "person") == $0.rawValue)
            },
            reasons: RegisterReason.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: values["reason_\($0.rawValue)"] != nil) },
            contacts: values["contacts"] ?? "", emergencyName: values["emergencyName"] ?? "", emergencyPhone: values["emergencyPhone"] ?? "",
            needsConsent: !ConsentRules.allows(consents, .heatwaveRegister, now: clock.now()),
            methods: [Choice(value: "", label: "— choisissez —", selected: false)]
                + ConsentMethod.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: values["consentMethod"] == $0.rawValue) },
            givers: ConsentGiver.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: (values["consentGivenBy"] ?? "person") == $0.rawValue) },
            errors: error?.fields ?? [:], summary: error?.message, errorList: FormErrors(error?.fields ?? [:]))
        return renderer.page(
            "register_form", title: "Inscription au registre", body: body, path: Page.register.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    func callRow(_ item: CallListItem, campaignId: UUID, names: [UUID: String]?) -> CallRow {
        let allowed: [CallOutcome] =
            switch item.call.status {
            case .toCall, .callAgain: [.fine, .visitNeeded, .unreachable]
            case .visitNeeded: [.visited]
            case .fine, .visited: []
            }
        let emergency = item.entry.flatMap { $0.emergencyName.isEmpty ? nil : "\($0.emergencyName) \($0.emergencyPhone)" }
        return CallRow(
            campaignId: campaignId.uuidString.lowercased(), id: item.call.id.uuidString.lowercased(), name: item.person.displayName,
            phone: item.person.phone, address: [item.person.address, item.person.neighbourhood].compactMap { $0 }.joined(separator: " — ").nilIfEmpty,
            emergency: emergency, status: item.call.status.label, caller: names.flatMap { $0[item.call.callerId] },
            note: item.call.note.nilIfEmpty, outcomes: allowed.map { Choice(value: $0.rawValue, label: $0.label, selected: false) },
            settled: item.call.status.isSettled)
    }

    func campaignPage(_ campaign: Campaign, context: SignedInContext, notice: String?, error: String?) async throws -> Response {
        let everyone = Permissions.can(context.actor, .manageRegister)
        let all = try await store.register.calls(campaignId: campaign.id)
        let names = try await store.accounts.list(territoryId: context.actor.territoryId).namesById
        let visible = everyone ? all.filter { !$0.call.status.isSettled } : all.filter { $0.call.callerId == context.actor.accountId }
        let progress = CampaignProgress(all.map(\.call))
        let byCaller = Dictionary(grouping: all, by: \.call.callerId)
        let body = CampaignBody(
            id: campaign.id.uuidString.lowercased(), label: campaign.kind.label, started: FrenchFormat.dateTime(campaign.startedAt),
            closed: campaign.closedAt.map(FrenchFormat.dateTime), open: campaign.closedAt == nil, progress: progress,
            complete: progress.isComplete,
            calls: campaign.closedAt == nil ? visible.map { callRow($0, campaignId: campaign.id, names: everyone ? names : nil) } : [],
            hasCalls: campaign.closedAt == nil && !visible.isEmpty, mine: !everyone,
            canClose: Permissions.can(context.actor, .runCampaigns) && campaign.closedAt == nil,
            notice: ["lancee": "Campagne lancée : les listes d'appels sont réparties.", "appel": "Appel enregistré.", "close": "Campagne close."][notice ?? ""],
            error: error,
            callers: everyone
                ? byCaller.map {
                    CallerRow(
                        name: names[$0.key] ?? "—", total: $0.value.count,
                        remaining: $0.value.filter { !$0.call.status.isSettled }.count)
                }
                .sorted { $0.name < $1.name } : [])
        return renderer.page(
            "campaign", title: "Campagne \(campaign.kind.label)", body: body, path: Page.register.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    func callsPage(_ context: SignedInContext, notice: String?, error: String?) async throws -> Response {
        let now = clock.now()
        let open = try await store.register.campaigns(territoryId: context.actor.territoryId).first { $0.closedAt == nil }
        let calls = try await open.asyncMap { try await store.register.calls(campaignId: $0.id, callerId: context.actor.accountId) } ?? []
        let checkIns = try await store.checkIns.plans(callerId: context.actor.accountId, territoryId: context.actor.territoryId)
        let body = CallsBody(
            campaign: open.map(campaignRow),
            calls: open.map { campaign in calls.map { callRow($0, campaignId: campaign.id, names: nil) } } ?? [],
            hasCalls: !calls.isEmpty,
            checkIns: checkIns.map { item in
                CheckInRow(
                    id: item.plan.id.uuidString.lowercased(), name: item.person.displayName, phone: item.person.phone,
                    due: FrenchFormat.dateTime(item.plan.nextDueAt), late: item.plan.nextDueAt < now,
                    outcomes: CheckInOutcome.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: false) })
            },
            hasCheckIns: !checkIns.isEmpty, notice: notice, error: error)
        return renderer.page(
            "calls", title: "Mes appels", body: body, path: Page.calls.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    func indicatorsPage(_ context: SignedInContext) async throws -> Response {
        let indicators = try await radar.indicators(by: context.actor)
        let weekLabels = indicators.weeks.map { FrenchFormat.day(String(ISO8601DateFormatter().string(from: $0.start).prefix(10))) ?? "" }
        let hours = { (value: Double?) in
            indicators.contacted < SmallCount.threshold ? "trop peu de cas" : value.map { FrenchText.decimal($0, digits: 0) + " h" } ?? "—"
        }
        let body = IndicatorsBody(
            weekLabels: weekLabels,
            byKind: SignalKind.allCases.map { kind in IndicatorRow(label: kind.label, cells: indicators.weeks.map { SmallCount.text($0.byKind[kind] ?? 0) }) },
            totals: indicators.weeks.map { SmallCount.text($0.total) },
            places: indicators.byNeighbourhood.map { IndicatorRow(label: $0.name, cells: [SmallCount.text($0.count)]) },
            outcomes: SignalOutcome.allCases.map { IndicatorRow(label: $0.label, cells: [SmallCount.text(indicators.outcomes[$0] ?? 0)]) },
            median: hours(indicators.firstContactMedianHours), p90: hours(indicators.firstContactP90Hours))
        return renderer.page("radar_indicators", title: "Indicateurs du Radar", body: body, path: Page.radarIndicators.path, viewer: context)
    }
}
