import AutourCore
import Foundation
import SQLKit

/// What a module hands the Observatory: what it recorded in a territory over a span, as
/// observations (dates, neighbourhoods, kinds, amounts; never a name or a note). Each module's
/// service conforms in its own folder (`…Observations.swift`); the Observatory reads the modules
/// only through this.
public protocol ObservatorySource: Sendable {
    func observations(territoryId: UUID, from start: Date, to end: Date) async throws -> [Observation]
}

/// The rows of a module's observation query, read the same way for every module: the query
/// names its columns `at`, `place`, `person_id`, `amount`, `f0` and `f1` (the facets' stored
/// words, turned into French labels by the module).
struct ObservationRow: Decodable {
    let at: Date
    let place: String?
    let person_id: UUID?
    let amount: Int
    let f0: String?
    let f1: String?

    /// Runs `query` (which selects the six columns) and makes each row an observation of
    /// `indicator`, its facets labelled by `facets`.
    static func observations(
        _ indicator: String, _ query: SQLQueryString, on sql: any SQLDatabase, facets: (ObservationRow) -> [String] = { _ in [] }
    ) async throws -> [Observation] {
        try await sql.raw(query).all(decoding: ObservationRow.self).map { row in
            Observation(indicator: indicator, date: row.at, place: row.place, facets: facets(row), amount: row.amount, personId: row.person_id)
        }
    }

    /// `f0` through `label` (an enum's French label), or « Non renseigné ».
    static func label(_ raw: String?, _ label: (String) -> String?) -> String { raw.flatMap(label) ?? "Non renseigné" }
}
