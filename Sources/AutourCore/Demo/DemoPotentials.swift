import Foundation

/// Inhabitants' projects of the demo territory: fifteen projects spread over the five seeded
/// stages (one paused, one stopped with its lessons, two left long enough in their stage to show
/// as stalled), with their carriers, members and coaches (indexes of `DemoEnergies.resources`)
/// and needs sent to Energies, Places and partners of the directory. Written for the demo.
public enum DemoPotentials {
    public struct Plan: Sendable {
        public let title: String, purpose: String, serves: String, theme: ProjectTheme, scale: ProjectScale, origin: ProjectOrigin
        /// Index in the seeded stages, and how many days ago the project entered it.
        public let stage: Int, daysInStage: Int
        public let neighbourhood: Int, isPublic: Bool
        public let carriers: [Int], members: [Int], coach: Int?
        public let state: ProjectState, lessons: String
        /// An Energies skill the project asks for, a place (index of the demo places) it books, a
        /// partner structure (id suffix of `DemoDirectory`) it asks for advice.
        public let skill: String?, place: Int?, expert: (structure: String, question: String)?

        init(
            _ title: String, _ purpose: String, serves: String, theme: ProjectTheme, scale: ProjectScale = .collective,
            origin: ProjectOrigin = .inhabitant, stage: Int, days: Int, neighbourhood: Int, isPublic: Bool = true, carriers: [Int],
            members: [Int] = [], coach: Int? = nil, state: ProjectState = .active, lessons: String = "", skill: String? = nil,
            place: Int? = nil, expert: (structure: String, question: String)? = nil
        ) {
            self.title = title
            self.purpose = purpose
            self.serves = serves
            self.theme = theme
            self.scale = scale
            self.origin = origin
            self.stage = stage
            self.daysInStage = days
            self.neighbourhood = neighbourhood
            self.isPublic = isPublic
            self.carriers = carriers
            self.members = members
            self.coach = coach
            self.state = state
            self.lessons = lessons
            self.skill = skill
            self.place = place
            self.expert = expert
        }
    }

    public static let projects: [Plan] = [
        Plan(
            "Frigo partagé du Mas", "Un réfrigérateur en libre-service au pied des tours pour que les invendus du marché trouvent preneur.",
            serves: "Les familles du quartier, les étudiants", theme: .food, stage: 0, days: 12, neighbourhood: 1, carriers: [2], members: [14]),
        Plan(
            "Troc de vêtements d'enfants", "Échanger les habits devenus trop petits plutôt que de les jeter ou de les racheter.",
            serves: "Les parents de jeunes enfants", theme: .mutualAid, stage: 0, days: 30, neighbourhood: 2, carriers: [5]),
        Plan(
            "Balades contées pour les aînés", "Faire découvrir l'histoire du village en marchant doucement, avec un conteur du coin.",
            serves: "Les personnes âgées isolées", theme: .elders, scale: .individual, stage: 0, days: 70, neighbourhood: 3, carriers: [7]),
        Plan(
            "Jardin des Planches", "Transformer la friche derrière l'école en potager cultivé par les voisins et les enfants.",
            serves: "Les voisins et l'école du quartier", theme: .environment, stage: 1, days: 20, neighbourhood: 5, carriers: [3, 9], members: [0, 21, 22],
            coach: 40, skill: "Jardinage"),
        Plan(
            "Repair café de la Soie", "Un samedi par mois, réparer ensemble petits appareils, vélos et vêtements.",
            serves: "Tous les habitants", theme: .repair, stage: 1, days: 40, neighbourhood: 4, carriers: [11], members: [23], coach: 41,
            skill: "Petit bricolage", expert: ("repair-numerique", "Pouvez-vous nous prêter des outils et nous dire comment assurer l'atelier ?")),
        Plan(
            "Cuisine du monde au centre social", "Des repas préparés à tour de rôle par des habitantes de pays différents.",
            serves: "Les habitants de la Grande Île", theme: .culture, origin: .partner, stage: 1, days: 120, neighbourhood: 2, carriers: [],
            members: [25, 26], coach: 40, place: 0),
        Plan(
            "Aide aux devoirs entre voisins", "Des lycéens et des retraités aident les collégiens deux soirs par semaine.",
            serves: "Les collégiens du quartier", theme: .youth, stage: 1, days: 35, neighbourhood: 6, carriers: [13], coach: 41, state: .paused,
            skill: "Soutien scolaire"),
        Plan(
            "Café numérique du Village", "Un café où l'on vient avec son téléphone ou ses papiers en ligne et où quelqu'un aide.",
            serves: "Les personnes éloignées du numérique", theme: .digital, stage: 2, days: 25, neighbourhood: 3, carriers: [4], members: [27, 28],
            coach: 40, skill: "Aide au numérique", place: 1,
            expert: ("repair-numerique", "Pouvez-vous former nos bénévoles aux démarches en ligne les plus demandées ?")),
        Plan(
            "Marche douce du mardi", "Une marche d'une heure ouverte à tous, au rythme des plus lents.",
            serves: "Les personnes qui sortent peu", theme: .sport, stage: 2, days: 160, neighbourhood: 0, carriers: [15], members: [29], coach: 41),
        Plan(
            "Atelier couture solidaire", "Apprendre à réparer et retoucher ses vêtements, et coudre pour l'épicerie solidaire.",
            serves: "Les habitantes qui veulent apprendre", theme: .repair, origin: .ccas, stage: 2, days: 50, neighbourhood: 1, carriers: [],
            members: [30, 31, 32], coach: 40, place: 0),
        Plan(
            "Panier paysan de l'Écoin", "Des paniers de légumes d'un maraîcher voisin, à prix réduit pour les petits budgets.",
            serves: "Les familles aux petits budgets", theme: .food, stage: 3, days: 60, neighbourhood: 6, carriers: [6, 17], members: [33], coach: 41,
            expert: ("epicerie-mas", "Comment organisez-vous le tarif solidaire de vos paniers ?")),
        Plan(
            "Fête des voisins de la Grande Île", "Une fête préparée toute l'année par un comité d'habitants.",
            serves: "Tout le quartier", theme: .neighbourhood, stage: 3, days: 90, neighbourhood: 2, carriers: [19], members: [34, 35, 36], coach: 40),
        Plan(
            "Visites en binôme", "Des habitants vont deux par deux voir les personnes seules qui le souhaitent.",
            serves: "Les personnes âgées seules", theme: .elders, stage: 3, days: 30, neighbourhood: 0, carriers: [8], members: [37], coach: 41,
            skill: "Visite de convivialité", expert: ("lien-seniors", "Pouvez-vous partager votre charte des visites et former les binômes ?")),
        Plan(
            "Chorale du Centre", "Une chorale sans audition qui chante dans les résidences pour personnes âgées.",
            serves: "Les résidents des maisons de retraite", theme: .culture, stage: 4, days: 200, neighbourhood: 0, carriers: [10], members: [38, 39]),
        Plan(
            "Conciergerie de quartier", "Un point où déposer colis et clés et trouver un coup de main.",
            serves: "Les habitants qui travaillent tard", theme: .mutualAid, stage: 2, days: 80, neighbourhood: 4, isPublic: false, carriers: [12],
            coach: 40, state: .stopped,
            lessons:
                "Trop de responsabilités pour des bénévoles (assurance des colis) ; l'idée de dépanner a été reprise par le repair café."),
    ]

    /// The note a coach writes when ticking a demo criterion.
    public static let note = "Vu en rendez-vous avec le groupe."
}
