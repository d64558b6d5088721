import AutourAPI
import AutourCore
import AutourStore
import Foundation

/// Referrals in the JSON API: agents orient a person from the file; partners answer.
extension APIHandlers {
    func createReferral(_ input: Operations.CreateReferral.Input) async throws -> Operations.CreateReferral.Output {
        let context = try caller
        let person = try await people.person(id: try APIValue.pathID(input.path.id), for: .writePersonFile, by: context.actor)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let referral = try await store.referrals.create(personId: person.id, serviceId: body.serviceId, note: body.note ?? "", actor: context.actor)
        return .created(.init(body: .json(try .init(referral, now: clock.now()))))
    }

    func referralInbox(_ input: Operations.ReferralInbox.Input) async throws -> Operations.ReferralInbox.Output {
        let context = try caller
        try context.require(.answerReferrals)
        let now = clock.now()
        let inbox = try await store.referrals.inbox(partner: context.actor)
        return .ok(
            .init(
                body: .json(
                    .init(items: try inbox.map { .init(personName: $0.personName, personPhone: $0.personPhone, referral: try .init($0.referral, now: now)) })
                )))
    }

    func acceptReferral(_ input: Operations.AcceptReferral.Input) async throws -> Operations.AcceptReferral.Output {
        .ok(.init(body: .json(try await answerReferral(input.path.id, .accepted, reason: nil))))
    }

    func closeReferral(_ input: Operations.CloseReferral.Input) async throws -> Operations.CloseReferral.Output {
        .ok(.init(body: .json(try await answerReferral(input.path.id, .done, reason: nil))))
    }

    func refuseReferral(_ input: Operations.RefuseReferral.Input) async throws -> Operations.RefuseReferral.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        return .ok(.init(body: .json(try await answerReferral(input.path.id, .refused, reason: body.reason))))
    }

    private func answerReferral(_ id: String, _ status: ReferralStatus, reason: String?) async throws -> Components.Schemas.Referral {
        let context = try caller
        try context.require(.answerReferrals)
        let referral = try await store.referrals.respond(try APIValue.pathID(id), with: status, reason: reason, partner: context.actor)
        return try .init(referral, now: clock.now())
    }
}

extension Components.Schemas.Referral {
    init(_ r: Referral, now: Date) throws {
        self.init(
            createdAt: r.createdAt, id: r.id.uuidString, needsReminder: ReferralRules.needsReminder(r, now: now), note: r.note,
            personId: r.personId.uuidString, reason: r.reason, serviceId: r.serviceId, serviceName: r.serviceName,
            status: try APIValue.contract(ReferralRules.effectiveStatus(r, now: now).rawValue), structureName: r.structureName)
    }
}
