import AutourCore
import FluentKit
import Foundation

/// What the Radar holds about a person: signals linked to the file (shown in the export under
/// their own heading), the register entry, campaign calls and check-in calls.
struct RadarPersonData: PersonDataOwner {
    let personColumns = ["signals.person_id", "register_entries.person_id", "campaign_calls.person_id", "check_in_plans.person_id"]

    func reassign(from source: UUID, to target: UUID, on tx: any Database) async throws {
        try await SignalModel.query(on: tx).set(\.$personId, to: target).filter(\.$personId == source).update()
        try await CheckInPlanModel.query(on: tx).set(\.$personId, to: target).filter(\.$personId == source).update()
        // One registration per person and one call per person and campaign: the source's move
        // over only where the target has none; the rest stay on the merged file, which still resolves.
        if try await RegisterEntryModel.query(on: tx).filter(\.$personId == target).first() == nil {
            try await RegisterEntryModel.query(on: tx).set(\.$personId, to: target).filter(\.$personId == source).update()
        }
        let targetCampaigns = try await CampaignCallModel.query(on: tx).filter(\.$personId == target).all(\.$campaignId)
        try await CampaignCallModel.query(on: tx).set(\.$personId, to: target).filter(\.$personId == source)
            .filter(\.$campaignId !~ targetCampaigns).update()
    }

    func sections(personId: UUID, on db: any Database) async throws -> [PersonDataSection] {
        var sections: [PersonDataSection] = []
        if let entry = try await RegisterEntryModel.query(on: db).filter(\.$personId == personId).first()?.core {
            sections.append(
                .init(
                    module: "radar", title: "Registre canicule et grand froid",
                    items: [
                        .init(
                            date: entry.registeredAt, summary: "Inscription (demandée par : \(entry.requestedBy.label))",
                            details: [
                                .init("Motifs", entry.reasons.map(\.label).sorted().joined(separator: ", ")),
                                .init("Entourage", entry.contacts),
                                .init("Personne à prévenir", "\(entry.emergencyName) \(entry.emergencyPhone)"),
                            ])
                    ]))
        }
        let calls = try await CampaignCallModel.query(on: db).filter(\.$personId == personId).all()
        if !calls.isEmpty {
            let campaigns = try await CampaignModel.query(on: db).filter(\.$id ~~ calls.map(\.campaignId)).all()
            let kinds = Dictionary(uniqueKeysWithValues: campaigns.map { ($0.id!, $0) })
            sections.append(
                .init(
                    module: "radar", title: "Appels pendant les campagnes",
                    items: calls.map { call in
                        let campaign = kinds[call.campaignId]
                        return .init(
                            date: call.lastCalledAt ?? campaign?.startedAt,
                            summary: "Campagne \((campaign.flatMap { CampaignKind(rawValue: $0.kind) } ?? .heatwave).label.lowercased()) : "
                                + (CallStatus(rawValue: call.status)?.label ?? call.status),
                            details: [.init("Appels", String(call.attempts))] + (call.note.isEmpty ? [] : [.init("Note", call.note)]))
                    }))
        }
        let plans = try await CheckInPlanModel.query(on: db).filter(\.$personId == personId).all()
        if !plans.isEmpty {
            sections.append(
                .init(
                    module: "radar", title: "Appels de convivialité",
                    items: plans.map { plan in
                        .init(
                            date: plan.lastAt, summary: plan.stoppedAt == nil ? "Appels en cours" : "Appels arrêtés",
                            details: [.init("Fréquence", CheckInRules.frequencyLabel(plan.frequencyDays))]
                                + (plan.lastOutcome.flatMap(CheckInOutcome.init(rawValue:)).map { [.init("Dernier appel", $0.label)] } ?? []))
                    }))
        }
        return sections
    }

    func anonymise(personId: UUID, now: Date, on tx: any Database) async throws {
        try await SignalRepository.anonymise(personId: personId, on: tx)
        // Off the register and the check-in calls: they need a live identity to mean anything.
        try await RegisterEntryModel.query(on: tx).filter(\.$personId == personId).delete()
        try await CheckInPlanModel.query(on: tx).set(\.$stoppedAt, to: now).filter(\.$personId == personId)
            .filter(\.$stoppedAt == nil).update()
        try await CampaignCallModel.query(on: tx).set(\.$note, to: "").filter(\.$personId == personId).update()
    }

    func consentWithdrawn(_ purpose: ConsentPurpose, personId: UUID, now: Date, on tx: any Database) async throws {
        switch purpose {
        case .radarFollowUp:
            // No further check-in call, hence no missed-call signal either.
            try await CheckInPlanModel.query(on: tx).set(\.$stoppedAt, to: now).filter(\.$personId == personId)
                .filter(\.$stoppedAt == nil).update()
        case .heatwaveRegister:
            // Leaving the register is the person's right at any time: the entry goes.
            try await RegisterEntryModel.query(on: tx).filter(\.$personId == personId).delete()
        case .timeBank, .partnerSharing, .statistics:
            break
        }
    }
}
