import AutourCore
import FluentKit
import Foundation
import SQLKit

/// Optional aid, from the application an agent records in a file to the payment: the territory's
/// grid and yearly budgets per kind, the instruction (reste à vivre and the grid's proposal,
/// computed once when the application is recorded, so the commission sees what the agent saw),
/// the commission that decides, and the payments against the budget. Each state change checks
/// the state it starts from inside its transaction, with the row locked: two coordinators cannot
/// decide one application twice, nor two payments spend the same remaining budget.
public struct AidService: Sendable {
    let database: AutourDatabase
    let people: PeopleRepository
    let clock: WallClock

    public init(database: AutourDatabase, people: PeopleRepository, clock: WallClock = .system) {
        self.database = database
        self.people = people
        self.clock = clock
    }

    var sql: any SQLDatabase { get throws { try database.sql } }

    private func trace(_ action: AuditAction, _ type: String, _ id: UUID, actor: Actor, on tx: any Database) async throws {
        try await database.trace(action, type, id.uuidString, actor: actor, at: clock.now(), on: tx)
    }

    /// The current year in France: the budgets' year.
    public var currentYear: Int { FrenchTime.calendar.component(.year, from: clock.now()) }

    // MARK: Rules: the grid and the yearly budgets

    var settings: SettingsRepository { SettingsRepository(database: database) }

    public func grid(territoryId: UUID) async throws -> AidGrid {
        try await settings.territorySetting("aid_grid", territoryId: territoryId, as: AidGrid.self) ?? .standard
    }

    public func saveGrid(_ bands: [AidGridBand], actor: Actor) async throws {
        try Permissions.require(actor, .decideAid)
        try await settings.saveTerritorySetting("aid_grid", try AidGrid.validated(bands), actor: actor, at: clock.now())
    }

    public struct Budget: Sendable, Equatable {
        public let kind: AidKind
        public let year: Int
        /// Nil while the coordinator has not set this kind's rules for the year.
        public let ceilingCents: Int?
        public let budgetCents: Int
        public let spentCents: Int
        public var remainingCents: Int { budgetCents - spentCents }
    }

    /// Every kind's ceiling, budget and what the year's payments spent, in the kinds' order.
    public func budgets(year: Int, territoryId: UUID) async throws -> [Budget] {
        try await budgets(year: year, territoryId: territoryId, on: try sql)
    }

    /// Inside a write, on its transaction: another connection taken there waits for this one.
    func budgets(year: Int, territoryId: UUID, on sql: any SQLDatabase) async throws -> [Budget] {
        struct Rule: Decodable { let kind: String, ceiling_cents: Int, budget_cents: Int }
        struct Spent: Decodable { let kind: String, spent: Int }
        let rules = try await sql.select().columns("kind", "ceiling_cents", "budget_cents").from("aid_budgets")
            .where("territory_id", .equal, SQLBind(territoryId)).where("year", .equal, SQLBind(year)).all(decoding: Rule.self)
        let spent = try await sql.select().column("kind").column(Self.sumCents, as: "spent").from("aid_payments")
            .where("territory_id", .equal, SQLBind(territoryId)).where("year", .equal, SQLBind(year)).groupBy("kind").all(decoding: Spent.self)
        let ruleByKind = Dictionary(rules.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        let spentByKind = Dictionary(spent.map { ($0.kind, $0.spent) }, uniquingKeysWith: +)
        return AidKind.allCases.map { kind in
            let rule = ruleByKind[kind.rawValue]
            return Budget(
                kind: kind, year: year, ceilingCents: rule?.ceiling_cents, budgetCents: rule?.budget_cents ?? 0,
                spentCents: spentByKind[kind.rawValue] ?? 0)
        }
    }

    public func budget(kind: AidKind, year: Int, territoryId: UUID) async throws -> Budget {
        try await budgets(year: year, territoryId: territoryId).first { $0.kind == kind }!
    }

    /// Sets a kind's ceiling and budget for a year. A budget below what was already paid is refused.
    public func setBudget(kind: AidKind, year: Int, ceilingCents: Int, budgetCents: Int, actor: Actor) async throws {
        try await setBudgets([kind: (ceilingCents, budgetCents)], year: year, actor: actor)
    }

    /// Sets kinds' ceilings and budgets for a year, all or none: every amount is checked, and a
    /// budget below what was already paid refused, before anything is stored. Errors name their
    /// row (`ceiling-food`, `budget-energy`), as the rules page's fields do.
    public func setBudgets(_ rules: [AidKind: (ceilingCents: Int, budgetCents: Int)], year: Int, actor: Actor) async throws {
        try Permissions.require(actor, .decideAid)
        var errors = FieldErrors()
        if !(2000...2100).contains(year) { errors.add("year", "Une année de 2000 à 2100.") }
        for (kind, rule) in rules {
            if !(100...AidRules.maxAmountCents).contains(rule.ceilingCents) { errors.add("ceiling-\(kind.rawValue)", "Un plafond de 1 à 100 000 €.") }
            if !(0...AidRules.maxBudgetCents).contains(rule.budgetCents) { errors.add("budget-\(kind.rawValue)", "Un budget de 0 à 100 millions d'euros.") }
        }
        try errors.throwIfAny("Certains montants sont à corriger.")
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            struct Row: Decodable { let id: UUID }
            for kind in AidKind.allCases {
                guard let rule = rules[kind] else { continue }
                let existing = try await sql.select().column("id").from("aid_budgets").where("territory_id", .equal, SQLBind(actor.territoryId))
                    .where("year", .equal, SQLBind(year)).where("kind", .equal, SQLBind(kind.rawValue)).first(decoding: Row.self)
                if let existing { try await database.lockRow("aid_budgets", id: existing.id, on: tx) }
                let spent = try await Self.spent(kind: kind, year: year, territoryId: actor.territoryId, on: sql)
                guard rule.budgetCents >= spent else {
                    throw AutourError.invalid(
                        "Le budget ne peut pas être inférieur à ce qui est déjà versé.",
                        fields: ["budget-\(kind.rawValue)": "Déjà versé cette année : \(FrenchMoney.text(cents: spent))."])
                }
                let id = existing?.id ?? UUID()
                if existing != nil {
                    try await sql.update("aid_budgets").set("ceiling_cents", to: SQLBind(rule.ceilingCents))
                        .set("budget_cents", to: SQLBind(rule.budgetCents)).where("id", .equal, SQLBind(id)).run()
                } else {
                    try await sql.insert(into: "aid_budgets").columns("id", "territory_id", "year", "kind", "ceiling_cents", "budget_cents")
                        .values(
                            SQLBind(id), SQLBind(actor.territoryId), SQLBind(year), SQLBind(kind.rawValue), SQLBind(rule.ceilingCents),
                            SQLBind(rule.budgetCents)
                        ).run()
                }
                try await trace(.update, "aid_budget", id, actor: actor, on: tx)
            }
        }
    }

    /// The sum of `amount_cents` as an integer on both engines (PostgreSQL sums a BIGINT as NUMERIC).
    static let sumCents = SQLRaw("CAST(SUM(amount_cents) AS BIGINT)")

    static func spent(kind: AidKind, year: Int, territoryId: UUID, on sql: any SQLDatabase) async throws -> Int {
        struct Row: Decodable { let spent: Int? }
        return try await sql.select().column(Self.sumCents, as: "spent").from("aid_payments")
            .where("territory_id", .equal, SQLBind(territoryId)).where("year", .equal, SQLBind(year)).where("kind", .equal, SQLBind(kind.rawValue))
            .first(decoding: Row.self)?.spent ?? 0
    }

    // MARK: Applications and their instruction

    public struct Application: Sendable, Equatable {
        public let id: UUID
        public let personId: UUID
        public let input: AidApplicationInput
        public let dailyCents: Int
        public let proposalCents: Int?
        public let status: AidStatus
        public let commissionId: UUID?
        public let grantedCents: Int?
        public let decisionReason: String
        public let decidedAt: Date?
        public let createdAt: Date
        public let paidCents: Int
        public var leftToPayCents: Int { (grantedCents ?? 0) - paidCents }
    }

    static let applicationColumns = [
        "id", "person_id", "kind", "requested_cents", "reason", "resources_cents", "charges_cents", "adults", "children", "daily_cents", "proposal_cents",
        "status", "commission_id", "granted_cents", "decision_reason", "decided_at", "created_at",
    ]

    struct ApplicationRow: Decodable {
        let id: UUID, person_id: UUID, kind: String, requested_cents: Int, reason: String, resources_cents: Int, charges_cents: Int, adults: Int
        let children: Int, daily_cents: Int, proposal_cents: Int?, status: String, commission_id: UUID?, granted_cents: Int?, decision_reason: String
        let decided_at: Date?, created_at: Date

        func application(paid: Int) -> Application? {
            guard let kind = AidKind(rawValue: kind), let status = AidStatus(rawValue: status) else { return nil }
            return Application(
                id: id, personId: person_id,
                input: AidApplicationInput(
                    kind: kind, requestedCents: requested_cents, reason: reason, resourcesCents: resources_cents, chargesCents: charges_cents,
                    adults: adults, children: children),
                dailyCents: daily_cents, proposalCents: proposal_cents, status: status, commissionId: commission_id, grantedCents: granted_cents,
                decisionReason: decision_reason, decidedAt: decided_at, createdAt: created_at, paidCents: paid)
        }
    }

    /// Applications matching `filter`, newest first, with what was paid on each.
    func applications(on sql: any SQLDatabase, _ filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [Application] {
        let rows = try await filter(sql.select().columns(Self.applicationColumns).from("aid_applications")).orderBy("created_at", .descending)
            .all(decoding: ApplicationRow.self)
        guard !rows.isEmpty else { return [] }
        struct Paid: Decodable { let application_id: UUID, paid: Int }
        var paid: [UUID: Int] = [:]
        // One query per 500 applications: the binds of one statement stay within every engine's limit.
        for slice in stride(from: 0, to: rows.count, by: 500).map({ Array(rows[$0..<min($0 + 500, rows.count)]) }) {
            for row in try await sql.select().column("application_id").column(Self.sumCents, as: "paid")
                .from("aid_payments").where("application_id", .in, SQLBind.group(slice.map(\.id))).groupBy("application_id").all(decoding: Paid.self)
            {
                paid[row.application_id] = row.paid
            }
        }
        return rows.compactMap { $0.application(paid: paid[$0.id] ?? 0) }
    }

    func find(_ id: UUID, territoryId: UUID, on sql: any SQLDatabase) async throws -> Application {
        guard let found = try await applications(on: sql, { $0.where("id", .equal, SQLBind(id)).where("territory_id", .equal, SQLBind(territoryId)) }).first
        else { throw AutourError.notFound }
        return found
    }

    public func application(id: UUID, actor: Actor) async throws -> Application {
        try Permissions.require(actor, .applyForAid)
        return try await find(id, territoryId: actor.territoryId, on: try sql)
    }

    /// The territory's applications in `statuses` (all when empty).
    public func applications(statuses: [AidStatus] = [], actor: Actor) async throws -> [Application] {
        try Permissions.require(actor, .applyForAid)
        return try await applications(on: try sql) { query in
            let scoped = query.where("territory_id", .equal, SQLBind(actor.territoryId))
            return statuses.isEmpty ? scoped : scoped.where("status", .in, SQLBind.group(statuses.map(\.rawValue)))
        }
    }

    /// A person's applications: the history the file shows.
    public func applications(personId: UUID, actor: Actor) async throws -> [Application] {
        try Permissions.require(actor, .applyForAid)
        return try await applications(on: try sql) {
            $0.where("territory_id", .equal, SQLBind(actor.territoryId)).where("person_id", .equal, SQLBind(personId))
        }
    }

    /// What an application form starts from: the household and resources of the reviewed
    /// situation when there is one (the rent as a charge), otherwise one adult and nothing.
    public func draft(kind: AidKind, situation: HouseholdSituation?) -> AidApplicationInput {
        guard let situation else {
            return AidApplicationInput(kind: kind, requestedCents: 0, reason: "", resourcesCents: 0, chargesCents: 0, adults: 1, children: 0)
        }
        let period = YearMonth(containing: clock.now())
        let resources = situation.members.reduce(0) { total, member in
            total + IncomeKind.allCases.reduce(0) { $0 + (FrenchMoney.cents(member.income($1)) ?? 0) }
        }
        let children = situation.members.filter { (SituationRules.age(birthDate: $0.birthDate, at: period) ?? 99) < 14 }.count
        return AidApplicationInput(
            kind: kind, requestedCents: 0, reason: "", resourcesCents: min(resources, ResteAVivre.maxMonthlyCents),
            chargesCents: min(situation.housing.rent.flatMap(FrenchMoney.cents) ?? 0, ResteAVivre.maxMonthlyCents),
            adults: max(situation.members.count - children, 1), children: children)
    }

    /// Records an application from a live file, with the reste à vivre and the grid's proposal.
    public func apply(personId: UUID, _ input: AidApplicationInput, actor: Actor) async throws -> Application {
        try Permissions.require(actor, .applyForAid)
        guard let person = try await people.find(id: personId, territoryId: actor.territoryId) else { throw AutourError.notFound }
        guard person.erasedAt == nil else { throw AutourError.conflict("Cette personne a été anonymisée.") }
        let checked = try input.validated()
        let daily = checked.dailyPerUnitCents
        let grid = try await grid(territoryId: actor.territoryId)
        let ceiling = try await budget(kind: checked.kind, year: currentYear, territoryId: actor.territoryId).ceilingCents
        let proposal = ceiling.flatMap { grid.proposal(dailyCents: daily, requestedCents: checked.requestedCents, ceilingCents: $0) }
        let id = UUID()
        let now = clock.now()
        try await database.write { tx in
            try await (tx as! any SQLDatabase).insert(into: "aid_applications").columns(
                "id", "territory_id", "person_id", "kind", "requested_cents", "reason", "resources_cents", "charges_cents", "adults", "children",
                "daily_cents", "proposal_cents", "status", "decision_reason", "created_at", "created_by"
            )
            .values(
                SQLBind(id), SQLBind(actor.territoryId), SQLBind(personId), SQLBind(checked.kind.rawValue), SQLBind(checked.requestedCents),
                SQLBind(checked.reason), SQLBind(checked.resourcesCents), SQLBind(checked.chargesCents), SQLBind(checked.adults),
                SQLBind(checked.children), SQLBind(daily), SQLBind(proposal), SQLBind(AidStatus.submitted.rawValue), SQLBind(""), SQLBind(now),
                SQLBind(actor.accountId)
            ).run()
            try await trace(.create, "aid_application", id, actor: actor, on: tx)
        }
        return try await find(id, territoryId: actor.territoryId, on: try sql)
    }

    // MARK: Commissions

    public struct Commission: Sendable, Equatable {
        public let id: UUID
        public let meetsOn: String
        public let minutes: String
        public let closedAt: Date?
        public var isOpen: Bool { closedAt == nil }
    }

    struct CommissionRow: Decodable {
        let id: UUID, meets_on: String, minutes: String, closed_at: Date?
        var commission: Commission { Commission(id: id, meetsOn: meets_on, minutes: minutes, closedAt: closed_at) }
    }

    public func commissions(actor: Actor) async throws -> [Commission] {
        try Permissions.require(actor, .applyForAid)
        return try await sql.select().columns("id", "meets_on", "minutes", "closed_at").from("aid_commissions")
            .where("territory_id", .equal, SQLBind(actor.territoryId)).orderBy("meets_on", .descending).all(decoding: CommissionRow.self).map(\.commission)
    }

    func commission(_ id: UUID, territoryId: UUID, on sql: any SQLDatabase) async throws -> Commission {
        guard
            let row = try await sql.select().columns("id", "meets_on", "minutes", "closed_at").from("aid_commissions").where("id", .equal, SQLBind(id))
                .where("territory_id", .equal, SQLBind(territoryId)).first(decoding: CommissionRow.self)
        else { throw AutourError.notFound }
        return row.commission
    }

    /// One decision of a commission, with its application: a line of the minutes, a letter.
    public struct Decided: Sendable, Equatable {
        public let id: UUID
        public let application: Application
        public let commissionId: UUID
        public let decision: AidDecision
        public let amountCents: Int?
        public let reason: String
        public let decidedAt: Date
    }

    struct DecisionRow: Decodable {
        let id: UUID, application_id: UUID, commission_id: UUID, decision: String, amount_cents: Int?, reason: String, decided_at: Date
    }

    func decisions(on sql: any SQLDatabase, territoryId: UUID, _ filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [Decided] {
        let rows = try await filter(
            sql.select().columns("id", "application_id", "commission_id", "decision", "amount_cents", "reason", "decided_at").from("aid_decisions")
                .where("territory_id", .equal, SQLBind(territoryId))
        ).orderBy("decided_at").all(decoding: DecisionRow.self)
        guard !rows.isEmpty else { return [] }
        let ids = Set(rows.map(\.application_id))
        var byId: [UUID: Application] = [:]
        for slice in stride(from: 0, to: ids.count, by: 500).map({ Array(Array(ids)[$0..<min($0 + 500, ids.count)]) }) {
            for application in try await applications(on: sql, { $0.where("id", .in, SQLBind.group(slice)) }) { byId[application.id] = application }
        }
        return rows.compactMap { row in
            guard let application = byId[row.application_id], let decision = AidDecision(rawValue: row.decision) else { return nil }
            return Decided(
                id: row.id, application: application, commissionId: row.commission_id, decision: decision, amountCents: row.amount_cents,
                reason: row.reason, decidedAt: row.decided_at)
        }
    }

    /// A commission, what it decided (the minutes' lines) and what still waits on its agenda.
    public func commission(id: UUID, actor: Actor) async throws -> (commission: Commission, decided: [Decided], waiting: [Application]) {
        try Permissions.require(actor, .applyForAid)
        let sql = try sql
        let commission = try await commission(id, territoryId: actor.territoryId, on: sql)
        let decided = try await decisions(on: sql, territoryId: actor.territoryId) { $0.where("commission_id", .equal, SQLBind(id)) }
        let waiting = try await applications(on: sql) {
            $0.where("territory_id", .equal, SQLBind(actor.territoryId)).where("commission_id", .equal, SQLBind(id))
                .where("status", .equal, SQLBind(AidStatus.scheduled.rawValue))
        }
        return (commission, decided, waiting.sorted { $0.createdAt < $1.createdAt })
    }

    /// One decision (its letter), of the actor's territory.
    public func decision(id: UUID, actor: Actor) async throws -> Decided {
        try Permissions.require(actor, .applyForAid)
        guard let found = try await decisions(on: try sql, territoryId: actor.territoryId, { $0.where("id", .equal, SQLBind(id)) }).first else {
            throw AutourError.notFound
        }
        return found
    }

    /// The decisions on a person's applications, oldest first: the file's history.
    public func decisions(personId: UUID, actor: Actor) async throws -> [Decided] {
        try Permissions.require(actor, .applyForAid)
        let sql = try sql
        let ids = try await applications(personId: personId, actor: actor).map(\.id)
        guard !ids.isEmpty else { return [] }
        return try await decisions(on: sql, territoryId: actor.territoryId) { $0.where("application_id", .in, SQLBind.group(ids)) }
    }

    public func openCommission(meetsOn: String, actor: Actor) async throws -> Commission {
        try Permissions.require(actor, .decideAid)
        guard PersonRules.parseDay(meetsOn) != nil else {
            throw AutourError.invalid("La date est à corriger.", fields: ["meetsOn": "Choisissez le jour de la commission."])
        }
        let id = UUID()
        try await database.write { tx in
            try await (tx as! any SQLDatabase).insert(into: "aid_commissions").columns("id", "territory_id", "meets_on", "minutes")
                .values(SQLBind(id), SQLBind(actor.territoryId), SQLBind(meetsOn), SQLBind("")).run()
            try await trace(.create, "aid_commission", id, actor: actor, on: tx)
        }
        return Commission(id: id, meetsOn: meetsOn, minutes: "", closedAt: nil)
    }

    /// Puts an application awaiting a commission on an open commission's agenda.
    public func schedule(applicationId: UUID, commissionId: UUID, actor: Actor) async throws {
        try Permissions.require(actor, .decideAid)
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("aid_applications", id: applicationId, on: tx)
            let application = try await find(applicationId, territoryId: actor.territoryId, on: sql)
            let commission = try await commission(commissionId, territoryId: actor.territoryId, on: sql)
            guard commission.isOpen else { throw AutourError.conflict("Cette commission est close : choisissez-en une à venir.") }
            guard application.status.awaitsAgenda else { throw AutourError.conflict("Cette demande n'attend plus de commission.") }
            try await sql.update("aid_applications").set("status", to: SQLBind(AidStatus.scheduled.rawValue))
                .set("commission_id", to: SQLBind(commissionId)).where("id", .equal, SQLBind(applicationId)).run()
            try await trace(.update, "aid_application", applicationId, actor: actor, on: tx)
        }
    }

    /// Records the commission's decision on an application of its agenda, while it is open.
    @discardableResult
    public func decide(applicationId: UUID, _ decision: AidDecision, amountCents: Int?, reason: String, actor: Actor) async throws -> UUID {
        try Permissions.require(actor, .decideAid)
        let now = clock.now()
        return try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("aid_applications", id: applicationId, on: tx)
            let application = try await find(applicationId, territoryId: actor.territoryId, on: sql)
            guard application.status == .scheduled, let commissionId = application.commissionId,
                try await commission(commissionId, territoryId: actor.territoryId, on: sql).isOpen
            else { throw AutourError.conflict("Seule une demande inscrite à une commission ouverte peut être décidée.") }
            let ceiling = try await budgets(year: currentYear, territoryId: actor.territoryId, on: sql).first { $0.kind == application.input.kind }?
                .ceilingCents
            guard decision != .granted || ceiling != nil else {
                throw AutourError.conflict("Le plafond de cette aide n'est pas fixé pour l'année : fixez-le dans les règles avant d'accorder.")
            }
            let checked = try AidRules.decide(
                decision, amountCents: amountCents, reason: reason, requestedCents: application.input.requestedCents, ceilingCents: ceiling ?? 0)
            // A postponed application leaves the agenda: it waits for the next commission.
            try await sql.update("aid_applications").set("status", to: SQLBind(decision.status.rawValue))
                .set("granted_cents", to: SQLBind(checked.amount)).set("decision_reason", to: SQLBind(checked.reason))
                .set("decided_at", to: SQLBind(now)).where("id", .equal, SQLBind(applicationId)).run()
            let decisionId = UUID()
            try await sql.insert(into: "aid_decisions").columns(
                "id", "territory_id", "application_id", "commission_id", "decision", "amount_cents", "reason", "decided_at", "decided_by"
            )
            .values(
                SQLBind(decisionId), SQLBind(actor.territoryId), SQLBind(applicationId), SQLBind(commissionId), SQLBind(decision.rawValue),
                SQLBind(checked.amount), SQLBind(checked.reason), SQLBind(now), SQLBind(actor.accountId)
            ).run()
            try await trace(.create, "aid_decision", decisionId, actor: actor, on: tx)
            return decisionId
        }
    }

    /// Closes the commission with its minutes; refused while an application of its agenda waits
    /// for a decision.
    public func close(commissionId: UUID, minutes: String, actor: Actor) async throws {
        try Permissions.require(actor, .decideAid)
        let text = try FieldErrors.checkedText(minutes, 0...20_000, field: "minutes", label: "Le procès-verbal", summary: "Le procès-verbal est trop long.")
        let now = clock.now()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("aid_commissions", id: commissionId, on: tx)
            guard try await commission(commissionId, territoryId: actor.territoryId, on: sql).isOpen else {
                throw AutourError.conflict("Cette commission est déjà close.")
            }
            struct Count: Decodable { let n: Int }
            let waiting =
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("aid_applications")
                .where("commission_id", .equal, SQLBind(commissionId)).where("status", .equal, SQLBind(AidStatus.scheduled.rawValue))
                .first(decoding: Count.self)?.n ?? 0
            guard waiting == 0 else {
                throw AutourError.conflict("\(waiting) demande(s) de l'ordre du jour attendent encore une décision.")
            }
            try await sql.update("aid_commissions").set("minutes", to: SQLBind(text)).set("closed_at", to: SQLBind(now))
                .set("closed_by", to: SQLBind(actor.accountId)).where("id", .equal, SQLBind(commissionId)).run()
            try await trace(.update, "aid_commission", commissionId, actor: actor, on: tx)
        }
    }

    // MARK: Payments

    public struct Payment: Sendable, Equatable {
        public let id: UUID, applicationId: UUID, amountCents: Int, payee: AidPayee, creditor: String, paidOn: String
    }

    public func payments(applicationId: UUID, actor: Actor) async throws -> [Payment] {
        try Permissions.require(actor, .applyForAid)
        struct Row: Decodable { let id: UUID, application_id: UUID, amount_cents: Int, payee: String, creditor: String, paid_on: String }
        return try await sql.select().columns("id", "application_id", "amount_cents", "payee", "creditor", "paid_on").from("aid_payments")
            .where("application_id", .equal, SQLBind(applicationId)).where("territory_id", .equal, SQLBind(actor.territoryId)).orderBy("paid_on")
            .all(decoding: Row.self).map {
                Payment(
                    id: $0.id, applicationId: $0.application_id, amountCents: $0.amount_cents, payee: AidPayee(rawValue: $0.payee) ?? .person,
                    creditor: $0.creditor, paidOn: $0.paid_on)
            }
    }

    /// Records a payment on a granted application: within what was granted and not yet paid, and
    /// within what remains of the kind's budget for the payment's year.
    public func pay(applicationId: UUID, amountCents: Int, payee: AidPayee, creditor: String, paidOn: String, actor: Actor) async throws -> Payment {
        try Permissions.require(actor, .decideAid)
        guard let day = PersonRules.parseDay(paidOn) else {
            throw AutourError.invalid("La date est à corriger.", fields: ["paidOn": "Choisissez le jour du paiement."])
        }
        let year = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: day).year!
        let creditorName = try FieldErrors.checkedText(
            payee == .creditor ? creditor : "", payee == .creditor ? 2...200 : 0...0, field: "creditor", label: "Le créancier",
            summary: "Nommez le créancier payé.")
        let id = UUID()
        try await database.write { tx in
            let sql = tx as! any SQLDatabase
            try await database.lockRow("aid_applications", id: applicationId, on: tx)
            let application = try await find(applicationId, territoryId: actor.territoryId, on: sql)
            guard application.status == .granted, let granted = application.grantedCents else {
                throw AutourError.conflict("Seule une aide accordée peut être versée.")
            }
            let kind = application.input.kind
            // The budget row is the lock two payments of the same kind and year queue on.
            struct Rule: Decodable { let id: UUID, budget_cents: Int }
            let rule = try await sql.select().columns("id", "budget_cents").from("aid_budgets").where("territory_id", .equal, SQLBind(actor.territoryId))
                .where("year", .equal, SQLBind(year)).where("kind", .equal, SQLBind(kind.rawValue)).first(decoding: Rule.self)
            if let rule { try await database.lockRow("aid_budgets", id: rule.id, on: tx) }
            let spent = try await Self.spent(kind: kind, year: year, territoryId: actor.territoryId, on: sql)
            try AidRules.checkPayment(
                amountCents: amountCents, grantedCents: granted, paidCents: application.paidCents, budgetRemainingCents: (rule?.budget_cents ?? 0) - spent)
            try await sql.insert(into: "aid_payments").columns(
                "id", "territory_id", "application_id", "year", "kind", "amount_cents", "payee", "creditor", "paid_on", "created_at", "created_by"
            )
            .values(
                SQLBind(id), SQLBind(actor.territoryId), SQLBind(applicationId), SQLBind(year), SQLBind(kind.rawValue), SQLBind(amountCents),
                SQLBind(payee.rawValue), SQLBind(creditorName), SQLBind(paidOn), SQLBind(clock.now()), SQLBind(actor.accountId)
            ).run()
            try await trace(.create, "aid_payment", id, actor: actor, on: tx)
        }
        return Payment(id: id, applicationId: applicationId, amountCents: amountCents, payee: payee, creditor: creditorName, paidOn: paidOn)
    }
}
