import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The advocates' parliament: the advocacy hub, the members, a session (attendance, the
/// representativeness check, amendments tabled) and an amendment (the secret vote, conflicts of
/// interest, paper counts signed by two officers, the result once closed).
struct ParliamentWeb {
    let store: Store
    let renderer: WebRenderer
    var service: AdvocacyService { store.advocacyService }

    // MARK: Hub

    struct SessionLink { let title: String, date: String, href: String }
    struct HubBody {
        let founded: Bool, version: Int, fingerprint: String, charterHref: String, canFound: Bool, seat: String?, sessions: [SessionLink]
        let officer: Bool, canSettings: Bool, quorumPercent: Int, labelMonths: Int, values: [String: String], errors: [String: String]
        let summary: String?, notice: String?, labelsHref: String, opinionsHref: String
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/plaidoyer") { request, context in
            try await hub(context, values: [:], error: nil, notice: Self.notice(request))
        }
        web.post("/plaidoyer/seances") { request, context in
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let id = try await service.createSession(
                    title: form.text("title"), meetsOn: form.text("meetsOn"), agenda: form.values["agenda"] ?? "", actor: context.actor)
                return Response.redirect(to: .parliamentSession(id), ok: "seance")
            } reshow: { error in
                try await hub(context, values: form.values, error: error, notice: nil)
            }
        }
        web.post("/plaidoyer/reglages") { request, context in
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                try await service.saveSettings(quorumPercent: form.text("quorumPercent"), labelMonths: form.text("labelMonths"), actor: context.actor)
                return Response.redirect(to: .advocacy, ok: "reglages")
            } reshow: { error in
                try await hub(context, values: form.values, error: error, notice: nil)
            }
        }
        web.get("/plaidoyer/membres") { request, context in try await members(context, values: [:], error: nil, notice: Self.notice(request)) }
        web.post("/plaidoyer/membres") { request, context in
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                _ = try await service.addMember(
                    MemberInput(
                        name: form.text("name"), kind: form.text("kind"), accountId: form.text("accountId"), trainedOn: form.text("trainedOn"),
                        ageBand: form.text("ageBand"), gender: form.text("gender"), neighbourhood: form.text("neighbourhood"),
                        actorId: form.text("actorId")), territory: context.territory, actor: context.actor)
                return Response.redirect(to: .parliamentMembers, ok: "membre")
            } reshow: { error in
                try await members(context, values: form.values, error: error, notice: nil)
            }
        }
        web.post("/plaidoyer/membres/{id}/formation") { request, context in
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                try await service.recordTraining(memberId: try context.pathID(), day: form.text("trainedOn"), actor: context.actor)
                return Response.redirect(to: .parliamentMembers, ok: "formation")
            } reshow: { error in
                try await members(context, values: [:], error: error, notice: nil)
            }
        }
        web.get("/plaidoyer/seances/{id}") { request, context in
            try await session(try context.pathID(), context, values: [:], error: nil, notice: Self.notice(request))
        }
        web.post("/plaidoyer/seances/{id}/presences") { request, context in
            let id = try context.pathID()
            let form = try await FormData.read(request, context: context)
            let present = Set(form.values.keys.compactMap { $0.hasPrefix("present_") ? UUID(uuidString: String($0.dropFirst(8))) : nil })
            try await service.setAttendance(sessionId: id, present: present, actor: context.actor)
            return Response.redirect(to: .parliamentSession(id), ok: "presences")
        }
        web.post("/plaidoyer/seances/{id}/amendements") { request, context in
            let id = try context.pathID()
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let amendment = try await service.table(
                    AmendmentInput(
                        kind: form.text("kind"), article: form.text("article"), title: form.text("title"), text: form.text("text"),
                        reasons: form.text("reasons"), memberId: UUID(uuidString: form.text("memberId"))), sessionId: id, actor: context.actor)
                return Response.redirect(to: .amendment(amendment), ok: "depose")
            } reshow: { error in
                try await session(id, context, values: form.values, error: error, notice: nil)
            }
        }
        web.get("/plaidoyer/amendements/{id}") { request, context in
            try await amendment(try context.pathID(), context, values: [:], error: nil, notice: Self.notice(request))
        }
        // Every action on an amendment comes back to its page, with the refusal in French when a
        // guardrail stops it.
        func act(_ path: String, ok: String, _ body: @escaping @Sendable (UUID, FormData, SignedInContext) async throws -> Void) {
            web.post("/plaidoyer/amendements/{id}/\(path)") { request, context in
                let id = try context.pathID()
                let form = try await FormData.read(request, context: context)
                return try await FormData.submit {
                    try await body(id, form, context)
                    return Response.redirect(to: .amendment(id), ok: ok)
                } reshow: { error in
                    try await amendment(id, context, values: form.values, error: error, notice: nil)
                }
            }
        }
        act("ouvrir", ok: "ouvert") { id, _, context in try await service.openVote(amendmentId: id, actor: context.actor) }
        act("voter", ok: "vote") { id, form, context in
            guard let choice = VoteChoice(rawValue: form.text("choice")) else {
                throw AutourError.invalid("Choisissez pour, contre ou abstention.", fields: ["choice": "Choisissez une réponse."])
            }
            try await service.vote(choice, amendmentId: id, actor: context.actor)
        }
        act("conflit", ok: "conflit") { id, form, context in
            try await service.declareConflict(
                amendmentId: id, note: form.text("note"), memberId: UUID(uuidString: form.text("memberId")), actor: context.actor)
        }
        act("papier", ok: "papier") { id, form, context in
            let members = form.values.keys.compactMap { $0.hasPrefix("paper_") ? UUID(uuidString: String($0.dropFirst(6))) : nil }
            try await service.enterTally(
                yes: form.text("yes"), no: form.text("no"), abstain: form.text("abstain"), members: members, amendmentId: id, actor: context.actor)
        }
        act("papier/confirmer", ok: "confirme") { id, form, context in
            guard let tally = UUID(uuidString: form.text("tally")) else { throw AutourError.notFound }
            try await service.confirmTally(tally, amendmentId: id, actor: context.actor)
        }
        act("papier/ecarter", ok: "ecarte") { id, form, context in
            guard let tally = UUID(uuidString: form.text("tally")) else { throw AutourError.notFound }
            try await service.discardTally(tally, amendmentId: id, actor: context.actor)
        }
        act("clore", ok: "clos") { id, _, context in _ = try await service.closeVote(amendmentId: id, actor: context.actor) }
    }

    static func notice(_ request: Request) -> String? {
        switch request.uri.queryParameters["ok"] {
        case "seance": "Séance créée."
        case "reglages": "Réglages enregistrés."
        case "membre": "Membre ajouté·e."
        case "formation": "Formation enregistrée : ce ou cette membre vote et audite désormais."
        case "presences": "Présences enregistrées."
        case "depose": "Amendement déposé."
        case "ouvert": "Vote ouvert : les résultats restent secrets jusqu'à la clôture."
        case "vote": "Votre vote est dans l'urne. Il est secret : les résultats sont publiés à la clôture."
        case "conflit": "Conflit d'intérêts déclaré : ce ou cette membre ne vote pas sur ce point."
        case "papier": "Décompte papier saisi : il compte une fois confirmé par un·e second·e assesseur·e."
        case "confirme": "Décompte papier confirmé et ajouté à l'urne."
        case "ecarte": "Décompte papier écarté."
        case "clos": "Vote clos : voici le résultat."
        default: nil
        }
    }

    private func hub(_ context: SignedInContext, values: [String: String], error: AutourError?, notice: String?) async throws -> Response {
        let actor = context.actor
        let settings = try await service.settings(actor: actor)
        let current = try await service.versions(territoryId: actor.territoryId).last
        let seat = try await service.ownMember(actor: actor).map { member in
            member.maySit
                ? "Vous siégez au parlement (\(member.kind.label.lowercased())) : vous déposez des amendements, votez et auditez."
                : "Vous êtes inscrit·e au parlement : vous voterez une fois votre formation enregistrée par le CCAS."
        }
        let slug = context.territory.slug
        let body = HubBody(
            founded: current != nil, version: current?.number ?? 0, fingerprint: current?.fingerprint ?? "",
            charterHref: Page.publicCharter(slug: slug).path, canFound: current == nil && Permissions.can(actor, .editCharter), seat: seat,
            sessions: try await service.sessions(actor: actor).map {
                SessionLink(title: $0.title, date: FrenchFormat.day($0.meetsOn) ?? "", href: Page.parliamentSession($0.id).path)
            }, officer: Permissions.can(actor, .runParliament), canSettings: Permissions.can(actor, .editCharter),
            quorumPercent: settings.quorumPercent, labelMonths: settings.labelMonths, values: values, errors: error?.fields ?? [:],
            summary: error?.summary, notice: notice, labelsHref: Page.publicLabels(slug: slug).path, opinionsHref: Page.publicOpinions(slug: slug).path)
        return renderer.page(
            "advocacy", title: "Plaidoyer", body: body, path: Page.advocacy.path, viewer: context, status: error == nil ? .ok : .unprocessableContent)
    }

    // MARK: Members

    struct MemberRow { let id: String, name: String, kind: String, trained: String?, profile: String, account: Bool }
    struct MembersBody {
        let rows: [MemberRow], officer: Bool, kinds: [Option], accounts: [Option], actors: [Option], ageBands: [Option], genders: [Option]
        let neighbourhoods: [Option], values: [String: String], errors: [String: String], summary: String?, notice: String?
    }

    private func members(_ context: SignedInContext, values: [String: String], error: AutourError?, notice: String?) async throws -> Response {
        let actor = context.actor
        let officer = Permissions.can(actor, .runParliament)
        let rows = try await service.members(actor: actor).map { member in
            MemberRow(
                id: member.id.uuidString.lowercased(), name: member.name, kind: member.kind.label, trained: member.trainedOn.flatMap(FrenchFormat.day),
                // The declared profile feeds the representativeness check: the officers alone read it.
                profile: officer ? [member.ageBand, member.gender, member.neighbourhood].filter { !$0.isEmpty }.joined(separator: " · ") : "",
                account: member.accountId != nil)
        }
        func options(_ all: [(String, String)], _ field: String, none: String) -> [Option] {
            [Option(value: "", label: none, selected: (values[field] ?? "").isEmpty)]
                + all.map { Option(value: $0.0, label: $0.1, selected: values[field] == $0.0) }
        }
        let body = MembersBody(
            rows: rows, officer: officer,
            kinds: MemberKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: (values["kind"] ?? "inhabitant") == $0.rawValue) },
            accounts: officer
                ? options(
                    try await service.seatableAccounts(actor: actor).map { ($0.id.uuidString, "\($0.name) (\($0.email))") }, "accountId",
                    none: "Sans compte (vote sur papier)")
                : [],
            actors: officer
                ? options(try await service.actors(territoryId: actor.territoryId).map { ($0.id.uuidString, $0.name) }, "actorId", none: "Aucun") : [],
            ageBands: options(Mixity.Attribute.ageBand.fixedValues.map { ($0, $0 + " ans") }, "ageBand", none: "Non renseignée"),
            genders: options(Mixity.Attribute.gender.fixedValues.map { ($0, $0) }, "gender", none: "Non renseigné"),
            neighbourhoods: options(
                Mixity.categories(.place, places: context.territory.neighbourhoods.map(\.name)).map { ($0, $0) }, "neighbourhood", none: "Non renseigné"),
            values: values, errors: error?.fields ?? [:], summary: error?.summary, notice: notice)
        return renderer.page(
            "advocacy_members", title: "Les membres du parlement", body: body, path: Page.parliamentMembers.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    // MARK: A session

    struct Check { let id: String, name: String, kind: String, present: Bool, maySit: Bool }
    struct RepresentRow { let attribute: String, category: String, present: Int, presentShare: String, referenceShare: String, under: Bool }
    struct AmendmentLink { let title: String, kind: String, article: String?, state: String, href: String }
    struct SessionBody {
        let id: String, title: String, date: String, agenda: String?, officer: Bool, members: [Check], presentCount: Int, quorum: Int
        let sittingPresent: Int, rows: [RepresentRow], hasReference: Bool, warnings: [String], hasWarnings: Bool, amendments: [AmendmentLink], canTable: Bool
        let kinds: [Option], articles: [Option], authors: [Option], values: [String: String], errors: [String: String], summary: String?
        let notice: String?, founded: Bool
    }

    private func session(_ id: UUID, _ context: SignedInContext, values: [String: String], error: AutourError?, notice: String?) async throws
        -> Response
    {
        let actor = context.actor
        let session = try await service.session(id: id, actor: actor)
        let present = try await service.attendance(sessionId: id, actor: actor)
        let members = try await service.members(actor: actor)
        let officer = Permissions.can(actor, .runParliament)
        let rows = try await service.representativeness(sessionId: id, actor: actor)
        let current = try await service.versions(territoryId: actor.territoryId).last
        let own = try await service.ownMember(actor: actor)
        func percent(_ share: Double) -> String { FrenchText.decimal(share * 100, digits: 0) + " %" }
        let body = SessionBody(
            id: id.uuidString.lowercased(), title: session.title, date: FrenchFormat.day(session.meetsOn) ?? "", agenda: session.agenda.nilIfEmpty,
            officer: officer,
            members: members.map {
                Check(id: $0.id.uuidString.lowercased(), name: $0.name, kind: $0.kind.label, present: present.contains($0.id), maySit: $0.maySit)
            }, presentCount: present.count,
            quorum: try await service.quorum(actor: actor),
            sittingPresent: members.filter { $0.maySit && present.contains($0.id) }.count,
            rows: rows.map {
                RepresentRow(
                    attribute: $0.attribute.label, category: $0.category, present: $0.present, presentShare: percent($0.presentShare),
                    referenceShare: percent($0.referenceShare), under: $0.underRepresented)
            }, hasReference: !rows.isEmpty,
            warnings: rows.filter(\.underRepresented).map {
                "\($0.attribute.label) « \($0.category) » : \(percent($0.presentShare)) des présent·es pour \(percent($0.referenceShare)) du territoire."
            }, hasWarnings: rows.contains(where: \.underRepresented),
            amendments: try await service.amendments(sessionId: id, actor: actor).map {
                AmendmentLink(
                    title: $0.title, kind: $0.kind.label, article: $0.article.map { "article \($0)" }, state: $0.state.label, href: Page.amendment($0.id).path)
            }, canTable: current != nil && (officer || own?.maySit == true),
            kinds: AmendmentKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: (values["kind"] ?? "change") == $0.rawValue) },
            articles: (current?.articles ?? []).map {
                Option(value: String($0.number), label: "Article \($0.number) — \($0.title)", selected: values["article"] == String($0.number))
            },
            authors: officer
                ? members.filter(\.maySit).map { Option(value: $0.id.uuidString, label: $0.name, selected: values["memberId"] == $0.id.uuidString) } : [],
            values: values, errors: error?.fields ?? [:], summary: error?.summary, notice: notice, founded: current != nil)
        return renderer.page(
            "advocacy_session", title: session.title, body: body, path: Page.parliamentSession(id).path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    // MARK: An amendment

    struct ConflictRow { let name: String, note: String }
    struct TallyRow { let tally: String, counts: String, voters: String, mine: Bool }
    struct AmendmentBody {
        let id: String, title: String, kind: String, article: String?, reasons: String, state: String, voting: Bool, closed: Bool, canOpen: Bool
        let sessionHref: String, sessionTitle: String, tabledBy: String, words: [CharterWeb.WordView], deleting: Bool, ballots: Int, result: Result?
        let versionHref: String?, officer: Bool, mayVote: Bool, whyNot: String?, choices: [Option], mayDeclare: Bool, conflicts: [ConflictRow]
        let paperMembers: [Check], tallies: [TallyRow], voters: [String], authors: [Option], values: [String: String], errors: [String: String]
        let summary: String?, notice: String?
    }

    struct Result { let yes: Int, no: Int, abstain: Int, ballots: Int, quorum: Int, quorumReached: Bool, outcome: String }

    private func amendment(_ id: UUID, _ context: SignedInContext, values: [String: String], error: AutourError?, notice: String?) async throws
        -> Response
    {
        let actor = context.actor
        let amendment = try await service.amendment(id: id, actor: actor)
        let session = try await service.session(id: amendment.sessionId, actor: actor)
        let members = try await service.members(actor: actor)
        let names = Dictionary(uniqueKeysWithValues: members.map { ($0.id, $0.name) })
        let officer = Permissions.can(actor, .runParliament)
        let versions = try await service.versions(territoryId: actor.territoryId)
        let article = versions.last?.articles.first { $0.number == amendment.article }
        let words: [CharterRules.WordDiff] =
            switch amendment.kind {
            case .add: [.init(kind: .added, text: amendment.text)]
            case .delete: article.map { [.init(kind: .removed, text: $0.text)] } ?? []
            case .change: CharterRules.words(from: article?.text ?? "", to: amendment.text)
            }
        let conflicts = try await service.conflicts(amendmentId: id, actor: actor)
        let whyNot = Permissions.can(actor, .sitInParliament) ? try await service.whyNotVote(amendment, actor: actor) : nil
        let own = try await service.ownMember(actor: actor)
        let voters = officer ? try await service.voters(amendmentId: id, actor: actor) : []
        let present = try await service.attendance(sessionId: amendment.sessionId, actor: actor)
        let result = amendment.result.map {
            Result(
                yes: $0.yes, no: $0.no, abstain: $0.abstain, ballots: $0.ballots, quorum: $0.quorum, quorumReached: $0.quorumReached,
                outcome: amendment.state.label)
        }
        let body = AmendmentBody(
            id: id.uuidString.lowercased(), title: amendment.title, kind: amendment.kind.label, article: amendment.article.map { "Article \($0)" },
            reasons: amendment.reasons, state: amendment.state.label, voting: amendment.state == .voting, closed: amendment.state.isClosed,
            canOpen: officer && (amendment.state == .tabled || amendment.state == .noQuorum), sessionHref: Page.parliamentSession(session.id).path,
            sessionTitle: session.title, tabledBy: names[amendment.tabledBy] ?? "—",
            words: CharterWeb.WordView.of(words),
            deleting: amendment.kind == .delete, ballots: amendment.ballots, result: result,
            versionHref: amendment.version.map { Page.publicCharterVersion(slug: context.territory.slug, $0).path }, officer: officer,
            mayVote: whyNot == nil && own != nil, whyNot: amendment.state == .voting ? whyNot : nil,
            choices: VoteChoice.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: values["choice"] == $0.rawValue) },
            mayDeclare: !amendment.state.isClosed && ((own?.maySit == true && own.map { conflicts[$0.id] == nil } == true) || officer),
            conflicts: conflicts.map { ConflictRow(name: names[$0.key] ?? "—", note: $0.value) }.sorted { $0.name < $1.name },
            paperMembers: amendment.state == .voting && officer
                ? members.filter { $0.maySit && present.contains($0.id) && conflicts[$0.id] == nil && !voters.contains($0.id) }.map {
                    Check(id: $0.id.uuidString.lowercased(), name: $0.name, kind: $0.kind.label, present: false, maySit: true)
                } : [],
            tallies: officer
                ? try await service.tallies(amendmentId: id, actor: actor).filter { !$0.confirmed }.map { tally in
                    TallyRow(
                        tally: tally.id.uuidString.lowercased(), counts: "\(tally.yes) pour, \(tally.no) contre, \(tally.abstain) abstention(s)",
                        voters: tally.members.compactMap { names[$0] }.sorted().joined(separator: ", "), mine: tally.enteredBy == actor.accountId)
                } : [],
            voters: voters.compactMap { names[$0] }.sorted(),
            authors: officer ? members.map { Option(value: $0.id.uuidString, label: $0.name, selected: values["memberId"] == $0.id.uuidString) } : [],
            values: values, errors: error?.fields ?? [:], summary: error?.summary, notice: notice)
        return renderer.page(
            "advocacy_amendment", title: "Amendement « \(amendment.title) »", body: body, path: Page.amendment(id).path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }
}
