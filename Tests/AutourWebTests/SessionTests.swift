import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Login, logout and the home page of each role")
struct SessionTests {
    @Test("each role logs in and lands on a French home page made for that role", arguments: TestBackend.all)
    func homePerRole(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, _ in
            for role in Role.allCases {
                let browser = Browser(client)
                try await browser.logIn(fixtures.a.account(role).email)
                let home = try await browser.get("/")
                #expect(home.status == .ok)
                #expect(home.text.contains(#"<html lang="fr">"#))
                #expect(home.text.components(separatedBy: "<h1").count == 2, "one h1 per page")
                #expect(home.readable.contains("\(role.label) : par où commencer"))
                #expect(home.text.contains("CCAS alpha"))
                for other in Role.allCases where other != role {
                    #expect(!home.readable.contains("\(other.label) : par où commencer"))
                }
                // Every card leads to a working page of its own.
                let cards = home.text.matches(of: /<li class="card">\s*<h3><a href="([^"]+)">/).map { String($0.output.1) }
                #expect(!cards.isEmpty, "\(role): no card")
                #expect(!home.text.contains("Bientôt"), "\(role): a card promises what does not exist")
                for href in cards {
                    let page = try await browser.get(href)
                    #expect(page.status == .ok, "\(role): \(href) answers \(page.status)")
                    #expect(page.text.components(separatedBy: "<h1").count == 2, "\(role): \(href) has no h1 of its own")
                }
            }
        }
    }

    @Test("an anonymous visitor is sent to the login form, and back after logging in", arguments: TestBackend.all)
    func redirectToLogin(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, _ in
            let browser = Browser(client)
            let response = try await browser.get("/admin/comptes")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/login?next=%2Fadmin%2Fcomptes")
            try await browser.get("/login?next=/admin/comptes")
            let login = try await browser.post(
                "/login",
                [
                    ("email", fixtures.a.account(.admin).email), ("password", Fixture.password),
                    ("next", "/admin/comptes"),
                ])
            #expect(login.headers[.location] == "/admin/comptes")
        }
    }

    @Test("the session cookie is HttpOnly and SameSite=Lax, and Secure with the __Host- prefix behind HTTPS", arguments: TestBackend.all)
    func cookieFlags(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, _ in
            let browser = Browser(client)
            browser.headers[.init("X-Forwarded-Proto")!] = "https"
            try await browser.get("/login")
            let response = try await browser.post("/login", [("email", fixtures.a.account(.agent).email), ("password", Fixture.password)])
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("__Host-autour_session=") })
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Domain="))
            #expect(response.headers[values: .setCookie].contains { $0.hasPrefix("__Host-autour_csrf=") } || browser.cookies["__Host-autour_csrf"] != nil)
            #expect(try await browser.get("/").status == .ok, "the prefixed cookie is the one read over HTTPS")
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Secure"))
            #expect(cookie.contains("Max-Age="))
        }
    }

    @Test("a wrong password shows a French message next to the field, and nothing else is revealed", arguments: TestBackend.all)
    func wrongPassword(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, _ in
            let browser = Browser(client)
            try await browser.get("/login")
            let known = try await browser.post("/login", [("email", fixtures.a.account(.agent).email), ("password", "wrong-password")])
            let unknown = try await browser.post("/login", [("email", "nobody@nowhere.test"), ("password", "wrong-password")])
            #expect(known.status == .unprocessableContent)
            #expect(known.text.contains("Adresse e-mail ou mot de passe incorrect."))
            #expect(known.text.contains(#"aria-invalid="true""#))
            #expect(unknown.status == known.status)
            #expect(unknown.text.contains("Adresse e-mail ou mot de passe incorrect."))
            #expect(browser.cookies["autour_session"] == nil)
        }
    }

    @Test(
        "after five failures the account is locked for a while, even with the right password, and says so no more than a wrong password",
        arguments: TestBackend.all)
    func lockout(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, _ in
            let browser = Browser(client)
            let email = fixtures.a.account(.coordinator).email
            try await browser.get("/login")
            for _ in 1...5 { try await browser.post("/login", [("email", email), ("password", "wrong-password")]) }
            let response = try await browser.post("/login", [("email", email), ("password", Fixture.password)])
            let unknown = try await browser.post("/login", [("email", "nobody@nowhere.test"), ("password", Fixture.password)])
            #expect(response.status == .unprocessableContent)
            #expect(browser.cookies["autour_session"] == nil)
            #expect(
                response.readable.replacingOccurrences(of: email, with: "") == unknown.readable.replacingOccurrences(of: "nobody@nowhere.test", with: ""),
                "a locked account's page is the same as an unknown e-mail's")
        }
    }

    @Test("a form posted without its CSRF token is refused and changes nothing", arguments: TestBackend.all)
    func csrf(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            let browser = Browser(client)
            try await browser.logIn(fixtures.a.account(.admin).email)
            try await browser.get("/admin/comptes")
            let forged = try await browser.post(
                "/admin/comptes",
                [
                    ("email", "forged@alpha.test"), ("name", "Forged"),
                    ("role_agent", "on"), ("password", "0123456789"),
                ], csrf: "forged")
            #expect(forged.status == .unprocessableContent)
            #expect(forged.text.contains("Le formulaire a expiré"))
            #expect(try await store.accounts.find(email: "forged@alpha.test") == nil)
        }
    }

    @Test("after logging out, the old session cookie opens nothing", arguments: TestBackend.all)
    func logout(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, _ in
            let browser = Browser(client)
            try await browser.logIn(fixtures.a.account(.agent).email)
            let session = try #require(browser.cookies["autour_session"])
            try await browser.get("/")
            let out = try await browser.post("/logout", [])
            #expect(out.status == .seeOther)
            #expect(browser.cookies["autour_session"] == nil)
            browser.cookies["autour_session"] = session
            #expect(try await browser.get("/").status == .seeOther)
        }
    }
}
