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
