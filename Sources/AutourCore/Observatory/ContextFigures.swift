import Foundation

/// The territory's context for a year, entered by the coordinator or imported from the census
/// tables (INSEE): inhabitants by neighbourhood and age band, households, the poverty rate. The
/// Observatory shows rates per 1 000 inhabitants beside its counts, and the age pyramid compares
/// the people followed with the population.
public struct ContextFigures: Codable, Sendable, Equatable {
    /// The census' broad age bands, youngest first.
    public static let ageBands = ["0-14", "15-29", "30-44", "45-59", "60-74", "75+"]
    public static func ageBandLabel(_ band: String) -> String { band == "75+" ? "75 ans et plus" : band.replacingOccurrences(of: "-", with: " à ") + " ans" }

    public struct Place: Codable, Sendable, Equatable {
        /// Inhabitants by `ageBands`, in the same order.
        public var bands: [Int]
        public var households: Int
        /// Per cent of inhabitants under the poverty line (60 % of the median income), when known.
        public var povertyRate: Double?
        public var population: Int { bands.reduce(0, +) }

        public init(bands: [Int], households: Int, povertyRate: Double?) {
            self.bands = bands
            self.households = households
            self.povertyRate = povertyRate
        }
    }

    /// By neighbourhood name.
    public var places: [String: Place]
    public init(places: [String: Place]) { self.places = places }
    public static let empty = ContextFigures(places: [:])

    public var population: Int { places.values.reduce(0) { $0 + $1.population } }

    /// `count` per 1 000 inhabitants of `place` (or of the territory), « 12,4 », when its population is known.
    public func ratePerThousand(_ count: Int, place: String? = nil) -> String? {
        let population = place.map { self.places[$0]?.population ?? 0 } ?? self.population
        guard population > 0 else { return nil }
        return FrenchText.decimal(Double(count) * 1_000 / Double(population), digits: 1)
    }

    public static let maxInhabitants = 10_000_000

    /// The figures typed in a form, by neighbourhood: `text(place, field)` reads the field
    /// (`band-0`…`band-5`, `households`, `poverty`); a neighbourhood left entirely blank is left
    /// out. Errors name the field as `<field>-<index of the neighbourhood>`.
    public static func validated(neighbourhoods: [String], text: (Int, String) -> String) throws(AutourError) -> ContextFigures {
        var places: [String: Place] = [:]
        var errors: [String: String] = [:]
        for (index, name) in neighbourhoods.enumerated() {
            let fields = ageBands.indices.map { "band-\($0)" } + ["households", "poverty"]
            guard fields.contains(where: { !text(index, $0).trimmingCharacters(in: .whitespaces).isEmpty }) else { continue }
            func integer(_ field: String) -> Int {
                let raw = text(index, field)
                if raw.trimmingCharacters(in: .whitespaces).isEmpty { return 0 }
                guard let value = NumberInput.integer(raw.replacingOccurrences(of: " ", with: ""), in: 0...maxInhabitants) else {
                    errors["\(field)-\(index)"] = "Un nombre entier entre 0 et 10 000 000."
                    return 0
                }
                return value
            }
            let bands = ageBands.indices.map { integer("band-\($0)") }
            let households = integer("households")
            var poverty: Double?
            let rawPoverty = text(index, "poverty").trimmingCharacters(in: .whitespaces)
            if !rawPoverty.isEmpty {
                poverty = NumberInput.decimal(rawPoverty, in: 0...100)
                if poverty == nil { errors["poverty-\(index)"] = "Un pourcentage entre 0 et 100." }
            }
            places[name] = Place(bands: bands, households: households, povertyRate: poverty)
        }
        guard errors.isEmpty else { throw AutourError.invalid("Des chiffres sont à corriger.", fields: errors) }
        return ContextFigures(places: places)
    }

    /// A census table saved as CSV (`;` or `,`): a `quartier` column, one column per age band
    /// (`0-14` … `75+`), `menages`, and optionally `taux_pauvrete`. Rows of other neighbourhoods
    /// are refused by name, so a wrong file never lands silently.
    public static func imported(_ csv: String, neighbourhoods: [String]) throws(AutourError) -> ContextFigures {
        let separator: Character = csv.prefix { $0 != "\n" }.contains(";") ? ";" : ","
        let records = try CSVReader.records(csv, separator: separator, required: ["quartier"] + ageBands + ["menages"])
        var byName: [String: [String: String]] = [:]
        for (line, record) in records.enumerated() {
            let name = (record["quartier"] ?? "").trimmingCharacters(in: .whitespaces)
            guard let known = neighbourhoods.first(where: { $0.compare(name, options: [.caseInsensitive, .diacriticInsensitive]) == .orderedSame })
            else { throw AutourError.invalid("Ligne \(line + 2) : « \(name) » n'est pas un quartier du territoire.") }
            byName[known] = record
        }
        return try validated(neighbourhoods: neighbourhoods) { index, field in
            guard let record = byName[neighbourhoods[index]] else { return "" }
            switch field {
            case "households": return record["menages"] ?? ""
            case "poverty": return (record["taux_pauvrete"] ?? "").replacingOccurrences(of: ",", with: ".")
            default: return record[ageBands[Int(field.dropFirst(5)) ?? 0]] ?? ""
            }
        }
    }
}
