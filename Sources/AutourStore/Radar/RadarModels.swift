import AutourCore
import FluentKit
import Foundation

final class SignalModel: Model, @unchecked Sendable {
    static let schema = "signals"
    @ID(key: .id) var id: UUID?
    @Field(key: "territory_id") var territoryId: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "urgency") var urgency: String
    @OptionalField(key: "person_name") var personName: String?
    @OptionalField(key: "person_description") var personDescription: String?
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "neighbourhood") var neighbourhood: String?
    @OptionalField(key: "details") var details: String?
    @Field(key: "consent_to_contact") var consentToContact: String
    @OptionalField(key: "discharge_date") var dischargeDate: String?
    @Field(key: "status") var status: String
    @OptionalField(key: "outcome") var outcome: String?
    @OptionalField(key: "person_id") var personId: UUID?
    @OptionalField(key: "assigned_to") var assignedTo: UUID?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "source") var source: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "first_contact_at") var firstContactAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "duplicate_of") var duplicateOf: UUID?
    @Field(key: "search_name") var searchName: String
    @Field(key: "search_address") var searchAddress: String

    init() {}

    /// Keeps the folded keys in step with the name and address.
    func refreshSearch() {
        (searchName, searchAddress) = SignalRules.duplicateKeys(name: personName, address: address)
    }

    var core: Signal {
        Signal(
            id: id!, territoryId: territoryId, kind: SignalKind(rawValue: kind) ?? .other,
            urgency: SignalUrgency(rawValue: urgency) ?? .normal, personName: personName, personDescription: personDescription,
            address: address, neighbourhood: neighbourhood, details: details,
            consentToContact: ContactConsent(rawValue: consentToContact) ?? .unknown, dischargeDate: dischargeDate,
            status: SignalStatus(rawValue: status) ?? .new, outcome: outcome.flatMap(SignalOutcome.init(rawValue:)),
            personId: personId, assignedTo: assignedTo, createdBy: createdBy, source: SignalSource(rawValue: source) ?? .agent,
            createdAt: createdAt, firstContactAt: firstContactAt, closedAt: closedAt, duplicateOf: duplicateOf)
    }
}

final class OutreachModel: Model, @unchecked Sendable {
    static let schema = "signal_outreach"
    @ID(key: .id) var id: UUID?
    @Field(key: "signal_id") var signalId: UUID
    @Field(key: "kind") var kind: String
    @OptionalField(key: "planned_for") var plannedFor: Date?
    @OptionalField(key: "done_at") var doneAt: Date?
    @Field(key: "note") var note: String
    @Field(key: "author_id") var authorId: UUID
    init() {}

    var core: Outreach {
        Outreach(
            id: id!, signalId: signalId, kind: OutreachKind(rawValue: kind) ?? .call, plannedFor: plannedFor, doneAt: doneAt,
            note: note, authorId: authorId)
    }
}

final class CharterModel: Model, @unchecked Sendable {
    static let schema = "watcher_charters"
    @ID(key: .id) var id: UUID?
    @Field(key: "territory_id") var territoryId: UUID
    @Field(key: "version") var version: Int
    @Field(key: "text") var text: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: UUID
    init() {}
    var core: WatcherCharter { WatcherCharter(version: version, text: text, createdAt: createdAt) }
}

final class WatcherProfileModel: Model, @unchecked Sendable {
    static let schema = "watcher_profiles"
    @ID(key: .id) var id: UUID?
    @Field(key: "account_id") var accountId: UUID
    @Field(key: "neighbourhoods") var neighbourhoods: String
    @OptionalField(key: "trained_on") var trainedOn: String?
    @OptionalField(key: "charter_version") var charterVersion: Int?
    @OptionalField(key: "charter_accepted_at") var charterAcceptedAt: Date?
    @OptionalField(key: "deactivated_at") var deactivatedAt: Date?
    init() {}

    var core: WatcherProfile {
        WatcherProfile(
            accountId: accountId, neighbourhoods: neighbourhoods.isEmpty ? [] : neighbourhoods.components(separatedBy: "\u{1F}"),
            trainedOn: trainedOn, charterVersion: charterVersion, charterAcceptedAt: charterAcceptedAt,
            deactivatedAt: deactivatedAt)
    }
}

final class RegisterEntryModel: Model, @unchecked Sendable {
    static let schema = "register_entries"
    @ID(key: .id) var id: UUID?
    @Field(key: "territory_id") var territoryId: UUID
    @Field(key: "person_id") var personId: UUID
    @Field(key: "requested_by") var requestedBy: String
    @Field(key: "reasons") var reasons: String
    @Field(key: "contacts") var contacts: String
    @Field(key: "emergency_name") var emergencyName: String
    @Field(key: "emergency_phone") var emergencyPhone: String
    @Field(key: "registered_at") var registeredAt: Date
    init() {}

    var core: RegisterEntry {
        RegisterEntry(
            id: id!, territoryId: territoryId, personId: personId,
            requestedBy: RegisterRequester(rawValue: requestedBy) ?? .person,
            reasons: Set(reasons.split(separator: ",").compactMap { RegisterReason(rawValue: String($0)) }),
            contacts: contacts, emergencyName: emergencyName, emergencyPhone: emergencyPhone, registeredAt: registeredAt)
    }
}

final class CampaignModel: Model, @unchecked Sendable {
    static let schema = "campaigns"
    @ID(key: .id) var id: UUID?
    @Field(key: "territory_id") var territoryId: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "started_at") var startedAt: Date
    @Field(key: "started_by") var startedBy: UUID
    @OptionalField(key: "closed_at") var closedAt: Date?
    init() {}

    var core: Campaign {
        Campaign(
            id: id!, territoryId: territoryId, kind: CampaignKind(rawValue: kind) ?? .heatwave, startedAt: startedAt,
            startedBy: startedBy, closedAt: closedAt)
    }
}

final class CampaignCallModel: Model, @unchecked Sendable {
    static let schema = "campaign_calls"
    @ID(key: .id) var id: UUID?
    @Field(key: "campaign_id") var campaignId: UUID
    @Field(key: "person_id") var personId: UUID
    @Field(key: "caller_id") var callerId: UUID
    @Field(key: "status") var status: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "unreachable_count") var unreachableCount: Int
    @OptionalField(key: "last_called_at") var lastCalledAt: Date?
    @Field(key: "note") var note: String
    init() {}

    var core: CampaignCall {
        CampaignCall(
            id: id!, campaignId: campaignId, personId: personId, callerId: callerId,
            status: CallStatus(rawValue: status) ?? .toCall, attempts: attempts, unreachableCount: unreachableCount,
            lastCalledAt: lastCalledAt, note: note)
    }
}

final class CheckInPlanModel: Model, @unchecked Sendable {
    static let schema = "check_in_plans"
    @ID(key: .id) var id: UUID?
    @Field(key: "territory_id") var territoryId: UUID
    @Field(key: "person_id") var personId: UUID
    @Field(key: "caller_id") var callerId: UUID
    @Field(key: "frequency_days") var frequencyDays: Int
    @Field(key: "next_due_at") var nextDueAt: Date
    @OptionalField(key: "last_at") var lastAt: Date?
    @OptionalField(key: "last_outcome") var lastOutcome: String?
    @OptionalField(key: "stopped_at") var stoppedAt: Date?
    init() {}

    var core: CheckInPlan {
        CheckInPlan(
            id: id!, territoryId: territoryId, personId: personId, callerId: callerId, frequencyDays: frequencyDays,
            nextDueAt: nextDueAt, lastAt: lastAt, lastOutcome: lastOutcome.flatMap(CheckInOutcome.init(rawValue:)),
            stoppedAt: stoppedAt)
    }
}
