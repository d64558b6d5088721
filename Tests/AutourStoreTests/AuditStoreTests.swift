import AutourCore
import AutourStore
import AutourTesting
import FluentKit
import Foundation
import SQLKit
import Testing

@Suite("Audit log in the store")
struct AuditStoreTests {
    @Test("every change is chained in the log and the chain verifies", arguments: TestBackend.all)
    func chained(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let fixture = try await Fixture.make(store, slug: "audit")
            let agent = fixture.account(.agent)
            try await store.audit.recordRead(actor: agent.actor, recordType: "person", recordId: "p-1")
            let trail = try await store.audit.entries(recordId: "p-1", territoryId: fixture.territory.id)
            #expect(trail.map(\.action) == ["read"])
            #expect(trail.first?.actorId == agent.id)
            let (checked, broken) = try await store.audit.verify()
            #expect(broken == nil)
            #expect(checked == 1 + Role.allCases.count + 1)  // territory, accounts, the read
        }
    }

    @Test("editing one stored row makes verification name that entry", arguments: TestBackend.all)
    func tamperedRow(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            _ = try await Fixture.make(store, slug: "tamper")
            let sql = try store.database.db as! any SQLDatabase
            try await sql.raw("UPDATE audit_entries SET record_id = 'forged' WHERE sequence = 3").run()
            let (_, broken) = try await store.audit.verify()
            #expect(broken?.sequence == 3)
        }
    }

    @Test("deleting a stored row is detected", arguments: TestBackend.all)
    func deletedRow(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            _ = try await Fixture.make(store, slug: "deleted")
            let sql = try store.database.db as! any SQLDatabase
            try await sql.raw("DELETE FROM audit_entries WHERE sequence = 2").run()
            #expect(try await store.audit.verify().broken?.sequence == 3)
        }
    }

    @Test("the trail of a record is scoped to its territory", arguments: TestBackend.all)
    func scoped(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let a = try await Fixture.make(store, slug: "sa")
            let b = try await Fixture.make(store, slug: "sb")
            try await store.audit.recordRead(actor: a.account(.agent).actor, recordType: "person", recordId: "shared-id")
            #expect(try await store.audit.entries(recordId: "shared-id", territoryId: b.territory.id).isEmpty)
            #expect(try await store.audit.entries(recordId: "shared-id", territoryId: a.territory.id).count == 1)
        }
    }

    @Test("sixty concurrent writers leave one unbroken chain", arguments: TestBackend.all)
    func concurrentWriters(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            let fixture = try await Fixture.make(store, slug: "conc")
            let actor = fixture.account(.agent).actor
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<60 {
                    group.addTask { try await store.audit.recordRead(actor: actor, recordType: "person", recordId: "c\(i)") }
                }
                try await group.waitForAll()
            }
            let (checked, broken) = try await store.audit.verify()
            #expect(broken == nil)
            #expect(checked == 1 + Role.allCases.count + 60)
        }
    }
}
