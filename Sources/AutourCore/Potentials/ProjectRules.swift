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

    public struct Valid: Sendable, Equatable {
        public let title: String, purpose: String, serves: String, neighbourhood: String, theme: ProjectTheme, scale: ProjectScale
        public let origin: ProjectOrigin, isPublic: Bool, carriers: [UUID]
    }

    /// `carriers: false` when a project is edited: its people are changed on its page, not here.
    public static func validate(_ input: ProjectInput, neighbourhoods: [String], carriers: Bool = true) throws(AutourError) -> Valid {
        var errors = FieldErrors()
        let title = errors.text(input.title, titleRange, field: "title", label: "Le nom")
        let purpose = errors.text(input.purpose, purposeRange, field: "purpose", label: "Le but")
        let serves = errors.text(input.serves, 0...500, field: "serves", label: "Pour qui")
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
        try FieldErrors.checkedText(note, noteRange, field: "note", label: "La note", summary: "Écrivez ce qui montre que le critère est rempli.")
    }

    /// What a partner is asked, and what it answers.
    public static func validateExpertQuestion(_ question: String) throws(AutourError) -> String {
        try FieldErrors.checkedText(question, 10...1000, field: "question", label: "La question", summary: "Dites ce que le projet attend de l'expert.")
    }

    public static func validateExpertAnswer(_ answer: String) throws(AutourError) -> String {
        try FieldErrors.checkedText(answer, 0...1000, field: "answer", label: "La réponse", summary: "La réponse est à corriger.")
    }

    /// A pause, a resumption or a stop, from the project's present state: a stopped project does not
    /// start again, and a stop keeps what the group learnt (its note is the lessons).
    public static func validateStateChange(to state: ProjectState, from current: ProjectState, note: String) throws(AutourError) -> String {
        guard current != .stopped else { throw .invalid("Un projet arrêté ne reprend pas : proposez-en un nouveau.") }
        guard current != state else { throw .invalid("Le projet est déjà « \(state.label.lowercased()) ».") }
        return state == .stopped
            ? try FieldErrors.checkedText(
                note, 10...2000, field: "note", label: "Les enseignements", summary: "Gardez ce que le projet a appris avant de l'arrêter.")
            : try FieldErrors.checkedText(note, 0...1000, field: "note", label: "La note", summary: "La note est à corriger.")
    }

    /// Checks the coordinator's pipeline: names, delays (through the one checked path for numbers),
    /// a stage with projects in it kept, two stages at least. Known stages keep their ids.
    public static func validateStages(_ edits: [ProjectStageEdit], current: [ProjectStage], used: Set<UUID>) throws(AutourError) -> [ProjectStage] {
        var errors = FieldErrors()
        var stages: [ProjectStage] = []
        for (index, edit) in edits.enumerated() {
            let name = edit.name.trimmingCharacters(in: .whitespacesAndNewlines)
            if edit.id == nil, name.isEmpty { continue }
            if edit.remove, let id = edit.id {
                if used.contains(id) { errors.add("name\(index)", "Des projets sont à cette étape : elle reste.") }
                continue
            }
            if !(2...60).contains(name.count) { errors.add("name\(index)", "Le nom fait de 2 à 60 caractères.") }
            let days = NumberInput.integer(edit.stallDays, in: stallDaysRange)
            if days == nil { errors.add("stall\(index)", "De \(stallDaysRange.lowerBound) à \(stallDaysRange.upperBound) jours.") }
            let known = edit.id.flatMap { id in current.first { $0.id == id } }
            stages.append(
                ProjectStage(id: known?.id ?? UUID(), name: name, entry: criteria(edit.entry), exit: criteria(edit.exit), stallDays: days ?? 0))
        }
        if stages.count < 2 { errors.add("name0", "Le parcours a au moins deux étapes.") }
        try errors.throwIfAny("Le parcours est à corriger.")
        return stages
    }

    /// The project's stage and the next one, unless it is at the last stage (or its stage is gone).
    public static func passage(of project: Project, in stages: [ProjectStage]) -> (from: ProjectStage, to: ProjectStage)? {
        guard let index = stages.firstIndex(where: { $0.id == project.stageId }), index + 1 < stages.count else { return nil }
        return (stages[index], stages[index + 1])
    }

    /// Every criterion of the next passage: the current stage's exit criteria, then the next
    /// stage's entry criteria. Only these can be ticked.
    public static func passageCriteria(of project: Project, in stages: [ProjectStage]) -> [PassageCriterion] {
        guard let (from, to) = passage(of: project, in: stages) else { return [] }
        return from.exit.map { (from, .exit, $0) } + to.entry.map { (to, .entry, $0) }
    }

    /// The criteria of the passage still to tick.
    public static func missing(project: Project, stages: [ProjectStage], checks: [CriterionCheck]) -> [PassageCriterion] {
        passageCriteria(of: project, in: stages).filter { due in
            !checks.contains { $0.stageId == due.stage.id && $0.side == due.side && $0.criterion == due.criterion }
        }
    }

    /// Why the project cannot pass to the next stage, or nil when it can.
    public static func blockToPass(project: Project, stages: [ProjectStage], checks: [CriterionCheck]) -> String? {
        guard project.state == .active else { return "Un projet en pause ou arrêté ne change pas d'étape." }
        guard stages.contains(where: { $0.id == project.stageId }) else { return "L'étape du projet n'existe plus." }
        guard passage(of: project, in: stages) != nil else { return "Le projet est à la dernière étape." }
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
        guard project.state == .active, let (from, _) = passage(of: project, in: stages) else { return false }
        return daysInStage(project, now: now) > from.stallDays
    }

    /// The counts the Observatory reads: projects per stage (active ones), paused, stopped, stalled.
    public struct Counts: Sendable, Equatable {
        public struct Stage: Sendable, Equatable {
            public let stage: String, count: Int
        }
        public var byStage: [Stage]
        public var paused: Int, stopped: Int, stalled: Int
    }

    public static func counts(_ projects: [Project], stages: [ProjectStage], now: Date) -> Counts {
        let active = projects.filter { $0.state == .active }
        return Counts(
            byStage: stages.map { stage in Counts.Stage(stage: stage.name, count: active.filter { $0.stageId == stage.id }.count) },
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
