import AutourCore
import FluentKit
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// The communes of France and the life basins' answers.
public struct BasinsRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    /// The last action territory computed for each territory, resolution and comparison, with the
    /// number of answers it came from. Answers are only ever added (erasure unlinks one, it stays
    /// counted), so the same number means the same basins: a map is recomputed only when an answer
    /// arrived, whichever server stored it.
    private let computed = NIOLockedValueBox([String: (answers: Int, result: ActionTerritory)]())

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    // MARK: Communes

    public struct ImportCounts: Sendable, Equatable {
        public let communes: Int
        public let epcis: Int
        public let boundaries: Int
    }

    /// The files shipped with Autour (`Basins/Communes`).
    public static var shippedCommunes: URL { Bundle.module.bundleURL.appendingPathComponent("Communes") }

    /// Imports (or updates) the communes, EPCI and boundaries from `directory` (by default the files
    /// shipped with Autour). `boundariesAround` limits the boundaries imported to the communes
    /// within so many kilometres of some communes (the demo takes only its surroundings).
    public func importCommunes(
        from directory: URL = Self.shippedCommunes, boundariesAround: (codes: [String], km: Double)? = nil
    ) async throws -> ImportCounts {
        let communes = try CommuneFiles.communes(try CommuneFiles.gunzip(directory.appendingPathComponent("france_communes.csv.gz")))
        let epcis = try CommuneFiles.epcis(try Data(contentsOf: directory.appendingPathComponent("france_epci.csv")))
        let wanted = boundariesAround.map { around in
            let centres = communes.filter { around.codes.contains($0.code) }
            return Set(communes.filter { c in centres.contains { $0.distanceKm(to: c) <= around.km } }.map(\.code))
        }
        let boundaries = try CommuneFiles.boundaries(
            try CommuneFiles.gunzip(directory.appendingPathComponent("france_boundaries.geojson.gz")), keep: { wanted?.contains($0) ?? true })
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            for chunk in communes.chunked(500) {
                var insert = sql.insert(into: "communes").columns("code", "name", "search_name", "population", "departement", "epci_siren", "lat", "lon")
                for c in chunk {
                    insert = insert.values(
                        SQLBind(c.code), SQLBind(c.name), SQLBind(SearchText.fold(c.name)), SQLBind(c.population), SQLBind(c.departement),
                        SQLBind(c.epci), SQLBind(c.lat), SQLBind(c.lon))
                }
                try await insert.onConflict(with: ["code"]) { conflict in
                    conflict.set(excludedValueOf: "name").set(excludedValueOf: "search_name").set(excludedValueOf: "population")
                        .set(excludedValueOf: "departement").set(excludedValueOf: "epci_siren").set(excludedValueOf: "lat").set(excludedValueOf: "lon")
                }.run()
            }
            for chunk in epcis.chunked(500) {
                var insert = sql.insert(into: "epcis").columns("siren", "name", "kind")
                for e in chunk { insert = insert.values(SQLBind(e.siren), SQLBind(e.name), SQLBind(e.kind)) }
                try await insert.onConflict(with: ["siren"]) { $0.set(excludedValueOf: "name").set(excludedValueOf: "kind") }.run()
            }
            for chunk in boundaries.chunked(200) {
                var insert = sql.insert(into: "commune_boundaries").columns("code", "geometry")
                for b in chunk { insert = insert.values(SQLBind(b.code), SQLBind(b.geometry)) }
                try await insert.onConflict(with: ["code"]) { $0.set(excludedValueOf: "geometry") }.run()
            }
        }
        return ImportCounts(communes: communes.count, epcis: epcis.count, boundaries: boundaries.count)
    }

    struct BoundaryRow: Decodable { let code: String, geometry: String }

    struct CommuneRow: Decodable {
        let code: String, name: String, population: Int, departement: String, epci_siren: String?, lat: Double, lon: Double
        var commune: Commune { Commune(code: code, name: name, population: population, departement: departement, epci: epci_siren, lat: lat, lon: lon) }
    }

    public func communeCount() async throws -> Int {
        struct Row: Decodable { let n: Int }
        return try await sql.raw("SELECT COUNT(*) AS n FROM communes").first(decoding: Row.self)?.n ?? 0
    }

    public func communes(codes: some Collection<String>) async throws -> [String: Commune] {
        guard !codes.isEmpty else { return [:] }
        var found: [String: Commune] = [:]
        for chunk in Array(codes).chunked(500) {
            let rows = try await sql.select().columns("code", "name", "population", "departement", "epci_siren", "lat", "lon").from("communes")
                .where("code", .in, SQLBind.group(Array(chunk))).all(decoding: CommuneRow.self)
            for row in rows { found[row.code] = row.commune }
        }
        return found
    }

    /// The communes within `radiusKm` of any of `around` (for the questionnaire's picker).
    public func communes(near around: [Commune], radiusKm: Double) async throws -> [Commune] {
        guard let first = around.first else { return [] }
        let lats = around.map(\.lat), lons = around.map(\.lon)
        let dLat = radiusKm / 110.57, dLon = radiusKm / (111.32 * cos(first.lat * .pi / 180))
        let rows = try await sql.select().columns("code", "name", "population", "departement", "epci_siren", "lat", "lon").from("communes")
            .where("lat", .greaterThanOrEqual, SQLBind(lats.min()! - dLat)).where("lat", .lessThanOrEqual, SQLBind(lats.max()! + dLat))
            .where("lon", .greaterThanOrEqual, SQLBind(lons.min()! - dLon)).where("lon", .lessThanOrEqual, SQLBind(lons.max()! + dLon))
            .all(decoding: CommuneRow.self)
        return rows.map(\.commune).filter { c in around.contains { $0.distanceKm(to: c) <= radiusKm } }.sorted { $0.name < $1.name }
    }

    /// The communes a typed text may mean: an INSEE code, « Nom (69) » or a name (folded).
    public func resolve(_ text: String) async throws -> [Commune] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return [] }
        if let byCode = try await communes(codes: [trimmed.uppercased()]).values.first { return [byCode] }
        let (name, departement) = Commune.parsePickerLabel(trimmed)
        var query = try sql.select().columns("code", "name", "population", "departement", "epci_siren", "lat", "lon").from("communes")
            .where("search_name", .equal, SQLBind(SearchText.fold(name)))
        if let departement { query = query.where("departement", .equal, SQLBind(departement)) }
        return try await query.orderBy("population", .descending).limit(20).all(decoding: CommuneRow.self).map(\.commune)
    }

    /// The EPCI of the given communes and every commune of those EPCI.
    public func epci(of codes: [String]) async throws -> (names: [String], members: Set<String>) {
        let sirens = Set(try await communes(codes: codes).values.compactMap(\.epci))
        guard !sirens.isEmpty else { return ([], []) }
        struct Name: Decodable { let name: String }
        struct Code: Decodable { let code: String }
        let names = try await sql.select().column("name").from("epcis").where("siren", .in, SQLBind.group(Array(sirens))).orderBy("name")
            .all(decoding: Name.self).map(\.name)
        let members = try await sql.select().column("code").from("communes").where("epci_siren", .in, SQLBind.group(Array(sirens)))
            .all(decoding: Code.self).map(\.code)
        return (names, Set(members))
    }

    /// Boundaries as stored (GeoJSON geometries), by code.
    public func boundaries(codes: some Collection<String>) async throws -> [String: String] {
        var found: [String: String] = [:]
        for chunk in Array(codes).chunked(500) {
            for row in try await sql.select().columns("code", "geometry").from("commune_boundaries").where("code", .in, SQLBind.group(Array(chunk)))
                .all(decoding: BoundaryRow.self)
            { found[row.code] = row.geometry }
        }
        return found
    }

    /// The directory's services of the territory, counted by commune (INSEE code).
    public func serviceCounts(territoryId: UUID) async throws -> [String: Int] {
        struct Row: Decodable { let code_insee: String, n: Int }
        let rows = try await sql.raw(
            "SELECT code_insee, COUNT(*) AS n FROM di_services WHERE territory_id = \(bind: territoryId) AND code_insee IS NOT NULL GROUP BY code_insee"
        ).all(decoding: Row.self)
        return Dictionary(rows.map { ($0.code_insee, $0.n) }, uniquingKeysWith: +)
    }

    // MARK: Answers

    /// Stores basins in one transaction (a CSV import: all or nothing). `personId` is kept only when
    /// the person agreed that the basin be linked to their file. An agent's or coordinator's entry
    /// is audited (on the person's file when linked); the anonymous questionnaire's is not.
    @discardableResult
    public func record(_ basins: [LifeBasin], territoryId: UUID, source: BasinSource, personId: UUID? = nil, actor: Actor? = nil) async throws -> [UUID] {
        let day = String(ISO8601DateFormatter().string(from: clock.now()).prefix(10))
        let ids = basins.map { _ in UUID() }
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            for (chunkIds, chunk) in zip(ids.chunked(200), basins.chunked(200)) {
                var answers = sql.insert(into: "basin_answers").columns("id", "territory_id", "source", "person_id", "answered_on")
                for id in chunkIds { answers = answers.values(SQLBind(id), SQLBind(territoryId), SQLBind(source.rawValue), SQLBind(personId), SQLBind(day)) }
                try await answers.run()
                var uses = sql.insert(into: "basin_uses").columns("answer_id", "purpose", "commune")
                for (id, basin) in zip(chunkIds, chunk) {
                    for use in basin.uses { uses = uses.values(SQLBind(id), SQLBind(use.purpose.rawValue), SQLBind(use.commune)) }
                }
                try await uses.run()
            }
            if let actor, let first = ids.first {
                try await AuditRepository.append(
                    on: tx, database: database, at: clock.now(), territoryId: territoryId, actorId: actor.accountId, action: .create,
                    recordType: personId == nil ? "basin_answers" : "person", recordId: personId?.uuidString ?? first.uuidString)
            }
        }
        return ids
    }

    /// Every basin of the territory (for computing; never to be shown one by one).
    public func basins(territoryId: UUID) async throws -> [LifeBasin] {
        struct Row: Decodable { let answer_id: UUID, purpose: String, commune: String }
        let rows = try await sql.raw(
            """
            SELECT u.answer_id, u.purpose, u.commune FROM basin_uses u JOIN basin_answers a ON a.id = u.answer_id
            WHERE a.territory_id = \(bind: territoryId)
            """
        ).all(decoding: Row.self)
        var uses: [UUID: [LifeBasin.Use]] = [:]
        for row in rows {
            guard let purpose = BasinPurpose(rawValue: row.purpose) else { continue }
            uses[row.answer_id, default: []].append(LifeBasin.Use(purpose: purpose, commune: row.commune))
        }
        return uses.keys.sorted { $0.uuidString < $1.uuidString }.compactMap { try? LifeBasin(uses: uses[$0]!, knownCommunes: { _ in true }) }
    }

    /// The action territory of the territory's basins (`ActionTerritory.compute`), kept until an
    /// answer arrives. The count is read first, so an answer racing with the computation makes the
    /// next call compute again rather than keep a stale result.
    public func actionTerritory(territoryId: UUID, own: [String], epciMembers: Set<String>, resolution: Double) async throws -> ActionTerritory {
        let count = try await answerCount(territoryId: territoryId)
        let key = [territoryId.uuidString, String(resolution), own.joined(separator: ","), epciMembers.sorted().joined(separator: ",")]
            .joined(separator: "|")
        if let kept = computed.withLockedValue({ $0[key] }), kept.answers == count { return kept.result }
        let result = ActionTerritory.compute(
            basins: try await basins(territoryId: territoryId), own: own, epciMembers: epciMembers, resolution: resolution)
        computed.withLockedValue { $0[key] = (count, result) }
        return result
    }

    public func answerCount(territoryId: UUID) async throws -> Int {
        struct Row: Decodable { let n: Int }
        return try await sql.raw("SELECT COUNT(*) AS n FROM basin_answers WHERE territory_id = \(bind: territoryId)").first(decoding: Row.self)?.n ?? 0
    }

    private var sql: any SQLDatabase { get throws { try database.db as! any SQLDatabase } }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
