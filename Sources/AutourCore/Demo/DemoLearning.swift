import Foundation

/// The apartment university's demo: five interviews done with agents (their answers, written for
/// the demo), forty wishes to teach or to learn, and twelve sessions — eight past with their
/// attendance, four to come.
public enum DemoLearning {
    /// Resource persons (indexes of `DemoEnergies.resources`) interviewed, with their answers.
    public static let interviews: [(resource: Int, answers: [InterviewStep: String])] = [
        (
            1,
            [
                .daily: "Je me lève tôt, je promène le chien et je passe au marché. L'après-midi je garde ma petite-fille.",
                .likes: "J'aime cuisiner pour les autres, surtout les pâtisseries. Je fais aussi un peu de couture.",
                .knows: "J'ai été secrétaire pendant trente ans, les papiers et les dossiers ne me font pas peur.",
                .needs: "J'aimerais apprendre à me servir d'une tablette pour voir mes petits-enfants.",
                .free: "Le mardi et le jeudi après-midi.",
            ]
        ),
        (
            2,
            [
                .daily: "Je travaille le matin dans une boulangerie, ensuite je rentre m'occuper de mes enfants.",
                .likes: "Je jardine dans les bacs au pied de l'immeuble, j'adore voir pousser les légumes.",
                .knows: "Je parle arabe et français, je traduis souvent pour mes voisines.",
                .needs: "Je voudrais apprendre l'anglais et mieux écrire le français.",
                .free: "Le samedi matin.",
            ]
        ),
        (
            3,
            [
                .daily: "Retraité, je bricole dans mon garage et je fais mes courses à pied.",
                .likes: "Réparer les vélos des gamins du quartier, réparer tout ce qui casse.",
                .knows: "J'étais électricien, je sais utiliser les outils et monter des meubles.",
                .needs: "Rien de particulier, peut-être rencontrer du monde.",
                .free: "Presque tous les jours, sauf le dimanche.",
            ]
        ),
        (
            4,
            [
                .daily: "Je suis étudiante, je vais en cours puis à la bibliothèque.",
                .likes: "J'aime expliquer les maths et aider aux devoirs. Je joue de la guitare.",
                .knows: "Je m'y connais en informatique, ordinateur et smartphone.",
                .needs: "J'aimerais apprendre à cuisiner des plats simples.",
                .free: "Le mercredi après-midi et le soir.",
            ]
        ),
        (
            5,
            [
                .daily: "Je passe beaucoup de temps seule depuis le départ de mes enfants.",
                .likes: "J'aime discuter autour d'un café et écouter les gens.",
                .knows: "J'ai tricoté toute ma vie, je fais aussi de la couture.",
                .needs: "Je voudrais apprendre à faire mes démarches sur internet.",
                .free: "Le lundi et le vendredi.",
            ]
        ),
    ]

    /// Subjects of the forty wishes, in turn; offers from one group of people, requests from another.
    public static let subjects = [
        "Cuisine du quotidien", "Couture et tricot", "Smartphone et ordinateur", "Conversation en français", "Jardinage au naturel",
        "Réparer soi-même", "Langues du monde", "Musique et chant",
    ]

    public struct Session: Sendable {
        public let subject: String, title: String, host: Int, place: Int?, homeAddress: String?, neighbourhood: String
        /// Days from now (negative: past) and the hour it starts (for `underWay`: hours from now).
        public let day: Int, hour: Int, capacity: Int, timeMinutes: Int
        public let learners: [Int]
        /// How many of the learners came (past sessions).
        public let present: Int
    }

    /// A session under way, begun an hour ago, hosted by the demo volunteer: its attendance is
    /// still to note.
    public static let underWay = Session(
        subject: "Cuisine du quotidien", title: "Cuisiner les restes du frigo", host: 0, place: 4, homeAddress: nil, neighbourhood: "La Soie",
        day: 0, hour: -1, capacity: 6, timeMinutes: 0, learners: [50, 51, 52], present: 0)

    public static let sessions: [Session] = [
        .init(
            subject: "Cuisine du quotidien", title: "Une soupe de saison à six mains", host: 10, place: 4, homeAddress: nil, neighbourhood: "La Soie",
            day: -40, hour: 14, capacity: 6, timeMinutes: 0, learners: [21, 22, 23, 24], present: 4),
        .init(
            subject: "Smartphone et ordinateur", title: "Envoyer une photo à ses petits-enfants", host: 4, place: 2, homeAddress: nil,
            neighbourhood: "Centre-ville", day: -33, hour: 10, capacity: 8, timeMinutes: 0, learners: [1, 25, 26, 27, 28], present: 5),
        .init(
            subject: "Couture et tricot", title: "Repriser plutôt que jeter", host: 5, place: nil, homeAddress: "4 rue des Glycines",
            neighbourhood: "Village", day: -28, hour: 15, capacity: 4, timeMinutes: 0, learners: [29, 30, 10], present: 3),
        .init(
            subject: "Réparer soi-même", title: "Régler ses freins de vélo", host: 3, place: 1, homeAddress: nil, neighbourhood: "Grande Île",
            day: -21, hour: 10, capacity: 6, timeMinutes: 0, learners: [31, 32, 33, 4], present: 3),
        .init(
            subject: "Conversation en français", title: "Parler de son quartier", host: 11, place: 6, homeAddress: nil, neighbourhood: "Écoin",
            day: -20, hour: 18, capacity: 8, timeMinutes: 0, learners: [2, 34, 35, 36], present: 4),
        .init(
            subject: "Jardinage au naturel", title: "Semer sur un balcon", host: 2, place: nil, homeAddress: "18 allée des Roses",
            neighbourhood: "Mas du Taureau", day: -14, hour: 16, capacity: 5, timeMinutes: 0, learners: [37, 38, 11, 0], present: 4),
        .init(
            subject: "Musique et chant", title: "Trois accords de guitare", host: 4, place: 3, homeAddress: nil, neighbourhood: "Centre-ville",
            day: -9, hour: 17, capacity: 6, timeMinutes: 0, learners: [39, 40, 3], present: 2),
        .init(
            subject: "Langues du monde", title: "Premiers mots d'arabe", host: 12, place: 7, homeAddress: nil, neighbourhood: "Mas du Taureau",
            day: -5, hour: 18, capacity: 8, timeMinutes: 0, learners: [41, 42, 5], present: 3),
        .init(
            subject: "Cuisine du quotidien", title: "Un repas pour la semaine en deux heures", host: 1, place: 4, homeAddress: nil,
            neighbourhood: "La Soie", day: 4, hour: 14, capacity: 6, timeMinutes: 60, learners: [4, 43, 44], present: 0),
        .init(
            subject: "Smartphone et ordinateur", title: "Faire ses démarches en ligne sans stress", host: 4, place: 2, homeAddress: nil,
            neighbourhood: "Centre-ville", day: 6, hour: 10, capacity: 2, timeMinutes: 0, learners: [5, 45, 46], present: 0),
        .init(
            subject: "Couture et tricot", title: "Tricoter un bonnet", host: 5, place: nil, homeAddress: "4 rue des Glycines", neighbourhood: "Village",
            day: 9, hour: 15, capacity: 4, timeMinutes: 30, learners: [0, 47], present: 0),
        .init(
            subject: "Jardinage au naturel", title: "Préparer le potager pour l'hiver", host: 0, place: nil, homeAddress: "9 rue des Peupliers",
            neighbourhood: "Centre-ville", day: 12, hour: 10, capacity: 6, timeMinutes: 0, learners: [48, 49], present: 0),
    ]

    /// Inclusion audits: four equipment, six audits (two re-audits that close actions).
    public struct Audit: Sendable {
        public let equipment: Int
        public let daysAgo: Int
        public let auditors: String
        /// Indexes in `InclusionRules.defaultGrid` answered other than « oui ».
        public let partly: [Int], notMet: [Int], notApplicable: [Int]
        /// Actions added after this audit: criterion index, what, who.
        public let actions: [(criterion: Int, text: String, owner: String)]
    }

    public static let equipment: [(name: String, kind: String, address: String)] = [
        ("Hôtel de ville", "mairie", "Place de la Nation"),
        ("Médiathèque du Centre", "médiathèque", "2 rue de la République"),
        ("Piscine du Mas du Taureau", "piscine", "4 allée du Stade"),
        ("Accueil du CCAS", "accueil du CCAS", "1 rue Lesire"),
    ]

    public static let audits: [Audit] = [
        .init(
            equipment: 0, daysAgo: 120, auditors: "Fatou, Hugo, Amira", partly: [1, 13], notMet: [0, 4, 7], notApplicable: [],
            actions: [
                (0, "Installer une rampe à l'entrée latérale", "Services techniques"),
                (4, "Écrire le livret d'accueil en FALC avec les auditeurs", "Service communication"),
                (7, "S'abonner à un service d'interprétation à distance", "Direction des services"),
            ]),
        .init(equipment: 0, daysAgo: 20, auditors: "Fatou, Malik", partly: [13], notMet: [7], notApplicable: [], actions: []),
        .init(
            equipment: 1, daysAgo: 90, auditors: "Inès, Noah", partly: [5], notMet: [8, 9], notApplicable: [],
            actions: [(8, "Équiper la banque de prêt d'une boucle magnétique", "Médiathèque"), (9, "Ouvrir un poste en accès libre accompagné", "Médiathèque")]),
        .init(equipment: 1, daysAgo: 10, auditors: "Inès, Théo", partly: [5], notMet: [9], notApplicable: [], actions: []),
        .init(
            equipment: 2, daysAgo: 45, auditors: "Karim, Chloé, Omar", partly: [3], notMet: [1, 12], notApplicable: [10],
            actions: [(1, "Ajouter des bancs dans le hall d'attente", "Services des sports")]),
        .init(
            equipment: 3, daysAgo: 30, auditors: "Sarah, Julien", partly: [9], notMet: [13], notApplicable: [],
            actions: [(13, "Ouvrir l'accueil un samedi matin par mois", "Direction du CCAS")]),
    ]
}
