import Foundation

/// Made-up experience sheets, written for Autour: the demo's 60, the search tests' corpus and the
/// benchmark's 100 000 come from here. Each sheet tells one of twenty kinds of experience (`Topic`)
/// in its own mix of sentences, in a commune of its own size, so that a search has sheets to tell
/// apart: the tests know which topic a query is about and check that its sheets come first.
public enum DemoFabrique {
    public struct Topic: Sendable {
        public let key: String
        let titles: [String]
        let context: [String]
        let goals: [String]
        let actions: [String]
        let results: [String]
        let lessons: [String]
        let partners: [String]
        public let theme: SheetTheme
        public let figures: [ManualFigure]
    }

    /// Sentences any sheet may borrow, so that common words are common in the corpus too.
    static let common = [
        "Les habitants ont été associés dès le début.", "Un comité de suivi se réunit chaque trimestre avec les partenaires.",
        "L'équipe du CCAS a consacré une demi-journée par semaine au projet.", "Les bénévoles ont reçu une courte formation avant de commencer.",
        "Le bilan a été présenté au conseil d'administration.", "Il a fallu adapter les horaires après les premières semaines.",
        "La communication s'est faite par affiches, par le bulletin municipal et de bouche à oreille.",
        "Les élus ont soutenu la démarche dès le départ.",
    ]

    public static let topics: [Topic] = [
        Topic(
            key: "isolement-aines",
            titles: [
                "Rompre l'isolement des personnes âgées par des visites à domicile", "Un réseau de voisins pour les aînés isolés",
                "Appels de convivialité aux personnes âgées seules",
            ],
            context: [
                "Beaucoup de personnes âgées vivent seules et ne sortent presque plus de chez elles.",
                "Après le décès de leur conjoint, des aînés se retrouvent isolés sans que personne ne le sache.",
                "Le registre des personnes vulnérables comptait de nombreux inscrits sans aucune visite.",
            ],
            goals: [
                "Repérer les personnes âgées isolées et leur proposer une visite régulière.",
                "Recréer du lien entre les aînés et leurs voisins.",
            ],
            actions: [
                "Des bénévoles formés rendent visite chaque semaine à une personne âgée.", "Un appel téléphonique hebdomadaire est proposé aux aînés inscrits.",
                "Un goûter mensuel réunit les personnes visitées et les bénévoles.",
            ],
            results: [
                "Quatre-vingts personnes âgées reçoivent une visite chaque semaine.", "Les appels ont permis de repérer douze situations de détresse.",
            ],
            lessons: [
                "La visite doit rester un moment choisi, pas un contrôle.", "Il faut un binôme stable : la personne âgée s'attache à un visage.",
            ],
            partners: ["association de visiteurs bénévoles", "service d'aide à domicile", "bailleur social"], theme: .isolation,
            figures: [.radar, .conviviality]),
        Topic(
            key: "cafe-social",
            titles: ["Un café solidaire au cœur du quartier", "Le café des habitants, lieu de rencontre sans rendez-vous", "Un comptoir convivial au marché"],
            context: [
                "Le guichet du CCAS ne voyait que les personnes déjà connues.", "Le quartier n'avait plus de lieu où se retrouver sans consommer.",
            ],
            goals: ["Offrir un lieu informel où l'on vient sans motif.", "Créer la confiance avant l'accompagnement."],
            actions: [
                "Un café associatif ouvre trois matinées par semaine avec un café à prix libre.",
                "Une travailleuse sociale passe sans badge, disponible pour qui le souhaite.",
                "Des animations simples : jeux, lectures, petit-déjeuner partagé.",
            ],
            results: ["Cent quarante personnes différentes sont venues la première année.", "Un tiers n'était pas connu du CCAS."],
            lessons: ["Le café doit rester un café : trop de professionnels le feraient fuir.", "S'appuyer sur un café existant coûte moins cher."],
            partners: ["café associatif", "centre social", "maison de quartier"], theme: .isolation, figures: [.conviviality]),
        Topic(
            key: "non-recours",
            titles: [
                "Aller vers les ayants droit qui ne demandent rien", "Une permanence d'accès aux droits au marché",
                "Rendez-vous des droits : lutter contre le non-recours",
            ],
            context: [
                "Une part importante des ménages ne touche pas les prestations auxquelles ils ont droit.",
                "La dématérialisation des démarches a éloigné des familles de leurs droits.",
            ],
            goals: ["Réduire le non-recours aux prestations sociales.", "Simplifier les démarches des ménages."],
            actions: [
                "Une simulation des droits est proposée à chaque premier accueil.", "Une permanence mobile s'installe sur les marchés.",
                "Les agents accompagnent la constitution des dossiers jusqu'à leur ouverture.",
            ],
            results: ["Deux cents ménages ont ouvert un droit qu'ils ne touchaient pas.", "Le montant moyen récupéré dépasse cent euros par mois."],
            lessons: ["Le non-recours se traite dans la durée, pas en une campagne.", "La simulation rassure : elle montre un montant concret."],
            partners: ["caisse d'allocations familiales", "caisse primaire d'assurance maladie", "France services"], theme: .rights, figures: [.radar]),
        Topic(
            key: "numerique",
            titles: ["Ateliers numériques pour les démarches en ligne", "Des aidants numériques dans chaque quartier", "Un ordinateur et un accompagnement"],
            context: [
                "De nombreux habitants ne savent pas utiliser internet pour leurs démarches.", "Les seniors renoncent à des droits faute d'ordinateur.",
            ],
            goals: ["Rendre les habitants autonomes pour leurs démarches en ligne.", "Lutter contre l'illectronisme."],
            actions: [
                "Des ateliers collectifs d'initiation au numérique chaque semaine.", "Un prêt d'ordinateurs reconditionnés.",
                "Des jeunes en service civique accompagnent les démarches.",
            ],
            results: ["Soixante personnes ont suivi le cycle complet d'ateliers.", "La moitié fait désormais ses démarches seule."],
            lessons: ["Garder des ateliers en présence : le tout à distance isole.", "Partir des démarches réelles des personnes."],
            partners: ["médiathèque", "association de reconditionnement", "conseiller numérique"], theme: .digital, figures: [.learning]),
        Topic(
            key: "epicerie",
            titles: ["Une épicerie solidaire ouverte à tous", "Paniers de légumes à prix solidaire", "Cuisiner ensemble pour mieux manger"],
            context: ["L'aide alimentaire en colis stigmatisait les familles.", "Des familles sautent des repas en fin de mois."],
            goals: ["Donner accès à une alimentation de qualité dans la dignité.", "Associer les bénéficiaires à la gestion."],
            actions: [
                "Une épicerie solidaire avec des prix modulés selon les ressources.", "Des ateliers de cuisine avec les produits de saison.",
                "Des paniers de légumes de producteurs locaux.",
            ],
            results: ["Cent vingt familles fréquentent l'épicerie chaque mois.", "Les bénévoles sont pour moitié d'anciens bénéficiaires."],
            lessons: ["Le choix des produits rend la dignité.", "La mixité des clients évite l'étiquette."],
            partners: ["banque alimentaire", "producteurs locaux", "associations caritatives"], theme: .food, figures: [.energies, .potentials]),
        Topic(
            key: "mobilite",
            titles: ["Un transport solidaire en milieu rural", "Des chauffeurs bénévoles pour les rendez-vous médicaux", "Garage solidaire et permis"],
            context: ["Sans voiture, les habitants des hameaux ne peuvent pas se rendre à leurs rendez-vous.", "Le bus ne passe que deux fois par jour."],
            goals: ["Permettre à chacun de se déplacer pour sa santé et ses démarches.", "Lever le frein de la mobilité vers l'emploi."],
            actions: [
                "Des chauffeurs bénévoles conduisent les personnes moyennant une participation modeste.", "Une centrale d'appel organise les trajets.",
                "Un garage solidaire répare les véhicules à petit prix.",
            ],
            results: ["Mille trajets réalisés dans l'année.", "Trente personnes ont pu accepter un emploi."],
            lessons: ["Il faut assurer les bénévoles et encadrer les frais.", "Une centrale unique simplifie tout."],
            partners: ["communauté de communes", "association de transport solidaire", "mission locale"], theme: .mobility, figures: [.energies]),
        Topic(
            key: "logement-intergenerationnel",
            titles: [
                "Cohabitation intergénérationnelle : un étudiant chez un senior", "Colocation solidaire entre jeunes et aînés",
                "Loger un jeune chez une personne âgée",
            ],
            context: ["Des étudiants ne trouvent pas de logement abordable.", "Des personnes âgées vivent seules dans de grands logements."],
            goals: ["Rapprocher les générations par le logement partagé.", "Rompre la solitude des seniors et loger des jeunes."],
            actions: [
                "Mise en relation d'étudiants et de seniors avec une charte de cohabitation.", "Un suivi mensuel des binômes par le CCAS.",
            ],
            results: ["Vingt binômes formés en deux ans.", "Aucune rupture de cohabitation la première année."],
            lessons: ["La charte évite les malentendus sur l'intimité de chacun.", "Bien choisir les binômes prend du temps."],
            partners: ["université", "association de cohabitation intergénérationnelle", "bailleur social"], theme: .housing,
            figures: [.places]),
        Topic(
            key: "tiers-lieu",
            titles: ["Un tiers-lieu partagé dans l'ancienne école", "Ouvrir les locaux du CCAS aux associations", "Une maison commune pour le bourg"],
            context: ["L'ancienne école était vide depuis des années.", "Les associations manquaient de salles."],
            goals: ["Partager un lieu entre habitants, associations et services.", "Faire vivre le bourg toute la semaine."],
            actions: [
                "Les salles sont réservées en ligne ou à l'accueil.", "Un kit d'activation aide les habitants à lancer une activité.",
                "Un comité d'usagers fixe les règles du lieu.",
            ],
            results: ["Quinze associations utilisent le lieu chaque semaine.", "Quatre nouvelles activités lancées par des habitants."],
            lessons: ["Le lieu doit évoluer avec ceux qui le font vivre.", "Garder une présence du CCAS pour rester identifiable."],
            partners: ["mairie", "associations locales", "fablab"], theme: .participation, figures: [.places, .potentials]),
        Topic(
            key: "banque-temps",
            titles: ["Une banque de temps entre voisins", "Échanger des heures de services", "Un système d'échange local de savoirs"],
            context: ["Les voisins ne se connaissaient plus.", "Chacun a des savoir-faire qu'il ne partage pas."],
            goals: ["Valoriser les compétences de chacun par l'échange d'heures.", "Créer de l'entraide sans argent."],
            actions: [
                "Une heure donnée vaut une heure reçue, quel que soit le service.", "Des rencontres mensuelles pour faire connaissance.",
            ],
            results: ["Trois cents heures échangées la première année.", "Cent membres inscrits."],
            lessons: ["Il faut animer le réseau, sinon les échanges s'arrêtent.", "Les petits services comptent autant que les grands."],
            partners: ["centre social", "associations de quartier"], theme: .participation, figures: [.energies]),
        Topic(
            key: "insertion-emploi",
            titles: ["Accompagner vers l'emploi les allocataires du RSA", "Un chantier d'insertion dans les espaces verts", "Des parrains pour l'emploi"],
            context: ["Le chômage de longue durée touche fortement le quartier.", "Les allocataires du RSA restent longtemps sans accompagnement."],
            goals: ["Remettre le pied à l'étrier par une activité rémunérée.", "Lever les freins à l'emploi."],
            actions: [
                "Un chantier d'insertion emploie douze personnes à l'entretien des espaces verts.", "Des parrains issus des entreprises locales accompagnent.",
            ],
            results: ["Huit sorties vers un emploi durable.", "La moitié des participants a obtenu une formation qualifiante."],
            lessons: ["Le lien avec les entreprises locales est décisif.", "Il faut traiter ensemble la garde d'enfants et la mobilité."],
            partners: ["France Travail", "entreprises locales", "département"], theme: .employment, figures: [.potentials, .energies]),
        Topic(
            key: "sante-prevention",
            titles: ["Bilans de santé au pied des immeubles", "Un bus de prévention santé", "Accès aux soins pour les plus démunis"],
            context: ["Beaucoup d'habitants renoncent aux soins pour des raisons financières.", "Le quartier manque de médecins."],
            goals: ["Rapprocher la prévention des habitants éloignés du soin.", "Ouvrir des droits à la complémentaire santé."],
            actions: ["Un bus de prévention stationne chaque mois dans le quartier.", "Des bilans de santé gratuits avec orientation."],
            results: ["Quatre cents bilans réalisés.", "Cinquante ouvertures de complémentaire santé solidaire."],
            lessons: ["Aller au pied des immeubles change tout.", "La médiation en santé rassure."],
            partners: ["centre hospitalier", "caisse primaire d'assurance maladie", "maison de santé"], theme: .health, figures: [.radar]),
        Topic(
            key: "jeunes",
            titles: ["Accueil des jeunes en rupture", "Un point écoute pour les jeunes", "Bourse aux projets de jeunes"],
            context: ["Des jeunes décrochent sans que personne ne les accompagne.", "Les jeunes ne poussent pas la porte du CCAS."],
            goals: ["Accompagner les jeunes vers l'autonomie.", "Soutenir les projets portés par les jeunes."],
            actions: ["Des éducateurs vont à la rencontre des jeunes dans la rue.", "Une bourse finance les projets de jeunes du territoire."],
            results: ["Quarante jeunes accompagnés.", "Dix projets de jeunes financés."],
            lessons: ["La confiance des jeunes se gagne dehors.", "Un petit financement rapide vaut mieux qu'un gros tardif."],
            partners: ["mission locale", "prévention spécialisée", "maison des jeunes"], theme: .youth, figures: [.potentials]),
        Topic(
            key: "aidants",
            titles: ["Soutenir les aidants familiaux", "Un temps de répit pour les aidants", "Café des aidants"],
            context: ["Les aidants s'épuisent à accompagner un proche dépendant.", "Les aidants ne connaissent pas les aides de répit."],
            goals: ["Offrir du répit aux aidants.", "Rompre l'isolement des aidants."],
            actions: ["Un café des aidants mensuel animé par une psychologue.", "Des heures de relais à domicile."],
            results: ["Soixante aidants ont participé.", "Trente ont bénéficié de relais."],
            lessons: ["Les aidants ne se reconnaissent pas comme tels : il faut les nommer.", "Le répit doit être simple à demander."],
            partners: ["plateforme de répit", "service d'aide à domicile", "associations de patients"], theme: .ageing, figures: [.conviviality, .radar]),
        Topic(
            key: "canicule",
            titles: ["Plan canicule : appeler les personnes vulnérables", "Veille estivale auprès des aînés", "Prévenir les effets des fortes chaleurs"],
            context: ["Les épisodes de canicule mettent en danger les personnes âgées seules.", "Le registre était peu connu."],
            goals: ["Contacter chaque personne inscrite pendant une alerte.", "Faire connaître le registre."],
            actions: ["Des appels quotidiens pendant les alertes.", "Une campagne d'inscription au registre par les facteurs et les pharmacies."],
            results: ["Toutes les personnes inscrites ont été appelées.", "Le registre a doublé en un an."],
            lessons: ["Préparer les listes avant l'été.", "Les pharmacies sont de bons relais."],
            partners: ["pharmacies", "La Poste", "services municipaux"], theme: .ageing, figures: [.radar]),
        Topic(
            key: "precarite-energetique",
            titles: ["Lutter contre la précarité énergétique", "Visites énergie à domicile", "Des éco-gestes pour alléger les factures"],
            context: ["Des ménages ne chauffent plus leur logement.", "Les impayés d'énergie augmentent."],
            goals: ["Réduire les factures d'énergie des ménages modestes.", "Repérer les logements mal isolés."],
            actions: ["Des visites à domicile avec un kit d'économies d'énergie.", "Une orientation vers les aides à la rénovation."],
            results: ["Cent cinquante visites réalisées.", "Une économie moyenne de deux cents euros par an."],
            lessons: ["La visite ouvre souvent sur d'autres difficultés.", "Travailler avec les bailleurs est indispensable."],
            partners: ["espace conseil énergie", "bailleur social", "fournisseur d'énergie"], theme: .housing, figures: [.radar, .energies]),
        Topic(
            key: "benevoles",
            titles: ["Coordonner les bénévoles du territoire", "Une plateforme d'engagement bénévole", "Former et fidéliser les bénévoles"],
            context: ["Les associations peinent à trouver des bénévoles.", "Des habitants veulent aider sans savoir où."],
            goals: ["Mettre en relation les besoins et les bonnes volontés.", "Éviter l'épuisement des bénévoles."],
            actions: ["Un forum annuel de l'engagement.", "Un référent bénévolat au CCAS.", "Des formations communes aux bénévoles."],
            results: ["Deux cents bénévoles orientés.", "Vingt associations partenaires."],
            lessons: ["Respecter le temps que chacun peut donner.", "Ne pas confier aux bénévoles ce qui revient aux professionnels."],
            partners: ["associations locales", "centre de ressources de la vie associative"], theme: .participation, figures: [.energies]),
        Topic(
            key: "charte-citoyenne",
            titles: ["Écrire une charte citoyenne avec les habitants", "Un parlement d'habitants pour l'action sociale", "Conseil local des solidarités"],
            context: ["Les habitants se sentaient peu écoutés.", "Les acteurs de la solidarité ne parlaient pas d'une même voix."],
            goals: ["Associer les habitants aux choix sociaux de la commune.", "Porter la voix des personnes concernées."],
            actions: ["Des séances ouvertes pour amender la charte.", "Un vote à bulletin secret sur les propositions."],
            results: ["Trois cents participants aux séances.", "Douze propositions adoptées par le conseil."],
            lessons: ["Représenter toutes les voix, pas seulement les plus fortes.", "Rendre compte de ce que deviennent les propositions."],
            partners: ["conseils de quartier", "associations d'usagers"], theme: .participation, figures: [.advocacy]),
        Topic(
            key: "formation-citoyenne",
            titles: ["Former les habitants aux premiers secours et à l'entraide", "Une université populaire de quartier", "Ateliers de savoirs partagés"],
            context: ["Les habitants ont des savoirs qu'ils ne transmettent pas.", "Peu de voisins savent réagir face à une urgence."],
            goals: ["Transmettre les savoirs du vivre ensemble.", "Former des habitants relais."],
            actions: ["Des ateliers de premiers secours ouverts à tous.", "Des habitants animent des ateliers sur leurs savoir-faire."],
            results: ["Cent cinquante habitants formés.", "Vingt habitants sont devenus animateurs."],
            lessons: ["Un habitant n'est pas un travailleur social au rabais.", "Les ateliers en présence créent du lien."],
            partners: ["protection civile", "université populaire", "associations de quartier"], theme: .participation, figures: [.learning]),
        Topic(
            key: "projets-habitants",
            titles: ["Incubateur de projets d'habitants", "Accompagner les initiatives des habitants", "Un budget pour les idées des habitants"],
            context: ["Des habitants ont des idées sans savoir comment les mener.", "Le CCAS voulait passer du guichet à l'accompagnement de projets."],
            goals: ["Accompagner les habitants de l'idée à la réalisation.", "Développer le pouvoir d'agir."],
            actions: ["Des étapes claires de l'idée au lancement.", "Un coach suit chaque projet.", "Une petite enveloppe pour démarrer."],
            results: ["Quinze projets lancés.", "Six fonctionnent sans le CCAS."],
            lessons: ["Tout le monde ne veut pas porter un projet : proposer aussi de rejoindre.", "Garder le collectif au centre."],
            partners: ["centre social", "fondation locale", "entreprises mécènes"], theme: .participation, figures: [.potentials]),
        Topic(
            key: "violences-familles",
            titles: ["Accueillir les familles monoparentales", "Un accueil de jour pour les femmes en difficulté", "Soutien à la parentalité"],
            context: ["Les familles monoparentales cumulent les difficultés.", "Des mères isolées n'osent pas demander d'aide."],
            goals: ["Soutenir les parents seuls.", "Offrir un lieu sûr et un accompagnement."],
            actions: ["Un accueil de jour avec garde d'enfants.", "Des groupes de parole entre parents."],
            results: ["Quatre-vingts familles accompagnées.", "Une baisse des situations d'urgence."],
            lessons: ["La garde d'enfants conditionne tout le reste.", "Les groupes de parole brisent la honte."],
            partners: ["protection maternelle et infantile", "associations familiales", "département"], theme: .youth, figures: [.places, .conviviality]),
    ]

    static let places = ["Saint-Aubin", "Montfort", "Les Essarts", "Valbonne", "Rivière-Haute", "Le Plessis", "Beaulieu", "Clairmont", "Fontvieille"]

    /// The sheet number `index` of a corpus of the given seed: the same inputs give the same sheet.
    public static func sheet(_ index: Int, seed: UInt64 = 1) -> (topic: Topic, content: SheetContent) {
        var rng = SeededGenerator(seed: seed &+ UInt64(index) &* 7919)
        let topic = topics[index % topics.count]
        func pick(_ items: [String]) -> String { items[Int.random(in: 0..<items.count, using: &rng)] }
        func some(_ items: [String], _ count: Int) -> String { items.shuffled(using: &rng).prefix(count).joined(separator: " ") }
        let place = pick(places)
        let size = CommuneSize.allCases[Int.random(in: 0..<CommuneSize.allCases.count, using: &rng)]
        let content = SheetContent(
            title: "\(pick(topic.titles)) à \(place)",
            context: some(topic.context, 2) + " " + pick(common), goals: some(topic.goals, 2),
            actions: some(topic.actions, 2) + " " + pick(common), means: "\(pick(common)) Une personne à mi-temps pendant un an.",
            costEuros: Int.random(in: 1...60, using: &rng) * 1_000,
            partners: topic.partners.shuffled(using: &rng).prefix(2).joined(separator: ", ").capitalizedFirst,
            results: some(topic.results, 2), lessons: some(topic.lessons, 2), figures: ManualFigure.allCases.filter(topic.figures.contains), theme: topic.theme,
            communeSize: size,
            contact: "Service solidarités du CCAS de \(place)")
        return (topic, content)
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() + "." }
}
