import AutourAPI
import AutourCore
import AutourStore
import Foundation

/// `GET /api/v1/audit?recordId=`: the trail of one record, for coordinators and admins of its
/// territory.
extension APIHandlers {
    func audit(_ input: Operations.Audit.Input) async throws -> Operations.Audit.Output {
        let context = try caller
        try context.require(.readAudit)
        let recordId = input.query.recordId.trimmingCharacters(in: .whitespaces)
        guard !recordId.isEmpty, recordId.count <= 100 else {
            throw AutourError.invalid("Précisez l'identifiant de la fiche (recordId).", fields: ["recordId": "obligatoire"])
        }
        let entries = try await store.audit.entries(recordId: recordId, territoryId: context.actor.territoryId)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: entries.map {
                            .init(action: $0.action, actorId: $0.actorId?.uuidString, at: $0.at, recordId: $0.recordId, recordType: $0.recordType)
                        }))))
    }
}
