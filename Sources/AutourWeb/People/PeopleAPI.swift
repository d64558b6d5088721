import AutourAPI
import AutourCore
import AutourStore
import Foundation

/// People in the JSON API. Permissions come from `Permissions` through `PeopleService`; a person
/// of another territory answers 404, a role without access 403.
extension APIHandlers {
    var people: PeopleService { store.peopleService }

    func createPerson(_ input: Operations.CreatePerson.Input) async throws -> Operations.CreatePerson.Output {
        let context = try caller
        try context.require(.writePersonFile)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let territory = context.territory
        let valid = try PersonRules.validate(PersonInput(body), territory: territory, today: clock.now())
        let duplicates = try await store.people.duplicates(of: IdentityKey(valid), territoryId: territory.id)
        let person = try await store.people.create(valid, territoryId: territory.id, actor: context.actor)
        // The person's fields at the top level, as clients have always read it (`{"id", …}`).
        return .created(.init(body: .json(.init(value1: .init(person), value2: .init(possibleDuplicates: duplicates.map(Components.Schemas.Person.init))))))
    }

    func searchPersons(_ input: Operations.SearchPersons.Input) async throws -> Operations.SearchPersons.Output {
        let context = try caller
        try context.require(.readPersonFile)
        let query = input.query.q ?? ""
        guard query.count <= 100 else { throw AutourError.invalid("Recherche trop longue.", fields: ["q": "100 caractères au plus"]) }
        let found = try await store.people.search(query, territoryId: context.actor.territoryId)
        return .ok(.init(body: .json(.init(items: found.map(Components.Schemas.Person.init)))))
    }

    func getPerson(_ input: Operations.GetPerson.Input) async throws -> Operations.GetPerson.Output {
        let context = try caller
        let person = try await people.openFile(id: try APIValue.pathID(input.path.id), by: context.actor)
        let now = clock.now()
        return .ok(
            .init(
                body: .json(
                    .init(
                        consents: try await store.people.consents(personId: person.id).map { .init($0, now: now) },
                        followUps: try await store.people.followUps(personId: person.id, visibleTo: context.actor).map(Components.Schemas.FollowUp.init),
                        household: try await store.people.householdMembers(of: person).map(Components.Schemas.Person.init),
                        person: .init(person),
                        referrals: try await store.referrals.referrals(personId: person.id).map { try .init($0, now: now) }))))
    }

    func updatePerson(_ input: Operations.UpdatePerson.Input) async throws -> Operations.UpdatePerson.Output {
        let context = try caller
        let person = try await people.person(id: try APIValue.pathID(input.path.id), for: .writePersonFile, by: context.actor)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let valid = try PersonRules.validate(PersonInput(body), territory: context.territory, today: clock.now())
        return .ok(.init(body: .json(.init(try await store.people.update(id: person.id, with: valid, actor: context.actor)))))
    }

    func recordConsent(_ input: Operations.RecordConsent.Input) async throws -> Operations.RecordConsent.Output {
        let context = try caller
        let person = try await people.person(id: try APIValue.pathID(input.path.id), for: .writePersonFile, by: context.actor)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let (purpose, method, givenBy) = try ConsentRules.parse(purpose: body.purpose.rawValue, method: body.method.rawValue, givenBy: body.givenBy?.rawValue)
        let consent = try await store.people.recordConsent(
            personId: person.id, purpose: purpose, partnerName: body.partnerName, method: method, givenBy: givenBy, actor: context.actor)
        return .created(.init(body: .json(.init(consent, now: clock.now()))))
    }

    func withdrawConsent(_ input: Operations.WithdrawConsent.Input) async throws -> Operations.WithdrawConsent.Output {
        let context = try caller
        let person = try await people.person(id: try APIValue.pathID(input.path.id), for: .writePersonFile, by: context.actor)
        let consentId = try APIValue.pathID(input.path.consentId)
        try await store.people.withdrawConsent(consentId, personId: person.id, actor: context.actor)
        guard let consent = try await store.people.consents(personId: person.id).first(where: { $0.id == consentId }) else { throw AutourError.notFound }
        return .ok(.init(body: .json(.init(consent, now: clock.now()))))
    }

    func addFollowUp(_ input: Operations.AddFollowUp.Input) async throws -> Operations.AddFollowUp.Output {
        let context = try caller
        let person = try await people.person(id: try APIValue.pathID(input.path.id), for: .writePersonFile, by: context.actor)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let (kind, visibility) = try FollowUpRules.parse(kind: body.kind.rawValue, visibility: body.visibility?.rawValue)
        let followUp = try await store.people.addFollowUp(
            personId: person.id, kind: kind, summary: body.summary, visibility: visibility, actor: context.actor)
        return .created(.init(body: .json(.init(followUp))))
    }

    func exportPerson(_ input: Operations.ExportPerson.Input) async throws -> Operations.ExportPerson.Output {
        let context = try caller
        let person = try await people.person(id: try APIValue.pathID(input.path.id), for: .exportPerson, by: context.actor)
        let export = try await store.people.export(personId: person.id, actor: context.actor, complete: input.query.complete == ._true)
        let now = clock.now()
        return .ok(
            .init(
                body: .json(
                    .init(
                        accesses: export.accesses.map { .init(action: $0.action, actorId: $0.actorId?.uuidString, at: $0.at) },
                        complete: export.complete, consents: export.consents.map { .init($0, now: now) }, exportedAt: export.exportedAt,
                        followUps: export.followUps.map(Components.Schemas.FollowUp.init), person: .init(export.person),
                        referrals: try export.referrals.map { try .init($0, now: now) }, signals: try export.signals.map { try .init($0, now: now) },
                        withheldFollowUps: export.withheldFollowUps, sections: export.sections.map(Components.Schemas.PersonDataSection.init)))))
    }

    func mergePerson(_ input: Operations.MergePerson.Input) async throws -> Operations.MergePerson.Output {
        let context = try caller
        let source = try await people.person(id: try APIValue.pathID(input.path.id), for: .writePersonFile, by: context.actor)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let merged = try await store.people.merge(source.id, into: try APIValue.uuid(body.into, field: "into"), actor: context.actor)
        return .ok(.init(body: .json(.init(merged))))
    }

    func joinHousehold(_ input: Operations.JoinHousehold.Input) async throws -> Operations.JoinHousehold.Output {
        let context = try caller
        let person = try await people.person(id: try APIValue.pathID(input.path.id), for: .writePersonFile, by: context.actor)
        let body =
            switch input.body {
            case .json(let body): body
            }
        try await store.people.joinHousehold(person.id, with: try APIValue.uuid(body.with, field: "with"), actor: context.actor)
        return .ok(.init(body: .json(.init(try await people.current(person)))))
    }

    func leaveHousehold(_ input: Operations.LeaveHousehold.Input) async throws -> Operations.LeaveHousehold.Output {
        let context = try caller
        let person = try await people.person(id: try APIValue.pathID(input.path.id), for: .writePersonFile, by: context.actor)
        try await store.people.leaveHousehold(person.id, actor: context.actor)
        return .ok(.init(body: .json(.init(try await people.current(person)))))
    }

    func erasePerson(_ input: Operations.ErasePerson.Input) async throws -> Operations.ErasePerson.Output {
        let context = try caller
        let person = try await people.person(id: try APIValue.pathID(input.path.id), for: .erasePerson, by: context.actor)
        try await store.people.erase(personId: person.id, actor: context.actor)
        return .ok(.init(body: .json(.init(try await people.current(person)))))
    }
}

extension PersonInput {
    init(_ body: Components.Schemas.PersonInput) {
        self.init(
            firstName: body.firstName, lastName: body.lastName, birthDate: body.birthDate, address: body.address, communeCode: body.communeCode,
            neighbourhood: body.neighbourhood, phone: body.phone, email: body.email, languages: body.languages, flags: body.flags?.map(\.rawValue))
    }
}

extension Components.Schemas.Person {
    init(_ p: Person) {
        self.init(
            address: p.address, birthDate: p.birthDate, communeCode: p.communeCode, createdAt: p.createdAt, email: p.email, erased: p.erasedAt != nil,
            firstName: p.firstName, flags: p.flags.map(\.rawValue).sorted(), householdId: p.householdId?.uuidString, id: p.id.uuidString,
            languages: p.languages, lastName: p.lastName, neighbourhood: p.neighbourhood, phone: p.phone)
    }
}

extension Components.Schemas.Consent {
    init(_ c: Consent, now: Date) {
        self.init(
            active: ConsentRules.isActive(c, now: now), givenAt: c.givenAt, givenBy: c.givenBy.rawValue, id: c.id.uuidString, method: c.method.rawValue,
            partnerName: c.partnerName, purpose: c.purpose.rawValue, recordedBy: c.recordedBy.uuidString, withdrawnAt: c.withdrawnAt)
    }
}

extension Components.Schemas.FollowUp {
    init(_ f: FollowUp) {
        self.init(
            at: f.at, authorId: f.authorId.uuidString, id: f.id.uuidString, kind: f.kind.rawValue, summary: f.summary, visibility: f.visibility.rawValue)
    }
}

extension Components.Schemas.PersonDataSection {
    init(_ s: PersonDataSection) {
        self.init(
            module: s.module, title: s.title,
            items: s.items.map { item in .init(date: item.date, summary: item.summary, details: item.details.map { .init(label: $0.label, value: $0.value) }) })
    }
}
