import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The local social council: its elections (candidates trained by the CCAS, one vote per
/// inhabitant, results published at closing), the decisions referred to it and its reasoned
/// opinions, public and searchable, citing the earlier ones.
struct CouncilWeb {
    let store: Store
    let renderer: WebRenderer
    var service: AdvocacyService { store.advocacyService }

    struct CandidateView { let id: String, name: String, trained: String, presentation: String?, votes: Int, elected: Bool }
    struct ElectionView {
        let id: String, title: String, seats: Int, open: Bool, candidates: [CandidateView], voters: Int, mayVote: Bool, voted: Bool
        let mayAddCandidates: Bool, mayCount: Bool, pending: [PendingCount], onlineVoters: [String]
    }
    struct PendingCount { let count: String, summary: String, mine: Bool }
    struct CiteOption { let number: Int, title: String }
    struct ReferralView { let id: String, number: Int, title: String, referredBy: String, question: String, date: String, cites: [CiteOption] }
    struct PublishedLink { let number: Int, title: String, href: String }
    struct Body {
        let elections: [ElectionView], officer: Bool, referrals: [ReferralView], published: [PublishedLink], values: [String: String]
        let errors: [String: String], summary: String?, notice: String?, publicHref: String
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/plaidoyer/conseil") { request, context in
            try await page(context, values: [:], error: nil, notice: Self.notice(request))
        }
        func act(_ path: String, ok: String, _ body: @escaping @Sendable (FormData, SignedInContext) async throws -> Void) {
            web.post("/plaidoyer/conseil/\(path)") { request, context in
                let form = try await FormData.read(request, context: context)
                return try await FormData.submit {
                    try await body(form, context)
                    return Response.redirect(to: .council, ok: ok)
                } reshow: { error in
                    try await page(context, values: form.values, error: error, notice: nil)
                }
            }
        }
        act("elections", ok: "election") { form, context in
            _ = try await service.createElection(title: form.text("electionTitle"), seats: form.text("seats"), actor: context.actor)
        }
        act("candidats", ok: "candidat") { form, context in
            try await service.addCandidate(
                electionId: try Self.id(form, "election"), name: form.text("name"), trainedOn: form.text("trainedOn"),
                presentation: form.text("presentation"), actor: context.actor)
        }
        act("voter", ok: "vote") { form, context in
            guard let candidate = UUID(uuidString: form.text("candidate")) else {
                throw AutourError.invalid("Choisissez un·e candidat·e.", fields: ["candidate": "Choisissez un·e candidat·e."])
            }
            try await service.voteForCouncil(electionId: try Self.id(form, "election"), candidateId: candidate, actor: context.actor)
        }
        act("decompte", ok: "decompte") { form, context in
            let votes = Dictionary(
                uniqueKeysWithValues: form.values.compactMap { key, value in
                    key.hasPrefix("count_") ? UUID(uuidString: String(key.dropFirst(6))).map { ($0, value.trimmingCharacters(in: .whitespaces)) } : nil
                })
            try await service.enterStationCount(electionId: try Self.id(form, "election"), votes: votes, actor: context.actor)
        }
        act("decompte/confirmer", ok: "confirme") { form, context in
            try await service.confirmStationCount(try Self.id(form, "count"), electionId: try Self.id(form, "election"), actor: context.actor)
        }
        act("clore", ok: "clos") { form, context in try await service.closeElection(electionId: try Self.id(form, "election"), actor: context.actor) }
        act("saisines", ok: "saisine") { form, context in
            _ = try await service.refer(
                title: form.text("title"), referredBy: form.text("referredBy"), question: form.text("question"), actor: context.actor)
        }
        act("avis", ok: "avis") { form, context in
            let cites = form.values.keys.compactMap { $0.hasPrefix("cite_") ? Int($0.dropFirst(5)) : nil }
            _ = try await service.publish(
                opinionId: try Self.id(form, "referral"), opinion: form.text("opinion"), reasons: form.text("reasons"), cites: cites, actor: context.actor)
        }
    }

    static func id(_ form: FormData, _ field: String) throws -> UUID {
        guard let id = UUID(uuidString: form.text(field)) else { throw AutourError.notFound }
        return id
    }

    static func notice(_ request: Request) -> String? {
        switch request.uri.queryParameters["ok"] {
        case "election": "Élection ouverte : ajoutez les candidat·es formé·es avant le premier vote."
        case "candidat": "Candidature ajoutée."
        case "vote": "Votre vote est enregistré. Les résultats sont publiés à la clôture."
        case "decompte": "Décompte saisi : il compte une fois confirmé par un·e second·e assesseur·e."
        case "confirme": "Décompte confirmé et ajouté aux voix."
        case "clos": "Élection close : les résultats sont publiés."
        case "saisine": "Saisine enregistrée : le conseil en délibère."
        case "avis": "Avis publié : il est public et se retrouve par la recherche."
        default: nil
        }
    }

    private func page(_ context: SignedInContext, values: [String: String], error: AutourError?, notice: String?) async throws -> Response {
        let actor = context.actor
        let officer = Permissions.can(actor, .runCouncil)
        var elections: [ElectionView] = []
        for election in try await service.elections(actor: actor) {
            let candidates = try await service.candidates(electionId: election.id, actor: actor)
            let elected = Set(election.open ? [] : CouncilRules.elected(candidates, seats: election.seats).map(\.id))
            let voters = try await service.voterCount(electionId: election.id, actor: actor)
            let voted = try await service.hasVoted(electionId: election.id, actor: actor)
            elections.append(
                ElectionView(
                    id: election.id.uuidString.lowercased(), title: election.title, seats: election.seats, open: election.open,
                    candidates: candidates.map {
                        CandidateView(
                            id: $0.id.uuidString.lowercased(), name: $0.name, trained: FrenchFormat.day($0.trainedOn) ?? "",
                            presentation: $0.presentation.nilIfEmpty, votes: $0.votes, elected: elected.contains($0.id))
                    }.sorted { election.open ? $0.name < $1.name : ($0.votes, $1.name) > ($1.votes, $0.name) }, voters: voters,
                    mayVote: election.open && !voted && Permissions.can(actor, .voteForCouncil) && !candidates.isEmpty, voted: voted,
                    mayAddCandidates: officer && election.open && voters == 0, mayCount: officer && election.open && !candidates.isEmpty,
                    pending: officer && election.open
                        ? try await service.pendingStationCounts(electionId: election.id, actor: actor).map { count in
                            PendingCount(
                                count: count.id.uuidString.lowercased(),
                                summary: candidates.map { "\($0.name) : \(count.votes[$0.id] ?? 0)" }.joined(separator: ", "),
                                mine: count.enteredBy == actor.accountId)
                        } : [],
                    onlineVoters: officer && election.open ? try await service.onlineVoters(electionId: election.id, actor: actor) : []))
        }
        let opinions = try await service.opinions(actor: actor)
        let published = opinions.filter(\.isPublished)
        let body = Body(
            elections: elections, officer: officer,
            referrals: officer
                ? opinions.filter { !$0.isPublished }.map { opinion in
                    ReferralView(
                        id: opinion.id.uuidString.lowercased(), number: opinion.number, title: opinion.title, referredBy: opinion.referredBy,
                        question: opinion.question, date: FrenchFormat.date(opinion.receivedAt),
                        cites: published.filter { $0.number < opinion.number }.map { CiteOption(number: $0.number, title: $0.title) })
                } : [],
            published: published.reversed().map {
                PublishedLink(number: $0.number, title: $0.title, href: Page.publicOpinion(slug: context.territory.slug, $0.number).path)
            }, values: values, errors: error?.fields ?? [:], summary: error?.summary, notice: notice,
            publicHref: Page.publicOpinions(slug: context.territory.slug).path)
        return renderer.page(
            "advocacy_council", title: "Le conseil social local", body: body, path: Page.council.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    // MARK: Public

    struct HitView { let number: Int, title: String, date: String, excerpt: String, href: String }
    struct ResultRow { let name: String, votes: Int, elected: Bool }
    struct PublicBody {
        let territoryName: String, query: String, hits: [HitView], searched: Bool, councillors: [String], slug: String, charterHref: String
        let election: String?, results: [ResultRow]
    }
    struct OpinionBody {
        let number: Int, title: String, referredBy: String, question: String, opinion: String, reasons: String, received: String, published: String
        let cites: [PublishedLink], citedBy: [PublishedLink], listHref: String
    }

    func addPublicRoutes(to router: Router<AppContext>) {
        router.get("/avis/{slug}") { request, context in
            let territory = try await context.territory(from: store)
            let query = request.uri.queryParameters["q"].map(String.init) ?? ""
            let hits = try await service.search(territoryId: territory.id, query: query)
            let last = try await service.lastResults(territoryId: territory.id)
            let elected = Set(last?.elected.map(\.id) ?? [])
            let body = PublicBody(
                territoryName: territory.name, query: query,
                hits: hits.map {
                    HitView(
                        number: $0.opinion.number, title: $0.opinion.title, date: $0.opinion.publishedAt.map(FrenchFormat.date) ?? "",
                        excerpt: $0.excerpt, href: Page.publicOpinion(slug: territory.slug, $0.opinion.number).path)
                }, searched: !query.trimmingCharacters(in: .whitespaces).isEmpty,
                councillors: last?.elected.map(\.name) ?? [], slug: territory.slug, charterHref: Page.publicCharter(slug: territory.slug).path,
                election: last.map { "\($0.election.title), close le \($0.election.closedAt.map(FrenchFormat.date) ?? "")" },
                results: last?.candidates.map { ResultRow(name: $0.name, votes: $0.votes, elected: elected.contains($0.id)) } ?? [])
            return renderer.page(
                "opinions_public", title: "Les avis du conseil social local", body: body, path: Page.publicOpinions(slug: territory.slug).path,
                viewer: context)
        }
        router.get("/avis/{slug}/{number}") { _, context in
            let territory = try await context.territory(from: store)
            guard let number = context.parameters.get("number", as: Int.self) else { throw AutourError.notFound }
            let opinion = try await service.publishedOpinion(number: number, territoryId: territory.id)
            let published = try await service.search(territoryId: territory.id, query: "").map(\.opinion)
            func link(_ other: CouncilOpinion) -> PublishedLink {
                PublishedLink(number: other.number, title: other.title, href: Page.publicOpinion(slug: territory.slug, other.number).path)
            }
            let body = OpinionBody(
                number: opinion.number, title: opinion.title, referredBy: opinion.referredBy, question: opinion.question, opinion: opinion.opinion,
                reasons: opinion.reasons, received: FrenchFormat.date(opinion.receivedAt), published: opinion.publishedAt.map(FrenchFormat.date) ?? "",
                cites: published.filter { opinion.cites.contains($0.number) }.sorted { $0.number < $1.number }.map(link),
                citedBy: published.filter { $0.cites.contains(opinion.number) }.sorted { $0.number < $1.number }.map(link),
                listHref: Page.publicOpinions(slug: territory.slug).path)
            return renderer.page(
                "opinion_public", title: "Avis n° \(opinion.number) : \(opinion.title)", body: body,
                path: Page.publicOpinion(slug: territory.slug, number).path, viewer: context)
        }
    }
}
