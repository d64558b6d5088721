import AutourCore
import FluentKit
import Foundation

final class ReferralModel: Model, @unchecked Sendable {
    static let schema = "referrals"
    @ID(key: .id) var id: UUID?
    @Field(key: "territory_id") var territoryId: UUID
    @Field(key: "person_id") var personId: UUID
    @Field(key: "service_di_id") var serviceId: String
    @Field(key: "structure_di_id") var structureId: String
    @Field(key: "service_name") var serviceName: String
    @Field(key: "structure_name") var structureName: String
    @Field(key: "note") var note: String
    @Field(key: "status") var status: String
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "responded_at") var respondedAt: Date?
    init() {}

    var core: Referral {
        Referral(
            id: id!, territoryId: territoryId, personId: personId, serviceId: serviceId, structureId: structureId,
            serviceName: serviceName, structureName: structureName, note: note,
            status: ReferralStatus(rawValue: status) ?? .requested, reason: reason, createdBy: createdBy,
            createdAt: createdAt, respondedAt: respondedAt)
    }
}

final class PartnerStructureModel: Model, @unchecked Sendable {
    static let schema = "partner_structures"
    @ID(key: .id) var id: UUID?
    @Field(key: "account_id") var accountId: UUID
    @Field(key: "structure_di_id") var structureId: String
    init() {}
}

/// What a partner sees of a referral: the person's name and phone (shared with consent), the note.
public struct PartnerReferral: Sendable {
    public let referral: Referral
    public let personName: String
    public let personPhone: String?
}

/// Referrals of persons to partner services, with the consent check and the partner's answer.
public struct ReferralRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock

    public init(database: AutourDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    /// Makes a partner account answer for a structure of the directory.
    public func linkPartner(accountId: UUID, structureId: String, territoryId: UUID) async throws {
        try await database.write { tx in
            guard
                let account = try await AccountModel.query(on: tx).filter(\.$id == accountId)
                    .filter(\.$territoryId == territoryId).first()
            else { throw AutourError.notFound }
            guard account.core.roles.contains(.partner) else {
                throw AutourError.invalid("Seul un compte partenaire représente une structure.", fields: ["email": "pas un compte partenaire"])
            }
            guard
                try await DIStructureModel.query(on: tx).filter(\.$territoryId == territoryId)
                    .filter(\.$diId == structureId).first() != nil
            else {
                throw AutourError.invalid("Structure inconnue dans l'annuaire.", fields: ["structure": "inconnue: \(structureId)"])
            }
            let link = try await PartnerStructureModel.query(on: tx).filter(\.$accountId == accountId).first() ?? PartnerStructureModel()
            link.accountId = accountId
            link.structureId = structureId
            try await link.save(on: tx)
        }
    }

    public func structure(ofPartner accountId: UUID) async throws -> String? {
        try await PartnerStructureModel.query(on: database.db).filter(\.$accountId == accountId).first()?.structureId
    }

    /// Orients a person towards a service of the directory; needs their consent to share with
    /// that service's structure.
    public func create(personId: UUID, serviceId: String, note: String, actor: Actor) async throws -> Referral {
        let now = clock.now()
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= 2000 else { throw AutourError.invalid("Note trop longue.", fields: ["note": "2000 caractères au plus."]) }
        guard
            let service = try await DIServiceModel.query(on: database.db).filter(\.$territoryId == actor.territoryId)
                .filter(\.$diId == serviceId).first()
        else {
            throw AutourError.invalid("Service inconnu dans l'annuaire.", fields: ["serviceId": "Choisissez un service de l'annuaire."])
        }
        let structureName =
            try await DIStructureModel.query(on: database.db).filter(\.$territoryId == actor.territoryId)
            .filter(\.$diId == service.structureId).first()?.name ?? service.structureId
        let consents = try await ConsentModel.query(on: database.db).filter(\.$personId == personId).all().map(\.core)
        try ReferralRules.requireConsent(consents, structureName: structureName, now: now)
        let model = ReferralModel()
        model.territoryId = actor.territoryId
        model.personId = personId
        model.serviceId = service.diId
        model.structureId = service.structureId
        model.serviceName = service.name
        model.structureName = structureName
        model.note = text
        model.status = ReferralStatus.requested.rawValue
        model.createdBy = actor.accountId
        model.createdAt = now
        try await database.write { tx in
            guard
                let person = try await PersonModel.query(on: tx).filter(\.$id == personId)
                    .filter(\.$territoryId == actor.territoryId).first()
            else { throw AutourError.notFound }
            guard person.erasedAt == nil else { throw AutourError.conflict("Cette personne a été anonymisée.") }
            try await model.create(on: tx)
            try await PeopleRepository(database: database, clock: clock)
                .trace(.update, person: personId.uuidString, by: actor, at: now, on: tx)
        }
        return model.core
    }

    public func referrals(personId: UUID) async throws -> [Referral] {
        try await ReferralModel.query(on: database.db).filter(\.$personId == personId).sort(\.$createdAt, .descending).all().map(\.core)
    }

    /// The referrals addressed to the partner's structure, newest first.
    public func inbox(partner actor: Actor) async throws -> [PartnerReferral] {
        guard let structure = try await structure(ofPartner: actor.accountId) else { return [] }
        let models = try await ReferralModel.query(on: database.db).filter(\.$territoryId == actor.territoryId)
            .filter(\.$structureId == structure).sort(\.$createdAt, .descending).limit(500).all()
        let now = clock.now()
        var result: [PartnerReferral] = []
        for model in models {
            let person = try await PersonModel.find(model.personId, on: database.db)
            // The identity is shared under the person's consent as it stands today, not as it
            // stood when the referral was sent: once withdrawn, the partner keeps only the referral.
            let consents = try await ConsentModel.query(on: database.db).filter(\.$personId == model.personId).all().map(\.core)
            let shared = ConsentRules.allows(consents, .partnerSharing, partner: model.structureName, now: now)
            result.append(
                PartnerReferral(
                    referral: model.core,
                    personName: shared ? person.map { $0.core.displayName } ?? "—" : ReferralRules.withheldName,
                    personPhone: shared ? person?.phone : nil))
        }
        return result
    }

    /// The partner's answer. A referral addressed to another structure does not exist for them.
    public func respond(_ referralId: UUID, with status: ReferralStatus, reason: String?, partner actor: Actor) async throws -> Referral {
        let now = clock.now()
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if status == .refused, reason?.isEmpty ?? true {
            throw AutourError.invalid("Indiquez la raison du refus.", fields: ["reason": "La raison est obligatoire pour un refus."])
        }
        guard let structure = try await structure(ofPartner: actor.accountId) else { throw AutourError.notFound }
        return try await database.write { tx in
            try await database.lockRow(ReferralModel.schema, id: referralId, on: tx)
            guard
                let model = try await ReferralModel.query(on: tx).filter(\.$id == referralId)
                    .filter(\.$territoryId == actor.territoryId).filter(\.$structureId == structure).first()
            else {
                throw AutourError.notFound
            }
            let current = ReferralRules.effectiveStatus(model.core, now: now)
            guard ReferralRules.canMove(from: current, to: status) else {
                throw AutourError.conflict("Cette orientation est « \(current.label) » : impossible de la passer à « \(status.label) ».")
            }
            model.status = status.rawValue
            model.reason = status == .refused ? reason : model.reason
            model.respondedAt = now
            try await model.save(on: tx)
            try await AuditRepository.append(
                on: tx, database: database, at: now, territoryId: actor.territoryId,
                actorId: actor.accountId, action: .update, recordType: "referral",
                recordId: referralId.uuidString)
            return model.core
        }
    }
}
