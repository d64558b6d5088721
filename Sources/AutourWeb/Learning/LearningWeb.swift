import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The learning pages: the hub (interviews in progress, who can teach and who would learn each
/// subject), a person's learning page, the interview step by step, its suggestions, the lexicon.
struct LearningWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    var service: LearningService { store.learningService }

    struct DraftRow { let name: String, step: Int, started: String, href: String }
    struct SubjectRow { let subject: String, offers: String, requests: String, match: Bool }
    struct PersonRow { let name: String, href: String, skills: String }
    struct SessionRow { let title: String, subject: String, when: String, venue: String, places: String, participation: String, href: String }
    struct HubBody {
        let sessions: [SessionRow], reciprocity: String, staff: Bool, drafts: [DraftRow], subjects: [SubjectRow], people: [PersonRow]
        let canEditLexicon: Bool, ownPage: String?, noProfile: Bool
    }

    struct WishRow { let id: String, label: String, subject: String }
    struct AcceptedRow { let kind: String, target: String, evidence: String }
    struct InterviewRow { let date: String, draft: Bool, step: Int, href: String, accepted: [AcceptedRow] }
    struct PersonBody {
        let exchanges: String
        let id: String, name: String, skills: String?, wishes: [WishRow], interviews: [InterviewRow], hasDraft: Bool, subjects: [String]
        let values: [String: String], errors: [String: String], summary: String?, notice: String?, isSelf: Bool
    }

    struct StepLink { let number: Int, label: String, current: Bool, done: Bool }
    struct StepBody {
        let id: String, name: String, number: Int, total: Int, question: String, help: String, answer: String, steps: [StepLink]
        let previous: String?, errors: [String: String], summary: String?, notice: String?, person: String
    }

    struct EvidenceRow { let step: String, words: String, excerpt: String }
    struct SuggestionRow { let field: String, key: String, target: String, evidence: [EvidenceRow] }
    struct SuggestionGroup { let title: String, suggestions: [SuggestionRow] }
    struct SuggestionsBody { let id: String, name: String, groups: [SuggestionGroup], empty: Bool, back: String, person: String }

    struct CueRow { let field: String, target: String, cues: String, stems: String, error: String? }
    struct CueGroup { let title: String, rows: [CueRow] }
    struct LexiconBody { let groups: [CueGroup], summary: String?, notice: String? }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/apprendre") { request, context in try await hub(request, context) }
        web.get("/apprendre/personnes/{id}") { request, context in
            try await person(request, context, id: try context.pathID(), values: [:], error: nil)
        }
        web.post("/apprendre/personnes/{id}/entretien") { _, context in
            let id = try await service.start(resourceId: try context.pathID(), actor: context.actor)
            let interview = try await service.interview(id: id, actor: context.actor).interview
            return Response.redirect(to: .interviewStep(id, interview.nextStep.number))
        }
        web.post("/apprendre/personnes/{id}/souhaits") { request, context in
            let resourceId = try context.pathID()
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                try await service.addWish(
                    WishKind(rawValue: form.text("kind")) ?? .offer, subject: form.text("subject"), resourceId: resourceId, actor: context.actor)
                return Response.redirect(to: .learner(resourceId), ok: "souhait", anchor: "souhaits")
            } reshow: { error in
                try await person(request, context, id: resourceId, values: form.values, error: error)
            }
        }
        web.post("/apprendre/personnes/{id}/souhaits/{wish}/retirer") { _, context in
            let resourceId = try context.pathID()
            try await service.removeWish(id: try context.pathID("wish"), resourceId: resourceId, actor: context.actor)
            return Response.redirect(to: .learner(resourceId), ok: "retire", anchor: "souhaits")
        }
        web.get("/apprendre/entretiens/{id}/etape/{step}") { request, context in
            try await step(request, context, id: try context.pathID(), number: stepNumber(context), typed: nil, error: nil)
        }
        web.post("/apprendre/entretiens/{id}/etape/{step}") { request, context in
            let id = try context.pathID()
            let number = try stepNumber(context)
            guard let step = InterviewStep.at(number) else { throw AutourError.notFound }
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                try await service.saveAnswer(form["answer"] ?? "", step: step, interviewId: id, actor: context.actor)
                if form["draft"] != nil { return Response.redirect(to: .interviewStep(id, number), ok: "brouillon") }
                return Response.redirect(to: number < InterviewStep.allCases.count ? .interviewStep(id, number + 1) : .interviewSuggestions(id))
            } reshow: { error in
                try await self.step(request, context, id: id, number: number, typed: form["answer"], error: error)
            }
        }
        web.post("/apprendre/entretiens/{id}/abandon") { _, context in
            let id = try context.pathID()
            let resourceId = try await service.interview(id: id, actor: context.actor).person.id
            try await service.discard(interviewId: id, actor: context.actor)
            return Response.redirect(to: .learner(resourceId), ok: "abandon")
        }
        web.get("/apprendre/entretiens/{id}/suggestions") { _, context in
            let id = try context.pathID()
            let (interview, person) = try await service.interview(id: id, actor: context.actor)
            guard interview.isDraft else { return Response.redirect(to: .learner(person.id)) }
            let suggestions = try await service.suggestions(for: interview)
            var index = 0
            let groups = SuggestionKind.allCases.compactMap { kind -> SuggestionGroup? in
                let rows = suggestions.filter { $0.kind == kind }.map { suggestion -> SuggestionRow in
                    defer { index += 1 }
                    return SuggestionRow(
                        field: "s\(index)", key: suggestion.key, target: suggestion.target,
                        evidence: suggestion.evidence.map {
                            EvidenceRow(step: $0.step.question, words: $0.words.joined(separator: ", "), excerpt: $0.excerpt)
                        })
                }
                return rows.isEmpty ? nil : SuggestionGroup(title: kind.label, suggestions: rows)
            }
            let body = SuggestionsBody(
                id: Page.segment(id), name: person.name, groups: groups, empty: groups.isEmpty,
                back: Page.interviewStep(id, InterviewStep.allCases.count).path, person: Page.learner(person.id).path)
            return renderer.page(
                "learning_suggestions", title: "Suggestions — \(person.name)", body: body, path: Page.interviewSuggestions(id).path, viewer: context)
        }
        web.post("/apprendre/entretiens/{id}/suggestions") { request, context in
            let id = try context.pathID()
            let form = try await FormData.read(request, context: context)
            let keys = Set(form.values.filter { $0.key.hasPrefix("s") && Int($0.key.dropFirst()) != nil }.map(\.value))
            let person = try await service.interview(id: id, actor: context.actor).person
            try await service.complete(interviewId: id, accepting: keys, actor: context.actor)
            return Response.redirect(to: .learner(person.id), ok: "termine", query: [("n", String(keys.count))])
        }
        web.get("/apprendre/lexique") { request, context in try await lexicon(request, context, values: [:], error: nil) }
        web.post("/apprendre/lexique") { request, context in
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                try await service.saveLexicon(form.values.filter { $0.key.hasPrefix("cues") }, actor: context.actor)
                return Response.redirect(to: .lexicon, ok: "1")
            } reshow: { error in
                try await lexicon(request, context, values: form.values, error: error)
            }
        }
    }

    private func stepNumber(_ context: SignedInContext) throws -> Int {
        guard let number = context.parameters.get("step", as: Int.self), InterviewStep.at(number) != nil else { throw AutourError.notFound }
        return number
    }

    // MARK: Pages

    private func hub(_ request: Request, _ context: SignedInContext) async throws -> Response {
        try Permissions.require(context.actor, .viewLearning)
        let staff = Permissions.can(context.actor, .runInterviews)
        let resources = try await store.energies.resources(territoryId: context.actor.territoryId)
        let names = Dictionary(uniqueKeysWithValues: resources.map { ($0.id, $0.name) })
        let now = clock.now()
        let sessions = try await service.sessions(actor: context.actor).filter { $0.endsAt > now }.map { session in
            SessionRow(
                title: session.title, subject: session.subject, when: FrenchFormat.dateTime(session.startsAt), venue: session.venue,
                places: session.cancelledAt != nil
                    ? "Annulée" : session.placesLeft > 0 ? FrenchText.count(session.placesLeft, "place", "places") : "Complète, liste d'attente",
                participation: session.participation, href: Page.trainingSession(session.id).path)
        }
        let reciprocity = try await service.reciprocity(actor: context.actor)
        let reciprocityText =
            reciprocity.share.map {
                "\(Int(($0 * 100).rounded())) % des personnes qui ont appris ont aussi transmis (\(reciprocity.alsoTeach) sur \(reciprocity.learners))."
            } ?? "Personne n'a encore suivi de séance."
        var subjects: [SubjectRow] = []
        var drafts: [DraftRow] = []
        if staff {
            let wishes = try await store.learning.wishes(territoryId: context.actor.territoryId)
            subjects = Dictionary(grouping: wishes, by: \.subject).sorted { $0.key < $1.key }.map { subject, list in
                let offers = list.filter { $0.kind == .offer }.compactMap { names[$0.resourceId] }
                let requests = list.filter { $0.kind == .request }.compactMap { names[$0.resourceId] }
                return SubjectRow(
                    subject: subject, offers: offers.joined(separator: ", "), requests: requests.joined(separator: ", "),
                    match: !offers.isEmpty && !requests.isEmpty)
            }
            drafts = try await service.drafts(actor: context.actor).map {
                DraftRow(
                    name: names[$0.resourceId] ?? "", step: $0.nextStep.number, started: FrenchFormat.date($0.createdAt),
                    href: Page.interviewStep($0.id, $0.nextStep.number).path)
            }
        }
        let own = staff ? nil : try await service.ownResource(actor: context.actor)
        let body = HubBody(
            sessions: sessions, reciprocity: reciprocityText, staff: staff, drafts: drafts, subjects: subjects,
            people: staff ? resources.map { PersonRow(name: $0.name, href: Page.learner($0.id).path, skills: $0.skills.joined(separator: ", ")) } : [],
            canEditLexicon: Permissions.can(context.actor, .editLexicon), ownPage: own.map { Page.learner($0.id).path },
            noProfile: !staff && own == nil)
        return renderer.page("learning", title: "Apprendre et transmettre", body: body, path: Page.learning.path, viewer: context)
    }

    private func person(_ request: Request, _ context: SignedInContext, id: UUID, values: [String: String], error: AutourError?) async throws
        -> Response
    {
        let page = try await service.page(resourceId: id, actor: context.actor)
        let subjects = try await store.learning.lexicon(territoryId: context.actor.territoryId).filter { $0.kind == .subject }.map(\.target)
        let notice: String? =
            switch request.uri.queryParameters["ok"] {
            case "souhait": "Souhait ajouté."
            case "retire": "Souhait retiré."
            case "abandon": "Entretien abandonné : ses réponses sont effacées."
            case "termine":
                "Entretien terminé : \(FrenchText.count(Int(request.uri.queryParameters["n"] ?? "") ?? 0, "suggestion retenue", "suggestions retenues")). Les réponses ne sont pas gardées."
            default: nil
            }
        let exchanges = try await store.learning.exchanges(resourceId: id)
        let body = PersonBody(
            exchanges:
                "A appris \(FrenchText.count(exchanges.learned, "fois", "fois")) et transmis \(FrenchText.count(exchanges.taught, "fois", "fois")) dans les séances entre habitants.",
            id: Page.segment(id), name: page.person.name, skills: page.person.skills.joined(separator: ", ").nilIfEmpty,
            wishes: page.wishes.map { WishRow(id: Page.segment($0.id), label: $0.kind.label, subject: $0.subject) },
            interviews: page.interviews.map { interview in
                InterviewRow(
                    date: FrenchFormat.date(interview.completedAt ?? interview.createdAt), draft: interview.isDraft, step: interview.nextStep.number,
                    href: Page.interviewStep(interview.id, interview.nextStep.number).path,
                    accepted: interview.accepted.map { AcceptedRow(kind: $0.kind.label, target: $0.target, evidence: $0.evidence) })
            },
            hasDraft: page.interviews.contains { $0.isDraft }, subjects: subjects, values: values, errors: error?.fields ?? [:],
            summary: error?.summary, notice: notice, isSelf: page.person.accountId == context.actor.accountId)
        return renderer.page(
            "learning_person", title: "Apprendre et transmettre — \(page.person.name)", body: body, path: Page.learner(id).path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    private func step(_ request: Request, _ context: SignedInContext, id: UUID, number: Int, typed: String?, error: AutourError?) async throws
        -> Response
    {
        let (interview, person) = try await service.interview(id: id, actor: context.actor)
        guard interview.isDraft, let step = InterviewStep.at(number) else { return Response.redirect(to: .learner(person.id)) }
        let body = StepBody(
            id: Page.segment(id), name: person.name, number: number, total: InterviewStep.allCases.count, question: step.question, help: step.help,
            answer: typed ?? interview.answers[step] ?? "",
            steps: InterviewStep.allCases.map {
                StepLink(number: $0.number, label: "Étape \($0.number)", current: $0 == step, done: interview.answers[$0] != nil)
            },
            previous: number > 1 ? Page.interviewStep(id, number - 1).path : nil, errors: error?.fields ?? [:], summary: error?.summary,
            notice: request.uri.queryParameters["ok"] != nil ? "Brouillon enregistré." : nil, person: Page.learner(person.id).path)
        return renderer.page(
            "learning_interview", title: "Entretien — étape \(number) sur \(body.total)", body: body, path: Page.interviewStep(id, number).path,
            viewer: context, status: error == nil ? .ok : .unprocessableContent)
    }

    private func lexicon(_ request: Request, _ context: SignedInContext, values: [String: String], error: AutourError?) async throws -> Response {
        let entries = try await service.lexicon(actor: context.actor)
        let fields = error?.fields ?? [:]
        let groups = LexiconKind.edited.map { kind in
            CueGroup(
                title: kind.label,
                rows: entries.enumerated().filter { $0.element.kind == kind }.map { index, entry in
                    CueRow(
                        field: "cues\(index)", target: entry.target, cues: values["cues\(index)"] ?? entry.cues.joined(separator: ", "),
                        stems: entry.stems.joined(separator: ", "), error: fields["cues\(index)"])
                })
        }
        let body = LexiconBody(groups: groups, summary: error?.summary, notice: request.uri.queryParameters["ok"] != nil ? "Lexique enregistré." : nil)
        return renderer.page(
            "learning_lexicon", title: "Lexique de l'entretien", body: body, path: Page.lexicon.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }
}
