import AutourCore
import AutourStore
import AutourTesting
import FluentKit
import Foundation
import SQLKit
import Testing

@Suite("Audit log in the store")
struct AuditStoreTests {
    /// The store's audit log anchored in a fresh file of its own, with a key outside the database.
    func anchored(_ store: Store) -> (AuditRepository, AuditAnchorFile) {
        let file = AuditAnchorFile(
            path: FileManager.default.temporaryDirectory.appendingPathComponent("anchors-\(UUID().uuidString).log").path,
            key: "a-key-that-is-not-in-the-database-0123456789")
        return (AuditRepository(database: store.database, clock: store.clock, anchors: file), file)
    }

    @Test("deleting the newest entries passes the chain but not its anchor", arguments: TestBackend.all)
    func truncatedHead(backend: TestBackend) async throws {
        try await withTestStore(backend) { store in
            _ = try await Fixture.make(store, slug: "trunc")
            let (audit, file) = anchored(store)
            defer { try? FileManager.default.removeItem(atPath: file.path) }
            let anchor = try #require(try await audit.anchorHead())
            #expect(try await audit.anchorHead() == nil, "an unchanged head is not anchored twice")
            #expect(try await audit.verifyAnchors() == [])
            let sql = try store.database.db as! any SQLDatabase
            try await sql.raw("DELETE FROM audit_entries WHERE sequence > \(bind: anchor.sequence - 2)").run()
            #expect(try await audit.verify().broken == nil, "the chain alone cannot see it")
            let problems = try #require(try await audit.verifyAnchors())
            #expect(problems.count == 1)
            #expect(problems.first?.contains("des entrées récentes ont été supprimées") == true)
        }
    }

    @Test("deleting the oldest entries behind a forged checkpoint is caught; a real purge's checkpoint is signed", arguments: TestBackend.all)
    func forgedCheckpoint(backend: TestBackend) async throws {
        let clock = ManualClock()
        try await withTestStore(backend, clock: clock.wallClock) { store in
            _ = try await Fixture.make(store, slug: "forged")
            let (audit, file) = anchored(store)
            defer { try? FileManager.default.removeItem(atPath: file.path) }
            try await audit.anchorHead()
            let sql = try store.database.db as! any SQLDatabase
            struct Row: Decodable { let hash: String }
            let third = try #require(try await sql.raw("SELECT hash FROM audit_entries WHERE sequence = 3").first(decoding: Row.self))
            try await sql.raw("DELETE FROM audit_entries WHERE sequence <= 3").run()
            try await sql.raw("INSERT INTO settings (id, key, value) VALUES (\(bind: UUID()), 'audit_checkpoint', \(bind: "3:\(third.hash)"))").run()
            #expect(try await audit.verify().broken == nil, "the chain alone cannot see it")
            #expect(try #require(try await audit.verifyAnchors()).contains { $0.contains("n'a été signé par aucune purge") })
        }
        try await withTestStore(backend, clock: clock.wallClock) { store in
            let fixture = try await Fixture.make(store, slug: "purged")
            let (audit, file) = anchored(store)
            defer { try? FileManager.default.removeItem(atPath: file.path) }
            let retention = RetentionRepository(database: store.database, clock: clock.wallClock, audit: audit)
            clock.advance(by: 400 * 86400)
            try await store.audit.recordRead(actor: fixture.account(.agent).actor, recordType: "person", recordId: "x")
            _ = try await retention.purge(dryRun: false)
            try await audit.anchorHead()
            #expect(try await audit.verify().broken == nil)
            #expect(try await audit.verifyAnchors() == [])
        }
    }

    @Test("an anchor line edited or signed with another key is reported")
    func tamperedAnchor() throws {
        let key = "a-key-that-is-not-in-the-database-0123456789"
        let good = AuditAnchor.sign(
            kind: .head, sequence: 12, hash: String(repeating: "a", count: 64), at: Date(timeIntervalSince1970: 1_800_000_000), key: key)
        let chain = AuditAnchorCheck.Chain(checkpoint: nil, headSequence: 12, hashes: [12: String(repeating: "a", count: 64)])
        #expect(AuditAnchorCheck.problems(lines: [good.line], key: key, chain: chain).isEmpty)
        let edited = good.line.replacingOccurrences(of: " 12 ", with: " 11 ")
        #expect(AuditAnchorCheck.problems(lines: [edited], key: key, chain: chain).count == 1)
        #expect(AuditAnchorCheck.problems(lines: [good.line], key: key + "x", chain: chain).count == 1)
        let rewritten = AuditAnchorCheck.Chain(checkpoint: nil, headSequence: 12, hashes: [12: String(repeating: "b", count: 64)])
        #expect(AuditAnchorCheck.problems(lines: [good.line], key: key, chain: rewritten).first?.contains("réécrit") == true)
    }

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
