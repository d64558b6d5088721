import Foundation

/// What kind of convivial event: the forms of the manual's programme (cafés, neighbours' meals, a
/// show under a tent, outings, workshops, a day of festivities).
public enum EventKind: String, CaseIterable, Sendable, Codable {
    case cafe, meal, show, outing, workshop, festival

    public var label: String {
        switch self {
        case .cafe: "Café"
        case .meal: "Repas"
        case .show: "Spectacle"
        case .outing: "Sortie"
        case .workshop: "Atelier"
        case .festival: "Fête"
        }
    }
}

/// An event as typed in a form or sent to the API, before it is checked.
public struct EventInput: Sendable, Equatable {
    public var title: String
    public var description: String
    public var kind: String
    public var venueName: String
    public var venueAddress: String
    public var startsAt: Date?
    public var endsAt: Date?
    public var capacity: Int?
    public var priceCents: Int?
    public var accessibility: String
    /// Directory structures (data·inclusion ids) organising it with the CCAS.
    public var organisers: [String]
    /// A shared place of the territory (Places): its name and address become the venue's.
    public var placeId: UUID?

    public init(
        title: String, description: String = "", kind: String, venueName: String, venueAddress: String = "", startsAt: Date?, endsAt: Date?,
        capacity: Int?, priceCents: Int? = 0, accessibility: String = "", organisers: [String] = [], placeId: UUID? = nil
    ) {
        self.placeId = placeId
        self.title = title
        self.description = description
        self.kind = kind
        self.venueName = venueName
        self.venueAddress = venueAddress
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.capacity = capacity
        self.priceCents = priceCents
        self.accessibility = accessibility
        self.organisers = organisers
    }
}

/// A checked event.
public struct ValidEvent: Sendable, Equatable {
    public let title: String
    public let description: String
    public let kind: EventKind
    public let venueName: String
    public let venueAddress: String
    public let startsAt: Date
    public let endsAt: Date
    public let capacity: Int
    public let priceCents: Int
    public let accessibility: String
    public let organisers: [String]
    public let placeId: UUID?
}

/// The programme's rules: what an event may be, who gets a place, which season it belongs to.
public enum Programme {
    /// A convivial event is cheap: free or a few euros (a meal's share), never a barrier.
    public static let maximumPriceCents = 1_500
    public static let capacityRange = 1...5_000
    /// One event lasts at most two days (a festival weekend); longer is a series of events.
    public static let maximumDuration: TimeInterval = 2 * 86_400
    /// A group registered by a partner takes at most this many places at once.
    public static let maximumGroupSeats = 30

    public static func validate(_ input: EventInput) throws(AutourError) -> ValidEvent {
        var fields: [String: String] = [:]
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 120 { fields["title"] = "Donnez un titre de 1 à 120 caractères." }
        let description = input.description.trimmingCharacters(in: .whitespacesAndNewlines)
        if description.count > 2_000 { fields["description"] = "2 000 caractères au plus." }
        let kind = EventKind(rawValue: input.kind)
        if kind == nil { fields["kind"] = "Choisissez le genre d'événement." }
        let venue = input.venueName.trimmingCharacters(in: .whitespacesAndNewlines)
        if venue.isEmpty || venue.count > 120 { fields["venueName"] = "Indiquez le lieu (120 caractères au plus)." }
        let address = input.venueAddress.trimmingCharacters(in: .whitespacesAndNewlines)
        if address.count > 200 { fields["venueAddress"] = "200 caractères au plus." }
        if input.startsAt == nil { fields["startsAt"] = "Indiquez le début (jour et heure)." }
        if input.endsAt == nil { fields["endsAt"] = "Indiquez la fin (jour et heure)." }
        if let start = input.startsAt, let end = input.endsAt {
            if end <= start {
                fields["endsAt"] = "La fin vient après le début."
            } else if end.timeIntervalSince(start) > maximumDuration {
                fields["endsAt"] = "Un événement dure au plus deux jours : faites-en plusieurs."
            }
        }
        if !(input.capacity.map(capacityRange.contains) ?? false) {
            fields["capacity"] = "Saisissez un nombre de places de \(capacityRange.lowerBound) à \(capacityRange.upperBound)."
        }
        if !(input.priceCents.map((0...maximumPriceCents).contains) ?? false) {
            fields["price"] = "Gratuit ou quelques euros : de 0 à \(maximumPriceCents / 100) €."
        }
        let accessibility = input.accessibility.trimmingCharacters(in: .whitespacesAndNewlines)
        if accessibility.count > 300 { fields["accessibility"] = "300 caractères au plus." }
        guard fields.isEmpty, let kind, let start = input.startsAt, let end = input.endsAt, let capacity = input.capacity,
            let price = input.priceCents
        else { throw .invalid("L'événement est à compléter.", fields: fields) }
        return ValidEvent(
            title: title, description: description, kind: kind, venueName: venue, venueAddress: address, startsAt: start, endsAt: end,
            capacity: capacity, priceCents: price, accessibility: accessibility, organisers: Array(Set(input.organisers)).sorted(),
            placeId: input.placeId)
    }

    /// The season an event belongs to: the social year, from 1 September to 31 August, named
    /// « 2026-2027 » (the rhythm of associations and schools the programme follows).
    public static func season(of date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month], from: date)
        let first = c.month! >= 9 ? c.year! : c.year! - 1
        return "\(first)-\(first + 1)"
    }

    /// The first and last instants of a season named by `season`, or nil if it is not one.
    public static func seasonBounds(_ season: String, in zone: TimeZone) -> (start: Date, end: Date)? {
        let parts = season.split(separator: "-")
        guard parts.count == 2, let first = Int(parts[0]), let second = Int(parts[1]), second == first + 1, (2000...2200).contains(first) else {
            return nil
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let start = calendar.date(from: DateComponents(year: first, month: 9, day: 1)),
            let end = calendar.date(from: DateComponents(year: second, month: 9, day: 1))
        else { return nil }
        return (start, end)
    }
}

/// Who gets a place: first come, first served, and never more seats than the capacity.
public enum Seating {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case confirmed, waiting, cancelled

        public var label: String {
            switch self {
            case .confirmed: "Inscrit·e"
            case .waiting: "Liste d'attente"
            case .cancelled: "Annulé"
            }
        }
    }

    /// A new registration of `seats` is confirmed when they all fit, and waits otherwise. Someone
    /// already waiting keeps their turn: a newcomer is not seated ahead of them.
    public static func status(seats: Int, capacity: Int, confirmedSeats: Int, waiting: Int) -> Status {
        waiting == 0 && confirmedSeats + seats <= capacity ? .confirmed : .waiting
    }

    /// The waiting registrations seated when places free up, in their order of arrival: the list
    /// moves while its head fits; a group too large for the places left keeps its turn (and the
    /// ones behind it wait with it) so that no one is passed over.
    public static func promotions(capacity: Int, confirmedSeats: Int, waiting: [(id: UUID, seats: Int)]) -> [UUID] {
        var free = capacity - confirmedSeats
        var seated: [UUID] = []
        for entry in waiting {
            guard entry.seats <= free else { break }
            free -= entry.seats
            seated.append(entry.id)
        }
        return seated
    }
}

/// An inhabitant's registration as typed: a first name and a way to reach them (a phone or an
/// e-mail, for the cancellation link and a change of plan), or a group by a partner.
public struct RegistrationInput: Sendable, Equatable {
    public var firstName: String
    public var contact: String
    public var seats: Int

    public init(firstName: String, contact: String, seats: Int = 1) {
        self.firstName = firstName
        self.contact = contact
        self.seats = seats
    }

    /// Checks the registration; `needsContact` for an inhabitant registering alone (an agent or a
    /// partner may register someone who has neither phone nor e-mail).
    public func validated(needsContact: Bool, maximumSeats: Int) throws(AutourError) -> RegistrationInput {
        var fields: [String: String] = [:]
        let name = firstName.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 60 { fields["firstName"] = "Indiquez un prénom (60 caractères au plus)." }
        let contact = contact.trimmingCharacters(in: .whitespacesAndNewlines)
        let looksReachable = Reachable.looksValid(contact)
        if contact.count > 120 || (!contact.isEmpty && !looksReachable) || (needsContact && contact.isEmpty) {
            fields["contact"] = "Indiquez un téléphone (8 chiffres au moins) ou une adresse e-mail."
        }
        if !(1...maximumSeats).contains(seats) { fields["seats"] = "De 1 à \(maximumSeats) places." }
        guard fields.isEmpty else { throw .invalid("L'inscription est à compléter.", fields: fields) }
        return RegistrationInput(firstName: name, contact: contact, seats: seats)
    }
}

extension Programme {
    /// Who reads an event's registrations: the CCAS's staff, and a partner only for the events it
    /// organises (`partnerStructure` is the directory structure the partner's account answers for).
    public static func mayReadRegistrations(_ actor: Actor, event: ConvivialEvent, partnerStructure: String?) -> Bool {
        guard Permissions.can(actor, .checkInAttendees, on: event.scope) else { return false }
        if actor.hasAny([.agent, .coordinator]) { return true }
        return partnerStructure.map(event.organisers.contains) ?? false
    }
}
