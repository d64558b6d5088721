import Foundation

/// The chapters of the social needs analysis, in the order the yearly report prints them.
public enum IndicatorTheme: String, CaseIterable, Codable, Sendable {
    case isolation, files, solidarity, community, rights

    public var label: String {
        switch self {
        case .isolation: "Repérage de l'isolement et de la fragilité"
        case .files: "Accompagnement des personnes"
        case .solidarity: "Solidarités de proximité"
        case .community: "Vie locale et pouvoir d'agir"
        case .rights: "Accès aux droits et aides"
        }
    }
}

/// One indicator of the Observatory, defined once: what the methods page, the tables, the
/// exports and the yearly report all say about it.
public struct Indicator: Sendable, Equatable, Identifiable {
    public enum Unit: String, Sendable { case count, hours, euros }

    public let id: String
    public let theme: IndicatorTheme
    public let label: String
    /// What is counted, in a sentence a board member understands.
    public let definition: String
    /// Where the figure comes from: the module and what it records.
    public let source: String
    public let unit: Unit
    /// Counts people (not acts or euros): only people who gave the `statistics` consent enter it.
    public let countsPeople: Bool
}

/// The catalogue of the Observatory's indicators.
public enum Indicators {
    public static let all: [Indicator] = [
        Indicator(
            id: "signals", theme: .isolation, label: "Signalements reçus",
            definition: "Signalements de fragilité reçus, par type (isolement, santé, logement…) et par issue.",
            source: "Radar : signalements des veilleurs et des agents.", unit: .count, countsPeople: false),
        Indicator(
            id: "first_contact", theme: .isolation, label: "Délai du premier contact",
            definition: "Heures entre un signalement et le premier contact avec la personne (médiane).",
            source: "Radar : dates des signalements et des prises de contact.", unit: .hours, countsPeople: false),
        Indicator(
            id: "register", theme: .isolation, label: "Registre canicule et campagnes",
            definition: "Personnes inscrites au registre des personnes vulnérables, appels des campagnes et leurs résultats.",
            source: "Radar : registre, campagnes d'appels.", unit: .count, countsPeople: true),
        Indicator(
            id: "files_opened", theme: .files, label: "Fiches ouvertes",
            definition: "Personnes dont la fiche a été ouverte dans la période.", source: "Personnes : fiches.", unit: .count,
            countsPeople: true),
        Indicator(
            id: "follow_ups", theme: .files, label: "Suivis par type",
            definition: "Suivis notés dans les fiches (entretien, visite, appel…), par type.", source: "Personnes : suivis.", unit: .count,
            countsPeople: false),
        Indicator(
            id: "referrals", theme: .files, label: "Orientations vers les partenaires",
            definition: "Orientations envoyées aux partenaires de l'annuaire et leurs réponses (acceptée, refusée, sans réponse).",
            source: "Personnes : orientations.", unit: .count, countsPeople: false),
        Indicator(
            id: "needs", theme: .solidarity, label: "Besoins et heures de bénévolat",
            definition: "Besoins exprimés, besoins pourvus et heures de bénévolat vérifiées.", source: "Énergies : besoins, missions, heures.",
            unit: .hours, countsPeople: false),
        Indicator(
            id: "time_bank", theme: .solidarity, label: "Échanges de la banque de temps",
            definition: "Échanges entre membres de la banque de temps et heures échangées.", source: "Banque de temps : grand livre.", unit: .hours,
            countsPeople: false),
        Indicator(
            id: "emerging_needs", theme: .solidarity, label: "Alertes de besoins émergents",
            definition: "Besoins d'un même type qui augmentent nettement dans un quartier.", source: "Énergies : alertes.", unit: .count,
            countsPeople: false),
        Indicator(
            id: "events", theme: .community, label: "Événements conviviaux et mixité",
            definition: "Événements, participants et mesure anonyme de la mixité sociale des publics.",
            source: "Convivialité : événements, inscriptions, réponses anonymes.", unit: .count, countsPeople: false),
        Indicator(
            id: "projects", theme: .community, label: "Projets d'habitants par étape",
            definition: "Projets proposés par les habitants et l'étape qu'ils ont atteinte.", source: "Potentiels : projets.", unit: .count,
            countsPeople: false),
        Indicator(
            id: "trainings", theme: .community, label: "Formations entre pairs",
            definition: "Séances de l'université d'appartement et présences.", source: "Apprentissages : séances, présences.", unit: .count,
            countsPeople: false),
        Indicator(
            id: "non_take_up", theme: .rights, label: "Non-recours repérés et leur issue",
            definition: "Droits probablement non demandés repérés par l'étude des droits, par prestation et par issue du suivi.",
            source: "Droits : études OpenFisca-France, suivis.", unit: .count, countsPeople: false),
        Indicator(
            id: "optional_aid", theme: .rights, label: "Aides facultatives",
            definition: "Demandes examinées en commission, aides accordées et montants versés, par type d'aide.",
            source: "Droits : demandes, décisions, paiements.", unit: .euros, countsPeople: false),
        Indicator(
            id: "vouchers", theme: .rights, label: "Bons santé",
            definition: "Bons santé remis, utilisés et expirés, par type (pharmacie, opticien, dentiste).", source: "Droits : bons santé.",
            unit: .count, countsPeople: false),
    ]

    public static func find(_ id: String) -> Indicator? { all.first { $0.id == id } }
}
