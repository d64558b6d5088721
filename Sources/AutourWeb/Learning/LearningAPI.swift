import AutourAPI
import AutourCore
import AutourStore
import Foundation
import OpenAPIRuntime

/// The apartment university in the JSON API: sessions, enrolments, attendance, reciprocity, and the
/// interview step by step, through the pages' service.
extension APIHandlers {
    var learningService: LearningService { store.learningService }

    static func trainingSession(_ s: TrainingSession) -> Components.Schemas.TrainingSession {
        Components.Schemas.TrainingSession(
            id: s.id.uuidString.lowercased(), subject: s.subject, title: s.title, description: s.description,
            hostId: s.hostId.uuidString.lowercased(), cohostId: s.cohostId?.uuidString.lowercased(), socialTopic: s.socialTopic,
            placeId: s.placeId?.uuidString.lowercased(), venue: s.venue, startsAt: s.startsAt, endsAt: s.endsAt, capacity: s.capacity,
            timeMinutes: s.timeMinutes, confirmed: s.confirmed, waiting: s.waiting, cancelled: s.cancelledAt != nil)
    }

    func listTrainingSessions(_ input: Operations.ListTrainingSessions.Input) async throws -> Operations.ListTrainingSessions.Output {
        let context = try caller
        return .ok(.init(body: .json(.init(items: try await learningService.sessions(actor: context.actor).map(Self.trainingSession)))))
    }

    func createTrainingSession(_ input: Operations.CreateTrainingSession.Input) async throws -> Operations.CreateTrainingSession.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        let id = try await learningService.createSession(
            TrainingSessionInput(
                subject: body.subject, title: body.title, description: body.description ?? "",
                hostId: try APIValue.uuid(body.hostId, field: "hostId") as UUID, cohostId: try APIValue.uuid(body.cohostId, field: "cohostId"),
                socialTopic: body.socialTopic ?? false, placeId: try APIValue.uuid(body.placeId, field: "placeId"),
                homeAddress: body.homeAddress ?? "", neighbourhood: body.neighbourhood ?? "", startsAt: body.startsAt, endsAt: body.endsAt,
                capacity: body.capacity, timeMinutes: body.timeMinutes ?? 0), actor: context.actor)
        return .created(.init(body: .json(Self.trainingSession(try await learningService.session(id: id, actor: context.actor)))))
    }

    func enrolInTrainingSession(_ input: Operations.EnrolInTrainingSession.Input) async throws -> Operations.EnrolInTrainingSession.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        let status = try await learningService.enrol(
            sessionId: try APIValue.pathID(input.path.id), resourceId: try APIValue.uuid(body.resourceId, field: "resourceId"), actor: context.actor)
        return .created(.init(body: .json(.init(status: try APIValue.contract(status.rawValue)))))
    }

    func recordTrainingAttendance(_ input: Operations.RecordTrainingAttendance.Input) async throws -> Operations.RecordTrainingAttendance.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        let present = Set(try body.present.map { try APIValue.uuid($0, field: "present") as UUID })
        let payments = try await learningService.recordAttendance(sessionId: try APIValue.pathID(input.path.id), present: present, actor: context.actor)
        return .ok(.init(body: .json(.init(paid: payments.paid, unpaid: payments.unpaid))))
    }

    func learningReciprocity(_ input: Operations.LearningReciprocity.Input) async throws -> Operations.LearningReciprocity.Output {
        let context = try caller
        let reciprocity = try await learningService.reciprocity(actor: context.actor)
        return .ok(.init(body: .json(.init(learners: reciprocity.learners, alsoTeach: reciprocity.alsoTeach, share: reciprocity.share))))
    }

    func startInterview(_ input: Operations.StartInterview.Input) async throws -> Operations.StartInterview.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        let id = try await learningService.start(resourceId: try APIValue.uuid(body.resourceId, field: "resourceId"), actor: context.actor)
        let interview = try await learningService.interview(id: id, actor: context.actor).interview
        return .created(
            .init(body: .json(.init(id: id.uuidString.lowercased(), nextStep: try APIValue.contract(interview.nextStep.rawValue)))))
    }

    func saveInterviewAnswer(_ input: Operations.SaveInterviewAnswer.Input) async throws -> Operations.SaveInterviewAnswer.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        guard let step = InterviewStep(rawValue: input.path.step.rawValue) else { throw AutourError.notFound }
        try await learningService.saveAnswer(body.text, step: step, interviewId: try APIValue.pathID(input.path.id), actor: context.actor)
        return .noContent(.init())
    }

    func interviewSuggestions(_ input: Operations.InterviewSuggestions.Input) async throws -> Operations.InterviewSuggestions.Output {
        let context = try caller
        let interview = try await learningService.interview(id: try APIValue.pathID(input.path.id), actor: context.actor).interview
        guard interview.isDraft else { throw AutourError.invalid("Cet entretien est terminé : ses suggestions ne sont plus calculées.") }
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try await learningService.suggestions(for: interview).map { s in
                            Components.Schemas.InterviewSuggestion(
                                key: s.key, kind: try APIValue.contract(s.kind.rawValue), target: s.target, score: s.score,
                                evidence: try s.evidence.map {
                                    .init(step: try APIValue.contract($0.step.rawValue), words: $0.words, excerpt: $0.excerpt)
                                })
                        }))))
    }

    func completeInterview(_ input: Operations.CompleteInterview.Input) async throws -> Operations.CompleteInterview.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        try await learningService.complete(interviewId: try APIValue.pathID(input.path.id), accepting: Set(body.accept), actor: context.actor)
        return .noContent(.init())
    }
}

/// Inclusion audits in the JSON API: the equipment's latest scores, and an audit recorded.
extension APIHandlers {
    func listAuditedEquipment(_ input: Operations.ListAuditedEquipment.Input) async throws -> Operations.ListAuditedEquipment.Output {
        let context = try caller
        try Permissions.require(context.actor, .viewInclusion)
        let summaries = try await store.inclusionService.summaries(territoryId: context.actor.territoryId)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try summaries.map { summary in
                            Components.Schemas.AuditedEquipment(
                                id: summary.equipment.id.uuidString.lowercased(), name: summary.equipment.name, kind: summary.equipment.kind,
                                address: summary.equipment.address, auditedOn: summary.auditedOn,
                                scores: try InclusionDimension.allCases.compactMap { dimension in
                                    try summary.scores[dimension].map { .init(dimension: try APIValue.contract(dimension.rawValue), score: $0) }
                                }, openActions: summary.openActions)
                        }))))
    }

    func recordInclusionAudit(_ input: Operations.RecordInclusionAudit.Input) async throws -> Operations.RecordInclusionAudit.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        var answers: [UUID: (AuditAnswer, String)] = [:]
        for item in body.answers {
            guard let answer = AuditAnswer(rawValue: item.answer.rawValue) else { throw AutourError.unreadable("answer : valeur inconnue.") }
            answers[try APIValue.uuid(item.criterionId, field: "criterionId")] = (answer, item.note ?? "")
        }
        let closed = try await store.inclusionService.recordAudit(
            equipmentId: try APIValue.pathID(input.path.id), auditedOn: body.auditedOn, auditors: body.auditors, answers: answers,
            actor: context.actor)
        return .created(.init(body: .json(.init(closedActions: closed))))
    }
}
