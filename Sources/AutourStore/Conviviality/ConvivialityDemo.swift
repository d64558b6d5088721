import AutourCore
import Foundation

/// The programme's part of the demo territory (`DemoConviviality`), written through the
/// repository with the clock set to when each thing happened: registrations three days before
/// an event, check-ins and walk-ins at its start.
public struct ConvivialityDemo: DemoPart {
    public init() {}

    public func load(_ demo: DemoContext) async throws {
        let now = demo.store.clock.now()
        let territory = demo.territory
        let coordinator = demo.accounts[.coordinator]!.actor, agent = demo.accounts[.agent]!.actor
        func at(_ date: Date) -> ConvivialityRepository { ConvivialityRepository(database: demo.store.database, clock: WallClock { date }) }
        let plan = DemoConviviality.plan(seed: demo.seed, now: now, neighbourhoods: territory.neighbourhoods.map(\.name))
        // Venues that are shared places of the demo (loaded before) are linked to them.
        let places = Dictionary(
            try await demo.store.places.places(territoryId: territory.id).map { ($0.name, $0.id) }, uniquingKeysWith: { first, _ in first })
        for planned in plan {
            var input = planned.input
            input.placeId = places[input.venueName]
            let event = try Programme.validate(input)
            let created = event.startsAt.addingTimeInterval(-30 * 86_400)
            let id = try await at(min(created, now)).create(event, territoryId: territory.id, actor: coordinator)
            let registeredAt = min(event.startsAt.addingTimeInterval(-3 * 86_400), now)
            var arrivals: [UUID] = []
            for (index, attendee) in planned.attendees.enumerated() {
                // Some register on the public page, some through the agent at the desk.
                let receipt = try await at(registeredAt.addingTimeInterval(Double(index) * 600)).register(
                    eventId: id, territoryId: territory.id, RegistrationInput(firstName: attendee.firstName, contact: attendee.contact),
                    mixity: attendee.mixity, actor: index % 3 == 0 ? agent : nil)
                if attendee.comes, receipt.registration.status == .confirmed { arrivals.append(receipt.registration.id) }
            }
            guard planned.isPast else { continue }
            let door = at(event.startsAt)
            for arrival in arrivals {
                try await door.checkIn(eventId: id, territoryId: territory.id, registrationId: arrival, number: nil, actor: agent)
            }
            for answers in planned.walkIns { try await door.walkIn(eventId: id, territoryId: territory.id, count: 1, mixity: answers) }
        }
        for (attribute, shares) in DemoConviviality.reference(neighbourhoods: territory.neighbourhoods.map(\.name)) {
            try await demo.store.convivialityService.setReference(shares, attribute: attribute, territory: territory, actor: coordinator)
        }
    }
}
