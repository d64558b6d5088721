import Foundation

/// Why the CCAS may use a person's data. Every module checks its purpose before using it.
public enum ConsentPurpose: String, CaseIterable, Codable, Sendable {
    case heatwaveRegister = "heatwave_register"
    case timeBank = "time_bank"
    case radarFollowUp = "radar_follow_up"
    case partnerSharing = "partner_sharing"
    case statistics

    public var label: String {
        switch self {
        case .heatwaveRegister: "Registre canicule et grand froid"
        case .timeBank: "Banque de temps"
        case .radarFollowUp: "Suivi après un signalement"
        case .partnerSharing: "Partage avec un partenaire nommé"
        case .statistics: "Statistiques anonymes"
        }
    }
}

public enum ConsentMethod: String, CaseIterable, Codable, Sendable {
    case paper, oral, online
    public var label: String {
        switch self {
        case .paper: "Formulaire papier signé"
        case .oral: "Accord oral"
        case .online: "En ligne"
        }
    }
}

public enum ConsentGiver: String, CaseIterable, Codable, Sendable {
    case person, relative
    case legalRepresentative = "legal_representative"
    public var label: String {
        switch self {
        case .person: "La personne elle-même"
        case .relative: "Un proche"
        case .legalRepresentative: "Son représentant légal"
        }
    }
}

public struct Consent: Sendable, Equatable, Codable {
    public let id: UUID
    public let personId: UUID
    public let purpose: ConsentPurpose
    /// For `partnerSharing`: the partner the person agreed to share with.
    public let partnerName: String?
    public let method: ConsentMethod
    public let givenBy: ConsentGiver
    public let givenAt: Date
    public let recordedBy: UUID
    public var withdrawnAt: Date?

    public init(
        id: UUID, personId: UUID, purpose: ConsentPurpose, partnerName: String?, method: ConsentMethod,
        givenBy: ConsentGiver, givenAt: Date, recordedBy: UUID, withdrawnAt: Date?
    ) {
        self.id = id
        self.personId = personId
        self.purpose = purpose
        self.partnerName = partnerName
        self.method = method
        self.givenBy = givenBy
        self.givenAt = givenAt
        self.recordedBy = recordedBy
        self.withdrawnAt = withdrawnAt
    }
}

public enum ConsentRules {
    /// The heatwave register asks for consent again every year.
    public static let registerValidity: TimeInterval = 365 * 86400

    /// Whether the consent still holds at `now`.
    public static func isActive(_ consent: Consent, now: Date) -> Bool {
        guard consent.withdrawnAt == nil, consent.givenAt <= now else { return false }
        if consent.purpose == .heatwaveRegister { return now.timeIntervalSince(consent.givenAt) < registerValidity }
        return true
    }

    /// Whether the person currently agrees to `purpose` (with `partner` for sharing).
    public static func allows(_ consents: [Consent], _ purpose: ConsentPurpose, partner: String? = nil, now: Date) -> Bool {
        consents.contains { consent in
            consent.purpose == purpose && isActive(consent, now: now)
                && (purpose != .partnerSharing || SearchText.fold(consent.partnerName ?? "") == SearchText.fold(partner ?? ""))
        }
    }
}

extension ConsentRules {
    /// Reads the three choices of a consent as a form or a JSON body gives them; every unknown
    /// value is reported by field. Shared by the pages and the API so they accept the same things.
    public static func parse(purpose: String, method: String, givenBy: String?) throws(AutourError)
        -> (ConsentPurpose, ConsentMethod, ConsentGiver)
    {
        var errors = FieldErrors()
        let purpose = ConsentPurpose(rawValue: purpose), method = ConsentMethod(rawValue: method)
        let giver = ConsentGiver(rawValue: givenBy ?? ConsentGiver.person.rawValue)
        if purpose == nil { errors.add("purpose", "Finalité inconnue.") }
        if method == nil { errors.add("method", "Mode de recueil inconnu.") }
        if giver == nil { errors.add("givenBy", "Valeur inconnue.") }
        try errors.throwIfAny("Le consentement ne peut pas être enregistré.")
        return (purpose!, method!, giver!)
    }
}
