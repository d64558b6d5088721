// Benchmarks that need the store in process. Run from bench/run on a release build; each prints
// one line of JSON so the harness can set it beside its peer's figure from the same run.
import AutourCore
import AutourStore
import Foundation
import Logging

let arguments = CommandLine.arguments.dropFirst()
guard let name = arguments.first else {
    FileHandle.standardError.write(Data("usage: autour-bench audit-writes DIR COUNT [CONCURRENCY]\n".utf8))
    exit(2)
}

var logger = Logger(label: "autour-bench")
logger.logLevel = .error

switch name {
case "audit-writes":
    // Durable audited writes on SQLite: each is one transaction that reads the chain's last
    // entry and appends a hash-chained row, committed with synchronous=FULL, as every read of a
    // person's file will do.
    let args = Array(arguments.dropFirst())
    guard args.count >= 2, let count = Int(args[1]) else { exit(2) }
    let concurrency = args.count > 2 ? Int(args[2]) ?? 1 : 1
    let path = args[0] + "/bench-\(UUID().uuidString).sqlite"
    let database = try AutourDatabase(location: .sqlite(path: path), logger: logger)
    try await database.migrate()
    let store = Store(database: database, hasher: PasswordHasher(cost: 4))
    let territory = try await store.territories.create(slug: "bench", name: "Bench", communes: ["69256"])
    let agent = try await store.accounts.create(territoryId: territory.id, email: "agent@bench.test", name: "Agent",
                                                roles: [.agent], password: "0123456789")
    let perTask = count / concurrency
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for t in 0..<concurrency {
            group.addTask {
                for i in 0..<perTask {
                    try await store.audit.recordRead(actor: agent.actor, recordType: "person", recordId: "p\(t)-\(i)")
                }
            }
        }
        try await group.waitForAll()
    }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let (checked, broken) = try await store.audit.verify()
    await database.shutdown()
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    guard broken == nil, checked == perTask * concurrency + 2 else {
        FileHandle.standardError.write(Data("audit chain broken after the benchmark\n".utf8))
        exit(1)
    }
    print(#"{"benchmark":"audit-writes","operations":\#(perTask * concurrency),"seconds":\#(seconds),"perSecond":\#(Double(perTask * concurrency) / seconds)}"#)
default:
    FileHandle.standardError.write(Data("unknown benchmark \(name)\n".utf8))
    exit(2)
}
