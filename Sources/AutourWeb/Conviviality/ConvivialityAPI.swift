import AutourAPI
import AutourCore
import AutourStore
import Foundation
import OpenAPIRuntime

/// The programme in the JSON API: events, registrations, the door and the mixity figures, through
/// the same service as the pages.
extension APIHandlers {
    var conviviality: ConvivialityService { store.convivialityService }

    static func event(_ event: ConvivialEvent) throws -> Components.Schemas.Event {
        Components.Schemas.Event(
            id: event.id.uuidString.lowercased(), title: event.title, description: event.description, kind: try APIValue.contract(event.kind.rawValue),
            venueName: event.venueName, venueAddress: event.venueAddress, startsAt: event.startsAt, endsAt: event.endsAt, capacity: event.capacity,
            priceCents: event.priceCents, accessibility: event.accessibility, organisers: event.organisers, confirmedSeats: event.confirmedSeats,
            waiting: event.waiting, walkIns: event.walkIns)
    }

    static func registration(_ registration: EventRegistration) throws -> Components.Schemas.Registration {
        Components.Schemas.Registration(
            id: registration.id.uuidString.lowercased(), number: registration.number, firstName: registration.firstName,
            contact: registration.contact, seats: registration.seats, status: try APIValue.contract(registration.status.rawValue),
            checkedIn: registration.checkedInAt != nil)
    }

    static func mixity(_ answers: Components.Schemas.MixityAnswers?) -> [Mixity.Attribute: String] {
        guard let answers else { return [:] }
        let pairs: [(Mixity.Attribute, String?)] = [
            (.ageBand, answers.ageBand), (.gender, answers.gender), (.place, answers.place), (.firstEvent, answers.firstEvent),
            (.knownToCCAS, answers.knownToCCAS),
        ]
        return Dictionary(uniqueKeysWithValues: pairs.compactMap { pair in pair.1.map { (pair.0, $0) } })
    }

    func listEvents(_ input: Operations.ListEvents.Input) async throws -> Operations.ListEvents.Output {
        let context = try caller
        try Permissions.require(context.actor, .viewProgramme)
        let from = input.query.from ?? store.clock.now()
        let to = input.query.to ?? from.addingTimeInterval(ConvivialityService.horizon)
        guard to > from, to.timeIntervalSince(from) <= 2 * ConvivialityService.horizon else {
            throw AutourError.unreadable("from et to : une période de deux ans au plus, to après from.")
        }
        let events = try await store.conviviality.events(territoryId: context.territory.id, from: from, to: to)
        return .ok(.init(body: .json(.init(items: try events.map(Self.event)))))
    }

    func publishEvent(_ input: Operations.PublishEvent.Input) async throws -> Operations.PublishEvent.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        let id = try await conviviality.publish(
            EventInput(
                title: body.title, description: body.description ?? "", kind: body.kind.rawValue, venueName: body.venueName,
                venueAddress: body.venueAddress ?? "", startsAt: body.startsAt, endsAt: body.endsAt, capacity: body.capacity,
                priceCents: body.priceCents ?? 0, accessibility: body.accessibility ?? "", organisers: body.organisers ?? []),
            territory: context.territory, actor: context.actor)
        return .created(.init(body: .json(try Self.event(try await conviviality.event(id: id, territory: context.territory)))))
    }

    func listRegistrations(_ input: Operations.ListRegistrations.Input) async throws -> Operations.ListRegistrations.Output {
        let context = try caller
        try Permissions.require(context.actor, .registerOthers)
        let event = try await conviviality.event(id: try APIValue.pathID(input.path.id), territory: context.territory)
        return .ok(.init(body: .json(.init(items: try await conviviality.registrations(event: event, actor: context.actor).list.map(Self.registration)))))
    }

    func registerForEvent(_ input: Operations.RegisterForEvent.Input) async throws -> Operations.RegisterForEvent.Output {
        let context = try caller
        try Permissions.require(context.actor, .registerOthers)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let event = try await conviviality.event(id: try APIValue.pathID(input.path.id), territory: context.territory)
        let registration = try await conviviality.register(
            eventId: event.id, RegistrationInput(firstName: body.firstName, contact: body.contact ?? "", seats: body.seats ?? 1),
            mixity: Self.mixity(body.mixity), territory: context.territory, actor: context.actor)
        return .created(.init(body: .json(try Self.registration(registration))))
    }

    func checkInAtEvent(_ input: Operations.CheckInAtEvent.Input) async throws -> Operations.CheckInAtEvent.Output {
        let context = try caller
        try Permissions.require(context.actor, .checkInAttendees)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let event = try await conviviality.event(id: try APIValue.pathID(input.path.id), territory: context.territory)
        let registration = try await conviviality.checkIn(
            event: event, registrationId: try APIValue.uuid(body.registrationId, field: "registrationId"), number: body.number, actor: context.actor)
        return .ok(.init(body: .json(try Self.registration(registration))))
    }

    func countWalkIns(_ input: Operations.CountWalkIns.Input) async throws -> Operations.CountWalkIns.Output {
        let context = try caller
        try Permissions.require(context.actor, .checkInAttendees)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let event = try await conviviality.event(id: try APIValue.pathID(input.path.id), territory: context.territory)
        try await conviviality.walkIn(event: event, count: body.count, mixity: Self.mixity(body.mixity), territory: context.territory, actor: context.actor)
        return .ok(.init(body: .json(try Self.event(try await conviviality.event(id: event.id, territory: context.territory)))))
    }

    func programmeMixity(_ input: Operations.ProgrammeMixity.Input) async throws -> Operations.ProgrammeMixity.Output {
        let context = try caller
        try Permissions.require(context.actor, .viewMixity)
        let events: [ConvivialEvent]
        if let id = input.query.event {
            events = [try await conviviality.event(id: try APIValue.uuid(id, field: "event"), territory: context.territory)]
        } else {
            let season = input.query.season ?? Programme.season(of: store.clock.now(), in: FrenchTime.zone)
            events = try await conviviality.season(season, territory: context.territory, actor: context.actor)
        }
        let figures = try await conviviality.mixity(events: events, territory: context.territory, actor: context.actor)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items:
                            try figures.map { figure in
                                Components.Schemas.MixityFigures(
                                    attribute: try APIValue.contract(figure.attribute.rawValue), answers: SmallCount.text(figure.answers),
                                    evenness: figure.evenness, distance: figure.distance,
                                    cells: figure.cells.map { .init(value: $0.value, count: $0.count) })
                            }))))
    }
}
