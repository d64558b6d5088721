import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// Referrals in the JSON API: agents orient a person from the file; partners answer.
struct ReferralsAPI {
    let store: Store
    let people: PeopleAPI
    let clock: WallClock

    struct ReferralDTO: Encodable {
        let id: UUID
        let personId: UUID
        let serviceId: String
        let serviceName: String
        let structureName: String
        let note: String
        let status: String
        let reason: String?
        let createdAt: Date
        let needsReminder: Bool

        init(_ r: Referral, now: Date) {
            id = r.id
            personId = r.personId
            serviceId = r.serviceId
            serviceName = r.serviceName
            structureName = r.structureName
            note = r.note
            status = ReferralRules.effectiveStatus(r, now: now).rawValue
            reason = r.reason
            createdAt = r.createdAt
            needsReminder = ReferralRules.needsReminder(r, now: now)
        }
    }

    struct InboxDTO: Encodable {
        let referral: ReferralDTO
        let personName: String
        let personPhone: String?
    }

    struct CreateRequest: Decodable { let serviceId: String; let note: String? }
    struct RefuseRequest: Decodable { let reason: String }

    func addRoutes(to api: RouterGroup<SignedInContext>) {
        api.post("/persons/{id}/referrals") { request, context in
            let person = try await people.scoped(context, .writePersonFile)
            let input = try await request.decodeJSON(CreateRequest.self, context: context)
            let referral = try await store.referrals.create(
                personId: person.id, serviceId: input.serviceId, note: input.note ?? "",
                actor: context.actor)
            return try JSONResponse.make(ReferralDTO(referral, now: clock.now()), status: .created)
        }
        api.get("/referrals") { _, context in
            try context.require(.answerReferrals)
            let now = clock.now()
            let inbox = try await store.referrals.inbox(partner: context.actor)
            return try JSONResponse.make(
                ItemList(
                    items: inbox.map {
                        InboxDTO(referral: ReferralDTO($0.referral, now: now), personName: $0.personName, personPhone: $0.personPhone)
                    }))
        }
        api.post("/referrals/{id}/accept") { _, context in try await answer(context, .accepted, reason: nil) }
        api.post("/referrals/{id}/done") { _, context in try await answer(context, .done, reason: nil) }
        api.post("/referrals/{id}/refuse") { request, context in
            // The right first, the body after: a role without it learns nothing from a 400.
            try context.require(.answerReferrals)
            let input = try await request.decodeJSON(RefuseRequest.self, context: context)
            return try await answer(context, .refused, reason: input.reason)
        }
    }

    func answer(_ context: SignedInContext, _ status: ReferralStatus, reason: String?) async throws -> Response {
        try context.require(.answerReferrals)
        guard let id = context.parameters.get("id", as: UUID.self) else { throw AutourError.notFound }
        let referral = try await store.referrals.respond(id, with: status, reason: reason, partner: context.actor)
        return try JSONResponse.make(ReferralDTO(referral, now: clock.now()))
    }
}

/// The partner's page of referrals received.
struct ReferralsWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock

    struct Row {
        let id: String, person: String, phone: String?, service: String, note: String?, date: String, status: String
        let canAnswer: Bool, canClose: Bool
    }
    struct Body { let rows: [Row]; let linked: Bool; let notice: String?; let error: String? }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/orientations") { request, context in
            try context.require(.answerReferrals)
            return try await page(context, notice: request.uri.queryParameters["ok"].map { _ in "Réponse enregistrée." }, error: nil)
        }
        web.post("/orientations/{id}/{answer}") { request, context in
            try context.require(.answerReferrals)
            guard let id = context.parameters.get("id", as: UUID.self),
                let status = ["accepter": ReferralStatus.accepted, "refuser": .refused, "clore": .done][context.parameters.get("answer") ?? ""]
            else { throw AutourError.notFound }
            let form = try await FormData.read(request, context: context)
            do {
                _ = try await store.referrals.respond(id, with: status, reason: form.text("reason"), partner: context.actor)
                return Response.seeOther("/orientations?ok=1")
            } catch let error as AutourError {
                guard case .invalid = error else { throw error }
                return try await page(context, notice: nil, error: error.fields.values.first ?? error.message)
            }
        }
    }

    func page(_ context: SignedInContext, notice: String?, error: String?) async throws -> Response {
        let now = clock.now()
        let linked = try await store.referrals.structure(ofPartner: context.actor.accountId) != nil
        let rows = try await store.referrals.inbox(partner: context.actor).map { item in
            let status = ReferralRules.effectiveStatus(item.referral, now: now)
            return Row(
                id: item.referral.id.uuidString.lowercased(), person: item.personName, phone: item.personPhone,
                service: item.referral.serviceName, note: item.referral.note.nilIfEmpty,
                date: FrenchFormat.dateTime(item.referral.createdAt), status: status.label,
                canAnswer: status == .requested, canClose: status == .accepted)
        }
        return renderer.page(
            "referrals", title: "Orientations reçues", body: Body(rows: rows, linked: linked, notice: notice, error: error),
            path: "/orientations", viewer: context, status: error == nil ? .ok : .unprocessableContent)
    }
}
