import AutourCore
import Foundation
import Testing

@Suite("People rules")
struct PeopleRulesTests {
    let territory = Territory(
        id: UUID(), slug: "t", name: "T", communes: ["23096"],
        neighbourhoods: [Neighbourhood(id: UUID(), name: "Écluse", communeCode: "23096")])
    let today = PersonRules.parseDay("2026-11-29")!

    @Test("a valid person is normalised: neighbourhood matched without accents, commune defaulted, e-mail lowercased")
    func normalised() throws {
        let person = try PersonRules.validate(
            PersonInput(
                firstName: " Marie ", lastName: "Dupont", birthDate: "1941-03-02",
                neighbourhood: "ecluse", phone: "05 55 12 34 56", email: "Marie@Ex.fr",
                flags: ["lives_alone"]), territory: territory, today: today)
        #expect(person.firstName == "Marie")
        #expect(person.neighbourhood == "Écluse")
        #expect(person.communeCode == "23096")
        #expect(person.email == "marie@ex.fr")
        #expect(person.flags == [.livesAlone])
    }

    @Test("every problem is reported at once, by field, in French")
    func allProblems() {
        do {
            _ = try PersonRules.validate(
                PersonInput(
                    firstName: "", lastName: " ", birthDate: "2030-01-01", communeCode: "69123",
                    neighbourhood: "Nowhere", phone: "12", email: "x", flags: ["rich"]),
                territory: territory, today: today)
            Issue.record("accepted")
        } catch {
            #expect(Set(error.fields.keys) == ["firstName", "lastName", "birthDate", "communeCode", "neighbourhood", "phone", "email", "flags"])
        }
    }

    @Test("impossible dates are refused", arguments: ["2021-02-29", "1950-13-01", "01/02/1950", "1950-1-1"])
    func badDates(text: String) {
        #expect(PersonRules.parseDay(text) == nil)
    }

    @Test("search text ignores accents, case and punctuation")
    func folding() {
        #expect(SearchText.fold("  Hélène  D'ÉTÉ-Müller ") == "helene d ete muller")
        #expect(SearchText.digits("05.55-12 34 56") == "0555123456")
    }

    @Test("a duplicate is the same name with the same birth date or the same address")
    func duplicates() throws {
        let base = Person(
            id: UUID(), territoryId: territory.id, firstName: "Hélène", lastName: "Martin", birthDate: "1940-01-02",
            address: "3 rue des Lilas", createdAt: today)
        let other = Person(
            id: UUID(), territoryId: territory.id, firstName: "Helene", lastName: "Martin", birthDate: "1955-05-05",
            address: "8 place du Marché", createdAt: today)
        let sameBirth = try PersonRules.validate(
            PersonInput(firstName: "helene", lastName: "MARTIN", birthDate: "1940-01-02"),
            territory: territory, today: today)
        #expect(PersonRules.likelyDuplicates(of: IdentityKey(sameBirth), among: [base, other]).map(\.id) == [base.id])
        let sameAddress = try PersonRules.validate(
            PersonInput(firstName: "Hélène", lastName: "Martin", address: "8, Place du marche"),
            territory: territory, today: today)
        #expect(PersonRules.likelyDuplicates(of: IdentityKey(sameAddress), among: [base, other]).map(\.id) == [other.id])
        let nameOnly = try PersonRules.validate(PersonInput(firstName: "Hélène", lastName: "Martin"), territory: territory, today: today)
        #expect(PersonRules.likelyDuplicates(of: IdentityKey(nameOnly), among: [base, other]).isEmpty)
        #expect(PersonRules.likelyDuplicates(of: IdentityKey(base), among: [base, other]).isEmpty, "a file is not its own duplicate")
    }

    func consent(_ purpose: ConsentPurpose, at: Date, partner: String? = nil, withdrawn: Date? = nil) -> Consent {
        Consent(
            id: UUID(), personId: UUID(), purpose: purpose, partnerName: partner, method: .oral, givenBy: .person,
            givenAt: at, recordedBy: UUID(), withdrawnAt: withdrawn)
    }

    @Test("a heatwave-register consent must be renewed after a year; others last until withdrawn")
    func consentExpiry() {
        let given = today
        let later = today.addingTimeInterval(366 * 86400)
        #expect(ConsentRules.allows([consent(.heatwaveRegister, at: given)], .heatwaveRegister, now: today.addingTimeInterval(86400)))
        #expect(!ConsentRules.allows([consent(.heatwaveRegister, at: given)], .heatwaveRegister, now: later))
        #expect(ConsentRules.allows([consent(.timeBank, at: given)], .timeBank, now: later))
        #expect(!ConsentRules.allows([consent(.timeBank, at: given, withdrawn: today)], .timeBank, now: later))
        #expect(!ConsentRules.allows([consent(.timeBank, at: given)], .statistics, now: later))
    }

    @Test("consent to share with one partner does not cover another")
    func partnerConsent() {
        let consents = [consent(.partnerSharing, at: today, partner: "Secours Populaire")]
        #expect(ConsentRules.allows(consents, .partnerSharing, partner: "secours populaire", now: today))
        #expect(!ConsentRules.allows(consents, .partnerSharing, partner: "Restos du Cœur", now: today))
    }

    @Test("a private note is for its author; a sensitive one for social workers")
    func followUpVisibility() {
        let author = UUID(), territoryId = UUID()
        func note(_ visibility: FollowUpVisibility) -> FollowUp {
            FollowUp(id: UUID(), personId: UUID(), kind: .homeVisit, at: today, authorId: author, summary: "x", visibility: visibility)
        }
        let colleague = Actor(accountId: UUID(), territoryId: territoryId, roles: [.agent])
        let socialWorker = Actor(accountId: UUID(), territoryId: territoryId, roles: [.agent], isSocialWorker: true)
        let me = Actor(accountId: author, territoryId: territoryId, roles: [.agent])
        #expect(FollowUpRules.isVisible(note(.team), to: colleague))
        #expect(!FollowUpRules.isVisible(note(.private), to: colleague))
        #expect(!FollowUpRules.isVisible(note(.private), to: socialWorker))
        #expect(FollowUpRules.isVisible(note(.private), to: me))
        #expect(!FollowUpRules.isVisible(note(.sensitive), to: colleague))
        #expect(FollowUpRules.isVisible(note(.sensitive), to: socialWorker))
    }
}

@Suite("Referral rules")
struct ReferralRulesTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func referral(_ status: ReferralStatus) -> Referral {
        Referral(
            id: UUID(), territoryId: UUID(), personId: UUID(), serviceId: "s", structureId: "x", serviceName: "S",
            structureName: "X", note: "", status: status, reason: nil, createdBy: UUID(), createdAt: start, respondedAt: nil)
    }

    @Test("an unanswered request is chased after 7 days and expires after 15")
    func expiry() {
        let r = referral(.requested)
        #expect(!ReferralRules.needsReminder(r, now: start.addingTimeInterval(6 * 86400)))
        #expect(ReferralRules.needsReminder(r, now: start.addingTimeInterval(8 * 86400)))
        #expect(ReferralRules.effectiveStatus(r, now: start.addingTimeInterval(16 * 86400)) == .expired)
        #expect(ReferralRules.effectiveStatus(referral(.accepted), now: start.addingTimeInterval(60 * 86400)) == .accepted)
    }

    @Test("a partner accepts or refuses a request, then marks an accepted one done; nothing else")
    func transitions() {
        for from in ReferralStatus.allCases {
            for to in ReferralStatus.allCases {
                let allowed = [(ReferralStatus.requested, ReferralStatus.accepted), (.requested, .refused), (.accepted, .done)]
                    .contains { $0 == (from, to) }
                #expect(ReferralRules.canMove(from: from, to: to) == allowed, "\(from) → \(to)")
            }
        }
    }
}

@Suite("Reading consent and follow-up choices")
struct ChoiceParsingTests {
    @Test("unknown consent choices are reported by field; the giver defaults to the person")
    func consent() throws {
        let (purpose, method, giver) = try ConsentRules.parse(purpose: "time_bank", method: "oral", givenBy: nil)
        #expect(purpose == .timeBank && method == .oral && giver == .person)
        do {
            _ = try ConsentRules.parse(purpose: "marketing", method: "fax", givenBy: "neighbour")
            Issue.record("accepted")
        } catch {
            #expect(Set(error.fields.keys) == ["purpose", "method", "givenBy"])
        }
    }

    @Test("a follow-up's visibility defaults to the team; unknown kinds are reported")
    func followUp() throws {
        let (kind, visibility) = try FollowUpRules.parse(kind: "home_visit", visibility: nil)
        #expect(kind == .homeVisit && visibility == .team)
        #expect(throws: AutourError.self) { try FollowUpRules.parse(kind: "party", visibility: "team") }
    }
}

@Suite("French numbers and counts")
struct FrenchTextTests {
    @Test("counts agree with their noun: 0 and 1 singular, then plural; no « (s) »")
    func counts() {
        #expect(FrenchText.count(0, "mission", "missions") == "0 mission")
        #expect(FrenchText.count(1, "mission", "missions") == "1 mission")
        #expect(FrenchText.count(2, "autre session fermée", "autres sessions fermées") == "2 autres sessions fermées")
    }

    @Test("decimals use a comma and drop trailing zeros")
    func decimals() {
        #expect(FrenchText.decimal(0.5) == "0,5")
        #expect(FrenchText.decimal(12) == "12")
        #expect(FrenchText.decimal(3.25, digits: 2) == "3,25")
        #expect(FrenchText.decimal(1234.5) == "1234,5")
    }
}
