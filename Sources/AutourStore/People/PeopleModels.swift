import AutourCore
import FluentKit
import Foundation

final class PersonModel: Model, @unchecked Sendable {
    static let schema = "persons"
    @ID(key: .id) var id: UUID?
    @Field(key: "territory_id") var territoryId: UUID
    @Field(key: "first_name") var firstName: String
    @Field(key: "last_name") var lastName: String
    @OptionalField(key: "birth_date") var birthDate: String?
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "commune_code") var communeCode: String?
    @OptionalField(key: "neighbourhood") var neighbourhood: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "email") var email: String?
    @Field(key: "languages") var languages: String
    @Field(key: "flags") var flags: String
    @Field(key: "search_name") var searchName: String
    @Field(key: "search_address") var searchAddress: String
    @Field(key: "search_phone") var searchPhone: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "erased_at") var erasedAt: Date?
    @OptionalField(key: "merged_into") var mergedInto: UUID?
    @OptionalField(key: "household_id") var householdId: UUID?

    init() {}

    func apply(_ person: ValidPerson, now: Date) {
        firstName = person.firstName
        lastName = person.lastName
        birthDate = person.birthDate
        address = person.address
        communeCode = person.communeCode
        neighbourhood = person.neighbourhood
        phone = person.phone
        email = person.email
        languages = person.languages.joined(separator: "\u{1F}")
        flags = person.flags.map(\.rawValue).sorted().joined(separator: ",")
        // Both orders, so "Dupont Marie" and "Marie Dupont" find the same person.
        searchName =
            SearchText.fold("\(person.firstName) \(person.lastName)") + " | "
            + SearchText.fold("\(person.lastName) \(person.firstName)")
        searchAddress = SearchText.fold(person.address ?? "")
        searchPhone = SearchText.digits(person.phone ?? "")
        updatedAt = now
    }

    var core: Person {
        Person(
            id: id!, territoryId: territoryId, firstName: firstName, lastName: lastName, birthDate: birthDate,
            address: address, communeCode: communeCode, neighbourhood: neighbourhood, phone: phone, email: email,
            languages: languages.isEmpty ? [] : languages.components(separatedBy: "\u{1F}"),
            flags: Set(flags.split(separator: ",").compactMap { VulnerabilityFlag(rawValue: String($0)) }),
            householdId: householdId, createdAt: createdAt, erasedAt: erasedAt)
    }
}

final class ConsentModel: Model, @unchecked Sendable {
    static let schema = "consents"
    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personId: UUID
    @Field(key: "purpose") var purpose: String
    @OptionalField(key: "partner_name") var partnerName: String?
    @Field(key: "method") var method: String
    @Field(key: "given_by") var givenBy: String
    @Field(key: "given_at") var givenAt: Date
    @Field(key: "recorded_by") var recordedBy: UUID
    @OptionalField(key: "withdrawn_at") var withdrawnAt: Date?

    init() {}

    var core: Consent {
        Consent(
            id: id!, personId: personId, purpose: ConsentPurpose(rawValue: purpose) ?? .statistics, partnerName: partnerName,
            method: ConsentMethod(rawValue: method) ?? .paper, givenBy: ConsentGiver(rawValue: givenBy) ?? .person,
            givenAt: givenAt, recordedBy: recordedBy, withdrawnAt: withdrawnAt)
    }
}

final class FollowUpModel: Model, @unchecked Sendable {
    static let schema = "follow_ups"
    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personId: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "at") var at: Date
    @Field(key: "author_id") var authorId: UUID
    @Field(key: "summary") var summary: String
    @Field(key: "visibility") var visibility: String

    init() {}

    var core: FollowUp {
        FollowUp(
            id: id!, personId: personId, kind: FollowUpKind(rawValue: kind) ?? .reception, at: at, authorId: authorId,
            summary: summary, visibility: FollowUpVisibility(rawValue: visibility) ?? .private)
    }
}
