import AutourCore
import Foundation

/// The inclusion audits' use cases: permission, checks, then the repository.
public struct InclusionService: Sendable {
    let inclusion: InclusionRepository
    let clock: WallClock

    public func grid(actor: Actor) async throws -> [AuditCriterion] {
        try Permissions.require(actor, .viewInclusion)
        return try await inclusion.grid(territoryId: actor.territoryId)
    }

    public func addCriterion(dimension: String, text: String, actor: Actor) async throws {
        try Permissions.require(actor, .editAuditGrid)
        var errors = FieldErrors()
        let dimension = InclusionDimension(rawValue: dimension)
        if dimension == nil { errors.add("dimension", "Choisissez une dimension.") }
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !(5...300).contains(text.count) { errors.add("text", "Le critère fait de 5 à 300 caractères.") }
        try errors.throwIfAny()
        guard let dimension else { return }
        try await inclusion.addCriterion(dimension, text: text, actor: actor)
    }

    public func removeCriterion(id: UUID, actor: Actor) async throws {
        try Permissions.require(actor, .editAuditGrid)
        try await inclusion.removeCriterion(id: id, actor: actor)
    }

    public func addEquipment(name: String, kind: String, address: String, actor: Actor) async throws -> UUID {
        try Permissions.require(actor, .editAuditGrid)
        var errors = FieldErrors()
        let (name, kind, address) = (
            name.trimmingCharacters(in: .whitespacesAndNewlines), kind.trimmingCharacters(in: .whitespacesAndNewlines),
            address.trimmingCharacters(in: .whitespacesAndNewlines)
        )
        if !(2...120).contains(name.count) { errors.add("name", "Le nom fait de 2 à 120 caractères.") }
        if kind.count > 80 { errors.add("kind", "80 caractères au plus.") }
        if address.count > 200 { errors.add("address", "200 caractères au plus.") }
        try errors.throwIfAny()
        return try await inclusion.addEquipment(name: name, kind: kind, address: address, actor: actor)
    }

    public func equipment(actor: Actor) async throws -> [InclusionRepository.Equipment] {
        try Permissions.require(actor, .viewInclusion)
        return try await inclusion.equipment(territoryId: actor.territoryId)
    }

    public func equipment(id: UUID, actor: Actor) async throws -> InclusionRepository.Equipment {
        try Permissions.require(actor, .viewInclusion)
        guard let equipment = try await inclusion.equipment(id: id, territoryId: actor.territoryId) else { throw AutourError.notFound }
        return equipment
    }

    /// Records an audit: a date not in the future, who audited, an answer for every criterion of
    /// the grid. Returns how many open actions it closed.
    public func recordAudit(
        equipmentId: UUID, auditedOn: String, auditors: String, answers: [UUID: (AuditAnswer, String)], actor: Actor
    ) async throws -> Int {
        try Permissions.require(actor, .runAudits)
        let equipment = try await equipment(id: equipmentId, actor: actor)
        let grid = try await inclusion.grid(territoryId: actor.territoryId)
        var errors = FieldErrors()
        let today = FrenchTime.day(clock.now())
        if PersonRules.parseDay(auditedOn) == nil || auditedOn > today { errors.add("auditedOn", "Le jour de l'audit, aujourd'hui ou avant.") }
        let auditors = auditors.trimmingCharacters(in: .whitespacesAndNewlines)
        if !(2...300).contains(auditors.count) { errors.add("auditors", "Les prénoms des auditeurs et auditrices (2 à 300 caractères).") }
        for criterion in grid where answers[criterion.id] == nil { errors.add("c\(criterion.id.uuidString)", "Répondez à ce critère.") }
        for (_, (_, note)) in answers where note.count > 500 { errors.add("notes", "500 caractères au plus par remarque.") }
        try errors.throwIfAny("Chaque critère de la grille demande une réponse.")
        let kept = answers.filter { id, _ in grid.contains { $0.id == id } }
        return try await inclusion.recordAudit(equipmentId: equipment.id, auditedOn: auditedOn, auditors: auditors, answers: kept, actor: actor).closed
    }

    public func audits(equipment: InclusionRepository.Equipment, actor: Actor) async throws -> [InclusionRepository.Audit] {
        try Permissions.require(actor, .viewInclusion, on: equipment.scope)
        return try await inclusion.audits(equipmentId: equipment.id)
    }

    public func actions(equipment: InclusionRepository.Equipment, actor: Actor) async throws -> [InclusionRepository.Action] {
        try Permissions.require(actor, .viewInclusion, on: equipment.scope)
        return try await inclusion.actions(equipmentId: equipment.id)
    }

    /// An improvement action on a criterion the latest audit did not find met.
    public func addAction(equipmentId: UUID, criterionId: UUID, text: String, owner: String, dueOn: String, actor: Actor) async throws {
        try Permissions.require(actor, .runAudits)
        let equipment = try await equipment(id: equipmentId, actor: actor)
        guard let latest = try await inclusion.audits(equipmentId: equipment.id).last else {
            throw AutourError.invalid("Une action suit un audit : auditez d'abord cet équipement.")
        }
        guard let answer = latest.answers[criterionId], answer == .notMet || answer == .partly else {
            throw AutourError.invalid("Action à corriger.", fields: ["criterion": "Un critère que le dernier audit n'a pas trouvé rempli."])
        }
        let (text, owner, dueOn) = try InclusionRules.validateAction(text: text, owner: owner, dueOn: dueOn, today: FrenchTime.day(clock.now()))
        try await inclusion.addAction(
            equipmentId: equipment.id, auditId: latest.id, criterionId: criterionId, text: text, owner: owner, dueOn: dueOn, actor: actor)
    }

    /// The public summary of each equipment: its latest audit's scores and the actions under way;
    /// no name.
    public struct Summary: Sendable {
        public let equipment: InclusionRepository.Equipment
        public let auditedOn: String?
        public let scores: [InclusionDimension: Int]
        public let openActions: Int
    }

    public func summaries(territoryId: UUID) async throws -> [Summary] {
        let grid = try await inclusion.allCriteria(territoryId: territoryId)
        var result: [Summary] = []
        for equipment in try await inclusion.equipment(territoryId: territoryId) {
            let latest = try await inclusion.audits(equipmentId: equipment.id).last
            result.append(
                Summary(
                    equipment: equipment, auditedOn: latest?.auditedOn,
                    scores: latest.map { InclusionRules.scores($0.answers, criteria: grid) } ?? [:],
                    openActions: try await inclusion.actions(equipmentId: equipment.id).filter { $0.closedOn == nil }.count))
        }
        return result
    }
}
