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

/// Two territories; in the first, the demo directory with the partner account answering for one
/// structure (which organises the events of `organised`).
@Sendable func programmeWorld(_ store: Store) async throws -> TwoTerritories {
    let world = try await TwoTerritories.make(store)
    _ = try await store.directory.importFiles(
        [
            ("s.json", try JSONEncoder().encode(DemoDirectory.structures)),
            ("v.json", try JSONEncoder().encode(DemoDirectory.services)),
        ], territoryId: world.a.territory.id)
    try await store.referrals.linkPartner(
        accountId: world.a.account(.partner).id, structureId: DemoDirectory.partnerStructure, territoryId: world.a.territory.id)
    return world
}

@Suite("Conviviality")
struct ConvivialityTests {
    static func localTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = FrenchTime.zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }

    /// Publishes an event through the coordinator's form and returns its id.
    static func publish(_ coordinator: Browser, title: String, capacity: Int, organised: Bool = false) async throws -> UUID {
        let start = Date().addingTimeInterval(7 * 86_400)
        try await coordinator.get("/convivialite/nouveau")
        var fields = [
            ("title", title), ("kind", "meal"), ("description", "Chacun apporte un plat."), ("venueName", "Salle des fêtes"),
            ("venueAddress", "1 place du Marché"), ("startsAt", localTime(start)), ("endsAt", localTime(start.addingTimeInterval(7200))),
            ("capacity", String(capacity)), ("price", "2,50"), ("accessibility", "Plain-pied"),
        ]
        if organised { fields.append(("org_\(DemoDirectory.partnerStructure)", "1")) }
        let created = try await coordinator.post("/convivialite/nouveau", fields)
        #expect(created.status == .seeOther)
        let location = try #require(created.headers[.location])
        return try #require(UUID(uuidString: String(location.split(separator: "/")[1].split(separator: "?")[0])))
    }

    /// Registers on the public page; returns the private link's path.
    static func register(_ inhabitant: Browser, event: UUID, name: String, contact: String, seats: Int = 1) async throws -> String {
        let path = "/programme/alpha/\(event.uuidString.lowercased())"
        try await inhabitant.get(path)
        let sent = try await inhabitant.post(path, [("firstName", name), ("contact", contact), ("seats", String(seats))])
        #expect(sent.status == .seeOther, "\(sent.readable)")
        let location = try #require(sent.headers[.location])
        return String(location.split(separator: "?")[0])
    }

    @Test(
        "a published event is on the public programme and in the calendar feed of its territory only, with no one's name",
        arguments: TestBackend.all)
    func publicProgramme(backend: TestBackend) async throws {
        try await withApp(backend, seed: programmeWorld) { world, client, _ in
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            try await coordinator.get("/convivialite/nouveau")
            let refused = try await coordinator.post("/convivialite/nouveau", [("title", ""), ("kind", "meal"), ("capacity", "0")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.readable.contains("Donnez un titre") && refused.readable.contains("nombre de places"), "\(refused.readable)")
            let event = try await Self.publish(coordinator, title: "Repas partagé du jeudi", capacity: 10)

            let inhabitant = Browser(client)
            let programme = try await inhabitant.get("/programme/alpha")
            #expect(programme.status == .ok)
            #expect(programme.readable.contains("Repas partagé du jeudi") && programme.readable.contains("2,50 €"))
            _ = try await Self.register(inhabitant, event: event, name: "Zoé", contact: "06 11 22 33 44")
            let feed = try await inhabitant.get("/programme/alpha/calendrier.ics")
            #expect(feed.headers[.contentType]?.hasPrefix("text/calendar") == true)
            #expect(feed.text.contains("SUMMARY:Repas partagé du jeudi (repas)\r\n"))
            #expect(feed.text.contains("LOCATION:Salle des fêtes\\, 1 place du Marché"))
            for page in [
                programme, try await inhabitant.get("/programme/alpha"), feed, try await inhabitant.get("/programme/alpha/\(event.uuidString.lowercased())"),
            ] {
                #expect(!page.text.contains("Zoé") && !page.text.contains("06 11 22 33 44"), "no personal data on public pages")
            }
            #expect(!(try await inhabitant.get("/programme/beta")).readable.contains("Repas partagé du jeudi"))
            #expect(!(try await inhabitant.get("/programme/beta/calendrier.ics")).text.contains("Repas partagé"))
            #expect(try await inhabitant.get("/programme/beta/\(event.uuidString.lowercased())").status == .notFound)
        }
    }

    @Test(
        "a full event puts newcomers on the waiting list; a cancellation by the private link seats the first of them",
        arguments: TestBackend.all)
    func waitingList(backend: TestBackend) async throws {
        try await withApp(backend, seed: programmeWorld) { world, client, _ in
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let event = try await Self.publish(coordinator, title: "Café", capacity: 2)
            let inhabitant = Browser(client)
            let first = try await Self.register(inhabitant, event: event, name: "Anne", contact: "anne@example.org", seats: 2)
            let second = try await Self.register(inhabitant, event: event, name: "Bruno", contact: "06 00 00 00 01")
            let third = try await Self.register(inhabitant, event: event, name: "Chloé", contact: "06 00 00 00 02")
            #expect(try await inhabitant.get(first).readable.contains("Inscrit·e"))
            let waiting = try await inhabitant.get(second)
            #expect(waiting.readable.contains("Liste d'attente") && waiting.readable.contains("en position 1"))
            #expect(waiting.headers[.cacheControl] == "no-store")
            #expect(try await inhabitant.get(third).readable.contains("en position 2"))
            #expect(try await inhabitant.get("/programme/alpha").readable.contains("Complet"))

            #expect(try await inhabitant.post(first + "/annuler", []).status == .seeOther)
            #expect(try await inhabitant.get(first).readable.contains("Annulé"))
            #expect(try await inhabitant.get(second).readable.contains("Inscrit·e"), "promoted")
            #expect(try await inhabitant.get(third).readable.contains("Inscrit·e"), "one place each: both seated")
            #expect(try await inhabitant.post(first + "/annuler", []).status == .seeOther, "cancelling twice changes nothing")
            #expect(try await inhabitant.get("/inscription/inconnu").status == .notFound)
            let list = try await coordinator.get("/convivialite/\(event.uuidString.lowercased())")
            #expect(list.readable.contains("Bruno") && list.readable.contains("Chloé"))
        }
    }

    @Test("200 registrations at once for the last 10 places: exactly 10 get one, the rest wait in order", arguments: TestBackend.all)
    func noOverbooking(backend: TestBackend) async throws {
        try await withApp(backend, seed: programmeWorld) { world, _, store in
            let service = store.convivialityService
            let territory = world.a.territory
            let coordinator = world.a.account(.coordinator).actor
            let start = Date().addingTimeInterval(86_400)
            let id = try await service.publish(
                EventInput(title: "Cirque", kind: "show", venueName: "Chapiteau", startsAt: start, endsAt: start.addingTimeInterval(3600), capacity: 50),
                territory: territory, actor: coordinator)
            for n in 0..<40 {
                _ = try await service.registerPublicly(
                    eventId: id, RegistrationInput(firstName: "Avant\(n)", contact: "06 00 00 00 \(n + 10)"), mixity: [:], territory: territory)
            }
            let statuses = try await withThrowingTaskGroup(of: Seating.Status.self) { group in
                for n in 0..<200 {
                    group.addTask {
                        try await service.registerPublicly(
                            eventId: id, RegistrationInput(firstName: "Course\(n)", contact: "course\(n)@example.org"), mixity: [:], territory: territory
                        ).registration.status
                    }
                }
                return try await group.reduce(into: [Seating.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .confirmed }.count == 10)
            #expect(statuses.filter { $0 == .waiting }.count == 190)
            let event = try await service.event(id: id, territory: territory)
            #expect(event.confirmedSeats == 50 && event.waiting == 190)
            let numbers = try await store.conviviality.registrations(eventId: id).map(\.number)
            #expect(Set(numbers).count == 240 && numbers.max() == 240, "every registration has its own number")
        }
    }

    @Test(
        "the door checks people in by number and counts walk-ins; a partner sees the registrations of the events it organises and only its own groups elsewhere",
        arguments: TestBackend.all)
    func doorAndPartners(backend: TestBackend) async throws {
        try await withApp(backend, seed: programmeWorld) { world, client, _ in
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let organised = try await Self.publish(coordinator, title: "Visites partagées", capacity: 20, organised: true)
            let other = try await Self.publish(coordinator, title: "Atelier vélo", capacity: 20)
            let inhabitant = Browser(client)
            _ = try await Self.register(inhabitant, event: organised, name: "Denise", contact: "06 00 00 00 03")
            _ = try await Self.register(inhabitant, event: other, name: "Émile", contact: "06 00 00 00 04")

            let partner = Browser(client)
            try await partner.logIn(world.a.account(.partner).email)
            #expect(try await partner.get("/convivialite").status == .ok)
            let organisedPage = try await partner.get("/convivialite/\(organised.uuidString.lowercased())")
            #expect(organisedPage.readable.contains("Denise"))
            let door = try await partner.get("/convivialite/\(organised.uuidString.lowercased())/accueil")
            #expect(door.status == .ok)
            let checked = try await partner.post("/convivialite/\(organised.uuidString.lowercased())/accueil", [("action", "number"), ("number", "1")])
            #expect(checked.status == .seeOther)
            #expect(try await partner.get(try #require(checked.headers[.location])).readable.contains("Denise (n° 1) est accueilli·e."))
            let unknown = try await partner.post("/convivialite/\(organised.uuidString.lowercased())/accueil", [("action", "number"), ("number", "99")])
            #expect(unknown.status == .unprocessableContent)
            let walkIn = try await partner.post(
                "/convivialite/\(organised.uuidString.lowercased())/accueil", [("action", "walkin"), ("count", "3")])
            #expect(walkIn.status == .seeOther)
            #expect(try await coordinator.get("/convivialite/\(organised.uuidString.lowercased())").readable.contains("1 inscrites, 3 sans inscription"))

            // Another event: the partner registers a group and sees only that group.
            let otherPath = "/convivialite/\(other.uuidString.lowercased())"
            let otherPage = try await partner.get(otherPath)
            #expect(!otherPage.readable.contains("Émile"))
            #expect(try await partner.post(otherPath + "/inscrire", [("firstName", "Groupe du foyer"), ("seats", "12")]).status == .seeOther)
            let after = try await partner.get(otherPath)
            #expect(after.readable.contains("Groupe du foyer") && !after.readable.contains("Émile"))
            #expect(try await partner.get(otherPath + "/accueil").status == .forbidden)
            #expect(try await partner.post(otherPath + "/accueil", [("action", "number"), ("number", "1")]).status == .forbidden)

            // The elected member sees the programme but no names; other roles and territories nothing.
            let elected = Browser(client)
            try await elected.logIn(world.a.account(.elected).email)
            let electedPage = try await elected.get(otherPath)
            #expect(electedPage.status == .ok && !electedPage.readable.contains("Émile") && !electedPage.readable.contains("Groupe du foyer"))
            for role in [Role.volunteer, .watcher] {
                let browser = Browser(client)
                try await browser.logIn(world.a.account(role).email)
                #expect(try await browser.get("/convivialite").status == .forbidden, "\(role)")
            }
            let stranger = Browser(client)
            try await stranger.logIn(world.b.account(.coordinator).email)
            #expect(try await stranger.get(otherPath).status == .notFound)
        }
    }

    @Test("mixity answers are counted per event with no link to a registration; counts under 5 are hidden and the indices wait for 20 answers")
    func mixityMeasure() async throws {
        try await withApp(.sqlite, seed: programmeWorld) { world, client, store in
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let event = try await Self.publish(coordinator, title: "Fête", capacity: 100)
            let path = "/programme/alpha/\(event.uuidString.lowercased())"
            let inhabitant = Browser(client)
            for n in 0..<4 {
                try await inhabitant.get(path)
                _ = try await inhabitant.post(
                    path, [("firstName", "P\(n)"), ("contact", "06 00 00 01 \(n + 10)"), ("seats", "1"), ("mixity_gender", "homme"), ("mixity_place", "Nord")])
            }
            let page = try await coordinator.get("/convivialite/\(event.uuidString.lowercased())")
            #expect(page.text.contains("<th scope=\"row\">Homme</th><td>&lt; 5</td>"), "4 answers: hidden")
            #expect(!page.readable.contains("Équilibre : 0"), "no index under 20 answers")
            // An answer outside the list refuses the registration (and, refused, it does not count for the hour's limit).
            try await inhabitant.get(path)
            let bad = try await inhabitant.post(path, [("firstName", "X"), ("contact", "06 00 00 09 99"), ("seats", "1"), ("mixity_gender", "martien")])
            #expect(bad.status == .unprocessableContent)
            for n in 4..<20 {
                try await inhabitant.get(path)
                _ = try await inhabitant.post(
                    path, [("firstName", "P\(n)"), ("contact", "06 00 00 01 \(n + 10)"), ("seats", "1"), ("mixity_gender", n % 2 == 0 ? "femme" : "homme")])
            }
            let full = try await coordinator.get("/convivialite/\(event.uuidString.lowercased())")
            #expect(full.text.contains("<th scope=\"row\">Homme</th><td>12</td>") && full.text.contains("<th scope=\"row\">Femme</th><td>8</td>"))
            // 12 men, 8 women, none « autre »: J = H / ln 3.
            let shares = [12.0 / 20, 8.0 / 20]
            let expected = -shares.map { $0 * log($0) }.reduce(0, +) / log(3)
            #expect(full.readable.contains("Équilibre : \(FrenchText.decimal(expected, digits: 2))"))
            // The counts table has no column that could name a registration.
            let stored = try await (store.database.db as! any SQLDatabase).raw("SELECT event_id, attribute, value, count FROM event_mixity").all()
            #expect(stored.count == 3)
            // Reference composition: the shares must add up to 100.
            try await coordinator.get("/convivialite")
            let wrong = try await coordinator.post("/convivialite/reference", [("attribute", "gender"), ("ref_femme", "60"), ("ref_homme", "60")])
            #expect(wrong.status == .unprocessableContent && wrong.readable.contains("doivent faire 100 %"))
            #expect(
                try await coordinator.post("/convivialite/reference", [("attribute", "gender"), ("ref_femme", "52"), ("ref_homme", "48")]).status == .seeOther)
            let distance = abs(12.0 / 20 - 0.48) / 2 + abs(8.0 / 20 - 0.52) / 2
            #expect(
                try await coordinator.get("/convivialite/\(event.uuidString.lowercased())").readable.contains(
                    "Écart au territoire : \(FrenchText.decimal(distance, digits: 2))"))
        }
    }

    @Test("the API publishes, registers (waiting when full), checks in by number, counts walk-ins and gives the mixity figures", arguments: TestBackend.all)
    func api(backend: TestBackend) async throws {
        try await withApp(backend, seed: programmeWorld) { world, client, store in
            let coordinator = try await APIClient.make(client, store: store, email: world.a.account(.coordinator).email)
            let start = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400))
            let end = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400 + 3600))
            let refused = try await coordinator.post(
                "/api/v1/conviviality/events",
                json: #"{"title":"Café","kind":"cafe","venueName":"Salle","startsAt":"\#(end)","endsAt":"\#(start)","capacity":1}"#)
            #expect(refused.status == .unprocessableContent)
            let created = try await coordinator.post(
                "/api/v1/conviviality/events",
                json: #"{"title":"Café","kind":"cafe","venueName":"Salle","startsAt":"\#(start)","endsAt":"\#(end)","capacity":1,"priceCents":150}"#)
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? String)
            let agent = try await APIClient.make(client, store: store, email: world.a.account(.agent).email)
            let first = try await agent.post(
                "/api/v1/conviviality/events/\(id)/registrations", json: #"{"firstName":"Gaston","mixity":{"ageBand":"75+","gender":"homme"}}"#)
            #expect(first.status == .created && first.json["status"] as? String == "confirmed" && first.json["number"] as? Int == 1)
            let second = try await agent.post("/api/v1/conviviality/events/\(id)/registrations", json: #"{"firstName":"Hélène"}"#)
            #expect(second.json["status"] as? String == "waiting")
            let wrong = try await agent.post("/api/v1/conviviality/events/\(id)/registrations", json: #"{"firstName":"Ida","mixity":{"gender":"x"}}"#)
            #expect(wrong.status == .unprocessableContent)
            let checked = try await agent.post("/api/v1/conviviality/events/\(id)/check-ins", json: #"{"number":1}"#)
            #expect(checked.status == .ok && checked.json["checkedIn"] as? Bool == true)
            #expect(try await agent.post("/api/v1/conviviality/events/\(id)/check-ins", json: #"{"number":2}"#).status == .conflict, "waiting")
            let walkIns = try await agent.post("/api/v1/conviviality/events/\(id)/walk-ins", json: #"{"count":4}"#)
            #expect(walkIns.status == .ok && walkIns.json["walkIns"] as? Int == 4)
            #expect(try await agent.post("/api/v1/conviviality/events/\(id)/walk-ins", json: #"{"count":51}"#).status == .unprocessableContent)
            let list = try await agent.get("/api/v1/conviviality/events/\(id)/registrations")
            #expect(list.status == .ok && (list.json["items"] as? [[String: Any]])?.compactMap { $0["firstName"] as? String } == ["Gaston", "Hélène"])
            let events = try await agent.get("/api/v1/conviviality/events")
            #expect(events.status == .ok && events.text.contains("\"confirmedSeats\":1") && !events.text.contains("Gaston"))
            let mixity = try await coordinator.get("/api/v1/conviviality/mixity?event=\(id)")
            #expect(mixity.status == .ok && mixity.text.contains("\"attribute\":\"gender\"") && mixity.text.contains("\"count\":\"< 5\""))
            let elected = try await APIClient.make(client, store: store, email: world.a.account(.elected).email)
            #expect(try await elected.get("/api/v1/conviviality/events/\(id)/registrations").status == .forbidden)
            #expect(try await elected.get("/api/v1/conviviality/mixity").status == .ok)
            let volunteer = try await APIClient.make(client, store: store, email: world.a.account(.volunteer).email)
            #expect(try await volunteer.get("/api/v1/conviviality/events").status == .forbidden)
            let stranger = try await APIClient.make(client, store: store, email: world.b.account(.agent).email)
            #expect(try await stranger.get("/api/v1/conviviality/events/\(id)/registrations").status == .notFound)
        }
    }

    @Test("a month after an event, its registrations keep their places and arrivals but lose the first name and contact", arguments: TestBackend.all)
    func registrationsAreForgotten(backend: TestBackend) async throws {
        try await withApp(backend, seed: programmeWorld) { world, _, store in
            let territory = world.a.territory
            let start = Date().addingTimeInterval(-40 * 86_400)
            let then = ConvivialityRepository(database: store.database, clock: WallClock { start.addingTimeInterval(-86_400) })
            let event = try Programme.validate(
                EventInput(title: "Vieux café", kind: "cafe", venueName: "Salle", startsAt: start, endsAt: start.addingTimeInterval(3600), capacity: 5))
            let id = try await then.create(event, territoryId: territory.id, actor: world.a.account(.coordinator).actor)
            let receipt = try await then.register(
                eventId: id, territoryId: territory.id, RegistrationInput(firstName: "Yvette", contact: "06 98 76 54 32"), mixity: [:], actor: nil)
            let recent = try await store.convivialityService.publish(
                EventInput(
                    title: "Café à venir", kind: "cafe", venueName: "Salle", startsAt: Date().addingTimeInterval(86_400),
                    endsAt: Date().addingTimeInterval(90_000), capacity: 5), territory: territory, actor: world.a.account(.coordinator).actor)
            _ = try await store.convivialityService.registerPublicly(
                eventId: recent, RegistrationInput(firstName: "Xavier", contact: "06 11 11 11 11"), mixity: [:], territory: territory)

            #expect(try await store.retention.purge(dryRun: true).counts[.eventRegistration] == 1)
            #expect(try await store.retention.purge(dryRun: false).counts[.eventRegistration] == 1)
            let old = try await store.conviviality.registrations(eventId: id)
            #expect(old.map(\.firstName) == [ConvivialityRepository.erasedName] && old.map(\.contact) == [""] && old.map(\.seats) == [1])
            #expect(try await store.conviviality.registration(link: try #require(receipt.link)) == nil, "the link no longer opens it")
            #expect(try await store.conviviality.registrations(eventId: recent).map(\.firstName) == ["Xavier"])
            #expect(try await store.retention.purge(dryRun: true).counts[.eventRegistration] == 0)
        }
    }

    @Test(
        "a cancelled event stays on the programme marked, takes no more registrations, and says so on each registrant's link and in the feed",
        arguments: TestBackend.all)
    func cancelledEvent(backend: TestBackend) async throws {
        try await withApp(backend, seed: programmeWorld) { world, client, _ in
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let event = try await Self.publish(coordinator, title: "Sortie au lac", capacity: 10)
            let inhabitant = Browser(client)
            let link = try await Self.register(inhabitant, event: event, name: "Odile", contact: "06 10 20 30 40")
            let path = "/convivialite/\(event.uuidString.lowercased())"
            try await coordinator.get(path)
            #expect(try await coordinator.post(path + "/annuler-evenement", []).status == .unprocessableContent, "confirmation asked")
            #expect(try await coordinator.post(path + "/annuler-evenement", [("confirm", "1")]).status == .seeOther)
            #expect(try await inhabitant.get("/programme/alpha").readable.contains("Annulé"))
            #expect(try await inhabitant.get(link).readable.contains("Ce rendez-vous est annulé"))
            #expect(try await inhabitant.get("/programme/alpha/calendrier.ics").text.contains("STATUS:CANCELLED\r\n"))
            let publicPath = "/programme/alpha/\(event.uuidString.lowercased())"
            #expect(try await inhabitant.get(publicPath).readable.contains("Ce rendez-vous est annulé."))
            let refused = try await inhabitant.post(publicPath, [("firstName", "Paul"), ("contact", "06 10 20 30 41"), ("seats", "1")])
            #expect(refused.status == .unprocessableContent && refused.readable.contains("annulé"))
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            try await agent.get(path)
            #expect(try await agent.post(path + "/annuler-evenement", [("confirm", "1")]).status == .forbidden)
        }
    }

    @Test("an agent at an event finds the way to a Radar signal, prefilled with the event, whose form asks the person's agreement")
    func fromAMeetingToSupport() async throws {
        try await withApp(.sqlite, seed: programmeWorld) { world, client, _ in
            let coordinator = Browser(client)
            try await coordinator.logIn(world.a.account(.coordinator).email)
            let event = try await Self.publish(coordinator, title: "Café des voisins", capacity: 10)
            let agent = Browser(client)
            try await agent.logIn(world.a.account(.agent).email)
            let page = try await agent.get("/convivialite/\(event.uuidString.lowercased())")
            let link = try #require(page.text.range(of: #"href="(/signaler\?details=[^"]+)""#, options: .regularExpression).map { String(page.text[$0]) })
            let href = String(link.dropFirst(6).dropLast()).replacingOccurrences(of: "&amp;", with: "&")
            let form = try await agent.get(href)
            #expect(form.status == .ok)
            #expect(form.readable.contains("Rencontre lors de « Café des voisins »"))
            #expect(form.readable.contains("consentToContact"), "the signal form asks whether the person agrees to be contacted")
            let partner = Browser(client)
            try await partner.logIn(world.a.account(.partner).email)
            #expect(!(try await partner.get("/convivialite/\(event.uuidString.lowercased())")).text.contains("/signaler?details="))
        }
    }
}
