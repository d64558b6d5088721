import Foundation

/// The programme's demo: a season of 30 events in 8 venues, one a week from twelve weeks ago,
/// the past ones with their attendance, walk-ins and mixity answers, the coming ones with
/// registrations (one full with a waiting list); and reference figures for the territory.
public enum DemoConviviality {
    public struct Attendee: Sendable {
        public let firstName: String
        public let contact: String
        public let seats: Int
        public let comes: Bool
        public let mixity: [Mixity.Attribute: String]
    }

    public struct PlannedEvent: Sendable {
        public let input: EventInput
        /// Co-organised by the demo partner (who then sees its registrations).
        public let byPartner: Bool
        public let attendees: [Attendee]
        public let walkIns: [[Mixity.Attribute: String]]
        public var isPast: Bool
    }

    static let venues: [(name: String, address: String, accessibility: String)] = [
        ("Café associatif La Passerelle", "8 place de la Nation", "Plain-pied, toilettes accessibles"),
        ("Centre social de la Grande Île", "40 chemin de la Grande Île", "Plain-pied, boucle magnétique"),
        ("Médiathèque du Centre", "2 rue de la République", "Ascenseur, livres en gros caractères"),
        ("Résidence autonomie Les Tilleuls", "15 allée des Tilleuls", "Plain-pied, places assises"),
        ("Parc du Village", "Entrée rue du Village", "Allées stabilisées, bancs"),
        ("Maison de quartier de La Soie", "5 rue Jacquard", "Rampe d'accès"),
        ("Salle polyvalente de l'Écoin", "21 avenue de l'Écoin", "Plain-pied"),
        ("Gymnase du Mas du Taureau", "1 allée du Stade", "Plain-pied, vestiaires accessibles"),
    ]

    static let themes: [(EventKind, String, String)] = [
        (.cafe, "Café des voisins", "Un café, des biscuits, et le temps de faire connaissance."),
        (.meal, "Repas partagé", "Chacun apporte un plat de chez lui ; le CCAS offre les boissons."),
        (.show, "Cirque sous chapiteau", "Une compagnie itinérante installe son chapiteau pour l'après-midi."),
        (.outing, "Sortie au marché de producteurs", "Départ groupé en minibus, retour pour le déjeuner."),
        (.workshop, "Atelier réparation de vélos", "Apprendre à réparer son vélo avec des bénévoles."),
        (.festival, "Journée du bonheur", "Jeux, musique et goûter pour tous les âges, dans le parc."),
        (.workshop, "Atelier cuisine du monde", "Des habitantes transmettent une recette de leur pays."),
        (.cafe, "Café numérique", "Une question sur son téléphone ? On regarde ensemble, sans jugement."),
    ]

    /// Census-like shares (percent) of the demo commune, to compare attendance with.
    public static func reference(neighbourhoods: [String]) -> [Mixity.Attribute: [String: Double]] {
        var places: [String: Double] = [:]
        let weights = [18.0, 22, 16, 9, 14, 12, 9]
        for (index, name) in neighbourhoods.enumerated() { places[name] = weights[index % weights.count] }
        return [
            .ageBand: ["0-17": 28, "18-29": 17, "30-44": 20, "45-59": 17, "60-74": 12, "75+": 6],
            .gender: ["femme": 52, "homme": 48, "autre": 0],
            .place: places.merging([Mixity.elsewhere: 0]) { a, _ in a },
        ]
    }

    public static func plan(seed: UInt64, now: Date, neighbourhoods: [String]) -> [PlannedEvent] {
        var rng = SeededGenerator(seed: seed &+ 14)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = FrenchTime.zone
        let firstNames = ["Odette", "Rachid", "Maëlle", "Bernard", "Soraya", "Jules", "Awa", "Gérard", "Lina", "Paulette", "Moussa", "Élise"]
        let today = calendar.startOfDay(for: now)
        // Young people and men come less: the attendance the measure is meant to show.
        let ages = ["0-17", "18-29", "30-44", "45-59", "60-74", "60-74", "75+", "75+", "45-59", "30-44"]
        func answers() -> [Mixity.Attribute: String] {
            var answers: [Mixity.Attribute: String] = [:]
            if Int.random(in: 0..<10, using: &rng) < 8 { answers[.ageBand] = ages.randomElement(using: &rng)! }
            if Int.random(in: 0..<10, using: &rng) < 8 { answers[.gender] = Int.random(in: 0..<10, using: &rng) < 7 ? "femme" : "homme" }
            if Int.random(in: 0..<10, using: &rng) < 7 {
                answers[.place] = Int.random(in: 0..<10, using: &rng) < 8 ? neighbourhoods.randomElement(using: &rng)! : Mixity.elsewhere
            }
            if Int.random(in: 0..<10, using: &rng) < 6 { answers[.firstEvent] = Int.random(in: 0..<10, using: &rng) < 4 ? "oui" : "non" }
            if Int.random(in: 0..<10, using: &rng) < 6 { answers[.knownToCCAS] = Int.random(in: 0..<10, using: &rng) < 5 ? "oui" : "non" }
            if Int.random(in: 0..<20, using: &rng) == 0 { answers[.gender] = Mixity.preferNotToSay }
            return answers
        }
        return (0..<30).map { index in
            let week = index - 12
            let theme = themes[index % themes.count]
            let venue = venues[(index * 3) % venues.count]
            let day = calendar.date(byAdding: .day, value: week * 7 + 2 + index % 3, to: today)!
            let start = day.addingTimeInterval(TimeInterval((14 + index % 4) * 3600))
            let isPast = week < 0
            // The event in three weeks is full with a waiting list; the others fill partly.
            let capacity = week == 3 ? 12 : [20, 30, 40, 25][index % 4]
            let registered = week == 3 ? 15 : Int.random(in: (isPast ? capacity / 2 : 2)...(isPast ? capacity : capacity / 2), using: &rng)
            var attendees: [Attendee] = []
            for n in 0..<registered {
                let phone = String(format: "06 %02d %02d %02d %02d", index + 10, n + 10, (n * 7) % 90 + 10, (n * 13) % 90 + 10)
                let comes = Int.random(in: 0..<10, using: &rng) < 8
                attendees.append(
                    Attendee(firstName: firstNames[(n + index) % firstNames.count], contact: phone, seats: 1, comes: comes, mixity: answers()))
            }
            let walkIns = isPast ? (0..<Int.random(in: 2...8, using: &rng)).map { _ in answers() } : []
            return PlannedEvent(
                input: EventInput(
                    title: theme.1, description: theme.2, kind: theme.0.rawValue, venueName: venue.name, venueAddress: venue.address,
                    startsAt: start, endsAt: start.addingTimeInterval(theme.0 == .festival ? 6 * 3600 : 2 * 3600), capacity: capacity,
                    priceCents: theme.0 == .meal ? 300 : (theme.0 == .outing ? 200 : 0), accessibility: venue.accessibility,
                    organisers: index % 5 == 1 ? [DemoDirectory.partnerStructure] : []),
                byPartner: index % 5 == 1, attendees: attendees, walkIns: walkIns, isPast: isPast)
        }
    }
}
