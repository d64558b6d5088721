import Foundation

/// Opening a vacant place to co-occupants: a public call, applications, a selection with its
/// reasons, a four-week trial reviewed each week, then a convention or an exit with reasons.
public enum Occupancy {
    /// A call stays published at least this long: a place is never handed over quietly.
    public static let minimumCallDays = 14
    /// The trial lasts four weeks, no more: it cannot be stretched into an occupation without a decision.
    public static let trialDays = 28

    public enum ApplicationStatus: String, Sendable, Codable, CaseIterable {
        case submitted, selected, rejected

        public var label: String {
            switch self {
            case .submitted: "À examiner"
            case .selected: "Retenue"
            case .rejected: "Non retenue"
            }
        }
    }

    public enum TrialStatus: String, Sendable, Codable, CaseIterable {
        case running, convention, exited

        public var label: String {
            switch self {
            case .running: "Essai en cours"
            case .convention: "Convention signée"
            case .exited: "Sortie"
            }
        }
    }

    public struct CallInput: Sendable, Equatable {
        public var title: String
        public var description: String
        public var closesOn: Date?

        public init(title: String, description: String, closesOn: Date?) {
            self.title = title
            self.description = description
            self.closesOn = closesOn
        }
    }

    public static func validate(_ call: CallInput, now: Date) throws(AutourError) -> CallInput {
        var fields: [String: String] = [:]
        let title = call.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 120 { fields["title"] = "Donnez un titre de 1 à 120 caractères." }
        if call.description.count > 4_000 { fields["description"] = "4 000 caractères au plus." }
        guard let closes = call.closesOn, closes >= now.addingTimeInterval(Double(minimumCallDays) * 86_400) else {
            fields["closesOn"] = "L'appel reste ouvert au moins \(minimumCallDays) jours."
            throw .invalid("L'appel est à compléter.", fields: fields)
        }
        guard fields.isEmpty else { throw .invalid("L'appel est à compléter.", fields: fields) }
        return CallInput(title: title, description: call.description.trimmingCharacters(in: .whitespacesAndNewlines), closesOn: closes)
    }

    public struct ApplicationInput: Sendable, Equatable {
        public var group: String
        public var contact: String
        public var project: String
        public var people: Int
        public var needs: String
        public var hours: String

        public init(group: String, contact: String, project: String, people: Int, needs: String = "", hours: String = "") {
            self.group = group
            self.contact = contact
            self.project = project
            self.people = people
            self.needs = needs
            self.hours = hours
        }
    }

    public static func validate(_ application: ApplicationInput) throws(AutourError) -> ApplicationInput {
        var fields: [String: String] = [:]
        let group = application.group.trimmingCharacters(in: .whitespacesAndNewlines)
        if group.isEmpty || group.count > 120 { fields["group"] = "Indiquez le nom du groupe ou de l'association (120 caractères au plus)." }
        let contact = application.contact.trimmingCharacters(in: .whitespacesAndNewlines)
        if contact.isEmpty || contact.count > 120 || !Reachable.looksValid(contact) {
            fields["contact"] = "Indiquez un téléphone ou une adresse e-mail."
        }
        let project = application.project.trimmingCharacters(in: .whitespacesAndNewlines)
        if project.count < 10 || project.count > 4_000 { fields["project"] = "Décrivez le projet en quelques lignes (4 000 caractères au plus)." }
        if !(1...500).contains(application.people) { fields["people"] = "De 1 à 500 personnes." }
        if application.needs.count > 1_000 { fields["needs"] = "1 000 caractères au plus." }
        if application.hours.count > 300 { fields["hours"] = "300 caractères au plus." }
        guard fields.isEmpty else { throw .invalid("La candidature est à compléter.", fields: fields) }
        return ApplicationInput(
            group: group, contact: contact, project: project, people: application.people,
            needs: application.needs.trimmingCharacters(in: .whitespacesAndNewlines), hours: application.hours.trimmingCharacters(in: .whitespaces))
    }

    /// A selection or a refusal, a trial's end: always with its reasons, shown to the applicants.
    public static func reasons(_ text: String, field: String = "reasons") throws(AutourError) -> String {
        let reasons = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard reasons.count >= 5, reasons.count <= 2_000 else {
            throw .invalid("Donnez les raisons.", fields: [field: "Les raisons, en quelques mots (2 000 caractères au plus)."])
        }
        return reasons
    }

    /// The week of the trial (1 to 4) holding `date`, or nil outside the trial.
    public static func trialWeek(start: Date, at date: Date) -> Int? {
        let days = Int(floor(date.timeIntervalSince(start) / 86_400))
        return (0..<trialDays).contains(days) ? days / 7 + 1 : nil
    }

    public static func trialEnd(start: Date) -> Date { start.addingTimeInterval(Double(trialDays) * 86_400) }

    public struct ReviewInput: Sendable, Equatable {
        public var week: Int
        public var reviewer: String
        public var wentWell: String
        public var problems: String
        public var carryOn: Bool

        public init(week: Int, reviewer: String, wentWell: String, problems: String, carryOn: Bool) {
            self.week = week
            self.reviewer = reviewer
            self.wentWell = wentWell
            self.problems = problems
            self.carryOn = carryOn
        }
    }

    public static func validate(_ review: ReviewInput) throws(AutourError) -> ReviewInput {
        var fields: [String: String] = [:]
        if !(1...4).contains(review.week) { fields["week"] = "Une semaine de l'essai, de 1 à 4." }
        let reviewer = review.reviewer.trimmingCharacters(in: .whitespacesAndNewlines)
        if reviewer.isEmpty || reviewer.count > 120 { fields["reviewer"] = "Qui donne cet avis : le CCAS ou un co-occupant (120 caractères au plus)." }
        if review.wentWell.count > 2_000 || review.problems.count > 2_000 { fields["problems"] = "2 000 caractères au plus." }
        if review.wentWell.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && review.problems.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            fields["wentWell"] = "Dites au moins ce qui s'est bien passé ou ce qui a posé problème."
        }
        guard fields.isEmpty else { throw .invalid("L'avis est à compléter.", fields: fields) }
        return ReviewInput(
            week: review.week, reviewer: reviewer, wentWell: review.wentWell.trimmingCharacters(in: .whitespacesAndNewlines),
            problems: review.problems.trimmingCharacters(in: .whitespacesAndNewlines), carryOn: review.carryOn)
    }
}

/// Checklists that inhabitants run themselves in a shared place (through a link posted there).
public enum ActivationKit: String, CaseIterable, Sendable, Codable {
    case opening, closing, keys, safety, cleaning

    public var label: String {
        switch self {
        case .opening: "Ouverture"
        case .closing: "Fermeture"
        case .keys: "Clés"
        case .safety: "Sécurité"
        case .cleaning: "Ménage"
        }
    }

    public var items: [String] {
        switch self {
        case .opening: ["Désactiver l'alarme", "Allumer le chauffage ou aérer", "Déverrouiller l'issue de secours", "Noter son prénom au cahier"]
        case .closing: ["Éteindre les lumières et appareils", "Fermer les fenêtres", "Verrouiller toutes les portes", "Activer l'alarme"]
        case .keys: ["Récupérer les clés auprès du référent", "Vérifier le trousseau complet", "Rendre les clés dans la boîte prévue"]
        case .safety: ["Issues de secours dégagées", "Extincteur à sa place", "Trousse de secours complète", "Numéros d'urgence affichés"]
        case .cleaning: ["Tables et chaises rangées", "Sols balayés", "Poubelles sorties", "Cuisine nettoyée"]
        }
    }
}
