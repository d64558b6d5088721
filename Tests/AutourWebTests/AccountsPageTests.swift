import AutourCore
import AutourStore
import AutourTesting
import AutourWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The accounts page")
struct AccountsPageTests {
    @Test("an admin creates an account with the form, then that person logs in", arguments: TestBackend.all)
    func createThroughForm(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, _ in
            let admin = Browser(client)
            try await admin.logIn(fixtures.a.account(.admin).email)
            try await admin.get("/admin/comptes")
            let created = try await admin.post(
                "/admin/comptes",
                [
                    ("email", "lea@alpha.test"), ("name", "Léa Martin"),
                    ("role_watcher", "on"), ("password", "un-mot-de-passe"),
                ])
            #expect(created.status == .seeOther)
            let page = try await admin.get(try #require(created.headers[.location]))
            #expect(page.text.contains("lea@alpha.test a été créé"))
            #expect(page.text.contains("Léa Martin"))
            let lea = Browser(client)
            try await lea.logIn("lea@alpha.test", password: "un-mot-de-passe")
            #expect(try await lea.get("/").text.contains("Veilleur·se : par où commencer"))
        }
    }

    @Test("errors are shown in French next to their field, and what was typed is kept", arguments: TestBackend.all)
    func errorsNextToFields(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, _ in
            let admin = Browser(client)
            try await admin.logIn(fixtures.a.account(.admin).email)
            try await admin.get("/admin/comptes")
            let response = try await admin.post("/admin/comptes", [("email", "pas-une-adresse"), ("name", "Léa"), ("password", "court")])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains(#"<p class="field-error" id="email-error">Adresse e-mail invalide.</p>"#))
            #expect(response.text.contains(#"id="roles-error">Cochez au moins un rôle."#))
            #expect(response.text.contains(#"id="password-error">"#))
            #expect(response.text.contains(#"value="pas-une-adresse""#))
        }
    }

    @Test("stored text is escaped in pages", arguments: TestBackend.all)
    func escaping(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, store in
            _ = try await store.accounts.create(
                territoryId: fixtures.a.territory.id, email: "x@alpha.test",
                name: "<script>alert(1)</script>", roles: [.agent], password: "0123456789")
            let admin = Browser(client)
            try await admin.logIn(fixtures.a.account(.admin).email)
            let page = try await admin.get("/admin/comptes")
            #expect(!page.text.contains("<script>alert(1)</script>"))
            #expect(page.text.contains("&lt;script&gt;"))
        }
    }

    @Test("only an admin reaches the accounts page; others get a French 403 page", arguments: TestBackend.all)
    func onlyAdmins(backend: TestBackend) async throws {
        try await withApp(backend, seed: TwoTerritories.make) { fixtures, client, _ in
            let agent = Browser(client)
            try await agent.logIn(fixtures.a.account(.agent).email)
            let response = try await agent.get("/admin/comptes")
            #expect(response.status == .forbidden)
            #expect(response.text.contains("Accès refusé"))
            #expect(!(try await agent.get("/").text.contains("/admin/comptes")))
        }
    }
}
