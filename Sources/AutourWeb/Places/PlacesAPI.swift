import AutourAPI
import AutourCore
import AutourStore
import Foundation
import OpenAPIRuntime

/// The shared places in the JSON API: places, the week's availability, bookings, calls and their
/// applications, trial reviews and co-housing pairs, through the pages' service.
extension APIHandlers {
    var placesService: PlacesService { store.placesService }

    static func booking(_ booking: Booking) -> Components.Schemas.Booking {
        Components.Schemas.Booking(
            id: booking.id.uuidString.lowercased(), roomId: booking.roomId.uuidString.lowercased(), group: booking.group, purpose: booking.purpose,
            startsAt: booking.startsAt, endsAt: booking.endsAt, seriesId: booking.seriesId.uuidString.lowercased())
    }

    func listPlaces(_ input: Operations.ListPlaces.Input) async throws -> Operations.ListPlaces.Output {
        let context = try caller
        let places = try await placesService.places(territory: context.territory, actor: context.actor)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items:
                            try places.map { place in
                                Components.Schemas.Place(
                                    id: place.id.uuidString.lowercased(), name: place.name, address: place.address,
                                    owner: try APIValue.contract(place.owner.rawValue),
                                    accessibility: place.accessibility, opens: PlaceRules.timeField(place.opens), closes: PlaceRules.timeField(place.closes),
                                    vacant: place.vacant, state: place.state,
                                    rooms: place.rooms.map {
                                        .init(id: $0.id.uuidString.lowercased(), name: $0.name, capacity: $0.capacity, equipment: $0.equipment)
                                    })
                            }))))
    }

    func placesAvailability(_ input: Operations.PlacesAvailability.Input) async throws -> Operations.PlacesAvailability.Output {
        let context = try caller
        var day = store.clock.now()
        if let text = input.query.week {
            guard let parsed = PersonRules.parseDay(text) else { throw AutourError.unreadable("week : une date AAAA-MM-JJ attendue.") }
            day = PlacesWeb.at(parsed, minutes: 12 * 60)
        }
        let (places, free) = try await placesService.availability(territory: context.territory, week: BookingRules.weekStart(day), actor: context.actor)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items:
                            places.flatMap { place in
                                place.rooms.map { room in
                                    .init(
                                        placeId: place.id.uuidString.lowercased(), roomId: room.id.uuidString.lowercased(),
                                        free: (free[room.id] ?? []).map { .init(start: $0.start, end: $0.end) })
                                }
                            }))))
    }

    func listBookings(_ input: Operations.ListBookings.Input) async throws -> Operations.ListBookings.Output {
        let context = try caller
        try Permissions.require(context.actor, .viewPlaces)
        let place = try await placesService.place(id: try APIValue.pathID(input.path.id), territory: context.territory)
        let from = input.query.from ?? store.clock.now()
        let to = input.query.to ?? from.addingTimeInterval(7 * 86_400)
        guard to > from, to.timeIntervalSince(from) <= 400 * 86_400 else { throw AutourError.unreadable("from et to : un an au plus, to après from.") }
        return .ok(.init(body: .json(.init(items: try await placesService.bookings(place: place, from: from, to: to).map(Self.booking)))))
    }

    func bookRoom(_ input: Operations.BookRoom.Input) async throws -> Operations.BookRoom.Output {
        let context = try caller
        try Permissions.require(context.actor, .bookRooms)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let place = try await placesService.place(id: try APIValue.pathID(input.path.id), territory: context.territory)
        let bookings = try await placesService.book(
            BookingInput(
                roomId: try APIValue.uuid(body.roomId, field: "roomId") as UUID, group: body.group ?? "", purpose: body.purpose ?? "", startsAt: body.startsAt,
                endsAt: body.endsAt, weeks: body.weeks ?? 1), place: place, actor: context.actor)
        return .created(.init(body: .json(.init(items: bookings.map(Self.booking)))))
    }

    func listPlaceCalls(_ input: Operations.ListPlaceCalls.Input) async throws -> Operations.ListPlaceCalls.Output {
        let context = try caller
        try Permissions.require(context.actor, .viewPlaces)
        let calls = try await store.occupancy.calls(territoryId: context.territory.id, openOnly: true)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items:
                            calls.map {
                                .init(
                                    id: $0.id.uuidString.lowercased(), placeId: $0.placeId.uuidString.lowercased(), title: $0.title,
                                    description: $0.description,
                                    closesAt: $0.closesAt)
                            }))))
    }

    func listCallApplications(_ input: Operations.ListCallApplications.Input) async throws -> Operations.ListCallApplications.Output {
        let context = try caller
        try Permissions.require(context.actor, .managePlaces)
        let call = try await placesService.call(id: try APIValue.pathID(input.path.id), territory: context.territory)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items:
                            try await placesService.applications(call: call, actor: context.actor).map { a in
                                Components.Schemas.CallApplication(
                                    id: a.id.uuidString.lowercased(), group: a.group, contact: a.contact, project: a.project, people: a.people, needs: a.needs,
                                    hours: a.hours, status: try APIValue.contract(a.status.rawValue), reasons: a.reasons)
                            }))))
    }

    func reviewTrial(_ input: Operations.ReviewTrial.Input) async throws -> Operations.ReviewTrial.Output {
        let context = try caller
        try Permissions.require(context.actor, .reviewTrials)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let trial = try await placesService.trial(id: try APIValue.pathID(input.path.id), territory: context.territory, actor: context.actor)
        try await placesService.review(
            Occupancy.ReviewInput(
                week: body.week, reviewer: body.reviewer, wentWell: body.wentWell ?? "", problems: body.problems ?? "", carryOn: body.carryOn),
            trial: trial, actor: context.actor)
        return .created(.init())
    }

    private func pairs(_ pairs: [CoHousingRepository.Pair], territory: Territory, actor: Actor) async throws -> [Components.Schemas.CoHousingPair] {
        let names = Dictionary(
            uniqueKeysWithValues: try await placesService.coHousingBoard(territory: territory, actor: actor).profiles.map {
                ($0.profile.id, $0.profile.firstName)
            })
        return try pairs.map { pair in
            Components.Schemas.CoHousingPair(
                id: pair.id.uuidString.lowercased(), host: names[pair.host] ?? "", guest: names[pair.guest] ?? "",
                status: try APIValue.contract(pair.status.rawValue), cost: pair.cost, reasons: pair.reasons)
        }
    }

    func listCoHousingPairs(_ input: Operations.ListCoHousingPairs.Input) async throws -> Operations.ListCoHousingPairs.Output {
        let context = try caller
        let board = try await placesService.coHousingBoard(territory: context.territory, actor: context.actor)
        return .ok(.init(body: .json(.init(items: try await pairs(board.pairs, territory: context.territory, actor: context.actor)))))
    }

    func proposeCoHousingPairs(_ input: Operations.ProposeCoHousingPairs.Input) async throws -> Operations.ProposeCoHousingPairs.Output {
        let context = try caller
        let proposed = try await placesService.proposePairs(territory: context.territory, actor: context.actor)
        return .created(.init(body: .json(.init(items: try await pairs(proposed, territory: context.territory, actor: context.actor)))))
    }
}
