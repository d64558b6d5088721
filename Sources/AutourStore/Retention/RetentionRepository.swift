import AutourCore
import FluentKit
import Foundation
import Logging
import ServiceLifecycle

/// Applies the retention rules of `RetentionPolicy` across the instance (or previews them for
/// one territory). Anonymises rather than deletes where statistics need the record.
public struct RetentionRepository: Sendable {
    let database: AutourDatabase
    let clock: WallClock
    public let policy: RetentionPolicy
    /// The audit log, with its anchor file: purging it signs the new checkpoint.
    let audit: AuditRepository

    public init(database: AutourDatabase, clock: WallClock = .system, policy: RetentionPolicy = .standard, audit: AuditRepository? = nil) {
        self.database = database
        self.clock = clock
        self.policy = policy
        self.audit = audit ?? AuditRepository(database: database, clock: clock)
    }

    /// Applies every rule as of `now` (the clock's now by default). With `dryRun`, only counts.
    /// With `territoryId`, counts are limited to that territory (used for previews).
    public func purge(now: Date? = nil, dryRun: Bool, territoryId: UUID? = nil) async throws -> PurgeReport {
        let now = now ?? clock.now()
        var report = PurgeReport()

        // Inactive persons: no change to the file and no follow-up since the cutoff.
        let personCutoff = policy.cutoff(.inactivePerson, now: now)
        var stale = PersonModel.query(on: try database.db).filter(\.$erasedAt == nil).filter(\.$updatedAt < personCutoff)
        if let territoryId { stale = stale.filter(\.$territoryId == territoryId) }
        // One query for everyone followed up since the cutoff, rather than one per file.
        let active = Set(try await FollowUpModel.query(on: try database.db).filter(\.$at >= personCutoff).unique().all(\.$personId))
        let inactive = try await stale.all().filter { !active.contains($0.id!) }
        report.counts[.inactivePerson] = inactive.count
        if !dryRun {
            for person in inactive {
                let id = person.id!
                try await database.write { tx in
                    guard let fresh = try await PersonModel.find(id, on: tx), fresh.erasedAt == nil else { return }
                    try await PeopleRepository.anonymise(fresh, now: now, on: tx)
                    try await AuditRepository.append(
                        on: tx, database: database, at: now, territoryId: fresh.territoryId,
                        actorId: nil, action: .erase, recordType: PeopleRepository.recordType,
                        recordId: id.uuidString)
                }
            }
        }

        // Old follow-up notes.
        let noteCutoff = policy.cutoff(.followUpNote, now: now)
        var notes = FollowUpModel.query(on: try database.db).filter(\.$at < noteCutoff)
        if let territoryId {
            let ids = try await PersonModel.query(on: try database.db).filter(\.$territoryId == territoryId).all(\.$id)
            notes = notes.filter(\.$personId ~~ ids)
        }
        report.counts[.followUpNote] = try await notes.count()
        if !dryRun, territoryId == nil {
            try await database.write { tx in try await FollowUpModel.query(on: tx).filter(\.$at < noteCutoff).delete() }
        }

        // The audit log.
        let auditCutoff = policy.cutoff(.auditEntry, now: now)
        if let territoryId {
            report.counts[.auditEntry] = try await AuditEntryModel.query(on: try database.db).filter(\.$at < auditCutoff)
                .filter(\.$territoryId == territoryId).count()
        } else {
            report.counts[.auditEntry] = try await audit.purge(before: auditCutoff, dryRun: dryRun)
        }

        // Radar signals never linked to a file.
        report.counts[.unqualifiedSignal] = try await SignalRepository(database: database, clock: clock)
            .purgeUnqualified(before: policy.cutoff(.unqualifiedSignal, now: now), dryRun: dryRun, territoryId: territoryId)

        // The names and contacts of past events' registrations.
        report.counts[.eventRegistration] = try await ConvivialityRepository(database: database, clock: clock)
            .eraseContacts(endedBefore: policy.cutoff(.eventRegistration, now: now), dryRun: dryRun, territoryId: territoryId)

        // Expired sessions (instance-wide housekeeping).
        if territoryId == nil {
            report.counts[.expiredSession] = try await SessionModel.query(on: try database.db).filter(\.$expiresAt < now).count()
            if !dryRun {
                try await database.write { tx in try await SessionModel.query(on: tx).filter(\.$expiresAt < now).delete() }
            }
        }
        return report
    }
}
