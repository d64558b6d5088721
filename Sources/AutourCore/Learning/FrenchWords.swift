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
        // Composing is only needed when a combining accent is there (rare in typed French).
        let composed =
            text.unicodeScalars.contains { (0x300...0x36F).contains($0.value) } ? text.precomposedStringWithCanonicalMapping : text
        var out = String.UnicodeScalarView()
        for c in composed.lowercased().unicodeScalars { out.append(c == "\u{2019}" ? "'" : c) }
        return String(out)
    }

    /// Sentences end at . ! ? ; or a new line.
    static func endsSentence(_ c: Unicode.Scalar) -> Bool { c == "." || c == "!" || c == "?" || c == ";" || c == "\n" }

    /// A letter of a word (an ASCII test first: most letters are).
    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return (c.value | 0x20) >= 0x61 && (c.value | 0x20) <= 0x7A }
        return c.properties.isAlphabetic
    }

    /// The text's sentences, as typed (for the excerpt shown beside a suggestion); a sentence
    /// without a letter is not one.
    public static func sentences(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return sentenceRanges(scalars).map { String(String.UnicodeScalarView(scalars[$0])) }
    }

    /// Where each sentence of `scalars` is, blanks around it left out: one pass, no string built.
    public static func sentenceRanges(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var hasLetter = false
        for (i, c) in scalars.enumerated() {
            if isLetter(c) { hasLetter = true }
            guard endsSentence(c) || i == scalars.count - 1 else { continue }
            if hasLetter {
                var (a, b) = (start, i + 1)
                while a < b, scalars[a].properties.isWhitespace { a += 1 }
                while b > a, scalars[b - 1].properties.isWhitespace { b -= 1 }
                ranges.append(a..<b)
            }
            start = i + 1
            hasLetter = false
        }
        return ranges
    }

    /// `normalise` one scalar at a time, for the words' pass: lower case (an ASCII test first),
    /// the typographic apostrophe as '.
    @inline(__always) static func lower(_ c: Unicode.Scalar) -> Unicode.Scalar {
        if c.value < 0x80 { return c.value >= 0x41 && c.value <= 0x5A ? Unicode.Scalar(c.value + 0x20)! : c }
        if c == "\u{2019}" { return "'" }
        guard c.properties.isUppercase, let lower = c.properties.lowercaseMapping.unicodeScalars.first else { return c }
        return lower
    }

    /// The meaningful words of `text`, stemmed, with their sentence and negation, in one pass over
    /// its Unicode scalars. A word met again is stemmed once (`stems` keeps them across the answers
    /// of one interview).
    public static func tokens(_ text: String, stems: inout [String: String]) -> [Token] {
        // Composing is only needed when a combining accent is there (rare in typed French).
        let composed =
            text.unicodeScalars.contains { (0x300...0x36F).contains($0.value) } ? text.precomposedStringWithCanonicalMapping : text
        let scalars = composed.unicodeScalars.map(lower)
        var tokens: [Token] = []
        var sentence = 0
        var hasLetter = false
        var position = 0
        var sinceNegation = Int.max
        // « ne » opens a negation that « pas » closes after the verb: « je ne cuisine pas ».
        var openedAt: (token: Int, word: Int)?
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            guard isLetter(c) else {
                if endsSentence(c) {
                    if hasLetter { sentence += 1 }
                    (hasLetter, position, sinceNegation, openedAt) = (false, 0, .max, nil)
                }
                i += 1
                continue
            }
            var j = i + 1
            while j < scalars.count, isLetter(scalars[j]) { j += 1 }
            let word = String(String.UnicodeScalarView(scalars[i..<j]))
            let length = j - i
            i = j
            hasLetter = true
            defer { position += 1 }
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
            if length < 2 || functionWords.contains(word) { continue }
            let stem = stems[word] ?? FrenchStemmer.stem(word)
            stems[word] = stem
            tokens.append(Token(word: word, stem: stem, sentence: sentence, negated: sinceNegation <= 5))
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
