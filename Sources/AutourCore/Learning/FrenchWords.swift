import Foundation

/// The first steps of the interview's text pipeline: normalise, cut into words, stem.
///
/// 1. Normalisation: Unicode NFC (an « é » typed as e + accent is the same letter), lower case,
///    the typographic apostrophe ’ read as '.
/// 2. Words: runs of letters; an apostrophe separates (« l'informatique » → « l », « informatique »),
///    so elided articles fall out as short function words.
/// 3. Function words (articles, pronouns, prepositions, auxiliaries) are dropped: they say nothing
///    about what a person knows or needs. Negations are kept apart: `Token.negated` marks a word that
///    follows « pas », « jamais », « plus », « rien », « aucun », « guère » or « sans » within
///    the five words before it in the same sentence (« je ne sais pas cuisiner »).
/// 4. Each remaining word is stemmed with `FrenchStemmer`, so « cuisine », « cuisiner » and
///    « cuisinais » meet on one stem.
public enum FrenchWords {
    public struct Token: Sendable, Equatable {
        /// The word as the person typed it (lower case).
        public let word: String
        public let stem: String
        /// Index of the sentence in the text, to quote it.
        public let sentence: Int
        public internal(set) var negated: Bool
    }

    /// Lower case, NFC, one apostrophe.
    public static func normalise(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping.lowercased().replacingOccurrences(of: "\u{2019}", with: "'")
    }

    /// The text's sentences, as typed (for the excerpt shown beside a suggestion).
    public static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if ".!?\n;".contains(character) {
                appendTrimmed(current, to: &result)
                current = ""
            }
        }
        appendTrimmed(current, to: &result)
        return result
    }

    private static func appendTrimmed(_ sentence: String, to list: inout [String]) {
        let trimmed = sentence.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.contains(where: \.isLetter) { list.append(trimmed) }
    }

    /// The meaningful words of `text`, stemmed, with their sentence and negation. A word met again
    /// is stemmed once (`stems` keeps them across the answers of one interview).
    public static func tokens(_ text: String, stems: inout [String: String]) -> [Token] {
        var tokens: [Token] = []
        for (index, sentence) in sentences(normalise(text)).enumerated() {
            var sinceNegation = Int.max
            // « ne » opens a negation that « pas » closes after the verb: « je ne cuisine pas ».
            var openedAt: (token: Int, word: Int)?
            for (position, word) in sentence.split(whereSeparator: { !$0.isLetter }).map(String.init).enumerated() {
                if word == "ne" || word == "n" { openedAt = (tokens.count, position) }
                if negations.contains(word) {
                    if let opened = openedAt, position - opened.word <= 4 {
                        for index in opened.token..<tokens.count { tokens[index].negated = true }
                    }
                    openedAt = nil
                    sinceNegation = 0
                    continue
                }
                // « mais » turns the sentence around: « je ne cuisine pas mais je jardine ».
                if word == "mais" { sinceNegation = .max }
                if sinceNegation != .max { sinceNegation += 1 }
                if functionWords.contains(word) || word.count < 2 { continue }
                let stem = stems[word] ?? FrenchStemmer.stem(word)
                stems[word] = stem
                tokens.append(Token(word: word, stem: stem, sentence: index, negated: sinceNegation <= 5))
            }
        }
        return tokens
    }

    static let negations: Set<String> = ["pas", "jamais", "plus", "rien", "aucun", "aucune", "guère", "sans"]

    static let functionWords: Set<String> = Set(
        """
        le la les l un une des du de d au aux à a et ou où mais donc or ni car que qu qui quoi dont ce ces cet cette c ça cela \
        je j me m moi tu te t toi il elle on nous vous ils elles lui leur leurs se s y en ne n mon ma mes ton ta tes son sa \
        ses notre nos votre vos dans sur sous par pour avec chez entre vers comme si est suis es sont sommes êtes était étais \
        été être ai as avons avez ont avais avait eu avoir fait faire très bien aussi alors puis quand tout tous toute toutes \
        peu beaucoup souvent parfois toujours encore déjà même autre autres chose choses
        """.split(whereSeparator: \.isWhitespace).map(String.init))
}
