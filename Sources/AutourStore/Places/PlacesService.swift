import AutourCore
import Foundation

/// The shared places' use cases, for pages and API alike: permission, checks, then the
/// repositories. The public side (open calls and applying to them, a place's calendar, the
/// activation kits' link) needs no account.
public struct PlacesService: Sendable {
    let places: PlacesRepository
    let occupancy: OccupancyRepository
    let coHousing: CoHousingRepository
    let referrals: ReferralRepository
    let directory: DirectoryRepository
    let clock: WallClock

    // MARK: Places

    public func create(_ input: PlaceInput, territory: Territory, actor: Actor) async throws -> UUID {
        try Permissions.require(actor, .managePlaces)
        return try await places.create(try PlaceRules.validate(input), territoryId: territory.id, actor: actor)
    }

    /// Changes a place's details and adds rooms (rooms are never removed: their bookings stay).
    public func update(_ place: Place, with input: PlaceInput, actor: Actor) async throws {
        try Permissions.require(actor, .managePlaces, on: place.scope)
        try await places.update(place, with: try PlaceRules.validate(input, existingRooms: place.rooms.count), actor: actor)
    }

    public func places(territory: Territory, actor: Actor) async throws -> [Place] {
        try Permissions.require(actor, .viewPlaces)
        return try await places.places(territoryId: territory.id)
    }

    public func place(id: UUID, territory: Territory) async throws -> Place {
        guard let place = try await places.place(id: id, territoryId: territory.id) else { throw AutourError.notFound }
        return place
    }

    public func setWeeklyCap(hours: Int, territory: Territory, actor: Actor) async throws {
        try Permissions.require(actor, .managePlaces)
        guard (1...40).contains(hours) else { throw AutourError.invalid("Plafond à corriger.", fields: ["cap": "De 1 à 40 heures par semaine."]) }
        try await places.setWeeklyCap(minutes: hours * 60, territoryId: territory.id, actor: actor)
    }

    // MARK: Bookings

    /// Books a room. A partner books for its own structure (its name is the group); staff book for
    /// the group they name.
    public func book(_ input: BookingInput, place: Place, actor: Actor) async throws -> [Booking] {
        try Permissions.require(actor, .bookRooms, on: place.scope)
        var input = input
        if actor.has(.partner), !actor.hasAny([.agent, .coordinator]) {
            let structure = try await referrals.structure(ofPartner: actor.accountId)
            let names = try await directory.structureNames(territoryId: place.territoryId)
            guard let structure, let name = names[structure] else {
                throw AutourError.invalid("Votre compte n'est rattaché à aucune structure de l'annuaire : demandez-le au CCAS.")
            }
            input.group = name
        }
        guard let roomId = input.roomId, place.rooms.contains(where: { $0.id == roomId }) else {
            throw AutourError.invalid("Salle inconnue.", fields: ["room": "Choisissez une salle de ce lieu."])
        }
        let occurrences = try BookingRules.occurrences(input, opens: place.opens, closes: place.closes, now: clock.now())
        return try await places.book(
            place: place, roomId: roomId, group: input.group.trimmingCharacters(in: .whitespacesAndNewlines),
            purpose: input.purpose.trimmingCharacters(in: .whitespacesAndNewlines), occurrences: occurrences, actor: actor)
    }

    /// Cancels a booking: staff any, a partner only its own.
    public func cancelBooking(id: UUID, series: Bool, territory: Territory, actor: Actor) async throws -> UUID {
        try Permissions.require(actor, .bookRooms)
        guard let (booking, placeId) = try await places.booking(id: id, territoryId: territory.id) else { throw AutourError.notFound }
        if !actor.hasAny([.agent, .coordinator]), booking.bookedBy != actor.accountId { throw AutourError.forbidden }
        try await places.cancel(bookingId: id, placeId: placeId, series: series, actor: actor, territoryId: territory.id)
        return placeId
    }

    public func bookings(place: Place, from: Date, to: Date) async throws -> [Booking] {
        try await places.bookings(territoryId: place.territoryId, placeId: place.id, from: from, to: to)
    }

    /// The free time of every room of the territory during a week.
    public func availability(territory: Territory, week: Date, actor: Actor) async throws -> (places: [Place], free: [UUID: [DateInterval]]) {
        try Permissions.require(actor, .viewPlaces)
        let all = try await places.places(territoryId: territory.id)
        let bookings = try await places.weekBookings(territoryId: territory.id, week: week)
        let rooms = all.flatMap { place in place.rooms.map { (id: $0.id, opens: place.opens, closes: place.closes) } }
        return (all, BookingRules.availability(rooms: rooms, bookings: bookings, week: week))
    }

    // MARK: Calls and trials

    public func openCall(_ input: Occupancy.CallInput, place: Place, actor: Actor) async throws -> UUID {
        try Permissions.require(actor, .managePlaces, on: place.scope)
        return try await occupancy.openCall(try Occupancy.validate(input, now: clock.now()), place: place, actor: actor)
    }

    public func call(id: UUID, territory: Territory) async throws -> OccupancyRepository.Call {
        guard let call = try await occupancy.call(id: id, territoryId: territory.id) else { throw AutourError.notFound }
        return call
    }

    /// Anyone may apply to an open call, with or without an account.
    public func apply(_ input: Occupancy.ApplicationInput, call: OccupancyRepository.Call, actor: Actor?) async throws -> UUID {
        try await occupancy.apply(try Occupancy.validate(input), call: call, actor: actor)
    }

    public func applications(call: OccupancyRepository.Call, actor: Actor) async throws -> [OccupancyRepository.Application] {
        try Permissions.require(actor, .managePlaces, on: call.scope)
        return try await occupancy.applications(callId: call.id)
    }

    public func decide(applicationId: UUID, call: OccupancyRepository.Call, selected: Bool, reasons: String, actor: Actor) async throws {
        try Permissions.require(actor, .managePlaces, on: call.scope)
        let reasons = try Occupancy.reasons(reasons)
        guard let application = try await occupancy.application(id: applicationId, callId: call.id) else { throw AutourError.notFound }
        try await occupancy.decide(application: application, call: call, selected: selected, reasons: reasons, actor: actor)
    }

    public func closeCall(_ call: OccupancyRepository.Call, actor: Actor) async throws {
        try Permissions.require(actor, .managePlaces, on: call.scope)
        try await occupancy.close(call: call, actor: actor)
    }

    /// The trial of a selected application starts on a day within a month either side of today
    /// (a trial already under way may be recorded), under the place's rules.
    public func startTrial(applicationId: UUID, call: OccupancyRepository.Call, startsAt: Date?, rules: String, actor: Actor) async throws -> UUID {
        try Permissions.require(actor, .managePlaces, on: call.scope)
        guard let start = startsAt, abs(start.timeIntervalSince(clock.now())) <= 31 * 86_400 else {
            throw AutourError.invalid("Date à corriger.", fields: ["startsAt": "Le premier jour de l'essai, à un mois près d'aujourd'hui."])
        }
        let rules = rules.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !rules.isEmpty, rules.count <= 4_000 else {
            throw AutourError.invalid("Règles à écrire.", fields: ["rules": "Les règles du lieu, reprises dans la convention (4 000 caractères au plus)."])
        }
        guard let application = try await occupancy.application(id: applicationId, callId: call.id) else { throw AutourError.notFound }
        return try await occupancy.startTrial(application: application, call: call, startsAt: start, rules: rules, actor: actor)
    }

    public func trial(id: UUID, territory: Territory, actor: Actor) async throws -> OccupancyRepository.Trial {
        try Permissions.require(actor, .viewPlaces)
        guard let trial = try await occupancy.trial(id: id, territoryId: territory.id) else { throw AutourError.notFound }
        return trial
    }

    public func review(_ input: Occupancy.ReviewInput, trial: OccupancyRepository.Trial, actor: Actor) async throws {
        try Permissions.require(actor, .reviewTrials, on: trial.scope)
        try await occupancy.review(try Occupancy.validate(input), trial: trial, actor: actor)
    }

    public func decide(trial: OccupancyRepository.Trial, convention: Bool, reasons: String, actor: Actor) async throws {
        try Permissions.require(actor, .managePlaces, on: trial.scope)
        try await occupancy.decide(trial: trial, convention: convention, reasons: try Occupancy.reasons(reasons), actor: actor)
    }

    // MARK: Activation kits

    /// A run of a kit by an inhabitant, through the place's link.
    public func runKit(_ kit: ActivationKit, place: Place, runner: String, checked: [Int], note: String) async throws {
        let runner = runner.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !runner.isEmpty, runner.count <= 60 else {
            throw AutourError.invalid("Prénom à indiquer.", fields: ["runner": "Votre prénom (60 caractères au plus)."])
        }
        guard note.count <= 1_000 else { throw AutourError.invalid("Note trop longue.", fields: ["note": "1 000 caractères au plus."]) }
        let checked = Array(Set(checked.filter { kit.items.indices.contains($0) })).sorted()
        try await occupancy.runKit(kit, place: place, runner: runner, checked: checked, note: note.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    // MARK: Co-housing

    public func addProfile(_ profile: CoHousing.Profile, contact: String, territory: Territory, actor: Actor) async throws -> UUID {
        try Permissions.require(actor, .manageCoHousing)
        var fields: [String: String] = [:]
        if profile.firstName.trimmingCharacters(in: .whitespaces).isEmpty || profile.firstName.count > 60 {
            fields["firstName"] = "Un prénom (60 caractères au plus)."
        }
        if contact.count > 120 { fields["contact"] = "120 caractères au plus." }
        if !CoHousing.helpHoursRange.contains(profile.helpHours) { fields["helpHours"] = "De 0 à 20 heures par semaine." }
        if profile.languages.isEmpty || profile.languages.count > 10 { fields["languages"] = "Au moins une langue parlée (10 au plus)." }
        if !profile.neighbourhood.isEmpty, !territory.neighbourhoods.map(\.name).contains(profile.neighbourhood) {
            fields["neighbourhood"] = "Un quartier du territoire."
        }
        guard fields.isEmpty else { throw AutourError.invalid("Le profil est à compléter.", fields: fields) }
        return try await coHousing.add(profile, contact: contact.trimmingCharacters(in: .whitespaces), territoryId: territory.id, actor: actor)
    }

    public func removeProfile(id: UUID, territory: Territory, actor: Actor) async throws {
        try Permissions.require(actor, .manageCoHousing)
        try await coHousing.remove(profileId: id, territoryId: territory.id, actor: actor)
    }

    public func coHousingBoard(territory: Territory, actor: Actor) async throws -> (
        profiles: [CoHousingRepository.Entry], pairs: [CoHousingRepository.Pair]
    ) {
        try Permissions.require(actor, .manageCoHousing)
        return (try await coHousing.profiles(territoryId: territory.id), try await coHousing.pairs(territoryId: territory.id))
    }

    public func proposePairs(territory: Territory, actor: Actor) async throws -> [CoHousingRepository.Pair] {
        try Permissions.require(actor, .manageCoHousing)
        return try await coHousing.propose(territoryId: territory.id, actor: actor)
    }

    public func pair(id: UUID, territory: Territory, actor: Actor) async throws -> CoHousingRepository.Pair {
        try Permissions.require(actor, .manageCoHousing)
        guard let pair = try await coHousing.pair(id: id, territoryId: territory.id) else { throw AutourError.notFound }
        return pair
    }

    /// Agreeing a pair is the coordinator's decision; declining too.
    public func decide(pair: CoHousingRepository.Pair, agreed: Bool, actor: Actor) async throws {
        try Permissions.require(actor, .managePlaces, on: pair.scope)
        try await coHousing.decide(pair: pair, agreed: agreed, actor: actor)
    }

    public func addVisit(pair: CoHousingRepository.Pair, day: String, note: String, actor: Actor) async throws {
        try Permissions.require(actor, .manageCoHousing, on: pair.scope)
        guard pair.status == .agreed else { throw AutourError.conflict("Les visites suivent un accord signé.") }
        guard PersonRules.parseDay(day) != nil else { throw AutourError.invalid("Date à corriger.", fields: ["day": "Le jour de la visite."]) }
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty, note.count <= 2_000 else {
            throw AutourError.invalid("Note à écrire.", fields: ["note": "Ce qui a été vu (2 000 caractères au plus)."])
        }
        try await coHousing.addVisit(pair: pair, day: day, note: note, actor: actor)
    }
}
