import Foundation

/// The households of the demo territory's Rights module: the 30 inhabitants' own situations (most
/// are older people on small pensions, living alone) and 10 younger families the CCAS met about
/// rent arrears and school costs. Amounts are invented and plausible; the figures shown come from
/// OpenFisca-France when the demo is loaded with it.
public enum DemoRights {
    public struct Family: Sendable {
        public let firstName: String, lastName: String, birthDate: String, spouseBirth: String?, children: [String], salary: Double
        public let unemployment: Double, rent: Double, social: Bool
    }

    public static let families: [Family] = [
        Family(
            firstName: "Inès", lastName: "Benali", birthDate: "1990-04-12", spouseBirth: nil, children: ["2016-09-03", "2019-01-22"], salary: 1150,
            unemployment: 0, rent: 520, social: true),
        Family(
            firstName: "Kevin", lastName: "Morel", birthDate: "1987-11-02", spouseBirth: "1989-06-17", children: ["2012-05-30", "2015-02-14", "2020-08-08"],
            salary: 1900, unemployment: 0, rent: 640, social: true),
        Family(
            firstName: "Aïcha", lastName: "Diallo", birthDate: "1994-02-25", spouseBirth: nil, children: ["2021-03-11"], salary: 0, unemployment: 0,
            rent: 480, social: true),
        Family(
            firstName: "Julien", lastName: "Roux", birthDate: "1985-07-19", spouseBirth: "1986-12-01", children: ["2013-10-10", "2017-04-04"], salary: 1450,
            unemployment: 780, rent: 700, social: false),
        Family(
            firstName: "Sandra", lastName: "Lopes", birthDate: "1992-09-09", spouseBirth: nil, children: ["2014-06-21", "2018-12-30", "2022-05-05"],
            salary: 700, unemployment: 0, rent: 560, social: true),
        Family(
            firstName: "Yacine", lastName: "Haddad", birthDate: "1998-03-03", spouseBirth: nil, children: [], salary: 980, unemployment: 0, rent: 430,
            social: false),
        Family(
            firstName: "Céline", lastName: "Faure", birthDate: "1983-01-15", spouseBirth: "1980-08-23", children: ["2010-11-11"], salary: 2100,
            unemployment: 0, rent: 750, social: false),
        Family(
            firstName: "Moussa", lastName: "Traoré", birthDate: "1979-05-05", spouseBirth: "1984-10-10",
            children: ["2009-02-02", "2011-07-07", "2016-03-03", "2019-09-09"],
            salary: 1600, unemployment: 0, rent: 690, social: true),
        Family(
            firstName: "Laura", lastName: "Garnier", birthDate: "1996-12-12", spouseBirth: nil, children: ["2020-10-01"], salary: 0, unemployment: 950,
            rent: 510, social: true),
        Family(
            firstName: "Thierry", lastName: "Masson", birthDate: "1975-06-30", spouseBirth: nil, children: [], salary: 0, unemployment: 0, rent: 390,
            social: true),
    ]

    /// An inhabitant's situation from their index and birth year: pensions for the older ones (some
    /// small enough for the ASPA), a part-time job, unemployment or a disability for the others.
    public static func inhabitant(index: Int, birthDate: String, commune: String, today: YearMonth) -> HouseholdSituation {
        let age = SituationRules.age(birthDate: birthDate, at: today) ?? 70
        var income: [IncomeKind: Double] = [:]
        var disabled: Bool?
        if age >= 65 {
            income[.pension] = [640, 820, 1_050, 1_380, 910, 1_700, 760][index % 7]
        } else if index % 3 == 0 {
            income[.salary] = [880, 1_240, 1_560][(index / 3) % 3]
        } else if index % 3 == 1 {
            income[.unemployment] = 860
        } else {
            disabled = true
        }
        let owner = index % 4 == 0
        return HouseholdSituation(
            members: [HouseholdMember(role: .applicant, birthDate: birthDate, monthlyIncome: income, disabled: disabled)],
            housing: Housing(
                status: owner ? .owner : .tenant, rent: owner ? nil : Double(340 + (index % 5) * 45), commune: commune,
                socialHousing: owner ? nil : index % 2 == 0))
    }

    /// How the nine followed-up findings ended, with the agent's note.
    public static let outcomes: [(FindingOutcome, String)] = [
        (.open, ""), (.open, ""),
        (.claimed, "Dossier déposé avec la personne ; accusé de réception reçu."),
        (.claimed, "Demande en ligne faite pendant la permanence numérique."),
        (.refused, "L'organisme a refusé : ressources du trimestre précédent trop élevées."),
        (.notEligible, "Vérification faite : une pension étrangère non déclarée dépasse le plafond."),
        (.notEligible, "Le conjoint perçoit déjà la prestation pour le foyer."),
        (.declined, "La personne ne souhaite pas de démarche pour le moment ; à reproposer."),
        (.declined, "Refus de la personne : elle craint un contrôle."),
    ]

    /// The year's optional-aid rules: a ceiling per decision and a budget per kind, in euros
    /// (6 000 € in all; the commission's payments spend exactly half).
    public static let aidBudgets: [(kind: AidKind, ceiling: Int, budget: Int)] = [
        (.food, 300, 1_200), (.energy, 500, 1_800), (.rentArrears, 1_000, 1_500), (.health, 400, 500), (.transport, 200, 400), (.school, 600, 600),
    ]

    public struct AidCase: Sendable {
        public let kind: AidKind, requested: Int, decision: AidDecision, granted: Int, reason: String, need: String
        /// Paid straight to this creditor rather than to the person.
        public let creditor: String?
    }

    /// Last month's commission: twelve applications, eight granted (3 000 € paid), two refused,
    /// two postponed and put on the next commission's agenda.
    public static let aidCases: [AidCase] = [
        AidCase(
            kind: .food, requested: 150, decision: .granted, granted: 150, reason: "", need: "Courses du mois après un retard de versement du RSA.",
            creditor: "Épicerie solidaire du Mas"),
        AidCase(
            kind: .energy, requested: 380, decision: .granted, granted: 300, reason: "Le reste de la facture fait l'objet d'un échéancier.",
            need: "Facture d'électricité de régularisation.", creditor: "Fournisseur d'électricité"),
        AidCase(
            kind: .rentArrears, requested: 1_200, decision: .granted, granted: 900, reason: "Plafond appliqué ; le bailleur accepte un plan pour le reste.",
            need: "Deux mois de loyer en retard après une perte d'emploi.", creditor: "Bailleur social Est Métropole"),
        AidCase(
            kind: .health, requested: 250, decision: .granted, granted: 250, reason: "", need: "Reste à charge de lunettes pour un enfant.",
            creditor: nil),
        AidCase(
            kind: .energy, requested: 450, decision: .granted, granted: 450, reason: "", need: "Remplissage de la cuve de fioul avant l'hiver.",
            creditor: "Fournisseur de fioul"),
        AidCase(
            kind: .transport, requested: 180, decision: .granted, granted: 180, reason: "", need: "Abonnement de transport pour reprendre une formation.",
            creditor: "Réseau de transport"),
        AidCase(
            kind: .food, requested: 200, decision: .granted, granted: 200, reason: "", need: "Foyer de cinq personnes, colis insuffisants ce mois-ci.",
            creditor: nil),
        AidCase(
            kind: .school, requested: 570, decision: .granted, granted: 570, reason: "", need: "Cantine du trimestre pour trois enfants.",
            creditor: "Régie de restauration scolaire"),
        AidCase(
            kind: .energy, requested: 300, decision: .refused, granted: 0,
            reason: "Le fonds de solidarité logement est compétent : demande transmise avec la personne.", need: "Facture de gaz impayée.", creditor: nil),
        AidCase(
            kind: .transport, requested: 400, decision: .refused, granted: 0,
            reason: "Réparation d'un véhicule au-delà du plafond ; un microcrédit est proposé.", need: "Réparation de voiture pour aller au travail.",
            creditor: nil),
        AidCase(
            kind: .health, requested: 350, decision: .postponed, granted: 0, reason: "Attendre la réponse de la mutuelle sur le devis.",
            need: "Soins dentaires, devis de 700 €.", creditor: nil),
        AidCase(
            kind: .rentArrears, requested: 800, decision: .postponed, granted: 0, reason: "Dossier à compléter par la dernière quittance.",
            need: "Rattrapage de loyer après une séparation.", creditor: nil),
    ]
}
