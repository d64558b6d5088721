import Foundation

/// The advocacy part of the demo territory, written for Autour: a charter of seven articles
/// amended twice (version 3 has eight), a parliament of sixteen members, three sessions (the
/// latest with a vote open and an amendment waiting), thirteen actors who applied for the label
/// (ten in force, one expired, one withdrawn, one still being audited), and the local social
/// council with its election and four opinions that cite one another.
public enum DemoAdvocacy {
    public static let founding: [(title: String, text: String)] = [
        (
            "Respect de la personne",
            "Chaque habitant·e est accueilli·e avec égards, quels que soient son âge, son origine, sa situation ou ses revenus. Personne n'a à se justifier d'avoir besoin d'aide."
        ),
        (
            "Information claire",
            "Tout acteur explique ses prix, ses conditions et ses délais en mots simples, par écrit et de vive voix, avant tout engagement."
        ),
        (
            "Emploi local",
            "Les acteurs qui s'installent proposent en priorité leurs emplois aux habitant·es du territoire et les forment quand il le faut."
        ),
        (
            "Prix accessibles",
            "Une partie de l'offre reste à la portée des foyers modestes, sans qu'ils aient à montrer leur situation devant les autres clients."
        ),
        (
            "Écoute des habitant·es",
            "Chaque acteur a une adresse où déposer une réclamation et répond dans un délai de quinze jours."
        ),
        (
            "Accessibilité",
            "Les lieux, les documents et les services en ligne sont utilisables par les personnes handicapées, âgées ou peu à l'aise avec le numérique."
        ),
        (
            "Données personnelles",
            "Les acteurs ne collectent que les données dont ils ont besoin et ne les revendent à personne."
        ),
    ]

    public struct PlannedAmendment: Sendable {
        public let session: Int
        public let kind: AmendmentKind
        public let article: Int?
        public let title: String
        public let text: String
        public let reasons: String
        /// Paper ballots cast (yes, no, abstain); nil: the vote is not opened.
        public let ballots: (Int, Int, Int)?
        /// Closed once counted (the latest session keeps its vote open).
        public let closes: Bool
    }

    public static let sessions: [(title: String, daysAgo: Int, agenda: String)] = [
        ("Séance de printemps", 240, "Accueil des nouveaux membres formés.\nAmendement sur l'environnement."),
        ("Séance d'été", 100, "Amendements sur l'information et l'écoute des habitant·es."),
        ("Séance d'automne", 0, "Amendement sur l'accessibilité.\nProposition d'un article sur les achats locaux."),
    ]

    public static let amendments: [PlannedAmendment] = [
        PlannedAmendment(
            session: 0, kind: .add, article: nil, title: "Sobriété et environnement",
            text:
                "Les acteurs réduisent leurs déchets et leur consommation d'énergie, et aident les habitant·es à faire de même sans que cela leur coûte plus cher.",
            reasons: "Les habitant·es du parlement ont constaté que les factures d'énergie pèsent d'abord sur les foyers modestes.",
            ballots: (9, 2, 1), closes: true),
        PlannedAmendment(
            session: 1, kind: .change, article: 2, title: "Information claire et traduite",
            text:
                "Tout acteur explique ses prix, ses conditions et ses délais en mots simples, par écrit et de vive voix, avant tout engagement, et propose une aide à la lecture ou une traduction à qui la demande.",
            reasons: "Plusieurs personnes ont signé des contrats qu'elles ne pouvaient pas lire : une aide à la lecture doit être proposée.",
            ballots: (10, 1, 1), closes: true),
        PlannedAmendment(
            session: 1, kind: .change, article: 5, title: "Écoute des habitant·es",
            text: "Chaque acteur a une adresse où déposer une réclamation et répond dans un délai de sept jours.",
            reasons: "Quinze jours, c'est trop long quand un problème touche le chauffage ou l'eau.",
            ballots: (4, 7, 1), closes: true),
        PlannedAmendment(
            session: 2, kind: .change, article: 6, title: "Accessibilité",
            text:
                "Les lieux, les documents et les services en ligne sont utilisables par les personnes handicapées, âgées ou peu à l'aise avec le numérique, et un accueil humain reste toujours possible.",
            reasons: "Des services ne sont joignables que par internet : un accueil par une personne doit toujours exister.",
            ballots: (3, 1, 0), closes: false),
        PlannedAmendment(
            session: 2, kind: .add, article: nil, title: "Achats locaux",
            text: "Les acteurs achètent auprès des producteurs et artisans du territoire chaque fois que c'est possible.",
            reasons: "Faire vivre les commerces de proximité, c'est aussi garder des services près de chez soi.",
            ballots: nil, closes: false),
    ]

    public struct PlannedMember: Sendable {
        public let name: String
        public let kind: MemberKind
        public let ageBand: String
        public let gender: String
        public let neighbourhood: Int
        public let trained: Bool
    }

    /// Members without an account (they vote on paper); the demo's volunteer, elected and partner
    /// accounts sit too. Few young adults: the representativeness check has something to say.
    public static let members: [PlannedMember] = [
        .init(name: "Odile Marchand", kind: .inhabitant, ageBand: "60-74", gender: "femme", neighbourhood: 0, trained: true),
        .init(name: "Rachid Benameur", kind: .inhabitant, ageBand: "45-59", gender: "homme", neighbourhood: 1, trained: true),
        .init(name: "Maëlle Kervella", kind: .inhabitant, ageBand: "30-44", gender: "femme", neighbourhood: 2, trained: true),
        .init(name: "Bernard Pichon", kind: .inhabitant, ageBand: "75+", gender: "homme", neighbourhood: 3, trained: true),
        .init(name: "Soraya Mansouri", kind: .inhabitant, ageBand: "45-59", gender: "femme", neighbourhood: 4, trained: true),
        .init(name: "Awa Konaté", kind: .inhabitant, ageBand: "30-44", gender: "femme", neighbourhood: 5, trained: true),
        .init(name: "Gérard Lemoine", kind: .inhabitant, ageBand: "60-74", gender: "homme", neighbourhood: 6, trained: true),
        .init(name: "Lina Ferreira", kind: .inhabitant, ageBand: "18-29", gender: "femme", neighbourhood: 1, trained: false),
        .init(name: "Paulette Roux", kind: .inhabitant, ageBand: "75+", gender: "femme", neighbourhood: 0, trained: true),
        .init(name: "Moussa Keita", kind: .inhabitant, ageBand: "45-59", gender: "homme", neighbourhood: 2, trained: true),
        .init(name: "Élise Vidal", kind: .elected, ageBand: "45-59", gender: "femme", neighbourhood: 0, trained: true),
        .init(name: "Association Relais Solidaire", kind: .partner, ageBand: "", gender: "", neighbourhood: 4, trained: true),
        .init(name: "Jules Aubert", kind: .inhabitant, ageBand: "60-74", gender: "homme", neighbourhood: 3, trained: true),
    ]

    public struct PlannedActor: Sendable {
        public let name: String
        public let kind: LabelActorKind
        public let address: String
        /// Days since the decision; nil while the audit goes on.
        public let decidedDaysAgo: Int?
        public let decision: LabelDecision
        public let withdrawn: String?
    }

    public static let actors: [PlannedActor] = [
        .init(name: "Boulangerie du Mas", kind: .company, address: "12 avenue Gabriel Péri", decidedDaysAgo: 300, decision: .labelled, withdrawn: nil),
        .init(name: "Épicerie solidaire La Passerelle", kind: .association, address: "3 rue Lesire", decidedDaysAgo: 280, decision: .labelled, withdrawn: nil),
        .init(
            name: "Garage Solidaire de l'Est", kind: .association, address: "48 chemin du Grand Bois", decidedDaysAgo: 250, decision: .labelled, withdrawn: nil),
        .init(name: "Pharmacie de la Grande Île", kind: .company, address: "1 place de la Nation", decidedDaysAgo: 220, decision: .conditional, withdrawn: nil),
        .init(name: "Nadia Couture Retouches", kind: .selfEmployed, address: "7 rue Jules Romains", decidedDaysAgo: 200, decision: .labelled, withdrawn: nil),
        .init(name: "Vélo-École du Village", kind: .association, address: "22 rue de la République", decidedDaysAgo: 180, decision: .labelled, withdrawn: nil),
        .init(
            name: "Supermarché des Planches", kind: .company, address: "90 avenue Roger Salengro", decidedDaysAgo: 150, decision: .conditional, withdrawn: nil),
        .init(name: "Karim Dépannage Plomberie", kind: .selfEmployed, address: "5 allée des Lilas", decidedDaysAgo: 120, decision: .labelled, withdrawn: nil),
        .init(
            name: "Café associatif Le Trait d'Union", kind: .association, address: "14 rue Maurice Audin", decidedDaysAgo: 90, decision: .labelled,
            withdrawn: nil),
        .init(name: "Auto-école Écoin Conduite", kind: .company, address: "31 avenue Paul Marcellin", decidedDaysAgo: 60, decision: .labelled, withdrawn: nil),
        .init(name: "Laverie du Centre", kind: .company, address: "2 rue Émile Zola", decidedDaysAgo: 800, decision: .labelled, withdrawn: nil),
        .init(
            name: "Agence Immo Express", kind: .company, address: "18 boulevard Urbain", decidedDaysAgo: 260, decision: .labelled,
            withdrawn: "Des locataires ont montré des frais de dossier supérieurs au plafond légal : l'article 4 n'est plus respecté."),
        .init(name: "Ressourcerie La Seconde Main", kind: .association, address: "9 rue du Progrès", decidedDaysAgo: nil, decision: .labelled, withdrawn: nil),
    ]

    /// What an actor shows for an article (the demo writes one sentence per article).
    public static func evidence(_ actor: String, article: Int) -> String {
        "\(actor) a présenté ses pratiques pour l'article \(article) : documents remis aux clients, témoignages d'habitant·es et visite sur place."
    }

    public static let candidates: [(name: String, daysAgoTrained: Int, presentation: String, votes: Int)] = [
        ("Fatima Zerrouki", 420, "Vingt ans de bénévolat dans l'aide aux devoirs.", 64),
        ("Pierre-Yves Ollivier", 410, "Retraité des transports en commun, attentif aux déplacements.", 51),
        ("Chantal Ndiaye", 400, "Locataire engagée dans l'amicale de son immeuble.", 47),
        ("Samir Haddou", 395, "Éducateur sportif, proche des jeunes du quartier.", 39),
        ("Denise Carré", 390, "Aidante de son mari depuis dix ans.", 22),
    ]

    public struct PlannedOpinion: Sendable {
        public let title: String
        public let referredBy: String
        public let question: String
        public let opinion: String
        public let reasons: String
        public let cites: [Int]
    }

    public static let opinions: [PlannedOpinion] = [
        .init(
            title: "Horaires d'ouverture de la mairie annexe", referredBy: "Mairie de Vaulx-en-Velin",
            question: "La mairie annexe du Mas du Taureau envisage de fermer le samedi matin et d'ouvrir un soir par semaine jusqu'à 19 heures.",
            opinion: "Avis favorable à l'ouverture du soir, défavorable à la fermeture du samedi matin.",
            reasons:
                "Les personnes âgées isolées viennent surtout le samedi matin, accompagnées par leurs proches. Les salariés aux horaires décalés gagneraient à une ouverture le soir. Les deux peuvent coexister.",
            cites: []),
        .init(
            title: "Tarification sociale de la cantine scolaire", referredBy: "Conseil municipal",
            question: "La commune propose de calculer le tarif de la cantine sur le quotient familial avec cinq tranches au lieu de trois.",
            opinion: "Avis favorable, à condition que l'inscription reste simple et que le quotient soit repris automatiquement.",
            reasons:
                "Des familles renoncent à la cantine faute d'avoir fourni leurs justificatifs à temps. Comme pour les horaires de la mairie annexe, la démarche compte autant que la mesure.",
            cites: [1]),
        .init(
            title: "Isolement des personnes âgées l'hiver", referredBy: "Le conseil lui-même",
            question: "Le conseil s'est saisi de l'isolement des personnes âgées pendant les périodes de grand froid.",
            opinion: "Le conseil recommande des visites de voisinage organisées et un appel hebdomadaire aux personnes inscrites au registre.",
            reasons:
                "Les personnes âgées vivant seules voient peu de monde en hiver. Les permanences du samedi matin, déjà défendues par le conseil, sont un lieu de repérage à garder.",
            cites: [1]),
        .init(
            title: "Nouvelle ligne de bus vers l'hôpital", referredBy: "Syndicat des transports",
            question: "Le syndicat des transports propose une ligne directe vers l'hôpital, avec un arrêt de moins dans le quartier de l'Écoin.",
            opinion: "Avis favorable à la ligne, à condition de garder l'arrêt de l'Écoin aux heures de consultation.",
            reasons:
                "Les personnes âgées et les familles sans voiture de l'Écoin vont à l'hôpital pour leurs consultations ; supprimer l'arrêt les isolerait davantage, ce que le conseil a déjà signalé pour les personnes âgées l'hiver.",
            cites: [3]),
    ]
}
