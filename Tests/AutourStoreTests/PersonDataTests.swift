import AutourCore
import AutourStore
import AutourTesting
import FluentKit
import Foundation
import SQLKit
import Testing

@Suite("What modules hold about a person")
struct PersonDataTests {
    /// Every column of the live schema that references `persons`, by foreign key or by name.
    static func personColumns(_ store: Store) async throws -> Set<String> {
        let sql = try store.database.db as! any SQLDatabase
        struct Row: Decodable { let table_name: String; let column_name: String }
        let rows: [Row]
        switch store.database.backend {
        case .sqlite:
            rows = try await sql.raw(
                """
                SELECT m.name AS table_name, c.name AS column_name FROM sqlite_master m, pragma_table_info(m.name) c
                WHERE m.type = 'table' AND (c.name = 'person_id'
                   OR c.name IN (SELECT f."from" FROM pragma_foreign_key_list(m.name) f WHERE f."table" = 'persons'))
                """
            ).all(decoding: Row.self)
        case .postgres:
            rows = try await sql.raw(
                """
                SELECT c.table_name::text AS table_name, c.column_name::text AS column_name FROM information_schema.columns c
                WHERE c.table_schema = current_schema() AND (c.column_name = 'person_id' OR EXISTS (
                  SELECT 1 FROM information_schema.key_column_usage k
                  JOIN information_schema.referential_constraints r ON r.constraint_name = k.constraint_name
                  JOIN information_schema.constraint_column_usage u ON u.constraint_name = r.unique_constraint_name
                  WHERE k.table_name = c.table_name AND k.column_name = c.column_name AND u.table_name = 'persons'))
                """
            ).all(decoding: Row.self)
        }
        return Set(rows.map { "\($0.table_name).\($0.column_name)" })
    }

    @Test(
        "every column that references a person belongs to a module that merges, exports and erases it",
        arguments: TestBackend.all)
    func everyPersonColumnHasAnOwner(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let columns = try await Self.personColumns(store)
            #expect(columns.contains("needs.person_id"), "the schema query sees the Energies column")
            #expect(columns.count >= 8)
            let orphans = columns.subtracting(PersonData.ownedColumns)
            #expect(orphans.isEmpty, "columns about a person that merge, export and erasure would miss: \(orphans.sorted())")
            let stale = PersonData.ownedColumns.subtracting(columns)
            #expect(stale.isEmpty, "owners declare columns the schema does not have: \(stale.sorted())")
        }
    }

    @Test(
        "a need created for a person follows a merge, appears in the person's export and is cancelled and blanked on erasure",
        arguments: TestBackend.all)
    func needsFollowThePerson(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let fixture = try await Fixture.make(store, slug: "pd")
            let agent = fixture.account(.agent).actor
            let coordinator = fixture.account(.coordinator).actor
            let valid = try PersonRules.validate(PersonInput(firstName: "Lucienne", lastName: "Morel"), territory: fixture.territory, today: Date())
            let duplicate = try await store.people.create(valid, territoryId: fixture.territory.id, actor: agent)
            let kept = try await store.people.create(valid, territoryId: fixture.territory.id, actor: agent)
            try await store.energies.addSkill("Courses", actor: coordinator)
            let need = try EnergiesRules.validate(
                NeedInput(
                    title: "Courses de Mme Morel", skills: ["Courses"], neighbourhood: "Centre",
                    durationMinutes: 60, urgency: "normal", professionalOnly: false),
                skills: ["Courses"], territory: fixture.territory)
            let created = try await store.energies.createNeed(need, origin: .followUp, personId: duplicate.id, signalId: nil, actor: coordinator)

            _ = try await store.people.merge(duplicate.id, into: kept.id, actor: agent)
            #expect(try await store.energies.need(id: created.id, territoryId: fixture.territory.id)?.personId == kept.id)

            let export = try await store.people.export(personId: kept.id, actor: coordinator)
            let needs = export.sections.first { $0.module == "energies" }
            #expect(needs?.items.map(\.summary) == ["Courses de Mme Morel"])

            try await store.people.erase(personId: kept.id, actor: coordinator)
            let erased = try await store.energies.need(id: created.id, territoryId: fixture.territory.id)
            #expect(erased?.title.contains("Morel") == false)
            #expect(erased?.status == .cancelled)
        }
    }
}
