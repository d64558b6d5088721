import Foundation

/// A peer training session of the apartment university: an inhabitant teaches what they know, in
/// a shared place of the territory or at home, to a few neighbours who enrolled.
public struct TrainingSession: Sendable, Equatable {
    public let id: UUID
    public let territoryId: UUID
    public let subject: String
    public let title: String
    public let description: String
    public let hostId: UUID
    /// The professional who co-hosts a social topic (rights, budget, debts).
    public let cohostId: UUID?
    public let socialTopic: Bool
    public let placeId: UUID?
    /// The venue as shown to everyone: the shared place's name, or « chez un habitant (quartier) ».
    public let venue: String
    /// An inhabitant's address: shown only to the people enrolled and on the day's list.
    public let homeAddress: String?
    public let startsAt: Date
    public let endsAt: Date
    public let capacity: Int
    /// What a learner gives the host in the time bank when they attended; 0 is free.
    public let timeMinutes: Int
    public let confirmed: Int
    public let waiting: Int
    public let cancelledAt: Date?

    public init(
        id: UUID, territoryId: UUID, subject: String, title: String, description: String, hostId: UUID, cohostId: UUID?, socialTopic: Bool,
        placeId: UUID?, venue: String, homeAddress: String?, startsAt: Date, endsAt: Date, capacity: Int, timeMinutes: Int, confirmed: Int,
        waiting: Int, cancelledAt: Date?
    ) {
        self.id = id
        self.territoryId = territoryId
        self.subject = subject
        self.title = title
        self.description = description
        self.hostId = hostId
        self.cohostId = cohostId
        self.socialTopic = socialTopic
        self.placeId = placeId
        self.venue = venue
        self.homeAddress = homeAddress
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.capacity = capacity
        self.timeMinutes = timeMinutes
        self.confirmed = confirmed
        self.waiting = waiting
        self.cancelledAt = cancelledAt
    }

    public var scope: RecordScope { RecordScope(territoryId: territoryId) }
    public var placesLeft: Int { max(0, capacity - confirmed) }

    /// « Gratuit » or « 1 h 30 de temps », never money.
    public var participation: String { timeMinutes == 0 ? "Gratuit" : "\(LedgerRules.hours(timeMinutes)) de temps (banque de temps)" }
}

/// What the form or the API sends for a session.
public struct TrainingSessionInput: Sendable, Equatable {
    public var subject: String
    public var title: String
    public var description: String
    public var hostId: UUID?
    public var cohostId: UUID?
    public var socialTopic: Bool
    public var placeId: UUID?
    public var homeAddress: String
    public var neighbourhood: String
    public var startsAt: Date?
    public var endsAt: Date?
    public var capacity: Int
    public var timeMinutes: Int

    public init(
        subject: String, title: String, description: String = "", hostId: UUID?, cohostId: UUID? = nil, socialTopic: Bool = false,
        placeId: UUID? = nil, homeAddress: String = "", neighbourhood: String = "", startsAt: Date?, endsAt: Date?, capacity: Int,
        timeMinutes: Int = 0
    ) {
        self.subject = subject
        self.title = title
        self.description = description
        self.hostId = hostId
        self.cohostId = cohostId
        self.socialTopic = socialTopic
        self.placeId = placeId
        self.homeAddress = homeAddress
        self.neighbourhood = neighbourhood
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.capacity = capacity
        self.timeMinutes = timeMinutes
    }
}

/// The apartment university's rules.
public enum TrainingRules {
    public static let capacityRange = 1...30
    /// A session paid in time costs at most three hours.
    public static let timeMinutesRange = 0...180
    public static let maxHours = 8

    /// Words of a social topic (housing rights, benefits, debts…): such a session needs a
    /// professional beside the inhabitant who hosts it — no « cut-price social worker ».
    static let socialStems: Set<String> = Set(
        "droits allocations caf rsa apl logement expulsion dettes surendettement budget impôts retraite prestations huissier"
            .split(separator: " ").map { FrenchStemmer.stem(String($0)) })

    public static func looksSocial(_ text: String) -> Bool {
        var stems: [String: String] = [:]
        return FrenchWords.tokens(text, stems: &stems).contains { socialStems.contains($0.stem) }
    }

    /// Money between inhabitants is refused wherever it is written: a session is free or paid in time.
    static func mentionsMoney(_ text: String) -> Bool {
        let normalised = FrenchWords.normalise(text)
        if normalised.contains("€") { return true }
        let words = Set(normalised.split(whereSeparator: { !$0.isLetter }).map(String.init))
        return !words.isDisjoint(with: ["euro", "euros", "payant", "payante", "tarif", "tarifs", "prix"])
    }

    public struct Valid: Sendable, Equatable {
        public let subject: String, title: String, description: String, hostId: UUID, cohostId: UUID?, socialTopic: Bool
        public let placeId: UUID?, homeAddress: String?, neighbourhood: String, startsAt: Date, endsAt: Date, capacity: Int, timeMinutes: Int
    }

    /// Checks a session; `host` and `cohost` are the resource persons the ids name (nil when unknown).
    public static func validate(_ input: TrainingSessionInput, host: ResourcePerson?, cohost: ResourcePerson?, now: Date) throws(AutourError)
        -> Valid
    {
        var errors = FieldErrors()
        let subject = input.subject.trimmingCharacters(in: .whitespacesAndNewlines)
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        let description = input.description.trimmingCharacters(in: .whitespacesAndNewlines)
        if !(2...80).contains(subject.count) { errors.add("subject", "Le sujet fait de 2 à 80 caractères.") }
        if !(2...120).contains(title.count) { errors.add("title", "Le titre fait de 2 à 120 caractères.") }
        if description.count > 2000 { errors.add("description", "2 000 caractères au plus.") }
        for (field, text) in [("title", title), ("description", description)] where mentionsMoney(text) {
            errors.add(field, "Entre habitants, une formation est gratuite ou se paie en temps, jamais en argent.")
        }
        if host == nil { errors.add("host", "Choisissez la personne qui transmet.") }
        let address = input.homeAddress.trimmingCharacters(in: .whitespacesAndNewlines)
        switch (input.placeId, address.isEmpty) {
        case (nil, true): errors.add("venue", "Choisissez un lieu partagé ou indiquez l'adresse chez l'habitant.")
        case (.some, false): errors.add("venue", "Un lieu partagé ou une adresse chez l'habitant, pas les deux.")
        default: if address.count > 200 { errors.add("venue", "L'adresse fait 200 caractères au plus.") }
        }
        if let start = input.startsAt, let end = input.endsAt {
            if end <= start {
                errors.add("endsAt", "La fin vient après le début.")
            } else if end.timeIntervalSince(start) > Double(maxHours * 3600) {
                errors.add("endsAt", "Une séance dure \(maxHours) heures au plus.")
            }
            if start <= now { errors.add("startsAt", "La séance commence plus tard qu'aujourd'hui à cette heure.") }
        } else {
            errors.add("startsAt", "Indiquez le jour, le début et la fin.")
        }
        if !capacityRange.contains(input.capacity) { errors.add("capacity", "De \(capacityRange.lowerBound) à \(capacityRange.upperBound) personnes.") }
        if !timeMinutesRange.contains(input.timeMinutes) { errors.add("timeMinutes", "De 0 à \(timeMinutesRange.upperBound) minutes.") }
        let social = input.socialTopic || looksSocial(subject + ". " + title)
        if social {
            if let cohost, cohost.kind.isProfessional, cohost.id != host?.id {
                // A professional co-hosts: the rule holds.
            } else {
                errors.add("cohost", "Sujet social (droits, budget, dettes…) : un·e professionnel·le co-anime la séance.")
            }
        }
        try errors.throwIfAny()
        guard let host, let start = input.startsAt, let end = input.endsAt else { throw AutourError.invalid("Certains champs sont à corriger.") }
        return Valid(
            subject: subject, title: title, description: description, hostId: host.id, cohostId: social ? cohost?.id : input.cohostId,
            socialTopic: social, placeId: input.placeId, homeAddress: address.isEmpty ? nil : address,
            neighbourhood: input.neighbourhood.trimmingCharacters(in: .whitespacesAndNewlines), startsAt: start, endsAt: end,
            capacity: input.capacity, timeMinutes: input.timeMinutes)
    }

    /// The reciprocity of the exchange networks: among the people who learned (attended a session
    /// as a learner), the share who also taught (hosted a session someone attended).
    public struct Reciprocity: Sendable, Equatable {
        public let learners: Int
        public let alsoTeach: Int
        public var share: Double? { learners == 0 ? nil : Double(alsoTeach) / Double(learners) }
    }

    public static func reciprocity(learners: Set<UUID>, teachers: Set<UUID>) -> Reciprocity {
        Reciprocity(learners: learners.count, alsoTeach: learners.intersection(teachers).count)
    }
}
