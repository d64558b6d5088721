import Foundation

/// The national benefits Autour screens through OpenFisca-France, with the organisation that
/// pays each one and what the person does next. The raw values are the CLI's and the API's keys.
public enum Benefit: String, CaseIterable, Codable, Sendable, Comparable {
    case rsa
    case primeActivite = "prime_activite"
    case aideLogement = "aide_logement"
    case af
    case aspa
    case aah
    /// The complémentaire santé solidaire without contribution: eligible or not, no amount.
    case css

    public var label: String {
        switch self {
        case .rsa: "Revenu de solidarité active (RSA)"
        case .primeActivite: "Prime d'activité"
        case .aideLogement: "Aide au logement (APL, ALF ou ALS)"
        case .af: "Allocations familiales"
        case .aspa: "Allocation de solidarité aux personnes âgées (ASPA)"
        case .aah: "Allocation aux adultes handicapés (AAH)"
        case .css: "Complémentaire santé solidaire gratuite"
        }
    }

    /// A short name for tables and phone screens.
    public var shortLabel: String {
        switch self {
        case .rsa: "RSA"
        case .primeActivite: "Prime d'activité"
        case .aideLogement: "Aide au logement"
        case .af: "Allocations familiales"
        case .aspa: "ASPA"
        case .aah: "AAH"
        case .css: "Complémentaire santé solidaire"
        }
    }

    public var organisation: String {
        switch self {
        case .rsa: "CAF (ou MSA), pour le compte du département"
        case .primeActivite, .aideLogement, .af: "CAF (ou MSA pour le régime agricole)"
        case .aspa: "CARSAT (caisse de retraite ; MSA pour le régime agricole)"
        case .aah: "MDPH, puis versement par la CAF"
        case .css: "CPAM (Assurance maladie)"
        }
    }

    /// What to do next, in plain French: written for the person as much as for the agent.
    public var nextStep: String {
        switch self {
        case .rsa:
            "Faire la demande en ligne sur le site de la CAF, ou la déposer avec l'aide du CCAS, qui peut instruire le dossier. Prévoir les ressources des trois derniers mois."
        case .primeActivite:
            "Faire la simulation puis la demande en ligne sur le site de la CAF ; elle se renouvelle chaque trimestre par une déclaration de ressources."
        case .aideLogement:
            "Faire la demande en ligne à la CAF avec le bail et l'attestation de loyer signée par le propriétaire ou le bailleur."
        case .af:
            "Vérifier que chaque enfant est déclaré à la CAF : les allocations sont versées sans autre démarche dès le deuxième enfant à charge."
        case .aspa:
            "Demander le formulaire à la caisse qui verse la retraite principale (CARSAT ou MSA) ; la mairie ou le CCAS peut aider à le remplir."
        case .aah:
            "Déposer un dossier à la MDPH avec un certificat médical de moins d'un an ; la CAF verse l'allocation une fois le taux reconnu."
        case .css:
            "Faire la demande en ligne sur le compte ameli ou avec le formulaire de la CPAM ; le CCAS peut l'envoyer avec la personne."
        }
    }

    /// Whether OpenFisca answers an amount (a monthly sum) or only eligibility.
    public var isEligibilityOnly: Bool { self == .css }

    public static func < (lhs: Benefit, rhs: Benefit) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One benefit's answer for one household and one month.
public struct BenefitResult: Sendable, Equatable, Codable {
    public let benefit: Benefit
    /// Monthly euros in cents, rounded to the cent as shown; 0 for `css`.
    public let monthlyCents: Int
    /// For `css`: eligible without contribution. For the others: an amount above zero.
    public let eligible: Bool

    public init(benefit: Benefit, monthlyCents: Int, eligible: Bool) {
        self.benefit = benefit
        self.monthlyCents = monthlyCents
        self.eligible = eligible
    }

    public var amountText: String { benefit.isEligibilityOnly ? (eligible ? "Oui" : "Non") : FrenchMoney.text(cents: monthlyCents) }
}

/// A household's screening: every benefit for one month.
public struct ScreeningResult: Sendable, Equatable, Codable {
    public let period: YearMonth
    public let benefits: [BenefitResult]

    public init(period: YearMonth, benefits: [BenefitResult]) {
        self.period = period
        self.benefits = benefits.sorted { $0.benefit < $1.benefit }
    }

    public func result(_ benefit: Benefit) -> BenefitResult? { benefits.first { $0.benefit == benefit } }

    /// The benefits the household likely has a right to.
    public var likely: [BenefitResult] { benefits.filter(\.eligible) }
}

/// A calendar month, the period OpenFisca computes benefits for (`YYYY-MM`).
public struct YearMonth: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (2000...2100).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// `YYYY-MM`, or nil.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 7, parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1])
        else { return nil }
        self.init(year: year, month: month)
    }

    /// The month containing `date` in France.
    public init(containing date: Date) {
        let parts = FrenchTime.calendar.dateComponents([.year, .month], from: date)
        year = parts.year!
        month = parts.month!
    }

    public var description: String { String(format: "%04d-%02d", year, month) }
    public var previous: YearMonth { adding(months: -1) }

    /// The month `months` later (earlier when negative), within the years `YearMonth` accepts.
    public func adding(months: Int) -> YearMonth {
        let index = min(max(year * 12 + month - 1 + months, 2000 * 12), 2100 * 12 + 11)
        return YearMonth(year: index / 12, month: index % 12 + 1)!
    }

    /// « octobre 2026 ».
    public var label: String {
        let names = [
            "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
        ]
        return "\(names[month - 1]) \(year)"
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = YearMonth(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }
}

/// Amounts of money as a French reader writes them.
public enum FrenchMoney {
    /// « 1 234,56 € »; with `wholeEuros`, « 2 € » when there are no cents.
    public static func text(cents: Int, wholeEuros: Bool = false) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let euros = String(magnitude / 100)
        var grouped = ""
        for (index, digit) in euros.enumerated() {
            if index > 0, (euros.count - index) % 3 == 0 { grouped.append("\u{202F}") }
            grouped.append(digit)
        }
        let rest = magnitude % 100
        if wholeEuros && rest == 0 { return "\(sign)\(grouped) €" }
        return "\(sign)\(grouped),\(rest < 10 ? "0" : "")\(rest) €"
    }

    /// Euros as OpenFisca and JSON write them (a `Double`), as cents: rounded half away from zero,
    /// and nil for anything that is not a finite amount under ten million euros, so a broken
    /// answer never traps.
    public static func cents(_ euros: Double) -> Int? {
        guard euros.isFinite, abs(euros) < 10_000_000 else { return nil }
        return Int((euros * 100).rounded())
    }
}
