import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

@Suite("Places")
struct PlacesTests {
    /// A place with two rooms in territory A, created by its coordinator.
    static func place(_ store: Store, _ world: TwoTerritories, vacant: Bool = false) async throws -> Place {
        let id = try await store.placesService.create(
            PlaceInput(
                name: "Maison des associations", address: "1 rue Haute", owner: "commune", opens: 8 * 60, closes: 22 * 60, vacant: vacant,
                rooms: [RoomInput(name: "Grande salle", capacity: 50), RoomInput(name: "Petite salle", capacity: 10)]),
            territory: world.a.territory, actor: world.a.account(.coordinator).actor)
        return try await store.placesService.place(id: id, territory: world.a.territory)
    }

    /// Next Monday at `hour` (French time), plus `days`.
    static func slot(days: Int = 0, hour: Int, minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = FrenchTime.zone
        let monday = calendar.date(byAdding: .day, value: 7, to: BookingRules.weekStart(Date()))!
        return calendar.date(byAdding: .minute, value: (days * 24 + hour) * 60 + minute, to: monday)!
    }

    @Test("50 requests at once for one room and one slot: exactly one booking is stored; touching slots and other rooms are fine", arguments: TestBackend.all)
    func noDoubleBooking(backend: TestBackend) async throws {
        try await withApp(backend, seed: programmeWorld) { world, _, store in
            let place = try await Self.place(store, world)
            let room = place.rooms[0].id
            let service = store.placesService
            let agent = world.a.account(.agent).actor
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 0..<50 {
                    group.addTask {
                        do {
                            // Overlapping slots, each a little different: 10:00–12:00 shifted by up to 49 minutes.
                            _ = try await service.book(
                                BookingInput(
                                    roomId: room, group: "Groupe \(n)", startsAt: Self.slot(hour: 10, minute: n), endsAt: Self.slot(hour: 12, minute: n)),
                                place: place, actor: agent)
                            return true
                        } catch AutourError.conflict {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            let stored = try await service.bookings(place: place, from: Self.slot(hour: 0), to: Self.slot(days: 1, hour: 0))
            #expect(stored.count == 1)
            let taken = try #require(stored.first)
            if backend == .postgres {
                // Another server writing past the check (raw SQL here): the database itself refuses.
                let sql = try store.database.db as! any SQLDatabase
                do {
                    try await sql.raw(
                        """
                        INSERT INTO room_bookings (id, room_id, place_id, territory_id, group_name, group_key, purpose, starts_at, ends_at, series_id, cancelled)
                        VALUES (\(bind: UUID()), \(bind: room), \(bind: place.id), \(bind: place.territoryId), 'X', 'x', '',
                        \(bind: taken.startsAt.addingTimeInterval(600)), \(bind: taken.endsAt), \(bind: UUID()), false)
                        """
                    ).run()
                    Issue.record("an overlapping booking was stored")
                } catch {
                    #expect(String(reflecting: error).contains("room_bookings_no_overlap"), "\(String(reflecting: error))")
                }
            }
            // Right after it, and the other room at the same time: both accepted.
            _ = try await service.book(
                BookingInput(roomId: room, group: "Après", startsAt: taken.endsAt, endsAt: taken.endsAt.addingTimeInterval(3600)), place: place, actor: agent)
            _ = try await service.book(
                BookingInput(roomId: place.rooms[1].id, group: "À côté", startsAt: taken.startsAt, endsAt: taken.endsAt), place: place, actor: agent)
            // A weekly series whose third week clashes is refused as a whole.
            _ = try await service.book(
                BookingInput(roomId: room, group: "Plus tard", startsAt: Self.slot(days: 16, hour: 18), endsAt: Self.slot(days: 16, hour: 19)),
                place: place, actor: agent)
            await #expect(throws: AutourError.self) {
                _ = try await service.book(
                    BookingInput(roomId: room, group: "Série", startsAt: Self.slot(days: 2, hour: 18), endsAt: Self.slot(days: 2, hour: 20), weeks: 4),
                    place: place, actor: agent)
            }
            #expect(try await service.bookings(place: place, from: Self.slot(hour: 0), to: Self.slot(days: 40, hour: 0)).count == 4)
        }
    }

    @Test("one group cannot hold a place beyond the weekly cap the coordinator sets", arguments: TestBackend.all)
    func weeklyCap(backend: TestBackend) async throws {
        try await withApp(backend, seed: programmeWorld) { world, client, store in
            let place = try await Self.place(store, world)
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            let path = "/lieux/\(place.id.uuidString.lowercased())"
            func book(_ group: String, day: Int, from: String, to: String) async throws -> TestResponse {
                try await agent.get(path)
                return try await agent.post(
                    path + "/reserver",
                    [
                        ("room", place.rooms[day % 2].id.uuidString), ("group", group), ("day", PlacesTests.isoDay(Self.slot(days: day, hour: 12))),
                        ("from", from), ("to", to), ("weeks", "1"),
                    ])
            }
            #expect(try await book("Club de scrabble", day: 0, from: "09:00", to: "13:00").status == .seeOther)
            let over = try await book("club de  Scrabble", day: 1, from: "14:00", to: "17:00")
            #expect(over.status == .unprocessableContent, "4 h + 3 h > 6 h, whatever the spelling")
            #expect(over.readable.contains("Au plus 6 h par semaine"))
            #expect(try await book("Atelier tricot", day: 1, from: "14:00", to: "17:00").status == .seeOther, "another group")
            let conflict = try await book("Autre", day: 1, from: "15:00", to: "16:00")
            #expect(conflict.status == .conflict && conflict.readable.contains("déjà réservée"))

            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            try await coordinator.get("/lieux")
            #expect(try await coordinator.post("/lieux/plafond", [("cap", "8")]).status == .seeOther)
            #expect(try await book("Club de scrabble", day: 1, from: "18:00", to: "21:00").status == .seeOther, "7 h under a cap of 8")
            let week = try await agent.get(path + "?semaine=" + PlacesTests.isoDay(Self.slot(hour: 12)))
            #expect(week.readable.contains("Club de scrabble") && week.readable.contains("Atelier tricot"))
        }
    }

    static func isoDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = FrenchTime.zone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    @Test("a partner books in its structure's name and cancels only its own bookings; the place's feed names no group", arguments: TestBackend.all)
    func partnerBookings(backend: TestBackend) async throws {
        try await withApp(backend, seed: programmeWorld) { world, client, store in
            let place = try await Self.place(store, world)
            let agentBooking = try await store.placesService.book(
                BookingInput(roomId: place.rooms[0].id, group: "Chorale", startsAt: Self.slot(hour: 18), endsAt: Self.slot(hour: 20)), place: place,
                actor: world.a.account(.agent).actor)[0]
            let partner = Browser(client)
            try await partner.logIn(world.a.account(.partner).email)
            let path = "/lieux/\(place.id.uuidString.lowercased())"
            try await partner.get(path)
            let booked = try await partner.post(
                path + "/reserver",
                [
                    ("room", place.rooms[1].id.uuidString), ("group", "Nom inventé"), ("day", Self.isoDay(Self.slot(hour: 12))), ("from", "10:00"),
                    ("to", "11:00"), ("weeks", "1"),
                ])
            #expect(booked.status == .seeOther)
            let mine = try await store.placesService.bookings(place: place, from: Self.slot(hour: 0), to: Self.slot(days: 1, hour: 0))
            #expect(mine.map(\.group).sorted() == ["Association Lien et Visites", "Chorale"], "the partner's structure, not the typed name")
            try await partner.get(path)
            #expect(try await partner.post(path + "/annuler", [("booking", agentBooking.id.uuidString)]).status == .forbidden)
            let own = try #require(mine.first { $0.group != "Chorale" })
            #expect(try await partner.post(path + "/annuler", [("booking", own.id.uuidString)]).status == .seeOther)
            let feed = try await Browser(client).get("/lieux-partages/alpha/\(place.id.uuidString.lowercased())/calendrier.ics")
            #expect(feed.text.contains("SUMMARY:Grande salle réservée") && !feed.text.contains("Chorale"))
            #expect(try await Browser(client).get("/lieux-partages/beta/\(place.id.uuidString.lowercased())/calendrier.ics").status == .notFound)
            for role in [Role.volunteer, .watcher] {
                let browser = Browser(client)
                try await browser.logIn(world.a.account(role).email)
                #expect(try await browser.get(path).status == .forbidden)
            }
        }
    }

    @Test(
        "a call stays open until its date; an application from the public page is selected with reasons; the trial's end is decided after four weeks and prints a convention",
        arguments: TestBackend.all)
    func callTrialConvention(backend: TestBackend) async throws {
        try await withApp(backend, seed: programmeWorld) { world, client, store in
            let place = try await Self.place(store, world, vacant: true)
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let placePath = "/lieux/\(place.id.uuidString.lowercased())"
            try await coordinator.get(placePath)
            let tooShort = try await coordinator.post(
                placePath + "/appel", [("title", "Appel"), ("closesOn", Self.isoDay(Date().addingTimeInterval(5 * 86_400)))])
            #expect(tooShort.status == .unprocessableContent && tooShort.readable.contains("au moins 14 jours"))
            let opened = try await coordinator.post(
                placePath + "/appel", [("title", "Ouvrir la maison"), ("closesOn", Self.isoDay(Date().addingTimeInterval(20 * 86_400)))])
            #expect(opened.status == .seeOther)
            let callPath = String(try #require(opened.headers[.location]).split(separator: "?")[0])
            let callId = String(callPath.split(separator: "/").last!)

            let inhabitant = Browser(client)
            let publicList = try await inhabitant.get("/lieux-partages/alpha")
            #expect(publicList.readable.contains("Ouvrir la maison"))
            try await inhabitant.get("/lieux-partages/alpha/appels/\(callId)")
            let applied = try await inhabitant.post(
                "/lieux-partages/alpha/appels/\(callId)",
                [("group", "Collectif du Nord"), ("contact", "collectif@example.org"), ("project", "Une bibliothèque de rue et des goûters."), ("people", "6")])
            #expect(applied.status == .seeOther)

            try await coordinator.get(callPath)
            let early = try await coordinator.post(callPath + "/clore", [])
            #expect(early.status == .conflict && early.readable.contains("il reste ouvert"), "a call is not closed before its date")
            let callUUID = try #require(UUID(uuidString: callId))
            let application = try #require(try await store.occupancy.applications(callId: callUUID).first)
            let noReason = try await coordinator.post(
                callPath + "/decision", [("application", application.id.uuidString), ("decision", "selected"), ("reasons", "")])
            #expect(noReason.status == .unprocessableContent)
            #expect(
                try await coordinator.post(
                    callPath + "/decision", [("application", application.id.uuidString), ("decision", "selected"), ("reasons", "Ouvert à tout le quartier.")]
                ).status == .seeOther)
            // The trial began four weeks ago (recorded after the fact).
            let started = try await coordinator.post(
                callPath + "/essai",
                [
                    ("application", application.id.uuidString), ("startsOn", Self.isoDay(Date().addingTimeInterval(-29 * 86_400))),
                    ("rules", "Le lieu reste ouvert à tous.\nClés rendues le soir."),
                ])
            #expect(started.status == .seeOther)
            let trialPath = String(try #require(started.headers[.location]).split(separator: "?")[0])
            try await coordinator.get(trialPath)
            #expect(
                try await coordinator.post(
                    trialPath + "/avis", [("week", "4"), ("reviewer", "CCAS"), ("wentWell", "Des voisins nouveaux chaque semaine."), ("carryOn", "oui")]
                ).status == .seeOther)
            #expect(
                try await coordinator.post(trialPath + "/avis", [("week", "4"), ("reviewer", "CCAS"), ("wentWell", "Encore"), ("carryOn", "oui")]).status
                    == .conflict, "one review per reviewer and week")
            #expect(try await coordinator.get(trialPath + "/convention").status == .notFound, "no convention before the decision")
            #expect(
                try await coordinator.post(trialPath + "/decision", [("decision", "convention"), ("reasons", "Un essai réussi, ouvert à tous.")]).status
                    == .seeOther)
            let convention = try await coordinator.get(trialPath + "/convention")
            #expect(convention.status == .ok)
            #expect(convention.readable.contains("Convention d'occupation partagée — Maison des associations"))
            #expect(convention.readable.contains("Collectif du Nord") && convention.readable.contains("Clés rendues le soir."))
            #expect(
                try await coordinator.post(trialPath + "/decision", [("decision", "exit"), ("reasons", "Changement d'avis")]).status == .conflict)
            let other = Browser(client)
            try await other.logIn(world.b.account(.coordinator).email)
            #expect(try await other.get(trialPath).status == .notFound)
            #expect(try await other.get(callPath).status == .notFound)
        }
    }

    @Test("a trial still under way cannot be decided before its four weeks are over", arguments: [TestBackend.sqlite])
    func trialRunsFourWeeks(backend: TestBackend) async throws {
        try await withApp(backend, seed: programmeWorld) { world, _, store in
            let place = try await Self.place(store, world, vacant: true)
            let service = store.placesService
            let coordinator = world.a.account(.coordinator).actor
            let callId = try await service.openCall(
                Occupancy.CallInput(title: "Appel", description: "", closesOn: Date().addingTimeInterval(20 * 86_400)), place: place, actor: coordinator)
            let call = try await service.call(id: callId, territory: world.a.territory)
            let application = try await service.apply(
                Occupancy.ApplicationInput(group: "G", contact: "06 00 00 00 00", project: "Un projet pour tous", people: 2), call: call, actor: nil)
            try await service.decide(applicationId: application, call: call, selected: true, reasons: "Projet solide", actor: coordinator)
            let trial = try await service.trial(
                id: try await service.startTrial(
                    applicationId: application, call: call, startsAt: Date().addingTimeInterval(-10 * 86_400), rules: "R", actor: coordinator),
                territory: world.a.territory, actor: coordinator)
            await #expect(throws: AutourError.self) { try await service.decide(trial: trial, convention: true, reasons: "Trop tôt", actor: coordinator) }
            await #expect(throws: AutourError.self) {
                _ = try await service.startTrial(applicationId: application, call: call, startsAt: Date(), rules: "R", actor: coordinator)
            }
        }
    }

    @Test(
        "co-housing: the solver pairs compatible profiles, the coordinator agrees one, its agreement prints, and no one signs twice", arguments: TestBackend.all
    )
    func coHousing(backend: TestBackend) async throws {
        try await withApp(backend, seed: programmeWorld) { world, client, store in
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            try await agent.get("/cohabitation")
            for (side, name, hours, extra) in [
                ("host", "Germaine", "5", [("hasPets", "1"), ("acceptsPets", "1")]), ("guest", "Léo", "5", [("acceptsPets", "1")]),
                ("guest", "Lucie", "5", []),
            ] {
                let sent = try await agent.post(
                    "/cohabitation/profils", [("side", side), ("firstName", name), ("helpHours", hours), ("languages", "français")] + extra)
                #expect(sent.status == .seeOther)
            }
            #expect(
                try await agent.post("/cohabitation/profils", [("side", "guest"), ("firstName", ""), ("helpHours", "99"), ("languages", "")]).status
                    == .unprocessableContent)
            #expect(try await agent.post("/cohabitation/propositions", []).status == .seeOther)
            let pairs = try await store.coHousing.pairs(territoryId: world.a.territory.id)
            let names = Dictionary(
                uniqueKeysWithValues: try await store.coHousing.profiles(territoryId: world.a.territory.id).map { ($0.profile.id, $0.profile.firstName) })
            #expect(pairs.map { "\(names[$0.host]!)+\(names[$0.guest]!)" } == ["Germaine+Léo"], "Lucie does not accept the cat")
            let pair = try #require(pairs.first)
            #expect(try await agent.post("/cohabitation/binomes/\(pair.id.uuidString.lowercased())/decision", [("decision", "agreed")]).status == .forbidden)
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            try await coordinator.get("/cohabitation")
            #expect(
                try await coordinator.post("/cohabitation/binomes/\(pair.id.uuidString.lowercased())/decision", [("decision", "agreed")]).status == .seeOther)
            let agreement = try await coordinator.get("/cohabitation/binomes/\(pair.id.uuidString.lowercased())/accord")
            #expect(agreement.status == .ok && agreement.readable.contains("Germaine") && agreement.readable.contains("5 h de présence"))
            try await coordinator.get("/cohabitation")
            #expect(
                try await coordinator.post(
                    "/cohabitation/binomes/\(pair.id.uuidString.lowercased())/visite", [("day", "2026-12-15"), ("note", "Tout va bien.")]
                )
                .status == .seeOther)
            #expect(try await coordinator.get("/cohabitation").readable.contains("Visite du 2026-12-15 : Tout va bien."))
            // Proposing again: the agreed pair stays, no one is proposed twice.
            try await coordinator.get("/cohabitation")
            #expect(try await coordinator.post("/cohabitation/propositions", []).status == .seeOther)
            #expect(try await store.coHousing.pairs(territoryId: world.a.territory.id).filter { $0.status == .proposed }.isEmpty)
            // Léo leaves the scheme: his profile goes, with the pair and its visits.
            let leo = try #require(names.first { $0.value == "Léo" }?.key)
            try await coordinator.get("/cohabitation")
            #expect(try await coordinator.post("/cohabitation/profils/\(leo.uuidString.lowercased())/retirer", []).status == .seeOther)
            #expect(try await store.coHousing.pairs(territoryId: world.a.territory.id).isEmpty)
            #expect(!(try await coordinator.get("/cohabitation")).readable.contains("Léo"))
        }
    }

    @Test("an inhabitant runs an activation kit through the place's link; the staff see it, an incomplete run flagged")
    func activationKits() async throws {
        try await withApp(.sqlite, seed: programmeWorld) { world, client, store in
            let place = try await Self.place(store, world)
            let token = try #require(try await store.places.kitToken(placeId: place.id))
            let inhabitant = Browser(client)
            #expect(try await inhabitant.get("/kit/\(token)").readable.contains("Fermeture"))
            try await inhabitant.get("/kit/\(token)/closing")
            #expect(try await inhabitant.post("/kit/\(token)/closing", [("item_0", "1")]).status == .unprocessableContent, "a first name")
            #expect(
                try await inhabitant.post("/kit/\(token)/closing", [("runner", "Samia"), ("item_0", "1"), ("item_1", "1"), ("note", "Fenêtre cassée")]).status
                    == .seeOther)
            #expect(try await inhabitant.get("/kit/inconnu").status == .notFound)
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            let page = try await agent.get("/lieux/\(place.id.uuidString.lowercased())")
            #expect(page.readable.contains("Fermeture par Samia") && page.readable.contains("incomplète") && page.readable.contains("Fenêtre cassée"))
            let partner = Browser(client)
            try await partner.logIn(world.a.account(.partner).email)
            #expect(!(try await partner.get("/lieux/\(place.id.uuidString.lowercased())")).text.contains(token), "the kit link is for the staff to post")
        }
    }

    @Test("the API books a room (409 on a taken slot), lists bookings and the week's free slots, and proposes co-housing pairs", arguments: TestBackend.all)
    func api(backend: TestBackend) async throws {
        try await withApp(backend, seed: programmeWorld) { world, client, store in
            let place = try await Self.place(store, world)
            let id = place.id.uuidString.lowercased()
            let room = place.rooms[0].id.uuidString.lowercased()
            let partner = try await APIClient.make(client, store: store, email: world.a.account(.partner).email)
            let iso = ISO8601DateFormatter()
            let (start, end) = (iso.string(from: Self.slot(days: 1, hour: 10)), iso.string(from: Self.slot(days: 1, hour: 12)))
            let booked = try await partner.post(
                "/api/v1/places/\(id)/bookings", json: #"{"roomId":"\#(room)","startsAt":"\#(start)","endsAt":"\#(end)","weeks":2}"#)
            #expect(booked.status == .created && booked.text.contains("Association Lien et Visites"))
            let again = try await partner.post("/api/v1/places/\(id)/bookings", json: #"{"roomId":"\#(room)","startsAt":"\#(start)","endsAt":"\#(end)"}"#)
            #expect(again.status == .conflict)
            let elected = try await APIClient.make(client, store: store, email: world.a.account(.elected).email)
            let list = try await elected.get(
                "/api/v1/places/\(id)/bookings?from=\(iso.string(from: Self.slot(hour: 0)))&to=\(iso.string(from: Self.slot(days: 14, hour: 0)))")
            #expect(list.status == .ok && list.text.components(separatedBy: "\"seriesId\"").count == 3)
            let free = try await elected.get("/api/v1/places/availability?week=\(Self.isoDay(Self.slot(hour: 12)))")
            #expect(free.status == .ok)
            let rooms = try #require(free.json["items"] as? [[String: Any]])
            let slots = try #require(rooms.first { $0["roomId"] as? String == room }?["free"] as? [[String: String]])
            #expect(slots.contains { $0["end"] == start } && slots.contains { $0["start"] == end }, "free until 10:00, then from 12:00")
            let eleven = Self.slot(days: 1, hour: 11)
            #expect(!slots.contains { iso.date(from: $0["start"]!)! <= eleven && eleven < iso.date(from: $0["end"]!)! })
            // A new booking shows at once (the week kept in memory follows the territory's bookings).
            let (noon, one) = (iso.string(from: Self.slot(days: 1, hour: 12)), iso.string(from: Self.slot(days: 1, hour: 13)))
            #expect(
                try await partner.post("/api/v1/places/\(id)/bookings", json: #"{"roomId":"\#(room)","startsAt":"\#(noon)","endsAt":"\#(one)"}"#).status
                    == .created)
            let after = try await elected.get("/api/v1/places/availability?week=\(Self.isoDay(Self.slot(hour: 12)))")
            let rooms2 = try #require(after.json["items"] as? [[String: Any]])
            let slots2 = try #require(rooms2.first { $0["roomId"] as? String == room }?["free"] as? [[String: String]])
            #expect(slots2.contains { $0["start"] == one } && !slots2.contains { $0["start"] == end })
            #expect(
                try await elected.post("/api/v1/places/\(id)/bookings", json: #"{"roomId":"\#(room)","startsAt":"\#(start)","endsAt":"\#(end)"}"#).status
                    == .forbidden)
            let places = try await elected.get("/api/v1/places")
            #expect(places.status == .ok && places.text.contains("\"opens\":\"08:00\""))
            let agent = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            for profile in [
                CoHousing.Profile(
                    id: UUID(), side: .host, firstName: "Marcel", neighbourhood: "", wantsQuiet: false, hasPets: false, acceptsPets: true, smokes: false,
                    acceptsSmoking: false, helpHours: 2, languages: ["français"]),
                CoHousing.Profile(
                    id: UUID(), side: .guest, firstName: "Inès", neighbourhood: "", wantsQuiet: false, hasPets: false, acceptsPets: true, smokes: false,
                    acceptsSmoking: false, helpHours: 2, languages: ["français"]),
            ] {
                _ = try await store.placesService.addProfile(profile, contact: "", territory: world.a.territory, actor: world.a.account(.agent).actor)
            }
            let pairs = try await agent.post("/api/v1/cohousing/pairs", json: "{}")
            #expect(pairs.status == .created && pairs.text.contains("\"host\":\"Marcel\"") && pairs.text.contains("\"status\":\"proposed\""))
            #expect(try await elected.get("/api/v1/cohousing/pairs").status == .forbidden)
            // An event of the programme held in the place takes its name and address.
            let dance = Self.slot(days: 3, hour: 15)
            let event = try await store.convivialityService.publish(
                EventInput(
                    title: "Thé dansant", kind: "show", venueName: "", startsAt: dance, endsAt: dance.addingTimeInterval(7200), capacity: 40, placeId: place.id),
                territory: world.a.territory, actor: world.a.account(.coordinator).actor)
            let published = try await store.convivialityService.event(id: event, territory: world.a.territory)
            #expect(published.venueName == "Maison des associations" && published.venueAddress == "1 rue Haute" && published.placeId == place.id)
        }
    }

    @Test("the coordinator corrects a place and adds a room; existing rooms and their bookings stay", arguments: [TestBackend.sqlite])
    func editPlace(backend: TestBackend) async throws {
        try await withApp(backend, seed: programmeWorld) { world, client, store in
            let place = try await Self.place(store, world)
            _ = try await store.placesService.book(
                BookingInput(roomId: place.rooms[0].id, group: "Chorale", startsAt: Self.slot(hour: 18), endsAt: Self.slot(hour: 20)), place: place,
                actor: world.a.account(.agent).actor)
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let path = "/lieux/\(place.id.uuidString.lowercased())/modifier"
            let form = try await coordinator.get(path)
            #expect(form.readable.contains("Déjà : Grande salle (50), Petite salle (10)"))
            let fields = [
                ("name", "Maison des associations"), ("address", "3 rue Haute"), ("owner", "commune"), ("opens", "09:00"), ("closes", "21:00"),
                ("rooms", "Cuisine ; 8 ; four"),
            ]
            #expect(try await coordinator.post(path, fields.map { $0.0 == "opens" ? ("opens", "25:00") : $0 }).status == .unprocessableContent)
            #expect(try await coordinator.post(path, fields).status == .seeOther)
            let changed = try await store.placesService.place(id: place.id, territory: world.a.territory)
            #expect(changed.address == "3 rue Haute" && changed.opens == 9 * 60 && changed.rooms.map(\.name) == ["Grande salle", "Petite salle", "Cuisine"])
            #expect(try await store.placesService.bookings(place: changed, from: Self.slot(hour: 0), to: Self.slot(days: 1, hour: 0)).count == 1)
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            #expect(try await agent.get(path).status == .forbidden)
        }
    }

    @Test("cancelling a weekly series from one of its slots cancels that slot and the following weeks")
    func cancelSeries() async throws {
        try await withApp(.sqlite, seed: programmeWorld) { world, client, store in
            let place = try await Self.place(store, world)
            let series = try await store.placesService.book(
                BookingInput(roomId: place.rooms[0].id, group: "Chorale", startsAt: Self.slot(hour: 18), endsAt: Self.slot(hour: 20), weeks: 3), place: place,
                actor: world.a.account(.agent).actor)
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            let path = "/lieux/\(place.id.uuidString.lowercased())"
            #expect(try await agent.get(path + "?semaine=" + Self.isoDay(Self.slot(hour: 12))).readable.contains("Annuler aussi les semaines suivantes"))
            #expect(try await agent.post(path + "/annuler", [("booking", series[1].id.uuidString), ("series", "1")]).status == .seeOther)
            let left = try await store.placesService.bookings(place: place, from: Self.slot(hour: 0), to: Self.slot(days: 30, hour: 0))
            #expect(left.map(\.id) == [series[0].id], "the first week stays, the second and third are cancelled")
        }
    }
}
