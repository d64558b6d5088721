import AutourCore
import Foundation

/// The programme's use cases, for pages and API alike: the permission, the checks, then the
/// repository. The public side (programme, feed, an inhabitant's registration) never needs an
/// account and never shows a name.
public struct ConvivialityService: Sendable {
    let conviviality: ConvivialityRepository
    let referrals: ReferralRepository
    let directory: DirectoryRepository
    let places: PlacesRepository
    let clock: WallClock

    /// Places one inhabitant may take for their household on the public page.
    public static let householdSeats = 6
    /// How far ahead the public programme and the feed look.
    public static let horizon: TimeInterval = 366 * 86_400

    public func publish(_ input: EventInput, territory: Territory, actor: Actor) async throws -> UUID {
        try Permissions.require(actor, .manageEvents)
        return try await conviviality.create(try await checked(input, territory: territory), territoryId: territory.id, actor: actor)
    }

    public func update(id: UUID, _ input: EventInput, territory: Territory, actor: Actor) async throws {
        try Permissions.require(actor, .manageEvents)
        try await conviviality.update(id: id, try await checked(input, territory: territory), territoryId: territory.id, actor: actor)
    }

    public func cancelEvent(id: UUID, territory: Territory, actor: Actor) async throws {
        try Permissions.require(actor, .manageEvents)
        try await conviviality.cancelEvent(id: id, territoryId: territory.id, actor: actor)
    }

    private func checked(_ input: EventInput, territory: Territory) async throws -> ValidEvent {
        var input = input
        if let placeId = input.placeId {
            guard let place = try await places.place(id: placeId, territoryId: territory.id) else {
                throw AutourError.invalid("Lieu inconnu.", fields: ["placeId": "Choisissez un lieu partagé du territoire."])
            }
            input.venueName = place.name
            input.venueAddress = place.address
            if input.accessibility.isEmpty { input.accessibility = place.accessibility }
        }
        let event = try Programme.validate(input)
        let known = try await directory.structureNames(territoryId: territory.id)
        if let unknown = event.organisers.first(where: { known[$0] == nil }) {
            throw AutourError.invalid("Structure inconnue.", fields: ["organisers": "« \(unknown) » n'est pas une structure de l'annuaire."])
        }
        return event
    }

    /// The shared places an event may take place in, by name.
    public func places(territory: Territory) async throws -> [(id: UUID, name: String)] {
        try await places.places(territoryId: territory.id).filter { !$0.vacant }.map { (id: $0.id, name: $0.name) }
    }

    /// Partner structures of the directory that may organise events, by name.
    public func structures(territory: Territory) async throws -> [(id: String, name: String)] {
        try await directory.structureNames(territoryId: territory.id).map { (id: $0.key, name: $0.value) }.sorted { $0.name < $1.name }
    }

    /// The public programme: events not yet ended, within the horizon.
    public func programme(territory: Territory) async throws -> [ConvivialEvent] {
        let now = clock.now()
        return try await conviviality.events(territoryId: territory.id, from: now, to: now.addingTimeInterval(Self.horizon))
    }

    /// One event as anyone may see it (ended ones too: a shared link keeps working).
    public func event(id: UUID, territory: Territory) async throws -> ConvivialEvent {
        guard let event = try await conviviality.event(id: id, territoryId: territory.id) else { throw AutourError.notFound }
        return event
    }

    /// An inhabitant registers on the public page: a first name and a phone or an e-mail.
    public func registerPublicly(
        eventId: UUID, _ input: RegistrationInput, mixity: [Mixity.Attribute: String], territory: Territory
    ) async throws -> ConvivialityRepository.Receipt {
        let checked = try input.validated(needsContact: true, maximumSeats: Self.householdSeats)
        let answers = try Mixity.answers(mixity, places: territory.neighbourhoods.map(\.name))
        return try await conviviality.register(eventId: eventId, territoryId: territory.id, checked, mixity: answers, actor: nil)
    }

    /// An agent registers someone (who may have no phone), a partner a group.
    public func register(
        eventId: UUID, _ input: RegistrationInput, mixity: [Mixity.Attribute: String], territory: Territory, actor: Actor
    ) async throws -> EventRegistration {
        try Permissions.require(actor, .registerOthers)
        let seats = actor.hasAny([.agent, .coordinator]) ? Self.householdSeats : Programme.maximumGroupSeats
        let checked = try input.validated(needsContact: false, maximumSeats: seats)
        let answers = try Mixity.answers(mixity, places: territory.neighbourhoods.map(\.name))
        return try await conviviality.register(eventId: eventId, territoryId: territory.id, checked, mixity: answers, actor: actor).registration
    }

    /// What `actor` may see of an event's registrations: all of them for the CCAS's staff and the
    /// event's partner organisers; for another partner, only the groups it registered itself; for
    /// an elected member, none.
    public func registrations(event: ConvivialEvent, actor: Actor) async throws -> (all: Bool, list: [EventRegistration]) {
        try Permissions.require(actor, .viewProgramme, on: event.scope)
        guard Permissions.can(actor, .registerOthers) else { return (false, []) }
        if try await mayReadAll(event, actor: actor) { return (true, try await conviviality.registrations(eventId: event.id)) }
        return (false, try await conviviality.registrations(eventId: event.id, registeredBy: actor.accountId))
    }

    private func mayReadAll(_ event: ConvivialEvent, actor: Actor) async throws -> Bool {
        let structure = actor.has(.partner) ? try await referrals.structure(ofPartner: actor.accountId) : nil
        return Programme.mayReadRegistrations(actor, event: event, partnerStructure: structure)
    }

    private func requireDoor(_ event: ConvivialEvent, actor: Actor) async throws {
        try Permissions.require(actor, .checkInAttendees, on: event.scope)
        guard try await mayReadAll(event, actor: actor) else { throw AutourError.forbidden }
    }

    public func checkIn(event: ConvivialEvent, registrationId: UUID?, number: Int?, actor: Actor) async throws -> EventRegistration {
        try await requireDoor(event, actor: actor)
        return try await conviviality.checkIn(
            eventId: event.id, territoryId: event.territoryId, registrationId: registrationId, number: number, actor: actor)
    }

    public static let walkInsAtOnce = 1...50

    public func walkIn(event: ConvivialEvent, count: Int, mixity: [Mixity.Attribute: String], territory: Territory, actor: Actor) async throws {
        try await requireDoor(event, actor: actor)
        guard Self.walkInsAtOnce.contains(count) else {
            throw AutourError.invalid("Nombre à corriger.", fields: ["count": "De 1 à 50 personnes à la fois."])
        }
        // One person's answers describe one person: with several walk-ins at once, none are counted.
        let answers = count == 1 ? try Mixity.answers(mixity, places: territory.neighbourhoods.map(\.name)) : [:]
        try await conviviality.walkIn(eventId: event.id, territoryId: territory.id, count: count, mixity: answers)
    }

    /// Staff cancel a registration (the person phoned); the waiting list moves up.
    public func cancel(registrationId: UUID, event: ConvivialEvent, actor: Actor) async throws {
        try await requireDoor(event, actor: actor)
        try await conviviality.cancel(registrationId: registrationId, eventId: event.id, territoryId: event.territoryId, actor: actor)
    }

    /// An inhabitant's link: their registration, its event and, when waiting, their rank.
    public func registration(link: String) async throws -> (registration: EventRegistration, event: ConvivialEvent, rank: Int?) {
        guard let (registration, event) = try await conviviality.registration(link: link) else { throw AutourError.notFound }
        return (registration, event, try await conviviality.waitingRank(registration))
    }

    public func cancel(link: String) async throws {
        let (registration, event, _) = try await registration(link: link)
        try await conviviality.cancel(registrationId: registration.id, eventId: event.id, territoryId: event.territoryId, actor: nil)
    }

    // MARK: Mixity

    /// The mixity figures of some events of the territory (one event, or a season), per attribute,
    /// with counts under 5 hidden and the indices only from `Mixity.minimumAnswers` answers.
    public func mixity(events: [ConvivialEvent], territory: Territory, actor: Actor) async throws -> [Mixity.Figures] {
        try Permissions.require(actor, .viewMixity)
        let counts = try await conviviality.mixity(eventIds: events.filter { $0.territoryId == territory.id }.map(\.id))
        let reference = try await conviviality.reference(territoryId: territory.id)
        let places = territory.neighbourhoods.map(\.name)
        return Mixity.Attribute.allCases.map { attribute in
            Mixity.figures(
                attribute, counts: counts[attribute] ?? [:], categories: Mixity.categories(attribute, places: places), reference: reference[attribute])
        }
    }

    /// The events of a season (« 2026-2027 »).
    public func season(_ season: String, territory: Territory, actor: Actor) async throws -> [ConvivialEvent] {
        try Permissions.require(actor, .viewMixity)
        guard let bounds = Programme.seasonBounds(season, in: FrenchTime.zone) else {
            throw AutourError.invalid("Saison inconnue.", fields: ["saison": "Une saison s'écrit « 2026-2027 »."])
        }
        return try await conviviality.events(territoryId: territory.id, from: bounds.start, to: bounds.end)
    }

    public func reference(territory: Territory, actor: Actor) async throws -> [Mixity.Attribute: [String: Double]] {
        try Permissions.require(actor, .viewMixity)
        return try await conviviality.reference(territoryId: territory.id)
    }

    /// The coordinator's reference composition for one attribute, in percent (census figures).
    /// Shares must be between 0 and 100 and add up to 100 (within one point, for rounding).
    public func setReference(_ percents: [String: Double], attribute: Mixity.Attribute, territory: Territory, actor: Actor) async throws {
        try Permissions.require(actor, .manageEvents)
        let categories = Mixity.categories(attribute, places: territory.neighbourhoods.map(\.name))
        var fields: [String: String] = [:]
        for (value, share) in percents where !categories.contains(value) || !(0...100).contains(share) || !share.isFinite {
            fields[value] = "Un pourcentage de 0 à 100 pour une catégorie de la liste."
        }
        let total = percents.values.reduce(0, +)
        if fields.isEmpty, !percents.isEmpty, abs(total - 100) > 1 {
            fields["total"] = "Les parts font \(Int(total.rounded())) % : elles doivent faire 100 %."
        }
        guard fields.isEmpty else { throw AutourError.invalid("La composition est à corriger.", fields: fields) }
        try await conviviality.setReference(percents.mapValues { $0 / 100 }, attribute: attribute, territoryId: territory.id, actor: actor)
    }
}
