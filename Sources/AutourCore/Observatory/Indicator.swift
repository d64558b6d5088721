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
    public enum Unit: String, CaseIterable, Sendable { case count, hours, euros }

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
    /// The ways its figures are broken down besides the neighbourhood (« Type », « Issue »…), in
    /// the order each `Observation.facets` gives them.
    public var breakdowns: [String] = []

    /// An amount of this unit as a number in the unit itself (hours, euros), for the API and spreadsheets.
    public func value(_ amount: Int) -> Double {
        switch unit {
        case .count: Double(amount)
        case .hours: Double(amount) / 60
        case .euros: Double(amount) / 100
        }
    }

    /// An amount of this unit (a count, minutes, cents) as a table cell reads it: « 12 »,
    /// « 3 h 30 », « 1 250 € ».
    public func format(_ amount: Int) -> String {
        switch unit {
        case .count: String(amount)
        case .hours: LedgerRules.hours(amount)
        case .euros: FrenchMoney.text(cents: amount, wholeEuros: true)
        }
    }

    /// A published figure as a page or a chart writes it: the amount, or « masqué ».
    public func text(_ amount: Int?) -> String { amount.map(format) ?? SuppressedTable.text(nil) }

    /// A year's total in a sentence: the amount, or why it is not shown.
    public func totalText(_ amount: Int?) -> String { amount.map(format) ?? "masqué (moins de \(SmallCount.threshold))" }

    /// An amount as an export writes it: a plain number French spreadsheets read (decimal comma).
    public func exported(_ amount: Int) -> String {
        switch unit {
        case .count: String(amount)
        case .hours: amount % 60 == 0 ? String(amount / 60) : String(format: "%.2f", Double(amount) / 60).replacingOccurrences(of: ".", with: ",")
        case .euros: amount % 100 == 0 ? String(amount / 100) : String(format: "%.2f", Double(amount) / 100).replacingOccurrences(of: ".", with: ",")
        }
    }

    /// The column heading of its figures in an export: what the numbers are.
    public var unitHeading: String {
        switch unit {
        case .count: "Nombre"
        case .hours: "Heures"
        case .euros: "Euros"
        }
    }
}

/// The catalogue of the Observatory's indicators.
public enum Indicators {
    public static let all: [Indicator] = [
        Indicator(
            id: "signals", theme: .isolation, label: "Signalements reçus",
            definition: "Signalements de fragilité reçus, par type (isolement, santé, logement…) et par issue.",
            source: "Radar : signalements des veilleurs et des agents.", unit: .count, countsPeople: false, breakdowns: ["Type", "Issue"]),
        Indicator(
            id: "first_contact", theme: .isolation, label: "Délai du premier contact",
            definition: "Signalements selon le temps écoulé entre leur réception et le premier contact avec la personne.",
            source: "Radar : dates des signalements et des prises de contact.", unit: .count, countsPeople: false, breakdowns: ["Délai"]),
        Indicator(
            id: "register", theme: .isolation, label: "Registre canicule et campagnes",
            definition: "Inscriptions au registre des personnes vulnérables, et appels des campagnes par résultat.",
            source: "Radar : registre, campagnes d'appels.", unit: .count, countsPeople: true, breakdowns: ["Événement"]),
        Indicator(
            id: "files_opened", theme: .files, label: "Fiches ouvertes",
            definition: "Personnes dont la fiche a été ouverte dans la période.", source: "Personnes : fiches.", unit: .count,
            countsPeople: true),
        Indicator(
            id: "follow_ups", theme: .files, label: "Suivis par type",
            definition: "Suivis notés dans les fiches (entretien, visite, appel…), par type.", source: "Personnes : suivis.", unit: .count,
            countsPeople: false, breakdowns: ["Type"]),
        Indicator(
            id: "referrals", theme: .files, label: "Orientations vers les partenaires",
            definition: "Orientations envoyées aux partenaires de l'annuaire et leurs réponses (acceptée, refusée, sans réponse).",
            source: "Personnes : orientations.", unit: .count, countsPeople: false, breakdowns: ["Réponse"]),
        Indicator(
            id: "needs", theme: .solidarity, label: "Besoins confiés aux bénévoles",
            definition: "Besoins exprimés (courses, visites, accompagnements…) et l'état où ils en sont : ouverts, pourvus, faits.",
            source: "Énergies : besoins et missions.", unit: .count, countsPeople: false, breakdowns: ["État"]),
        Indicator(
            id: "time_bank", theme: .solidarity, label: "Échanges de la banque de temps",
            definition: "Échanges entre membres de la banque de temps et heures échangées.", source: "Banque de temps : grand livre.", unit: .hours,
            countsPeople: false, breakdowns: ["Type d'échange"]),
        Indicator(
            id: "emerging_needs", theme: .solidarity, label: "Alertes de besoins émergents",
            definition: "Besoins d'un même type qui augmentent nettement dans un quartier.", source: "Énergies : alertes.", unit: .count,
            countsPeople: false, breakdowns: ["Type de besoin", "Décision"]),
        Indicator(
            id: "events", theme: .community, label: "Événements conviviaux",
            definition: "Événements conviviaux tenus (hors annulés), par type ; la mixité des publics a sa propre page.",
            source: "Convivialité : événements.", unit: .count, countsPeople: false, breakdowns: ["Type"]),
        Indicator(
            id: "projects", theme: .community, label: "Projets d'habitants par étape",
            definition: "Projets proposés par les habitants et l'étape qu'ils ont atteinte.", source: "Potentiels : projets.", unit: .count,
            countsPeople: false, breakdowns: ["Étape"]),
        Indicator(
            id: "trainings", theme: .community, label: "Formations entre pairs",
            definition: "Séances de l'université d'appartement tenues (hors annulées), sujet social ou non.", source: "Apprentissages : séances.", unit: .count,
            countsPeople: false, breakdowns: ["Sujet"]),
        Indicator(
            id: "non_take_up", theme: .rights, label: "Non-recours repérés et leur issue",
            definition: "Droits probablement non demandés repérés par l'étude des droits, par prestation et par issue du suivi.",
            source: "Droits : études OpenFisca-France, suivis.", unit: .count, countsPeople: false, breakdowns: ["Prestation", "Issue"]),
        Indicator(
            id: "optional_aid", theme: .rights, label: "Aides facultatives",
            definition: "Décisions de la commission (accordée, refusée, ajournée) et montants accordés, par type d'aide.",
            source: "Droits : demandes, décisions, paiements.", unit: .euros, countsPeople: false, breakdowns: ["Type d'aide", "Décision"]),
        Indicator(
            id: "vouchers", theme: .rights, label: "Bons santé",
            definition: "Bons santé remis, utilisés et expirés, par type (pharmacie, opticien, dentiste).", source: "Droits : bons santé.",
            unit: .count, countsPeople: false, breakdowns: ["Type", "État"]),
    ]

    public static func find(_ id: String) -> Indicator? { all.first { $0.id == id } }
}
