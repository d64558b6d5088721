import AutourCore
import Foundation
import Testing

@Suite("Radar rules")
struct RadarRulesTests {
    let territory = Territory(
        id: UUID(), slug: "t", name: "T", communes: ["69256"],
        neighbourhoods: [Neighbourhood(id: UUID(), name: "Grande Île", communeCode: "69256")])
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func signal(
        _ kind: SignalKind = .isolation, _ urgency: SignalUrgency = .normal, hoursAgo: Double = 0, name: String? = "Mme Blanc",
        address: String? = nil, status: SignalStatus = .new
    ) -> Signal {
        Signal(
            id: UUID(), territoryId: territory.id, kind: kind, urgency: urgency, personName: name, address: address, status: status,
            createdBy: UUID(), source: .watcher, createdAt: now.addingTimeInterval(-hoursAgo * 3600))
    }

    @Test("a signal without kind, urgency, consent answer or any way to know the person is refused field by field")
    func everyMissingFieldIsNamed() {
        #expect(throws: AutourError.self) {
            try SignalRules.validate(SignalInput(kind: "", urgency: "", consentToContact: ""), territory: territory, today: now)
        }
        do {
            _ = try SignalRules.validate(SignalInput(kind: "diagnostic", urgency: "", consentToContact: "peut-être"), territory: territory, today: now)
        } catch {
            #expect(Set(error.fields.keys) == ["kind", "urgency", "consentToContact", "personName"])
        }
    }

    @Test("free text is limited to 500 characters and the neighbourhood must be the territory's")
    func detailsAreShortAndPlacesKnown() throws {
        let long = String(repeating: "a", count: 501)
        do {
            _ = try SignalRules.validate(
                SignalInput(
                    kind: "food", urgency: "normal", personName: "M. Roche", neighbourhood: "Atlantide",
                    details: long, consentToContact: "yes"), territory: territory, today: now)
            Issue.record("accepted")
        } catch {
            #expect(error.fields["details"] == "500 caractères au plus.")
            #expect(error.fields["neighbourhood"] != nil)
        }
        let valid = try SignalRules.validate(
            SignalInput(
                kind: "food", urgency: "urgent", personDescription: "monsieur du 3e",
                neighbourhood: "grande ile", consentToContact: "unknown"), territory: territory, today: now)
        #expect(valid.neighbourhood == "Grande Île")
        #expect(valid.personName == nil)
    }

    @Test("a hospital discharge needs its discharge date, not one in the past")
    func dischargeNeedsADate() throws {
        let input = { (date: String?) in
            SignalInput(kind: "hospital_discharge", urgency: "normal", personName: "M. Petit", consentToContact: "yes", dischargeDate: date)
        }
        #expect(throws: AutourError.self) { try SignalRules.validate(input(nil), territory: territory, today: now) }
        #expect(throws: AutourError.self) { try SignalRules.validate(input("2020-01-01"), territory: territory, today: now) }
        #expect(try SignalRules.validate(input("2026-12-31"), territory: territory, today: now).dischargeDate == "2026-12-31")
    }

    @Test("only partners and the CCAS report a hospital discharge")
    func dischargeSenders() throws {
        for role in Role.allCases {
            let actor = Actor(accountId: UUID(), territoryId: territory.id, roles: [role])
            let allowed = (try? SignalRules.checkSender(of: .hospitalDischarge, actor)) != nil
            #expect(allowed == [.partner, .agent, .coordinator].contains(role), "\(role)")
            try SignalRules.checkSender(of: .isolation, actor)
        }
    }

    @Test("first contact is due within 24 h when urgent, 7 days otherwise, before the date for a hospital discharge")
    func deadlines() {
        let urgent = signal(.isolation, .urgent)
        #expect(SignalRules.deadline(of: urgent) == urgent.createdAt.addingTimeInterval(86400))
        let normal = signal()
        #expect(SignalRules.deadline(of: normal) == normal.createdAt.addingTimeInterval(7 * 86400))
        var discharge = signal(.hospitalDischarge)
        discharge.dischargeDate = "2026-11-20"
        #expect(SignalRules.deadline(of: discharge) == PersonRules.parseDay("2026-11-20"))
    }

    @Test("an open signal past its deadline with no contact is overdue; a contact or a closing stops the clock")
    func overdue() {
        var late = signal(.isolation, .urgent, hoursAgo: 25)
        #expect(SignalRules.isOverdue(late, now: now))
        #expect(!SignalRules.isOverdue(signal(.isolation, .urgent, hoursAgo: 23), now: now))
        late.firstContactAt = now
        #expect(!SignalRules.isOverdue(late, now: now))
        #expect(!SignalRules.isOverdue(signal(.isolation, .urgent, hoursAgo: 25, status: .closed), now: now))
    }

    @Test("the queue puts urgent signals and hospital discharges first, then the oldest")
    func queueOrder() {
        let oldNormal = signal(hoursAgo: 100), newUrgent = signal(.food, .urgent, hoursAgo: 1), discharge = signal(.hospitalDischarge, hoursAgo: 2),
            newNormal = signal(hoursAgo: 3)
        let sorted = [newNormal, oldNormal, newUrgent, discharge].sorted(by: SignalRules.queueOrder).map(\.id)
        #expect(sorted == [discharge.id, newUrgent.id, oldNormal.id, newNormal.id])
    }

    @Test("every move of the workflow, from every status; a closed signal moves no more", arguments: SignalStatus.allCases)
    func transitions(from status: SignalStatus) throws {
        guard status != .closed else {
            for move in [SignalRules.Move.assign, .qualify, .contact, .close] {
                #expect(throws: AutourError.conflict("Ce signalement est clos.")) { try SignalRules.status(after: move, from: status) }
            }
            return
        }
        #expect(try SignalRules.status(after: .assign, from: status) == (status == .new ? .assigned : status))
        #expect(try SignalRules.status(after: .qualify, from: status) == .qualified)
        #expect(try SignalRules.status(after: .contact, from: status) == status)
        #expect(try SignalRules.status(after: .close, from: status) == .closed)
    }

    @Test("a sender only ever learns received, taken up or closed")
    func senderStatus() {
        #expect(SignalStatus.allCases.map(\.senderStatus) == [.received, .takenUp, .takenUp, .closed])
    }

    @Test("the same name or address within 30 days is a likely duplicate; older, other people, or merged ones are not")
    func duplicates() {
        let base = signal(name: "Mme Lebrun", address: "14 rue Émile Zola")
        let sameName = signal(hoursAgo: 48, name: "mme lebrun")
        let sameAddress = signal(hoursAgo: 24 * 20, name: nil, address: "14 rue Emile-Zola")
        let tooOld = signal(hoursAgo: 24 * 31, name: "Mme Lebrun")
        var merged = signal(hoursAgo: 1, name: "Mme Lebrun")
        merged.outcome = .duplicate
        let other = signal(hoursAgo: 1, name: "M. Roche")
        let found = SignalRules.likelyDuplicates(of: base, among: [base, sameName, sameAddress, tooOld, merged, other]).map(\.id)
        #expect(Set(found) == [sameName.id, sameAddress.id])
        #expect(SignalRules.likelyDuplicates(of: signal(name: nil), among: [sameName]).isEmpty)
    }

    @Test("a watcher must accept the charter in force and be active; partners and agents are not asked")
    func watchersCharter() throws {
        let watcher = Actor(accountId: UUID(), territoryId: territory.id, roles: [.watcher])
        let charter = WatcherCharter(version: 2, text: "…", createdAt: now)
        #expect(throws: AutourError.self) { try WatcherRules.checkCanSend(watcher, profile: nil, current: charter) }
        let old = WatcherProfile(accountId: watcher.accountId, charterVersion: 1)
        #expect(throws: AutourError.self) { try WatcherRules.checkCanSend(watcher, profile: old, current: charter) }
        try WatcherRules.checkCanSend(watcher, profile: WatcherProfile(accountId: watcher.accountId, charterVersion: 2), current: charter)
        try WatcherRules.checkCanSend(watcher, profile: nil, current: nil)
        let paused = WatcherProfile(accountId: watcher.accountId, charterVersion: 2, deactivatedAt: now)
        #expect(throws: AutourError.self) { try WatcherRules.checkCanSend(watcher, profile: paused, current: charter) }
        let partner = Actor(accountId: UUID(), territoryId: territory.id, roles: [.partner])
        try WatcherRules.checkCanSend(partner, profile: nil, current: charter)
    }

    @Test("every call outcome from every call status", arguments: CallStatus.allCases)
    func callWorkflow(from status: CallStatus) {
        let expected: [CallOutcome: CallStatus] =
            switch status {
            case .toCall: [.fine: .fine, .visitNeeded: .visitNeeded, .unreachable: .callAgain]
            case .callAgain: [.fine: .fine, .visitNeeded: .visitNeeded, .unreachable: .visitNeeded]
            case .visitNeeded: [.visited: .visited, .fine: .visited]
            case .fine, .visited: [:]
            }
        for outcome in CallOutcome.allCases {
            if let next = expected[outcome] {
                #expect((try? CampaignRules.next(from: status, after: outcome)) == next, "\(status) + \(outcome)")
            } else {
                #expect(throws: AutourError.self) { try CampaignRules.next(from: status, after: outcome) }
            }
        }
    }

    @Test("a campaign's calls are split so that shares differ by one at most, each a run of neighbours", arguments: [(200, 3), (7, 3), (2, 5), (0, 2)])
    func fairSplit(people: Int, callers: Int) {
        let items = (0..<people).map { "quartier-\($0 % 7)|\($0)" }
        let ids = (0..<callers).map { _ in UUID() }
        let split = CampaignRules.split(items, sortKey: { $0 }, among: ids)
        #expect(split.count == people)
        #expect(Set(split.map(\.0)).count == people)
        let shares = Dictionary(grouping: split, by: \.1).mapValues(\.count)
        let sizes = ids.map { shares[$0] ?? 0 }
        #expect(sizes.max()! - sizes.min()! <= 1)
        // Contiguous: once a caller's run ends, they get nobody after.
        let order = split.map(\.1)
        for id in ids where order.contains(id) {
            let first = order.firstIndex(of: id)!, last = order.lastIndex(of: id)!
            #expect(order[first...last].allSatisfy { $0 == id })
        }
    }

    @Test("a campaign's progress counts each person once and is complete when everyone is fine or visited")
    func progress() {
        func call(_ status: CallStatus, attempts: Int, unreachable: Int = 0) -> CampaignCall {
            CampaignCall(
                id: UUID(), campaignId: UUID(), personId: UUID(), callerId: UUID(), status: status, attempts: attempts,
                unreachableCount: unreachable, lastCalledAt: nil, note: "")
        }
        var calls = [
            call(.toCall, attempts: 0), call(.fine, attempts: 1), call(.visitNeeded, attempts: 2, unreachable: 2),
            call(.callAgain, attempts: 1, unreachable: 1), call(.visited, attempts: 1),
        ]
        var progress = CampaignProgress(calls)
        let counts: [Int] = [
            progress.total, progress.called, progress.fine, progress.visitNeeded, progress.unreachable, progress.visited,
            progress.remaining,
        ]
        #expect(counts == [5, 4, 1, 1, 2, 1, 3])
        #expect(!progress.isComplete)
        calls = calls.filter { $0.status.isSettled }
        progress = CampaignProgress(calls)
        #expect(progress.isComplete)
    }

    @Test("a check-in is missed a day after it was due; only a worrying or unanswered call raises a signal")
    func checkIns() throws {
        let plan = CheckInPlan(
            id: UUID(), territoryId: territory.id, personId: UUID(), callerId: UUID(), frequencyDays: 7,
            nextDueAt: now, lastAt: nil, lastOutcome: nil, stoppedAt: nil)
        #expect(!CheckInRules.isMissed(plan, now: now.addingTimeInterval(86000)))
        #expect(CheckInRules.isMissed(plan, now: now.addingTimeInterval(86401)))
        var stopped = plan
        stopped.stoppedAt = now
        #expect(!CheckInRules.isMissed(stopped, now: now.addingTimeInterval(10 * 86400)))
        #expect(CheckInOutcome.allCases.filter(CheckInRules.raisesSignal) == [.worrying, .unreachable])
        #expect(throws: AutourError.self) { try CheckInRules.validateFrequency(0) }
        #expect(throws: AutourError.self) { try CheckInRules.validateFrequency(31) }
    }

    @Test("a registration needs a requester and a reason; the emergency contact needs a phone number")
    func registerInput() throws {
        do {
            _ = try RegisterRules.validate(RegisterInput(requestedBy: "voisin", reasons: [], emergencyName: "Sa fille"))
            Issue.record("accepted")
        } catch {
            #expect(Set(error.fields.keys) == ["requestedBy", "reasons", "emergencyPhone"])
        }
        let valid = try RegisterRules.validate(
            RegisterInput(
                requestedBy: "relative", reasons: ["age", "isolation"],
                emergencyName: "Sa fille", emergencyPhone: "06 12 34 56 78"))
        #expect(valid.reasons == [.age, .isolation])
    }

    @Test("the register asks for renewal a month before the yearly consent lapses, and at once when none holds")
    func renewal() {
        func consent(daysAgo: Double) -> Consent {
            Consent(
                id: UUID(), personId: UUID(), purpose: .heatwaveRegister, partnerName: nil, method: .paper, givenBy: .person,
                givenAt: now.addingTimeInterval(-daysAgo * 86400), recordedBy: UUID(), withdrawnAt: nil)
        }
        #expect(!RegisterRules.needsRenewal([consent(daysAgo: 100)], now: now))
        #expect(RegisterRules.needsRenewal([consent(daysAgo: 340)], now: now))
        #expect(RegisterRules.needsRenewal([consent(daysAgo: 400)], now: now))
        #expect(RegisterRules.needsRenewal([], now: now))
        #expect(RegisterRules.consentExpiry([consent(daysAgo: 400)], now: now) == nil)
    }

    @Test("counts under 5 read « < 5 »; the percentiles are nearest-rank")
    func smallCountsAndPercentiles() {
        #expect((0...6).map(SmallCount.text) == ["< 5", "< 5", "< 5", "< 5", "< 5", "5", "6"])
        let values = (1...10).map(Double.init)
        #expect(RadarIndicators.percentile(values, 0.5) == 5)
        #expect(RadarIndicators.percentile(values, 0.9) == 9)
        #expect(RadarIndicators.percentile([], 0.5) == nil)
    }

    @Test("indicators count signals by week, kind and neighbourhood, with the time to first contact")
    func indicators() {
        var contacted = signal(hoursAgo: 30)
        contacted.firstContactAt = contacted.createdAt.addingTimeInterval(10 * 3600)
        contacted.neighbourhood = "Grande Île"
        var closed = signal(.food, hoursAgo: 24 * 8)
        closed.outcome = .supported
        let tooOld = signal(hoursAgo: 24 * 7 * 13)
        let result = RadarIndicators.compute([contacted, closed, tooOld], now: now)
        #expect(result.weeks.count == 12)
        #expect(result.weeks.map(\.total).reduce(0, +) == 2)
        #expect(result.weeks.flatMap { $0.byKind.keys }.contains(.food))
        #expect(result.firstContactMedianHours == 10)
        #expect(result.outcomes == [.supported: 1])
        #expect(result.byNeighbourhood.map(\.name) == ["Grande Île", "Quartier non précisé"])
    }
}
