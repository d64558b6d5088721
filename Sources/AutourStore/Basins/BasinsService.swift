import AutourCore
import Foundation
import SQLKit

/// The life basins' use cases, for pages and API alike: turning what someone typed into a basin,
/// storing it under the rules (anonymous unless the person agreed), and the action territory with
/// what its maps need.
public struct BasinsService: Sendable {
    let basins: BasinsRepository
    let people: PeopleRepository

    /// The communes typed for each purpose (a code, « Nom (69) » or a name), resolved: a name shared
    /// by several communes means the one nearest the territory.
    public func basin(from typed: [BasinPurpose: [String]], territory: Territory) async throws -> LifeBasin {
        let own = try await basins.communes(codes: territory.communes).values
        func fromTerritory(_ commune: Commune) -> Double { own.map { $0.distanceKm(to: commune) }.min() ?? 0 }
        var uses: [LifeBasin.Use] = []
        var fields: [String: String] = [:]
        for purpose in BasinPurpose.allCases {
            for text in typed[purpose] ?? [] where !text.trimmingCharacters(in: .whitespaces).isEmpty {
                let candidates = try await basins.resolve(text)
                guard let commune = candidates.min(by: { fromTerritory($0) < fromTerritory($1) }) else {
                    fields[purpose.rawValue] = "Commune introuvable : « \(text) ». Choisissez-la dans la liste ou tapez son code INSEE."
                    continue
                }
                uses.append(LifeBasin.Use(purpose: purpose, commune: commune.code))
            }
        }
        guard fields.isEmpty else { throw AutourError.invalid("Certaines communes n'ont pas été trouvées.", fields: fields) }
        return try LifeBasin(uses: uses, knownCommunes: { _ in true })
    }

    /// An answer to the public questionnaire: no account, no identity stored.
    public func answerQuestionnaire(_ typed: [BasinPurpose: [String]], territory: Territory) async throws {
        let basin = try await basin(from: typed, territory: territory)
        try await basins.record([basin], territoryId: territory.id, source: .questionnaire)
    }

    /// A basin entered by an agent during a follow-up. It is linked to the person's file only when
    /// the person agreed; otherwise it is stored like an anonymous answer.
    public func record(_ typed: [BasinPurpose: [String]], personId: UUID?, personAgreed: Bool, territory: Territory, actor: Actor) async throws {
        try Permissions.require(actor, .recordBasins)
        var linked: UUID?
        if let personId, personAgreed {
            guard let person = try await people.find(id: personId, territoryId: actor.territoryId) else { throw AutourError.notFound }
            try Permissions.require(actor, .writePersonFile, on: person.scope)
            linked = person.id
        }
        let basin = try await basin(from: typed, territory: territory)
        try await basins.record([basin], territoryId: territory.id, source: .agent, personId: linked, actor: actor)
    }

    /// The most rows a CSV import takes at once.
    public static let csvRowLimit = 200_000

    /// Basins from a CSV `reponse,usage,commune` (one row per commune used; rows with the same
    /// `reponse` are one basin; `usage` is domicile, travail, courses, sante, loisirs, famille or
    /// demarches; `commune` an INSEE code). All or nothing: one bad row refuses the file, naming it.
    public func importCSV(_ text: String, territory: Territory, actor: Actor) async throws -> Int {
        try Permissions.require(actor, .importBasins)
        let records = try CSVReader.records(text, separator: text.prefix(200).contains(";") ? ";" : ",", required: ["reponse", "usage", "commune"])
        guard records.count <= Self.csvRowLimit else { throw AutourError.invalid("Au plus \(Self.csvRowLimit) lignes par import.") }
        let purposes = Dictionary(uniqueKeysWithValues: BasinPurpose.allCases.map { ($0.csvKey, $0) })
        let known = try await basins.communes(codes: Set(records.compactMap { $0["commune"]?.uppercased() }))
        var order: [String] = []
        var grouped: [String: [LifeBasin.Use]] = [:]
        for (index, record) in records.enumerated() {
            let line = index + 2
            let answer = record["reponse"] ?? ""
            guard !answer.isEmpty else { throw AutourError.invalid("Ligne \(line) : « reponse » vide.") }
            guard let purpose = purposes[SearchText.fold(record["usage"] ?? "")] else {
                throw AutourError.invalid(
                    "Ligne \(line) : usage « \(record["usage"] ?? "") » inconnu (\(BasinPurpose.allCases.map(\.csvKey).joined(separator: ", "))).")
            }
            let code = (record["commune"] ?? "").uppercased()
            guard known[code] != nil else { throw AutourError.invalid("Ligne \(line) : code commune « \(code) » inconnu.") }
            if grouped[answer] == nil { order.append(answer) }
            grouped[answer, default: []].append(LifeBasin.Use(purpose: purpose, commune: code))
        }
        var parsed: [LifeBasin] = []
        for answer in order {
            do {
                parsed.append(try LifeBasin(uses: grouped[answer]!, knownCommunes: { _ in true }))
            } catch {
                throw AutourError.invalid("Réponse « \(answer) » : \(error.fields.values.sorted().joined(separator: " "))")
            }
        }
        guard !parsed.isEmpty else { throw AutourError.invalid("Aucune réponse dans le fichier.") }
        try await basins.record(parsed, territoryId: territory.id, source: .csv, actor: actor)
        return parsed.count
    }

    /// The action territory and what its maps and tables need.
    public struct Report: Sendable {
        public let territory: ActionTerritory
        public let communes: [String: Commune]
        public let boundaries: [String: String]
        public let epciNames: [String]
        public let epciMembers: Set<String>
        public let own: [String]
        /// Directory services of the territory by commune code.
        public let services: [String: Int]
    }

    /// `maps: false` leaves out what only the maps need (boundaries, the directory's services).
    public func report(territory: Territory, resolution: Double, actor: Actor, maps: Bool = true) async throws -> Report {
        try Permissions.require(actor, .viewBasins)
        let epci = try await basins.epci(of: territory.communes)
        let computed = try await basins.actionTerritory(
            territoryId: territory.id, own: territory.communes, epciMembers: epci.members, resolution: resolution)
        let drawn = Set(computed.territories.joined()).union(epci.members).union(territory.communes)
        return Report(
            territory: computed, communes: try await basins.communes(codes: drawn), boundaries: maps ? try await basins.boundaries(codes: drawn) : [:],
            epciNames: epci.names, epciMembers: epci.members, own: territory.communes,
            services: maps ? try await basins.serviceCounts(territoryId: territory.id) : [:])
    }
}
