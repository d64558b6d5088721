import AutourCore
import Foundation

/// The shared places' part of the demo territory (`DemoPlaces`): written through the repositories,
/// the past ones (the call and the trial under way) with the clock set back.
public struct PlacesDemo: DemoPart {
    public init() {}

    public func load(_ demo: DemoContext) async throws {
        let now = demo.store.clock.now()
        let territory = demo.territory
        let coordinator = demo.accounts[.coordinator]!.actor, agent = demo.accounts[.agent]!.actor
        let service = demo.store.placesService
        var places: [Place] = []
        for input in DemoPlaces.places {
            let id = try await service.create(input, territory: territory, actor: coordinator)
            places.append(try await service.place(id: id, territory: territory))
        }
        // A month of weekly bookings, from next Monday.
        let monday = BookingRules.weekStart(now).addingTimeInterval(7 * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = FrenchTime.zone
        for slot in DemoPlaces.slots {
            let place = places[slot.place]
            let day = calendar.date(byAdding: .day, value: slot.day, to: monday)!
            let start = calendar.date(byAdding: .hour, value: slot.hour, to: day)!
            _ = try await service.book(
                BookingInput(
                    roomId: place.rooms[slot.room].id, group: slot.group, startsAt: start, endsAt: start.addingTimeInterval(Double(slot.hours) * 3600),
                    weeks: 4), place: place, actor: agent)
        }
        // An open call for the vacant school lodge, with one application waiting.
        let lodge = places[10], post = places[11]
        let call = try await service.openCall(
            Occupancy.CallInput(
                title: "Faire vivre la loge de l'école",
                description: "Un groupe d'habitants ou une association pour ouvrir la loge au quartier, deux soirs par semaine au moins.",
                closesOn: now.addingTimeInterval(30 * 86_400)), place: lodge, actor: coordinator)
        _ = try await service.apply(
            Occupancy.ApplicationInput(
                group: "Collectif Jardins du Village", contact: "jardins.village@example.org",
                project: "Une grainothèque et des ateliers de jardinage pour les familles du Village.", people: 8, needs: "Un point d'eau",
                hours: "Mercredi et samedi après-midi"), call: try await service.call(id: call, territory: territory), actor: nil)
        // The former post office: a call closed, an applicant selected, its trial in its third week.
        let past = PlacesService(
            places: demo.store.places, occupancy: OccupancyRepository(database: demo.store.database, clock: WallClock { now.addingTimeInterval(-40 * 86_400) }),
            coHousing: demo.store.coHousing, referrals: demo.store.referrals, directory: demo.store.directory,
            clock: WallClock { now.addingTimeInterval(-40 * 86_400) })
        let oldCall = try await past.openCall(
            Occupancy.CallInput(
                title: "Un tiers-lieu dans l'ancienne poste", description: "Des activités ouvertes à tous, gérées par leurs habitants.",
                closesOn: now.addingTimeInterval(-18 * 86_400)), place: post, actor: coordinator)
        let postCall = try await service.call(id: oldCall, territory: territory)
        let application = try await past.apply(
            Occupancy.ApplicationInput(
                group: "Association Soie Solidaire", contact: "04 78 00 77 88",
                project: "Une épicerie participative et un coin café pour le quartier de La Soie.",
                people: 12, needs: "Une chambre froide", hours: "Du mardi au samedi, 9 h - 13 h"), call: postCall, actor: nil)
        try await service.decide(
            applicationId: application, call: postCall, selected: true, reasons: "Projet ouvert à tous, porté par des habitants du quartier.",
            actor: coordinator)
        let trial = try await service.startTrial(
            applicationId: application, call: postCall, startsAt: now.addingTimeInterval(-16 * 86_400),
            rules: "Le lieu reste ouvert à tous.\nLes clés sont rendues chaque soir.\nUn bilan chaque semaine avec le CCAS.", actor: coordinator)
        let running = try await service.trial(id: trial, territory: territory, actor: coordinator)
        for (week, reviewer, well, problems) in [
            (1, "CCAS", "Ouverture à l'heure, déjà vingt passages.", ""), (1, "Repair café (co-occupant)", "Bonne entente.", "Le rangement du mardi."),
            (2, "CCAS", "Le coin café attire des voisins isolés.", "Deux soirs fermés sans prévenir."),
        ] {
            try await service.review(
                Occupancy.ReviewInput(week: week, reviewer: reviewer, wentWell: well, problems: problems, carryOn: true), trial: running, actor: agent)
        }
        try await service.runKit(.opening, place: post, runner: "Samia", checked: [0, 1, 2, 3], note: "")
        try await service.runKit(.closing, place: post, runner: "Samia", checked: [0, 1, 2], note: "Alarme en panne : prévenu le CCAS.")
        for profile in DemoPlaces.coHousing {
            _ = try await service.addProfile(profile, contact: "", territory: territory, actor: agent)
        }
    }
}
