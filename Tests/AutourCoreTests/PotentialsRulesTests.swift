import AutourCore
import Foundation
import Testing

@Suite struct PotentialsRulesTests {
    static let stages = ProjectRules.defaultStages.enumerated().map {
        ProjectStage(id: UUID(), name: $0.element.name, entry: $0.element.entry, exit: $0.element.exit, stallDays: $0.element.stallDays)
    }
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    static func project(stage: Int = 0, state: ProjectState = .active, isPublic: Bool = true, theme: ProjectTheme = .environment) -> Project {
        Project(
            id: UUID(), territoryId: UUID(), title: "Jardin des Planches", purpose: "Un potager partagé.", serves: "", neighbourhood: "Nord",
            theme: theme, scale: .collective, origin: .inhabitant, stageId: stages[stage].id, stageSince: start, state: state, lessons: "",
            isPublic: isPublic, createdAt: start)
    }

    static func check(_ stage: ProjectStage, _ side: CriterionSide, _ criterion: String) -> CriterionCheck {
        CriterionCheck(stageId: stage.id, side: side, criterion: criterion, note: "Vu.", at: start, by: "Agent")
    }

    @Test func aPassageNeedsTheStagesExitCriteriaAndTheNextStagesEntryCriteria() {
        let project = Self.project()
        let due = ProjectRules.missing(project: project, stages: Self.stages, checks: [])
        #expect(due.map(\.criterion) == Self.stages[0].exit + Self.stages[1].entry)
        #expect(ProjectRules.blockToPass(project: project, stages: Self.stages, checks: [])?.hasPrefix("Il reste 3 critères") == true)
        let all = due.map { Self.check($0.stage, $0.side, $0.criterion) }
        #expect(ProjectRules.blockToPass(project: project, stages: Self.stages, checks: all) == nil)
        // A criterion ticked on the wrong side does not count.
        let wrongSide = [Self.check(Self.stages[0], .entry, Self.stages[0].exit[0])] + all.dropFirst()
        #expect(ProjectRules.blockToPass(project: project, stages: Self.stages, checks: wrongSide) != nil)
    }

    @Test func aPausedOrStoppedProjectOrOneAtTheLastStageDoesNotPass() {
        #expect(ProjectRules.blockToPass(project: Self.project(state: .paused), stages: Self.stages, checks: []) != nil)
        #expect(ProjectRules.blockToPass(project: Self.project(state: .stopped), stages: Self.stages, checks: []) != nil)
        #expect(ProjectRules.blockToPass(project: Self.project(stage: 4), stages: Self.stages, checks: []) == "Le projet est à la dernière étape.")
    }

    @Test func aProjectIsStalledOnlyWhenActiveBeyondItsStagesDelayAndNotAtTheLastStage() {
        let idea = Self.project()
        #expect(!ProjectRules.isStalled(idea, stages: Self.stages, now: Self.start.addingTimeInterval(45 * 86_400)))
        #expect(ProjectRules.isStalled(idea, stages: Self.stages, now: Self.start.addingTimeInterval(46 * 86_400)))
        #expect(!ProjectRules.isStalled(Self.project(state: .paused), stages: Self.stages, now: Self.start.addingTimeInterval(400 * 86_400)))
        #expect(!ProjectRules.isStalled(Self.project(stage: 4), stages: Self.stages, now: Self.start.addingTimeInterval(900 * 86_400)))
        let counts = ProjectRules.counts(
            [idea, Self.project(stage: 1), Self.project(state: .paused), Self.project(state: .stopped)], stages: Self.stages,
            now: Self.start.addingTimeInterval(50 * 86_400))
        #expect(counts.byStage.map(\.count) == [1, 1, 0, 0, 0] && counts.paused == 1 && counts.stopped == 1 && counts.stalled == 1)
    }

    /// The fields a proposal is refused on (none when it is valid).
    static func refused(_ input: ProjectInput, _ neighbourhoods: [String] = []) -> Set<String> {
        let result = Result { () throws(AutourError) -> ProjectRules.Valid in try ProjectRules.validate(input, neighbourhoods: neighbourhoods) }
        guard case .failure(.invalid(_, let fields)) = result else { return [] }
        return Set(fields.keys)
    }

    @Test func aProposalIsCheckedFieldByField() throws {
        let bad = ProjectInput(title: "J", purpose: "court", neighbourhood: "Lune", theme: "rien", scale: "individual", origin: "inhabitant")
        #expect(Self.refused(bad, ["Nord"]) == ["title", "purpose", "neighbourhood", "theme", "carriers"])
        let two = ProjectInput(
            title: "Jardin", purpose: "Un potager partagé.", theme: "environment", scale: "individual", origin: "inhabitant", carriers: [UUID(), UUID()])
        #expect(Self.refused(two) == ["carriers"])
        let ok = try ProjectRules.validate(
            ProjectInput(title: " Jardin ", purpose: "Un potager partagé.", theme: "environment", scale: "collective", origin: "ccas"), neighbourhoods: [])
        #expect(ok.title == "Jardin" && ok.theme == .environment && ok.carriers.isEmpty)
    }

    @Test func theGalleryShowsPublicProjectsThatGoOnFilteredByNeighbourhoodAndTheme() {
        let open = Self.project(), closed = Self.project(isPublic: false), stopped = Self.project(state: .stopped), food = Self.project(theme: .food)
        let all = [open, closed, stopped, food]
        #expect(ProjectRules.gallery(all, neighbourhood: nil, theme: nil).map(\.id) == [open.id, food.id])
        #expect(ProjectRules.gallery(all, neighbourhood: "Nord", theme: .food).map(\.id) == [food.id])
        #expect(ProjectRules.gallery(all, neighbourhood: "Sud", theme: nil).isEmpty)
    }

    @Test func anInterviewPointsAtAProjectByItsThemeOrItsTitleButNotWhenNegated() {
        let entries = ProjectRules.interviewEntries([Self.project()])
        let byTitle = InterviewAnalysis.suggest([.knows: "Je connais bien les Planches, j'y ai grandi."], lexicon: entries)
        #expect(byTitle.map(\.kind) == [.project] && byTitle.first?.target == "Jardin des Planches")
        #expect(InterviewAnalysis.suggest([.likes: "J'aime la nature et les fleurs."], lexicon: entries).count == 1)
        #expect(InterviewAnalysis.suggest([.likes: "Je n'aime pas le jardin."], lexicon: entries).isEmpty)
        #expect(InterviewAnalysis.suggest([.free: "Le jardin le mardi."], lexicon: entries).isEmpty, "the free time is not read")
    }
}
