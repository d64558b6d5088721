// Benchmarks that need the store in process. Run from bench/run on a release build; each prints
// one line of JSON so the harness can set it beside its peer's figure from the same run.
import AutourCore
import AutourStore
import Foundation
import Logging
import SQLKit

let arguments = CommandLine.arguments.dropFirst()
guard let name = arguments.first else {
    FileHandle.standardError.write(Data("usage: autour-bench audit-writes DIR COUNT [CONCURRENCY] | candidates [RESOURCES] [QUERIES]\n".utf8))
    exit(2)
}

/// A migrated store for one benchmark, with a territory of its own: on a new SQLite file in the
/// directory `target`, or on the PostgreSQL database of a postgres:// URL.
func benchStore(_ target: String) async throws -> (store: Store, location: DatabaseLocation, territory: Territory) {
    let location =
        target.hasPrefix("postgres")
        ? try Configuration.parseDatabaseURL(target) : DatabaseLocation.sqlite(path: target + "/bench-\(UUID().uuidString).sqlite")
    let database = try AutourDatabase(location: location, logger: logger)
    try await database.migrate()
    let store = Store(database: database, hasher: PasswordHasher(cost: 4))
    let territory = try await store.territories.create(
        slug: "bench-\(UUID().uuidString.prefix(8).lowercased())", name: "Bench", communes: ["69256"])
    return (store, location, territory)
}

/// Removes a benchmark's SQLite file (a PostgreSQL database is the caller's to drop).
func discard(_ location: DatabaseLocation) {
    // AUTOUR_BENCH_KEEP=1 leaves the database to look at its queries afterwards.
    if ProcessInfo.processInfo.environment["AUTOUR_BENCH_KEEP"] != nil { return }
    if case .sqlite(let path) = location { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
}

let logger: Logger = {
    var logger = Logger(label: "autour-bench")
    logger.logLevel = ProcessInfo.processInfo.environment["AUTOUR_BENCH_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .error
    return logger
}()

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
    let agent = try await store.accounts.create(
        territoryId: territory.id, email: "agent@bench.test", name: "Agent",
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
case "transfers":
    // Durable time-bank transfers: each is one transaction that locks the two accounts, checks the
    // limits, appends two entries and the hash-chained transfer, updates the balances and commits.
    // DATABASE is a file path (SQLite) or a postgres:// URL; CONCURRENCY tasks pay in parallel
    // between distinct pairs of members, as a territory's members do.
    let args = Array(arguments.dropFirst())
    guard args.count >= 2, let count = Int(args[1]) else { exit(2) }
    let concurrency = args.count > 2 ? Int(args[2]) ?? 1 : 1
    let (store, location, territory) = try await benchStore(args[0])
    let database = store.database
    var pairs: [(TimeAccount, TimeAccount)] = []
    for t in 0..<concurrency {
        var pair: [TimeAccount] = []
        for side in 0..<2 {
            let owner = try await store.accounts.create(
                territoryId: territory.id, email: "m\(t)-\(side)-\(UUID().uuidString.prefix(6))@bench.test",
                name: "M\(t)\(side)", roles: [.volunteer], password: "0123456789")
            pair.append(try await store.timeBank.openMemberAccount(ownerId: owner.id, name: owner.name, territoryId: territory.id))
        }
        pairs.append((pair[0], pair[1]))
    }
    let perTask = count / concurrency
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for (t, pair) in pairs.enumerated() {
            group.addTask {
                for i in 0..<perTask {
                    // Back and forth, so that the limits never stop the run.
                    let (from, to) = i % 2 == 0 ? (pair.0, pair.1) : (pair.1, pair.0)
                    _ = try await store.timeBank.transfer(
                        from: from.id, to: to.id, minutes: 30, idempotencyKey: "bench-\(t)-\(i)-key",
                        description: "", territoryId: territory.id, actor: nil)
                }
            }
        }
        try await group.waitForAll()
    }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let report = try await store.timeBank.verify()
    await database.shutdown()
    discard(location)
    guard report.isIntact else {
        FileHandle.standardError.write(Data("ledger broken after the benchmark\n".utf8))
        exit(1)
    }
    print(#"{"benchmark":"transfers","operations":\#(perTask * concurrency),"seconds":\#(seconds),"perSecond":\#(Double(perTask * concurrency) / seconds)}"#)
case "candidates":
    // The explained top 20 among many resource persons, in process: the pool (the index by skill
    // and neighbourhood) is built once, as the server would keep it; each query ranks one need.
    let args = Array(arguments.dropFirst())
    let count = args.first.flatMap(Int.init) ?? 100_000
    let queries = args.count > 1 ? Int(args[1]) ?? 1000 : 1000
    var rng = SeededGenerator(seed: 42)
    let skills = EnergiesRules.defaultSkills
    let places = (1...20).map { "Quartier \($0)" }
    let territoryId = UUID()
    func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
    var resources: [ResourcePerson] = []
    var load: [UUID: ResourceLoad] = [:]
    for i in 0..<count {
        let id = UUID()
        resources.append(
            ResourcePerson(
                id: id, territoryId: territoryId, accountId: nil, name: "R\(i)", kind: i % 10 == 0 ? .professional : .volunteer,
                skills: Array(Set((0..<Int.random(in: 1...3, using: &rng)).map { _ in pick(skills) })),
                availability: (0..<Int.random(in: 1...3, using: &rng)).map { _ in
                    let start = [540, 840, 1080][Int.random(in: 0..<3, using: &rng)]
                    return WeeklySlot(weekday: Int.random(in: 1...7, using: &rng), start: start, end: start + 180)
                },
                neighbourhoods: i % 8 == 0 ? [] : [pick(places)], maxMinutesPerMonth: 60 * Int.random(in: 2...20, using: &rng),
                motivations: [pick(Motivation.allCases)], paused: i % 50 == 0))
        load[id] = ResourceLoad(minutesThisMonth: Int.random(in: 0...300, using: &rng), missionsThisWeek: Int.random(in: 0...3, using: &rng))
    }
    let buildStart = ContinuousClock.now
    let pool = CandidatePool(taxonomy: skills, resources: resources, load: load, helped: [:], restMissionsPerWeek: 3, today: "2026-11-29")
    let buildTime = ContinuousClock.now - buildStart
    let needs = (0..<queries).map { _ in
        Need(
            id: UUID(), territoryId: territoryId, title: "Mission", skills: Array(Set([pick(skills), pick(skills)])), neighbourhood: pick(places),
            weekday: Int.random(in: 1...7, using: &rng), start: 600, end: 690, durationMinutes: 60,
            professionalOnly: Int.random(in: 0..<10, using: &rng) == 0, createdBy: UUID(), createdAt: Date())
    }
    var latencies: [Double] = []
    var found = 0
    for need in needs {
        let start = ContinuousClock.now
        found += pool.top(need, limit: 20).count
        let elapsed = ContinuousClock.now - start
        latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }
    latencies.sort()
    let median = latencies[latencies.count / 2], p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
    let build = Double(buildTime.components.seconds) + Double(buildTime.components.attoseconds) / 1e18
    print(
        #"{"benchmark":"candidates","resources":\#(count),"queries":\#(queries),"medianMs":\#(median),"p99Ms":\#(p99),"maxMs":\#(latencies.last!),"buildSeconds":\#(build),"candidatesReturned":\#(found)}"#
    )
case "add-resources":
    // COUNT resource persons added to the demo territory of DATABASE (a file path or a postgres://
    // URL), for the candidates benchmark over HTTP (bench/candidates): varied skills, weekly hours
    // and neighbourhoods, one in fifty paused, as a large volunteer network would have.
    let args = Array(arguments.dropFirst())
    guard args.count >= 2, let count = Int(args[1]) else { exit(2) }
    let location = args[0].hasPrefix("postgres") ? try Configuration.parseDatabaseURL(args[0]) : DatabaseLocation.sqlite(path: args[0])
    let database = try AutourDatabase(location: location, logger: logger)
    let store = Store(database: database, hasher: PasswordHasher(cost: 4))
    guard let territory = try await store.territories.find(slug: DemoTerritory.slug) else {
        FileHandle.standardError.write(Data("no demo territory: run `autour serve --demo` on this database first\n".utf8))
        exit(1)
    }
    let skills = try await store.energies.skills(territoryId: territory.id)
    let places = territory.neighbourhoods.map(\.name)
    var rng = SeededGenerator(seed: 11)
    func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
    let separator = "\u{1F}"
    for start in stride(from: 0, to: count, by: 400) {
        var rows: [SQLQueryString] = []
        for i in start..<min(count, start + 400) {
            let chosen = Array(Set((0..<Int.random(in: 1...3, using: &rng)).map { _ in pick(skills) })).joined(separator: separator)
            let hours = (0..<Int.random(in: 1...3, using: &rng)).map { _ in
                let from = pick([540, 840, 1080])
                return "\(Int.random(in: 1...7, using: &rng)),\(from),\(from + 180)"
            }.joined(separator: ";")
            let where_ = i % 8 == 0 ? "" : pick(places)
            rows.append(
                """
                (\(bind: UUID()), \(bind: territory.id), \(bind: "Bénévole \(i)"), \(bind: i % 10 == 0 ? "professional" : "volunteer"),
                 \(bind: chosen), \(bind: hours), '', \(bind: where_), \(bind: 60 * Int.random(in: 2...20, using: &rng)),
                 \(bind: pick(Motivation.allCases).rawValue), '', \(bind: i % 50 == 0), \(bind: Date()))
                """)
        }
        let insert: SQLQueryString =
            """
            INSERT INTO resource_persons (id, territory_id, name, kind, skills, availability, absences, neighbourhoods,
              max_minutes_per_month, motivations, languages, paused, created_at) VALUES
            """ + rows.joined(separator: ", ")
        try await database.write { tx in try await (tx as! any SQLDatabase).raw(insert).run() }
    }
    await database.shutdown()
    print(#"{"benchmark":"add-resources","added":\#(count)}"#)
case "person-search":
    // Person search at a caseload of FILES persons, through the repository the page and the API
    // call: what a social worker types (three to six letters of a surname, a street, four phone
    // digits), p50 and p99 over QUERIES searches. With "scan", the same queries as a LIKE over
    // every file of the territory (the search before the trigram index), for comparison.
    // DATABASE is a directory (SQLite) or a postgres:// URL.
    let args = Array(arguments.dropFirst())
    guard args.count >= 2, let files = Int(args[1]) else { exit(2) }
    let queries = args.count > 2 ? Int(args[2]) ?? 300 : 300
    let scan = args.contains("scan")
    let (store, location, territory) = try await benchStore(args[0])
    let database = store.database
    var rng = SeededGenerator(seed: 7)
    // Surnames from syllables, as varied as a large city's (tens of thousands of distinct ones).
    let syllables = [
        "ba", "ber", "bou", "cha", "dal", "du", "fa", "gar", "gui", "la", "le", "mar", "mo", "nau", "pe", "ri", "ro", "san",
        "ta", "ver", "vi", "zo", "quet", "lin", "ran", "det", "mont", "fon", "cour", "bel", "ge", "ni",
    ]
    let firstNames = [
        "Marie", "Jean", "Louise", "Ahmed", "Fatou", "Pierre", "Jeanne", "Nadia", "Paul", "Yvette", "Hélène", "Karim",
        "Odette", "Lucien", "Awa", "Thi", "Camille", "Rose", "André", "Simone",
    ]
    let streets = [
        "rue de la Paix", "avenue Jean Jaurès", "rue Victor Hugo", "place du Marché", "chemin des Vignes", "rue des Écoles",
        "boulevard Gambetta", "impasse des Lilas", "rue Pasteur", "allée des Tilleuls",
    ]
    func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
    var surnames: [String] = []
    let chunk = 400
    for start in stride(from: 0, to: files, by: chunk) {
        var rows: [SQLQueryString] = []
        for _ in start..<min(files, start + chunk) {
            let last = (0..<Int.random(in: 2...3, using: &rng)).map { _ in pick(syllables) }.joined().capitalized
            let first = pick(firstNames)
            let address = "\(Int.random(in: 1...200, using: &rng)) \(pick(streets))"
            let phone = "06" + String(format: "%08d", Int.random(in: 0..<100_000_000, using: &rng))
            surnames.append(last)
            let now = Date()
            rows.append(
                """
                (\(bind: UUID()), \(bind: territory.id), \(bind: first), \(bind: last), \(bind: address), \(bind: phone), '', '',
                 \(bind: SearchText.fold("\(first) \(last)") + " | " + SearchText.fold("\(last) \(first)")), \(bind: SearchText.fold(address)),
                 \(bind: phone), \(bind: now), \(bind: now))
                """)
        }
        let insert: SQLQueryString =
            """
            INSERT INTO persons (id, territory_id, first_name, last_name, address, phone, languages, flags, search_name,
              search_address, search_phone, created_at, updated_at) VALUES
            """ + rows.joined(separator: ", ")
        try await database.write { tx in try await (tx as! any SQLDatabase).raw(insert).run() }
    }
    let typed: [String] = (0..<queries).map { i in
        switch i % 5 {
        case 0: String(pick(surnames).prefix(3))
        case 1, 2: String(pick(surnames).prefix(Int.random(in: 4...6, using: &rng)))
        case 3: pick(streets).split(separator: " ").last.map { String($0.prefix(5)) } ?? "paix"
        default: String(format: "%04d", Int.random(in: 0..<10000, using: &rng))
        }
    }
    let sql = try database.db as! any SQLDatabase
    var latencies: [Double] = []
    var found = 0
    for query in typed {
        let start = ContinuousClock.now
        if scan {
            let pattern = "%" + SearchText.fold(query) + "%"
            struct Row: Decodable { let id: UUID }
            found += try await sql.raw(
                """
                SELECT id FROM persons WHERE territory_id = \(bind: territory.id) AND erased_at IS NULL AND merged_into IS NULL
                AND (search_name LIKE \(bind: pattern) OR search_address LIKE \(bind: pattern) OR search_phone LIKE \(bind: pattern))
                ORDER BY last_name, first_name LIMIT 50
                """
            ).all(decoding: Row.self).count
        } else {
            found += try await store.people.search(query, territoryId: territory.id).count
        }
        let elapsed = ContinuousClock.now - start
        latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }
    latencies.sort()
    await database.shutdown()
    discard(location)
    print(
        #"{"benchmark":"person-search","files":\#(files),"queries":\#(queries),"scan":\#(scan),"p50Ms":\#(latencies[latencies.count / 2]),"p99Ms":\#(latencies[min(latencies.count - 1, latencies.count * 99 / 100)]),"found":\#(found)}"#
    )
case "availability":
    // The free time of every room of a territory over a week: ROOMS rooms (four per place), each
    // with its share of BOOKINGS that week, stored in a real database; then RUNS computations of
    // the week as the page and the API ask for it (read the bookings, sweep them), and RUNS of the
    // sweep alone on the bookings already in memory. Goal of the issue: under 20 ms in process.
    let args = Array(arguments.dropFirst())
    let target = args.first ?? NSTemporaryDirectory()
    let roomCount = args.count > 1 ? Int(args[1]) ?? 1000 : 1000
    let bookingCount = args.count > 2 ? Int(args[2]) ?? 50_000 : 50_000
    let runs = args.count > 3 ? Int(args[3]) ?? 50 : 50
    let (store, location, territory) = try await benchStore(target)
    let actor = try await store.accounts.create(
        territoryId: territory.id, email: "bench@example.org", name: "Bench", roles: [.coordinator], password: "bench-password-1"
    ).actor
    let calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = FrenchTime.zone
        return calendar
    }()
    let week = calendar.date(byAdding: .day, value: 7, to: BookingRules.weekStart(Date()))!
    var places: [Place] = []
    for p in 0..<(roomCount + 3) / 4 {
        let id = try await store.placesService.create(
            PlaceInput(
                name: "Lieu \(p)", address: "\(p) rue", owner: "commune", opens: 8 * 60, closes: 22 * 60,
                rooms: (0..<min(4, roomCount - 4 * p)).map { RoomInput(name: "Salle \($0)", capacity: 20) }), territory: territory, actor: actor)
        places.append(try await store.placesService.place(id: id, territory: territory))
    }
    let rooms = places.flatMap { place in place.rooms.map { (place: place, room: $0) } }
    // Each room's bookings laid end to end through the week's opening hours (14 h a day): never overlapping.
    let perRoom = max(1, bookingCount / rooms.count)
    let minutes = 7 * 14 * 60 / perRoom
    var written = 0
    for first in stride(from: 0, to: rooms.count, by: 50) {
        let chunk = Array(rooms[first..<min(rooms.count, first + 50)])
        try await store.database.write { tx in
            let sql = tx as! any SQLDatabase
            var insert = sql.insert(into: "room_bookings").columns(
                "id", "room_id", "place_id", "territory_id", "group_name", "group_key", "purpose", "starts_at", "ends_at", "series_id", "cancelled")
            for entry in chunk {
                for b in 0..<perRoom {
                    let offset = b * minutes
                    let day = offset / (14 * 60), within = offset % (14 * 60)
                    let start = calendar.date(byAdding: .minute, value: 8 * 60 + within, to: calendar.date(byAdding: .day, value: day, to: week)!)!
                    insert = insert.values(
                        SQLBind(UUID()), SQLBind(entry.room.id), SQLBind(entry.place.id), SQLBind(territory.id), SQLBind("G"), SQLBind("g"), SQLBind(""),
                        SQLBind(start), SQLBind(start.addingTimeInterval(Double(minutes - 5) * 60)), SQLBind(UUID()), SQLBind(false))
                }
            }
            try await insert.run()
        }
        written += chunk.count * perRoom
    }
    func milliseconds(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
    var whole: [Double] = []
    var freeSlots = 0
    for _ in 0..<runs {
        let start = ContinuousClock.now
        let (_, free) = try await store.placesService.availability(territory: territory, week: week, actor: actor)
        whole.append(milliseconds(ContinuousClock.now - start))
        freeSlots = free.values.reduce(0) { $0 + $1.count }
    }
    let bookings = try await store.places.weekBookings(territoryId: territory.id, week: week)
    let roomHours = rooms.map { (id: $0.room.id, opens: $0.place.opens, closes: $0.place.closes) }
    var sweep: [Double] = []
    for _ in 0..<runs {
        let start = ContinuousClock.now
        _ = BookingRules.availability(rooms: roomHours, bookings: bookings, week: week)
        sweep.append(milliseconds(ContinuousClock.now - start))
    }
    whole.sort()
    sweep.sort()
    await store.database.shutdown()
    discard(location)
    print(
        #"{"benchmark":"availability","rooms":\#(rooms.count),"bookings":\#(written),"runs":\#(runs),"freeSlots":\#(freeSlots),"medianMs":\#(whole[whole.count / 2]),"p99Ms":\#(whole[min(whole.count - 1, whole.count * 99 / 100)]),"sweepMedianMs":\#(sweep[sweep.count / 2]),"sweepP99Ms":\#(sweep[min(sweep.count - 1, sweep.count * 99 / 100)])}"#
    )
case "registrations":
    // PARALLEL inhabitants register at once for an event with LAST places left (the others taken
    // beforehand): how many get one, and how long the burst takes. The issue's bar: exactly LAST.
    let args = Array(arguments.dropFirst())
    let target = args.first ?? NSTemporaryDirectory()
    let parallel = args.count > 1 ? Int(args[1]) ?? 200 : 200
    let last = args.count > 2 ? Int(args[2]) ?? 10 : 10
    let (store, location, territory) = try await benchStore(target)
    let service = store.convivialityService
    let account = try await store.accounts.create(
        territoryId: territory.id, email: "bench@example.org", name: "Bench", roles: [.coordinator], password: "bench-password-1")
    let coordinator = account.actor
    let start = Date().addingTimeInterval(86_400)
    let capacity = 50
    let event = try await store.conviviality.create(
        try Programme.validate(
            EventInput(title: "Banc d'essai", kind: "show", venueName: "Salle", startsAt: start, endsAt: start.addingTimeInterval(3600), capacity: capacity)),
        territoryId: territory.id, actor: coordinator)
    for n in 0..<(capacity - last) {
        _ = try await service.registerPublicly(
            eventId: event, RegistrationInput(firstName: "Avant", contact: "06 00 00 \(10 + n / 90) \(10 + n % 90)"), mixity: [:], territory: territory)
    }
    let burst = ContinuousClock.now
    let statuses = try await withThrowingTaskGroup(of: Seating.Status.self) { group in
        for n in 0..<parallel {
            group.addTask {
                try await service.registerPublicly(
                    eventId: event, RegistrationInput(firstName: "P\(n)", contact: "p\(n)@example.org"), mixity: [:], territory: territory
                ).registration.status
            }
        }
        var statuses: [Seating.Status] = []
        for try await status in group { statuses.append(status) }
        return statuses
    }
    let elapsed = ContinuousClock.now - burst
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let stored = try await service.event(id: event, territory: territory)
    await store.database.shutdown()
    discard(location)
    print(
        #"{"benchmark":"registrations","parallel":\#(parallel),"lastPlaces":\#(last),"accepted":\#(statuses.filter { $0 == .confirmed }.count),"waiting":\#(statuses.filter { $0 == .waiting }.count),"confirmedSeats":\#(stored.confirmedSeats),"capacity":\#(capacity),"seconds":\#(seconds)}"#
    )
case "interview":
    // The explained suggestion of one interview of about fifteen minutes (about 2 000 words across
    // the five answers, made of the demo's answers said again and again), with the default
    // lexicon, as the service computes it: lexicon stems, tokens, stems, scores, evidence.
    let runs = Int(arguments.dropFirst().first ?? "") ?? 200
    var answers: [InterviewStep: String] = [:]
    var words = 0
    for (index, step) in InterviewStep.allCases.enumerated() {
        var text = ""
        var round = 0
        while text.split(separator: " ").count < 400 {
            let interview = DemoLearning.interviews[(index + round) % DemoLearning.interviews.count].answers
            text += (interview[step] ?? "") + " " + (interview[InterviewStep.allCases[(index + round + 1) % 5]] ?? "") + "\n"
            round += 1
        }
        answers[step] = text
        words += text.split(whereSeparator: \.isWhitespace).count
    }
    var times: [Double] = []
    var found = 0
    for _ in 0..<runs {
        let start = ContinuousClock.now
        found = InterviewAnalysis.suggest(answers, lexicon: InterviewAnalysis.defaultLexicon).count
        let elapsed = ContinuousClock.now - start
        times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }
    times.sort()
    print(
        #"{"benchmark":"interview","words":\#(words),"suggestions":\#(found),"runs":\#(runs),"medianMs":\#(times[times.count / 2]),"p99Ms":\#(times[min(times.count - 1, times.count * 99 / 100)])}"#
    )
case "stem":
    // The French stemmer's throughput on a word list (one word, a tab, PyStemmer's stem per line),
    // stemming every word REPEAT times; each stem is checked against PyStemmer's on the first pass.
    guard arguments.count >= 2 else { exit(2) }
    let list = try String(contentsOfFile: String(arguments[arguments.startIndex + 1]), encoding: .utf8)
    let pairs = list.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t").map(String.init) }
    let repeats = Int(arguments.dropFirst(2).first ?? "") ?? 20
    let mismatches = pairs.filter { FrenchStemmer.stem($0[0]) != $0[1] }.count
    var total = 0
    let start = ContinuousClock.now
    for _ in 0..<repeats { for pair in pairs { total &+= FrenchStemmer.stem(pair[0]).utf8.count } }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(
        #"{"benchmark":"stem","words":\#(pairs.count),"repeats":\#(repeats),"mismatches":\#(mismatches),"wordsPerSecond":\#(Double(pairs.count * repeats) / seconds),"checksum":\#(total)}"#
    )
case "rights-screen":
    // The caseload screening of HOUSEHOLDS households (40 demo-like situations said again) as the
    // coordinator runs it: read the situations, map them, one request to OpenFisca, read the
    // answer, store every screening and open the findings — REPEATS times after a warm-up. The
    // request body of the first run is written to BODY, for the peer that posts it directly.
    guard arguments.count >= 5 else { exit(2) }
    guard let url = URL(string: String(arguments[arguments.startIndex + 1])) else { exit(2) }
    let households = Int(arguments[arguments.startIndex + 2]) ?? 1000
    let repeats = Int(arguments[arguments.startIndex + 3]) ?? 5
    let bodyFile = String(arguments[arguments.startIndex + 4])
    let directory = FileManager.default.temporaryDirectory.path
    let (plain, location, territory) = try await benchStore(directory)
    let store = Store(database: plain.database, hasher: PasswordHasher(cost: 4), openFiscaURL: url)
    let coordinator = try await store.accounts.create(
        territoryId: territory.id, email: "c@bench.test", name: "C", roles: [.coordinator], password: "bench-password")
    let period = YearMonth("2026-10")!
    var situations: [HouseholdSituation] = []
    for index in 0..<households {
        let person = try await store.people.create(
            try PersonRules.validate(PersonInput(firstName: "P\(index)", lastName: "Bench", communeCode: "69256"), territory: territory, today: Date()),
            territoryId: territory.id, actor: coordinator.actor)
        let family = DemoRights.families[index % DemoRights.families.count]
        let situation =
            index % 4 == 0
            ? HouseholdSituation(
                members: [HouseholdMember(role: .applicant, birthDate: family.birthDate, monthlyIncome: [.salary: family.salary + Double(index % 50)])]
                    + family.children.map { HouseholdMember(role: .child, birthDate: $0) },
                housing: Housing(status: .tenant, rent: family.rent, commune: "69256", socialHousing: family.social))
            : DemoRights.inhabitant(index: index, birthDate: "19\(40 + index % 50)-0\(1 + index % 9)-15", commune: "69256", today: period)
        _ = try await store.rightsService.saveSituation(situation, personId: person.id, actor: coordinator.actor)
        situations.append(situation)
    }
    let caseload = try await store.rights.caseload(territoryId: territory.id)
    try OpenFiscaMapping.encode(OpenFiscaMapping.request(caseload.enumerated().map { ("h\($0.offset)", $0.element.situation) }, period: period))
        .write(to: URL(fileURLWithPath: bodyFile))
    var times: [Double] = []
    var findings = 0
    for round in 0...repeats {
        let start = ContinuousClock.now
        let started = try await store.rightsService.startCaseload(period: period, actor: coordinator.actor)
        let batch = try await store.rightsService.run(batchId: started.batchId, caseload: started.caseload, actor: coordinator.actor)
        let elapsed = ContinuousClock.now - start
        guard batch.state == .done, batch.done == households else { fatalError("batch \(batch.state): \(batch.message)") }
        if round == 0 { findings = batch.findings } else { times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) }
    }
    await store.database.shutdown()
    discard(location)
    times.sort()
    print(
        #"{"benchmark":"rights-screen","households":\#(households),"findings":\#(findings),"repeats":\#(repeats),"medianSeconds":\#(times[times.count / 2])}"#)
case "fabrique-search":
    // The Fabrique's French search over SHEETS published sheets, through the service the page and
    // the API call (the engine's full-text match, the shared ranking, the page's ten sheets and
    // their excerpts), against the engine's own full-text query alone on the same data and the same
    // terms: SQLite FTS5 ranked by bm25, PostgreSQL's tsvector ranked by ts_rank. Every query is
    // timed REPEATS times, the two in turn. DATABASE is a directory (SQLite) or a postgres:// URL.
    let args = Array(arguments.dropFirst())
    guard args.count >= 2, let sheets = Int(args[1]) else { exit(2) }
    let repeats = args.count > 2 ? Int(args[2]) ?? 10 : 10
    let (store, location, territory) = try await benchStore(args[0])
    let coordinator = try await store.accounts.create(
        territoryId: territory.id, email: "coordination@bench.test", name: "Coordination", roles: [.coordinator], password: "bench-password")
    let started = ContinuousClock.now
    for start in stride(from: 0, to: sheets, by: 1000) {
        let file = SheetExchange(
            sheets: (start..<min(sheets, start + 1000)).map {
                SheetExchange.Sheet(from: "", publishedAt: nil, content: DemoFabrique.sheet($0, seed: 11).content)
            })
        _ = try await store.fabriqueService.importSheets(file, publish: true, actor: coordinator.actor)
    }
    let loadSeconds = Double((ContinuousClock.now - started).components.seconds)
    let queries = [
        "isolement des personnes âgées", "café solidaire", "non-recours aux droits", "démarches en ligne", "épicerie solidaire", "transport solidaire rural",
        "cohabitation intergénérationnelle", "tiers-lieu", "banque de temps", "chantier d'insertion", "bilans de santé", "jeunes en rupture",
        "répit des aidants", "canicule", "précarité énergétique", "coordonner les bénévoles", "charte citoyenne", "premiers secours",
        "incubateur de projets", "familles monoparentales", "habitants", "bénévoles partenaires", "visites à domicile", "accompagnement des familles",
        "garage solidaire", "paniers de légumes", "ateliers numériques", "université populaire", "parlement d'habitants", "factures d'énergie",
    ]
    let sql = try store.database.sql
    let postgres = store.database.backend == .postgres
    struct Id: Decodable { let id: String }
    func milliseconds(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
    var mine: [Double] = []
    var engine: [Double] = []
    var excerpt: [Double] = []
    var found = 0
    for round in 0...repeats {
        for text in queries {
            let query = SheetQuery(text)
            var start = ContinuousClock.now
            let results = try await store.fabriqueService.search(text, actor: coordinator.actor)
            let ours = milliseconds(ContinuousClock.now - start)
            start = ContinuousClock.now
            let alone: [Id]
            if postgres {
                let words = query.words.map(\.word).joined(separator: " & ")
                alone = try await sql.raw(
                    """
                    SELECT CAST(id AS TEXT) AS id FROM experience_sheets WHERE search @@ to_tsquery('autour_french', \(bind: words))
                    ORDER BY ts_rank(search, to_tsquery('autour_french', \(bind: words))) DESC LIMIT 10
                    """
                ).all(decoding: Id.self)
            } else {
                let match = query.terms.map { "\"\($0)\"" }.joined(separator: " ")
                alone = try await sql.raw(
                    "SELECT CAST(rowid AS TEXT) AS id FROM experience_search WHERE experience_search MATCH \(bind: match) ORDER BY rank LIMIT 10"
                ).all(decoding: Id.self)
            }
            let theirs = milliseconds(ContinuousClock.now - start)
            start = ContinuousClock.now
            for hit in results.hits { _ = Excerpt.best(hit.sheet.content.excerptSources, terms: Set(query.terms)) }
            let excerpts = milliseconds(ContinuousClock.now - start)
            guard round > 0 else { continue }  // the first round warms the caches
            excerpt.append(excerpts)
            mine.append(ours)
            engine.append(theirs)
            found += results.hits.count
            _ = alone
        }
    }
    mine.sort()
    engine.sort()
    excerpt.sort()
    await store.database.shutdown()
    discard(location)
    func p(_ values: [Double], _ q: Int) -> Double { values[min(values.count - 1, values.count * q / 100)] }
    print(
        #"{"benchmark":"fabrique-search","sheets":\#(sheets),"queries":\#(mine.count),"loadSeconds":\#(loadSeconds),"p50Ms":\#(p(mine, 50)),"p99Ms":\#(p(mine, 99)),"engineP50Ms":\#(p(engine, 50)),"engineP99Ms":\#(p(engine, 99)),"excerptsP50Ms":\#(p(excerpt, 50)),"found":\#(found)}"#
    )
default:
    FileHandle.standardError.write(Data("unknown benchmark \(name)\n".utf8))
    exit(2)
}
