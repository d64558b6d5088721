import Foundation

/// Everything a caller may ask to do. Modules add their actions here so that one table, tested
/// role by role, holds every rule of the platform.
public enum Action: String, CaseIterable, Sendable {
    /// See one's own account (`/api/v1/me`, the home page).
    case viewOwnAccount
    /// Read the audit trail of a record.
    case readAudit
    /// List, create and deactivate the territory's accounts.
    case manageAccounts
    /// Change the territory's settings: communes, neighbourhoods, retention.
    case manageTerritory
    /// Read a person's file (identity, follow-ups, consents).
    case readPersonFile
    /// Create or change a person's file.
    case writePersonFile
    /// Export everything held about a person (the subject access right).
    case exportPerson
    /// Anonymise a person everywhere (the right to erasure): a decision of the service's head.
    case erasePerson
    /// Answer the referrals addressed to one's structure (accept, refuse, mark done).
    case answerReferrals
    /// Consult the partner directory (data·inclusion structures and services).
    case readDirectory
    /// Send a signal about someone who may need help.
    case sendSignal
    /// See a signal one sent, reduced to its status.
    case readOwnSignalStatus
    /// Work the triage queue: read, qualify, assign and close any signal.
    case triageSignals
    /// Keep the watchers' network: the charter, sectors, training, pausing a watcher.
    case manageWatchers
    /// Register a person on the heatwave/cold register and set up their check-in calls.
    case manageRegister
    /// Start and close calling campaigns; export the register for the prefecture.
    case runCampaigns
    /// Make the calls one is given (campaign calls, check-ins).
    case makeCalls
    /// See aggregated indicators (never an individual file).
    case viewIndicators
    /// Propose needs to resource persons and decide assignments.
    case coordinateEnergies
    /// Post a need (a mission) for the resource persons: from a file, a signal or a partner.
    case postNeeds
    /// Answer the missions one is proposed, declare one's hours, edit one's resource profile.
    case takeMissions
    /// Use one's own time-bank account.
    case useTimeBank
    /// Enter paper time-cheques on a member's behalf.
    case enterTimeCheques
    /// See every time-bank account of the territory (they sum to zero).
    case viewLedger
    /// Record a campaign call or a check-in assigned to another caller (staff stepping in).
    case recordOthersCalls
    /// See which directory services are due for checking.
    case checkDirectory
    /// Credit a member from the CCAS's solidarity fund or events account (people without a
    /// smartphone are credited this way).
    case payFromTerritoryFunds
    /// See the life basins' maps and the action territory (aggregated counts only).
    case viewBasins
    /// Enter a person's life basin during a follow-up.
    case recordBasins
    /// Import life basins from a CSV file.
    case importBasins
    /// See the programme's page for staff and partners (the season's events).
    case viewProgramme
    /// Publish and change the programme's events, enter the territory's reference composition.
    case manageEvents
    /// Register someone else for an event (an agent for a person, a partner for a group).
    case registerOthers
    /// Check people in at the door and count walk-ins (a partner: at the events it organises).
    case checkInAttendees
    /// See the programme's social-mixity figures (counts of 5 or more only).
    case viewMixity
    /// See the shared places, their rooms and week views.
    case viewPlaces
    /// Add places and rooms, open calls for co-occupants, select applicants, decide a trial's end.
    case managePlaces
    /// Book a room for a group (an agent for an association or inhabitants, a partner for itself).
    case bookRooms
    /// Record a trial's weekly review.
    case reviewTrials
    /// Keep the co-housing profiles, propose pairs, record agreements and visits.
    case manageCoHousing
    /// See the apartment university: wishes to teach and learn, and one's own learning page.
    case viewLearning
    /// Run a skills-and-needs interview with any resource person (a volunteer runs their own).
    case runInterviews
    /// Edit the interview's lexicon (the words that point at skills, subjects and roles).
    case editLexicon
    /// Create peer training sessions for any host, enrol anyone, record attendance (a volunteer
    /// does it for their own sessions and enrolments).
    case organiseTrainings
    /// See the inclusion audits of the territory's equipment and their actions.
    case viewInclusion
    /// Audit an equipment with the grid (trained inhabitants, staff) and add improvement actions.
    case runAudits
    /// Edit the audit grid and the list of equipment.
    case editAuditGrid
    /// See inhabitants' projects: one's own, the gallery to join one, the counts.
    case viewProjects
    /// Propose a project (an inhabitant their own, a partner as a partner, staff for anyone).
    case proposeProjects
    /// Coach every project: tick criteria, pass stages, pause or stop, people, needs, the pipeline
    /// (an inhabitant named coach of a project coaches that one).
    case coachProjects
    /// Edit the territory's project stages and their criteria.
    case editProjectStages
    /// See the advocacy pages: the charter, the parliament's sessions, the labels, the council.
    case viewAdvocacy
    /// Act as an officer of the parliament: members, sessions, attendance, opening and closing
    /// votes, paper ballots (entered by one officer, confirmed by another), amendments tabled for a
    /// member.
    case runParliament
    /// Sit in the parliament (one's own member record decides the rest): table amendments, vote,
    /// declare a conflict of interest, audit actors applying for the label.
    case sitInParliament
    /// Write the charter's founding text and the advocacy settings (quorum, label validity).
    case editCharter
    /// Apply for the label (a partner for its own structure, staff for any actor).
    case applyForLabel
    /// Decide a label (grant, grant with conditions, refuse) and withdraw one.
    case decideLabels
    /// Keep the local social council: its elections and candidates, referrals, published opinions.
    case runCouncil
    /// Vote in the local social council's election (registered inhabitants).
    case voteForCouncil
    /// Review a household's situation, simulate and screen its rights, follow up the findings.
    case screenRights
    /// Screen the whole caseload in batches.
    case screenCaseload
    /// Record an optional-aid application from a file and follow it to its payment.
    case applyForAid
    /// Set the aid rules and budgets, hold the commission, decide and pay.
    case decideAid
    /// Issue a health voucher to a person who meets the territory's rule.
    case issueVouchers
    /// Set the voucher rule, approve the shops, see the totals to reimburse.
    case manageVouchers
    /// Take a voucher's code at an approved shop (a partner account).
    case redeemVouchers
    /// See the Observatory's aggregated indicators, charts and exports (never a file).
    case viewObservatory
    /// Write the yearly report's comments and the territory's context figures.
    case editObservatory
    /// Search and read the Fabrique's published experience sheets (the instance's shared ones too).
    case readSheets
    /// Write experience sheets, send them for review, import others' sheets as drafts.
    case writeSheets
    /// Publish a sheet sent for review (and share it), or send it back with a note.
    case reviewSheets
    /// Build the territory's strategy plans from the manual's figures.
    case buildStrategy
}

/// The answer of a permission rule. `hidden` is distinct from `forbidden` because a record of
/// another territory must look exactly like a record that does not exist (a 404, not a 403).
public enum Decision: Sendable, Equatable {
    case allowed
    case forbidden
    case hidden

    public var isAllowed: Bool { self == .allowed }
}

/// The permission rules: pure functions of (actor, action, record) used by both the web pages
/// and the API, so that a page can never show what the API would refuse.
public enum Permissions {
    /// Which roles may perform each action inside their own territory.
    public static func roles(for action: Action) -> Set<Role> {
        switch action {
        case .viewOwnAccount: Set(Role.allCases)
        case .readAudit: [.coordinator, .admin]
        case .manageAccounts: [.admin]
        case .manageTerritory: [.admin, .coordinator]
        case .readPersonFile, .writePersonFile, .exportPerson: [.agent, .coordinator]
        case .erasePerson: [.coordinator]
        case .readDirectory: [.agent, .coordinator, .partner, .admin]
        case .answerReferrals: [.partner]
        case .sendSignal: [.watcher, .partner, .agent, .coordinator]
        case .readOwnSignalStatus: [.watcher, .partner]
        case .triageSignals: [.agent, .coordinator]
        case .manageWatchers, .runCampaigns: [.coordinator]
        case .manageRegister: [.agent, .coordinator]
        case .makeCalls: [.agent, .coordinator, .volunteer]
        case .viewIndicators: [.coordinator, .elected, .admin]
        case .coordinateEnergies: [.coordinator]
        case .postNeeds: [.agent, .coordinator, .partner]
        case .takeMissions: [.volunteer]
        case .useTimeBank: [.volunteer]
        case .enterTimeCheques: [.agent, .coordinator]
        case .viewLedger, .payFromTerritoryFunds, .checkDirectory: [.coordinator]
        case .recordOthersCalls: [.agent, .coordinator]
        case .viewBasins: [.coordinator, .elected, .agent, .admin]
        case .recordBasins: [.agent, .coordinator]
        case .importBasins: [.coordinator]
        case .viewProgramme: [.agent, .coordinator, .partner, .elected]
        case .manageEvents: [.coordinator]
        case .registerOthers, .checkInAttendees: [.agent, .coordinator, .partner]
        case .viewMixity: [.coordinator, .elected, .agent]
        case .viewPlaces: [.agent, .coordinator, .partner, .elected]
        case .managePlaces: [.coordinator]
        case .bookRooms: [.agent, .coordinator, .partner]
        case .reviewTrials, .manageCoHousing: [.agent, .coordinator]
        case .viewLearning: [.agent, .coordinator, .volunteer]
        case .runInterviews, .organiseTrainings: [.agent, .coordinator]
        case .editLexicon, .editAuditGrid: [.coordinator]
        case .viewInclusion: [.agent, .coordinator, .volunteer, .elected]
        case .runAudits: [.agent, .coordinator, .volunteer]
        case .viewProjects: [.agent, .coordinator, .volunteer, .partner, .elected]
        case .proposeProjects: [.agent, .coordinator, .volunteer, .partner]
        case .coachProjects: [.agent, .coordinator]
        case .editProjectStages: [.coordinator]
        case .viewAdvocacy: [.agent, .coordinator, .volunteer, .partner, .elected]
        case .runParliament, .runCouncil: [.agent, .coordinator]
        case .sitInParliament: [.volunteer, .partner, .elected]
        case .editCharter, .decideLabels: [.coordinator]
        case .applyForLabel: [.agent, .coordinator, .partner]
        case .voteForCouncil: [.volunteer]
        case .screenRights: [.agent, .coordinator]
        case .screenCaseload: [.coordinator]
        case .applyForAid: [.agent, .coordinator]
        case .decideAid: [.coordinator]
        case .issueVouchers: [.agent, .coordinator]
        case .manageVouchers: [.coordinator]
        case .redeemVouchers: [.partner]
        case .viewObservatory: [.coordinator, .elected]
        case .editObservatory: [.coordinator]
        case .readSheets: [.agent, .coordinator, .elected]
        case .writeSheets: [.agent, .coordinator]
        case .reviewSheets: [.coordinator]
        case .buildStrategy: [.coordinator, .elected]
        }
    }

    /// Decides whether `actor` may perform `action`, on `record` when there is one.
    /// A record of another territory is always `hidden`, whatever the role.
    public static func decide(_ actor: Actor, _ action: Action, on record: RecordScope? = nil) -> Decision {
        if let record, record.territoryId != actor.territoryId { return .hidden }
        guard actor.hasAny(roles(for: action)) else { return .forbidden }
        if action == .readOwnSignalStatus, let record, record.ownerId != actor.accountId {
            // Watchers are not social workers: another watcher's signal does not exist for them.
            return .hidden
        }
        return .allowed
    }

    /// A call (campaign or check-in) is recorded by its caller, or by staff who step in.
    public static func mayRecordCall(_ actor: Actor, callerId: UUID) -> Bool {
        callerId == actor.accountId || can(actor, .recordOthersCalls)
    }

    /// Throws 403 (or 404 for a record out of reach) unless `decide` allows it: what every service
    /// calls before it reads or writes.
    public static func require(_ actor: Actor, _ action: Action, on record: RecordScope? = nil) throws(AutourError) {
        switch decide(actor, action, on: record) {
        case .allowed: return
        case .forbidden: throw AutourError.forbidden
        case .hidden: throw AutourError.notFound
        }
    }

    /// Convenience for the many places that only need a yes or no.
    public static func can(_ actor: Actor, _ action: Action, on record: RecordScope? = nil) -> Bool {
        decide(actor, action, on: record).isAllowed
    }
}
