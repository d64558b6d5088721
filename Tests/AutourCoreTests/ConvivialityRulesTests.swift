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
