import AutourCore
import Foundation
import Testing

@Suite("Territory and account rules")
struct TerritoryAndAccountRulesTests {
    @Test(
        "INSEE codes: five characters, Corsica included",
        arguments: [
            ("69256", true), ("2A004", true), ("2B033", true), ("6925", false), ("692566", false), ("AB123", false), ("69 25", false),
        ])
    func communeCodes(code: String, valid: Bool) {
        #expect(TerritoryRules.isCommuneCode(code) == valid)
    }

    @Test("a commune list is split, normalised, deduplicated, and a bad code is named")
    func communeList() throws {
        #expect(try TerritoryRules.parseCommunes(" 69256, 69266,69256 ") == ["69256", "69266"])
        do {
            _ = try TerritoryRules.parseCommunes("69256,lyon")
            Issue.record("accepted")
        } catch {
            #expect(error.message.contains("LYON"))
        }
    }

    @Test("slugs are lowercase words joined by dashes")
    func slugs() {
        #expect(TerritoryRules.validateSlug("ccas-gueret") == nil)
        #expect(TerritoryRules.validateSlug("CCAS") != nil)
        #expect(TerritoryRules.validateSlug("-x") != nil)
        #expect(TerritoryRules.validateSlug("a b") != nil)
    }

    @Test("a new account needs a plausible e-mail, a name, a role and a password of 10 characters")
    func newAccount() {
        #expect(throws: Never.self) { try AccountRules.validateNewAccount(email: "a@b.fr", name: "A", password: "0123456789", roles: [.agent]) }
        do {
            try AccountRules.validateNewAccount(email: "not-an-email", name: " ", password: "short", roles: [])
            Issue.record("accepted")
        } catch {
            #expect(Set(error.fields.keys) == ["email", "name", "password", "roles"])
        }
    }

    @Test("the demo territory is the same for the same seed, different for another, one account per role")
    func demo() {
        let a = DemoTerritory(seed: 7), b = DemoTerritory(seed: 7), c = DemoTerritory(seed: 8)
        #expect(a.accounts == b.accounts)
        #expect(a.accounts.map(\.name) != c.accounts.map(\.name))
        #expect(Set(a.accounts.flatMap(\.roles)) == Set(Role.allCases))
        #expect((5...8).contains(a.neighbourhoods.count))
        #expect(TerritoryRules.isCommuneCode(DemoTerritory.communeCode))
    }

    @Test("CSRF signatures depend on both the message and the secret")
    func signatures() {
        let s = String(repeating: "k", count: 40)
        #expect(Tokens.sign("a", secret: s) == Tokens.sign("a", secret: s))
        #expect(Tokens.sign("a", secret: s) != Tokens.sign("b", secret: s))
        #expect(Tokens.sign("a", secret: s) != Tokens.sign("a", secret: s + "x"))
        #expect(Tokens.generate() != Tokens.generate())
    }
}

@Suite("After login")
struct LoginRedirectTests {
    @Test("the login only ever sends the browser to a local page")
    func noOpenRedirect() {
        #expect(LoginRedirect.safeTarget("https://evil.example/") == "/")
        #expect(LoginRedirect.safeTarget("//evil.example/") == "/")
        #expect(LoginRedirect.safeTarget("/\\evil.example") == "/")
        #expect(LoginRedirect.safeTarget(nil) == "/")
        #expect(LoginRedirect.safeTarget("/admin/comptes") == "/admin/comptes")
    }

    @Test(
        "a tab, a newline, a space or a backslash cannot turn the target into another host",
        arguments: [
            "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/ /evil.example", "\\/evil.example",
            "/\u{0}/evil.example", "/\u{2028}/evil.example", "/%0a/\\evil", "///evil.example", " /personnes",
        ])
    func controlCharacters(target: String) {
        #expect(LoginRedirect.safeTarget(target) == "/")
    }

    @Test("a path with its query string survives")
    func pathWithQuery() {
        #expect(LoginRedirect.safeTarget("/personnes?q=Martin%20Dupont&x=1") == "/personnes?q=Martin%20Dupont&x=1")
    }
}

@Suite("Numbers from forms, query strings and JSON")
struct NumberInputTests {
    @Test(
        "extreme or unreadable text is refused with a French message naming the field, never a trap",
        arguments: [
            "9223372036854775807", "-9223372036854775808", "99999999999999999999999", "nan", "inf", "-inf", "1e300",
            "", "abc", "1,5", "0x10", " ",
        ])
    func refusesExtremes(text: String) {
        #expect(throws: AutourError.invalid("Un nombre est à corriger.", fields: ["hours": "Saisissez un nombre entier de 0 à 24 h."])) {
            try NumberInput.integer(text, field: "hours", in: 0...24, unit: "h")
        }
    }

    @Test("a number within the field's range is read, with surrounding spaces")
    func readsInRange() throws {
        #expect(try NumberInput.integer(" 12 ", field: "hours", in: 0...24) == 12)
        #expect(try NumberInput.optionalInteger("", field: "weekday", in: 1...7) == nil)
        #expect(NumberInput.decimal("1,5", in: 0...80) == 1.5)
    }

    @Test("decimals refuse NaN, infinities and huge values", arguments: ["nan", "inf", "-inf", "1e300", "-1e300", "81"])
    func decimalsRefuseNonFinite(text: String) {
        #expect(NumberInput.decimal(text, in: 0...80) == nil)
        #expect(throws: AutourError.self) { try NumberInput.hoursAsMinutes(text, field: "capHours", maxHours: 80) }
    }

    @Test("hours and minutes typed apart make a bounded duration; each part out of range names its field")
    func duration() throws {
        #expect(try NumberInput.duration(hours: "1", minutes: "30", maxMinutes: 1440) == 90)
        #expect(try NumberInput.duration(hours: "", minutes: "45", maxMinutes: 1440) == 45)
        #expect(throws: AutourError.invalid("Un nombre est à corriger.", fields: ["hours": "Saisissez un nombre entier de 0 à 24 h."])) {
            try NumberInput.duration(hours: "9223372036854775807", minutes: "0", maxMinutes: 1440)
        }
        #expect(throws: AutourError.self) { try NumberInput.duration(hours: "0", minutes: "-9223372036854775808", maxMinutes: 1440) }
    }

    @Test("a ledger line of Int.min is refused, not a crash")
    func ledgerIntMin() {
        let a = UUID(), b = UUID()
        #expect(throws: AutourError.self) {
            try LedgerRules.validate([LedgerEntry(accountId: a, minutes: Int.min), LedgerEntry(accountId: b, minutes: Int.max)])
        }
    }
}
