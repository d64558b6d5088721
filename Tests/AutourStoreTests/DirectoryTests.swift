import AutourCore
import AutourStore
import AutourTesting
import Foundation
import Testing

@Suite("Partner directory (data·inclusion)")
struct DirectoryTests {
    func encode(_ records: [JSONValue]) throws -> Data { try JSONEncoder().encode(records) }

    @Test("valid files are imported and exported back unchanged", arguments: TestBackend.all)
    func roundTrip(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let fixture = try await Fixture.make(store, slug: "dir")
            let counts = try await store.directory.importFiles(
                [("s.json", try encode(DemoDirectory.structures)), ("v.json", try encode(DemoDirectory.services))],
                territoryId: fixture.territory.id)
            #expect(counts.structures == 4 && counts.services == 6)
            let (structures, services) = try await store.directory.export(territoryId: fixture.territory.id)
            #expect(Set(structures) == Set(DemoDirectory.structures))
            #expect(Set(services) == Set(DemoDirectory.services))
            // Importing the same files again updates rather than duplicates.
            _ = try await store.directory.importFiles([("v.json", try encode(DemoDirectory.services))], territoryId: fixture.territory.id)
            #expect(try await store.directory.export(territoryId: fixture.territory.id).services.count == 6)
        }
    }

    @Test("one bad record among good ones stores nothing and names the record and field", arguments: TestBackend.all)
    func allOrNothing(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let fixture = try await Fixture.make(store, slug: "dir2")
            var services = DemoDirectory.services
            guard case .object(var bad) = services[2] else { Issue.record("fixture"); return }
            bad["publics"] = ["pirates"]
            bad.removeValue(forKey: "description")
            services[2] = .object(bad)
            do {
                _ = try await store.directory.importFiles(
                    [("structures.json", try encode(DemoDirectory.structures)), ("services.json", try encode(services))],
                    territoryId: fixture.territory.id)
                Issue.record("a bad file was accepted")
            } catch let rejected as DirectoryImportRejected {
                let lines = rejected.problems.map(\.description)
                #expect(lines.contains("services.json: enregistrement 3 (id autour-demo--appels): description: champ obligatoire manquant"))
                #expect(lines.contains("services.json: enregistrement 3 (id autour-demo--appels): publics[0]: valeur inconnue « pirates »"))
            }
            let (structures, stored) = try await store.directory.export(territoryId: fixture.territory.id)
            #expect(structures.isEmpty && stored.isEmpty)
            await #expect(throws: DirectoryImportRejected.self) {
                _ = try await store.directory.importFiles([("x.json", Data("{not json".utf8))], territoryId: fixture.territory.id)
            }
        }
    }

    @Test("services are found by category, thématique, public and commune, and only in their territory", arguments: TestBackend.all)
    func search(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let a = try await Fixture.make(store, slug: "da")
            let b = try await Fixture.make(store, slug: "db")
            _ = try await store.directory.importFiles(
                [("s.json", try encode(DemoDirectory.structures)), ("v.json", try encode(DemoDirectory.services))], territoryId: a.territory.id)
            func names(_ services: [DirectoryService]) -> Set<String> { Set(services.map(\.name)) }
            #expect(
                names(try await store.directory.services(territoryId: a.territory.id, thematique: "numerique")) == [
                    "Premiers pas sur internet", "Ordinateurs reconditionnés",
                ])
            #expect(
                names(
                    try await store.directory.services(
                        territoryId: a.territory.id, thematique: "remobilisation--lien-social",
                        public: "personnes-en-situation-de-handicap")) == ["Appels réguliers"])
            #expect(try await store.directory.services(territoryId: a.territory.id, commune: "23096").isEmpty)
            #expect(try await store.directory.services(territoryId: b.territory.id).isEmpty)
            let stale = try await store.directory.services(territoryId: a.territory.id)
                .filter { $0.isStale(today: PersonRules.parseDay("2026-11-29")!) }
            #expect(names(stale) == ["Café des parents"])
        }
    }
}
