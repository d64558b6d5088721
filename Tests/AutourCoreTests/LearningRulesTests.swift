import AutourCore
import Foundation
import Testing

@Suite struct FrenchStemmerTests {
    /// Every word of the manual and a sample of a French dictionary, with PyStemmer 3.1.0's stems
    /// (`Fixtures/french-stems.py` wrote them).
    @Test func theStemmerGivesPyStemmersStemForEveryWordOfTheList() throws {
        let url = try #require(Bundle.module.url(forResource: "french-stems", withExtension: "tsv", subdirectory: "Fixtures"))
        let pairs = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(pairs.count >= 5000)
        var wrong: [String] = []
        for pair in pairs where FrenchStemmer.stem(String(pair[0])) != String(pair[1]) {
            wrong.append("\(pair[0]) → \(FrenchStemmer.stem(String(pair[0]))), PyStemmer \(pair[1])")
        }
        #expect(wrong.isEmpty, "\(wrong.count) of \(pairs.count) differ: \(wrong.prefix(30).joined(separator: "; "))")
    }

    @Test func familiesOfWordsShareTheirStem() {
        #expect(FrenchStemmer.stem("cuisiner") == FrenchStemmer.stem("cuisine"))
        #expect(FrenchStemmer.stem("jardiner") == FrenchStemmer.stem("jardins"))
        #expect(FrenchStemmer.stem("l'informatique") == FrenchStemmer.stem("informatique"))
    }
}

@Suite struct InterviewAnalysisTests {
    func suggest(_ answers: [InterviewStep: String]) -> [Suggestion] {
        InterviewAnalysis.suggest(answers, lexicon: InterviewAnalysis.defaultLexicon)
    }

    @Test func whatThePersonLikesSuggestsASkillWithTheWordsThatLedToIt() throws {
        let suggestions = suggest([
            .likes: "J'adore passer du temps au jardin. Mon potager donne des tomates tout l'été.",
            .knows: "J'ai travaillé vingt ans comme cuisinière dans une cantine.",
        ])
        let garden = try #require(suggestions.first { $0.kind == .skill && $0.target == "Jardinage" })
        #expect(garden.evidence.map(\.step) == [.likes])
        #expect(garden.evidence[0].words == ["jardin", "potager"])
        #expect(garden.evidence[0].excerpt == "J'adore passer du temps au jardin.")
        #expect(suggestions.contains { $0.kind == .teach && $0.target == "Jardinage au naturel" })
    }

    @Test func theNeedsAnswerSuggestsSubjectsToLearnNotSkills() {
        let suggestions = suggest([.needs: "J'aimerais apprendre à me servir de mon smartphone et de l'ordinateur."])
        #expect(suggestions.map(\.key) == ["learn:Smartphone et ordinateur"])
    }

    @Test func aNegatedWordCountsNothingUntilAMaisTurnsTheSentence() {
        #expect(suggest([.likes: "Je ne sais pas cuisiner, je n'ai jamais fait de gâteaux."]).isEmpty)
        let turned = suggest([.likes: "Je ne cuisine pas mais je jardine et j'adore mon potager."])
        #expect(turned.contains { $0.target == "Jardinage" })
        #expect(!turned.contains { $0.target.hasPrefix("Cuisine") })
    }

    @Test func aWordSaidInPassingInTheDayWeighsHalfAndRepeatingItDoesNotInflateIt() {
        #expect(suggest([.daily: "Le matin je vais au marché."]).isEmpty, "one passing word: ½ < threshold")
        let repeated = suggest([.likes: "jardin jardin jardin jardin jardin"])
        #expect(repeated.first { $0.target == "Jardinage" }?.score == 2)
    }

    @Test func familiesOfWordsMeetOnOneStem() {
        let suggestions = suggest([.knows: "Je réparais les vélos du quartier et je bricolais beaucoup."])
        #expect(suggestions.contains { $0.kind == .skill && $0.target == "Petit bricolage" })
        // Capitals, a typographic apostrophe and an accent typed as a combining mark read the same.
        let shouted = suggest([.likes: "J’ADORE LE JARDINAGE ET L’ÉCOUTE, j'e\u{301}coute mes voisins."])
        #expect(shouted.first { $0.target == "Écoute et soutien" }?.evidence.first?.words == ["écoute"])
        #expect(shouted.contains { $0.target == "Jardinage" && $0.evidence.first?.words == ["jardinage"] })
    }

    @Test func theFreeTimeAnswerIsNotAnalysed() {
        #expect(suggest([.free: "Le mardi après-midi, je peux aider au jardin ou faire la cuisine."]).isEmpty)
    }

    @Test func lexiconCuesAreSingleWordsAndAPhraseIsRefusedWithItsReason() {
        var errors = FieldErrors()
        #expect(
            LexiconEntry.parseCues("Jardin, potager ;plantes\nfleurs, jardin", field: "cues", errors: &errors) == ["jardin", "potager", "plantes", "fleurs"])
        #expect(errors.isEmpty)
        _ = LexiconEntry.parseCues("jardin partagé, ok", field: "cues", errors: &errors)
        #expect(errors.fields["cues"]?.contains("un seul mot") == true)
    }
}

@Suite struct InclusionAuditTests {
    let criteria = (0..<4).map { AuditCriterion(id: UUID(), dimension: $0 < 3 ? .physicalAccess : .signLanguage, text: "c\($0)") }

    @Test func aDimensionScoresMetAsOneAndPartlyAsHalfOverTheCriteriaThatApply() {
        let scores = InclusionRules.scores(
            [criteria[0].id: .met, criteria[1].id: .partly, criteria[2].id: .notApplicable, criteria[3].id: .notApplicable], criteria: criteria)
        #expect(scores[.physicalAccess] == 75)
        #expect(scores[.signLanguage] == nil, "no criterion applies: no score, not zero")
    }

    @Test func aReauditClosesTheActionsWhoseCriterionItFindsMet() {
        let actions = [(id: UUID(), criterionId: criteria[0].id), (id: UUID(), criterionId: criteria[1].id)]
        #expect(InclusionRules.closedBy([criteria[0].id: .met, criteria[1].id: .partly], openActions: actions) == [actions[0].id])
    }

    @Test func anActionNeedsAnOwnerAndADeadlineNotPast() throws {
        #expect(throws: AutourError.self) { try InclusionRules.validateAction(text: "Poser une rampe", owner: "", dueOn: "2026-12-01", today: "2026-11-30") }
        #expect(throws: AutourError.self) {
            try InclusionRules.validateAction(text: "Poser une rampe", owner: "Services techniques", dueOn: "2026-11-01", today: "2026-11-30")
        }
        #expect(
            try InclusionRules.validateAction(text: " Poser une rampe ", owner: "Services techniques", dueOn: "2026-12-15", today: "2026-11-30").0
                == "Poser une rampe")
    }
}
