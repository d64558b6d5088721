import AutourCore
import Foundation

/// The advocacy of the demo territory (`DemoAdvocacy`), written through the service with the
/// clock set back, so that every guardrail holds for the demo too: the charter is founded, then
/// amended by votes that reach their quorum (paper ballots entered by the agent and confirmed by
/// the coordinator); actors are audited article by article before their label is decided; the
/// council is elected from a polling station's count signed by two officers.
public struct AdvocacyDemo: DemoPart {
    public init() {}

    public func load(_ demo: DemoContext) async throws {
        let store = demo.store
        let now = store.clock.now()
        let day = 86_400.0
        let agent = demo.accounts[.agent]!.actor
        let coordinator = demo.accounts[.coordinator]!.actor
        func at(_ daysAgo: Double) -> AdvocacyService {
            let clock = WallClock { now.addingTimeInterval(-daysAgo * day) }
            return AdvocacyService(
                advocacy: AdvocacyRepository(database: store.database, clock: clock), conviviality: store.conviviality, referrals: store.referrals,
                directory: store.directory, accounts: store.accounts, clock: clock)
        }
        let neighbourhoods = demo.plan.neighbourhoods

        // The charter and the parliament.
        try await at(900).found(DemoAdvocacy.founding, actor: coordinator)
        var members: [UUID] = []
        for member in DemoAdvocacy.members {
            members.append(
                try await at(850).addMember(
                    MemberInput(
                        name: member.name, kind: member.kind.rawValue, trainedOn: member.trained ? FrenchTime.day(now.addingTimeInterval(-840 * day)) : "",
                        ageBand: member.ageBand, gender: member.gender, neighbourhood: member.kind == .partner ? "" : neighbourhoods[member.neighbourhood]),
                    territory: demo.territory, actor: coordinator))
        }
        let trained = FrenchTime.day(now.addingTimeInterval(-840 * day))
        for (role, kind, age, gender) in [
            (Role.volunteer, MemberKind.inhabitant, "30-44", "femme"), (.elected, .elected, "60-74", "homme"), (.partner, .partner, "", ""),
        ] {
            let account = demo.accounts[role]!
            _ = try await at(850).addMember(
                MemberInput(
                    name: account.name, kind: kind.rawValue, accountId: account.id.uuidString, trainedOn: trained, ageBand: age, gender: gender,
                    neighbourhood: role == .partner ? "" : neighbourhoods[2]), territory: demo.territory, actor: coordinator)
        }
        let sitting = try await store.advocacy.members(territoryId: demo.territory.id).filter(\.maySit)
        var sessions: [UUID] = []
        for session in DemoAdvocacy.sessions {
            let service = at(Double(session.daysAgo) + 20)
            let meets = FrenchTime.day(now.addingTimeInterval(-Double(session.daysAgo) * day))
            let id = try await service.createSession(title: session.title, meetsOn: meets, agenda: session.agenda, actor: coordinator)
            // Every member who sits comes (the youngest, not yet trained, does not).
            try await service.setAttendance(sessionId: id, present: Set(sitting.map(\.id)), actor: coordinator)
            sessions.append(id)
        }
        // The label: applications audited article by article by members linked to no actor.
        let auditors = sitting.filter { $0.kind == .inhabitant }
        let commune = demo.territory.communes[0]
        func label(_ plan: DemoAdvocacy.PlannedActor) async throws {
            let decided = plan.decidedDaysAgo.map(Double.init)
            let applying = at((decided ?? 0) + 25)
            let criteria = try await applying.currentCriteria(territoryId: demo.territory.id).criteria
            let id = try await applying.apply(
                LabelActorInput(
                    name: plan.name, kind: plan.kind.rawValue, commune: commune, address: plan.address, structureId: "",
                    evidence: Dictionary(uniqueKeysWithValues: criteria.map { ($0.article, DemoAdvocacy.evidence(plan.name, article: $0.article)) })),
                territory: demo.territory, actor: agent)
            let auditing = at((decided ?? 0) + 10)
            // Still being audited: half the articles are done.
            for (index, criterion) in criteria.enumerated() where decided != nil || index < criteria.count / 2 {
                let unmet = plan.decision == .conditional && criterion.article == 6
                try await auditing.assess(
                    applicationId: id, article: criterion.article, met: !unmet,
                    comment: unmet
                        ? "L'entrée a une marche et aucune rampe ; le site internet ne se lit pas au lecteur d'écran." : "Constaté lors de la visite.",
                    memberId: auditors[index % auditors.count].id, actor: agent)
            }
            guard let decided else { return }
            try await at(decided).decide(
                applicationId: id, decision: plan.decision.rawValue,
                justification: plan.decision == .conditional
                    ? "Les pratiques sont conformes à la charte, sauf l'accessibilité : le label est accordé le temps des travaux."
                    : "Les auditeur·rices ont constaté le respect de chaque article de la charte lors de leur visite.",
                conditions: "Installer une rampe d'accès et rendre le site lisible aux lecteurs d'écran dans les six mois.", actor: coordinator)
            if let reason = plan.withdrawn { try await at(30).withdraw(applicationId: id, reason: reason, actor: coordinator) }
        }

        let paperVoters = sitting.filter { $0.accountId == nil }
        // An actor applies with the charter in force that day: the amendments and the
        // applications are written in the order of their dates.
        var waiting = DemoAdvocacy.actors.sorted { ($0.decidedDaysAgo ?? 0) > ($1.decidedDaysAgo ?? 0) }
        for plan in DemoAdvocacy.amendments {
            let daysAgo = Double(DemoAdvocacy.sessions[plan.session].daysAgo)
            while let next = waiting.first, Double((next.decidedDaysAgo ?? 0) + 25) > daysAgo + 10 {
                try await label(waiting.removeFirst())
            }
            let id = try await at(daysAgo + 10).table(
                AmendmentInput(
                    kind: plan.kind.rawValue, article: plan.article.map(String.init) ?? "", title: plan.title, text: plan.text, reasons: plan.reasons,
                    memberId: members[plan.session * 3]), sessionId: sessions[plan.session], actor: agent)
            guard let (yes, no, abstain) = plan.ballots else { continue }
            let session = at(daysAgo)
            try await session.openVote(amendmentId: id, actor: coordinator)
            let voters = Array(paperVoters.prefix(yes + no + abstain)).map(\.id)
            try await session.enterTally(
                yes: String(yes), no: String(no), abstain: String(abstain), members: voters, amendmentId: id, actor: agent)
            for tally in try await session.tallies(amendmentId: id, actor: coordinator) {
                try await session.confirmTally(tally.id, amendmentId: id, actor: coordinator)
            }
            if plan.closes { _ = try await session.closeVote(amendmentId: id, actor: coordinator) }
        }
        for plan in waiting { try await label(plan) }

        // The local social council: elected from a polling station's count, then its opinions.
        let electing = at(380)
        let election = try await at(400).createElection(title: "Élection du conseil social local", seats: "4", actor: coordinator)
        for candidate in DemoAdvocacy.candidates {
            try await at(400).addCandidate(
                electionId: election, name: candidate.name, trainedOn: FrenchTime.day(now.addingTimeInterval(-Double(candidate.daysAgoTrained) * day)),
                presentation: candidate.presentation, actor: coordinator)
        }
        let candidates = try await store.advocacy.candidates(electionId: election)
        let votes = Dictionary(
            uniqueKeysWithValues: DemoAdvocacy.candidates.compactMap { plan in candidates.first { $0.name == plan.name }.map { ($0.id, String(plan.votes)) } })
        try await electing.enterStationCount(electionId: election, votes: votes, actor: agent)
        for count in try await electing.pendingStationCounts(electionId: election, actor: coordinator) {
            try await electing.confirmStationCount(count.id, electionId: election, actor: coordinator)
        }
        try await electing.closeElection(electionId: election, actor: coordinator)
        let partial = try await at(5).createElection(title: "Élection complémentaire (un siège)", seats: "1", actor: coordinator)
        for (name, presentation) in [("Hélène Bouvier", "Ancienne assistante maternelle."), ("Yacine Amrani", "Membre d'une association de locataires.")] {
            try await at(5).addCandidate(
                electionId: partial, name: name, trainedOn: FrenchTime.day(now.addingTimeInterval(-60 * day)), presentation: presentation, actor: coordinator)
        }
        for (index, plan) in DemoAdvocacy.opinions.enumerated() {
            let received = Double(300 - index * 60)
            let id = try await at(received).refer(title: plan.title, referredBy: plan.referredBy, question: plan.question, actor: agent)
            _ = try await at(received - 20).publish(opinionId: id, opinion: plan.opinion, reasons: plan.reasons, cites: plan.cites, actor: coordinator)
        }
    }
}
