import Foundation

/// An election of the local social council's citizen experts: candidates identified and trained by
/// the CCAS, one vote per registered inhabitant, the results published when it closes.
public struct CouncilElection: Sendable, Equatable {
    public let id: UUID
    public let title: String
    public let seats: Int
    public let open: Bool
    public let closedAt: Date?
    public init(id: UUID, title: String, seats: Int, open: Bool, closedAt: Date?) {
        self.id = id
        self.title = title
        self.seats = seats
        self.open = open
        self.closedAt = closedAt
    }
}

public struct CouncilCandidate: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let trainedOn: String
    public let presentation: String
    /// Counted as votes arrive, read only once the election is closed.
    public let votes: Int
    public init(id: UUID, name: String, trainedOn: String, presentation: String, votes: Int) {
        self.id = id
        self.name = name
        self.trainedOn = trainedOn
        self.presentation = presentation
        self.votes = votes
    }
}

/// A decision referred to the council, then its reasoned opinion once published.
public struct CouncilOpinion: Sendable, Equatable {
    public let id: UUID
    public let number: Int
    public let title: String
    public let referredBy: String
    public let question: String
    public let opinion: String
    public let reasons: String
    public let receivedAt: Date
    public let publishedAt: Date?
    /// The numbers of the earlier opinions it relies on.
    public let cites: [Int]

    public init(
        id: UUID, number: Int, title: String, referredBy: String, question: String, opinion: String, reasons: String, receivedAt: Date,
        publishedAt: Date?, cites: [Int]
    ) {
        self.id = id
        self.number = number
        self.title = title
        self.referredBy = referredBy
        self.question = question
        self.opinion = opinion
        self.reasons = reasons
        self.receivedAt = receivedAt
        self.publishedAt = publishedAt
        self.cites = cites
    }

    public var isPublished: Bool { publishedAt != nil }
}

public enum CouncilRules {
    /// The elected candidates: the most votes win the seats. A tie for the last seat goes to the
    /// candidate trained first (the longer preparation), then by name, so that the result never
    /// depends on the order rows come back in.
    public static func elected(_ candidates: [CouncilCandidate], seats: Int) -> [CouncilCandidate] {
        Array(
            candidates.filter { $0.votes > 0 }.sorted {
                ($0.votes, $1.trainedOn, $1.name) > ($1.votes, $0.trainedOn, $0.name)
            }.prefix(max(0, seats)))
    }

    public static func validateCandidate(name: String, trainedOn: String, presentation: String) throws(AutourError) -> (String, String, String) {
        var errors = FieldErrors()
        let name = errors.text(name, 2...120, field: "name", label: "Le nom")
        let trained = trainedOn.trimmingCharacters(in: .whitespaces)
        if PersonRules.parseDay(trained) == nil { errors.add("trainedOn", "Les candidat·es sont formé·es par le CCAS : date de la formation, AAAA-MM-JJ.") }
        let presentation = errors.text(presentation, 0...1000, field: "presentation", label: "La présentation")
        try errors.throwIfAny("La candidature est à compléter.")
        return (name, trained, presentation)
    }

    public static func validateReferral(title: String, referredBy: String, question: String) throws(AutourError) -> (String, String, String) {
        var errors = FieldErrors()
        let title = errors.text(title, 3...160, field: "title", label: "L'objet")
        let by = errors.text(referredBy, 2...160, field: "referredBy", label: "Qui saisit le conseil")
        let question = errors.text(question, 10...4000, field: "question", label: "La décision soumise")
        try errors.throwIfAny("La saisine est à compléter.")
        return (title, by, question)
    }

    /// An opinion to publish: its text, its reasons, and earlier published opinions only.
    public static func validateOpinion(opinion: String, reasons: String, cites: [Int], number: Int, published: Set<Int>) throws(AutourError)
        -> (String, String, [Int])
    {
        var errors = FieldErrors()
        let text = errors.text(opinion, 10...4000, field: "opinion", label: "L'avis")
        let reasons = errors.text(reasons, 10...8000, field: "reasons", label: "Les motifs")
        let cited = Array(Set(cites)).sorted()
        if cited.contains(where: { $0 >= number || !published.contains($0) }) {
            errors.add("cites", "Un avis cite des avis publiés avant lui.")
        }
        try errors.throwIfAny("L'avis est à compléter.")
        return (text, reasons, cited)
    }

    /// A search hit: the opinion and the sentence that best shows why it came up.
    public struct Hit: Sendable, Equatable {
        public let opinion: CouncilOpinion
        public let score: Int
        public let excerpt: String
    }

    /// Published opinions matching `query`, best first. Accents and case do not matter and French
    /// words meet on their stem (« logement », « logements », « loger »); a word in the title
    /// counts three times. Without a query, every published opinion, the latest first.
    public static func search(_ opinions: [CouncilOpinion], query: String) -> [Hit] {
        let published = opinions.filter(\.isPublished)
        var cache: [String: String] = [:]
        func stems(_ text: String) -> [String] { FrenchWords.tokens(fold(text), stems: &cache).map(\.stem) }
        let wanted = Set(stems(query))
        guard !wanted.isEmpty else {
            return published.sorted { $0.number > $1.number }.map { Hit(opinion: $0, score: 0, excerpt: $0.opinion) }
        }
        return published.compactMap { opinion -> Hit? in
            let body = [opinion.question, opinion.opinion, opinion.reasons, opinion.referredBy].joined(separator: "\n")
            let score = 3 * stems(opinion.title).filter(wanted.contains).count + stems(body).filter(wanted.contains).count
            guard score > 0 else { return nil }
            let sentences = FrenchWords.sentences(body)
            let excerpt = sentences.max { a, b in stems(a).filter(wanted.contains).count < stems(b).filter(wanted.contains).count } ?? opinion.opinion
            return Hit(opinion: opinion, score: score, excerpt: excerpt)
        }.sorted { ($0.score, $0.opinion.number) > ($1.score, $1.opinion.number) }
    }

    static func fold(_ text: String) -> String { text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "fr_FR")) }
}
