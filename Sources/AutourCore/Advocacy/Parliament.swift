import Foundation

/// Who sits in the advocates' parliament.
public enum MemberKind: String, CaseIterable, Sendable, Codable {
    case inhabitant, elected, partner

    public var label: String {
        switch self {
        case .inhabitant: "Habitant·e"
        case .elected: "Élu·e"
        case .partner: "Partenaire"
        }
    }
}

/// A member of the parliament. An inhabitant votes and audits once their training is recorded;
/// the age band, gender and neighbourhood they declared feed the representativeness check only.
public struct ParliamentMember: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let kind: MemberKind
    public let accountId: UUID?
    public let trainedOn: String?
    public let ageBand: String
    public let gender: String
    public let neighbourhood: String
    /// The labelled actor this member works for or runs, which they never audit.
    public let actorId: UUID?

    public init(
        id: UUID, name: String, kind: MemberKind, accountId: UUID?, trainedOn: String?, ageBand: String, gender: String, neighbourhood: String,
        actorId: UUID?
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.accountId = accountId
        self.trainedOn = trainedOn
        self.ageBand = ageBand
        self.gender = gender
        self.neighbourhood = neighbourhood
        self.actorId = actorId
    }

    /// Elected officials and partners sit by their mandate; inhabitants once trained.
    public var maySit: Bool { kind != .inhabitant || trainedOn != nil }
}

public struct MemberInput: Sendable {
    public var name, kind, accountId, trainedOn, ageBand, gender, neighbourhood, actorId: String
    public init(
        name: String, kind: String, accountId: String = "", trainedOn: String = "", ageBand: String = "", gender: String = "",
        neighbourhood: String = "", actorId: String = ""
    ) {
        self.name = name
        self.kind = kind
        self.accountId = accountId
        self.trainedOn = trainedOn
        self.ageBand = ageBand
        self.gender = gender
        self.neighbourhood = neighbourhood
        self.actorId = actorId
    }
}

public struct ParliamentSession: Sendable, Equatable {
    public let id: UUID
    public let title: String
    public let meetsOn: String
    public let agenda: String
    public init(id: UUID, title: String, meetsOn: String, agenda: String) {
        self.id = id
        self.title = title
        self.meetsOn = meetsOn
        self.agenda = agenda
    }
}

public enum AmendmentKind: String, CaseIterable, Sendable, Codable {
    case add, change, delete

    public var label: String {
        switch self {
        case .add: "Ajouter un article"
        case .change: "Modifier un article"
        case .delete: "Supprimer un article"
        }
    }
}

/// Tabled, then put to the vote by an officer, then closed: adopted (a new charter version),
/// rejected, without quorum (it may be put to the vote again), or lapsed (its article was deleted
/// in between).
public enum AmendmentState: String, CaseIterable, Sendable, Codable {
    case tabled, voting, adopted, rejected, noQuorum = "no_quorum", lapsed

    public var label: String {
        switch self {
        case .tabled: "Déposé"
        case .voting: "Vote ouvert"
        case .adopted: "Adopté"
        case .rejected: "Rejeté"
        case .noQuorum: "Quorum non atteint"
        case .lapsed: "Devenu sans objet"
        }
    }

    public var isClosed: Bool { self == .adopted || self == .rejected || self == .noQuorum || self == .lapsed }
}

public enum VoteChoice: String, CaseIterable, Sendable, Codable {
    case yes, no, abstain

    public var label: String {
        switch self {
        case .yes: "Pour"
        case .no: "Contre"
        case .abstain: "Abstention"
        }
    }
}

/// The count of a closed vote. Nobody reads it while the vote is open: the service returns it for
/// closed amendments only.
public struct VoteResult: Sendable, Equatable {
    public let yes: Int, no: Int, abstain: Int, quorum: Int
    public init(yes: Int, no: Int, abstain: Int, quorum: Int) {
        self.yes = yes
        self.no = no
        self.abstain = abstain
        self.quorum = quorum
    }
    public var ballots: Int { yes + no + abstain }
    public var quorumReached: Bool { ballots >= quorum }
    /// More votes for than against among the ballots cast, the quorum reached.
    public var adopted: Bool { quorumReached && yes > no }
}

public struct Amendment: Sendable, Equatable {
    public let id: UUID
    public let sessionId: UUID
    public let kind: AmendmentKind
    /// The article changed or deleted (nil when one is added).
    public let article: Int?
    public let title: String
    public let text: String
    public let reasons: String
    public let tabledBy: UUID
    public let state: AmendmentState
    /// Ballots cast so far (who voted is recorded, never how: that is only counted).
    public let ballots: Int
    /// Set when the vote is closed.
    public let result: VoteResult?
    public let version: Int?

    public init(
        id: UUID, sessionId: UUID, kind: AmendmentKind, article: Int?, title: String, text: String, reasons: String, tabledBy: UUID,
        state: AmendmentState, ballots: Int, result: VoteResult?, version: Int?
    ) {
        self.id = id
        self.sessionId = sessionId
        self.kind = kind
        self.article = article
        self.title = title
        self.text = text
        self.reasons = reasons
        self.tabledBy = tabledBy
        self.state = state
        self.ballots = ballots
        self.result = result
        self.version = version
    }
}

public struct AmendmentInput: Sendable {
    public var kind, article, title, text, reasons: String
    public var memberId: UUID?
    public init(kind: String, article: String, title: String, text: String, reasons: String, memberId: UUID? = nil) {
        self.kind = kind
        self.article = article
        self.title = title
        self.text = text
        self.reasons = reasons
        self.memberId = memberId
    }
}

/// A paper ballot box's count, entered by one officer and confirmed by a second one: it counts
/// only once confirmed.
public struct PaperTally: Sendable, Equatable {
    public let id: UUID
    public let yes: Int, no: Int, abstain: Int
    public let members: [UUID]
    public let enteredBy: UUID
    public let confirmed: Bool
    public init(id: UUID, yes: Int, no: Int, abstain: Int, members: [UUID], enteredBy: UUID, confirmed: Bool) {
        self.id = id
        self.yes = yes
        self.no = no
        self.abstain = abstain
        self.members = members
        self.enteredBy = enteredBy
        self.confirmed = confirmed
    }
}

public enum ParliamentRules {
    /// The share of sitting members whose ballots make a vote valid, unless the territory sets another.
    public static let defaultQuorumPercent = 50

    public static func validate(_ input: MemberInput, neighbourhoods: [String]) throws(AutourError) -> MemberInput {
        var errors = FieldErrors()
        var valid = input
        valid.name = errors.text(input.name, 2...120, field: "name", label: "Le nom")
        if MemberKind(rawValue: input.kind) == nil { errors.add("kind", "Choisissez habitant·e, élu·e ou partenaire.") }
        valid.trainedOn = input.trainedOn.trimmingCharacters(in: .whitespaces)
        if !valid.trainedOn.isEmpty, PersonRules.parseDay(valid.trainedOn) == nil { errors.add("trainedOn", "Date au format AAAA-MM-JJ.") }
        if !input.ageBand.isEmpty, !Mixity.Attribute.ageBand.fixedValues.contains(input.ageBand) { errors.add("ageBand", "Choisissez une tranche d'âge.") }
        if !input.gender.isEmpty, !Mixity.Attribute.gender.fixedValues.contains(input.gender) { errors.add("gender", "Choisissez une réponse de la liste.") }
        if !input.neighbourhood.isEmpty, !Mixity.categories(.place, places: neighbourhoods).contains(input.neighbourhood) {
            errors.add("neighbourhood", "Choisissez un quartier du territoire.")
        }
        try errors.throwIfAny("Le ou la membre est à compléter.")
        return valid
    }

    public struct Valid: Sendable, Equatable {
        public let kind: AmendmentKind, article: Int?, title: String, text: String, reasons: String
    }

    /// An amendment checked against the charter in force: a change or a deletion names one of its
    /// articles; a deletion carries no text.
    public static func validate(_ input: AmendmentInput, articles: [CharterArticle]) throws(AutourError) -> Valid {
        var errors = FieldErrors()
        let kind = AmendmentKind(rawValue: input.kind)
        if kind == nil { errors.add("kind", "Ajouter, modifier ou supprimer ?") }
        var article: Int?
        if kind == .change || kind == .delete {
            article = NumberInput.integer(input.article, in: 1...999)
            if article == nil || !articles.contains(where: { $0.number == article }) { errors.add("article", "Choisissez un article de la charte en vigueur.") }
        }
        let current = articles.first { $0.number == article }
        var title = "", text = ""
        if kind == .delete {
            title = current?.title ?? ""
        } else {
            title = errors.text(input.title, CharterRules.titleRange, field: "title", label: "Le titre de l'article")
            text = errors.text(input.text, CharterRules.textRange, field: "text", label: "Le texte proposé")
            if kind == .change, let current, current.title == title, current.text == text { errors.add("text", "Le texte proposé est celui en vigueur.") }
        }
        let reasons = errors.text(input.reasons, 10...2000, field: "reasons", label: "L'exposé des motifs")
        try errors.throwIfAny("L'amendement est à compléter.")
        return Valid(kind: kind!, article: article, title: title, text: text, reasons: reasons)
    }

    /// Ballots needed for a valid vote: `percent` of the members who may sit, rounded up, one at least.
    public static func quorum(sitting: Int, percent: Int) -> Int {
        max(1, (sitting * percent + 99) / 100)
    }

    /// Why `member` may not vote on an open amendment, or nil when they may.
    public static func whyNotVote(member: ParliamentMember, present: Bool, conflicted: Bool, voted: Bool, state: AmendmentState) -> String? {
        if state != .voting { return "Le vote n'est pas ouvert." }
        if !member.maySit { return "Votre formation n'est pas encore enregistrée : vous votez une fois formé·e." }
        if !present { return "Seuls les membres présents à la séance votent : demandez au bureau de noter votre présence." }
        if conflicted { return "Vous avez déclaré un conflit d'intérêts sur ce point : vous ne votez pas." }
        if voted { return "Vous avez déjà voté sur ce point." }
        return nil
    }

    /// A paper count checked: the numbers add up to the ballots of the members listed.
    public static func validateTally(yes: String, no: String, abstain: String, members: [UUID]) throws(AutourError) -> (Int, Int, Int) {
        let counts = (
            try NumberInput.integer(yes, field: "yes", in: 0...10_000), try NumberInput.integer(no, field: "no", in: 0...10_000),
            try NumberInput.integer(abstain, field: "abstain", in: 0...10_000)
        )
        if members.isEmpty { throw .invalid("Cochez les membres qui ont voté sur papier.", fields: ["members": "Au moins un·e membre."]) }
        if counts.0 + counts.1 + counts.2 != Set(members).count {
            throw .invalid(
                "Le décompte ne tombe pas juste : \(counts.0 + counts.1 + counts.2) bulletins pour \(Set(members).count) votant·es cochés.",
                fields: ["yes": "Pour, contre et abstentions font le nombre de votant·es."])
        }
        return counts
    }
}

/// The members present at a session against the territory's reference composition, the same one
/// Conviviality's mixity measure uses (entered by the coordinator from census figures).
///
/// The parliament seats adults: the « 0-17 » band is left out of the reference before the shares
/// are computed.
///
/// A group is **under-represented** when its share of the members present is less than half its
/// share of the territory, for groups that weigh at least 5 % of the territory: a parliament of
/// twenty cannot mirror every small group, but it must not leave out a large one.
public enum Representativeness {
    public static let attributes: [Mixity.Attribute] = [.ageBand, .gender, .place]
    public static let minimumShare = 0.05

    public struct Row: Sendable, Equatable {
        public let attribute: Mixity.Attribute
        public let category: String
        public let present: Int
        public let presentShare: Double
        public let referenceShare: Double
        public var underRepresented: Bool { referenceShare >= Representativeness.minimumShare && presentShare < referenceShare / 2 }
    }

    public static func check(present members: [ParliamentMember], reference: [Mixity.Attribute: [String: Double]]) -> [Row] {
        attributes.flatMap { attribute -> [Row] in
            guard var shares = reference[attribute] else { return [] }
            if attribute == .ageBand { shares["0-17"] = nil }
            let total = shares.values.reduce(0) { $0 + max(0, $1) }
            guard total > 0 else { return [] }
            let values = members.map { member in
                switch attribute {
                case .ageBand: member.ageBand
                case .gender: member.gender
                default: member.neighbourhood
                }
            }
            let answered = values.filter { !$0.isEmpty }.count
            // A category with no one in the territory and no one present says nothing.
            return shares.keys.sorted().compactMap { category in
                let count = values.filter { $0 == category }.count
                guard count > 0 || (shares[category] ?? 0) > 0 else { return nil }
                return Row(
                    attribute: attribute, category: category, present: count,
                    presentShare: answered == 0 ? 0 : Double(count) / Double(answered), referenceShare: max(0, shares[category] ?? 0) / total)
            }
        }
    }
}
