import Foundation

/// The French analysis of the Fabrique's search, the same on both engines.
///
/// PostgreSQL analyses the sheets itself with the `autour_french` configuration: its `french`
/// configuration where every word goes through `unaccent`, then `french_stem` (Snowball, with the
/// French stop words). SQLite has no French analyser, so its FTS5 index holds the terms this type
/// computes in Swift, step for step what PostgreSQL does:
/// 1. words are runs of letters or digits; an apostrophe, a hyphen or any other sign separates
///    them (« l'isolement » → « l », « isolement »); a decimal number written with a point stays
///    one word, as PostgreSQL's parser reads it;
/// 2. a word with a digit is only lower-cased (PostgreSQL's `simple` dictionary: « covid19 »);
/// 3. the others are lower-cased and unaccented (« âgées » → « agees », « œuvre » → « oeuvre »),
///    dropped when they are then one of PostgreSQL's French stop words (its `french.stop`, the
///    Snowball list: « où » becomes « ou », a stop word, while « été » becomes « ete », which is not),
///    and stemmed with the Learning module's Snowball `FrenchStemmer` (« agees » → « age »).
/// `FabriqueSearchTests` checks the result against PostgreSQL's own `to_tsvector` on every word of
/// the test corpus and of the demo's sheets, so the two engines find the same sheets.
public enum FrenchSearch {
    /// PostgreSQL's `french.stop`, compared after unaccenting as PostgreSQL does.
    static let stopWords: Set<String> = [
        "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "et", "eux", "il", "je", "la", "le", "leur", "lui", "ma",
        "mais", "me", "même", "mes", "moi", "mon", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa",
        "se", "ses", "son", "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "c", "d", "j", "l", "à", "m",
        "n", "s", "t", "y", "été", "étée", "étées", "étés", "étant", "étante", "étants", "étantes", "suis", "es", "est", "sommes", "êtes",
        "sont", "serai", "seras", "sera", "serons", "serez", "seront", "serais", "serait", "serions", "seriez", "seraient", "étais", "était",
        "étions", "étiez", "étaient", "fus", "fut", "fûmes", "fûtes", "furent", "sois", "soit", "soyons", "soyez", "soient", "fusse", "fusses",
        "fût", "fussions", "fussiez", "fussent", "ayant", "ayante", "ayantes", "ayants", "eu", "eue", "eues", "eus", "ai", "as", "avons",
        "avez", "ont", "aurai", "auras", "aura", "aurons", "aurez", "auront", "aurais", "aurait", "aurions", "auriez", "auraient", "avais",
        "avait", "avions", "aviez", "avaient", "eut", "eûmes", "eûtes", "eurent", "aie", "aies", "ait", "ayons", "ayez", "aient", "eusse",
        "eusses", "eût", "eussions", "eussiez", "eussent",
    ]

    /// A word of a text: where it is (in the text's Unicode scalars) and the term it is indexed
    /// under, nil for a stop word.
    public struct Word: Sendable, Equatable {
        public let range: Range<Int>
        public let word: String
        public let term: String?
    }

    static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return (0x30...0x39).contains(c.value) || FrenchWords.isLetter(c) }
        return c.properties.isAlphabetic || c.properties.numericType != nil
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { (0x30...0x39).contains(c.value) }

    /// Every word of `text` with its term; with `only`, the words whose term is one of these (the
    /// others are not stemmed at all: a Snowball stem is the unaccented word cut short, its last
    /// letter at most changed — « essayer » → « essai » —, so a word that does not start with a
    /// term less its last letter cannot give that term).
    public static func words(_ scalars: [Unicode.Scalar], only: Set<String>? = nil) -> [Word] {
        let stems = only.map { $0.map { String($0.dropLast()) } }
        var words: [Word] = []
        var i = 0
        while i < scalars.count {
            guard isWordScalar(scalars[i]) else {
                i += 1
                continue
            }
            var j = i + 1
            var hasDigit = isDigit(scalars[i])
            while j < scalars.count {
                if isWordScalar(scalars[j]) {
                    hasDigit = hasDigit || isDigit(scalars[j])
                    j += 1
                } else if scalars[j] == ".", hasDigit, isDigit(scalars[j - 1]), j + 1 < scalars.count, isDigit(scalars[j + 1]),
                    scalars[i..<j].allSatisfy(isDigit)
                {
                    j += 1  // « 3.5 »: a decimal number is one word for PostgreSQL's parser
                } else {
                    break
                }
            }
            let word = String(String.UnicodeScalarView(scalars[i..<j].map(FrenchWords.lower)))
            defer { i = j }
            if let only, let stems {
                let plain = unaccent(word)
                guard stems.contains(where: plain.hasPrefix), let term = term(word, hasDigit: hasDigit), only.contains(term) else { continue }
                words.append(Word(range: i..<j, word: word, term: term))
            } else {
                words.append(Word(range: i..<j, word: word, term: term(word, hasDigit: hasDigit)))
            }
        }
        return words
    }

    /// The term of one lower-case word, nil for a stop word.
    static func term(_ word: String, hasDigit: Bool) -> String? {
        if hasDigit { return word }
        let plain = unaccent(word)
        if stopWords.contains(plain) { return nil }
        return FrenchStemmer.stem(plain)
    }

    /// The letters without their accents, the ligatures written out (as PostgreSQL's `unaccent`).
    public static func unaccent(_ word: String) -> String {
        guard word.unicodeScalars.contains(where: { $0.value >= 0x80 }) else { return word }
        var out = String.UnicodeScalarView()
        for c in word.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch c {
            case "œ": out.append(contentsOf: "oe".unicodeScalars)
            case "æ": out.append(contentsOf: "ae".unicodeScalars)
            case "ß": out.append(contentsOf: "ss".unicodeScalars)
            default: if !(0x300...0x36F).contains(c.value) { out.append(c) }
            }
        }
        return String(out)
    }

    /// The terms of `text`, in order.
    public static func terms(_ text: String) -> [String] { words(Array(text.unicodeScalars)).compactMap(\.term) }
}

/// A search as typed: its words, the distinct terms they stand for, and whether every term must
/// be found (`all`) or any of them (the fallback when no sheet has them all).
public struct SheetQuery: Sendable, Equatable {
    /// At most this many terms count: a pasted paragraph is not a search.
    public static let maxTerms = 8

    /// Each distinct term with the first word that gave it (what PostgreSQL is asked to analyse).
    public let words: [(word: String, term: String)]
    public var terms: [String] { words.map(\.term) }

    public init(_ text: String) {
        var seen = Set<String>()
        var words: [(String, String)] = []
        for word in FrenchSearch.words(Array(text.prefix(500).unicodeScalars)) {
            guard let term = word.term, seen.insert(term).inserted, words.count < Self.maxTerms else { continue }
            words.append((word.word, term))
        }
        self.words = words
    }

    public var isEmpty: Bool { words.isEmpty }

    public static func == (a: SheetQuery, b: SheetQuery) -> Bool { a.terms == b.terms && a.words.map(\.word) == b.words.map(\.word) }
}

/// The parts of a sheet the search reads, and what a term found in each is worth. A sheet's score
/// is the sum, over the query's terms, of the weights of the parts that hold the term: a term of
/// the title counts more than one of the context, which counts more than one lost in the actions.
/// Ties go to the sheet published last: each publication takes the next number of one sequence
/// (`search_order`), so the order is total and both engines give the same one.
public enum SheetPart: String, CaseIterable, Sendable {
    case title, summary, outcome, body

    public var weight: Int {
        switch self {
        case .title: 8
        case .summary: 4
        case .outcome: 2
        case .body: 1
        }
    }

    /// PostgreSQL's weight label for the part (`setweight`).
    public var label: String {
        switch self {
        case .title: "A"
        case .summary: "B"
        case .outcome: "C"
        case .body: "D"
        }
    }

    /// The score's rule in one place: for each term of the query, the weights of the parts of the
    /// sheet (as `SheetContent.partTerms`) that hold it. The engines compute the same sum in SQL;
    /// the tests compare them with this.
    public static func score(terms: [String], parts: [SheetPart: [String]]) -> Int {
        terms.reduce(0) { total, term in
            total + allCases.reduce(0) { $0 + ((parts[$1] ?? []).contains(term) ? $1.weight : 0) }
        }
    }
}

/// A passage of a sheet shown under its title in the results, with the query's words marked.
public struct Excerpt: Sendable, Equatable {
    public struct Piece: Sendable, Equatable {
        public let text: String
        public let marked: Bool
        public init(text: String, marked: Bool) { (self.text, self.marked) = (text, marked) }
    }

    public var pieces: [Piece]
    public init(pieces: [Piece]) { self.pieces = pieces }
    public static let maxLength = 260

    /// The sentence of `texts` that holds the most distinct terms of the query (the first such),
    /// cut to about `maxLength` characters around its first match; nil when none holds one.
    public static func best(_ texts: [String], terms: Set<String>) -> Excerpt? {
        var best: (found: Int, sentence: [Unicode.Scalar], words: [FrenchSearch.Word])?
        for text in texts {
            let scalars = Array(text.unicodeScalars)
            for range in FrenchWords.sentenceRanges(scalars) {
                let sentence = Array(scalars[range])
                let words = FrenchSearch.words(sentence, only: terms)
                let found = Set(words.compactMap(\.term)).count
                if found > (best?.found ?? 0) { best = (found, sentence, words) }
            }
        }
        guard let best else { return nil }
        let sentence = best.sentence
        var start = 0
        var end = sentence.count
        if end > maxLength {
            let first = best.words[0].range.lowerBound
            start = max(0, min(first - 40, end - maxLength))
            while start > 0, !sentence[start - 1].properties.isWhitespace { start -= 1 }
            end = min(end, start + maxLength)
            while end < sentence.count, !sentence[end].properties.isWhitespace { end += 1 }
        }
        var excerpt = marked(sentence, words: best.words, in: start..<end)
        if start > 0 { excerpt.pieces.insert(Piece(text: "… ", marked: false), at: 0) }
        if end < sentence.count { excerpt.pieces.append(Piece(text: " …", marked: false)) }
        return excerpt
    }

    /// A short text (a title) whole, with the query's words marked.
    public static func marked(_ text: String, terms: Set<String>) -> Excerpt {
        let scalars = Array(text.unicodeScalars)
        return marked(scalars, words: FrenchSearch.words(scalars, only: terms), in: 0..<scalars.count)
    }

    static func marked(_ scalars: [Unicode.Scalar], words: [FrenchSearch.Word], in range: Range<Int>) -> Excerpt {
        var pieces: [Piece] = []
        var at = range.lowerBound
        func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        for word in words where word.range.lowerBound >= range.lowerBound && word.range.upperBound <= range.upperBound {
            if word.range.lowerBound > at { pieces.append(Piece(text: text(at..<word.range.lowerBound), marked: false)) }
            pieces.append(Piece(text: text(word.range), marked: true))
            at = word.range.upperBound
        }
        if range.upperBound > at { pieces.append(Piece(text: text(at..<range.upperBound), marked: false)) }
        return Excerpt(pieces: pieces)
    }
}
