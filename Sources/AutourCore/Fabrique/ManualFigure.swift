/// The seven figures of a CCAS that the manual describes: ways a social action centre can choose to
/// work, which combine rather than exclude one another. Each is summarised here in our own words,
/// with the risks it carries as questions an elected official answers before a plan is ready.
public enum ManualFigure: String, CaseIterable, Sendable, Codable, CodingKeyRepresentable {
    case conviviality, potentials, radar, places, energies, advocacy, learning

    /// The figure's name, as the sheets and plans show it.
    public var label: String {
        switch self {
        case .conviviality: "Programmateur de convivialités"
        case .potentials: "Développeur de potentialités"
        case .radar: "Radar du territoire"
        case .places: "Co-organisateur de lieux à partager"
        case .energies: "Coordinateur des énergies du territoire"
        case .advocacy: "Avocat social du territoire"
        case .learning: "Formateur au vivre ensemble"
        }
    }

    /// What a CCAS does when it takes this figure, in two sentences.
    public var summary: String {
        switch self {
        case .conviviality:
            "Le CCAS organise des moments informels et festifs où chacun peut venir sans étiquette. On s'y rencontre, la confiance se construit, et les personnes qu'on ne voyait pas au guichet se font connaître."
        case .potentials:
            "Le CCAS accompagne les habitants, seuls ou en groupe, à développer ce qu'ils savent faire et à porter des projets utiles au quartier. L'accueil devient un lieu où l'on construit, pas seulement où l'on demande."
        case .radar:
            "Le CCAS repère tôt les personnes fragiles en allant vers elles, avec un réseau d'habitants, d'associations et d'entreprises qui signalent. Les équipes sont dehors plutôt qu'au bureau."
        case .places:
            "Le CCAS ouvre et partage des lieux où des habitants cohabitent, se croisent et s'entraident, de l'immeuble au quartier. Il outille les habitants qui veulent lancer la dynamique."
        case .energies:
            "Le CCAS relie les besoins repérés aux forces du territoire : bénévoles, associations, entreprises, professionnels. Il organise les complémentarités et rend l'entraide visible et sûre."
        case .advocacy:
            "Le CCAS défend l'intérêt des habitants face aux acteurs qui s'installent sur le territoire et soutient les initiatives solidaires, jusqu'à en garantir la qualité sociale."
        case .learning:
            "Le CCAS transmet tout au long de la vie ce qui fait vivre ensemble : coopérer, prendre soin, s'engager. Il forme habitants et acteurs pour qu'ils répondent mieux aux besoins du territoire."
        }
    }

    /// The figure's risks, each a question the plan must answer.
    public var vigilance: [String] {
        switch self {
        case .conviviality:
            [
                "Un partenaire (café, centre culturel, association) le fait-il déjà mieux que nous ? Avec qui s'associer plutôt que refaire ?",
                "Comment rester discrets pour que la présence des professionnels ne casse pas le caractère informel du moment ?",
                "Comment ces moments mènent-ils vers un accompagnement, au lieu de devenir un but en soi ?",
            ]
        case .potentials:
            [
                "Quelle place pour les personnes qui ne veulent pas, ou ne peuvent pas, porter un projet ?",
                "Quels publics risquent d'être laissés de côté si tout passe par le projet ?",
                "Comment garder une dimension collective plutôt que de renforcer l'isolement de chacun ?",
            ]
        case .radar:
            [
                "Comment éviter que le repérage par les habitants devienne de la surveillance ?",
                "Comment éviter de stigmatiser les personnes repérées ?",
                "Qui vérifie les signalements, puisque les habitants ne sont pas des travailleurs sociaux ?",
                "Comment ne pas transformer l'entraide spontanée en travail non reconnu ?",
                "Comment les données personnelles sont-elles protégées (accès, durée, consentement) ?",
            ]
        case .places:
            [
                "Comment respecter l'intimité et les besoins propres de chacun dans un lieu collectif ?",
                "Comment éviter que le lieu se referme sur un petit groupe ?",
                "Comment le CCAS reste-t-il identifiable dans un lieu partagé ?",
                "Comment le lieu évolue-t-il avec ceux qui le font vivre ?",
            ]
        case .energies:
            [
                "Quelle part de l'accompagnement reste aux professionnels du CCAS ?",
                "Comment éviter d'épuiser les bénévoles ?",
                "Comment garder la qualification professionnelle du travail social ?",
                "Comment rester sur le fond de l'accompagnement plutôt que sur la seule logistique ?",
                "Comment éviter que le réseau d'acteurs se fige en institution ?",
                "Comment garder la proximité si les échanges passent par une plateforme numérique ?",
            ]
        case .advocacy:
            ["Au nom de qui parlons-nous, et comment les personnes concernées sont-elles représentées ?"]
        case .learning:
            [
                "Comment éviter que les compétences transmises servent des fins commerciales ?",
                "Comment éviter de faire des habitants des travailleurs sociaux au rabais ?",
                "Quelle part en présence, pour que la formation à distance n'isole pas ?",
            ]
        }
    }
}
