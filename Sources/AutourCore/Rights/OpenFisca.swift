import Foundation

/// How a household's situation is written for OpenFisca-France's `/calculate`, and how its
/// answer is read back. Pure, so that the mapping is tested without the service and the CLI,
/// the pages and the batch all send exactly the same situation.
///
/// The mapping, one line each (OpenFisca's variable names):
/// - each member is an `individu` with `date_naissance`; gross monthly resources become yearly
///   amounts for the month's year and the two before (`salaire_de_base`, `chomage_brut`,
///   `retraite_brute`, `pensions_invalidite`), because housing aid and the CSS look back at past
///   resources; `activite` follows the main resource; a declared disability is `handicap` with
///   `taux_incapacite` 0.8;
/// - one `famille` (applicant and spouse as `parents`, children as `enfants`), one
///   `foyer_fiscal` (children as `personnes_a_charge`), one `menage` with `depcom` (OpenFisca
///   derives the zone from it), `statut_occupation_logement` and `loyer`;
/// - asked for the month: `rsa`, `ppa`, `aide_logement`, `af`, `aspa`, `cmu_c` (the CSS without
///   contribution) on the family, `aah` on each member (summed).
public enum OpenFiscaMapping {
    /// At most this many households in one request: the service answers a batch of this size in
    /// a few seconds and the caseload is cut into such batches.
    public static let batchSize = 1000

    static let familyVariables: [(Benefit, String)] = [
        (.rsa, "rsa"), (.primeActivite, "ppa"), (.aideLogement, "aide_logement"), (.af, "af"), (.aspa, "aspa"), (.css, "cmu_c"),
    ]

    /// One request body for several households, each named by `key` (unique, made of letters,
    /// digits and `_`): entities are `<key>_i0`, `<key>_f`, `<key>_ff`, `<key>_m`.
    public static func request(_ households: [(key: String, situation: HouseholdSituation)], period: YearMonth) -> JSONValue {
        var individus: [String: JSONValue] = [:]
        var familles: [String: JSONValue] = [:]
        var foyers: [String: JSONValue] = [:]
        var menages: [String: JSONValue] = [:]
        let month = period.description
        let years = (period.year - 2...period.year).map(String.init)
        for (key, situation) in households {
            var parents: [JSONValue] = []
            var children: [JSONValue] = []
            var applicant: [JSONValue] = []
            var spouse: [JSONValue] = []
            for (index, member) in situation.members.enumerated() {
                let id = "\(key)_i\(index)"
                var person: [String: JSONValue] = ["date_naissance": ["ETERNITY": .string(member.birthDate)]]
                if member.role != .child {
                    for (kind, variable) in [
                        (IncomeKind.salary, "salaire_de_base"), (.unemployment, "chomage_brut"), (.pension, "retraite_brute"),
                        (.disability, "pensions_invalidite"),
                    ] {
                        let yearly = member.income(kind) * 12
                        guard yearly > 0 || kind == .salary else { continue }
                        person[variable] = .object(Dictionary(uniqueKeysWithValues: years.map { ($0, JSONValue.double(yearly)) }))
                    }
                    person["activite"] = .object([month: .string(activity(member))])
                }
                if member.disabled == true {
                    person["handicap"] = .object([month: .bool(true)])
                    person["taux_incapacite"] = .object([month: .double(0.8)])
                }
                person["aah"] = .object([month: .null])
                individus[id] = .object(person)
                switch member.role {
                case .applicant:
                    parents.append(.string(id))
                    applicant.append(.string(id))
                case .spouse:
                    parents.append(.string(id))
                    spouse.append(.string(id))
                case .child: children.append(.string(id))
                }
            }
            var famille: [String: JSONValue] = ["parents": .array(parents), "enfants": .array(children)]
            for (_, variable) in familyVariables { famille[variable] = .object([month: .null]) }
            familles["\(key)_f"] = .object(famille)
            foyers["\(key)_ff"] = .object(["declarants": .array(parents), "personnes_a_charge": .array(children)])
            var menage: [String: JSONValue] = [
                "personne_de_reference": .array(applicant), "conjoint": .array(spouse), "enfants": .array(children),
                "depcom": .object([month: .string(situation.housing.commune)]),
                "statut_occupation_logement": .object([month: .string(occupancy(situation.housing))]),
            ]
            if situation.housing.status == .tenant, let rent = situation.housing.rent {
                menage["loyer"] = .object([month: .double(rent)])
            }
            menages["\(key)_m"] = .object(menage)
        }
        return .object(["individus": .object(individus), "familles": .object(familles), "foyers_fiscaux": .object(foyers), "menages": .object(menages)])
    }

    /// The entities in the order OpenFisca must read them: the persons first. OpenFisca-France
    /// 176 gives a different housing aid for the same situation when `familles` comes before
    /// `individus` in the JSON (seen: 3 € instead of 6 €), so the order is fixed here and the rest
    /// is written with sorted keys — the same request always gets the same answer.
    static let entityOrder = ["individus", "familles", "foyers_fiscaux", "menages"]

    /// The request body's bytes, in a fixed order.
    public static func encode(_ body: JSONValue) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = Data("{".utf8)
        for (index, entity) in entityOrder.enumerated() {
            if index > 0 { data.append(contentsOf: Array(",".utf8)) }
            data.append(try encoder.encode(entity))
            data.append(contentsOf: Array(":".utf8))
            data.append(try encoder.encode(body[entity] ?? .object([:])))
        }
        data.append(contentsOf: Array("}".utf8))
        return data
    }

    static func activity(_ member: HouseholdMember) -> String {
        if member.income(.salary) > 0 { return "actif" }
        if member.income(.unemployment) > 0 { return "chomeur" }
        if member.income(.pension) > 0 { return "retraite" }
        return "inactif"
    }

    static func occupancy(_ housing: Housing) -> String {
        switch housing.status {
        case .tenant: housing.socialHousing == true ? "locataire_hlm" : "locataire_vide"
        case .owner: "proprietaire"
        case .hosted: "loge_gratuitement"
        case .homeless: "sans_domicile"
        }
    }

    /// Reads each household's benefits from `/calculate`'s answer. A household missing from the
    /// answer, or a value that is not a finite number, makes the whole answer unreadable: a
    /// screening is stored complete or not at all.
    public static func results(
        _ answer: JSONValue, households: [(key: String, situation: HouseholdSituation)], period: YearMonth
    ) throws(AutourError) -> [String: ScreeningResult] {
        let month = period.description
        let broken = AutourError.unreadable("La réponse du service de calcul OpenFisca est incomplète.")
        var results: [String: ScreeningResult] = [:]
        for (key, situation) in households {
            guard let famille = answer["familles"]?["\(key)_f"] else { throw broken }
            var benefits: [BenefitResult] = []
            for (benefit, variable) in familyVariables {
                guard let value = famille[variable]?[month] else { throw broken }
                if benefit == .css {
                    guard case .bool(let eligible) = value else { throw broken }
                    benefits.append(BenefitResult(benefit: .css, monthlyCents: 0, eligible: eligible))
                } else {
                    guard let cents = value.number.flatMap(FrenchMoney.cents) else { throw broken }
                    benefits.append(BenefitResult(benefit: benefit, monthlyCents: cents, eligible: cents > 0))
                }
            }
            var aah = 0.0
            for index in situation.members.indices {
                guard let value = answer["individus"]?["\(key)_i\(index)"]?["aah"]?[month]?.number else { throw broken }
                aah += value
            }
            guard let aahCents = FrenchMoney.cents(aah) else { throw broken }
            benefits.append(BenefitResult(benefit: .aah, monthlyCents: aahCents, eligible: aahCents > 0))
            results[key] = ScreeningResult(period: period, benefits: benefits)
        }
        return results
    }
}

extension JSONValue {
    /// A JSON number, integer or not.
    public var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }
}

/// Non-take-up (« non-recours »): a benefit the household likely has a right to and does not say
/// it receives.
public enum NonTakeUpRules {
    /// Below this monthly amount a benefit is not worth a follow-up: housing aid and the
    /// activity bonus are not paid under about 10 € a month anyway.
    public static let defaultThresholdCents = 1_000

    public static func findings(_ result: ScreeningResult, receives: [Benefit], thresholdCents: Int = defaultThresholdCents) -> [BenefitResult] {
        result.benefits.filter { item in
            guard !receives.contains(item.benefit), item.eligible else { return false }
            return item.benefit.isEligibilityOnly || item.monthlyCents >= thresholdCents
        }
    }
}
