import Foundation

/// What a health voucher ("bon santé") pays for, at an approved shop of that kind.
public enum VoucherCategory: String, CaseIterable, Codable, Sendable {
    case pharmacy, optician, dentist

    public var label: String {
        switch self {
        case .pharmacy: "Pharmacie"
        case .optician: "Opticien"
        case .dentist: "Dentiste"
        }
    }
}

/// Who may receive vouchers, as the territory decides, read from the person's last screening.
public enum VoucherEligibility: String, CaseIterable, Codable, Sendable {
    /// Eligible to the complémentaire santé solidaire without contribution.
    case css
    /// Likely entitled to the minimum old-age pension.
    case aspa
    /// Likely entitled to the disabled adults' allowance.
    case aah

    public var label: String {
        switch self {
        case .css: "Éligible à la complémentaire santé solidaire sans participation"
        case .aspa: "Droit probable à l'allocation de solidarité aux personnes âgées (ASPA)"
        case .aah: "Droit probable à l'allocation aux adultes handicapés (AAH)"
        }
    }

    public var benefit: Benefit {
        switch self {
        case .css: .css
        case .aspa: .aspa
        case .aah: .aah
        }
    }

    /// Whether a screening says the person meets this rule.
    public func isMet(by screening: ScreeningResult) -> Bool {
        screening.benefits.contains { $0.benefit == benefit && $0.eligible }
    }
}

/// The territory's voucher rule: who, how much, for how long.
public struct VoucherRule: Codable, Sendable, Equatable {
    public var eligibility: VoucherEligibility
    public var valueCents: Int
    public var validityDays: Int

    public init(eligibility: VoucherEligibility, valueCents: Int, validityDays: Int) {
        self.eligibility = eligibility
        self.valueCents = valueCents
        self.validityDays = validityDays
    }

    /// A rule to start from: 30 € for people eligible to the CSS, valid three months.
    public static let standard = VoucherRule(eligibility: .css, valueCents: 3_000, validityDays: 90)

    public func validated() throws(AutourError) -> VoucherRule {
        var errors = FieldErrors()
        if !(100...50_000).contains(valueCents) { errors.add("value", "Une valeur de 1 à 500 €.") }
        if !(1...730).contains(validityDays) { errors.add("validityDays", "Une durée de 1 à 730 jours.") }
        try errors.throwIfAny()
        return self
    }
}

/// The single-use code printed on a voucher. Only its hash is stored: a copy of the database
/// does not let anyone spend the vouchers it lists.
public enum VoucherCode {
    /// Letters and digits a person cannot confuse when reading them aloud (no 0/O, 1/I/L).
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

    /// Twelve characters (about 59 bits), grouped by four: « K7PM-2XQH-9DRT ».
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<12).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }
        return stride(from: 0, to: 12, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// The code as typed by a shop, with case, spaces and dashes ignored; nil when it cannot be one.
    public static func normalized(_ text: String) -> String? {
        let compact = text.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard compact.count == 12, compact.allSatisfy(alphabet.contains) else { return nil }
        return compact
    }

    /// What the database keeps: the digest tokens use. Guessing is hopeless at 59 bits, and a
    /// shop tries codes only while signed in, every attempt audited.
    public static func hash(_ normalized: String) -> String { Tokens.digest(normalized) }
}

/// Why a shop cannot take a code, in words a shopkeeper can repeat to the customer.
public enum VoucherRefusal: String, Sendable {
    case unknown, redeemed, expired, category

    public var message: String {
        switch self {
        case .unknown: "Ce code ne correspond à aucun bon. Vérifiez la saisie."
        case .redeemed: "Ce bon a déjà été utilisé : il ne peut servir qu'une fois."
        case .expired: "Ce bon a expiré : la personne peut s'adresser au CCAS."
        case .category: "Ce bon n'est pas valable dans ce type de commerce."
        }
    }
}
