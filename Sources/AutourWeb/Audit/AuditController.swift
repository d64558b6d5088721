import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// `GET /api/v1/audit?recordId=`: the trail of one record, for coordinators and admins of its
/// territory.
struct AuditController {
    let audit: AuditRepository

    struct EntryDTO: Encodable {
        let at: Date
        let actorId: UUID?
        let action: String
        let recordType: String
        let recordId: String
    }

    func addRoutes(to api: RouterGroup<SignedInContext>) {
        api.get("/audit") { request, context in
            try context.require(.readAudit)
            let recordId = request.uri.queryParameters["recordId"].map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !recordId.isEmpty, recordId.count <= 100 else {
                throw AutourError.invalid("Précisez l'identifiant de la fiche (recordId).", fields: ["recordId": "obligatoire"])
            }
            let entries = try await audit.entries(recordId: recordId, territoryId: context.actor.territoryId)
            return try JSONResponse.make(
                ItemList(
                    items: entries.map {
                        EntryDTO(at: $0.at, actorId: $0.actorId, action: $0.action, recordType: $0.recordType, recordId: $0.recordId)
                    }))
        }
    }
}
