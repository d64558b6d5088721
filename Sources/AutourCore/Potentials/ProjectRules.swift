import Foundation

/// Potentials' rules: what a proposal must hold, what is left to tick before a project passes to
/// the next stage, when it is stalled, the counts the Observatory reads, the public gallery's
/// filter, and the entries by which an interview points at a project to join.
public enum ProjectRules {
    public static let titleRange = 3...120
    public static let purposeRange = 10...2000
    public static let noteRange = 3...1000
    public static let stallDaysRange = 7...365

    /// The seeded pipeline, written in a territory's own table the first time it edits it.
    public static let defaultStages: [(name: String, entry: [String], exit: [String], stallDays: Int)] = [
        ("Idée", [], ["L'idée tient en deux phrases", "Au moins une personne a envie de la porter ou de la rejoindre"], 45),
        (
            "Exploration", ["Un·e accompagnateur·rice est désigné·e"],
            ["Les personnes concernées ont été rencontrées", "Les premiers besoins (lieu, compétences, argent) sont listés"], 90
        ),
        ("Prototype", ["Un premier essai est daté"], ["L'essai a eu lieu et ses enseignements sont notés", "Le groupe décide de continuer"], 120),
        ("Lancé", ["Les moyens de démarrer sont réunis"], ["Le projet tourne depuis trois mois", "Le groupe s'organise sans le CCAS pour l'essentiel"], 180),
        ("Autonome", ["Le groupe décide seul de la suite"], [], 365),
    ]

    /// A trimmed text whose length must lie in `range`; the error names the field in French.
    public static func text(_ value: String, _ range: ClosedRange<Int>, field: String, label: String, errors: inout FieldErrors) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if !range.contains(trimmed.count) { errors.add(field, "\(label) : de \(range.lowerBound) à \(range.upperBound) caractères.") }
        return trimmed
    }

    public struct Valid: Sendable, Equatable {
        public let title: String, purpose: String, serves: String, neighbourhood: String, theme: ProjectTheme, scale: ProjectScale
        public let origin: ProjectOrigin, isPublic: Bool, carriers: [UUID]
    }

    /// `carriers: false` when a project is edited: its people are changed on its page, not here.
    public static func validate(_ input: ProjectInput, neighbourhoods: [String], carriers: Bool = true) throws(AutourError) -> Valid {
        var errors = FieldErrors()
        let title = text(input.title, titleRange, field: "title", label: "Le nom", errors: &errors)
        let purpose = text(input.purpose, purposeRange, field: "purpose", label: "Le but", errors: &errors)
        let serves = text(input.serves, 0...500, field: "serves", label: "Pour qui", errors: &errors)
        let neighbourhood = input.neighbourhood.trimmingCharacters(in: .whitespaces)
        if !neighbourhood.isEmpty, !neighbourhoods.contains(neighbourhood) { errors.add("neighbourhood", "Choisissez un quartier du territoire.") }
        let theme = ProjectTheme(rawValue: input.theme)
        if theme == nil { errors.add("theme", "Choisissez un thème.") }
        let scale = ProjectScale(rawValue: input.scale)
        if scale == nil { errors.add("scale", "Individuel ou collectif ?") }
        let origin = ProjectOrigin(rawValue: input.origin)
        if origin == nil { errors.add("origin", "Dites qui propose le projet.") }
        if carriers, origin == .inhabitant, input.carriers.isEmpty { errors.add("carriers", "Un projet d'habitant·e a au moins un·e porteur·se.") }
        if carriers, scale == .individual, input.carriers.count > 1 { errors.add("carriers", "Un projet individuel a un·e seul·e porteur·se.") }
        try errors.throwIfAny("Le projet est à compléter.")
        return Valid(
            title: title, purpose: purpose, serves: serves, neighbourhood: neighbourhood, theme: theme!, scale: scale!, origin: origin!,
            isPublic: input.isPublic, carriers: Array(Set(input.carriers)).sorted { $0.uuidString < $1.uuidString })
    }

    /// A dated note is what makes a ticked criterion worth something.
    public static func validateNote(_ note: String) throws(AutourError) -> String {
        var errors = FieldErrors()
        let text = text(note, noteRange, field: "note", label: "La note", errors: &errors)
        try errors.throwIfAny("Écrivez ce qui montre que le critère est rempli.")
        return text
    }

    /// The criteria still to tick before the project leaves its stage for the next one: the
    /// current stage's exit criteria and the next stage's entry criteria.
    public static func missing(project: Project, stages: [ProjectStage], checks: [CriterionCheck]) -> [(
        stage: ProjectStage, side: CriterionSide, criterion: String
    )] {
        guard let index = stages.firstIndex(where: { $0.id == project.stageId }), index + 1 < stages.count else { return [] }
        let ticked = Set(checks.map { "\($0.stageId)|\($0.side.rawValue)|\($0.criterion)" })
        let current = stages[index], next = stages[index + 1]
        let due = current.exit.map { (current, CriterionSide.exit, $0) } + next.entry.map { (next, CriterionSide.entry, $0) }
        return due.filter { !ticked.contains("\($0.0.id)|\($0.1.rawValue)|\($0.2)") }.map { (stage: $0.0, side: $0.1, criterion: $0.2) }
    }

    /// Why the project cannot pass to the next stage, or nil when it can.
    public static func blockToPass(project: Project, stages: [ProjectStage], checks: [CriterionCheck]) -> String? {
        guard project.state == .active else { return "Un projet en pause ou arrêté ne change pas d'étape." }
        guard let index = stages.firstIndex(where: { $0.id == project.stageId }) else { return "L'étape du projet n'existe plus." }
        guard index + 1 < stages.count else { return "Le projet est à la dernière étape." }
        let left = missing(project: project, stages: stages, checks: checks)
        guard left.isEmpty else {
            return "Il reste \(left.count) critère\(left.count > 1 ? "s" : "") à valider : \(left.map(\.criterion).joined(separator: " ; "))."
        }
        return nil
    }

    /// Whole days spent in the current stage.
    public static func daysInStage(_ project: Project, now: Date) -> Int {
        max(0, Int(now.timeIntervalSince(project.stageSince) / 86_400))
    }

    /// An active project that stayed longer than its stage allows, short of the last stage.
    public static func isStalled(_ project: Project, stages: [ProjectStage], now: Date) -> Bool {
        guard project.state == .active, let index = stages.firstIndex(where: { $0.id == project.stageId }), index + 1 < stages.count else {
            return false
        }
        return daysInStage(project, now: now) > stages[index].stallDays
    }

    /// The counts the Observatory reads: projects per stage (active ones), paused, stopped, stalled.
    public struct Counts: Sendable, Equatable {
        public var byStage: [(stage: String, count: Int)]
        public var paused: Int, stopped: Int, stalled: Int
        public static func == (a: Counts, b: Counts) -> Bool {
            a.byStage.map(\.stage) == b.byStage.map(\.stage) && a.byStage.map(\.count) == b.byStage.map(\.count) && a.paused == b.paused
                && a.stopped == b.stopped && a.stalled == b.stalled
        }
    }

    public static func counts(_ projects: [Project], stages: [ProjectStage], now: Date) -> Counts {
        let active = projects.filter { $0.state == .active }
        return Counts(
            byStage: stages.map { stage in (stage.name, active.filter { $0.stageId == stage.id }.count) },
            paused: projects.filter { $0.state == .paused }.count, stopped: projects.filter { $0.state == .stopped }.count,
            stalled: active.filter { isStalled($0, stages: stages, now: now) }.count)
    }

    /// Parses a coordinator's criteria box: one criterion per line, blank lines ignored.
    public static func criteria(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The interview's entries for the projects a person could join: the theme's words and the
    /// title's, so that « potager » points at the Jardin des Planches.
    public static func interviewEntries(_ projects: [Project]) -> [LexiconEntry] {
        projects.map { project in
            let title = project.title.split(whereSeparator: { !$0.isLetter }).map { FrenchWords.normalise(String($0)) }.filter { $0.count > 3 }
            return LexiconEntry(kind: .project, target: project.title, cues: Array(Set(project.theme.cues + title)).sorted())
        }
    }

    /// At most this many projects are suggested by one interview.
    public static let maxInterviewSuggestions = 3

    /// The gallery's filter: public, not stopped, by neighbourhood and theme when given.
    public static func gallery(_ projects: [Project], neighbourhood: String?, theme: ProjectTheme?) -> [Project] {
        projects.filter { project in
            project.isPublic && project.state != .stopped && (neighbourhood.map { project.neighbourhood == $0 } ?? true)
                && (theme.map { project.theme == $0 } ?? true)
        }
    }
}
