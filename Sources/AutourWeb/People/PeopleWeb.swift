import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The People pages: search, new file (with likely duplicates shown first), the file itself
/// with consents and follow-ups, the printable export and erasure.
struct PeopleWeb {
    let store: Store
    let renderer: WebRenderer
    var service: PeopleService { store.peopleService }
    let clock: WallClock

    // MARK: View models

    struct Row { let id: String; let name: String; let birthDate: String; let address: String; let phone: String }
    struct Choice { let value: String; let label: String; let selected: Bool }

    struct SearchBody {
        let query: String
        let searched: Bool
        let results: [Row]
        let empty: Bool
        /// The list holds as many files as a search shows: others may match.
        let full: Bool
    }

    struct FormBody {
        let action: String
        let heading: String
        let submit: String
        let firstName: String, lastName: String, birthDate: String, address: String, phone: String, email: String, languages: String
        let neighbourhoods: [Choice]
        let flags: [Choice]
        let errors: Errors
        let summary: String?
        let duplicates: [Row]
        let hasDuplicates: Bool
    }

    struct Errors {
        let firstName: String?, lastName: String?, birthDate: String?, address: String?, neighbourhood: String?
        let phone: String?, email: String?, languages: String?, flags: String?
        init(_ fields: [String: String]) {
            firstName = fields["firstName"]; lastName = fields["lastName"]; birthDate = fields["birthDate"]
            address = fields["address"]; neighbourhood = fields["neighbourhood"]; phone = fields["phone"]
            email = fields["email"]; languages = fields["languages"]; flags = fields["flags"]
        }
    }

    struct ConsentRow {
        let purpose: String, partner: String?, method: String, givenBy: String, givenAt: String, status: String
        /// Where the "withdraw" button posts; nil once withdrawn or when the file is erased.
        let withdrawAction: String?
    }
    struct FollowUpRow { let kind: String; let at: String; let summary: String; let visibility: String; let restricted: Bool }

    struct FileBody {
        let id: String
        /// The same as `id`, under a name that rows of other persons do not have.
        let fileId: String
        let name: String
        let erased: Bool
        let facts: [Fact]
        let flags: [String]
        let consents: [ConsentRow]
        let followUps: [FollowUpRow]
        let purposes: [Choice]
        let methods: [Choice]
        let givers: [Choice]
        let kinds: [Choice]
        let visibilities: [Choice]
        let canErase: Bool
        let canExport: Bool
        let referrals: [ReferralRow]
        let duplicates: [Row]
        let household: [Row]
        let housemates: [Choice]
        let hasHousemates: Bool
        let inHousehold: Bool
        let services: [Choice]
        let partners: [Choice]
        let referralError: String?
        let eraseError: String?
        let notice: String?
        let consentError: String?
        let followUpError: String?
        // Stored, not computed: Mustache reads properties through reflection.
        let hasFlags: Bool
        let hasConsents: Bool
        let hasFollowUps: Bool
        let radar: RadarPanel
        /// The Rights section: the household's page and the open follow-ups (nil once erased).
        let rights: RightsPanel?
        let aid: AidPanel?
        let voucherPanel: VoucherPanel?
    }
    struct Fact { let label: String; let value: String }
    struct ReferralRow { let service: String; let date: String; let status: String; let reason: String?; let reminder: Bool; let note: String? }

    func referralRow(_ r: Referral) -> ReferralRow {
        let now = clock.now()
        return ReferralRow(
            service: "\(r.serviceName) — \(r.structureName)", date: FrenchFormat.dateTime(r.createdAt),
            status: ReferralRules.effectiveStatus(r, now: now).label, reason: r.reason,
            reminder: ReferralRules.needsReminder(r, now: now), note: r.note.nilIfEmpty)
    }

    // MARK: Routes

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/personnes") { request, context in
            try context.require(.readPersonFile)
            let query = String((request.uri.queryParameters["q"].map(String.init) ?? "").prefix(100))
            let found = query.isEmpty ? [] : try await store.people.search(query, territoryId: context.actor.territoryId)
            let body = SearchBody(
                query: query, searched: !query.isEmpty, results: found.map(row), empty: !query.isEmpty && found.isEmpty,
                full: found.count == PeopleRepository.searchLimit)
            return renderer.page("people", title: "Personnes", body: body, path: Page.people.path, viewer: context)
        }
        web.get("/personnes/nouvelle") { _, context in
            try context.require(.writePersonFile)
            return try await form(context, values: [:], error: nil, duplicates: [])
        }
        web.post("/personnes") { request, context in
            try context.require(.writePersonFile)
            let form = try await FormData.read(request, context: context)
            let territory = context.territory
            return try await FormData.submit {
                let valid = try PersonRules.validate(input(form), territory: territory, today: clock.now())
                if form["confirm"] == nil {
                    let duplicates = try await store.people.duplicates(of: IdentityKey(valid), territoryId: territory.id)
                    if !duplicates.isEmpty { return try await self.form(context, values: form.values, error: nil, duplicates: duplicates) }
                }
                let person = try await store.people.create(valid, territoryId: territory.id, actor: context.actor)
                return Response.redirect(to: .person(person.id))
            } reshow: { error in
                return try await self.form(context, values: form.values, error: error, duplicates: [])
            }
        }
        web.get("/personnes/{id}") { request, context in
            if let id = context.parameters.get("id", as: UUID.self),
                let target = try await store.people.mergedInto(id, territoryId: context.actor.territoryId)
            {
                // A merged file lives on in the one it was merged into.
                return Response.redirect(to: .person(target), ok: "fusion")
            }
            let person = try await service.openFile(id: try context.pathID(), by: context.actor)
            return try await file(person, context: context, notice: request.uri.queryParameters["ok"].map(String.init))
        }
        web.get("/personnes/{id}/modifier") { _, context in
            let person = try await service.person(id: try context.pathID(), for: .writePersonFile, by: context.actor)
            return try await form(context, values: values(person), error: nil, duplicates: [], editing: person)
        }
        web.post("/personnes/{id}/modifier") { request, context in
            let person = try await service.person(id: try context.pathID(), for: .writePersonFile, by: context.actor)
            let form = try await FormData.read(request, context: context)
            let territory = context.territory
            return try await FormData.submit {
                let valid = try PersonRules.validate(input(form), territory: territory, today: clock.now())
                _ = try await store.people.update(id: person.id, with: valid, actor: context.actor)
                return Response.redirect(to: .person(person.id), ok: "fiche")
            } reshow: { error in
                return try await self.form(context, values: form.values, error: error, duplicates: [], editing: person)
            }
        }
        web.post("/personnes/{id}/consentements") { request, context in
            let person = try await service.person(id: try context.pathID(), for: .writePersonFile, by: context.actor)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let (purpose, method, givenBy) = try ConsentRules.parse(
                    purpose: form.text("purpose"), method: form.text("method"),
                    givenBy: form.text("givenBy"))
                _ = try await store.people.recordConsent(
                    personId: person.id, purpose: purpose, partnerName: form.text("partnerName"),
                    method: method, givenBy: givenBy, actor: context.actor)
                return Response.redirect(to: .person(person.id), ok: "consentement", anchor: "consentements")
            } reshow: { error in
                return try await file(person, context: context, consentError: error.fields.values.first ?? error.message)
            }
        }
        web.post("/personnes/{id}/consentements/{consentId}/retrait") { _, context in
            let person = try await service.person(id: try context.pathID(), for: .writePersonFile, by: context.actor)
            guard let consentId = context.parameters.get("consentId", as: UUID.self) else { throw AutourError.notFound }
            try await store.people.withdrawConsent(consentId, personId: person.id, actor: context.actor)
            return Response.redirect(to: .person(person.id), ok: "retrait", anchor: "consentements")
        }
        web.post("/personnes/{id}/suivis") { request, context in
            let person = try await service.person(id: try context.pathID(), for: .writePersonFile, by: context.actor)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let (kind, visibility) = try FollowUpRules.parse(kind: form.text("kind"), visibility: form.text("visibility"))
                _ = try await store.people.addFollowUp(
                    personId: person.id, kind: kind, summary: form.text("summary"),
                    visibility: visibility, actor: context.actor)
                return Response.redirect(to: .person(person.id), ok: "suivi", anchor: "suivis")
            } reshow: { error in
                return try await file(person, context: context, followUpError: error.fields.values.first ?? error.message)
            }
        }
        web.post("/personnes/{id}/foyer") { request, context in
            let person = try await service.person(id: try context.pathID(), for: .writePersonFile, by: context.actor)
            let form = try await FormData.read(request, context: context)
            if form["leave"] != nil {
                try await store.people.leaveHousehold(person.id, actor: context.actor)
            } else {
                guard let other = UUID(uuidString: form.text("with")) else { throw AutourError.invalid("Choisissez une personne.") }
                try await store.people.joinHousehold(person.id, with: other, actor: context.actor)
            }
            return Response.redirect(to: .person(person.id), ok: "foyer", anchor: "foyer")
        }
        web.post("/personnes/{id}/fusion") { request, context in
            let person = try await service.person(id: try context.pathID(), for: .writePersonFile, by: context.actor)
            let form = try await FormData.read(request, context: context)
            guard let source = UUID(uuidString: form.text("source")) else { throw AutourError.invalid("Choisissez la fiche à fusionner.") }
            _ = try await store.people.merge(source, into: person.id, actor: context.actor)
            return Response.redirect(to: .person(person.id), ok: "fusion")
        }
        web.post("/personnes/{id}/orientations") { request, context in
            let person = try await service.person(id: try context.pathID(), for: .writePersonFile, by: context.actor)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                _ = try await store.referrals.create(
                    personId: person.id, serviceId: form.text("serviceId"), note: form.text("note"),
                    actor: context.actor)
                return Response.redirect(to: .person(person.id), ok: "orientation", anchor: "orientations")
            } reshow: { error in
                return try await file(person, context: context, referralError: error.fields.values.first ?? error.message)
            }
        }
        web.get("/personnes/{id}/export") { request, context in
            let person = try await service.person(id: try context.pathID(), for: .exportPerson, by: context.actor)
            let export = try await store.people.export(
                personId: person.id, actor: context.actor,
                complete: request.uri.queryParameters["complet"] == "1")
            let names = try await store.accounts.list(territoryId: context.actor.territoryId).namesById
            let body = ExportBody(
                name: export.person.displayName, facts: facts(export.person), flags: export.person.flags.map(\.label).sorted(),
                consents: export.consents.map { consentRow($0, editable: false) },
                followUps: export.followUps.map {
                    FollowUpRow(
                        kind: $0.kind.label, at: FrenchFormat.dateTime($0.at), summary: $0.summary,
                        visibility: $0.visibility.label, restricted: $0.visibility != .team)
                },
                referrals: export.referrals.map(referralRow),
                signals: export.signals.map {
                    SectionItem(
                        date: FrenchFormat.dateTime($0.createdAt), summary: "\($0.kind.label) — \($0.status.label)",
                        details: ($0.details.map { [.init(label: "Détails", value: $0)] } ?? []))
                },
                sections: export.sections.map { section in
                    Section(
                        title: section.title,
                        items: section.items.map { item in
                            SectionItem(
                                date: item.date.map(FrenchFormat.dateTime) ?? "", summary: item.summary,
                                details: item.details.map { .init(label: $0.label, value: $0.value) })
                        })
                },
                accesses: export.accesses.map {
                    AccessRow(
                        at: FrenchFormat.dateTime($0.at), who: $0.actorId.flatMap { names[$0] } ?? "—",
                        action: FrenchFormat.auditAction($0.action))
                },
                exportedAt: FrenchFormat.dateTime(export.exportedAt), hasFlags: !export.person.flags.isEmpty,
                hasConsents: !export.consents.isEmpty, hasFollowUps: !export.followUps.isEmpty,
                withheld: FrenchText.count(export.withheldFollowUps, "note réservée", "notes réservées"), hasWithheld: export.withheldFollowUps > 0,
                complete: export.complete,
                completeHref: FollowUpRules.mayExportComplete(context.actor) && !export.complete
                    ? "/personnes/\(person.id.uuidString.lowercased())/export?complet=1" : nil)
            return renderer.page("person_export", title: "Données détenues", body: body, path: Page.people.path, viewer: context)
        }
        web.post("/personnes/{id}/anonymiser") { request, context in
            let person = try await service.person(id: try context.pathID(), for: .erasePerson, by: context.actor)
            let form = try await FormData.read(request, context: context)
            guard form["confirm"] != nil else {
                return try await file(person, context: context, eraseError: "Cochez la case de confirmation pour anonymiser la fiche.")
            }
            try await store.people.erase(personId: person.id, actor: context.actor)
            return Response.redirect(to: .person(person.id), ok: "anonymise")
        }
    }

    struct AccessRow { let at: String; let who: String; let action: String }
    struct SectionItem { let date: String; let summary: String; let details: [Fact] }
    struct Section { let title: String; let items: [SectionItem] }
    struct ExportBody {
        let name: String
        let facts: [Fact]
        let flags: [String]
        let consents: [ConsentRow]
        let followUps: [FollowUpRow]
        let referrals: [ReferralRow]
        let signals: [SectionItem]
        let sections: [Section]
        let accesses: [AccessRow]
        let exportedAt: String
        // Stored, not computed: Mustache reads properties through reflection.
        let hasFlags: Bool
        let hasConsents: Bool
        let hasFollowUps: Bool
        let withheld: String
        let hasWithheld: Bool
        let complete: Bool
        let completeHref: String?
    }

    // MARK: Helpers

    func input(_ form: FormData) -> PersonInput {
        PersonInput(
            firstName: form.text("firstName"), lastName: form.text("lastName"), birthDate: form.text("birthDate"),
            address: form.text("address"), neighbourhood: form.text("neighbourhood"), phone: form.text("phone"),
            email: form.text("email"),
            languages: form.text("languages").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
            flags: VulnerabilityFlag.allCases.map(\.rawValue).filter { form["flag_\($0)"] != nil })
    }

    func values(_ person: Person) -> [String: String] {
        var values = [
            "firstName": person.firstName, "lastName": person.lastName, "birthDate": person.birthDate ?? "",
            "address": person.address ?? "", "neighbourhood": person.neighbourhood ?? "", "phone": person.phone ?? "",
            "email": person.email ?? "", "languages": person.languages.joined(separator: ", "),
        ]
        for flag in person.flags { values["flag_\(flag.rawValue)"] = "on" }
        return values
    }

    func row(_ p: Person) -> Row {
        Row(
            id: p.id.uuidString.lowercased(), name: "\(p.lastName.uppercased()) \(p.firstName)",
            birthDate: p.birthDate.flatMap(FrenchFormat.day) ?? "", address: [p.address, p.neighbourhood].compactMap { $0 }.joined(separator: " — "),
            phone: p.phone ?? "")
    }

    func form(
        _ context: SignedInContext, values: [String: String], error: AutourError?, duplicates: [Person],
        editing: Person? = nil
    ) async throws -> Response {
        let territory = context.territory
        let path = editing.map { "/personnes/\($0.id.uuidString.lowercased())/modifier" } ?? "/personnes"
        let body = FormBody(
            action: path, heading: editing == nil ? "Nouvelle fiche" : "Modifier la fiche",
            submit: duplicates.isEmpty ? "Enregistrer" : "Créer quand même une nouvelle fiche",
            firstName: values["firstName"] ?? "", lastName: values["lastName"] ?? "",
            birthDate: values["birthDate"] ?? "", address: values["address"] ?? "", phone: values["phone"] ?? "",
            email: values["email"] ?? "", languages: values["languages"] ?? "",
            neighbourhoods: [Choice(value: "", label: "— non précisé —", selected: (values["neighbourhood"] ?? "").isEmpty)]
                + territory.neighbourhoods.map { Choice(value: $0.name, label: $0.name, selected: values["neighbourhood"] == $0.name) },
            flags: VulnerabilityFlag.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: values["flag_\($0.rawValue)"] != nil) },
            errors: Errors(error?.fields ?? [:]), summary: error?.message,
            duplicates: duplicates.map(row), hasDuplicates: !duplicates.isEmpty)
        return renderer.page(
            "person_form", title: body.heading, body: body, path: Page.people.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    func facts(_ p: Person) -> [Fact] {
        [
            ("Date de naissance", p.birthDate.flatMap(FrenchFormat.day) ?? p.birthDate), ("Adresse", p.address),
            ("Quartier", p.neighbourhood), ("Commune (INSEE)", p.communeCode), ("Téléphone", p.phone), ("E-mail", p.email),
            ("Langues parlées", p.languages.isEmpty ? nil : p.languages.joined(separator: ", ")),
        ]
        .compactMap { label, value in value.map { Fact(label: label, value: $0) } }
    }

    /// People at the same address who are not yet in the person's household: the likely members.
    func housemateCandidates(of person: Person, excluding members: [Person]) async throws -> [Person] {
        guard person.erasedAt == nil, let address = person.address, !address.isEmpty else { return [] }
        let known = Set(members.map(\.id) + [person.id])
        return try await store.people.search(address, territoryId: person.territoryId, limit: 20)
            .filter { !known.contains($0.id) && SearchText.fold($0.address ?? "") == SearchText.fold(address) }
    }

    func consentRow(_ c: Consent, editable: Bool) -> ConsentRow {
        let active = ConsentRules.isActive(c, now: clock.now())
        let status = c.withdrawnAt.map { "Retiré le \(FrenchFormat.dateTime($0))" } ?? (active ? "En cours" : "À renouveler")
        let withdraw =
            c.withdrawnAt == nil && editable
            ? "/personnes/\(c.personId.uuidString.lowercased())/consentements/\(c.id.uuidString.lowercased())/retrait" : nil
        return ConsentRow(
            purpose: c.purpose.label, partner: c.partnerName, method: c.method.label, givenBy: c.givenBy.label,
            givenAt: FrenchFormat.dateTime(c.givenAt), status: status, withdrawAction: withdraw)
    }

    func file(
        _ person: Person, context: SignedInContext, notice: String? = nil, consentError: String? = nil,
        followUpError: String? = nil, referralError: String? = nil, eraseError: String? = nil,
        radarError: String? = nil
    ) async throws -> Response {
        let consents = try await store.people.consents(personId: person.id)
        let referrals = try await store.referrals.referrals(personId: person.id)
        let members = try await store.people.householdMembers(of: person)
        let housemates = try await housemateCandidates(of: person, excluding: members)
            .map { Choice(value: $0.id.uuidString.lowercased(), label: row($0).name, selected: false) }
        let services = try await store.directory.services(territoryId: context.actor.territoryId)
        let structures = Set(services.map(\.structureName)).sorted()
        let followUps = try await store.people.followUps(personId: person.id, visibleTo: context.actor)
        let notices = [
            "foyer": "Foyer mis à jour.", "fusion": "Les fiches ont été fusionnées : tout l'historique est ici.",
            "orientation": "Orientation envoyée au partenaire.", "fiche": "Fiche enregistrée.", "consentement": "Consentement enregistré.",
            "retrait": "Consentement retiré.",
            "suivi": "Intervention enregistrée.", "anonymise": "La fiche a été anonymisée.",
            "registre": "Inscription au registre enregistrée.", "registre-retrait": "La personne est retirée du registre.",
            "rappels": "Appels de convivialité programmés.", "rappels-arret": "Appels de convivialité arrêtés.",
        ]
        let body = FileBody(
            id: person.id.uuidString.lowercased(), fileId: person.id.uuidString.lowercased(), name: person.displayName, erased: person.erasedAt != nil,
            facts: facts(person), flags: person.flags.map(\.label).sorted(),
            consents: consents.map { consentRow($0, editable: person.erasedAt == nil) },
            followUps: followUps.map {
                FollowUpRow(
                    kind: $0.kind.label, at: FrenchFormat.dateTime($0.at), summary: $0.summary,
                    visibility: $0.visibility.label, restricted: $0.visibility != .team)
            },
            purposes: ConsentPurpose.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: false) },
            methods: ConsentMethod.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: false) },
            givers: ConsentGiver.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == .person) },
            kinds: FollowUpKind.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: false) },
            visibilities: FollowUpVisibility.allCases.filter { $0 != .sensitive || context.actor.isSocialWorker }
                .map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == .team) },
            canErase: Permissions.can(context.actor, .erasePerson, on: person.scope) && person.erasedAt == nil,
            canExport: Permissions.can(context.actor, .exportPerson, on: person.scope),
            referrals: referrals.map(referralRow),
            duplicates: person.erasedAt != nil ? [] : try await store.people.duplicates(of: IdentityKey(person), territoryId: person.territoryId).map(row),
            household: members.map(row),
            housemates: housemates, hasHousemates: !housemates.isEmpty,
            inHousehold: person.householdId != nil,
            services: services.map { Choice(value: $0.diId, label: "\($0.name) — \($0.structureName)", selected: false) },
            partners: [Choice(value: "", label: "— aucun —", selected: true)] + structures.map { Choice(value: $0, label: $0, selected: false) },
            referralError: referralError, eraseError: eraseError,
            notice: notice.flatMap { notices[$0] ?? $0 }, consentError: consentError, followUpError: followUpError,
            hasFlags: !person.flags.isEmpty, hasConsents: !consents.isEmpty, hasFollowUps: !followUps.isEmpty,
            radar: try await RadarPanel.load(for: person, store: store, now: clock.now(), error: radarError),
            rights: try await RightsPanel.load(for: person, store: store, actor: context.actor),
            aid: try await AidPanel.load(for: person, store: store, actor: context.actor),
            voucherPanel: try await VoucherPanel.load(for: person, store: store, actor: context.actor))
        let failed = [consentError, followUpError, referralError, eraseError, radarError].contains { $0 != nil }
        let status: HTTPResponse.Status = failed ? .unprocessableContent : .ok
        return renderer.page("person", title: person.displayName, body: body, path: Page.people.path, viewer: context, status: status)
    }
}
