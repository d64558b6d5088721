import AutourCore
import Foundation
import Testing

@Suite("Energies: matching, guardrails, batch, emerging needs")
struct EnergiesRulesTests {
    let territory = Territory(
        id: UUID(), slug: "t", name: "T", communes: ["69256"],
        neighbourhoods: ["Village", "La Soie", "Écoin"].map { Neighbourhood(id: UUID(), name: $0, communeCode: "69256") })
    let skills = EnergiesRules.defaultSkills
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func resource(
        _ name: String = "R", kind: ResourceKind = .volunteer, skills: [String] = ["Jardinage"], places: [String] = ["Village"],
        cap: Int = 600, slots: [WeeklySlot] = [WeeklySlot(weekday: 2, start: 540, end: 720)], motivations: Set<Motivation> = [],
        paused: Bool = false, absences: [Absence] = []
    ) -> ResourcePerson {
        ResourcePerson(
            id: UUID(), territoryId: territory.id, accountId: nil, name: name, kind: kind, skills: skills, availability: slots,
            absences: absences, neighbourhoods: places, maxMinutesPerMonth: cap, motivations: motivations, paused: paused)
    }

    func need(
        _ skills: [String] = ["Jardinage"], place: String = "Village", weekday: Int? = 2, start: Int? = 600, end: Int? = 660,
        duration: Int = 60, professionalOnly: Bool = false, person: UUID? = nil
    ) -> Need {
        Need(
            id: UUID(), territoryId: territory.id, title: "Mission", skills: skills, neighbourhood: place, weekday: weekday, start: start,
            end: end, durationMinutes: duration, professionalOnly: professionalOnly, personId: person, createdBy: UUID(), createdAt: now)
    }

    func pool(_ resources: [ResourcePerson], load: [UUID: ResourceLoad] = [:], helped: [UUID: Set<UUID>] = [:], rest: Int = 3) -> CandidatePool {
        CandidatePool(taxonomy: skills, resources: resources, load: load, helped: helped, restMissionsPerWeek: rest, today: "2026-11-18")
    }

    @Test("a need and a resource person are checked field by field against the taxonomy and the territory")
    func validation() throws {
        do {
            _ = try EnergiesRules.validate(
                NeedInput(
                    title: " ", skills: ["Plongée"], neighbourhood: "Atlantide", weekday: 9, start: "10:00",
                    durationMinutes: 5, urgency: "vite", professionalOnly: false), skills: skills, territory: territory)
            Issue.record("accepted")
        } catch {
            #expect(Set(error.fields.keys) == ["title", "skills", "neighbourhood", "weekday", "start", "durationMinutes", "urgency"])
        }
        let valid = try EnergiesRules.validate(
            NeedInput(
                title: "Jardin", skills: ["jardinage"], neighbourhood: "ecoin", weekday: 3, start: "14:00",
                end: "16:00", durationMinutes: 90, urgency: "urgent", professionalOnly: true),
            skills: skills, territory: territory)
        #expect(valid.skills == ["Jardinage"])
        #expect(valid.neighbourhood == "Écoin")
        #expect((valid.start, valid.end) == (840, 960))
        do {
            _ = try ResourceRules.validate(
                ResourcePersonInput(
                    name: "", skills: [], availability: [.init(weekday: 8, start: "25:00", end: "10:00")],
                    neighbourhoods: ["Atlantide"], maxMinutesPerMonth: 99999, motivations: ["argent"],
                    professional: false), skills: skills, territory: territory)
            Issue.record("accepted")
        } catch {
            #expect(Set(error.fields.keys) == ["name", "skills", "availability", "neighbourhoods", "maxMinutesPerMonth", "motivations"])
        }
    }

    @Test("never a volunteer for a professional-only need, nor anyone paused, absent, over their cap or at their weekly rest limit")
    func guardrails() {
        let volunteer = resource("Bénévole"), pro = resource("Pro", kind: .professional)
        let paused = resource("En pause", paused: true), absent = resource("Absent", absences: [Absence(from: "2026-11-10", to: "2026-11-20")])
        let full = resource("Plafond", cap: 120), rested = resource("Repos"), other = resource("Autre compétence", skills: ["Cuisine et repas partagés"])
        let load = [full.id: ResourceLoad(minutesThisMonth: 90), rested.id: ResourceLoad(missionsThisWeek: 3)]
        let everyone = pool([volunteer, pro, paused, absent, full, rested, other], load: load)
        #expect(Set(everyone.top(need(), limit: 20).map(\.resourcePersonId)) == [volunteer.id, pro.id])
        #expect(everyone.top(need(professionalOnly: true), limit: 20).map(\.resourcePersonId) == [pro.id])
        // Under the cap with a shorter mission, the same person is back.
        #expect(everyone.top(need(duration: 30), limit: 20).map(\.resourcePersonId).contains(full.id))
        // A stricter rest rule excludes the busy ones.
        #expect(pool([volunteer], load: [volunteer.id: ResourceLoad(missionsThisWeek: 1)], rest: 1).top(need(), limit: 5).isEmpty)
    }

    @Test("the score rewards skills, availability, place, spare load, continuity and motivation, each with its reason")
    func scoreAndReasons() throws {
        let inhabitant = UUID()
        let best = resource("Idéale", cap: 600, motivations: [.helpingNeighbours])
        let elsewhere = resource("Ailleurs", places: ["La Soie"])
        let busy = resource("Occupée", cap: 600)
        let busyLoad = [busy.id: ResourceLoad(minutesThisMonth: 540)]
        let ranked = pool([elsewhere, busy, best], load: busyLoad, helped: [inhabitant: [best.id]]).top(need(person: inhabitant), limit: 3)
        #expect(ranked.map(\.resourcePersonId) == [best.id, busy.id, elsewhere.id])
        let top = try #require(ranked.first)
        #expect(top.score == 100)
        #expect(top.reasons.contains("Disponible sur ce créneau"))
        #expect(top.reasons.contains("Intervient dans le quartier Village"))
        #expect(top.reasons.contains("A déjà aidé cette personne"))
        #expect(top.reasons.contains("La mission correspond à sa motivation"))
        #expect(ranked[2].reasons.contains("Intervient dans d'autres quartiers"))
    }

    @Test("the index returns exactly the brute-force top K, on random pools", arguments: 0..<20)
    func indexMatchesBruteForce(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed))
        let places = territory.neighbourhoods.map(\.name)
        let resources = (0..<400).map { i in
            resource(
                "R\(i)", kind: Int.random(in: 0..<5, using: &rng) == 0 ? .professional : .volunteer,
                skills: Array(Set((0..<Int.random(in: 1...3, using: &rng)).map { _ in skills[Int.random(in: 0..<6, using: &rng)] })),
                places: Int.random(in: 0..<4, using: &rng) == 0 ? [] : [places[Int.random(in: 0..<3, using: &rng)]],
                cap: 60 * Int.random(in: 1...10, using: &rng),
                slots: [WeeklySlot(weekday: Int.random(in: 1...7, using: &rng), start: 540, end: 720)],
                motivations: [Motivation.allCases[Int.random(in: 0..<5, using: &rng)]], paused: Int.random(in: 0..<10, using: &rng) == 0)
        }
        let load = Dictionary(
            uniqueKeysWithValues: resources.map {
                (
                    $0.id,
                    ResourceLoad(
                        minutesThisMonth: Int.random(in: 0...300, using: &rng),
                        missionsThisWeek: Int.random(in: 0...3, using: &rng))
                )
            })
        let everyone = pool(resources, load: load)
        let wanted = need(
            [skills[Int.random(in: 0..<6, using: &rng)], skills[Int.random(in: 0..<6, using: &rng)]],
            place: places[Int.random(in: 0..<3, using: &rng)], weekday: Int.random(in: 1...7, using: &rng),
            professionalOnly: seed % 4 == 0)
        // Brute force: every resource scored through the single-candidate path, sorted by the same order.
        let all = resources.indices.compactMap { i -> (Int, Int, Int)? in
            everyone.isEligible(i, for: wanted) ? (everyone.candidateScore(i, wanted), load[resources[i].id]!.minutesThisMonth, i) : nil
        }.sorted { ($0.0, -$0.1, -$0.2) > ($1.0, -$1.1, -$1.2) }
        let expected = all.prefix(20).map { resources[$0.2].id }
        #expect(everyone.top(wanted, limit: 20).map(\.resourcePersonId) == Array(expected))
    }

    @Test("a batch covers as many needs as possible, then the best total score, and no one goes past their cap or rest limit")
    func batchRespectsLoads() throws {
        let a = resource("A", cap: 120), b = resource("B", kind: .professional, cap: 600)
        let needs = [need(duration: 60), need(duration: 60), need(duration: 60), need(professionalOnly: true)]
        // A: 120 minutes left, so two missions of an hour; B: the rest rule, two a week.
        let result = try BatchMatching.propose(needs, pool: pool([a, b], rest: 2))
        #expect(result.proposals.count == 4)
        #expect(result.unassigned.isEmpty)
        let perPerson = Dictionary(grouping: result.proposals, by: \.resourcePersonId).mapValues(\.count)
        #expect(perPerson == [a.id: 2, b.id: 2])
        let proOnly = try #require(result.proposals.first { $0.needId == needs[3].id })
        #expect(proOnly.resourcePersonId == b.id)
        // With one mission a week each, two needs are covered and two wait.
        let rested = try BatchMatching.propose(needs, pool: pool([a, b], rest: 1))
        #expect(rested.proposals.count == 2)
        #expect(Set(rested.proposals.map(\.resourcePersonId)) == [a.id, b.id])
        #expect(rested.unassigned.count == 2)
        // A longer mission than A's remaining minutes is never given to A.
        let long = try BatchMatching.propose([need(duration: 180)], pool: pool([a], rest: 3))
        #expect(long.proposals.isEmpty)
    }

    @Test("a need's workflow: proposed by the coordinator, accepted or declined, hours declared then verified")
    func workflow() throws {
        #expect(try EnergiesRules.status(after: .propose, from: .open) == .proposed)
        #expect(try EnergiesRules.status(after: .accept, from: .proposed) == .accepted)
        #expect(try EnergiesRules.status(after: .decline, from: .proposed) == .open)
        #expect(try EnergiesRules.status(after: .declareHours, from: .accepted) == .done)
        #expect(try EnergiesRules.status(after: .cancel, from: .proposed) == .cancelled)
        for (move, status) in [
            (EnergiesRules.Move.accept, NeedStatus.open), (.propose, .accepted), (.declareHours, .proposed),
            (.cancel, .done), (.verifyHours, .accepted),
        ] {
            #expect(throws: AutourError.self) { try EnergiesRules.status(after: move, from: status) }
        }
    }

    @Test("emerging needs: a steady series raises nothing; a rise beyond the Poisson bound of the last 12 weeks does")
    func emergingNeeds() {
        var rng = SeededGenerator(seed: 3)
        func series(weekly: Int, thisWeek: Int) -> [EmergingNeeds.Event] {
            var events: [EmergingNeeds.Event] = []
            let monday = RadarIndicators.mondayOf(now)
            for week in 1...12 {
                for _ in 0..<weekly {
                    events.append(
                        .init(
                            kind: "Courses", neighbourhood: "Village",
                            at: monday.addingTimeInterval(-Double(week) * 7 * 86400 + Double.random(in: 0..<(6 * 86400), using: &rng))))
                }
            }
            for _ in 0..<thisWeek { events.append(.init(kind: "Courses", neighbourhood: "Village", at: monday.addingTimeInterval(60))) }
            return events
        }
        #expect(EmergingNeeds.alerts(series(weekly: 4, thisWeek: 5), now: now).isEmpty)
        #expect(EmergingNeeds.alerts(series(weekly: 0, thisWeek: 2), now: now).isEmpty, "two events are not a trend")
        let rise = EmergingNeeds.alerts(series(weekly: 2, thisWeek: 9), now: now)
        #expect(rise.map(\.kind) == ["Courses"])
        #expect(rise.first?.expected == 2)
        #expect(EmergingNeeds.poissonTail(atLeast: 0, mean: 3) == 1)
        #expect(abs(EmergingNeeds.poissonTail(atLeast: 1, mean: 2) - (1 - exp(-2))) < 1e-12)
    }
}
