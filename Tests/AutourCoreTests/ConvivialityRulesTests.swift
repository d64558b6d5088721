import AutourCore
import Foundation
import Testing

@Suite struct ICalendarTests {
    let start = Date(timeIntervalSince1970: 1_796_112_000)  // 2026-12-01T08:00:00Z

    @Test func aFeedHasCRLFLinesEscapedTextAndUTCTimes() {
        let event = ICalendar.Event(
            uid: "e1@autour", start: start, end: start.addingTimeInterval(7200), summary: "Café; thé, gâteaux",
            description: "Ligne 1\nLigne 2 \\ fin", location: "Salle des fêtes", updated: start)
        let feed = ICalendar.feed(name: "CCAS", events: [event])
        #expect(feed.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(feed.hasSuffix("END:VEVENT\r\nEND:VCALENDAR\r\n"))
        #expect(!feed.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "no bare line feed")
        #expect(feed.contains("SUMMARY:Café\\; thé\\, gâteaux\r\n"))
        #expect(feed.contains("DESCRIPTION:Ligne 1\\nLigne 2 \\\\ fin\r\n"))
        #expect(feed.contains("DTSTART:20261201T080000Z\r\nDTEND:20261201T100000Z\r\n"))
    }

    @Test func longLinesAreFoldedAt75OctetsWithoutCuttingACharacter() {
        let summary = String(repeating: "é", count: 100)
        let feed = ICalendar.feed(
            name: "CCAS", events: [.init(uid: "u", start: start, end: start, summary: summary, description: "", location: "", updated: start)])
        let lines = feed.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        let unfolded = feed.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:" + summary + "\r\n"))
    }
}

@Suite struct MixityTests {
    let ages = Mixity.Attribute.ageBand.fixedValues

    @Test func evennessIsZeroForOneCategoryAndOneForEqualShares() throws {
        #expect(Mixity.evenness(["18-29": 40], categories: ages) == 0)
        let equal = Dictionary(uniqueKeysWithValues: ages.map { ($0, 7) })
        #expect(abs(try #require(Mixity.evenness(equal, categories: ages)) - 1) < 1e-12)
        // Two categories of six, equally: ln 2 / ln 6.
        #expect(abs(try #require(Mixity.evenness(["18-29": 5, "75+": 5], categories: ages)) - log(2) / log(6)) < 1e-12)
        #expect(Mixity.evenness([Mixity.preferNotToSay: 9], categories: ages) == nil, "« prefer not to say » is not a category")
    }

    @Test func distanceIsHalfTheSumOfShareGaps() throws {
        let reference = ["femme": 52.0, "homme": 48.0]
        #expect(abs(try #require(Mixity.distance(["femme": 52, "homme": 48], reference: reference))) < 1e-12)
        #expect(abs(try #require(Mixity.distance(["femme": 30], reference: reference)) - 0.48) < 1e-12)
        #expect(abs(try #require(Mixity.distance(["femme": 10, "homme": 30], reference: reference)) - 0.27) < 1e-12)
    }

    @Test func smallCountsAndFewAnswersShowNothingThatPointsAtSomeone() {
        let few = Mixity.figures(.gender, counts: ["femme": 12, "homme": 3], categories: ["femme", "homme", "autre"], reference: nil)
        #expect(few.cells.map(\.count) == ["12", "< 5", "< 5", "< 5"])
        #expect(few.evenness == nil, "15 answers: too few for the index")
        let enough = Mixity.figures(
            .gender, counts: ["femme": 14, "homme": 9, "autre": 1], categories: ["femme", "homme", "autre"], reference: ["femme": 52, "homme": 47, "autre": 1])
        #expect(enough.answers == 24)
        #expect(enough.evenness != nil && enough.distance != nil)
    }
}

@Suite struct ProgrammeRulesTests {
    let start = Date(timeIntervalSince1970: 1_796_112_000)

    func input(capacity: Int? = 20, price: Int? = 0, hours: Double = 2) -> EventInput {
        EventInput(
            title: "Café des voisins", kind: "cafe", venueName: "Salle", startsAt: start, endsAt: start.addingTimeInterval(hours * 3600),
            capacity: capacity, priceCents: price)
    }

    @Test func anEventIsCheapShortAndHasPlaces() throws {
        #expect(try Programme.validate(input()).capacity == 20)
        for (bad, field) in [
            (input(capacity: 0), "capacity"), (input(capacity: nil), "capacity"), (input(price: 1_600), "price"), (input(price: -1), "price"),
            (input(hours: -1), "endsAt"), (input(hours: 49), "endsAt"),
        ] {
            #expect(throws: AutourError.self) { try Programme.validate(bad) }
            do { _ = try Programme.validate(bad) } catch { #expect(error.fields[field] != nil, "\(field)") }
        }
        var unknown = input()
        unknown.kind = "rave"
        do { _ = try Programme.validate(unknown) } catch { #expect(error.fields["kind"] != nil) }
    }

    @Test func aNewcomerWaitsBehindTheWaitingListEvenWhenAPlaceIsFree() {
        #expect(Seating.status(seats: 1, capacity: 10, confirmedSeats: 9, waiting: 0) == .confirmed)
        #expect(Seating.status(seats: 2, capacity: 10, confirmedSeats: 9, waiting: 0) == .waiting)
        #expect(Seating.status(seats: 1, capacity: 10, confirmedSeats: 9, waiting: 1) == .waiting)
    }

    @Test func freedPlacesSeatTheWaitingListInOrderWithoutPassingAnyoneOver() {
        let (a, b, c) = (UUID(), UUID(), UUID())
        #expect(Seating.promotions(capacity: 10, confirmedSeats: 7, waiting: [(a, 2), (b, 1), (c, 1)]) == [a, b])
        // A group of four keeps its turn: the single person behind it is not seated first.
        #expect(Seating.promotions(capacity: 10, confirmedSeats: 7, waiting: [(a, 4), (b, 1)]) == [])
        #expect(Seating.promotions(capacity: 10, confirmedSeats: 10, waiting: [(a, 1)]) == [])
    }

    @Test func anInhabitantLeavesAPhoneOrAnEmailAndAnAgentMayNot() throws {
        #expect(throws: AutourError.self) { try RegistrationInput(firstName: "Zoé", contact: "").validated(needsContact: true, maximumSeats: 6) }
        #expect(throws: AutourError.self) { try RegistrationInput(firstName: "Zoé", contact: "12").validated(needsContact: true, maximumSeats: 6) }
        #expect(throws: AutourError.self) { try RegistrationInput(firstName: "", contact: "06 12 34 56 78").validated(needsContact: true, maximumSeats: 6) }
        #expect(throws: AutourError.self) { try RegistrationInput(firstName: "Zoé", contact: "", seats: 7).validated(needsContact: false, maximumSeats: 6) }
        #expect(try RegistrationInput(firstName: " Zoé ", contact: "zoe@example.org").validated(needsContact: true, maximumSeats: 6).firstName == "Zoé")
        #expect(try RegistrationInput(firstName: "Zoé", contact: "").validated(needsContact: false, maximumSeats: 6).contact == "")
    }

    @Test func theSeasonRunsFromSeptemberToAugust() throws {
        let zone = FrenchTime.zone
        #expect(Programme.season(of: start, in: zone) == "2026-2027")
        let bounds = try #require(Programme.seasonBounds("2026-2027", in: zone))
        #expect(bounds.start < start && start < bounds.end)
        #expect(Programme.season(of: bounds.start.addingTimeInterval(-1), in: zone) == "2025-2026")
        #expect(Programme.seasonBounds("2026-2028", in: zone) == nil)
        #expect(Programme.seasonBounds("x", in: zone) == nil)
    }

    @Test func mixityAnswersAreChosenFromTheListOrLeftEmpty() throws {
        let kept = try Mixity.answers([.ageBand: "60-74", .gender: "", .place: "Nord", .firstEvent: Mixity.preferNotToSay], places: ["Nord"])
        #expect(kept == [.ageBand: "60-74", .place: "Nord", .firstEvent: Mixity.preferNotToSay])
        #expect(throws: AutourError.self) { try Mixity.answers([.place: "Sud"], places: ["Nord"]) }
    }
}
