import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The Radar's signal pages: the one-minute form (phone first), the sender's list of statuses,
/// the triage queue and the signal's page where an agent qualifies, visits and closes.
struct SignalsWeb {
    let store: Store
    let renderer: WebRenderer
    var radar: RadarService { store.radarService }
    let clock: WallClock

    struct Choice { let value: String; let label: String; let selected: Bool }

    // MARK: Form

    struct FormBody {
        let kinds: [Choice], urgencies: [Choice], consents: [Choice], neighbourhoods: [Choice]
        let personName: String, personDescription: String, address: String, details: String, dischargeDate: String
        let detailsLimit: Int
        let errors: [String: String]
        let errorList: FormErrors
        let summary: String?
        let charter: CharterBody?
        let paused: Bool
    }
    struct FormErrors {
        let kind: String?, urgency: String?, personName: String?, personDescription: String?, address: String?
        let neighbourhood: String?, details: String?, consentToContact: String?, dischargeDate: String?, charter: String?
        init(_ f: [String: String]) {
            kind = f["kind"]; urgency = f["urgency"]; personName = f["personName"]; personDescription = f["personDescription"]
            address = f["address"]; neighbourhood = f["neighbourhood"]; details = f["details"]
            consentToContact = f["consentToContact"]; dischargeDate = f["dischargeDate"]; charter = f["charter"]
        }
    }
    struct CharterBody { let version: Int; let paragraphs: [String] }

    // MARK: Lists

    struct SentRow { let kind: String; let date: String; let status: String; let closed: Bool }
    struct SentBody { let rows: [SentRow]; let empty: Bool; let notice: String? }

    struct QueueRow {
        let id: String, kind: String, urgent: Bool, subject: String, neighbourhood: String?, created: String, deadline: String
        let overdue: Bool, status: String, assignee: String?, duplicate: Bool
    }
    struct QueueBody {
        let rows: [QueueRow]
        let empty: Bool
        let neighbourhoods: [Choice], kinds: [Choice], statuses: [Choice]
        let overdueCount: Int
    }

    // MARK: Detail

    struct Fact { let label: String; let value: String }
    struct OutreachRow { let kind: String; let when: String; let planned: Bool; let note: String?; let author: String }
    struct DuplicateRow { let id: String; let subject: String; let created: String; let status: String }
    struct PersonChoice { let id: String; let label: String }
    struct DetailBody {
        let id: String
        let subject: String
        let kindLabel: String
        let urgent: Bool
        let overdue: Bool
        let statusLabel: String
        let outcomeLabel: String?
        let open: Bool
        let facts: [Fact]
        let details: String?
        let person: PersonChoice?
        let candidates: [PersonChoice]
        let hasCandidates: Bool
        let query: String
        let firstName: String, lastName: String
        let agents: [Choice]
        let outreachKinds: [Choice]
        let outreach: [OutreachRow]
        let duplicates: [DuplicateRow]
        let hasDuplicates: Bool
        let outcomes: [Choice]
        let notice: String?
        let errors: DetailErrors
    }
    struct DetailErrors {
        let assign: String?, qualify: String?, outreach: String?, close: String?, merge: String?
        init(_ section: String?, _ message: String?) {
            assign = section == "assign" ? message : nil
            qualify = section == "qualify" ? message : nil
            outreach = section == "outreach" ? message : nil
            close = section == "close" ? message : nil
            merge = section == "merge" ? message : nil
        }
    }

    // MARK: Routes

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/signaler") { request, context in
            try context.require(.sendSignal)
            // A link may start the details (a meeting at an event of the programme).
            let details = request.uri.queryParameters["details"].map { String($0.prefix(500)) }
            return try await form(context, values: details.map { ["details": $0] } ?? [:], error: nil)
        }
        web.post("/signaler/charte") { request, context in
            try context.require(.sendSignal)
            let form = try await FormData.read(request, context: context)
            do {
                _ = try await store.watchers.acceptCharter(
                    version: NumberInput.integer(form.text("version"), in: 1...Int(Int32.max)) ?? 0, actor: context.actor)
            } catch AutourError.conflict(let message) {
                return try await self.form(context, values: [:], error: .invalid(message, fields: ["charter": message]))
            }
            return Response.redirect(to: .sendSignal)
        }
        web.post("/signaler") { request, context in
            try context.require(.sendSignal)
            let form = try await FormData.read(request, context: context)
            let input = SignalInput(
                kind: form.text("kind"), urgency: form.text("urgency"), personName: form.text("personName"),
                personDescription: form.text("personDescription"), address: form.text("address"),
                neighbourhood: form.text("neighbourhood"), details: form.text("details"),
                consentToContact: form.text("consentToContact"), dischargeDate: form.text("dischargeDate"))
            return try await FormData.submit {
                let signal = try await radar.send(input, territory: context.territory, actor: context.actor)
                if Permissions.can(context.actor, .triageSignals) {
                    return Response.redirect(to: .signal(signal.id), ok: "envoi")
                }
                return Response.redirect(to: .mySignals, ok: "1")
            } reshow: { error in
                return try await self.form(context, values: form.values, error: error)
            }
        }
        web.get("/mes-signalements") { request, context in
            try context.require(.readOwnSignalStatus)
            let rows = try await store.signals.sent(by: context.actor).map {
                SentRow(
                    kind: $0.kind.label, date: FrenchFormat.dateTime($0.createdAt), status: $0.status.senderStatus.label,
                    closed: $0.status == .closed)
            }
            let notice = request.uri.queryParameters["ok"] != nil ? "Merci, votre signalement a bien été transmis au CCAS." : nil
            return renderer.page(
                "signals_sent", title: "Mes signalements", body: SentBody(rows: rows, empty: rows.isEmpty, notice: notice),
                path: Page.mySignals.path, viewer: context)
        }
        web.get("/signalements") { request, context in
            try context.require(.triageSignals)
            return try await queue(request, context: context)
        }
        web.get("/signalements/{id}") { request, context in
            let signal = try await radar.signalForTriage(id: try context.pathID(), by: context.actor)
            let query = String((request.uri.queryParameters["q"].map(String.init) ?? "").prefix(100))
            return try await detail(signal, context: context, query: query, notice: request.uri.queryParameters["ok"].map(String.init))
        }
        // One route per step: an unknown word in the path is the router's 404.
        for step in Step.allCases {
            web.post("/signalements/{id}/\(step.rawValue)") { request, context in try await act(step, request: request, context: context) }
        }
    }

    /// The steps of the triage, as their URLs say them.
    enum Step: String, CaseIterable, Sendable {
        case attribuer, rattacher, contact, clore, fusionner

        /// The part of the page where the step's error is shown.
        var section: String {
            switch self {
            case .attribuer: "assign"
            case .rattacher: "qualify"
            case .contact: "outreach"
            case .clore: "close"
            case .fusionner: "merge"
            }
        }
    }

    func act(_ step: Step, request: Request, context: SignedInContext) async throws -> Response {
        let signal = try await radar.signalForTriage(id: try context.pathID(), by: context.actor, reading: false)
        let form = try await FormData.read(request, context: context)
        do {
            switch step {
            case .attribuer:
                guard let agent = UUID(uuidString: form.text("agentId")) else {
                    throw AutourError.invalid("Choisissez un agent.", fields: ["agentId": "Choisissez un agent."])
                }
                _ = try await store.signals.assign(signal.id, to: agent, actor: context.actor)
            case .rattacher:
                if let personId = UUID(uuidString: form.text("personId")) {
                    _ = try await store.signals.qualify(signal.id, personId: personId, actor: context.actor)
                } else {
                    let territory = context.territory
                    let input = PersonInput(
                        firstName: form.text("firstName"), lastName: form.text("lastName"), address: signal.address,
                        neighbourhood: signal.neighbourhood)
                    let valid = try PersonRules.validate(input, territory: territory, today: clock.now())
                    _ = try await store.signals.qualify(signal.id, newPerson: valid, actor: context.actor)
                }
            case .contact:
                guard let kind = OutreachKind(rawValue: form.text("kind")) else {
                    throw AutourError.invalid("Choisissez le type de contact.", fields: ["kind": "Type inconnu."])
                }
                var planned: Date?
                if form.text("when") == "planned" {
                    guard let date = FrenchFormat.parseLocalDateTime(form.text("plannedFor")) else {
                        throw AutourError.invalid("Indiquez la date et l'heure du passage.", fields: ["plannedFor": "Date invalide."])
                    }
                    planned = date
                }
                _ = try await store.signals.addOutreach(
                    signal.id, kind: kind, plannedFor: planned, note: form.text("note"),
                    actor: context.actor)
            case .clore:
                _ = try await radar.close(signal, outcome: form.text("outcome"), duplicateOf: nil, actor: context.actor)
            case .fusionner:
                guard let source = UUID(uuidString: form.text("source")) else { throw AutourError.notFound }
                _ = try await store.signals.merge(source, into: signal.id, actor: context.actor)
            }
        } catch let error as AutourError {
            let section = step.section
            switch error {
            case .invalid, .conflict:
                let message = error.summary
                return try await detail(
                    signal, context: context, query: "", notice: nil, error: (section, message),
                    status: error.code == "conflict" ? .conflict : .unprocessableContent)
            default: throw error
            }
        }
        return Response.redirect(to: .signal(signal.id), ok: step.rawValue)

    }

    // MARK: Pages

    func form(_ context: SignedInContext, values: [String: String], error: AutourError?) async throws -> Response {
        let territory = context.territory
        let charter = try await store.watchers.currentCharter(territoryId: territory.id)
        let profile = try await store.watchers.profile(accountId: context.actor.accountId)
        let watcherOnly = context.actor.has(.watcher) && !context.actor.hasAny([.agent, .coordinator, .partner])
        let mustAccept = watcherOnly && WatcherRules.mustAcceptCharter(profile, current: charter)
        let choose = { (all: [(String, String)], key: String) in
            all.map { Choice(value: $0.0, label: $0.1, selected: values[key] == $0.0) }
        }
        let kinds = SignalKind.allCases.filter { (try? SignalRules.checkSender(of: $0, context.actor)) != nil }
        let body = FormBody(
            kinds: choose(kinds.map { ($0.rawValue, $0.label) }, "kind"),
            urgencies: SignalUrgency.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: (values["urgency"] ?? "normal") == $0.rawValue) },
            consents: choose(ContactConsent.allCases.map { ($0.rawValue, $0.label) }, "consentToContact"),
            neighbourhoods: [Choice(value: "", label: "— je ne sais pas —", selected: (values["neighbourhood"] ?? "").isEmpty)]
                + choose(territory.neighbourhoods.map { ($0.name, $0.name) }, "neighbourhood"),
            personName: values["personName"] ?? "", personDescription: values["personDescription"] ?? "",
            address: values["address"] ?? "", details: values["details"] ?? "", dischargeDate: values["dischargeDate"] ?? "",
            detailsLimit: SignalRules.detailsLimit, errors: error?.fields ?? [:], errorList: FormErrors(error?.fields ?? [:]),
            summary: error?.message,
            charter: mustAccept
                ? charter.map { CharterBody(version: $0.version, paragraphs: $0.text.components(separatedBy: "\n").filter { !$0.isEmpty }) } : nil,
            paused: watcherOnly && profile?.isActive == false)
        return renderer.page(
            "signal_form", title: "Signaler une situation", body: body, path: Page.sendSignal.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    func queue(_ request: Request, context: SignedInContext) async throws -> Response {
        let territory = context.territory
        let params = request.uri.queryParameters
        let place = params["quartier"].map(String.init).flatMap(\.nilIfEmpty)
        let kind = params["type"].flatMap { SignalKind(rawValue: String($0)) }
        let status = params["statut"].map(String.init) ?? "ouverts"
        var filter = SignalFilter(neighbourhood: place, kind: kind)
        if let chosen = SignalStatus(rawValue: status) { filter.statuses = [chosen] }
        let now = clock.now()
        let signals = try await store.signals.queue(territoryId: territory.id, filter: filter)
        let names = try await store.accounts.list(territoryId: territory.id).namesById
        // Flagged against the other open signals of the queue, each text folded once.
        let duplicates = SignalRules.duplicateGroups(signals.filter { $0.status != .closed })
        let rows = signals.map { s in
            QueueRow(
                id: s.id.uuidString.lowercased(), kind: s.kind.label, urgent: s.urgency == .urgent, subject: s.subject,
                neighbourhood: s.neighbourhood, created: FrenchFormat.dateTime(s.createdAt),
                deadline: FrenchFormat.dateTime(SignalRules.deadline(of: s)), overdue: SignalRules.isOverdue(s, now: now),
                status: s.status.label, assignee: s.assignedTo.flatMap { names[$0] },
                duplicate: duplicates[s.id] != nil)
        }
        let statuses =
            [Choice(value: "ouverts", label: "Ouverts (nouveaux, attribués, rattachés)", selected: SignalStatus(rawValue: status) == nil)]
            + SignalStatus.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: status == $0.rawValue) }
        let body = QueueBody(
            rows: rows, empty: rows.isEmpty,
            neighbourhoods: [Choice(value: "", label: "Tous les quartiers", selected: place == nil)]
                + territory.neighbourhoods.map { Choice(value: $0.name, label: $0.name, selected: place == $0.name) },
            kinds: [Choice(value: "", label: "Tous les types", selected: kind == nil)]
                + SignalKind.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: kind == $0) },
            statuses: statuses, overdueCount: rows.filter(\.overdue).count)
        return renderer.page("signal_queue", title: "Signalements à traiter", body: body, path: Page.signals.path, viewer: context)
    }

    func detail(
        _ signal: Signal, context: SignedInContext, query: String, notice: String?,
        error: (section: String?, message: String)? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let now = clock.now()
        let territoryId = context.actor.territoryId
        let accounts = try await store.accounts.list(territoryId: territoryId)
        let names = accounts.namesById
        let person = try await signal.personId.asyncMap { try await store.people.find(id: $0, territoryId: territoryId) } ?? nil
        let search = query.isEmpty ? (signal.personName ?? "") : query
        let candidates =
            signal.personId != nil || search.isEmpty
            ? []
            : try await store.people.search(search, territoryId: territoryId, limit: 10)
        let nameParts = (signal.personName ?? "").split(separator: " ", maxSplits: 1).map(String.init)
        let duplicates = signal.status == .closed ? [] : try await store.signals.likelyDuplicates(of: signal).filter { $0.status != .closed }
        let facts: [(String, String?)] = [
            ("Reçu le", FrenchFormat.dateTime(signal.createdAt)), ("Origine", signal.source.label),
            ("Envoyé par", signal.createdBy.flatMap { names[$0] }), ("Premier contact attendu avant", FrenchFormat.dateTime(SignalRules.deadline(of: signal))),
            ("Premier contact", signal.firstContactAt.map(FrenchFormat.dateTime)), ("Description", signal.personDescription),
            ("Adresse", signal.address), ("Quartier", signal.neighbourhood), ("Accepte d'être contactée", signal.consentToContact.label),
            ("Sortie d'hôpital prévue le", signal.dischargeDate.flatMap(FrenchFormat.day)), ("Suivi par", signal.assignedTo.flatMap { names[$0] }),
        ]
        let notices = [
            "envoi": "Signalement enregistré.", "attribuer": "Signalement attribué.", "rattacher": "Signalement rattaché à la fiche.",
            "contact": "Contact enregistré.", "clore": "Signalement clos.", "fusionner": "Doublon fusionné dans ce signalement.",
        ]
        let body = DetailBody(
            id: signal.id.uuidString.lowercased(), subject: signal.subject, kindLabel: signal.kind.label, urgent: signal.urgency == .urgent,
            overdue: SignalRules.isOverdue(signal, now: now), statusLabel: signal.status.label, outcomeLabel: signal.outcome?.label,
            open: signal.status != .closed,
            facts: facts.compactMap { label, value in value.map { Fact(label: label, value: $0) } },
            details: signal.details,
            person: person.map { PersonChoice(id: $0.id.uuidString.lowercased(), label: $0.displayName) },
            candidates: candidates.map { p in
                PersonChoice(
                    id: p.id.uuidString.lowercased(),
                    label: [p.displayName, p.birthDate.flatMap(FrenchFormat.day), p.address].compactMap { $0 }.joined(separator: " — "))
            },
            hasCandidates: !candidates.isEmpty, query: search,
            firstName: nameParts.first ?? "", lastName: nameParts.count > 1 ? nameParts[1] : "",
            agents: accounts.filter { $0.active && ($0.roles.contains(.agent) || $0.roles.contains(.coordinator)) }
                .map { Choice(value: $0.id.uuidString.lowercased(), label: $0.name, selected: $0.id == (signal.assignedTo ?? context.actor.accountId)) },
            outreachKinds: OutreachKind.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == .visit) },
            outreach: try await store.signals.outreach(signalId: signal.id).map { o in
                OutreachRow(
                    kind: o.kind.label, when: FrenchFormat.dateTime(o.doneAt ?? o.plannedFor ?? now), planned: o.doneAt == nil,
                    note: o.note.nilIfEmpty, author: names[o.authorId] ?? "—")
            },
            duplicates: duplicates.map {
                DuplicateRow(
                    id: $0.id.uuidString.lowercased(), subject: $0.subject,
                    created: FrenchFormat.dateTime($0.createdAt), status: $0.status.label)
            },
            hasDuplicates: !duplicates.isEmpty,
            outcomes: SignalOutcome.allCases.filter { $0 != .duplicate }.map { Choice(value: $0.rawValue, label: $0.label, selected: false) },
            notice: notice.flatMap { notices[$0] }, errors: DetailErrors(error?.section, error?.message))
        return renderer.page(
            "signal", title: "Signalement : \(signal.kind.label)", body: body, path: Page.signals.path, viewer: context,
            status: status)
    }
}
