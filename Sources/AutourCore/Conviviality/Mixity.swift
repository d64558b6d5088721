import Foundation

/// The social mix of an event's attendance, from voluntary and anonymous answers kept only as
/// counts per event (never linked to a registration).
///
/// Two figures per attribute:
/// - **evenness**, the normalised Shannon index J = H / ln k, with H = −Σ pᵢ ln pᵢ over the k
///   categories of the attribute (all of them, answered or not) and pᵢ the share of answers in
///   category i, « prefer not to say » left out: 0 when everyone is in one category, 1 when the
///   categories are equally represented;
/// - **distance** to the territory, the total variation distance D = ½ Σ |pᵢ − qᵢ| between the
///   attendance's shares pᵢ and the territory's reference composition qᵢ (census figures the
///   coordinator enters): 0 when the attendance mirrors the territory, 1 when they share no one.
///
/// Counts under `SmallCount.threshold` are hidden, and both figures are shown only from
/// `minimumAnswers` answers, so that no one answer can be read back from them.
public enum Mixity {
    public enum Attribute: String, CaseIterable, Sendable, Codable {
        case ageBand, gender, place, firstEvent, knownToCCAS

        public var label: String {
            switch self {
            case .ageBand: "Tranche d'âge"
            case .gender: "Genre"
            case .place: "Quartier ou commune"
            case .firstEvent: "Premier événement du CCAS"
            case .knownToCCAS: "Déjà connu du CCAS"
            }
        }

        /// The categories, the places excepted (the territory's neighbourhoods).
        public var fixedValues: [String] {
            switch self {
            case .ageBand: ["0-17", "18-29", "30-44", "45-59", "60-74", "75+"]
            case .gender: ["femme", "homme", "autre"]
            case .place: []
            case .firstEvent, .knownToCCAS: ["oui", "non"]
            }
        }
    }

    /// The answer « je préfère ne pas répondre », stored as counted but left out of the figures.
    public static let preferNotToSay = "nsp"
    /// Answers needed before the evenness and the distance are shown.
    public static let minimumAnswers = 4 * SmallCount.threshold

    /// J = H / ln k over `categories` (nil without an answer or with fewer than two categories).
    public static func evenness(_ counts: [String: Int], categories: [String]) -> Double? {
        let total = categories.reduce(0) { $0 + max(0, counts[$1] ?? 0) }
        guard total > 0, categories.count >= 2 else { return nil }
        var entropy = 0.0
        for category in categories {
            let count = max(0, counts[category] ?? 0)
            guard count > 0 else { continue }
            let share = Double(count) / Double(total)
            entropy -= share * log(share)
        }
        return entropy / log(Double(categories.count))
    }

    /// D = ½ Σ |pᵢ − qᵢ| over the reference's categories (nil without an answer or a reference).
    public static func distance(_ counts: [String: Int], reference: [String: Double]) -> Double? {
        let categories = reference.keys.sorted()
        let total = categories.reduce(0) { $0 + max(0, counts[$1] ?? 0) }
        let referenceTotal = categories.reduce(0.0) { $0 + max(0, reference[$1] ?? 0) }
        guard total > 0, referenceTotal > 0 else { return nil }
        var sum = 0.0
        for category in categories {
            sum += abs(Double(max(0, counts[category] ?? 0)) / Double(total) - max(0, reference[category] ?? 0) / referenceTotal)
        }
        return sum / 2
    }

    /// What a page or the API may show of one attribute.
    public struct Figures: Sendable, Equatable {
        public struct Cell: Sendable, Equatable {
            public let value: String
            /// The count, or « < 5 ».
            public let count: String
        }

        public let attribute: Attribute
        public let cells: [Cell]
        public let answers: Int
        public let evenness: Double?
        public let distance: Double?
    }

    public static func figures(
        _ attribute: Attribute, counts: [String: Int], categories: [String], reference: [String: Double]?
    ) -> Figures {
        let answers = categories.reduce(0) { $0 + max(0, counts[$1] ?? 0) }
        let enough = answers >= minimumAnswers
        return Figures(
            attribute: attribute,
            cells: (categories + [preferNotToSay]).map { .init(value: $0, count: SmallCount.text(max(0, counts[$0] ?? 0))) },
            answers: answers, evenness: enough ? evenness(counts, categories: categories) : nil,
            distance: enough ? reference.flatMap { distance(counts, reference: $0) } : nil)
    }
}

extension Mixity {
    /// A place answer outside the territory's neighbourhoods.
    public static let elsewhere = "ailleurs"

    /// The categories of `attribute`: the fixed ones, or for the place the territory's
    /// neighbourhoods and « ailleurs ».
    public static func categories(_ attribute: Attribute, places: [String]) -> [String] {
        attribute == .place ? places + [elsewhere] : attribute.fixedValues
    }

    /// The answers someone chose to give, checked: an empty answer is no answer, « nsp » is
    /// counted as such, anything else must be one of the categories.
    public static func answers(_ raw: [Attribute: String], places: [String]) throws(AutourError) -> [Attribute: String] {
        var kept: [Attribute: String] = [:]
        for (attribute, value) in raw {
            let value = value.trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty else { continue }
            guard value == preferNotToSay || categories(attribute, places: places).contains(value) else {
                throw .invalid("Réponse inconnue.", fields: ["mixity_\(attribute.rawValue)": "Choisissez une réponse de la liste."])
            }
            kept[attribute] = value
        }
        return kept
    }
}
