/// Fictional partners of the demo territory, as data·inclusion records. They go through the
/// same validation as any import, so the demo also proves the importer.
public enum DemoDirectory {
    /// The structure the demo partner account answers for.
    public static let partnerStructure = "autour-demo--lien-seniors"

    static func structure(_ id: String, _ name: String, _ address: String, _ phone: String, updated: String) -> JSONValue {
        [
            "source": "autour-demo", "id": .string("autour-demo--\(id)"), "nom": .string(name), "date_maj": .string(updated),
            "commune": "Vaulx-en-Velin", "code_postal": "69120", "code_insee": "69256", "adresse": .string(address),
            "telephone": .string(phone), "description": .string("Partenaire fictif du territoire de démonstration."),
        ]
    }

    static func service(
        _ id: String, structure: String, _ name: String, _ description: String, thematiques: [String],
        publics: [String], type: String, updated: String
    ) -> JSONValue {
        [
            "source": "autour-demo", "id": .string("autour-demo--\(id)"), "structure_id": .string("autour-demo--\(structure)"),
            "nom": .string(name), "description": .string(description), "date_maj": .string(updated),
            "thematiques": .array(thematiques.map(JSONValue.string)), "publics": .array(publics.map(JSONValue.string)),
            "type": .string(type), "frais": "gratuit", "modes_accueil": ["en-presentiel"], "commune": "Vaulx-en-Velin",
            "code_insee": "69256", "zone_eligibilite": ["69256"],
        ]
    }

    public static let structures: [JSONValue] = [
        structure("epicerie-mas", "Épicerie solidaire du Mas", "12 avenue du Mas", "04 78 00 11 22", updated: "2026-09-14"),
        structure("lien-seniors", "Association Lien et Visites", "3 rue du Village", "04 78 00 33 44", updated: "2026-10-02"),
        structure("centre-social-ile", "Centre social de la Grande Île", "40 chemin de la Grande Île", "04 78 00 55 66", updated: "2025-06-30"),
        structure("repair-numerique", "Atelier numérique de la Soie", "8 rue de la Soie", "04 78 00 77 88", updated: "2026-11-03"),
    ]

    public static let services: [JSONValue] = [
        service(
            "colis", structure: "epicerie-mas", "Colis et épicerie à petits prix",
            "Produits du quotidien à prix réduit, sur orientation d'un travailleur social, pour trois mois renouvelables.",
            thematiques: ["equipement-et-alimentation--alimentation"], publics: ["familles", "seniors", "beneficiaires-des-minimas-sociaux"],
            type: "aide-materielle", updated: "2026-09-14"),
        service(
            "visites", structure: "lien-seniors", "Visites de convivialité à domicile",
            "Des bénévoles formés rendent visite chaque semaine aux personnes âgées isolées qui le souhaitent.",
            thematiques: ["remobilisation--lien-social"], publics: ["seniors"], type: "accompagnement", updated: "2026-10-02"),
        service(
            "appels", structure: "lien-seniors", "Appels réguliers",
            "Un appel amical une ou deux fois par semaine, au jour choisi par la personne.",
            thematiques: ["remobilisation--lien-social"], publics: ["seniors", "personnes-en-situation-de-handicap"],
            type: "accompagnement", updated: "2026-10-02"),
        service(
            "parentalite", structure: "centre-social-ile", "Café des parents",
            "Un temps d'échange entre parents chaque mercredi matin, avec une garde des tout-petits.",
            thematiques: ["famille--soutien-a-la-parentalite-et-a-leducation"], publics: ["familles"], type: "atelier",
            updated: "2025-06-30"),
        service(
            "ateliers-numeriques", structure: "repair-numerique", "Premiers pas sur internet",
            "Ateliers en petits groupes pour utiliser un téléphone, envoyer un courriel et faire ses démarches en ligne.",
            thematiques: ["numerique--maitriser-les-fondamentaux-du-numerique", "numerique--acceder-a-des-services-en-ligne"],
            publics: ["tous-publics"], type: "atelier", updated: "2026-11-03"),
        service(
            "ordinateurs", structure: "repair-numerique", "Ordinateurs reconditionnés",
            "Vente solidaire d'ordinateurs reconditionnés, avec une heure de prise en main.",
            thematiques: ["numerique--acquerir-un-equipement"], publics: ["beneficiaires-des-minimas-sociaux", "jeunes"],
            type: "aide-materielle", updated: "2026-11-03"),
    ]
}
