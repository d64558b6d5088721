import AutourCore
import AutourStore
import AutourTesting
import Foundation
import Testing

@Suite("Person search through the trigram index")
struct PersonSearchTests {
    func add(_ store: Store, _ fixture: Fixture, _ input: PersonInput) async throws -> Person {
        let valid = try PersonRules.validate(input, territory: fixture.territory, today: Date())
        return try await store.people.create(valid, territoryId: fixture.territory.id, actor: fixture.account(.agent).actor)
    }

    func names(_ store: Store, _ fixture: Fixture, _ query: String) async throws -> [String] {
        try await store.people.search(query, territoryId: fixture.territory.id).map(\.lastName)
    }

    @Test("a search finds a file by any part of its name, address or phone, and follows renames, erasure and merges", arguments: TestBackend.all)
    func followsTheFiles(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let fixture = try await Fixture.make(store, slug: "search")
            let other = try await Fixture.make(store, slug: "search-other")
            let lamarque = try await add(
                store, fixture, PersonInput(firstName: "Hélène", lastName: "Lamarque", address: "4 rue de l'Écluse", phone: "05 55 12 34 56"))
            _ = try await add(store, fixture, PersonInput(firstName: "Tam", lastName: "Ly"))
            _ = try await add(store, fixture, PersonInput(firstName: "Kelly", lastName: "Martin"))
            _ = try await add(store, other, PersonInput(firstName: "Marc", lastName: "Lamarque"))

            #expect(try await names(store, fixture, "mar") == ["Lamarque", "Martin"], "three letters: anywhere, this territory only")
            #expect(try await names(store, fixture, "ECLUSE") == ["Lamarque"], "accents and case do not matter")
            #expect(try await names(store, fixture, "12 34") == ["Lamarque"], "phone digits")
            #expect(try await names(store, fixture, "ly") == ["Ly"], "two letters: the start of a word (not Kelly)")
            #expect(try await names(store, fixture, "l").isEmpty)

            let renamed = try PersonRules.validate(
                PersonInput(firstName: "Hélène", lastName: "Perrin", address: "4 rue de l'Écluse"), territory: fixture.territory, today: Date())
            _ = try await store.people.update(id: lamarque.id, with: renamed, actor: fixture.account(.agent).actor)
            #expect(try await names(store, fixture, "lamarq").isEmpty, "the old name is gone from the index")
            #expect(try await names(store, fixture, "perr") == ["Perrin"])

            let twin = try await add(store, fixture, PersonInput(firstName: "Helene", lastName: "Perrin", birthDate: "1950-01-01"))
            #expect(try await names(store, fixture, "perrin").count == 2)
            _ = try await store.people.merge(twin.id, into: lamarque.id, actor: fixture.account(.agent).actor)
            #expect(try await names(store, fixture, "perrin") == ["Perrin"], "a merged file is not found twice")
            try await store.people.erase(personId: lamarque.id, actor: fixture.account(.coordinator).actor)
            #expect(try await names(store, fixture, "perrin").isEmpty, "an erased file is not found")
        }
    }

    @Test("the duplicate check at creation finds the same name through the index", arguments: TestBackend.all)
    func duplicates(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let fixture = try await Fixture.make(store, slug: "dup")
            let first = try await add(store, fixture, PersonInput(firstName: "Jeanne", lastName: "Roux", birthDate: "1940-02-03"))
            _ = try await add(store, fixture, PersonInput(firstName: "Jeanne", lastName: "Rouxel", birthDate: "1940-02-03"))
            let same = try PersonRules.validate(
                PersonInput(firstName: "Jéanne", lastName: "ROUX", birthDate: "1940-02-03"), territory: fixture.territory, today: Date())
            let found = try await store.people.duplicates(of: IdentityKey(same), territoryId: fixture.territory.id)
            #expect(found.map(\.id) == [first.id])
        }
    }
}
