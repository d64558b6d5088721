import Foundation

/// Who owns a shared place.
public enum PlaceOwner: String, CaseIterable, Sendable, Codable {
    case ccas, commune, partner, privateLender

    public var label: String {
        switch self {
        case .ccas: "CCAS"
        case .commune: "Commune"
        case .partner: "Partenaire"
        case .privateLender: "Prêteur privé"
        }
    }
}

/// A building opened to inhabitants (or waiting to be: a vacant one, with its state), and its rooms.
public struct PlaceInput: Sendable, Equatable {
    public var name: String
    public var address: String
    public var owner: String
    public var ownerName: String
    public var accessibility: String
    /// Opening hours every day, in minutes from midnight (French time).
    public var opens: Int?
    public var closes: Int?
    public var vacant: Bool
    public var state: String
    public var description: String
    /// One room per line: « name ; capacity ; equipment ».
    public var rooms: [RoomInput]

    public init(
        name: String, address: String, owner: String, ownerName: String = "", accessibility: String = "", opens: Int?, closes: Int?,
        vacant: Bool = false, state: String = "", description: String = "", rooms: [RoomInput]
    ) {
        self.name = name
        self.address = address
        self.owner = owner
        self.ownerName = ownerName
        self.accessibility = accessibility
        self.opens = opens
        self.closes = closes
        self.vacant = vacant
        self.state = state
        self.description = description
        self.rooms = rooms
    }
}

public struct RoomInput: Sendable, Equatable {
    public var name: String
    public var capacity: Int
    public var equipment: String

    public init(name: String, capacity: Int, equipment: String = "") {
        self.name = name
        self.capacity = capacity
        self.equipment = equipment
    }
}

public struct Room: Sendable, Equatable {
    public let id: UUID
    public let placeId: UUID
    public let name: String
    public let capacity: Int
    public let equipment: String

    public init(id: UUID, placeId: UUID, name: String, capacity: Int, equipment: String) {
        self.id = id
        self.placeId = placeId
        self.name = name
        self.capacity = capacity
        self.equipment = equipment
    }
}

public struct Place: Sendable, Equatable {
    public let id: UUID
    public let territoryId: UUID
    public let name: String
    public let address: String
    public let owner: PlaceOwner
    public let ownerName: String
    public let accessibility: String
    public let opens: Int
    public let closes: Int
    public let vacant: Bool
    public let state: String
    public let description: String
    public let rooms: [Room]

    public init(
        id: UUID, territoryId: UUID, name: String, address: String, owner: PlaceOwner, ownerName: String, accessibility: String, opens: Int,
        closes: Int, vacant: Bool, state: String, description: String, rooms: [Room]
    ) {
        self.id = id
        self.territoryId = territoryId
        self.name = name
        self.address = address
        self.owner = owner
        self.ownerName = ownerName
        self.accessibility = accessibility
        self.opens = opens
        self.closes = closes
        self.vacant = vacant
        self.state = state
        self.description = description
        self.rooms = rooms
    }

    public var scope: RecordScope { RecordScope(territoryId: territoryId) }
    /// « 8h00 – 22h00 ».
    public var hoursText: String { "\(PlaceRules.clock(opens)) – \(PlaceRules.clock(closes))" }
}

public enum PlaceRules {
    public static let roomCapacity = 1...2_000

    /// Checks a place; on a change, `input.rooms` are the rooms to add to its `existingRooms`.
    public static func validate(_ input: PlaceInput, existingRooms: Int = 0) throws(AutourError) -> PlaceInput {
        var fields: [String: String] = [:]
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 120 { fields["name"] = "Donnez un nom de 1 à 120 caractères." }
        let address = input.address.trimmingCharacters(in: .whitespacesAndNewlines)
        if address.isEmpty || address.count > 200 { fields["address"] = "Indiquez l'adresse (200 caractères au plus)." }
        if PlaceOwner(rawValue: input.owner) == nil { fields["owner"] = "Choisissez le propriétaire." }
        for (field, text) in [("ownerName", input.ownerName), ("accessibility", input.accessibility), ("state", input.state)] where text.count > 300 {
            fields[field] = "300 caractères au plus."
        }
        if input.description.count > 2_000 { fields["description"] = "2 000 caractères au plus." }
        guard let opens = input.opens, let closes = input.closes, (0..<1440).contains(opens), (1...1440).contains(closes), opens < closes else {
            fields["hours"] = "Indiquez l'heure d'ouverture puis celle de fermeture, par exemple 08:00 et 22:00."
            throw .invalid("Le lieu est à compléter.", fields: fields)
        }
        if !input.vacant && input.rooms.isEmpty && existingRooms == 0 { fields["rooms"] = "Un lieu ouvert a au moins une salle." }
        if input.rooms.count + existingRooms > 100 { fields["rooms"] = "100 salles au plus par lieu." }
        for (index, room) in input.rooms.enumerated() {
            if room.name.trimmingCharacters(in: .whitespaces).isEmpty || room.name.count > 80 || !roomCapacity.contains(room.capacity)
                || room.equipment.count > 300
            {
                fields["rooms"] = "Salle \(index + 1) : un nom (80 caractères au plus) et une capacité de 1 à 2 000 personnes."
            }
        }
        guard fields.isEmpty else { throw .invalid("Le lieu est à compléter.", fields: fields) }
        return PlaceInput(
            name: name, address: address, owner: input.owner, ownerName: input.ownerName.trimmingCharacters(in: .whitespaces),
            accessibility: input.accessibility.trimmingCharacters(in: .whitespaces), opens: opens, closes: closes, vacant: input.vacant,
            state: input.state.trimmingCharacters(in: .whitespaces), description: input.description.trimmingCharacters(in: .whitespacesAndNewlines),
            rooms: input.rooms.map { RoomInput(name: $0.name.trimmingCharacters(in: .whitespaces), capacity: $0.capacity, equipment: $0.equipment) })
    }

    /// Rooms typed one per line: « Grande salle ; 40 ; tables, vidéoprojecteur ».
    public static func parseRooms(_ text: String) throws(AutourError) -> [RoomInput] {
        var rooms: [RoomInput] = []
        for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let parts = line.split(separator: ";", maxSplits: 2, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count >= 2, let capacity = NumberInput.integer(parts[1], in: roomCapacity) else {
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                throw .invalid("Salles à corriger.", fields: ["rooms": "Ligne \(index + 1) : « nom ; capacité ; équipement », la capacité de 1 à 2 000."])
            }
            rooms.append(RoomInput(name: parts[0], capacity: capacity, equipment: parts.count > 2 ? parts[2] : ""))
        }
        return rooms
    }

    /// `HH:MM` → minutes from midnight (24:00 allowed as a closing time).
    public static func minutes(_ text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440 else {
            return nil
        }
        return h * 60 + m
    }

    /// Minutes from midnight → « 8h00 ».
    public static func clock(_ minutes: Int) -> String {
        "\(minutes / 60)h\(minutes % 60 < 10 ? "0" : "")\(minutes % 60)"
    }

    /// Minutes from midnight → `08:00` (a `time` field's value).
    public static func timeField(_ minutes: Int) -> String {
        "\(minutes / 60 < 10 ? "0" : "")\(minutes / 60):\(minutes % 60 < 10 ? "0" : "")\(minutes % 60)"
    }
}
