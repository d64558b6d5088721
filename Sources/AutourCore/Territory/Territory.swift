import Foundation

/// A territory is one CCAS (a commune) or CIAS (several communes). Every record belongs to one.
public struct Territory: Sendable, Equatable, Codable {
    public let id: UUID
    public let slug: String
    public let name: String
    /// INSEE codes of the communes the centre serves.
    public let communes: [String]
    public let neighbourhoods: [Neighbourhood]

    public init(id: UUID, slug: String, name: String, communes: [String], neighbourhoods: [Neighbourhood]) {
        self.id = id
        self.slug = slug
        self.name = name
        self.communes = communes
        self.neighbourhoods = neighbourhoods
    }
}

/// A named neighbourhood ("quartier") inside one commune of the territory.
public struct Neighbourhood: Sendable, Equatable, Codable {
    public let id: UUID
    public let name: String
    public let communeCode: String

    public init(id: UUID, name: String, communeCode: String) {
        self.id = id
        self.name = name
        self.communeCode = communeCode
    }
}

/// The rules a new territory must satisfy, checked before anything is stored.
public enum TerritoryRules {
    /// A slug goes into URLs and command lines: lowercase letters, digits and dashes.
    public static func validateSlug(_ slug: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        if slug.count < 2 || slug.count > 64 { return "entre 2 et 64 caractères" }
        if !slug.allSatisfy({ allowed.contains($0) }) { return "lettres minuscules, chiffres et tirets seulement" }
        if slug.hasPrefix("-") || slug.hasSuffix("-") { return "ne commence ni ne finit par un tiret" }
        return nil
    }

    /// An INSEE commune code: two digits (or 2A/2B for Corsica) then three digits.
    public static func isCommuneCode(_ code: String) -> Bool {
        let chars = Array(code)
        guard chars.count == 5 else { return false }
        let dept = String(chars[0...1])
        let deptOK = dept.allSatisfy(\.isNumber) || dept == "2A" || dept == "2B"
        return deptOK && chars[2...].allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Splits and checks a comma-separated list of commune codes.
    public static func parseCommunes(_ text: String) throws(AutourError) -> [String] {
        let codes = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
            .filter { !$0.isEmpty }
        if let bad = codes.first(where: { !isCommuneCode($0) }) {
            throw .invalid(
                "Code commune INSEE invalide « \(bad) » (5 caractères, par exemple 69123).",
                fields: ["communes": "code INSEE invalide: \(bad)"])
        }
        var seen = Set<String>()
        return codes.filter { seen.insert($0).inserted }
    }

    public static func validate(slug: String, name: String) throws(AutourError) {
        var errors = FieldErrors()
        if let problem = validateSlug(slug) { errors.add("slug", "Identifiant : \(problem).") }
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.count > 200 { errors.add("name", "Nom : entre 1 et 200 caractères.") }
        try errors.throwIfAny("Le territoire ne peut pas être créé.")
    }
}
