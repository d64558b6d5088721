import Foundation

/// The elected officials' strategy: figures of the manual chosen and combined into a plan of
/// actions, each with an owner, a budget and its months. Each chosen figure brings its vigilance
/// questions; the plan can be marked ready only when every one is answered and every action has
/// its owner and dates. Editing a ready plan makes it a draft again, so « ready » always describes
/// the plan as it is.
public struct StrategyPlan: Sendable, Equatable, Codable {
    public var id: UUID
    public var territoryId: UUID
    public var title: String
    public var figures: [ManualFigure]
    public var actions: [PlanAction]
    /// The answer to each vigilance question, by figure then by the question's index.
    public var answers: [ManualFigure: [Int: String]]
    public var ready: Bool
    public var updatedAt: Date

    public init(
        id: UUID, territoryId: UUID, title: String, figures: [ManualFigure], actions: [PlanAction], answers: [ManualFigure: [Int: String]],
        ready: Bool, updatedAt: Date
    ) {
        (self.id, self.territoryId, self.title, self.figures, self.actions) = (id, territoryId, title, figures, actions)
        (self.answers, self.ready, self.updatedAt) = (answers, ready, updatedAt)
    }

    /// One vigilance question of a chosen figure and its answer, if any.
    public struct Question: Sendable, Equatable {
        public let figure: ManualFigure
        public let index: Int
        public let text: String
        public let answer: String
        public var id: String { "\(figure.rawValue)-\(index)" }
    }

    public var questions: [Question] {
        figures.flatMap { figure in
            figure.vigilance.enumerated().map { index, text in
                Question(figure: figure, index: index, text: text, answer: answers[figure]?[index] ?? "")
            }
        }
    }

    /// What stops the plan from being ready, in French, the unanswered questions first.
    public var missing: [String] {
        var missing: [String] = []
        if figures.isEmpty { missing.append("Choisissez au moins une figure.") }
        for question in questions where question.answer.isEmpty {
            missing.append("Point de vigilance sans réponse (\(question.figure.label)) : \(question.text)")
        }
        if actions.isEmpty { missing.append("Ajoutez au moins une action.") }
        for action in actions where action.owner.isEmpty {
            missing.append("L'action « \(action.title) » n'a pas de responsable.")
        }
        return missing
    }

    /// The whole budget of the plan's actions, in euros.
    public var budgetEuros: Int { actions.reduce(0) { $0 + $1.budgetEuros } }
}

/// One action of a plan.
public struct PlanAction: Sendable, Equatable, Codable {
    public var title: String
    public var owner: String
    public var budgetEuros: Int
    /// First and last month, as « 2027-03 ».
    public var start: String
    public var end: String
    public var figure: ManualFigure?

    public init(title: String, owner: String, budgetEuros: Int, start: String, end: String, figure: ManualFigure?) {
        (self.title, self.owner, self.budgetEuros, self.start, self.end, self.figure) = (title, owner, budgetEuros, start, end, figure)
    }
}

public enum StrategyRules {
    public static let maxActions = 50
    public static let maxBudget = 100_000_000

    public static func title(_ text: String) throws(AutourError) -> String {
        try FieldErrors.checkedText(text, 3...150, field: "title", label: "Le titre", summary: "Donnez un titre au plan.")
    }

    /// The figures ticked on the form.
    public static func figures(_ values: [String]) throws(AutourError) -> [ManualFigure] {
        let known = values.compactMap(ManualFigure.init(rawValue:))
        guard known.count == values.count else { throw .invalid("Une figure cochée n'existe pas.", fields: ["figures": "Figure inconnue."]) }
        return ManualFigure.allCases.filter(known.contains)
    }

    /// An action as typed: a title, an owner (may wait), a budget in whole euros, its first and
    /// last months (« 2027-03 », the last not before the first), the figure it serves if any.
    public static func action(
        title: String, owner: String, budget: String, start: String, end: String, figure: String, among figures: [ManualFigure]
    ) throws(AutourError) -> PlanAction {
        var errors = FieldErrors()
        let title = errors.text(title, 3...200, field: "actionTitle", label: "L'action")
        let owner = errors.text(owner, 0...150, field: "owner", label: "Le responsable")
        var budgetEuros = 0
        do throws(AutourError) { budgetEuros = try NumberInput.optionalInteger(budget, field: "budget", in: 0...maxBudget, unit: "€") ?? 0 } catch {
            errors.add("budget", error.fields["budget"] ?? "Un montant en euros.")
        }
        let first = month(start)
        let last = month(end)
        if first == nil { errors.add("start", "Le premier mois, au format 2027-03.") }
        if last == nil { errors.add("end", "Le dernier mois, au format 2027-09.") }
        if let first, let last, last < first { errors.add("end", "Le dernier mois vient après le premier.") }
        let served = figure.isEmpty ? nil : ManualFigure(rawValue: figure)
        if !figure.isEmpty, served.map(figures.contains) != true { errors.add("figure", "Choisissez une figure du plan.") }
        try errors.throwIfAny("L'action est à compléter.")
        return PlanAction(title: title, owner: owner, budgetEuros: budgetEuros, start: first!, end: last!, figure: served)
    }

    /// « 2027-03 » from what a month field sends (`YearMonth`'s format and years), nil otherwise.
    static func month(_ text: String) -> String? { YearMonth(text.trimmingCharacters(in: .whitespaces))?.description }

    /// An answer to a vigilance question: empty clears it.
    public static func answer(_ text: String, field: String) throws(AutourError) -> String {
        try FieldErrors.checkedText(text, 0...2000, field: field, label: "La réponse", summary: "Une réponse tient en 2 000 caractères.")
    }

    /// Refuses to mark a plan ready while anything is missing, saying what.
    public static func checkReady(_ plan: StrategyPlan) throws(AutourError) {
        let missing = plan.missing
        guard missing.isEmpty else { throw .invalid("Le plan n'est pas prêt : \(missing[0])", fields: ["ready": missing.joined(separator: " ")]) }
    }
}
