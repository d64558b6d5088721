import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The strategy builder (`/fabrique/strategie`): the elected officials pick figures of the
/// manual, add the plan's actions, answer each figure's vigilance questions, and mark the plan
/// ready — refused, with what is missing, while a question is unanswered. Printable.
struct StrategyWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    var service: StrategyService { store.strategyService }

    struct PlanRow { let href: String, title: String, figures: String, state: String, updated: String }
    struct ListBody { let plans: [PlanRow], figures: [FigureCheck], summary: String?, title: String, figuresHref: String, back: String }
    struct FigureCheck { let name: String, label: String, summary: String, checked: Bool }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/fabrique/strategie") { _, context in try await list(context) }
        web.post("/fabrique/strategie") { request, context in
            try context.require(.buildStrategy)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let id = try await service.create(
                    title: try StrategyRules.title(form.text("title")), figures: try StrategyRules.figures(Self.checkedFigures(form)), actor: context.actor)
                return Response.redirect(to: .strategyPlan(id), ok: "cree")
            } reshow: { error in
                try await list(context, form: form, error: error)
            }
        }
        web.get("/fabrique/strategie/:id") { request, context in
            try await planPage(context, id: try context.pathID(), notice: request.uri.queryParameters["ok"].map(String.init))
        }
        web.get("/fabrique/strategie/:id/imprimer") { _, context in
            let plan = try await service.plan(id: try context.pathID(), actor: context.actor)
            return renderer.page("document", title: plan.title, body: Self.printable(plan), path: Page.strategy.path, viewer: context)
        }
        web.post("/fabrique/strategie/:id/figures") { request, context in
            let id = try context.pathID()
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let title = try StrategyRules.title(form.text("title"))
                let figures = try StrategyRules.figures(Self.checkedFigures(form))
                try await service.change(id: id, actor: context.actor) { plan in
                    plan.title = title
                    plan.figures = figures
                    plan.actions = plan.actions.map { action in
                        var action = action
                        if let figure = action.figure, !figures.contains(figure) { action.figure = nil }
                        return action
                    }
                }
                return Response.redirect(to: .strategyPlan(id), ok: "enregistre")
            } reshow: { error in
                try await planPage(context, id: id, error: error, form: form)
            }
        }
        web.post("/fabrique/strategie/:id/actions") { request, context in
            let id = try context.pathID()
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let figures = try await service.plan(id: id, actor: context.actor).figures
                let action = try StrategyRules.action(
                    title: form.text("actionTitle"), owner: form.text("owner"), budget: form.text("budget"), start: form.text("start"),
                    end: form.text("end"), figure: form.text("figure"), among: figures)
                try await service.change(id: id, actor: context.actor) { plan in
                    guard plan.actions.count < StrategyRules.maxActions else {
                        throw AutourError.invalid("Un plan compte au plus \(StrategyRules.maxActions) actions.", fields: ["actionTitle": "Trop d'actions."])
                    }
                    plan.actions.append(action)
                }
                return Response.redirect(to: .strategyPlan(id), ok: "action", anchor: "actions")
            } reshow: { error in
                try await planPage(context, id: id, error: error, form: form)
            }
        }
        web.post("/fabrique/strategie/:id/actions/retirer") { request, context in
            let id = try context.pathID()
            let form = try await FormData.read(request, context: context)
            let index = try form.integer("index", in: 0...(StrategyRules.maxActions - 1))
            try await service.change(id: id, actor: context.actor) { plan in
                guard plan.actions.indices.contains(index) else { throw AutourError.conflict("Cette action a déjà été retirée.") }
                plan.actions.remove(at: index)
            }
            return Response.redirect(to: .strategyPlan(id), ok: "retiree", anchor: "actions")
        }
        web.post("/fabrique/strategie/:id/vigilance") { request, context in
            let id = try context.pathID()
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let questions = try await service.plan(id: id, actor: context.actor).questions
                var answers: [ManualFigure: [Int: String]] = [:]
                var errors = FieldErrors()
                for question in questions {
                    do throws(AutourError) {
                        let answer = try StrategyRules.answer(form.text(question.id), field: question.id)
                        if !answer.isEmpty { answers[question.figure, default: [:]][question.index] = answer }
                    } catch { errors.add(question.id, error.fields[question.id] ?? error.message) }
                }
                try errors.throwIfAny("Une réponse est trop longue.")
                try await service.change(id: id, actor: context.actor) { [answers] in $0.answers = answers }
                return Response.redirect(to: .strategyPlan(id), ok: "reponses", anchor: "vigilance")
            } reshow: { error in
                try await planPage(context, id: id, error: error, form: form)
            }
        }
        web.post("/fabrique/strategie/:id/pret") { _, context in
            let id = try context.pathID()
            return try await FormData.submit {
                try await service.markReady(id: id, actor: context.actor)
                return Response.redirect(to: .strategyPlan(id), ok: "pret")
            } reshow: { error in
                try await planPage(context, id: id, error: error)
            }
        }
    }

    static func checkedFigures(_ form: FormData) -> [String] {
        form.values.keys.filter { $0.hasPrefix("figure-") }.map { String($0.dropFirst("figure-".count)) }
    }

    func list(_ context: SignedInContext, form: FormData? = nil, error: AutourError? = nil) async throws -> Response {
        let plans = try await service.plans(actor: context.actor)
        let body = ListBody(
            plans: plans.map {
                PlanRow(
                    href: Page.strategyPlan($0.id).path, title: $0.title, figures: $0.figures.map(\.label).joined(separator: ", "),
                    state: $0.ready ? "Prêt" : "En préparation", updated: FrenchFormat.date($0.updatedAt))
            },
            figures: ManualFigure.allCases.map {
                FigureCheck(name: "figure-\($0.rawValue)", label: $0.label, summary: $0.summary, checked: form?["figure-\($0.rawValue)"] != nil)
            }, summary: error?.summary, title: form?.values["title"] ?? "", figuresHref: Page.fabriqueFigures.path, back: Page.fabrique.path)
        return renderer.page(
            "strategy", title: "Stratégie", body: body, path: Page.fabrique.path, viewer: context, status: error == nil ? .ok : .unprocessableContent)
    }

    struct ActionRow { let index: Int, title: String, owner: String, budget: String, months: String, figure: String }
    struct QuestionRow { let id: String, text: String, answer: String, error: String? }
    struct FigureBlock { let label: String, summary: String, questions: [QuestionRow] }
    struct PlanBody {
        let id: String, title: String, ready: Bool, figures: [FigureCheck], blocks: [FigureBlock], actions: [ActionRow], budget: String
        let missing: [String], notice: String?, summary: String?, errors: [String: String], values: [String: String], figureOptions: [Option]
        let base: String, printHref: String, back: String
        let hasMissing: Bool
    }

    static let notices = [
        "cree": "Plan créé : ajoutez ses actions et répondez aux points de vigilance.", "enregistre": "Plan enregistré.", "action": "Action ajoutée.",
        "retiree": "Action retirée.", "reponses": "Réponses enregistrées.", "pret": "Le plan est prêt.",
    ]

    func planPage(_ context: SignedInContext, id: UUID, error: AutourError? = nil, form: FormData? = nil, notice: String? = nil) async throws -> Response {
        let plan = try await service.plan(id: id, actor: context.actor)
        let errors = error?.fields ?? [:]
        let typed = form?.values ?? [:]
        let blocks = plan.figures.map { figure in
            FigureBlock(
                label: figure.label, summary: figure.summary,
                questions: plan.questions.filter { $0.figure == figure }.map {
                    QuestionRow(id: $0.id, text: $0.text, answer: typed[$0.id] ?? $0.answer, error: errors[$0.id])
                })
        }
        let body = PlanBody(
            id: Page.segment(id), title: typed["title"] ?? plan.title, ready: plan.ready,
            figures: ManualFigure.allCases.map {
                FigureCheck(
                    name: "figure-\($0.rawValue)", label: $0.label, summary: $0.summary,
                    checked: form.map { [figure = $0] form in form["figure-\(figure.rawValue)"] != nil } ?? plan.figures.contains($0))
            }, blocks: blocks,
            actions: plan.actions.enumerated().map { Self.row($0.offset, $0.element) },
            budget: FrenchMoney.text(cents: plan.budgetEuros * 100, wholeEuros: true),
            missing: plan.ready ? [] : plan.missing, notice: notice.flatMap { Self.notices[$0] }, summary: error?.summary, errors: errors, values: typed,
            figureOptions: [Option(value: "", label: "—", selected: true)] + plan.figures.map { Option(value: $0.rawValue, label: $0.label, selected: false) },
            base: Page.strategyPlan(id).path, printHref: Page.strategyPrint(id).path, back: Page.strategy.path,
            hasMissing: !plan.ready && !plan.missing.isEmpty)
        return renderer.page(
            "strategy_plan", title: plan.title, body: body, path: Page.fabrique.path, viewer: context, status: error == nil ? .ok : .unprocessableContent)
    }

    static func row(_ index: Int, _ action: PlanAction) -> ActionRow {
        ActionRow(
            index: index, title: action.title, owner: action.owner.isEmpty ? "À désigner" : action.owner,
            budget: FrenchMoney.text(cents: action.budgetEuros * 100, wholeEuros: true), months: "\(month(action.start)) – \(month(action.end))",
            figure: action.figure?.label ?? "")
    }

    /// « mars 2027 » from « 2027-03 ».
    static func month(_ value: String) -> String { YearMonth(value)?.label ?? value }

    static func printable(_ plan: StrategyPlan) -> PrintableDocument {
        PrintableDocument(
            title: plan.title,
            sections: [
                .init(
                    heading: "État",
                    lines: [plan.ready ? "Plan prêt." : "Plan en préparation."] + plan.missing.map { "À faire : \($0)" }),
                .init(heading: "Figures retenues", lines: plan.figures.map { "\($0.label) — \($0.summary)" }),
                .init(
                    heading: "Actions (budget total \(FrenchMoney.text(cents: plan.budgetEuros * 100, wholeEuros: true)))",
                    lines: plan.actions.enumerated().map {
                        let row = row($0.offset, $0.element)
                        return "\(row.title) — responsable : \(row.owner) — \(row.months) — \(row.budget)" + (row.figure.isEmpty ? "" : " — \(row.figure)")
                    }),
                .init(heading: "Points de vigilance", lines: plan.questions.map { "\($0.text) — \($0.answer.isEmpty ? "sans réponse" : $0.answer)" }),
            ], back: Page.strategyPlan(plan.id).path)
    }
}
