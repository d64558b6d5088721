import AutourCore
import FluentKit
import Foundation
import SQLKit

/// What the life basins hold about a person: only the basins an agent linked to the file with the
/// person's agreement. On erasure the link goes and the basin stays, anonymous, in the counts.
struct BasinsPersonData: PersonDataOwner {
    let personColumns = ["basin_answers.person_id"]

    func reassign(from source: UUID, to target: UUID, on tx: any Database) async throws {
        try await (tx as! any SQLDatabase).update("basin_answers").set("person_id", to: SQLBind(target))
            .where("person_id", .equal, SQLBind(source)).run()
    }

    func sections(personId: UUID, on db: any Database) async throws -> [PersonDataSection] {
        struct Row: Decodable { let id: UUID, answered_on: String, purpose: String, name: String? }
        let rows = try await (db as! any SQLDatabase).raw(
            """
            SELECT a.id, a.answered_on, u.purpose, c.name FROM basin_answers a JOIN basin_uses u ON u.answer_id = a.id
            LEFT JOIN communes c ON c.code = u.commune WHERE a.person_id = \(bind: personId) ORDER BY a.answered_on, a.id
            """
        ).all(decoding: Row.self)
        guard !rows.isEmpty else { return [] }
        var order: [UUID] = []
        var byAnswer: [UUID: [Row]] = [:]
        for row in rows {
            if byAnswer[row.id] == nil { order.append(row.id) }
            byAnswer[row.id, default: []].append(row)
        }
        let days = ISO8601DateFormatter()
        days.formatOptions = [.withFullDate]
        return [
            .init(
                module: "basins", title: "Bassin de vie (communes fréquentées)",
                items: order.map { id in
                    let uses = byAnswer[id]!
                    return .init(
                        date: days.date(from: uses[0].answered_on), summary: "Bassin de vie rattaché à la fiche avec l'accord de la personne",
                        details: BasinPurpose.allCases.compactMap { purpose in
                            let names = uses.filter { $0.purpose == purpose.rawValue }.map { $0.name ?? "?" }
                            return names.isEmpty ? nil : .init(purpose.label, names.joined(separator: ", "))
                        })
                })
        ]
    }

    func anonymise(personId: UUID, now: Date, on tx: any Database) async throws {
        try await (tx as! any SQLDatabase).update("basin_answers").set("person_id", to: SQLLiteral.null)
            .where("person_id", .equal, SQLBind(personId)).run()
    }
}
