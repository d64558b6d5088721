import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The People routes of the JSON API. Permissions come from `Permissions`; a person of another
/// territory answers 404, a role without access 403.
struct PeopleAPI {
    let store: Store
    let clock: WallClock

    struct PersonDTO: Encodable {
        let id: UUID
        let firstName: String
        let lastName: String
        let birthDate: String?
        let address: String?
        let communeCode: String?
        let neighbourhood: String?
        let phone: String?
        let email: String?
        let languages: [String]
        let flags: [String]
        let householdId: UUID?
        let createdAt: Date
        let erased: Bool

        init(_ p: Person) {
            id = p.id
            firstName = p.firstName
            lastName = p.lastName
            birthDate = p.birthDate
            address = p.address
            communeCode = p.communeCode
            neighbourhood = p.neighbourhood
            phone = p.phone
            email = p.email
            languages = p.languages
            flags = p.flags.map(\.rawValue).sorted()
            householdId = p.householdId
            createdAt = p.createdAt
            erased = p.erasedAt != nil
        }
    }

    struct CreatedDTO: Encodable {
        let person: PersonDTO
        let possibleDuplicates: [PersonDTO]

        func encode(to encoder: any Encoder) throws {
            // The person's fields at the top level, as clients have always read it (`{"id", …}`).
            try person.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(possibleDuplicates, forKey: .possibleDuplicates)
        }
        enum Key: String, CodingKey { case possibleDuplicates }
    }

    struct FileDTO: Encodable {
        let person: PersonDTO
        let consents: [ConsentDTO]
        let followUps: [FollowUpDTO]
        let referrals: [ReferralsAPI.ReferralDTO]
        let household: [PersonDTO]
    }

    struct ConsentDTO: Encodable {
        let id: UUID
        let purpose: String
        let partnerName: String?
        let method: String
        let givenBy: String
        let givenAt: Date
        let recordedBy: UUID
        let withdrawnAt: Date?
        let active: Bool

        init(_ c: Consent, now: Date) {
            id = c.id
            purpose = c.purpose.rawValue
            partnerName = c.partnerName
            method = c.method.rawValue
            givenBy = c.givenBy.rawValue
            givenAt = c.givenAt
            recordedBy = c.recordedBy
            withdrawnAt = c.withdrawnAt
            active = ConsentRules.isActive(c, now: now)
        }
    }

    struct FollowUpDTO: Encodable {
        let id: UUID
        let kind: String
        let at: Date
        let authorId: UUID
        let summary: String
        let visibility: String

        init(_ f: FollowUp) {
            id = f.id
            kind = f.kind.rawValue
            at = f.at
            authorId = f.authorId
            summary = f.summary
            visibility = f.visibility.rawValue
        }
    }

    struct ConsentRequest: Decodable {
        let purpose: String
        let method: String
        let givenBy: String?
        let partnerName: String?
    }

    struct FollowUpRequest: Decodable {
        let kind: String
        let summary: String
        let visibility: String?
    }

    struct MergeRequest: Decodable { let into: UUID }
    struct HouseholdRequest: Decodable { let with: UUID }

    struct ExportDTO: Encodable {
        struct Access: Encodable { let at: Date; let actorId: UUID?; let action: String }
        let person: PersonDTO
        let consents: [ConsentDTO]
        let followUps: [FollowUpDTO]
        /// Notes this caller may not read, left out (a social worker asks for `?complete=true`).
        let withheldFollowUps: Int
        let complete: Bool
        let referrals: [ReferralsAPI.ReferralDTO]
        let signals: [SignalsAPI.SignalDTO]
        /// What the other modules hold (register, calls, needs…), one section each.
        let sections: [PersonDataSection]
        let accesses: [Access]
        let exportedAt: Date
    }

    func addRoutes(to api: RouterGroup<SignedInContext>) {
        api.post("/persons") { request, context in
            try context.require(.writePersonFile)
            let input = try await request.decodeJSON(PersonInput.self, context: context)
            let territory = context.territory
            let valid = try PersonRules.validate(input, territory: territory, today: clock.now())
            let duplicates = try await store.people.duplicates(of: IdentityKey(valid), territoryId: territory.id)
            let person = try await store.people.create(valid, territoryId: territory.id, actor: context.actor)
            return try JSONResponse.make(
                CreatedDTO(person: PersonDTO(person), possibleDuplicates: duplicates.map(PersonDTO.init)),
                status: .created)
        }
        api.get("/persons") { request, context in
            try context.require(.readPersonFile)
            let query = request.uri.queryParameters["q"].map(String.init) ?? ""
            guard query.count <= 100 else { throw AutourError.invalid("Recherche trop longue.", fields: ["q": "100 caractères au plus"]) }
            let found = try await store.people.search(query, territoryId: context.actor.territoryId)
            return try JSONResponse.make(ItemList(items: found.map(PersonDTO.init)))
        }
        api.get("/persons/{id}") { _, context in
            let person = try await openFile(context)
            let now = clock.now()
            let consents = try await store.people.consents(personId: person.id)
            let followUps = try await store.people.followUps(personId: person.id, visibleTo: context.actor)
            let referrals = try await store.referrals.referrals(personId: person.id)
            return try JSONResponse.make(
                FileDTO(
                    person: PersonDTO(person), consents: consents.map { ConsentDTO($0, now: now) },
                    followUps: followUps.map(FollowUpDTO.init),
                    referrals: referrals.map { .init($0, now: now) },
                    household: try await store.people.householdMembers(of: person).map(PersonDTO.init)))
        }
        api.put("/persons/{id}") { request, context in
            let person = try await scoped(context, .writePersonFile)
            let input = try await request.decodeJSON(PersonInput.self, context: context)
            let territory = context.territory
            let valid = try PersonRules.validate(input, territory: territory, today: clock.now())
            return try JSONResponse.make(PersonDTO(try await store.people.update(id: person.id, with: valid, actor: context.actor)))
        }
        api.post("/persons/{id}/consents") { request, context in
            let person = try await scoped(context, .writePersonFile)
            let input = try await request.decodeJSON(ConsentRequest.self, context: context)
            let (purpose, method, givenBy) = try ConsentRules.parse(
                purpose: input.purpose, method: input.method,
                givenBy: input.givenBy)
            let consent = try await store.people.recordConsent(
                personId: person.id, purpose: purpose, partnerName: input.partnerName,
                method: method, givenBy: givenBy, actor: context.actor)
            return try JSONResponse.make(ConsentDTO(consent, now: clock.now()), status: .created)
        }
        api.post("/persons/{id}/consents/{consentId}/withdraw") { _, context in
            let person = try await scoped(context, .writePersonFile)
            guard let consentId = context.parameters.get("consentId", as: UUID.self) else { throw AutourError.notFound }
            try await store.people.withdrawConsent(consentId, personId: person.id, actor: context.actor)
            let consent = try await store.people.consents(personId: person.id).first { $0.id == consentId }!
            return try JSONResponse.make(ConsentDTO(consent, now: clock.now()))
        }
        api.post("/persons/{id}/follow-ups") { request, context in
            let person = try await scoped(context, .writePersonFile)
            let input = try await request.decodeJSON(FollowUpRequest.self, context: context)
            let (kind, visibility) = try FollowUpRules.parse(kind: input.kind, visibility: input.visibility)
            let followUp = try await store.people.addFollowUp(
                personId: person.id, kind: kind, summary: input.summary,
                visibility: visibility, actor: context.actor)
            return try JSONResponse.make(FollowUpDTO(followUp), status: .created)
        }
        api.get("/persons/{id}/export") { request, context in
            let person = try await scoped(context, .exportPerson)
            let export = try await store.people.export(
                personId: person.id, actor: context.actor,
                complete: request.uri.queryParameters["complete"] == "true")
            let now = clock.now()
            return try JSONResponse.make(
                ExportDTO(
                    person: PersonDTO(export.person), consents: export.consents.map { ConsentDTO($0, now: now) },
                    followUps: export.followUps.map(FollowUpDTO.init), withheldFollowUps: export.withheldFollowUps, complete: export.complete,
                    referrals: export.referrals.map { .init($0, now: now) },
                    signals: export.signals.map { .init($0, now: now) }, sections: export.sections,
                    accesses: export.accesses.map { .init(at: $0.at, actorId: $0.actorId, action: $0.action) },
                    exportedAt: export.exportedAt))
        }
        api.post("/persons/{id}/merge") { request, context in
            let source = try await scoped(context, .writePersonFile)
            let input = try await request.decodeJSON(MergeRequest.self, context: context)
            let merged = try await store.people.merge(source.id, into: input.into, actor: context.actor)
            return try JSONResponse.make(PersonDTO(merged))
        }
        api.post("/persons/{id}/household") { request, context in
            let person = try await scoped(context, .writePersonFile)
            let input = try await request.decodeJSON(HouseholdRequest.self, context: context)
            try await store.people.joinHousehold(person.id, with: input.with, actor: context.actor)
            return try JSONResponse.make(PersonDTO(try await store.people.find(id: person.id, territoryId: context.actor.territoryId)!))
        }
        api.post("/persons/{id}/household/leave") { _, context in
            let person = try await scoped(context, .writePersonFile)
            try await store.people.leaveHousehold(person.id, actor: context.actor)
            return try JSONResponse.make(PersonDTO(try await store.people.find(id: person.id, territoryId: context.actor.territoryId)!))
        }
        api.post("/persons/{id}/erase") { _, context in
            let person = try await scoped(context, .erasePerson)
            try await store.people.erase(personId: person.id, actor: context.actor)
            return try JSONResponse.make(PersonDTO(try await store.people.find(id: person.id, territoryId: context.actor.territoryId)!))
        }
    }

    /// The person named in the path, after the permission check; 404 outside the territory.
    func scoped(_ context: SignedInContext, _ action: Action) async throws -> Person {
        try context.require(action)
        guard let id = context.parameters.get("id", as: UUID.self),
            let person = try await store.people.find(id: id, territoryId: context.actor.territoryId)
        else {
            throw AutourError.notFound
        }
        try context.require(action, on: person.scope)
        return person
    }

    /// Like `scoped`, and the read is recorded in the audit log.
    func openFile(_ context: SignedInContext) async throws -> Person {
        let person = try await scoped(context, .readPersonFile)
        guard let opened = try await store.people.open(id: person.id, actor: context.actor) else { throw AutourError.notFound }
        return opened
    }
}
