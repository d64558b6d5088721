import Foundation

/// The time bank's demo: eight more members beside the demo volunteer, three months of exchanges,
/// a paper cheque, requests waiting for an answer, and the board.
public struct DemoTimeBank: Sendable {
    public struct Exchange: Sendable {
        public let from: Int
        public let to: Int
        public let minutes: Int
        public let description: String
        public let daysAgo: Double
    }
    public struct Offer: Sendable {
        public let member: Int
        public let kind: ListingKind
        public let category: String
        public let title: String
    }

    /// Member 0 is the demo volunteer; the others get `membreN@demo.autour.test`.
    public static let memberNames = [
        "Rosa Ferreira", "Jean-Luc Marchal", "Samia Bouzid", "Gérard Pons", "Ophélie Tran", "Moussa Keita",
        "Bernadette Roux", "Youssef Amrani",
    ]
    public static func email(_ index: Int) -> String { "membre\(index)@demo.autour.test" }

    public let exchanges: [Exchange]
    public let offers: [Offer]

    public init(seed: UInt64) {
        var rng = SeededGenerator(seed: seed &+ 23)
        let services = [
            "Réparation d'un vélo", "Courses du samedi", "Ourlets de rideaux", "Aide à remplir un dossier", "Garde du chat",
            "Cours de cuisine", "Arrosage des plantes", "Conversation en espagnol", "Montage d'un meuble", "Accompagnement au marché",
        ]
        let count = Self.memberNames.count + 1
        exchanges = (0..<40).map { i in
            let from = Int.random(in: 0..<count, using: &rng)
            var to = Int.random(in: 0..<count, using: &rng)
            if to == from { to = (to + 1) % count }
            return Exchange(
                from: from, to: to, minutes: [30, 45, 60, 90, 120][Int.random(in: 0..<5, using: &rng)],
                description: services[Int.random(in: 0..<services.count, using: &rng)], daysAgo: 90 - Double(i) * 2.1)
        }
        offers = [
            Offer(member: 1, kind: .offer, category: "Bricolage", title: "Petites réparations et montage de meubles"),
            Offer(member: 2, kind: .offer, category: "Couture", title: "Ourlets, boutons, petites retouches"),
            Offer(member: 3, kind: .request, category: "Numérique", title: "Apprendre à envoyer des photos par téléphone"),
            Offer(member: 4, kind: .offer, category: "Langues", title: "Conversation en espagnol autour d'un café"),
            Offer(member: 5, kind: .request, category: "Courses et déplacements", title: "Être accompagné au marché le mardi"),
            Offer(member: 6, kind: .offer, category: "Cuisine", title: "Atelier pâtisserie pour débutants"),
            Offer(member: 7, kind: .offer, category: "Garde d'animaux", title: "Garder votre chat pendant les vacances"),
            Offer(member: 8, kind: .request, category: "Jardinage", title: "Tailler une haie au printemps"),
            Offer(member: 0, kind: .offer, category: "Compagnie et visites", title: "Visites de courtoisie le jeudi après-midi"),
        ]
    }
}
