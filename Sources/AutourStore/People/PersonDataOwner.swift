import AutourCore
import FluentKit
import Foundation

/// A module that stores something about a person (a column that references `persons.id`).
/// People's merge, subject-access export and erasure call every owner, so a module that adds
/// such a column cannot be forgotten by them: `PersonDataTests` reads the live schema on both
/// engines and fails when a column that references a person belongs to no owner.
public protocol PersonDataOwner: Sendable {
    /// The columns this module owns that reference a person, as `table.column`.
    var personColumns: [String] { get }
    /// Moves the source's rows to the target, inside People's merge transaction.
    func reassign(from source: UUID, to target: UUID, on tx: any Database) async throws
    /// What the module holds about the person, for the subject-access export, in plain French.
    func sections(personId: UUID, on db: any Database) async throws -> [PersonDataSection]
    /// Removes identity and free text about the person, inside the erasure transaction (also run
    /// by the retention job). What statistics need (kinds, dates, neighbourhoods) stays.
    func anonymise(personId: UUID, now: Date, on tx: any Database) async throws
    /// The person no longer agrees to `purpose` (their last consent for it was withdrawn), inside
    /// the withdrawal's transaction: whatever rested on that consent stops now.
    func consentWithdrawn(_ purpose: ConsentPurpose, personId: UUID, now: Date, on tx: any Database) async throws
}

extension PersonDataOwner {
    func consentWithdrawn(_ purpose: ConsentPurpose, personId: UUID, now: Date, on tx: any Database) async throws {}
}

/// One part of the subject-access export that a module fills: a title and dated items, each with
/// labelled values. The page and the JSON export show the same thing.
public struct PersonDataSection: Sendable, Codable, Equatable {
    public struct Item: Sendable, Codable, Equatable {
        public let date: Date?
        public let summary: String
        public let details: [Detail]

        public init(date: Date?, summary: String, details: [Detail] = []) {
            self.date = date
            self.summary = summary
            self.details = details
        }
    }

    public struct Detail: Sendable, Codable, Equatable {
        public let label: String
        public let value: String

        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    public let module: String
    public let title: String
    public let items: [Item]

    public init(module: String, title: String, items: [Item]) {
        self.module = module
        self.title = title
        self.items = items
    }
}

/// Every module that stores something about a person. A module that adds a column referencing
/// `persons` adds its owner here (the schema test says so if it forgets).
public enum PersonData {
    public static let owners: [any PersonDataOwner] = [
        PeoplePersonData(), ReferralPersonData(), RadarPersonData(), EnergiesPersonData(), BasinsPersonData(), RightsPersonData(),
    ]

    /// Every owned column, for the schema test.
    public static var ownedColumns: Set<String> { Set(owners.flatMap(\.personColumns)) }

    /// The text that replaces free text on erasure.
    static let erased = "[contenu effacé]"
}

/// People's own rows about a person: consents and follow-up notes (shown in the export under
/// their own headings, so no generic section).
struct PeoplePersonData: PersonDataOwner {
    let personColumns = ["consents.person_id", "follow_ups.person_id"]

    func reassign(from source: UUID, to target: UUID, on tx: any Database) async throws {
        try await ConsentModel.query(on: tx).set(\.$personId, to: target).filter(\.$personId == source).update()
        try await FollowUpModel.query(on: tx).set(\.$personId, to: target).filter(\.$personId == source).update()
    }

    func sections(personId: UUID, on db: any Database) async throws -> [PersonDataSection] { [] }

    func anonymise(personId: UUID, now: Date, on tx: any Database) async throws {
        try await FollowUpModel.query(on: tx).set(\.$summary, to: PersonData.erased).filter(\.$personId == personId).update()
        try await ConsentModel.query(on: tx).set(\.$partnerName, to: nil).filter(\.$personId == personId).update()
    }
}

/// Referrals to partners (shown in the export under their own heading).
struct ReferralPersonData: PersonDataOwner {
    let personColumns = ["referrals.person_id"]

    func reassign(from source: UUID, to target: UUID, on tx: any Database) async throws {
        try await ReferralModel.query(on: tx).set(\.$personId, to: target).filter(\.$personId == source).update()
    }

    func sections(personId: UUID, on db: any Database) async throws -> [PersonDataSection] { [] }

    func anonymise(personId: UUID, now: Date, on tx: any Database) async throws {
        for referral in try await ReferralModel.query(on: tx).filter(\.$personId == personId).all() {
            referral.note = PersonData.erased
            referral.reason = referral.reason.map { _ in PersonData.erased }
            try await referral.save(on: tx)
        }
    }
}
