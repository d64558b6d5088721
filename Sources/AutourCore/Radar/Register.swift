import Foundation

/// Why a person asked to be on the heatwave and cold-wave register.
public enum RegisterReason: String, CaseIterable, Codable, Sendable {
    case age, disability, isolation
    public var label: String {
        switch self {
        case .age: "Âge"
        case .disability: "Handicap"
        case .isolation: "Isolement"
        }
    }
}

/// Who asked for the registration: the register is voluntary, so this is always recorded.
public enum RegisterRequester: String, CaseIterable, Codable, Sendable {
    case person, relative, agent
    public var label: String {
        switch self {
        case .person: "La personne elle-même"
        case .relative: "Un proche"
        case .agent: "Un agent, avec son accord"
        }
    }
}

public struct RegisterEntry: Sendable, Equatable {
    public let id: UUID
    public let territoryId: UUID
    public let personId: UUID
    public var requestedBy: RegisterRequester
    public var reasons: Set<RegisterReason>
    /// Who usually sees the person (family, home help), and how to reach them.
    public var contacts: String
    public var emergencyName: String
    public var emergencyPhone: String
    public let registeredAt: Date

    public init(
        id: UUID, territoryId: UUID, personId: UUID, requestedBy: RegisterRequester, reasons: Set<RegisterReason>,
        contacts: String, emergencyName: String, emergencyPhone: String, registeredAt: Date
    ) {
        self.id = id
        self.territoryId = territoryId
        self.personId = personId
        self.requestedBy = requestedBy
        self.reasons = reasons
        self.contacts = contacts
        self.emergencyName = emergencyName
        self.emergencyPhone = emergencyPhone
        self.registeredAt = registeredAt
    }
}

/// A registration as the form or the JSON body gives it.
public struct RegisterInput: Sendable, Codable, Equatable {
    public var requestedBy: String
    public var reasons: [String]
    public var contacts: String?
    public var emergencyName: String?
    public var emergencyPhone: String?

    public init(
        requestedBy: String, reasons: [String], contacts: String? = nil, emergencyName: String? = nil,
        emergencyPhone: String? = nil
    ) {
        self.requestedBy = requestedBy
        self.reasons = reasons
        self.contacts = contacts
        self.emergencyName = emergencyName
        self.emergencyPhone = emergencyPhone
    }
}

public enum RegisterRules {
    /// The consent recorded with a registration, when the person has none yet (no method: none).
    public static func consent(method: String?, givenBy: String?) throws(AutourError) -> (ConsentMethod, ConsentGiver)? {
        guard let method, !method.isEmpty else { return nil }
        let (_, parsedMethod, giver) = try ConsentRules.parse(
            purpose: ConsentPurpose.heatwaveRegister.rawValue, method: method, givenBy: givenBy?.isEmpty == false ? givenBy : nil)
        return (parsedMethod, giver)
    }

    /// The coordinator is reminded a month before a registration's consent lapses.
    public static let renewalNotice: TimeInterval = 30 * 86400

    public static func validate(_ input: RegisterInput) throws(AutourError)
        -> (requestedBy: RegisterRequester, reasons: Set<RegisterReason>, contacts: String, emergencyName: String, emergencyPhone: String)
    {
        var errors = FieldErrors()
        let requester = RegisterRequester(rawValue: input.requestedBy)
        if requester == nil { errors.add("requestedBy", "Indiquez qui demande l'inscription.") }
        var reasons = Set<RegisterReason>()
        for name in input.reasons {
            if let reason = RegisterReason(rawValue: name) { reasons.insert(reason) } else { errors.add("reasons", "Motif inconnu : \(name).") }
        }
        if input.reasons.isEmpty { errors.add("reasons", "Cochez au moins un motif d'inscription.") }
        let contacts = (input.contacts ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if contacts.count > 500 { errors.add("contacts", "500 caractères au plus.") }
        let name = (input.emergencyName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.count > 120 { errors.add("emergencyName", "120 caractères au plus.") }
        let phone = (input.emergencyPhone ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if !phone.isEmpty, !(10...15).contains(SearchText.digits(phone).count) {
            errors.add("emergencyPhone", "Numéro de téléphone invalide (10 chiffres au moins).")
        }
        if !name.isEmpty, phone.isEmpty { errors.add("emergencyPhone", "Donnez le numéro de la personne à prévenir.") }
        try errors.throwIfAny("L'inscription ne peut pas être enregistrée.")
        return (requester!, reasons, contacts, name, phone)
    }

    /// When the registration's consent lapses, from the person's consents (nil: no valid consent).
    public static func consentExpiry(_ consents: [Consent], now: Date) -> Date? {
        consents.filter { $0.purpose == .heatwaveRegister && ConsentRules.isActive($0, now: now) }
            .map { $0.givenAt.addingTimeInterval(ConsentRules.registerValidity) }.max()
    }

    /// Whether the yearly renewal should be asked now (lapsed or lapsing within a month).
    public static func needsRenewal(_ consents: [Consent], now: Date) -> Bool {
        guard let expiry = consentExpiry(consents, now: now) else { return true }
        return expiry.timeIntervalSince(now) < renewalNotice
    }
}
