import AutourCore
import Foundation
import Testing

@Suite struct PlacesRulesTests {
    let monday = BookingRules.weekStart(Date(timeIntervalSince1970: 1_796_112_000))  // the week of 2026-12-01

    func at(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = FrenchTime.zone
        return calendar.date(byAdding: .minute, value: (day * 24 + hour) * 60 + minute, to: monday)!
    }

    @Test func aWeeklyBookingRepeatsAtTheSameLocalHoursAcrossTheClockChange() throws {
        let start = at(0, 14), end = at(0, 16)
        let occurrences = try BookingRules.occurrences(
            BookingInput(roomId: UUID(), group: "Chorale", startsAt: start, endsAt: end, weeks: 20), opens: 8 * 60, closes: 22 * 60,
            now: start.addingTimeInterval(-3600))
        #expect(occurrences.count == 20)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = FrenchTime.zone
        #expect(occurrences.allSatisfy { calendar.component(.hour, from: $0.start) == 14 && $0.duration == 7200 }, "14h every week, summer time too")
    }

    @Test func aBookingStaysInsideTheOpeningHoursAndTheFuture() {
        let room = UUID()
        func refused(_ start: Date, _ end: Date, weeks: Int = 1) -> [String] {
            do {
                _ = try BookingRules.occurrences(
                    BookingInput(roomId: room, group: "G", startsAt: start, endsAt: end, weeks: weeks), opens: 8 * 60, closes: 22 * 60, now: at(0, 0))
                return []
            } catch { return error.fields.keys.sorted() }
        }
        #expect(refused(at(1, 7), at(1, 9)) == ["endsAt"])
        #expect(refused(at(1, 21), at(1, 23)) == ["endsAt"])
        #expect(refused(at(1, 10), at(1, 9)) == ["endsAt"])
        #expect(refused(at(1, 10), at(1, 12), weeks: 27) == ["weeks"])
        #expect(refused(at(0, 0).addingTimeInterval(-86_400 + 10 * 3600), at(0, 0).addingTimeInterval(-86_400 + 12 * 3600)) == ["startsAt"])
        #expect(refused(at(1, 10), at(1, 12)).isEmpty)
    }

    @Test func aGroupIsHeldToItsWeeklyShare() throws {
        let held = [DateInterval(start: at(0, 10), end: at(0, 14))]
        try BookingRules.checkWeeklyCap([DateInterval(start: at(2, 10), end: at(2, 12))], held: held, capMinutes: 360)
        #expect(throws: AutourError.self) {
            try BookingRules.checkWeeklyCap([DateInterval(start: at(2, 10), end: at(2, 13))], held: held, capMinutes: 360)
        }
        // Next week is another week.
        try BookingRules.checkWeeklyCap([DateInterval(start: at(7, 10), end: at(7, 15))], held: held, capMinutes: 360)
    }

    @Test func availabilityIsTheOpeningHoursMinusTheBookingsForEveryRoom() {
        var generator = SeededGenerator(seed: 7)
        let rooms = (0..<30).map { _ in (id: UUID(), opens: 8 * 60, closes: 22 * 60) }
        var bookings: [(room: UUID, start: Date, end: Date)] = []
        for _ in 0..<400 {
            let room = rooms.randomElement(using: &generator)!.id
            let day = Int.random(in: 0..<7, using: &generator), hour = Int.random(in: 8..<21, using: &generator)
            bookings.append((room, at(day, hour), at(day, hour + 1, 30)))
        }
        let free = BookingRules.availability(rooms: rooms, bookings: bookings, week: monday)
        // Against a brute force: every quarter hour of the week is free exactly when it is open and no booking covers it.
        for room in rooms {
            let slots = free[room.id] ?? []
            for quarter in 0..<(7 * 96) {
                let t = monday.addingTimeInterval(Double(quarter) * 900 + 1)
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = FrenchTime.zone
                let minute = calendar.component(.hour, from: t) * 60 + calendar.component(.minute, from: t)
                let open = minute >= room.opens && minute < room.closes
                let booked = bookings.contains { $0.room == room.id && $0.start <= t && t < $0.end }
                #expect(slots.contains { $0.start <= t && t < $0.end } == (open && !booked))
            }
        }
    }

    @Test func coHousingPairsOnlyCompatiblePeopleAndTheClosestWishes() throws {
        func profile(_ side: CoHousing.Side, pets: Bool = false, acceptsPets: Bool = true, hours: Int, quiet: Bool = false, languages: [String] = ["français"])
            -> CoHousing.Profile
        {
            CoHousing.Profile(
                id: UUID(), side: side, firstName: "x", neighbourhood: "", wantsQuiet: quiet, hasPets: pets, acceptsPets: acceptsPets, smokes: false,
                acceptsSmoking: false, helpHours: hours, languages: languages)
        }
        let catOwner = profile(.host, pets: true, hours: 5)
        let quietHost = profile(.host, hours: 3, quiet: true)
        let allergic = profile(.guest, acceptsPets: false, hours: 3, quiet: true)
        let helper = profile(.guest, hours: 5)
        let stranger = profile(.guest, hours: 5, languages: ["anglais"])
        #expect(!CoHousing.compatible(catOwner, allergic))
        #expect(!CoHousing.compatible(quietHost, stranger), "no language in common")
        let pairs = try CoHousing.proposals(hosts: [catOwner, quietHost], guests: [allergic, helper, stranger])
        #expect(Set(pairs.map { "\($0.host)-\($0.guest)" }) == ["\(catOwner.id)-\(helper.id)", "\(quietHost.id)-\(allergic.id)"])
        #expect(pairs.allSatisfy { $0.cost == 0 })
        #expect(try CoHousing.proposals(hosts: [catOwner], guests: [allergic]).isEmpty)
    }

    @Test func aTrialIsFourWeeksAndACallStaysOpenTwoWeeks() throws {
        let start = at(0, 0)
        #expect(Occupancy.trialWeek(start: start, at: at(0, 12)) == 1)
        #expect(Occupancy.trialWeek(start: start, at: at(20, 12)) == 3)
        #expect(Occupancy.trialWeek(start: start, at: at(28, 1)) == nil)
        #expect(throws: AutourError.self) {
            try Occupancy.validate(Occupancy.CallInput(title: "Appel", description: "", closesOn: at(10, 0)), now: at(0, 0))
        }
        #expect(try Occupancy.validate(Occupancy.CallInput(title: "Appel", description: "", closesOn: at(14, 0)), now: at(0, 0)).title == "Appel")
    }
}
