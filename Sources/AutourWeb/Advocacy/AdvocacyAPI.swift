import AutourAPI
import AutourCore
import AutourStore
import Foundation
import OpenAPIRuntime

/// Advocacy in the JSON API: the charter and its versions, tabling an amendment, the secret
/// ballot and the closing, the labelled actors and the council's opinions — through the pages'
/// service, with the same guardrails.
extension APIHandlers {
    var advocacyService: AdvocacyService { store.advocacyService }

    func apiAmendment(_ amendment: Amendment) throws -> Components.Schemas.Amendment {
        Components.Schemas.Amendment(
            id: amendment.id.uuidString.lowercased(), sessionId: amendment.sessionId.uuidString.lowercased(),
            kind: try APIValue.contract(amendment.kind.rawValue), article: amendment.article, title: amendment.title, text: amendment.text,
            reasons: amendment.reasons, state: try APIValue.contract(amendment.state.rawValue), ballots: amendment.ballots,
            result: amendment.result.map {
                .init(yes: $0.yes, no: $0.no, abstain: $0.abstain, quorum: $0.quorum, quorumReached: $0.quorumReached)
            }, version: amendment.version)
    }

    func getEthicalCharter(_ input: Operations.GetEthicalCharter.Input) async throws -> Operations.GetEthicalCharter.Output {
        let context = try caller
        try Permissions.require(context.actor, .viewAdvocacy)
        let versions = try await advocacyService.versions(territoryId: context.territory.id)
        return .ok(
            .init(
                body: .json(
                    .init(
                        current: versions.last.map {
                            .init(
                                number: $0.number, fingerprint: $0.fingerprint, summary: $0.summary, adoptedAt: $0.adoptedAt,
                                articles: $0.articles.map { .init(number: $0.number, title: $0.title, text: $0.text) })
                        },
                        versions: versions.map { .init(number: $0.number, fingerprint: $0.fingerprint, summary: $0.summary, adoptedAt: $0.adoptedAt) }
                    ))))
    }

    func tableAmendment(_ input: Operations.TableAmendment.Input) async throws -> Operations.TableAmendment.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        let id = try await advocacyService.table(
            AmendmentInput(
                kind: body.kind.rawValue, article: body.article.map(String.init) ?? "", title: body.title ?? "", text: body.text ?? "",
                reasons: body.reasons, memberId: try APIValue.uuid(body.memberId, field: "memberId")),
            sessionId: try APIValue.pathID(input.path.id), actor: context.actor)
        return .created(.init(body: .json(try apiAmendment(try await advocacyService.amendment(id: id, actor: context.actor)))))
    }

    func getAmendment(_ input: Operations.GetAmendment.Input) async throws -> Operations.GetAmendment.Output {
        let context = try caller
        return .ok(.init(body: .json(try apiAmendment(try await advocacyService.amendment(id: try APIValue.pathID(input.path.id), actor: context.actor)))))
    }

    func castBallot(_ input: Operations.CastBallot.Input) async throws -> Operations.CastBallot.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        try await advocacyService.vote(try APIValue.contract(body.choice.rawValue), amendmentId: try APIValue.pathID(input.path.id), actor: context.actor)
        return .noContent(.init())
    }

    func closeAmendmentVote(_ input: Operations.CloseAmendmentVote.Input) async throws -> Operations.CloseAmendmentVote.Output {
        let context = try caller
        let amendment = try await advocacyService.closeVote(amendmentId: try APIValue.pathID(input.path.id), actor: context.actor)
        return .ok(.init(body: .json(try apiAmendment(amendment))))
    }

    func listLabelledActors(_ input: Operations.ListLabelledActors.Input) async throws -> Operations.ListLabelledActors.Output {
        let context = try caller
        try Permissions.require(context.actor, .viewAdvocacy)
        let entries = try await advocacyService.catalogue(territoryId: context.territory.id)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try entries.map { entry in
                            .init(
                                name: entry.actor.name, kind: try APIValue.contract(entry.actor.kind.rawValue), commune: entry.actor.commune,
                                structureId: entry.actor.structureId, status: try APIValue.contract(entry.status.rawValue),
                                criteriaMet: entry.met.map(\.article), justification: entry.application.justification,
                                conditions: entry.application.conditions.nilIfEmpty, expiresAt: entry.application.expiresAt,
                                withdrawReason: entry.application.withdrawReason.nilIfEmpty)
                        }))))
    }

    func searchCouncilOpinions(_ input: Operations.SearchCouncilOpinions.Input) async throws -> Operations.SearchCouncilOpinions.Output {
        let context = try caller
        try Permissions.require(context.actor, .viewAdvocacy)
        let hits = try await advocacyService.search(territoryId: context.territory.id, query: input.query.q ?? "")
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: hits.map {
                            .init(
                                number: $0.opinion.number, title: $0.opinion.title, referredBy: $0.opinion.referredBy, question: $0.opinion.question,
                                opinion: $0.opinion.opinion, reasons: $0.opinion.reasons, publishedAt: $0.opinion.publishedAt ?? Date(),
                                cites: $0.opinion.cites)
                        }))))
    }
}
