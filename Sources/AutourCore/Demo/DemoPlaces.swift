import Foundation

/// The shared places' demo: twelve places of the demo commune (ten open, two vacant), regular
/// bookings over the coming month, an open call for the vacant school lodge, a trial in its third
/// week in the former post office, and ten co-housing profiles.
public enum DemoPlaces {
    public static let places: [PlaceInput] = [
        place(
            "Maison des associations", "10 rue Émile-Zola", .commune,
            rooms: [("Grande salle", 80, "Scène, sono"), ("Salle 1", 20, "Tables"), ("Salle 2", 12, "Écran")]),
        place(
            "Centre social de la Grande Île", "40 chemin de la Grande Île", .partner, owner: "Centre social de la Grande Île",
            rooms: [("Salle polyvalente", 40, "Cuisine"), ("Atelier", 15, "Établis")]),
        place("Médiathèque du Centre", "2 rue de la République", .commune, rooms: [("Auditorium", 60, "Vidéoprojecteur"), ("Salle de lecture", 20, "")]),
        place("Résidence autonomie Les Tilleuls", "15 allée des Tilleuls", .ccas, rooms: [("Salon commun", 30, "Piano")]),
        place("Maison de quartier de La Soie", "5 rue Jacquard", .commune, rooms: [("Salle Jacquard", 35, "Cuisine"), ("Bureau", 6, "")]),
        place("Salle polyvalente de l'Écoin", "21 avenue de l'Écoin", .commune, rooms: [("Salle", 120, "Scène")]),
        place("Café associatif La Passerelle", "8 place de la Nation", .partner, owner: "Association La Passerelle", rooms: [("Arrière-salle", 25, "Bar")]),
        place("Local du Mas du Taureau", "3 allée du Stade", .ccas, rooms: [("Local", 18, "Tables pliantes")]),
        place("Appartement pédagogique", "12 rue Lesire", .privateLender, owner: "Bailleur social Est Métropole", rooms: [("Séjour", 10, "Cuisine équipée")]),
        place("Gymnase du Mas du Taureau", "1 allée du Stade", .commune, rooms: [("Salle de danse", 30, "Miroirs"), ("Dojo", 25, "Tatamis")]),
        place(
            "Loge de l'ancienne école du Village", "7 rue du Village", .commune, vacant: "Bon état, chauffage à vérifier", rooms: [("Pièce principale", 15, "")]
        ),
        place(
            "Ancienne poste de La Soie", "30 rue Alfred-de-Musset", .commune, vacant: "Rénovée en 2025",
            rooms: [("Ancien guichet", 25, ""), ("Arrière-boutique", 10, "")]),
    ]

    static func place(
        _ name: String, _ address: String, _ owner: PlaceOwner, owner ownerName: String = "", vacant: String? = nil,
        rooms: [(String, Int, String)]
    ) -> PlaceInput {
        PlaceInput(
            name: name, address: address, owner: owner.rawValue, ownerName: ownerName, accessibility: "Plain-pied", opens: 8 * 60, closes: 22 * 60,
            vacant: vacant != nil, state: vacant ?? "", description: "",
            rooms: rooms.map { RoomInput(name: $0.0, capacity: $0.1, equipment: $0.2) })
    }

    /// Weekly slots: (place index, room index, weekday offset from Monday, start hour, hours, group).
    public static let slots: [(place: Int, room: Int, day: Int, hour: Int, hours: Int, group: String)] = [
        (0, 0, 1, 18, 2, "Chorale des Tilleuls"), (0, 1, 2, 14, 2, "Association Lien et Visites"), (0, 2, 3, 10, 2, "Atelier d'écriture"),
        (1, 0, 2, 12, 2, "Repas des voisins"), (1, 1, 4, 15, 3, "Repair café"), (2, 0, 5, 10, 2, "Ciné-club"),
        (3, 0, 0, 15, 2, "Club des aînés"), (4, 0, 3, 18, 2, "Cuisine du monde"), (5, 0, 5, 14, 4, "Bal du samedi"),
        (6, 0, 1, 10, 2, "Café numérique"), (7, 0, 2, 17, 2, "Soutien scolaire"), (8, 0, 3, 14, 2, "Atelier budget"),
        (9, 0, 0, 19, 2, "Danse en ligne"), (9, 1, 4, 18, 2, "Judo adapté"),
    ]

    public static let coHousing: [CoHousing.Profile] = {
        func p(
            _ side: CoHousing.Side, _ name: String, _ place: String, quiet: Bool, pets: Bool, acceptsPets: Bool, smokes: Bool = false, hours: Int,
            _ languages: [String]
        ) -> CoHousing.Profile {
            CoHousing.Profile(
                id: UUID(), side: side, firstName: name, neighbourhood: place, wantsQuiet: quiet, hasPets: pets, acceptsPets: acceptsPets, smokes: smokes,
                acceptsSmoking: false, helpHours: hours, languages: languages)
        }
        return [
            p(.host, "Germaine", "Village", quiet: true, pets: true, acceptsPets: true, hours: 5, ["français"]),
            p(.host, "Marcel", "Centre-ville", quiet: false, pets: false, acceptsPets: false, hours: 3, ["français", "italien"]),
            p(.host, "Yvonne", "La Soie", quiet: true, pets: false, acceptsPets: true, hours: 6, ["français"]),
            p(.host, "Ahmed", "Mas du Taureau", quiet: false, pets: false, acceptsPets: true, hours: 4, ["arabe", "français"]),
            p(.host, "Suzanne", "Grande Île", quiet: true, pets: false, acceptsPets: false, hours: 8, ["français"]),
            p(.guest, "Léo", "Village", quiet: true, pets: false, acceptsPets: true, hours: 5, ["français", "anglais"]),
            p(.guest, "Inès", "Centre-ville", quiet: false, pets: false, acceptsPets: false, hours: 3, ["français", "arabe"]),
            p(.guest, "Tom", "La Soie", quiet: true, pets: true, acceptsPets: true, hours: 4, ["français"]),
            p(.guest, "Rania", "Mas du Taureau", quiet: false, pets: false, acceptsPets: true, hours: 4, ["arabe", "français"]),
            p(.guest, "Lucie", "Grande Île", quiet: true, pets: false, acceptsPets: false, hours: 6, ["français", "espagnol"]),
        ]
    }()
}
