import Foundation

/// The skills-and-needs interview: five open questions in plain French, about fifteen minutes, typed
/// by the person or by an agent beside them. Nothing is recorded but the typed answers; nothing
/// about health is asked or inferred (the suggestions are only skills, subjects and roles).
public enum InterviewStep: String, CaseIterable, Codable, Sendable {
    case daily, likes, knows, needs, free

    public var number: Int { (Self.allCases.firstIndex(of: self) ?? 0) + 1 }

    public var question: String {
        switch self {
        case .daily: "Racontez-nous une journée ordinaire : ce que vous faites le matin, l'après-midi, le soir."
        case .likes: "Qu'est-ce que vous aimez faire, chez vous ou dehors, seul·e ou avec d'autres ?"
        case .knows: "Qu'avez-vous appris à faire au fil de la vie, au travail, en famille ou ailleurs ?"
        case .needs: "De quoi auriez-vous besoin en ce moment ? Qu'aimeriez-vous apprendre ?"
        case .free: "Quand êtes-vous libre dans la semaine, et à quel rythme aimeriez-vous participer ?"
        }
    }

    public var help: String {
        switch self {
        case .daily: "Quelques phrases suffisent. Il n'y a pas de bonne ou de mauvaise réponse."
        case .likes: "Loisirs, petites choses du quotidien, ce qui vous fait plaisir."
        case .knows: "Un métier, un savoir-faire, une langue, une recette : tout compte."
        case .needs: "Un coup de main, un savoir, une rencontre. Vous pouvez ne rien écrire."
        case .free: "Par exemple : le mardi après-midi, une fois par mois."
        }
    }

    /// How much a word in this answer counts: the day told in passing counts half of what the
    /// person says they like or know. The needs feed what to learn; the free time is read by the agent.
    var weight: Double {
        switch self {
        case .likes, .knows, .needs: 1
        case .daily: 0.5
        case .free: 0
        }
    }

    public static func at(_ number: Int) -> InterviewStep? {
        allCases.indices.contains(number - 1) ? allCases[number - 1] : nil
    }

    /// An answer is a few paragraphs at most.
    public static let maxAnswerLength = 4000
}

/// What a lexicon entry points at: a skill of the Energies taxonomy, a subject of peer trainings
/// (to offer or to follow), a role the person could take, or an inhabitants' project open to
/// members (those entries are built from the projects each time, never stored or edited).
public enum LexiconKind: String, CaseIterable, Codable, Sendable {
    case skill, subject, role, project

    public var label: String {
        switch self {
        case .skill: "Compétence"
        case .subject: "Sujet de formation"
        case .role: "Rôle"
        case .project: "Projet d'habitants"
        }
    }

    /// The kinds the coordinator edits in the lexicon.
    public static let edited: [LexiconKind] = [.skill, .subject, .role]
}

/// A suggestion made to the person, who accepts or discards it.
public enum SuggestionKind: String, CaseIterable, Codable, Sendable {
    case skill, teach, learn, role, project

    public var label: String {
        switch self {
        case .skill: "Compétence pour le profil"
        case .teach: "Sujet à transmettre"
        case .learn: "Sujet à apprendre"
        case .role: "Rôle possible"
        case .project: "Projet à rejoindre"
        }
    }
}

/// One line of the territory's lexicon: the words that point at a target. The coordinator edits
/// the words; their stems are what the analysis compares.
public struct LexiconEntry: Sendable, Equatable, Codable {
    public let kind: LexiconKind
    public let target: String
    public let cues: [String]

    public init(kind: LexiconKind, target: String, cues: [String]) {
        self.kind = kind
        self.target = target
        self.cues = cues
    }

    /// The cues' stems (cues are stored normalised: `parseCues` did it).
    public var stems: [String] { Array(Set(cues.map { FrenchStemmer.stem($0.lowercased()) })).sorted() }

    /// At most this many words per target.
    public static let maxCues = 60

    /// « jardin, potager ; plantes » → the words, one word each, refused with the reason otherwise.
    public static func parseCues(_ text: String, field: String, errors: inout FieldErrors) -> [String] {
        var cues: [String] = []
        for piece in text.split(whereSeparator: { ",;\n".contains($0) }) {
            let cue = FrenchWords.normalise(piece.trimmingCharacters(in: .whitespacesAndNewlines))
            if cue.isEmpty { continue }
            guard cue.count <= 40, cue.allSatisfy({ $0.isLetter || $0 == "-" }) else {
                errors.add(field, "« \(cue.prefix(40)) » : un seul mot par virgule, en lettres.")
                continue
            }
            if !cues.contains(cue) { cues.append(cue) }
        }
        if cues.count > maxCues { errors.add(field, "\(maxCues) mots au plus.") }
        return cues
    }
}

/// Why a suggestion was made: the words of one answer, as typed, and the sentence they are in.
public struct Evidence: Sendable, Equatable, Codable {
    public let step: InterviewStep
    public let words: [String]
    public let excerpt: String
}

public struct Suggestion: Sendable, Equatable {
    public let kind: SuggestionKind
    public let target: String
    public let score: Double
    public let evidence: [Evidence]

    /// The key a form sends back to accept it.
    public var key: String { "\(kind.rawValue):\(target)" }

    /// « jardin », « potager » (ce que vous aimez faire) — what the page shows.
    public var explanation: String {
        evidence.map { "« " + $0.words.joined(separator: " », « ") + " »" }.joined(separator: " ; ")
    }
}

/// The explained suggestion, step by step:
/// 1. each answer goes through `FrenchWords.tokens` (normalised, cut, function words out, stemmed,
///    negations marked);
/// 2. a word counts for a lexicon entry when its stem is one of the entry's stems and it is not
///    negated; it weighs its answer's `weight` (1 for what the person likes, knows or needs, ½ for
///    the day told in passing), and one stem counts at most twice (saying « jardin » ten times is
///    one interest, not ten);
/// 3. skills and roles read the day, the likes and the know-how; subjects read them as something to
///    teach, and the needs as something to learn; an open project reads every answer but the free
///    time (someone who needs company may well want to join a project);
/// 4. a target whose score reaches `threshold` is suggested, with each answer's matching words and
///    the first sentence they appear in. Highest scores first, then alphabetical.
public enum InterviewAnalysis {
    public static let threshold = 1.0
    static let maxCountPerStem = 2

    /// The analysis with the lexicon's stems computed once (a territory's lexicon is reused).
    public struct Index: Sendable {
        let entries: [LexiconEntry]
        let byStem: [String: [Int]]

        public init(_ lexicon: [LexiconEntry]) {
            entries = lexicon
            var byStem: [String: [Int]] = [:]
            for (index, entry) in lexicon.enumerated() {
                for stem in entry.stems { byStem[stem, default: []].append(index) }
            }
            self.byStem = byStem
        }
    }

    public static func suggest(_ answers: [InterviewStep: String], lexicon: [LexiconEntry]) -> [Suggestion] {
        suggest(answers, index: Index(lexicon))
    }

    public static func suggest(_ answers: [InterviewStep: String], index: Index) -> [Suggestion] {
        struct Found {
            let entry: Int
            let kind: SuggestionKind
            var score = 0.0
            var perStem: [String: Int] = [:]
            var evidence: [InterviewStep: (words: [String], sentence: Int)] = [:]
        }
        // One slot per (entry, kind) met, mutated in place.
        var slots: [Int: Int] = [:]
        var found: [Found] = []
        var stems: [String: String] = [:]
        for step in InterviewStep.allCases where step.weight > 0 {
            guard let answer = answers[step], !answer.isEmpty else { continue }
            for token in FrenchWords.tokens(answer, stems: &stems) where !token.negated {
                for entryIndex in index.byStem[token.stem] ?? [] {
                    guard let kind = kind(of: index.entries[entryIndex].kind, in: step) else { continue }
                    let slotKey = entryIndex * 8 + (SuggestionKind.allCases.firstIndex(of: kind) ?? 0)
                    let slot: Int
                    if let existing = slots[slotKey] {
                        slot = existing
                    } else {
                        slot = found.count
                        slots[slotKey] = slot
                        found.append(Found(entry: entryIndex, kind: kind))
                    }
                    let seen = found[slot].perStem[token.stem, default: 0]
                    if seen < maxCountPerStem {
                        found[slot].perStem[token.stem] = seen + 1
                        found[slot].score += step.weight
                    }
                    if found[slot].evidence[step] == nil { found[slot].evidence[step] = (words: [], sentence: token.sentence) }
                    if !found[slot].evidence[step]!.words.contains(token.word) { found[slot].evidence[step]!.words.append(token.word) }
                }
            }
        }
        // The sentences quoted: each answer's sentences found once, each quoted one built once.
        var scalars: [InterviewStep: (text: [Unicode.Scalar], ranges: [Range<Int>])] = [:]
        var quoted: [Int: String] = [:]
        func excerpt(_ step: InterviewStep, _ sentence: Int) -> String {
            let key = step.number * 100_000 + sentence
            if let known = quoted[key] { return known }
            if scalars[step] == nil {
                let text = Array((answers[step] ?? "").unicodeScalars)
                scalars[step] = (text, FrenchWords.sentenceRanges(text))
            }
            guard let (text, ranges) = scalars[step], ranges.indices.contains(sentence) else { return "" }
            let quote = String(String.UnicodeScalarView(text[ranges[sentence]]))
            quoted[key] = quote
            return quote
        }
        var result: [Suggestion] = []
        for value in found where value.score >= threshold {
            let evidence = InterviewStep.allCases.compactMap { step -> Evidence? in
                guard let hit = value.evidence[step] else { return nil }
                return Evidence(step: step, words: hit.words, excerpt: excerpt(step, hit.sentence))
            }
            result.append(Suggestion(kind: value.kind, target: index.entries[value.entry].target, score: value.score, evidence: evidence))
        }
        return result.sorted { ($0.score, $1.kind.rawValue + $1.target) > ($1.score, $0.kind.rawValue + $0.target) }
    }

    /// Which suggestion a word of this answer makes for this kind of entry, if any.
    static func kind(of entry: LexiconKind, in step: InterviewStep) -> SuggestionKind? {
        switch (entry, step) {
        case (_, .free): nil
        case (.subject, .needs): .learn
        case (.subject, _): .teach
        case (.project, _): .project
        case (_, .needs): nil
        case (.skill, _): .skill
        case (.role, _): .role
        }
    }

    /// The lexicon a territory starts with: the default Energies skills, the subjects of the
    /// apartment university and the roles; the coordinator edits it.
    public static let defaultLexicon: [LexiconEntry] = [
        .init(kind: .skill, target: "Visite de convivialité", cues: words("visite visiter discuter bavarder compagnie conversation café thé")),
        .init(kind: .skill, target: "Accompagnement aux courses", cues: words("courses marché supermarché commissions porter")),
        .init(
            kind: .skill, target: "Aide administrative",
            cues: words("papiers dossier dossiers formulaire formulaires administratif administration démarches courrier secrétariat comptabilité")),
        .init(
            kind: .skill, target: "Aide au numérique",
            cues: words("ordinateur informatique internet smartphone tablette mail mails numérique logiciel logiciels")),
        .init(
            kind: .skill, target: "Petit bricolage",
            cues: words("bricolage bricoler réparer réparation outils meuble meubles peinture perceuse plomberie menuiserie")),
        .init(kind: .skill, target: "Jardinage", cues: words("jardin jardins jardiner jardinage potager plantes fleurs légumes planter semis arroser")),
        .init(kind: .skill, target: "Transport accompagné", cues: words("voiture conduire permis chauffeur conduite véhicule emmener")),
        .init(
            kind: .skill, target: "Cuisine et repas partagés",
            cues: words("cuisine cuisiner cuisinais recette recettes repas pâtisserie gâteau gâteaux plats")),
        .init(
            kind: .skill, target: "Traduction et interprétariat",
            cues: words("traduire traduction langue langues arabe anglais espagnol portugais turc russe bilingue interprète")),
        .init(
            kind: .skill, target: "Soutien scolaire", cues: words("devoirs école scolaire élèves mathématiques maths leçons enseigner instituteur")),
        .init(kind: .skill, target: "Animation d'atelier", cues: words("animer animation atelier ateliers jeux organiser activités")),
        .init(kind: .skill, target: "Écoute et soutien", cues: words("écoute écouter soutenir réconforter confiance solitude")),
        .init(kind: .subject, target: "Cuisine du quotidien", cues: words("cuisine cuisiner recette recettes repas pâtisserie gâteau gâteaux plats")),
        .init(kind: .subject, target: "Couture et tricot", cues: words("couture coudre tricot tricoter crochet ourlet ourlets vêtements")),
        .init(
            kind: .subject, target: "Smartphone et ordinateur",
            cues: words("ordinateur informatique internet smartphone téléphone tablette mail mails numérique")),
        .init(kind: .subject, target: "Conversation en français", cues: words("français lire écrire lecture écriture alphabétisation")),
        .init(kind: .subject, target: "Jardinage au naturel", cues: words("jardin jardinage potager plantes fleurs légumes semis compost")),
        .init(kind: .subject, target: "Réparer soi-même", cues: words("réparer réparation bricolage bricoler vélo vélos outils meuble meubles")),
        .init(kind: .subject, target: "Langues du monde", cues: words("anglais espagnol arabe portugais italien allemand turc russe langues")),
        .init(kind: .subject, target: "Musique et chant", cues: words("musique chanter chant guitare piano instrument chorale")),
        .init(kind: .subject, target: "Budget du foyer", cues: words("budget factures dettes économies argent")),
        .init(kind: .subject, target: "Droits et allocations", cues: words("droits allocations allocation caf aides logement retraite")),
        .init(kind: .role, target: "Veilleur·se de voisinage", cues: words("voisins voisin voisine voisines immeuble quartier nouvelles isolées isolés")),
        .init(kind: .role, target: "Bénévole de missions", cues: words("aider rendre service utile bénévole bénévolat donner")),
        .init(kind: .role, target: "Formateur·rice pair", cues: words("transmettre montrer expliquer enseigner partager apprendre")),
        .init(kind: .role, target: "Membre d'un projet d'habitants", cues: words("projet projets collectif association ensemble créer monter idée")),
    ]

    private static func words(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }
}

/// An interview as stored: the answers while it is a draft; once completed, only what the person
/// accepted, with the words that led to it.
public struct Interview: Sendable, Equatable {
    public struct Accepted: Sendable, Equatable {
        public let kind: SuggestionKind
        public let target: String
        public let evidence: String
        public init(kind: SuggestionKind, target: String, evidence: String) {
            self.kind = kind
            self.target = target
            self.evidence = evidence
        }
    }

    public let id: UUID
    public let territoryId: UUID
    public let resourceId: UUID
    public let answers: [InterviewStep: String]
    /// The last step saved (0 before the first).
    public let lastStep: Int
    public let createdAt: Date
    public let completedAt: Date?
    public let accepted: [Accepted]

    public init(
        id: UUID, territoryId: UUID, resourceId: UUID, answers: [InterviewStep: String], lastStep: Int, createdAt: Date, completedAt: Date?,
        accepted: [Accepted]
    ) {
        self.id = id
        self.territoryId = territoryId
        self.resourceId = resourceId
        self.answers = answers
        self.lastStep = lastStep
        self.createdAt = createdAt
        self.completedAt = completedAt
        self.accepted = accepted
    }

    public var isDraft: Bool { completedAt == nil }
    public var scope: RecordScope { RecordScope(territoryId: territoryId) }
    /// The step to go on with: the one after the last saved.
    public var nextStep: InterviewStep { InterviewStep.at(min(lastStep + 1, InterviewStep.allCases.count)) ?? .daily }
}

/// A wish to teach or to learn a subject, kept on the person's learning page and matched with
/// the others' by subject.
public enum WishKind: String, CaseIterable, Codable, Sendable {
    case offer, request

    public var label: String {
        switch self {
        case .offer: "Je peux transmettre"
        case .request: "J'aimerais apprendre"
        }
    }
}
