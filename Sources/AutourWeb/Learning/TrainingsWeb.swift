import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The peer training sessions: the form to propose one, its page (venue, who comes, enrolment,
/// the day's list and the attendance for the people running it).
struct TrainingsWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    var service: LearningService { store.learningService }

    struct FormBody {
        let values: [String: String], errors: [String: String], summary: String?, hosts: [Option], cohosts: [Option], places: [Option]
        let neighbourhoods: [Option], times: [Option], subjects: [String], chooseHost: Bool
    }

    struct LearnerRow { let id: String, name: String, status: String, confirmed: Bool, attended: Bool, canWithdraw: Bool }
    struct SessionBody {
        let id: String, title: String, subject: String, description: String?, when: String, venue: String, address: String?
        let host: String, cohost: String?, socialTopic: Bool, participation: String, capacity: Int, confirmed: Int, waiting: Int
        let cancelled: Bool, runs: Bool, learners: [LearnerRow], started: Bool, open: Bool, enrolOptions: [Option], ownId: String?
        let ownStatus: String?, ownWithdraw: String?, hasLearners: Bool, canEnrolOthers: Bool, notice: String?, error: String?
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/apprendre/seances/nouvelle") { _, context in try await form(context, values: [:], error: nil) }
        web.post("/apprendre/seances") { request, context in
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let id = try await service.createSession(try await input(form, context), actor: context.actor)
                return Response.redirect(to: .trainingSession(id), ok: "creee")
            } reshow: { error in
                try await self.form(context, values: form.values, error: error)
            }
        }
        web.get("/apprendre/seances/{id}") { request, context in
            try await page(request, context, id: try context.pathID(), error: nil)
        }
        web.post("/apprendre/seances/{id}/inscriptions") { request, context in
            let id = try context.pathID()
            let form = try await FormData.read(request, context: context)
            guard let resourceId = UUID(uuidString: form.text("resource")) else {
                return try await page(request, context, id: id, error: "Choisissez la personne à inscrire.", status: .unprocessableContent)
            }
            do {
                let status = try await service.enrol(sessionId: id, resourceId: resourceId, actor: context.actor)
                return Response.redirect(to: .trainingSession(id), ok: status == .confirmed ? "inscrit" : "attente")
            } catch AutourError.invalid(let message, _) {
                return try await page(request, context, id: id, error: message, status: .unprocessableContent)
            }
        }
        web.post("/apprendre/seances/{id}/inscriptions/{resource}/retirer") { _, context in
            let id = try context.pathID()
            try await service.withdraw(sessionId: id, resourceId: try context.pathID("resource"), actor: context.actor)
            return Response.redirect(to: .trainingSession(id), ok: "retire")
        }
        web.post("/apprendre/seances/{id}/presence") { request, context in
            let id = try context.pathID()
            let form = try await FormData.read(request, context: context)
            let present = Set(form.values.keys.compactMap { $0.hasPrefix("present_") ? UUID(uuidString: String($0.dropFirst(8))) : nil })
            do {
                let payments = try await service.recordAttendance(sessionId: id, present: present, actor: context.actor)
                var query = [("n", String(present.count)), ("paid", String(payments.paid))]
                if !payments.unpaid.isEmpty { query.append(("unpaid", payments.unpaid.joined(separator: ", "))) }
                return Response.redirect(to: .trainingSession(id), ok: "presence", query: query)
            } catch AutourError.invalid(let message, _) {
                return try await page(request, context, id: id, error: message, status: .unprocessableContent)
            }
        }
        web.post("/apprendre/seances/{id}/annuler") { _, context in
            let id = try context.pathID()
            try await service.cancelSession(id: id, actor: context.actor)
            return Response.redirect(to: .trainingSession(id), ok: "annulee")
        }
    }

    private func input(_ form: FormData, _ context: SignedInContext) async throws -> TrainingSessionInput {
        var host = UUID(uuidString: form.text("host"))
        if !Permissions.can(context.actor, .organiseTrainings) { host = try await service.ownResource(actor: context.actor)?.id }
        return TrainingSessionInput(
            subject: form.text("subject"), title: form.text("title"), description: form.text("description"), hostId: host,
            cohostId: UUID(uuidString: form.text("cohost")), socialTopic: form["socialTopic"] != nil, placeId: UUID(uuidString: form.text("placeId")),
            homeAddress: form.text("homeAddress"), neighbourhood: form.text("neighbourhood"),
            startsAt: FrenchFormat.parseLocalDateTime(form.text("startsAt")), endsAt: FrenchFormat.parseLocalDateTime(form.text("endsAt")),
            capacity: try form.integer("capacity", in: TrainingRules.capacityRange, unit: "personnes"),
            timeMinutes: try form.integer("timeMinutes", in: TrainingRules.timeMinutesRange, unit: "minutes"))
    }

    private func form(_ context: SignedInContext, values: [String: String], error: AutourError?) async throws -> Response {
        try Permissions.require(context.actor, .viewLearning)
        let chooseHost = Permissions.can(context.actor, .organiseTrainings)
        if !chooseHost, try await service.ownResource(actor: context.actor) == nil {
            throw AutourError.invalid("Votre compte n'a pas encore de profil de bénévole : demandez-le au CCAS.")
        }
        let resources = try await store.energies.resources(territoryId: context.actor.territoryId)
        let places = try await store.places.places(territoryId: context.actor.territoryId)
        let subjects = try await store.learning.lexicon(territoryId: context.actor.territoryId).filter { $0.kind == .subject }.map(\.target)
        var values = values
        if values.isEmpty { values = ["capacity": "6", "timeMinutes": "0"] }
        let body = FormBody(
            values: values, errors: error?.fields ?? [:], summary: error?.summary,
            hosts: resources.map { Option(value: $0.id.uuidString, label: $0.name, selected: values["host"] == $0.id.uuidString) },
            cohosts: [Option(value: "", label: "— Personne", selected: (values["cohost"] ?? "").isEmpty)]
                + resources.filter { $0.kind.isProfessional }.map {
                    Option(value: $0.id.uuidString, label: "\($0.name) (\($0.kind.label))", selected: values["cohost"] == $0.id.uuidString)
                },
            places: [Option(value: "", label: "— Chez un·e habitant·e (adresse ci-dessous)", selected: (values["placeId"] ?? "").isEmpty)]
                + places.map { Option(value: $0.id.uuidString, label: $0.name, selected: values["placeId"] == $0.id.uuidString) },
            neighbourhoods: [Option(value: "", label: "—", selected: (values["neighbourhood"] ?? "").isEmpty)]
                + context.territory.neighbourhoods.map { Option(value: $0.name, label: $0.name, selected: values["neighbourhood"] == $0.name) },
            times: [0, 30, 60, 90, 120].map {
                Option(
                    value: String($0), label: $0 == 0 ? "Gratuit" : "\(LedgerRules.hours($0)) de temps par personne",
                    selected: values["timeMinutes"] == String($0))
            },
            subjects: subjects, chooseHost: chooseHost)
        return renderer.page(
            "learning_session_form", title: "Proposer une séance", body: body, path: Page.newTrainingSession.path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    private func page(_ request: Request, _ context: SignedInContext, id: UUID, error: String?, status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        let session = try await service.session(id: id, actor: context.actor)
        let enrolments = try await store.learning.enrolments(sessionId: id)
        let runs = try await service.runs(session, actor: context.actor)
        let mayReadAddress = try await service.mayReadAddress(session, enrolments: enrolments, actor: context.actor)
        let resources = try await store.energies.resources(territoryId: context.actor.territoryId)
        let names = Dictionary(uniqueKeysWithValues: resources.map { ($0.id, $0.name) })
        let own = try await store.energies.resource(accountId: context.actor.accountId)
        let now = clock.now()
        let query = request.uri.queryParameters
        let notice: String? =
            switch query["ok"] {
            case "creee": "Séance proposée."
            case "inscrit": "Inscription confirmée."
            case "attente": "Séance complète : inscription sur la liste d'attente."
            case "retire": "Inscription retirée ; la place libérée revient à la liste d'attente."
            case "annulee": "Séance annulée."
            case "presence":
                "Présence enregistrée (\(FrenchText.count(Int(query["n"] ?? "") ?? 0, "présent·e", "présent·es")))."
                    + (session.timeMinutes > 0
                        ? " Paiements en temps : \(query["paid"] ?? "0")." + (query["unpaid"].map { " Sans compte temps ou sans solde : \($0)." } ?? "") : "")
            default: nil
            }
        let ownEnrolment = own.flatMap { me in enrolments.first { $0.resourceId == me.id } }
        let body = SessionBody(
            id: Page.segment(id), title: session.title, subject: session.subject, description: session.description.nilIfEmpty,
            when: "\(FrenchFormat.dateTime(session.startsAt)) – \(FrenchFormat.localDateTime(session.endsAt).suffix(5))", venue: session.venue,
            address: mayReadAddress ? session.homeAddress : nil, host: names[session.hostId] ?? "", cohost: session.cohostId.flatMap { names[$0] },
            socialTopic: session.socialTopic, participation: session.participation, capacity: session.capacity, confirmed: session.confirmed,
            waiting: session.waiting, cancelled: session.cancelledAt != nil, runs: runs,
            learners: runs
                ? enrolments.map {
                    LearnerRow(
                        id: $0.resourceId.uuidString, name: names[$0.resourceId] ?? "", status: $0.status.label, confirmed: $0.status == .confirmed,
                        attended: $0.attended == true, canWithdraw: session.startsAt > now)
                } : [],
            started: session.startsAt <= now, open: session.cancelledAt == nil && session.startsAt > now,
            enrolOptions: Permissions.can(context.actor, .organiseTrainings)
                ? resources.filter { r in r.id != session.hostId && r.id != session.cohostId && !enrolments.contains { $0.resourceId == r.id } }
                    .map { Option(value: $0.id.uuidString, label: $0.name, selected: false) } : [],
            ownId: own.map { me in me.id == session.hostId || me.id == session.cohostId || ownEnrolment != nil ? nil : me.id.uuidString } ?? nil,
            ownStatus: ownEnrolment?.status.label, ownWithdraw: ownEnrolment.map { $0.resourceId.uuidString }, hasLearners: !enrolments.isEmpty,
            canEnrolOthers: Permissions.can(context.actor, .organiseTrainings), notice: notice, error: error)
        return renderer.page("learning_session", title: session.title, body: body, path: Page.trainingSession(id).path, viewer: context, status: status)
    }
}
