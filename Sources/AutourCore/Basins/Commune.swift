import Foundation

/// A commune of France, as imported from the INSEE/IGN files shipped in `data/communes/`.
public struct Commune: Sendable, Equatable, Codable {
    public let code: String
    public let name: String
    public let population: Int
    public let departement: String
    public let epci: String?
    public let lat: Double
    public let lon: Double

    public init(code: String, name: String, population: Int, departement: String, epci: String?, lat: Double, lon: Double) {
        self.code = code
        self.name = name
        self.population = population
        self.departement = departement
        self.epci = epci
        self.lat = lat
        self.lon = lon
    }

    /// How the commune picker shows it: « Vaulx-en-Velin (69) », unique enough to be typed back.
    public var pickerLabel: String { "\(name) (\(departement))" }

    /// Splits « Nom (69) » into the name and the département, or returns the text as a name.
    public static func parsePickerLabel(_ text: String) -> (name: String, departement: String?) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") else { return (trimmed, nil) }
        let departement = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)].trimmingCharacters(in: .whitespaces)
        return (trimmed[..<open].trimmingCharacters(in: .whitespaces), departement)
    }

    /// Distance in kilometres between two communes' points (equirectangular: exact enough under 100 km).
    public func distanceKm(to other: Commune) -> Double {
        let x = (other.lon - lon) * 111.32 * cos((lat + other.lat) / 2 * .pi / 180)
        let y = (other.lat - lat) * 110.57
        return (x * x + y * y).squareRoot()
    }
}
