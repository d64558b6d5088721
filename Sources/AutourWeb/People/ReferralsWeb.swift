import AutourCore
import AutourStore
import Foundation
import Hummingbird

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
        // One route per answer: an unknown word is the router's 404.
        for answer in Answer.allCases {
            web.post(RouterPath("/orientations/{id}/\(answer.rawValue)")) { request, context in
                try context.require(.answerReferrals)
                let id = try context.pathID()
                let form = try await FormData.read(request, context: context)
                return try await FormData.submit {
                    _ = try await store.referrals.respond(id, with: answer.status, reason: form.text("reason"), partner: context.actor)
                    return Response.redirect(to: .referralsReceived, ok: "1")
                } reshow: { error in
                    return try await page(context, notice: nil, error: error.fields.values.first ?? error.message)
                }
            }
        }
    }

    /// A partner's answers to a referral, as the page's forms name them.
    enum Answer: String, CaseIterable, Sendable {
        case accepter, refuser, clore
        var status: ReferralStatus {
            switch self {
            case .accepter: .accepted
            case .refuser: .refused
            case .clore: .done
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
            path: Page.referralsReceived.path, viewer: context, status: error == nil ? .ok : .unprocessableContent)
    }
}
