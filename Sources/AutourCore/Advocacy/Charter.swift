import Crypto
import Foundation

/// One article of the territory's ethical charter. Its number is its name for good: an added
/// article takes the next number, a deleted one leaves its number unused, so that an amendment, a
/// label's criterion or an opinion citing « article 4 » always means the same article.
public struct CharterArticle: Sendable, Equatable, Codable {
    public let number: Int
    public let title: String
    public let text: String

    public init(number: Int, title: String, text: String) {
        self.number = number
        self.title = title
        self.text = text
    }
}

/// An adopted version of the charter: its articles, the SHA-256 fingerprint of their canonical
/// text, and what made it (the founding text, or an amendment adopted by the parliament).
public struct CharterVersion: Sendable, Equatable {
    public let number: Int
    public let articles: [CharterArticle]
    public let fingerprint: String
    public let summary: String
    public let adoptedAt: Date
    public let amendmentId: UUID?

    public init(number: Int, articles: [CharterArticle], fingerprint: String, summary: String, adoptedAt: Date, amendmentId: UUID?) {
        self.number = number
        self.articles = articles
        self.fingerprint = fingerprint
        self.summary = summary
        self.adoptedAt = adoptedAt
        self.amendmentId = amendmentId
    }
}

public enum CharterRules {
    public static let titleRange = 3...120
    public static let textRange = 10...3000

    /// The text the fingerprint is computed over, one article after the other:
    /// `Article N — title` then its text, articles separated by a blank line, UTF-8, NFC.
    /// Anyone can recompute it from the public page (`sha256sum` of the text shown there).
    public static func canonicalText(_ articles: [CharterArticle]) -> String {
        articles.sorted { $0.number < $1.number }.map { "Article \($0.number) — \($0.title)\n\($0.text)" }.joined(separator: "\n\n")
            .precomposedStringWithCanonicalMapping
    }

    public static func fingerprint(_ articles: [CharterArticle]) -> String {
        Tokens.hex(SHA256.hash(data: Data(canonicalText(articles).utf8)))
    }

    /// The founding text's articles, numbered from 1 in the order given; blank rows are left out.
    public static func founding(_ drafts: [(title: String, text: String)]) throws(AutourError) -> [CharterArticle] {
        var errors = FieldErrors()
        var articles: [CharterArticle] = []
        for (index, draft) in drafts.enumerated() {
            if draft.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, draft.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                continue
            }
            let title = errors.text(draft.title, titleRange, field: "title\(index)", label: "Le titre")
            let text = errors.text(draft.text, textRange, field: "text\(index)", label: "Le texte")
            articles.append(CharterArticle(number: articles.count + 1, title: title, text: text))
        }
        if articles.isEmpty { errors.add("title0", "La charte a au moins un article.") }
        try errors.throwIfAny("La charte est à compléter.")
        return articles
    }

    /// The articles once `amendment` is applied, or nil when it no longer applies (its article was
    /// deleted by an amendment adopted in between): the amendment then lapses.
    public static func apply(_ amendment: Amendment, to articles: [CharterArticle]) -> [CharterArticle]? {
        switch amendment.kind {
        case .add:
            let next = (articles.map(\.number).max() ?? 0) + 1
            return articles + [CharterArticle(number: next, title: amendment.title, text: amendment.text)]
        case .change:
            guard let index = articles.firstIndex(where: { $0.number == amendment.article }) else { return nil }
            var changed = articles
            changed[index] = CharterArticle(number: articles[index].number, title: amendment.title, text: amendment.text)
            return changed
        case .delete:
            guard articles.contains(where: { $0.number == amendment.article }) else { return nil }
            return articles.filter { $0.number != amendment.article }
        }
    }

    /// What changed from one version to the next, article by article.
    public struct ArticleChange: Sendable, Equatable {
        public enum Kind: String, Sendable { case added, changed, deleted }
        public let number: Int
        public let kind: Kind
        public let oldTitle: String?
        public let newTitle: String?
        /// The text word by word: kept, removed or added.
        public let words: [WordDiff]
    }

    public struct WordDiff: Sendable, Equatable {
        public enum Kind: String, Sendable { case same, removed, added }
        public let kind: Kind
        public let text: String
        public init(kind: Kind, text: String) {
            self.kind = kind
            self.text = text
        }
    }

    public static func changes(from old: [CharterArticle], to new: [CharterArticle]) -> [ArticleChange] {
        let before = Dictionary(uniqueKeysWithValues: old.map { ($0.number, $0) })
        let after = Dictionary(uniqueKeysWithValues: new.map { ($0.number, $0) })
        return Set(before.keys).union(after.keys).sorted().compactMap { number in
            switch (before[number], after[number]) {
            case (nil, let added?):
                ArticleChange(number: number, kind: .added, oldTitle: nil, newTitle: added.title, words: [WordDiff(kind: .added, text: added.text)])
            case (let deleted?, nil):
                ArticleChange(
                    number: number, kind: .deleted, oldTitle: deleted.title, newTitle: nil, words: [WordDiff(kind: .removed, text: deleted.text)])
            case (let a?, let b?) where a != b:
                ArticleChange(number: number, kind: .changed, oldTitle: a.title, newTitle: b.title, words: words(from: a.text, to: b.text))
            default: nil
            }
        }
    }

    /// A word-level difference (longest common subsequence of the words), neighbouring words of the
    /// same kind joined, so that a reader sees « ~~dix~~ quinze jours » and not a list of words.
    public static func words(from old: String, to new: String) -> [WordDiff] {
        let a = old.split(whereSeparator: \.isWhitespace).map(String.init)
        let b = new.split(whereSeparator: \.isWhitespace).map(String.init)
        // lengths[i][j]: the longest common subsequence of a[i...] and b[j...].
        var lengths = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var out: [WordDiff] = []
        func push(_ kind: WordDiff.Kind, _ word: String) {
            if let last = out.last, last.kind == kind {
                out[out.count - 1] = WordDiff(kind: kind, text: last.text + " " + word)
            } else {
                out.append(WordDiff(kind: kind, text: word))
            }
        }
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                push(.same, a[i])
                i += 1
                j += 1
            } else if i < a.count, j == b.count || lengths[i + 1][j] >= lengths[i][j + 1] {
                // What goes comes before what replaces it, as a reader compares them.
                push(.removed, a[i])
                i += 1
            } else {
                push(.added, b[j])
                j += 1
            }
        }
        return out
    }
}
