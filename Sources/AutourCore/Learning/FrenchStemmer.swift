/// The French Snowball stemmer (snowballstem.org, `french.sbl` of Snowball 3.1), written in Swift
/// so that the interview's analysis runs in process. It gives the same stem as PyStemmer 3.1.0 for
/// every word of `Tests/AutourCoreTests/Fixtures/french-stems.tsv` (the test reads them all).
///
/// The word is held as Unicode scalars (as PyStemmer reads code points); the prelude marks some letters in upper case (a `u` or `i`
/// between vowels, a `y` beside a vowel, the `u` after `q`, `ë`/`ï` as `He`/`Hi`) so that they count
/// as consonants, and the postlude puts them back. Three regions are measured from the start of
/// the word: RV (`pV`), R1 and R2; a suffix is removed only when it starts inside the region its
/// rule names. Snowball never undoes a change when a later test fails, and neither does this code.
public enum FrenchStemmer {
    /// The stem of a lower-case word.
    public static func stem(_ word: String) -> String {
        var state = State(Array(word.unicodeScalars))
        state.elide()
        state.prelude()
        state.markRegions()
        if state.standardSuffix() || state.iVerbSuffix() || state.verbSuffix() {
            switch state.s.last {
            case "Y": state.s[state.s.count - 1] = "i"
            case "ç": state.s[state.s.count - 1] = "c"
            default: break
            }
        } else {
            state.residualSuffix()
        }
        state.unDouble()
        state.unAccent()
        return state.postlude()
    }

    static func isVowel(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a", "e", "i", "o", "u", "y", "â", "à", "ë", "é", "ê", "è", "ï", "î", "ô", "û", "ù": true
        default: false
        }
    }

    /// A rule's suffixes, grouped by their last letter and longest first: the first that matches
    /// is Snowball's `among` choice, and most words are checked against a handful of suffixes.
    struct Suffixes: Sendable {
        let byLast: [Unicode.Scalar: [[Unicode.Scalar]]]
        init(_ words: String) {
            byLast = Dictionary(grouping: words.split(separator: " ").map { Array($0.unicodeScalars) }, by: { $0.last! })
                .mapValues { $0.sorted { $0.count > $1.count } }
        }
    }

    private static func list(_ words: String) -> Suffixes { Suffixes(words) }

    private static let standard = list(
        """
        ance iqUe isme able iste eux ances iqUes ismes ables istes atrice ateur ation atrices ateurs ations logie logies \
        usion ution usions utions ence ences ement ements ité ités if ive ifs ives eaux aux oux euse euses issement \
        issements amment emment ment ments
        """)
    private static let afterEment = list("iv eus abl iqU ièr Ièr")
    private static let afterIte = list("abil ic iv")
    private static let iVerb = list(
        """
        îmes ît îtes i ie ies ir ira irai iraIent irais irait iras irent irez iriez irions irons iront is issaIent issais \
        issait issant issante issantes issants isse issent isses issez issiez issions issons it
        """)
    private static let verb = list(
        """
        ions é ée ées és èrent er era erai eraIent erais erait eras erez eriez erions erons eront ez iez âmes ât âtes a ai \
        aIent ait ant ante antes ants as asse assent asses assiez assions ais aise aises eais
        """)
    private static let residual = list("ion ier ière Ier Ière e")
    private static let doubles = list("enn onn ett ell eill")

    struct State {
        var s: [Unicode.Scalar]
        var pV = 0
        var p1 = 0
        var p2 = 0

        init(_ s: [Unicode.Scalar]) { self.s = s }

        /// `l'`, `qu'`… at the start of a word are removed when something follows.
        mutating func elide() {
            if s.count > 2, "cdjlmnst".unicodeScalars.contains(s[0]), s[1] == "'" {
                s.removeFirst(2)
            } else if s.count > 3, s[0] == "q", s[1] == "u", s[2] == "'" {
                s.removeFirst(3)
            }
        }

        mutating func prelude() {
            var p = 0
            while p < s.count {
                if FrenchStemmer.isVowel(s[p]), p + 1 < s.count {
                    let next = s[p + 1]
                    let vowelAfter = p + 2 < s.count && FrenchStemmer.isVowel(s[p + 2])
                    if next == "u", vowelAfter {
                        s[p + 1] = "U"
                        continue
                    }
                    if next == "i", vowelAfter {
                        s[p + 1] = "I"
                        continue
                    }
                    if next == "y" {
                        s[p + 1] = "Y"
                        continue
                    }
                }
                switch s[p] {
                case "ë":
                    s.replaceSubrange(p...p, with: ["H", "e"])
                    continue
                case "ï":
                    s.replaceSubrange(p...p, with: ["H", "i"])
                    continue
                case "y" where p + 1 < s.count && FrenchStemmer.isVowel(s[p + 1]):
                    s[p] = "Y"
                    continue
                case "q" where p + 1 < s.count && s[p + 1] == "u":
                    s[p + 1] = "U"
                    continue
                default: p += 1
                }
            }
        }

        mutating func markRegions() {
            let n = s.count
            (pV, p1, p2) = (n, n, n)
            if n >= 3, FrenchStemmer.isVowel(s[0]), FrenchStemmer.isVowel(s[1]) {
                pV = 3
            } else if starts(with: "par") || starts(with: "col") || starts(with: "tap") {
                pV = 3
            } else if starts(with: "ni"), n > 2, FrenchStemmer.isVowel(s[2]) {
                pV = 3
            } else if n >= 1, let vowel = (1..<n).first(where: { FrenchStemmer.isVowel(s[$0]) }) {
                pV = vowel + 1
            }
            guard let r1 = pastVowelAndConsonant(from: 0) else { return }
            p1 = r1
            if let r2 = pastVowelAndConsonant(from: r1) { p2 = r2 }
        }

        /// The position after the first consonant that follows a vowel, from `start`.
        private func pastVowelAndConsonant(from start: Int) -> Int? {
            guard let vowel = (start..<s.count).first(where: { FrenchStemmer.isVowel(s[$0]) }),
                let consonant = (vowel + 1..<s.count).first(where: { !FrenchStemmer.isVowel(s[$0]) })
            else { return nil }
            return consonant + 1
        }

        private func starts(with prefix: String) -> Bool { s.starts(with: prefix.unicodeScalars) }

        private func ends(with suffix: String, at end: Int) -> Bool {
            let suffix = suffix.unicodeScalars
            return end >= suffix.count && s[(end - suffix.count)..<end].elementsEqual(suffix)
        }

        /// Snowball's `among`: the longest of the suffixes ending at `end` that starts at or after `limit`.
        private func longest(_ suffixes: Suffixes, end: Int, limit: Int = 0) -> String? {
            guard end > 0, let candidates = suffixes.byLast[s[end - 1]] else { return nil }
            for suffix in candidates where end - suffix.count >= limit && s[(end - suffix.count)..<end].elementsEqual(suffix) {
                return String(String.UnicodeScalarView(suffix))
            }
            return nil
        }

        private mutating func replace(_ range: Range<Int>, with text: String) { s.replaceSubrange(range, with: Array(text.unicodeScalars)) }

        mutating func standardSuffix() -> Bool {
            let end = s.count
            guard let suffix = longest(FrenchStemmer.standard, end: end) else { return false }
            let start = end - suffix.count
            let inRV = start >= pV
            let inR1 = start >= p1
            let inR2 = start >= p2
            switch suffix {
            case "ance", "iqUe", "isme", "able", "iste", "eux", "ances", "iqUes", "ismes", "ables", "istes":
                guard inR2 else { return false }
                replace(start..<end, with: "")
            case "atrice", "ateur", "ation", "atrices", "ateurs", "ations":
                guard inR2 else { return false }
                replace(start..<end, with: "")
                if ends(with: "ic", at: start) { replace(start - 2..<start, with: start - 2 >= p2 ? "" : "iqU") }
            case "logie", "logies":
                guard inR2 else { return false }
                replace(start..<end, with: "log")
            case "usion", "ution", "usions", "utions":
                guard inR2 else { return false }
                replace(start..<end, with: "u")
            case "ence", "ences":
                guard inR2 else { return false }
                replace(start..<end, with: "ent")
            case "ement", "ements":
                guard inRV else { return false }
                replace(start..<end, with: "")
                guard let before = longest(FrenchStemmer.afterEment, end: start) else { return true }
                let b = start - before.count
                switch before {
                case "iv":
                    guard b >= p2 else { break }
                    replace(b..<start, with: "")
                    if ends(with: "at", at: b), b - 2 >= p2 { replace(b - 2..<b, with: "") }
                case "eus":
                    if b >= p2 { replace(b..<start, with: "") } else if b >= p1 { replace(b..<start, with: "eux") }
                case "abl", "iqU":
                    if b >= p2 { replace(b..<start, with: "") }
                default:  // ièr, Ièr
                    if b >= pV { replace(b..<start, with: "i") }
                }
            case "ité", "ités":
                guard inR2 else { return false }
                replace(start..<end, with: "")
                guard let before = longest(FrenchStemmer.afterIte, end: start) else { return true }
                let b = start - before.count
                switch before {
                case "abil": replace(b..<start, with: b >= p2 ? "" : "abl")
                case "ic": replace(b..<start, with: b >= p2 ? "" : "iqU")
                default: if b >= p2 { replace(b..<start, with: "") }  // iv
                }
            case "if", "ive", "ifs", "ives":
                guard inR2 else { return false }
                replace(start..<end, with: "")
                guard ends(with: "at", at: start), start - 2 >= p2 else { return true }
                replace(start - 2..<start, with: "")
                let b = start - 2
                if ends(with: "ic", at: b) { replace(b - 2..<b, with: b - 2 >= p2 ? "" : "iqU") }
            case "eaux":
                replace(start..<end, with: "eau")
            case "aux":
                guard inR1 else { return false }
                replace(start..<end, with: "al")
            case "oux":
                guard start >= 1, "bhjlnp".unicodeScalars.contains(s[start - 1]) else { return false }
                replace(start..<end, with: "ou")
            case "euse", "euses":
                if inR2 { replace(start..<end, with: "") } else if inR1 { replace(start..<end, with: "eux") } else { return false }
            case "issement", "issements":
                guard inR1, start >= 1, !FrenchStemmer.isVowel(s[start - 1]) else { return false }
                replace(start..<end, with: "")
            // The adverbs in -ment change the word and then hand it to the verb suffixes.
            case "amment":
                if inRV { replace(start..<end, with: "ant") }
                return false
            case "emment":
                if inRV { replace(start..<end, with: "ent") }
                return false
            default:  // ment, ments
                if start >= 1, FrenchStemmer.isVowel(s[start - 1]), start - 1 >= pV { replace(start..<end, with: "") }
                return false
            }
            return true
        }

        mutating func iVerbSuffix() -> Bool {
            let end = s.count
            guard let suffix = longest(FrenchStemmer.iVerb, end: end, limit: pV) else { return false }
            let start = end - suffix.count
            guard start - 1 >= pV, s[start - 1] != "H", !FrenchStemmer.isVowel(s[start - 1]) else { return false }
            replace(start..<end, with: "")
            return true
        }

        mutating func verbSuffix() -> Bool {
            let end = s.count
            guard let suffix = longest(FrenchStemmer.verb, end: end, limit: pV) else { return false }
            let start = end - suffix.count
            switch suffix {
            case "ions":
                guard start >= p2 else { return false }
                replace(start..<end, with: "")
            case "âmes", "ât", "âtes", "a", "ai", "aIent", "ait", "ant", "ante", "antes", "ants", "as", "asse", "assent", "asses",
                "assiez", "assions":
                let withE = start >= 1 && s[start - 1] == "e" && start - 1 >= pV
                replace((withE ? start - 1 : start)..<end, with: "")
            case "ais", "aise", "aises":
                // balais, palais (one letter before « al »), mauvais, déplais keep their ending.
                if ends(with: "al", at: start), start == 3 { return false }
                if ends(with: "auv", at: start) || ends(with: "épl", at: start) { return false }
                replace(start..<end, with: "")
            default:
                replace(start..<end, with: "")
            }
            return true
        }

        mutating func residualSuffix() {
            if let last = s.last, last == "s" {
                let c = s.count - 1
                if ends(with: "Hi", at: c) || (c >= 1 && !"aiouès".unicodeScalars.contains(s[c - 1])) { s.removeLast() }
            }
            let end = s.count
            guard let suffix = longest(FrenchStemmer.residual, end: end, limit: pV) else { return }
            let start = end - suffix.count
            switch suffix {
            case "ion":
                if start >= p2, start - 1 >= pV, s[start - 1] == "s" || s[start - 1] == "t" { replace(start..<end, with: "") }
            case "e": replace(start..<end, with: "")
            default: replace(start..<end, with: "i")
            }
        }

        mutating func unDouble() {
            if longest(FrenchStemmer.doubles, end: s.count) != nil { s.removeLast() }
        }

        /// An é or è followed only by consonants at the end becomes e.
        mutating func unAccent() {
            var i = s.count
            while i > 0, !FrenchStemmer.isVowel(s[i - 1]) { i -= 1 }
            if i < s.count, i > 0, s[i - 1] == "é" || s[i - 1] == "è" { s[i - 1] = "e" }
        }

        func postlude() -> String {
            var out = String.UnicodeScalarView()
            var i = 0
            while i < s.count {
                switch s[i] {
                case "I": out.append("i")
                case "U": out.append("u")
                case "Y": out.append("y")
                case "H":
                    if i + 1 < s.count, s[i + 1] == "e" || s[i + 1] == "i" {
                        out.append(s[i + 1] == "e" ? "ë" : "ï")
                        i += 1
                    }
                default: out.append(s[i])
                }
                i += 1
            }
            return String(out)
        }
    }
}
