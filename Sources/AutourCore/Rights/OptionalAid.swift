import Foundation

/// The kinds of optional aid ("aides facultatives") a CCAS decides in commission, each with its
/// own ceiling and yearly budget.
public enum AidKind: String, CaseIterable, Codable, Sendable {
    case food, energy, rentArrears = "rent_arrears", health, transport, school

    public var label: String {
        switch self {
        case .food: "Alimentation"
        case .energy: "Énergie (factures, chauffage)"
        case .rentArrears: "Impayés de loyer"
        case .health: "Santé"
        case .transport: "Transport et mobilité"
        case .school: "Scolarité (cantine, fournitures)"
        }
    }

    /// Who is usually paid directly for this kind of aid, proposed on the payment form.
    public var usualCreditor: String {
        switch self {
        case .food: "Épicerie solidaire"
        case .energy: "Fournisseur d'énergie"
        case .rentArrears: "Bailleur"
        case .health: "Professionnel de santé"
        case .transport: "Réseau de transport"
        case .school: "Établissement scolaire"
        }
    }
}

/// Where an application stands. A postponed one goes back to the next commission's agenda.
public enum AidStatus: String, CaseIterable, Codable, Sendable {
    case submitted, scheduled, granted, refused, postponed

    public var label: String {
        switch self {
        case .submitted: "À inscrire en commission"
        case .scheduled: "Inscrite à une commission"
        case .granted: "Accordée"
        case .refused: "Refusée"
        case .postponed: "Ajournée"
        }
    }

    /// Whether the application may be put on a commission's agenda.
    public var awaitsAgenda: Bool { self == .submitted || self == .postponed }
}

/// What a commission decides on one application.
public enum AidDecision: String, CaseIterable, Codable, Sendable {
    case granted, refused, postponed

    public var status: AidStatus {
        switch self {
        case .granted: .granted
        case .refused: .refused
        case .postponed: .postponed
        }
    }

    public var label: String { status.label }
}

/// Who receives a payment: the person, or a creditor paid directly (an energy supplier, a landlord).
public enum AidPayee: String, CaseIterable, Codable, Sendable {
    case person, creditor

    public var label: String { self == .person ? "La personne" : "Un créancier, payé directement" }
}

/// One band of the territory's grid: households whose daily reste à vivre per consumption unit is
/// at most `upToCents` are proposed `sharePercent` % of what they ask (within the kind's ceiling).
public struct AidGridBand: Codable, Sendable, Equatable {
    public let upToCents: Int
    public let sharePercent: Int

    public init(upToCents: Int, sharePercent: Int) {
        self.upToCents = upToCents
        self.sharePercent = sharePercent
    }
}

/// The reste à vivre ("what is left to live on") and the grid that turns it into a proposal.
///
/// Formula, as the instruction page shows it:
/// - consumption units (the INSEE/OECD scale): 1 for the first person, 0.5 for each other person
///   aged 14 or more, 0.3 for each child under 14;
/// - daily reste à vivre per unit = (monthly resources − monthly charges) ÷ 30 days ÷ units.
///
/// Resources are everything the household receives in a month (wages, benefits, pensions);
/// charges are the fixed ones (rent or loan, energy, water, insurance, debts being repaid). The
/// units are counted in tenths so that the arithmetic stays in integers.
public enum ResteAVivre {
    /// The limits of what a form or the API may declare: a household of at most 20 people, at most
    /// 100 000 € a month of resources or of charges. Within them no product below overflows.
    public static let maxMonthlyCents = 10_000_000
    public static let maxPeople = 20

    public static func unitsTenths(adults: Int, children: Int) -> Int {
        10 + max(adults - 1, 0) * 5 + children * 3
    }

    /// The units as a French reader writes them (« 1,8 »).
    public static func unitsText(_ tenths: Int) -> String {
        tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10),\(tenths % 10)"
    }

    /// In cents per day and unit, rounded down; negative when charges exceed resources.
    public static func dailyPerUnitCents(resourcesCents: Int, chargesCents: Int, unitsTenths: Int) -> Int {
        let left = resourcesCents - chargesCents
        let divisor = 30 * unitsTenths
        // Rounded towards minus infinity: a household is never shown better off than it is.
        let quotient = (left * 10) / divisor
        return (left * 10) % divisor < 0 ? quotient - 1 : quotient
    }
}

/// The territory's grid: bands ordered by their upper limit; above the last band, no proposal.
public struct AidGrid: Codable, Sendable, Equatable {
    public let bands: [AidGridBand]

    public init(bands: [AidGridBand]) {
        self.bands = bands.sorted { $0.upToCents < $1.upToCents }
    }

    /// A starting grid a CCAS adjusts: up to 5 € a day and unit, everything asked; up to 8 €,
    /// three quarters; up to 12 €, half; above, the commission decides without a proposal.
    public static let standard = AidGrid(bands: [
        AidGridBand(upToCents: 500, sharePercent: 100), AidGridBand(upToCents: 800, sharePercent: 75),
        AidGridBand(upToCents: 1200, sharePercent: 50),
    ])

    /// The band a reste à vivre falls in, if any.
    public func band(for dailyCents: Int) -> AidGridBand? { bands.first { dailyCents <= $0.upToCents } }

    /// The amount the grid proposes: the band's share of what is asked, capped by the ceiling;
    /// nil when the household is above the grid.
    public func proposal(dailyCents: Int, requestedCents: Int, ceilingCents: Int) -> Int? {
        guard let band = band(for: dailyCents) else { return nil }
        return min(requestedCents, ceilingCents) * band.sharePercent / 100
    }

    /// Checks a grid a coordinator typed: one to six bands, increasing limits, shares 1–100 %.
    public static func validated(_ bands: [AidGridBand]) throws(AutourError) -> AidGrid {
        guard (1...6).contains(bands.count) else { throw .invalid("La grille compte de une à six tranches.") }
        let grid = AidGrid(bands: bands)
        guard Set(grid.bands.map(\.upToCents)).count == grid.bands.count else {
            throw .invalid("Deux tranches ne peuvent pas avoir la même limite.")
        }
        guard grid.bands.allSatisfy({ (0...100_000).contains($0.upToCents) && (1...100).contains($0.sharePercent) }) else {
            throw .invalid("Chaque tranche a une limite de 0 à 1 000 € par jour et une part de 1 à 100 %.")
        }
        return grid
    }
}

/// What an agent declares when a person applies; checked before anything is computed.
public struct AidApplicationInput: Codable, Sendable, Equatable {
    public var kind: AidKind
    public var requestedCents: Int
    public var reason: String
    public var resourcesCents: Int
    public var chargesCents: Int
    public var adults: Int
    public var children: Int

    public init(kind: AidKind, requestedCents: Int, reason: String, resourcesCents: Int, chargesCents: Int, adults: Int, children: Int) {
        self.kind = kind
        self.requestedCents = requestedCents
        self.reason = reason
        self.resourcesCents = resourcesCents
        self.chargesCents = chargesCents
        self.adults = adults
        self.children = children
    }

    public var unitsTenths: Int { ResteAVivre.unitsTenths(adults: adults, children: children) }

    public var dailyPerUnitCents: Int {
        ResteAVivre.dailyPerUnitCents(resourcesCents: resourcesCents, chargesCents: chargesCents, unitsTenths: unitsTenths)
    }

    /// The input with every number in its range and the reason present, or the fields to fix.
    public func validated() throws(AutourError) -> AidApplicationInput {
        var errors = FieldErrors()
        let euros = "Saisissez un montant en euros"
        if !(100...AidRules.maxAmountCents).contains(requestedCents) { errors.add("requested", "\(euros), de 1 à 100 000 €.") }
        if !(0...ResteAVivre.maxMonthlyCents).contains(resourcesCents) { errors.add("resources", "\(euros) par mois, de 0 à 100 000 €.") }
        if !(0...ResteAVivre.maxMonthlyCents).contains(chargesCents) { errors.add("charges", "\(euros) par mois, de 0 à 100 000 €.") }
        if !(1...ResteAVivre.maxPeople).contains(adults) { errors.add("adults", "De 1 à \(ResteAVivre.maxPeople) personnes de 14 ans ou plus.") }
        if !(0...ResteAVivre.maxPeople).contains(children) { errors.add("children", "De 0 à \(ResteAVivre.maxPeople) enfants de moins de 14 ans.") }
        var input = self
        input.reason = errors.text(reason, 1...2000, field: "reason", label: "Ce que l'aide doit couvrir")
        try errors.throwIfAny()
        return input
    }
}

/// The rules of the workflow that are not about one form.
public enum AidRules {
    /// The largest amount of one application, decision or payment: 100 000 €.
    public static let maxAmountCents = 10_000_000
    /// The largest yearly budget of one kind: 100 million euros.
    public static let maxBudgetCents = 10_000_000_000

    /// A decision's amount and reason checked against the application and the kind's ceiling.
    public static func decide(
        _ decision: AidDecision, amountCents: Int?, reason: String, requestedCents: Int, ceilingCents: Int
    ) throws(AutourError) -> (amount: Int?, reason: String) {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.count > 2000 { throw .invalid("Le motif est trop long.", fields: ["reason": "2 000 caractères au plus."]) }
        switch decision {
        case .granted:
            guard let amountCents, amountCents >= 100 else {
                throw .invalid("Un montant est à corriger.", fields: ["amount": "Saisissez le montant accordé, 1 € au moins."])
            }
            guard amountCents <= ceilingCents else {
                throw .invalid(
                    "Un montant est à corriger.", fields: ["amount": "Le plafond de cette aide est de \(FrenchMoney.text(cents: ceilingCents))."])
            }
            return (amountCents, reason)
        case .refused, .postponed:
            guard !reason.isEmpty else {
                throw .invalid("Un motif est à écrire.", fields: ["reason": "La personne doit savoir pourquoi : écrivez le motif."])
            }
            return (nil, reason)
        }
    }

    /// A payment checked against what was granted and already paid, and what remains of the budget.
    public static func checkPayment(amountCents: Int, grantedCents: Int, paidCents: Int, budgetRemainingCents: Int) throws(AutourError) {
        guard amountCents >= 1 else { throw .invalid("Un montant est à corriger.", fields: ["amount": "Saisissez un montant positif."]) }
        guard amountCents <= grantedCents - paidCents else {
            throw .conflict("Ce paiement dépasse ce qui reste à verser sur l'aide accordée (\(FrenchMoney.text(cents: grantedCents - paidCents))).")
        }
        guard amountCents <= budgetRemainingCents else {
            throw .conflict("Le budget de l'année pour cette aide n'y suffit pas : il reste \(FrenchMoney.text(cents: max(budgetRemainingCents, 0))).")
        }
    }
}

extension NumberInput {
    /// An amount in euros typed in a form (« 1 234,56 », « 80 », « 80.5 ») as cents, within `maxCents`.
    public static func euros(_ text: String, field: String, maxCents: Int) throws(AutourError) -> Int {
        let compact = text.filter { !$0.isWhitespace && $0 != "€" }
        guard let value = decimal(compact, in: 0...Double(maxCents) / 100) else { throw eurosError(field: field, maxCents: maxCents) }
        return try euros(value, field: field, maxCents: maxCents)
    }

    /// An amount in euros sent as a JSON number, as cents: the same limits and message as a form's.
    public static func euros(_ value: Double, field: String, maxCents: Int) throws(AutourError) -> Int {
        guard value >= 0, let cents = FrenchMoney.cents(value), cents <= maxCents else { throw eurosError(field: field, maxCents: maxCents) }
        return cents
    }

    static func eurosError(field: String, maxCents: Int) -> AutourError {
        .invalid("Un montant est à corriger.", fields: [field: "Saisissez un montant en euros de 0 à \(FrenchMoney.text(cents: maxCents, wholeEuros: true))."])
    }
}
