import FluentKit

/// Every migration, in the order it is applied. Append only: a shipped migration never changes.
enum AutourMigrations {
    static let all: [any Migration] = [
        CreateTerritories(),  // 0001: territories (one CCAS/CIAS each) and their neighbourhoods
        CreateAccounts(),  // 0002: accounts with roles and lockout state
        CreateSessions(),  // 0003: browser sessions (token digests)
        CreateApiTokens(),  // 0004: API tokens (digests), revocable
        CreateAuditEntries(),  // 0005: the hash-chained audit log
        CreateSettings(),  // 0006: instance settings such as the generated secret
        CreatePeople(),  // 0007: persons, their consents and follow-ups (People)
        CreateDirectory(),  // 0008: partner directory on the data·inclusion schema (People)
        CreateReferrals(),  // 0009: referrals to partner services, and partner accounts' structures
        AddHouseholds(),  // 0010: persons living together share a household id
        CreateRadar(),  // 0011: signals and outreach, watchers' charter and profiles, register, campaigns, check-ins
        CreateEnergies(),  // 0012: skills taxonomy, resource persons, needs with their hours, rest and goal settings
        CreateTimeBank(),  // 0013: time-bank accounts, the append-only ledger (with its triggers), requests, listings
        AddSessionActivity(),  // 0014: a session's last request, for the staff's idle timeout
        RehashLedger(),  // 0015: the ledger's hash covers every stored field of a transfer
        CreateEmergingAlerts(),  // 0016: emerging-need alerts kept as dated findings (raised, seen, acted on)
        IndexPersonSearch(),  // 0017: trigram index over persons' folded name, address and phone
        CreateJobRuns(),  // 0018: when each background job last started, shared by the servers of one database
        CountEnergiesChanges(),  // 0019: a counter moved by every change the candidate pool is built from
        CreateBasins(),  // 0020: the communes of France and the life basins' answers
        CreateConviviality(),  // 0021: convivial events, their registrations, anonymous mixity counts and the reference composition
        CreatePlaces(),  // 0022: shared places, rooms and bookings, calls for co-occupants, trials, activation kits, co-housing
        CreateLearning(),  // 0023: the interview lexicon, skills-and-needs interviews, accepted suggestions, wishes to teach or learn
        CreatePotentials(),  // 0024: inhabitants' projects, their stages and criteria, people, timeline and needs sent to other modules
        // 0025: the charter's versions, the parliament (members, sessions, amendments, secret ballots,
        // paper counts), labelled actors and their audits, the local social council
        CreateAdvocacy(),
        CreateRights(),  // 0026: household situations, OpenFisca screenings and batches, non-take-up findings
        CreateAid(),  // 0027: optional aid: grid, yearly budgets per kind, applications, commissions, payments
        CreateVouchers(),  // 0028: health vouchers: the rule, approved shops, vouchers with their hashed single-use codes
        CreateFabrique(),  // 0029: experience sheets and their French search index, the elected officials' strategy plans
        ReshapeFabriqueIndex(),  // 0030: SQLite's Fabrique index with one column per part of a sheet, rebuilt
    ]
}
