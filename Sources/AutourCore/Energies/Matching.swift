import Foundation

/// How much a resource person has already given: what the guardrails and the "least solicited"
/// preference read.
public struct ResourceLoad: Sendable, Equatable {
    public var minutesThisMonth: Int
    public var missionsThisWeek: Int
    public init(minutesThisMonth: Int = 0, missionsThisWeek: Int = 0) {
        self.minutesThisMonth = minutesThisMonth
        self.missionsThisWeek = missionsThisWeek
    }
}

public struct Candidate: Sendable, Equatable {
    public let resourcePersonId: UUID
    public let score: Int
    public let reasons: [String]
}

/// The candidates' score, out of 100, each part with its reason in French:
/// - skills covered: 40 × (required skills the person has ÷ required skills);
/// - availability: 20 when a weekly slot holds the whole mission (or any slot that day when the
///   need gives no hours), 10 when a slot overlaps it or the need has no day, 0 otherwise;
/// - place: 20 when the person serves the need's neighbourhood, 10 when they serve the whole
///   territory (no neighbourhood listed), 0 otherwise (the territory has no map, so "neighbouring"
///   means "willing to go anywhere");
/// - load: up to 10, in proportion to what is left of the monthly cap (the least solicited first);
/// - continuity: 5 when the person already helped the same inhabitant;
/// - motivation: 5 when the mission fits it (social link: a visit or listening; helping
///   neighbours: their own neighbourhood; back to work: administrative, digital or handiwork;
///   learning: a required skill they do not have yet).
/// Never a volunteer for a professional-only need, never someone paused, absent, over their
/// monthly cap with this mission, or at the weekly rest limit; at least one skill in common.
public struct CandidatePool: Sendable {
    public let skills: [String]
    let skillBit: [String: Int]
    let placeBit: [String: Int]
    let ids: [UUID]
    let skillMask: [UInt64]
    /// 0: the whole territory.
    let placeMask: [UInt64]
    let professional: [Bool]
    let unavailable: [Bool]
    let capMinutes: [Int32]
    let usedMinutes: [Int32]
    let weekMissions: [Int16]
    let motivations: [UInt8]
    /// Availability per weekday as 96 quarter-hours: `day[7 * i + d]` low and high words.
    let dayLow: [UInt64]
    let dayHigh: [UInt64]
    /// Resource indexes by skill, split into those serving a neighbourhood and the territory-wide.
    let bySkillPlace: [[Int: [Int32]]]
    let bySkillAnywhere: [[Int32]]
    let bySkillElsewhere: [[Int32]]
    let helped: [UUID: Set<Int32>]
    public let restMissionsPerWeek: Int

    public var count: Int { ids.count }

    /// Builds the pool: `load` by resource id, `helped` = inhabitants each resource helped before.
    public init(
        taxonomy: [String], resources: [ResourcePerson], load: [UUID: ResourceLoad], helped: [UUID: Set<UUID>],
        restMissionsPerWeek: Int, today: String
    ) {
        skills = Array(taxonomy.prefix(EnergiesRules.maxSkills))
        var skillBit: [String: Int] = [:]
        for (i, s) in skills.enumerated() { skillBit[s] = i }
        self.skillBit = skillBit
        var placeBit: [String: Int] = [:]
        for place in resources.flatMap(\.neighbourhoods) where placeBit[place] == nil && placeBit.count < 64 { placeBit[place] = placeBit.count }
        self.placeBit = placeBit
        var ids: [UUID] = [], skillMask: [UInt64] = [], placeMask: [UInt64] = [], professional: [Bool] = [], unavailable: [Bool] = []
        var cap: [Int32] = [], used: [Int32] = [], week: [Int16] = [], motivations: [UInt8] = [], low: [UInt64] = [], high: [UInt64] = []
        var bySkillPlace = [[Int: [Int32]]](repeating: [:], count: skills.count)
        var bySkillAnywhere = [[Int32]](repeating: [], count: skills.count)
        var bySkillElsewhere = [[Int32]](repeating: [], count: skills.count)
        var index: [UUID: Int32] = [:]
        for r in resources {
            let i = Int32(ids.count)
            index[r.id] = i
            ids.append(r.id)
            let mask = r.skills.reduce(UInt64(0)) { $0 | (skillBit[$1].map { 1 << UInt64($0) } ?? 0) }
            skillMask.append(mask)
            let places = r.neighbourhoods.reduce(UInt64(0)) { $0 | (placeBit[$1].map { 1 << UInt64($0) } ?? 0) }
            placeMask.append(places)
            professional.append(r.kind.isProfessional)
            unavailable.append(r.paused || r.absences.contains { $0.from <= today && today <= $0.to })
            cap.append(Int32(r.maxMinutesPerMonth))
            let l = load[r.id] ?? ResourceLoad()
            used.append(Int32(l.minutesThisMonth))
            week.append(Int16(clamping: l.missionsThisWeek))
            motivations.append(r.motivations.reduce(UInt8(0)) { $0 | (1 << UInt8(Motivation.allCases.firstIndex(of: $1)!)) })
            var days = [(UInt64, UInt64)](repeating: (0, 0), count: 7)
            for slot in r.availability {
                for q in (slot.start / 15)..<min(96, (slot.end + 14) / 15) {
                    if q < 64 { days[slot.weekday - 1].0 |= 1 << UInt64(q) } else { days[slot.weekday - 1].1 |= 1 << UInt64(q - 64) }
                }
            }
            low.append(contentsOf: days.map(\.0))
            high.append(contentsOf: days.map(\.1))
            for bit in 0..<skills.count where mask & (1 << UInt64(bit)) != 0 {
                if places == 0 {
                    bySkillAnywhere[bit].append(i)
                } else {
                    for p in 0..<64 where places & (1 << UInt64(p)) != 0 { bySkillPlace[bit][p, default: []].append(i) }
                    bySkillElsewhere[bit].append(i)
                }
            }
        }
        (self.ids, self.skillMask, self.placeMask, self.professional, self.unavailable) = (ids, skillMask, placeMask, professional, unavailable)
        (capMinutes, usedMinutes, weekMissions, self.motivations, dayLow, dayHigh) = (cap, used, week, motivations, low, high)
        (self.bySkillPlace, self.bySkillAnywhere, self.bySkillElsewhere) = (bySkillPlace, bySkillAnywhere, bySkillElsewhere)
        self.helped = helped.mapValues { Set($0.compactMap { index[$0] }) }
        self.restMissionsPerWeek = restMissionsPerWeek
    }

    /// A need as the scorer reads it.
    struct Query {
        let skillMask: UInt64
        let required: Int
        let placeBit: Int?
        let weekday: Int?
        let windowLow: UInt64, windowHigh: UInt64
        let windowQuarters: Int
        let durationQuarters: Int
        let duration: Int32
        let professionalOnly: Bool
        let helpedBy: Set<Int32>
        let fitsSocial: Bool, fitsWork: Bool
    }

    func query(_ need: Need) -> Query {
        let mask = need.skills.reduce(UInt64(0)) { $0 | (skillBit[$1].map { 1 << UInt64($0) } ?? 0) }
        var low: UInt64 = 0, high: UInt64 = 0, quarters = 0
        if let start = need.start, let end = need.end {
            for q in (start / 15)..<min(96, (end + 14) / 15) {
                if q < 64 { low |= 1 << UInt64(q) } else { high |= 1 << UInt64(q - 64) }
                quarters += 1
            }
        }
        let folded = need.skills.map(SearchText.fold)
        return Query(
            skillMask: mask, required: max(1, mask.nonzeroBitCount), placeBit: placeBit[need.neighbourhood],
            weekday: need.weekday, windowLow: low, windowHigh: high, windowQuarters: quarters,
            durationQuarters: (need.durationMinutes + 14) / 15, duration: Int32(need.durationMinutes),
            professionalOnly: need.professionalOnly, helpedBy: need.personId.flatMap { helped[$0] } ?? [],
            fitsSocial: folded.contains { $0.contains("convivialite") || $0.contains("ecoute") || $0.contains("visite") },
            fitsWork: folded.contains { $0.contains("administrative") || $0.contains("numerique") || $0.contains("bricolage") })
    }

    /// The score of resource `i`, or nil when a guardrail excludes them. Integer arithmetic only:
    /// this runs for every candidate of the index.
    @inline(__always)
    func score(_ i: Int, _ q: Query) -> Int? {
        let common = skillMask[i] & q.skillMask
        guard common != 0, !unavailable[i], !(q.professionalOnly && !professional[i]),
            usedMinutes[i] + q.duration <= capMinutes[i], Int(weekMissions[i]) < restMissionsPerWeek
        else { return nil }
        var score = 40 * common.nonzeroBitCount / q.required
        score += availabilityPoints(i, q)
        let places = placeMask[i]
        let here = q.placeBit.map { places & (1 << UInt64($0)) != 0 } ?? false
        score += here ? 20 : (places == 0 ? 10 : 0)
        score += Int(10 * (capMinutes[i] - usedMinutes[i]) / max(1, capMinutes[i]))
        if q.helpedBy.contains(Int32(i)) { score += 5 }
        score += motivationFits(i, q, here: here) ? 5 : 0
        return score
    }

    @inline(__always)
    func availabilityPoints(_ i: Int, _ q: Query) -> Int {
        guard let weekday = q.weekday else { return 10 }
        let low = dayLow[7 * i + weekday - 1], high = dayHigh[7 * i + weekday - 1]
        if q.windowQuarters == 0 { return low | high != 0 ? 20 : 0 }
        let overlap = (low & q.windowLow).nonzeroBitCount + (high & q.windowHigh).nonzeroBitCount
        if overlap >= q.durationQuarters { return 20 }
        return overlap > 0 ? 10 : 0
    }

    @inline(__always)
    func motivationFits(_ i: Int, _ q: Query, here: Bool) -> Bool {
        let m = motivations[i]
        if m & 1 != 0, q.fitsSocial { return true }  // social link
        if m & 2 != 0, skillMask[i] & q.skillMask != q.skillMask { return true }  // learning
        if m & 4 != 0, q.fitsWork { return true }  // back to work
        if m & 8 != 0, here { return true }  // helping neighbours
        return false
    }

    /// The best `limit` candidates for `need`, best first (ties: the least loaded, then the pool
    /// order), each with its reasons. Scans only the people who share a skill, the need's
    /// neighbourhood first; the others are read only if they could still enter the top.
    public func top(_ need: Need, limit: Int) -> [Candidate] {
        guard limit > 0 else { return [] }
        let q = query(need)
        var best = TopK(limit: limit)
        var seen = [Bool](repeating: false, count: ids.count)
        let bits = (0..<skills.count).filter { q.skillMask & (1 << UInt64($0)) != 0 }
        func scan(_ list: [Int32]) {
            for i32 in list {
                let i = Int(i32)
                if seen[i] { continue }
                seen[i] = true
                if let s = score(i, q) { best.offer(score: s, load: usedMinutes[i], index: i32) }
            }
        }
        // Those who serve the need's neighbourhood or the whole territory can score up to 100;
        // the others at most 80: read them only while the top is not full of better ones.
        for bit in bits {
            if let place = q.placeBit { scan(bySkillPlace[bit][place] ?? []) }
            scan(bySkillAnywhere[bit])
        }
        if !(best.isFull && best.worstScore > 80) {
            for bit in bits { scan(bySkillElsewhere[bit]) }
        }
        return best.sorted().map { candidate(Int($0), q, need) }
    }

    /// The candidate with its French reasons.
    func candidate(_ i: Int, _ q: Query, _ need: Need) -> Candidate {
        var reasons: [String] = []
        let common = skillMask[i] & q.skillMask
        let names = (0..<skills.count).filter { common & (1 << UInt64($0)) != 0 }.map { skills[$0] }
        reasons.append("Compétences : \(names.joined(separator: ", ")) (\(common.nonzeroBitCount)/\(q.required))")
        switch availabilityPoints(i, q) {
        case 20: reasons.append("Disponible sur ce créneau")
        case 10: reasons.append(q.weekday == nil ? "Des disponibilités dans la semaine" : "Disponible sur une partie du créneau")
        default: reasons.append("Pas de disponibilité déclarée sur ce créneau")
        }
        let places = placeMask[i]
        if let bit = q.placeBit, places & (1 << UInt64(bit)) != 0 {
            reasons.append("Intervient dans le quartier \(need.neighbourhood)")
        } else if places == 0 {
            reasons.append("Intervient sur tout le territoire")
        } else {
            reasons.append("Intervient dans d'autres quartiers")
        }
        let left = Int(capMinutes[i] - usedMinutes[i])
        reasons.append("Encore \(left / 60) h \(String(format: "%02d", left % 60)) disponibles ce mois-ci sur \(capMinutes[i] / 60) h")
        if q.helpedBy.contains(Int32(i)) { reasons.append("A déjà aidé cette personne") }
        if motivationFits(i, q, here: q.placeBit.map { places & (1 << UInt64($0)) != 0 } ?? false) {
            reasons.append("La mission correspond à sa motivation")
        }
        return Candidate(resourcePersonId: ids[i], score: score(i, q) ?? 0, reasons: reasons)
    }

    /// The score of one resource for one need, through the same arithmetic as `top` (0 if excluded).
    public func candidateScore(_ index: Int, _ need: Need) -> Int { score(index, query(need)) ?? 0 }

    /// Whether the guardrails let resource `index` take `need` now.
    public func isEligible(_ index: Int, for need: Need) -> Bool { score(index, query(need)) != nil }

    /// Index of a resource id in the pool.
    public func index(of id: UUID) -> Int? { ids.firstIndex(of: id) }
}

/// The best K (score, then lower load, then pool order) without sorting everyone.
struct TopK {
    let limit: Int
    var items: [(score: Int, load: Int32, index: Int32)] = []

    init(limit: Int) {
        self.limit = limit
        items.reserveCapacity(limit + 1)
    }

    var isFull: Bool { items.count >= limit }
    var worstScore: Int { items.last?.score ?? .min }

    static func better(_ a: (score: Int, load: Int32, index: Int32), _ b: (score: Int, load: Int32, index: Int32)) -> Bool {
        if a.score != b.score { return a.score > b.score }
        if a.load != b.load { return a.load < b.load }
        return a.index < b.index
    }

    /// Keeps `items` sorted best first; K is small (20), so insertion is cheaper than a heap.
    mutating func offer(score: Int, load: Int32, index: Int32) {
        let item = (score: score, load: load, index: index)
        if isFull, let last = items.last, !Self.better(item, last) { return }
        var position = items.count
        while position > 0, Self.better(item, items[position - 1]) { position -= 1 }
        items.insert(item, at: position)
        if items.count > limit { items.removeLast() }
    }

    func sorted() -> [Int32] { items.map(\.index) }
}
