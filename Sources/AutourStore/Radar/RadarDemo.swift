import AutourCore
import Foundation

/// The Radar's part of the demo territory.
public struct RadarDemo: DemoPart {
    public init() {}

    /// The Radar's demo: the charter and the watchers' network, three months of signals in every
    /// state, the register with a past campaign, and two persons called every week. Past events are
    /// written through the same repositories with the clock set back, so they obey the same rules.
    public func load(_ demo: DemoContext) async throws {
        let (store, territory, accounts) = (demo.store, demo.territory, demo.accounts)
        let inhabitants = demo.inhabitants
        let plan = DemoRadar(seed: demo.seed, neighbourhoods: demo.plan.neighbourhoods, now: demo.store.clock.now())
        let now = store.clock.now()
        func at(_ date: Date) -> Store { Store(database: store.database, clock: WallClock { date }) }
        func daysAgo(_ days: Double) -> Date { now.addingTimeInterval(-days * 86400) }
        let agent = accounts[.agent]!.actor, coordinator = accounts[.coordinator]!.actor
        let watcher = accounts[.watcher]!, volunteer = accounts[.volunteer]!
        var rng = SeededGenerator(seed: UInt64(inhabitants.count))

        // The network: a charter, an up-to-date trained watcher, a volunteer trained for calls.
        let past = at(daysAgo(200))
        let charter = try await past.watchers.publishCharter(DemoRadar.charter, actor: coordinator)
        let trainedOn = String(ISO8601DateFormatter().string(from: daysAgo(190)).prefix(10))
        _ = try await past.watchers.setProfile(
            accountId: watcher.id, neighbourhoods: Array(territory.neighbourhoods.prefix(2).map(\.name)),
            trainedOn: trainedOn, actor: coordinator)
        _ = try await past.watchers.acceptCharter(version: charter.version, actor: watcher.actor)
        _ = try await past.watchers.setProfile(accountId: volunteer.id, neighbourhoods: [], trainedOn: trainedOn, actor: coordinator)

        // The register, each registration with its consent on the day it was given.
        var outcomes: [UUID: [CallOutcome]] = [:]
        for person in plan.register {
            let then = at(daysAgo(Double(person.consentDaysAgo)))
            let valid = try PersonRules.validate(person.input, territory: territory, today: now)
            let created = try await then.people.create(valid, territoryId: territory.id, actor: agent)
            _ = try await then.register.register(
                personId: created.id,
                RegisterInput(
                    requestedBy: person.requestedBy.rawValue, reasons: person.reasons.map(\.rawValue), contacts: "",
                    emergencyName: person.emergencyName, emergencyPhone: person.emergencyPhone),
                consent: (.paper, person.requestedBy == .relative ? .relative : .person), actor: agent)
            outcomes[created.id] = person.campaignOutcomes
        }

        // Last summer's heatwave campaign, worked to the end and closed.
        let start = daysAgo(Double(DemoRadar.campaignDaysAgo))
        let campaign = try await at(start).register.startCampaign(kind: .heatwave, callerIds: nil, actor: coordinator)
        for item in try await store.register.calls(campaignId: campaign.id) {
            for (step, outcome) in (outcomes[item.person.id] ?? [.fine]).enumerated() {
                _ = try await at(start.addingTimeInterval(Double(3 + step * 20) * 3600)).register
                    .recordCall(item.call.id, campaignId: campaign.id, outcome: outcome, note: "", actor: agent)
            }
        }
        _ = try await at(start.addingTimeInterval(4 * 86400)).register.closeCampaign(campaign.id, actor: coordinator)

        // Signals, sent by the watcher, the partner or the agent, then worked as the script says.
        for script in plan.signals {
            let sent = now.addingTimeInterval(-Double(script.hoursAgo) * 3600)
            let sender = accounts[script.sender]!.actor
            let signal = try await at(sent).signals.create(
                try SignalRules.validate(script.input, territory: territory, today: sent), actor: sender)
            let contact = sent.addingTimeInterval(Double(script.contactAfterHours) * 3600)
            let person = inhabitants[Int.random(in: 0..<inhabitants.count, using: &rng)]
            switch script.fate {
            case .stayNew:
                break
            case .assigned:
                _ = try await at(sent.addingTimeInterval(3600)).signals.assign(signal.id, to: agent.accountId, actor: coordinator)
            case .qualified:
                _ = try await at(contact).signals.qualify(signal.id, personId: person.id, actor: agent)
                _ = try await at(contact).signals.addOutreach(
                    signal.id, kind: .call, plannedFor: nil,
                    note: "Premier appel : accepte une visite.", actor: agent)
                // The visit's reason is written: some of these people first refused to be contacted.
                _ = try await at(contact).signals.addOutreach(
                    signal.id, kind: .visit, plannedFor: now.addingTimeInterval(2 * 86400),
                    note: "Visite acceptée lors du premier appel.", actor: agent)
            case .closed(let outcome):
                if outcome != .unreachable {
                    _ = try await at(contact).signals.qualify(signal.id, personId: person.id, actor: agent)
                    _ = try await at(contact).signals.addOutreach(
                        signal.id, kind: .visit, plannedFor: nil,
                        note: "Visite faite après son accord au téléphone.", actor: agent)
                }
                _ = try await at(contact.addingTimeInterval(86400)).signals.close(signal.id, outcome: outcome, actor: agent)
            }
        }

        // Two inhabitants asked to be called every week by the volunteer.
        for (index, person) in inhabitants.prefix(2).enumerated() {
            let asked = daysAgo(index == 0 ? 6.5 : 3)
            _ = try await at(asked).people.recordConsent(
                personId: person.id, purpose: .radarFollowUp, partnerName: nil, method: .oral,
                givenBy: .person, actor: agent)
            _ = try await at(asked.addingTimeInterval(60)).checkIns.plan(
                personId: person.id, frequencyDays: 7, callerId: volunteer.id,
                actor: agent)
        }
    }
}
