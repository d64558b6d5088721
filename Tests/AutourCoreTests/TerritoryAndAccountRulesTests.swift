import AutourCore
import Foundation
import Testing

@Suite("Territory and account rules")
struct TerritoryAndAccountRulesTests {
    @Test("INSEE codes: five characters, Corsica included", arguments: [
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

    @Test("five failures lock the account for fifteen minutes, then it may try again")
    func lockout() {
        let policy = LockoutPolicy()
        let now = Date(timeIntervalSince1970: 0)
        var failures = 0
        var lockedUntil: Date?
        for _ in 1...4 {
            (failures, lockedUntil) = policy.afterFailure(previousFailures: failures, now: now)
            #expect(lockedUntil == nil)
        }
        (failures, lockedUntil) = policy.afterFailure(previousFailures: failures, now: now)
        #expect(policy.remainingLock(lockedUntil: lockedUntil, now: now) == 900)
        #expect(policy.remainingLock(lockedUntil: lockedUntil, now: now.addingTimeInterval(901)) == nil)
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
}
