import AutourCore
import Foundation
import Testing

@Suite("Rights rules: situations, the OpenFisca mapping, non-take-up")
struct RightsRulesTests {
    static let october = YearMonth("2026-10")!
    static let today = Date(timeIntervalSince1970: 1_795_000_000)  // November 2026

    static let family = HouseholdSituation(
        members: [
            HouseholdMember(role: .applicant, birthDate: "1988-06-01", monthlyIncome: [.salary: 912]),
            HouseholdMember(role: .spouse, birthDate: "1990-01-01", monthlyIncome: [.unemployment: 700], disabled: true),
            HouseholdMember(role: .child, birthDate: "2019-04-10"),
        ],
        housing: Housing(status: .tenant, rent: 550, commune: "69383", socialHousing: true), receives: [.af])

    @Test("a household becomes one family, one tax household and one dwelling, resources spread over the month's year and the two before")
    func mapping() throws {
        let body = OpenFiscaMapping.request([("k", Self.family)], period: Self.october)
        let applicant = try #require(body["individus"]?["k_i0"])
        #expect(applicant["salaire_de_base"]?["2024"] == .double(10_944) && applicant["salaire_de_base"]?["2026"] == .double(10_944))
        #expect(applicant["activite"]?["2026-10"] == .string("actif"))
        let spouse = try #require(body["individus"]?["k_i1"])
        #expect(spouse["chomage_brut"]?["2025"] == .double(8_400) && spouse["activite"]?["2026-10"] == .string("chomeur"))
        #expect(spouse["handicap"]?["2026-10"] == .bool(true) && spouse["taux_incapacite"]?["2026-10"] == .double(0.8))
        #expect(body["individus"]?["k_i2"]?["activite"] == nil, "a child has no activity")
        #expect(body["familles"]?["k_f"]?["parents"] == .array(["k_i0", "k_i1"]) && body["familles"]?["k_f"]?["enfants"] == .array(["k_i2"]))
        #expect(body["foyers_fiscaux"]?["k_ff"]?["personnes_a_charge"] == .array(["k_i2"]))
        let dwelling = try #require(body["menages"]?["k_m"])
        #expect(dwelling["statut_occupation_logement"]?["2026-10"] == .string("locataire_hlm"))
        #expect(dwelling["loyer"]?["2026-10"] == .double(550) && dwelling["depcom"]?["2026-10"] == .string("69383"))
        #expect(dwelling["conjoint"] == .array(["k_i1"]))
        var owner = Self.family
        owner.housing = Housing(status: .owner, rent: 400, commune: "23096")
        let owned = OpenFiscaMapping.request([("o", owner)], period: Self.october)["menages"]?["o_m"]
        #expect(owned?["statut_occupation_logement"]?["2026-10"] == .string("proprietaire") && owned?["loyer"] == nil)
    }

    @Test("the request is written persons first and in a fixed order, since OpenFisca's answer depends on the order it reads")
    func order() throws {
        let body = OpenFiscaMapping.request([("b", Self.family), ("a", Self.family)], period: Self.october)
        let text = String(decoding: try OpenFiscaMapping.encode(body), as: UTF8.self)
        #expect(text.hasPrefix(#"{"individus":{"a_i0":"#))
        let positions = ["\"individus\"", "\"familles\"", "\"foyers_fiscaux\"", "\"menages\""].map { try? #require(text.range(of: $0)).lowerBound }
        #expect(positions == positions.sorted { ($0 ?? text.endIndex) < ($1 ?? text.endIndex) } && !positions.contains(nil))
        #expect(try OpenFiscaMapping.encode(body) == OpenFiscaMapping.encode(body))
    }

    static func answer(rsa: JSONValue = .double(573.4872), ppa: JSONValue = .double(432.07755), aah: [JSONValue] = [.double(0), .double(100.5), .int(0)])
        -> JSONValue
    {
        let family: JSONValue = .object([
            "rsa": ["2026-10": rsa], "ppa": ["2026-10": ppa], "aide_logement": ["2026-10": .double(449)], "af": ["2026-10": .int(0)],
            "aspa": ["2026-10": .double(0)], "cmu_c": ["2026-10": .bool(true)],
        ])
        var individus: [String: JSONValue] = [:]
        for (index, value) in aah.enumerated() { individus["k_i\(index)"] = .object(["aah": ["2026-10": value]]) }
        return .object(["familles": .object(["k_f": family]), "individus": .object(individus)])
    }

    @Test("OpenFisca's answer is read to the cent, rounding half away from zero, the AAH summed over the members")
    func results() throws {
        let result = try #require(try OpenFiscaMapping.results(Self.answer(), households: [("k", Self.family)], period: Self.october)["k"])
        #expect(result.result(.rsa)?.monthlyCents == 57_349)
        #expect(result.result(.primeActivite)?.monthlyCents == 43_208)
        #expect(result.result(.aah)?.monthlyCents == 10_050)
        #expect(result.result(.af)?.eligible == false && result.result(.css)?.eligible == true)
        #expect(result.benefits.map(\.benefit) == Benefit.allCases)
    }

    @Test("an answer missing a household, a value or holding an absurd number is refused whole, never trapped on")
    func brokenAnswers() {
        #expect(throws: AutourError.self) { try OpenFiscaMapping.results(Self.answer(), households: [("other", Self.family)], period: Self.october) }
        #expect(throws: AutourError.self) {
            try OpenFiscaMapping.results(Self.answer(rsa: .string("x")), households: [("k", Self.family)], period: Self.october)
        }
        #expect(throws: AutourError.self) {
            try OpenFiscaMapping.results(Self.answer(ppa: .double(1e300)), households: [("k", Self.family)], period: Self.october)
        }
        #expect(throws: AutourError.self) {
            try OpenFiscaMapping.results(Self.answer(aah: [.double(0)]), households: [("k", Self.family)], period: Self.october)
        }
        #expect(FrenchMoney.cents(.nan) == nil && FrenchMoney.cents(.infinity) == nil && FrenchMoney.cents(-0.005) == -1)
    }

    @Test("a likely benefit of at least 10 € a month that the household does not say it receives is a finding; the CSS counts without an amount")
    func nonTakeUp() {
        let result = ScreeningResult(
            period: Self.october,
            benefits: [
                BenefitResult(benefit: .rsa, monthlyCents: 57_349, eligible: true), BenefitResult(benefit: .primeActivite, monthlyCents: 999, eligible: true),
                BenefitResult(benefit: .af, monthlyCents: 15_301, eligible: true), BenefitResult(benefit: .css, monthlyCents: 0, eligible: true),
                BenefitResult(benefit: .aspa, monthlyCents: 0, eligible: false),
            ])
        #expect(NonTakeUpRules.findings(result, receives: [.af]).map(\.benefit) == [.rsa, .css])
        #expect(NonTakeUpRules.findings(result, receives: [.rsa, .af, .css]).isEmpty)
        #expect(NonTakeUpRules.findings(result, receives: [], thresholdCents: 900).map(\.benefit) == [.rsa, .primeActivite, .af, .css])
    }

    @Test("a situation is checked whole: one applicant, one spouse at most, past birth dates, bounded amounts, a commune code")
    func validation() throws {
        var bad = Self.family
        bad.members.append(HouseholdMember(role: .applicant, birthDate: "2030-01-01", monthlyIncome: [.salary: .nan, .pension: -1]))
        bad.housing.rent = .infinity
        bad.housing.commune = "6938"
        do {
            _ = try SituationRules.validate(bad, today: Self.today)
            Issue.record("accepted")
        } catch {
            #expect(Set(error.fields.keys) == ["members", "members.3.birthDate", "members.3.salary", "members.3.pension", "rent", "commune"])
        }
        #expect(throws: AutourError.self) {
            try SituationRules.validate(
                HouseholdSituation(members: [HouseholdMember(role: .applicant, birthDate: "1990-02-30")], housing: Housing(status: .owner, commune: "2A004")),
                today: Self.today)
        }
        var owner = Self.family
        owner.housing = Housing(status: .hosted, rent: 300, commune: "2B033", socialHousing: true)
        owner.receives = [.css, .af, .css]
        let checked = try SituationRules.validate(owner, today: Self.today)
        #expect(checked.housing.rent == nil && checked.housing.socialHousing == nil, "only a tenant pays a rent")
        #expect(checked.receives == [.af, .css])
    }

    @Test("the CLI's household JSON is read as written, an unknown kind of income is refused, and written back with every kind")
    func json() throws {
        let text =
            #"{"members": [{"role": "applicant", "birthDate": "1991-03-15", "monthlyIncome": {"salary": 0, "pension": 12.5}}], "housing": {"status": "tenant", "rent": 450, "commune": "69383"}}"#
        let situation = try JSONDecoder().decode(HouseholdSituation.self, from: Data(text.utf8))
        #expect(situation.receives.isEmpty && situation.members[0].income(.pension) == 12.5 && situation.housing.rent == 450)
        let again = try JSONDecoder().decode(HouseholdSituation.self, from: try JSONEncoder().encode(situation))
        #expect(again == situation)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(HouseholdSituation.self, from: Data(text.replacingOccurrences(of: "pension", with: "rente").utf8))
        }
    }

    @Test("months and amounts read as a French reader writes them")
    func french() {
        #expect(YearMonth("2026-1") == nil && YearMonth("2026-13") == nil && YearMonth("abcd-ef") == nil)
        #expect(YearMonth("2026-01")?.previous.description == "2025-12" && YearMonth("2026-10")?.label == "octobre 2026")
        #expect(FindingRules.quietSince(YearMonth("2026-03")!).description == "2025-10" && YearMonth("2100-12")!.adding(months: 5).description == "2100-12")
        #expect(FrenchMoney.text(cents: 123_456_789) == "1\u{202F}234\u{202F}567,89 €")
        #expect(FrenchMoney.text(cents: 57_349) == "573,49 €" && FrenchMoney.text(cents: -5) == "-0,05 €")
        #expect(FrenchMoney.text(cents: 200, wholeEuros: true) == "2 €" && FrenchMoney.text(cents: 250, wholeEuros: true) == "2,50 €")
        #expect(SituationRules.age(birthDate: "1954-02-01", at: Self.october) == 72 && SituationRules.age(birthDate: "2016-10-15", at: Self.october) == 9)
    }
}

@Suite("Optional aid rules: reste à vivre, the grid, decisions and payments")
struct AidRulesTests {
    @Test("the reste à vivre counts consumption units on the INSEE scale and never shows a household better off than it is")
    func resteAVivre() {
        #expect(ResteAVivre.unitsTenths(adults: 1, children: 0) == 10)
        #expect(ResteAVivre.unitsTenths(adults: 2, children: 2) == 21, "1 + 0,5 + 2 × 0,3")
        #expect(ResteAVivre.unitsText(21) == "2,1" && ResteAVivre.unitsText(20) == "2")
        // (950 − 660) ÷ 30 ÷ 1,3 = 7,435… € → 7,43 €.
        #expect(ResteAVivre.dailyPerUnitCents(resourcesCents: 95_000, chargesCents: 66_000, unitsTenths: 13) == 743)
        // Charges above resources: −100 € ÷ 30 = −3,333… € → −3,34 €, rounded down.
        #expect(ResteAVivre.dailyPerUnitCents(resourcesCents: 0, chargesCents: 10_000, unitsTenths: 10) == -334)
        // The largest declared amounts and household stay far from overflow.
        #expect(ResteAVivre.dailyPerUnitCents(resourcesCents: ResteAVivre.maxMonthlyCents, chargesCents: 0, unitsTenths: 10) == 333_333)
    }

    @Test("the grid proposes its band's share of what is asked within the ceiling, and nothing above its last band")
    func grid() throws {
        let grid = AidGrid.standard
        #expect(grid.proposal(dailyCents: 400, requestedCents: 20_000, ceilingCents: 30_000) == 20_000)
        #expect(grid.proposal(dailyCents: 743, requestedCents: 38_000, ceilingCents: 50_000) == 28_500)
        #expect(grid.proposal(dailyCents: 1_000, requestedCents: 80_000, ceilingCents: 30_000) == 15_000, "half of the ceiling, not of the request")
        #expect(grid.proposal(dailyCents: 1_201, requestedCents: 10_000, ceilingCents: 30_000) == nil)
        #expect(throws: AutourError.self) { try AidGrid.validated([AidGridBand(upToCents: 500, sharePercent: 120)]) }
        #expect(throws: AutourError.self) {
            try AidGrid.validated([AidGridBand(upToCents: 500, sharePercent: 50), AidGridBand(upToCents: 500, sharePercent: 20)])
        }
        #expect(
            try AidGrid.validated([AidGridBand(upToCents: 900, sharePercent: 50), AidGridBand(upToCents: 300, sharePercent: 100)]).bands.first?.upToCents == 300
        )
    }

    @Test("typed euros become cents through one checked path, and decisions and payments keep to their limits")
    func amounts() throws {
        #expect(try NumberInput.euros("1 234,56", field: "a", maxCents: 1_000_000) == 123_456)
        #expect(try NumberInput.euros("80 €", field: "a", maxCents: 1_000_000) == 8_000)
        #expect(try NumberInput.euros("0.5", field: "a", maxCents: 1_000_000) == 50)
        for bad in ["", "abc", "-1", "1e400", "nan", "99999999999999999999", "10000,01"] {
            #expect(throws: AutourError.self, "\(bad)") { try NumberInput.euros(bad, field: "a", maxCents: 1_000_000) }
        }
        #expect(throws: AutourError.self) { try AidRules.decide(.granted, amountCents: 60_000, reason: "", requestedCents: 60_000, ceilingCents: 50_000) }
        #expect(throws: AutourError.self) { try AidRules.decide(.postponed, amountCents: nil, reason: "  ", requestedCents: 100, ceilingCents: 500) }
        #expect(try AidRules.decide(.refused, amountCents: 999, reason: " FSL ", requestedCents: 100, ceilingCents: 500) == (nil, "FSL"))
        #expect(throws: AutourError.self) { try AidRules.checkPayment(amountCents: 150, grantedCents: 300, paidCents: 200, budgetRemainingCents: 10_000) }
        #expect(throws: AutourError.self) { try AidRules.checkPayment(amountCents: 100, grantedCents: 300, paidCents: 0, budgetRemainingCents: 99) }
        try AidRules.checkPayment(amountCents: 100, grantedCents: 300, paidCents: 200, budgetRemainingCents: 100)
    }
}

@Suite("Health voucher rules: codes, eligibility")
struct VoucherRulesTests {
    @Test("a code is twelve unambiguous characters in three groups, typed back in any case and spacing, and stored as a hash")
    func codes() throws {
        let codes = (0..<200).map { _ in VoucherCode.generate() }
        #expect(Set(codes).count == 200)
        for code in codes {
            #expect(code.count == 14 && code.split(separator: "-").map(\.count) == [4, 4, 4])
            #expect(!code.contains(where: { "01OIL".contains($0) }), "no character to misread aloud")
            let typed = code.lowercased().replacingOccurrences(of: "-", with: " ")
            #expect(VoucherCode.normalized(typed) == code.replacingOccurrences(of: "-", with: ""))
        }
        #expect(VoucherCode.normalized("K7PM-2XQH-9DR") == nil && VoucherCode.normalized("K7PM-2XQH-9DR0") == nil)
        let hash = VoucherCode.hash("K7PM2XQH9DRT")
        #expect(hash.count == 64 && !hash.contains("K7PM"))
    }

    @Test("the rule is read from the last screening, and its value and validity stay in range")
    func rule() {
        let screening = ScreeningResult(
            period: YearMonth("2026-10")!,
            benefits: [BenefitResult(benefit: .css, monthlyCents: 0, eligible: true), BenefitResult(benefit: .aspa, monthlyCents: 0, eligible: false)])
        #expect(VoucherEligibility.css.isMet(by: screening) && !VoucherEligibility.aspa.isMet(by: screening))
        #expect(throws: AutourError.self) { try VoucherRule(eligibility: .css, valueCents: 0, validityDays: 90).validated() }
        #expect(throws: AutourError.self) { try VoucherRule(eligibility: .css, valueCents: 3_000, validityDays: 10_000).validated() }
    }
}
