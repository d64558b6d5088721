import AutourCore
import Foundation
import Testing

@Suite("Permissions, role by role")
struct PermissionsTests {
    let territory = UUID()
    let elsewhere = UUID()

    /// The whole table, written out by hand: a change of any rule must change this test.
    /// Rows are actions, the set is the roles allowed in their own territory.
    static let expected: [Action: Set<Role>] = [
        .viewOwnAccount: Set(Role.allCases),
        .readAudit: [.coordinator, .admin],
        .manageAccounts: [.admin],
        .manageTerritory: [.admin, .coordinator],
        .readPersonFile: [.agent, .coordinator],
        .writePersonFile: [.agent, .coordinator],
        .exportPerson: [.agent, .coordinator],
        .erasePerson: [.coordinator],
        .readDirectory: [.agent, .coordinator, .partner, .admin],
        .answerReferrals: [.partner],
        .sendSignal: [.watcher, .partner, .agent, .coordinator],
        .readOwnSignalStatus: [.watcher, .partner],
        .triageSignals: [.agent, .coordinator],
        .manageWatchers: [.coordinator],
        .manageRegister: [.agent, .coordinator],
        .runCampaigns: [.coordinator],
        .makeCalls: [.agent, .coordinator, .volunteer],
        .viewIndicators: [.coordinator, .elected, .admin],
        .coordinateEnergies: [.coordinator],
        .postNeeds: [.agent, .coordinator, .partner],
        .takeMissions: [.volunteer],
        .useTimeBank: [.volunteer],
        .enterTimeCheques: [.agent, .coordinator],
        .viewLedger: [.coordinator],
        .payFromTerritoryFunds: [.coordinator],
        .viewBasins: [.coordinator, .elected, .agent, .admin],
        .recordBasins: [.agent, .coordinator],
        .importBasins: [.coordinator],
        .viewProgramme: [.agent, .coordinator, .partner, .elected],
        .manageEvents: [.coordinator],
        .registerOthers: [.agent, .coordinator, .partner],
        .checkInAttendees: [.agent, .coordinator, .partner],
        .viewMixity: [.coordinator, .elected, .agent],
        .viewPlaces: [.agent, .coordinator, .partner, .elected],
        .managePlaces: [.coordinator],
        .bookRooms: [.agent, .coordinator, .partner],
        .reviewTrials: [.agent, .coordinator],
        .manageCoHousing: [.agent, .coordinator],
        .viewLearning: [.agent, .coordinator, .volunteer],
        .runInterviews: [.agent, .coordinator],
        .editLexicon: [.coordinator],
        .organiseTrainings: [.agent, .coordinator],
        .viewInclusion: [.agent, .coordinator, .volunteer, .elected],
        .runAudits: [.agent, .coordinator, .volunteer],
        .editAuditGrid: [.coordinator],
        .viewProjects: [.agent, .coordinator, .volunteer, .partner, .elected],
        .proposeProjects: [.agent, .coordinator, .volunteer, .partner],
        .coachProjects: [.agent, .coordinator],
        .viewAdvocacy: [.agent, .coordinator, .volunteer, .partner, .elected],
        .runParliament: [.agent, .coordinator],
        .sitInParliament: [.volunteer, .partner, .elected],
        .editCharter: [.coordinator],
        .applyForLabel: [.agent, .coordinator, .partner],
        .decideLabels: [.coordinator],
        .runCouncil: [.agent, .coordinator],
        .voteForCouncil: [.volunteer],
        .screenRights: [.agent, .coordinator],
        .screenCaseload: [.coordinator],
        .applyForAid: [.agent, .coordinator],
        .decideAid: [.coordinator],
        .issueVouchers: [.agent, .coordinator],
        .manageVouchers: [.coordinator],
        .redeemVouchers: [.partner],
        .viewObservatory: [.coordinator, .elected],
        .editObservatory: [.coordinator],
        .readSheets: [.agent, .coordinator, .elected], .writeSheets: [.agent, .coordinator], .reviewSheets: [.coordinator],
        .buildStrategy: [.coordinator, .elected],
        .editProjectStages: [.coordinator],
        .checkDirectory: [.coordinator],
        .recordOthersCalls: [.agent, .coordinator],
    ]

    @Test("every role × action answers as the table says", arguments: Role.allCases, Action.allCases)
    func tableOfRoles(role: Role, action: Action) throws {
        let actor = Actor(accountId: UUID(), territoryId: territory, roles: [role])
        let allowed = try #require(Self.expected[action]).contains(role)
        // The actor owns the record, so that owner-only rules (a signal's status) answer by role.
        let record = RecordScope(territoryId: territory, ownerId: actor.accountId)
        #expect(Permissions.decide(actor, action, on: record) == (allowed ? .allowed : .forbidden))
    }

    @Test("a record of another territory is hidden from every role, even an admin", arguments: Role.allCases)
    func otherTerritoryIsHidden(role: Role) {
        let actor = Actor(accountId: UUID(), territoryId: territory, roles: Set(Role.allCases))
        for action in Action.allCases {
            #expect(Permissions.decide(actor, action, on: RecordScope(territoryId: elsewhere)) == .hidden)
        }
    }

    @Test("an account with two roles may do what either role may")
    func rolesAdd() {
        let actor = Actor(accountId: UUID(), territoryId: territory, roles: [.volunteer, .watcher])
        #expect(Permissions.can(actor, .useTimeBank))
        #expect(Permissions.can(actor, .sendSignal))
        #expect(!Permissions.can(actor, .readPersonFile))
    }

    @Test("a watcher sees the status of their own signal but not another watcher's")
    func watcherSeesOnlyOwnSignals() {
        let me = UUID()
        let actor = Actor(accountId: me, territoryId: territory, roles: [.watcher])
        #expect(Permissions.decide(actor, .readOwnSignalStatus, on: RecordScope(territoryId: territory, ownerId: me)) == .allowed)
        #expect(Permissions.decide(actor, .readOwnSignalStatus, on: RecordScope(territoryId: territory, ownerId: UUID())) == .hidden)
        // A signal the check-in service raised has no sender: no watcher owns it.
        #expect(Permissions.decide(actor, .readOwnSignalStatus, on: RecordScope(territoryId: territory, ownerId: nil)) == .hidden)
    }

    @Test("elected officials never read an individual file")
    func electedSeeAggregatesOnly() {
        let actor = Actor(accountId: UUID(), territoryId: territory, roles: [.elected])
        #expect(Permissions.can(actor, .viewIndicators))
        #expect(!Permissions.can(actor, .readPersonFile))
        #expect(!Permissions.can(actor, .triageSignals))
    }
}

@Suite("Roles")
struct RoleTests {
    @Test("a role list is parsed from commas or spaces, and an unknown role is named")
    func parseList() throws {
        #expect(try Role.parseList("agent,coordinator") == [.agent, .coordinator])
        #expect(try Role.parseList("watcher volunteer") == [.watcher, .volunteer])
        #expect(throws: AutourError.self) { try Role.parseList("agent,mayor") }
        do {
            _ = try Role.parseList("mayor")
        } catch {
            #expect(error.message.contains("mayor"))
        }
    }
}
