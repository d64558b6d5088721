import Foundation

/// An event of the programme as stored, with its places taken.
public struct ConvivialEvent: Sendable, Equatable {
    public let id: UUID
    public let territoryId: UUID
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
    public let walkIns: Int
    /// Seats of the confirmed registrations.
    public let confirmedSeats: Int
    /// Registrations on the waiting list.
    public let waiting: Int
    public let organisers: [String]
    public let placeId: UUID?
    /// Set when the coordinator called the event off: it stays on the programme, marked.
    public let cancelledAt: Date?

    public init(
        id: UUID, territoryId: UUID, title: String, description: String, kind: EventKind, venueName: String, venueAddress: String,
        startsAt: Date, endsAt: Date, capacity: Int, priceCents: Int, accessibility: String, walkIns: Int, confirmedSeats: Int, waiting: Int,
        organisers: [String], placeId: UUID? = nil, cancelledAt: Date? = nil
    ) {
        self.placeId = placeId
        self.cancelledAt = cancelledAt
        self.id = id
        self.territoryId = territoryId
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
        self.walkIns = walkIns
        self.confirmedSeats = confirmedSeats
        self.waiting = waiting
        self.organisers = organisers
    }

    public var placesLeft: Int { max(0, capacity - confirmedSeats) }
    public var scope: RecordScope { RecordScope(territoryId: territoryId) }

    /// « Gratuit », « 2 € », « 2,50 € ».
    public var priceText: String {
        priceCents > 0 ? FrenchMoney.text(cents: priceCents, wholeEuros: true) : "Gratuit"
    }
}

/// One registration: a first name, a way to reach them, the places taken. Nothing else — an event
/// never marks anyone as a beneficiary of the CCAS.
public struct EventRegistration: Sendable, Equatable {
    public let id: UUID
    public let eventId: UUID
    /// The number given at registration, said at the door.
    public let number: Int
    public let firstName: String
    public let contact: String
    public let seats: Int
    public let status: Seating.Status
    public let registeredBy: UUID?
    public let checkedInAt: Date?
    public let createdAt: Date

    public init(
        id: UUID, eventId: UUID, number: Int, firstName: String, contact: String, seats: Int, status: Seating.Status, registeredBy: UUID?,
        checkedInAt: Date?, createdAt: Date
    ) {
        self.id = id
        self.eventId = eventId
        self.number = number
        self.firstName = firstName
        self.contact = contact
        self.seats = seats
        self.status = status
        self.registeredBy = registeredBy
        self.checkedInAt = checkedInAt
        self.createdAt = createdAt
    }
}
