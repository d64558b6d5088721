import AutourCore
import Foundation

/// The Observatory: every module's observations of a year, turned into the published tables.
/// One place applies the privacy rules, so every path (pages, exports, API) shares them: an
/// observation about a person counts only while their `statistics` consent holds, and every
/// table is suppressed (`SuppressedTable`) before it leaves.
public struct ObservatoryService: Sendable {
    let sources: [any ObservatorySource]
    let territories: TerritoryRepository
    let people: PeopleRepository
    let settings: SettingsRepository
    let clock: WallClock

    /// What the coordinator writes for a year (`observatory_report_2026`, `observatory_context_2026`):
    /// a territory setting, so every change is audited; read by whoever sees the Observatory.
    private func yearly<T: Decodable>(_ name: String, year: Int, actor: Actor, default empty: T) async throws -> T {
        try Permissions.require(actor, .viewObservatory)
        return try await settings.territorySetting("observatory_\(name)_\(year)", territoryId: actor.territoryId, as: T.self) ?? empty
    }

    private func saveYearly<T: Encodable>(_ name: String, _ value: T, year: Int, actor: Actor) async throws {
        try Permissions.require(actor, .editObservatory)
        guard ObservatoryPeriod.years.contains(year) else { throw AutourError.notFound }
        try await settings.saveTerritorySetting("observatory_\(name)_\(year)", value, actor: actor, at: clock.now())
    }

    /// The yearly report's comments (empty until the coordinator writes them).
    public func comments(year: Int, actor: Actor) async throws -> ReportComments {
        try await yearly("report", year: year, actor: actor, default: .empty)
    }

    public func saveComments(_ comments: ReportComments, year: Int, actor: Actor) async throws {
        try await saveYearly("report", comments, year: year, actor: actor)
    }

    /// The year's figures of every indicator, by `kind` of period (its months, quarters, or the year).
    public func figures(year: Int, by kind: ObservatoryPeriod, actor: Actor) async throws -> [IndicatorFigures] {
        try Permissions.require(actor, .viewObservatory)
        guard ObservatoryPeriod.years.contains(year) else {
            throw AutourError.invalid("Choisissez une année entre 2000 et 2100.", fields: ["year": "Année hors de la plage 2000–2100."])
        }
        guard let territory = try await territories.find(id: actor.territoryId) else { throw AutourError.notFound }
        let periods = ObservatoryPeriod.split(year: year, by: kind)
        let (start, end) = (periods[0].interval.start, periods[periods.count - 1].interval.end)
        var seen: [Observation] = []
        for source in sources { seen += try await source.observations(territoryId: territory.id, from: start, to: end) }
        let countable = try await countable(Set(seen.compactMap(\.personId)))
        seen.removeAll { $0.personId.map { !countable.contains($0) } ?? false }
        let places = territory.neighbourhoods.map(\.name)
        return Indicators.all.map { IndicatorFigures($0, observations: seen, places: places, periods: periods) }
    }

    /// The territory's context figures for `year` (empty until entered or imported).
    public func context(year: Int, actor: Actor) async throws -> ContextFigures {
        try await yearly("context", year: year, actor: actor, default: .empty)
    }

    public func saveContext(_ figures: ContextFigures, year: Int, actor: Actor) async throws {
        try await saveYearly("context", figures, year: year, actor: actor)
    }

    /// The people followed in `year` (a follow-up in their file) by age band, beside the
    /// population's bands: counted only with their statistics consent, and suppressed.
    public func pyramid(year: Int, actor: Actor) async throws -> AgePyramid {
        let context = try await context(year: year, actor: actor)
        let followed = try await followed(year: year, actor: actor)
        return AgePyramid(
            year: year, birthDates: followed.map(\.birthDate),
            population: ContextFigures.ageBands.indices.map { band in context.places.values.reduce(0) { $0 + $1.bands[band] } })
    }

    /// The people followed in `year` by commune of the territory (a CIAS spans several): rows are
    /// the territory's commune codes, in its order, then « Autre ou non renseigné » if needed.
    public func followedByCommune(year: Int, actor: Actor) async throws -> SuppressedTable {
        try Permissions.require(actor, .viewObservatory)
        guard let territory = try await territories.find(id: actor.territoryId) else { throw AutourError.notFound }
        let followed = try await followed(year: year, actor: actor)
        let index = Dictionary(territory.communes.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
        var counts = Array(repeating: 0, count: territory.communes.count + 1)
        for person in followed { counts[person.commune.flatMap { index[$0] } ?? territory.communes.count] += 1 }
        let rows = territory.communes + (counts.last! > 0 ? [IndicatorFigures.elsewhere] : [])
        return SuppressedTable(rows: rows, columns: ["Personnes suivies"], counts: counts.prefix(rows.count).map { [$0] })
    }

    /// The people with a follow-up in `year` whose statistics consent holds.
    private func followed(year: Int, actor: Actor) async throws -> [(personId: UUID, birthDate: String?, commune: String?)] {
        try Permissions.require(actor, .viewObservatory)
        let interval = ObservatoryPeriod.year(year).interval
        let followed = try await PeopleService(people: people).followed(territoryId: actor.territoryId, from: interval.start, to: interval.end)
        let countable = try await countable(Set(followed.map(\.personId)))
        return followed.filter { countable.contains($0.personId) }
    }

    /// `PeopleRepository.countable` by slices, so a big year never exceeds the engine's bound parameters.
    private func countable(_ ids: Set<UUID>) async throws -> Set<UUID> {
        let all = Array(ids)
        var countable: Set<UUID> = []
        for start in stride(from: 0, to: all.count, by: 500) {
            countable.formUnion(try await PeopleRepository.countable(Set(all[start..<min(start + 500, all.count)]), on: people.database.db, now: clock.now()))
        }
        return countable
    }
}
