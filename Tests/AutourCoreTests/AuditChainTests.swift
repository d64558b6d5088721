import AutourCore
import Foundation
import Testing

@Suite("Audit hash chain")
struct AuditChainTests {
    static func chain(_ count: Int) -> [AuditEntry] {
        var entries: [AuditEntry] = []
        var previous = AuditChain.genesis
        let actor = UUID()
        for i in 1...count {
            let at = Date(timeIntervalSince1970: 1_700_000_000 + Double(i))
            let hash = AuditChain.hash(
                sequence: Int64(i), at: at, territoryId: nil, actorId: actor, action: "read",
                recordType: "person", recordId: "p\(i)", previousHash: previous)
            entries.append(
                AuditEntry(
                    sequence: Int64(i), at: at, territoryId: nil, actorId: actor, action: "read",
                    recordType: "person", recordId: "p\(i)", previousHash: previous, hash: hash))
            previous = hash
        }
        return entries
    }

    @Test("an untouched chain verifies")
    func intact() {
        #expect(AuditChain.verify(Self.chain(20)) == nil)
    }

    @Test("changing the record of one entry is reported at that entry")
    func altered() {
        var entries = Self.chain(10)
        let e = entries[4]
        entries[4] = AuditEntry(
            sequence: e.sequence, at: e.at, territoryId: e.territoryId, actorId: e.actorId, action: e.action,
            recordType: e.recordType, recordId: "someone-else", previousHash: e.previousHash, hash: e.hash)
        #expect(AuditChain.verify(entries)?.sequence == 5)
    }

    @Test("removing an entry is reported at the entry after the gap")
    func removed() {
        var entries = Self.chain(10)
        entries.remove(at: 3)
        #expect(AuditChain.verify(entries)?.sequence == 5)
    }

    @Test("a chain verified in pages gives the same answer as in one piece")
    func pages() {
        let entries = Self.chain(12)
        #expect(AuditChain.verify(entries[6...], after: entries[5]) == nil)
        #expect(AuditChain.verify(entries[7...], after: entries[5]) != nil)
    }
}
