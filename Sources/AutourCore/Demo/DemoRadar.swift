import Foundation

/// The Radar's demo content: a charter in the CCAS's own words, three months of signals in every
/// state, a register of 40 fictional people and the calls of a past heatwave campaign.
public struct DemoRadar: Sendable {
    /// What happens to a demo signal after it is sent.
    public enum Fate: Sendable, Equatable {
        case stayNew
        case assigned
        /// Linked to an inhabitant, with a visit planned.
        case qualified
        case closed(SignalOutcome)
    }

    public struct Script: Sendable, Equatable {
        public let input: SignalInput
        /// Hours before now when the signal arrived.
        public let hoursAgo: Int
        /// Hours after arrival of the first contact, for the ones that got one.
        public let contactAfterHours: Int
        public let sender: Role
        public let fate: Fate
    }

    public struct Registered: Sendable, Equatable {
        public let input: PersonInput
        public let reasons: [RegisterReason]
        public let requestedBy: RegisterRequester
        public let emergencyName: String
        public let emergencyPhone: String
        /// Days before now when the consent was given (over 335: renewal is due).
        public let consentDaysAgo: Int
        /// How the past campaign's calls went for this person.
        public let campaignOutcomes: [CallOutcome]
    }

    public static let charter = """
        Je veille sur mes voisins avec bienveillance, sans les surveiller.
        Je signale au CCAS une situation qui m'inquiète : je dis ce que j'ai vu ou entendu, jamais un diagnostic ni une information de santé.
        Quand c'est possible, je demande à la personne si elle accepte que le CCAS la contacte.
        Je garde pour moi ce que j'apprends : je ne le raconte à personne d'autre.
        Je ne remplace ni les secours ni les professionnels : en cas de danger, j'appelle le 15, le 17 ou le 18.
        Je peux arrêter à tout moment ; le CCAS peut suspendre ma participation si cette charte n'est pas respectée.
        """

    public let signals: [Script]
    public let register: [Registered]
    /// The past campaign started this many days ago.
    public static let campaignDaysAgo = 130

    public init(seed: UInt64, neighbourhoods: [String], now: Date = Date()) {
        var rng = SeededGenerator(seed: seed &+ 5)
        let names = [
            "Mme Blanc", "M. Roche", "Mme Aubert", "M. Khelifi", "Mme Renard", "M. Petit", "Mme Caron", "M. Barbier",
            "Mme Lemaire", "M. Hamidi", "Mme Colin", "M. Vidal", "Mme Marchand", "M. Dumas", "Mme Giraud",
        ]
        let descriptions = [
            "Dame âgée du 2e étage, volets fermés depuis plusieurs jours", "Monsieur seul qui promène son chien le matin",
            "Couple âgé au rez-de-chaussée, courrier qui déborde", "Jeune mère avec deux enfants, semble épuisée",
        ]
        let streets = [
            "rue Émile Zola", "avenue Gabriel Péri", "rue de la République", "allée des Cerisiers", "rue du Lycée",
            "chemin de la Ferme", "rue Hô Chi Minh",
        ]
        let noticed: [SignalKind: [String]] = [
            .isolation: ["Ne sort plus de chez elle, personne ne passe la voir.", "Ne répond plus quand on frappe, semble très seul."],
            .housing: ["Logement très froid, chauffage en panne depuis des semaines.", "Fuite d'eau importante, le propriétaire ne répond pas."],
            .food: ["Le frigo est vide, demande souvent du pain à la boulangerie.", "Ne fait plus de courses, maigrit."],
            .healthWorry: ["Semble confus, s'est perdu deux fois dans le quartier.", "Chute dans l'escalier la semaine dernière."],
            .financial: ["Factures impayées, peur d'une coupure d'électricité.", "A perdu son travail, ne sait pas à qui s'adresser."],
            .hospitalDischarge: ["Sortie prévue, vit seul au 4e sans ascenseur.", "Retour à domicile sans aide organisée."],
            .other: ["Voisins inquiets, ne savent pas quoi faire.", "Demande de l'aide pour des papiers administratifs."],
        ]
        func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
        func input(_ kind: SignalKind, urgency: SignalUrgency, named: Bool, place: Int, dischargeInDays: Int? = nil) -> SignalInput {
            let discharge = dischargeInDays.map { days -> String in
                let date = now.addingTimeInterval(Double(days) * 86400)
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = TimeZone(identifier: "UTC")!
                let c = calendar.dateComponents([.year, .month, .day], from: date)
                return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
            }
            return SignalInput(
                kind: kind.rawValue, urgency: urgency.rawValue, personName: named ? pick(names) : nil,
                personDescription: named ? nil : pick(descriptions),
                address: "\(Int.random(in: 1...90, using: &rng)) \(pick(streets))",
                neighbourhood: neighbourhoods[place % neighbourhoods.count], details: pick(noticed[kind]!),
                consentToContact: pick(["yes", "yes", "unknown", "no"]), dischargeDate: discharge)
        }

        var scripts: [Script] = []
        // Three months of history, all closed: what the indicators count.
        let ordinary: [SignalKind] = [.isolation, .isolation, .isolation, .food, .housing, .healthWorry, .financial, .other]
        let outcomes: [SignalOutcome] = [.supported, .supported, .supported, .referred, .referred, .noNeed, .declined, .unreachable]
        for i in 0..<72 {
            let kind = pick(ordinary)
            let urgent = Int.random(in: 0..<5, using: &rng) == 0
            scripts.append(
                Script(
                    input: input(kind, urgency: urgent ? .urgent : .normal, named: true, place: i % 3 == 0 ? 1 : i),
                    hoursAgo: 24 * 7 + Int.random(in: 0...(24 * 75), using: &rng),
                    contactAfterHours: urgent ? Int.random(in: 2...20, using: &rng) : Int.random(in: 12...160, using: &rng),
                    sender: pick([.watcher, .watcher, .partner, .agent]), fate: .closed(pick(outcomes))))
        }
        // This week's queue: one of each state, an overdue urgent one, a hospital discharge and a likely duplicate.
        scripts += [
            Script(
                input: input(.isolation, urgency: .urgent, named: false, place: 1), hoursAgo: 30, contactAfterHours: 0,
                sender: .watcher, fate: .stayNew),
            Script(
                input: input(.hospitalDischarge, urgency: .normal, named: true, place: 2, dischargeInDays: 2), hoursAgo: 5,
                contactAfterHours: 0, sender: .partner, fate: .stayNew),
            Script(
                input: input(.food, urgency: .normal, named: true, place: 3), hoursAgo: 50, contactAfterHours: 0,
                sender: .watcher, fate: .assigned),
            Script(
                input: input(.housing, urgency: .normal, named: true, place: 4), hoursAgo: 70, contactAfterHours: 20,
                sender: .watcher, fate: .qualified),
            Script(
                input: input(.financial, urgency: .normal, named: true, place: 5), hoursAgo: 100, contactAfterHours: 30,
                sender: .watcher, fate: .closed(.supported)),
            Script(
                input: SignalInput(
                    kind: "isolation", urgency: "normal", personName: "Mme Lebrun", address: "14 rue Émile Zola",
                    neighbourhood: neighbourhoods[0], details: "Ne descend plus chercher son courrier.",
                    consentToContact: "unknown"), hoursAgo: 60, contactAfterHours: 0, sender: .watcher, fate: .stayNew),
            Script(
                input: SignalInput(
                    kind: "isolation", urgency: "normal", personName: "Mme Lebrun", address: "14 rue Émile Zola",
                    neighbourhood: neighbourhoods[0], details: "Volets fermés depuis trois jours.",
                    consentToContact: "yes"), hoursAgo: 20, contactAfterHours: 0, sender: .partner, fate: .stayNew),
        ]
        signals = scripts

        let first = [
            "Germaine", "Marcel", "Yvonne", "Ahmed", "Odette", "Lucien", "Fatima", "René", "Simone", "Raymond", "Zohra",
            "Gilbert", "Paulette", "Antonio", "Jeanne", "Hocine", "Denise", "Maurice", "Suzanne", "Salvatore",
        ]
        let last = [
            "Arnaud", "Bertin", "Chabane", "Delorme", "Esteves", "Faure", "Gautier", "Hamel", "Imbert", "Jacquet",
            "Klein", "Lacroix", "Mansouri", "Noël", "Olivier", "Pasquier", "Quintin", "Rey", "Sabatier", "Tessier",
        ]
        var people: [Registered] = []
        for i in 0..<40 {
            let year = 1928 + Int.random(in: 0...22, using: &rng)
            let person = PersonInput(
                firstName: first[i % first.count], lastName: last[(i * 7 + i / first.count) % last.count],
                birthDate: String(format: "%04d-%02d-%02d", year, Int.random(in: 1...12, using: &rng), Int.random(in: 1...28, using: &rng)),
                address: "\(Int.random(in: 1...120, using: &rng)) \(pick(streets))", neighbourhood: neighbourhoods[i % neighbourhoods.count],
                phone: String(
                    format: "04 72 %02d %02d %02d", Int.random(in: 10...99, using: &rng), Int.random(in: 10...99, using: &rng),
                    Int.random(in: 10...99, using: &rng)),
                flags: [VulnerabilityFlag.over75.rawValue] + (i % 2 == 0 ? [VulnerabilityFlag.livesAlone.rawValue] : []))
            var reasons: [RegisterReason] = [.age]
            if i % 5 == 0 { reasons.append(.disability) }
            if i % 2 == 0 { reasons.append(.isolation) }
            // Most were fine; some needed a visit; a few could not be reached twice and were visited.
            let calls: [CallOutcome] =
                switch Int.random(in: 0..<10, using: &rng) {
                case 0: [.unreachable, .unreachable, .visited]
                case 1, 2: [.visitNeeded, .visited]
                case 3: [.unreachable, .fine]
                default: [.fine]
                }
            people.append(
                Registered(
                    input: person, reasons: reasons, requestedBy: pick([.person, .person, .relative, .agent]),
                    emergencyName: i % 3 == 0 ? "" : "\(pick(["Sa fille", "Son fils", "Sa nièce", "Un voisin"])) \(last[(i * 3) % last.count])",
                    emergencyPhone: i % 3 == 0
                        ? ""
                        : String(
                            format: "06 %02d %02d %02d %02d", Int.random(in: 10...99, using: &rng),
                            Int.random(in: 10...99, using: &rng), Int.random(in: 10...99, using: &rng),
                            Int.random(in: 10...99, using: &rng)),
                    consentDaysAgo: i < 4 ? 340 + i * 3 : 150 + Int.random(in: 0...150, using: &rng), campaignOutcomes: calls))
        }
        register = people
    }
}
