import AutourCore
import Foundation
import Logging

/// Every repository over one database, built once by the composition root.
public struct Store: Sendable {
    public let database: AutourDatabase
    /// The source of "now" every repository uses (the demo writes its past through it).
    public let clock: WallClock
    public let territories: TerritoryRepository
    public let accounts: AccountRepository
    public let audit: AuditRepository
    public let settings: SettingsRepository
    public let people: PeopleRepository
    public let retention: RetentionRepository
    public let directory: DirectoryRepository
    public let referrals: ReferralRepository
    public let signals: SignalRepository
    public let watchers: WatcherRepository
    public let register: RegisterRepository
    public let checkIns: CheckInRepository
    public let energies: EnergiesRepository
    public let timeBank: TimeBankRepository
    public let alerts: EmergingAlertRepository
    public let basins: BasinsRepository
    public let conviviality: ConvivialityRepository
    public let places: PlacesRepository
    public let occupancy: OccupancyRepository
    public let coHousing: CoHousingRepository
    public let learning: LearningRepository
    public let inclusion: InclusionRepository
    public let potentials: PotentialsRepository
    public let advocacy: AdvocacyRepository
    public let rights: RightsRepository
    /// The OpenFisca-France web API when `AUTOUR_OPENFISCA_URL` names one.
    public let openFisca: OpenFiscaClient?
    /// The time bank's use cases (permission, validation, transaction), for pages and API alike.
    public var timeBankService: TimeBankService { TimeBankService(timeBank: timeBank, accounts: accounts) }
    /// Energies' use cases (resource persons, needs, proposals).
    public var energiesService: EnergiesService { EnergiesService(energies: energies) }
    /// People's use cases (a file reached through the permission table).
    public var peopleService: PeopleService { PeopleService(people: people) }
    /// The Radar's use cases (signals, campaigns, indicators).
    public var radarService: RadarService { RadarService(signals: signals, watchers: watchers, register: register, clock: clock) }
    /// Which server runs a background job this period (several servers may share a database).
    public var jobClaims: JobClaims { JobClaims(database: database, clock: clock) }
    /// The life basins: answers, the action territory and its maps.
    public var basinsService: BasinsService { BasinsService(basins: basins, people: people) }
    /// The programme of convivial events: registrations, the door, the mixity measure.
    public var convivialityService: ConvivialityService {
        ConvivialityService(conviviality: conviviality, referrals: referrals, directory: directory, places: places, clock: clock)
    }
    /// Shared places: rooms and bookings, calls for co-occupants, trials, kits, co-housing.
    public var placesService: PlacesService {
        PlacesService(places: places, occupancy: occupancy, coHousing: coHousing, referrals: referrals, directory: directory, clock: clock)
    }
    /// The administration of the territory's accounts.
    public var learningService: LearningService {
        LearningService(learning: learning, energies: energies, places: places, timeBank: timeBank, potentials: potentials, clock: clock)
    }
    public var inclusionService: InclusionService { InclusionService(inclusion: inclusion, clock: clock) }
    /// Inhabitants' projects: stages and criteria, people, needs sent to Places, Energies, partners.
    public var potentialsService: PotentialsService {
        PotentialsService(potentials: potentials, energies: energies, places: placesService, referrals: referrals, directory: directory, clock: clock)
    }
    /// Advocacy: the charter, the parliament's votes, the label, the local social council.
    public var advocacyService: AdvocacyService {
        AdvocacyService(
            advocacy: advocacy, conviviality: conviviality, referrals: referrals, directory: directory, accounts: accounts, clock: clock)
    }
    /// Rights: household situations, OpenFisca screenings, non-take-up findings.
    public var rightsService: RightsService { RightsService(rights: rights, people: people, openFisca: openFisca, clock: clock) }
    public var aidService: AidService { AidService(database: database, people: people, clock: clock) }
    public var voucherService: VoucherService { VoucherService(database: database, people: people, rights: rights, accounts: accounts, clock: clock) }
    /// The Observatory reads every module through its service, and nothing else.
    public var observatoryService: ObservatoryService {
        ObservatoryService(
            sources: [
                radarService, peopleService, energiesService, timeBankService, convivialityService, potentialsService, learningService,
                rightsService, aidService, voucherService,
            ], territories: territories, people: people, settings: settings, clock: clock)
    }
    /// The Fabrique: experience sheets, their review and French search.
    public var fabriqueService: FabriqueService { FabriqueService(database: database, clock: clock) }
    /// The elected officials' strategy plans.
    public var strategyService: StrategyService { StrategyService(database: database, clock: clock) }
    public var accessService: AccessService { AccessService(accounts: accounts, referrals: referrals) }

    public init(
        database: AutourDatabase, clock: WallClock = .system, hasher: PasswordHasher = .init(),
        sessionIdleTimeout: TimeInterval = SessionRules.defaultIdleTimeout, auditAnchors: AuditAnchorFile? = nil,
        openFiscaURL: URL? = nil
    ) {
        self.database = database
        self.clock = clock
        territories = TerritoryRepository(database: database, clock: clock)
        accounts = AccountRepository(database: database, clock: clock, hasher: hasher, idleTimeout: sessionIdleTimeout)
        audit = AuditRepository(database: database, clock: clock, anchors: auditAnchors)
        settings = SettingsRepository(database: database)
        people = PeopleRepository(database: database, clock: clock)
        retention = RetentionRepository(database: database, clock: clock, audit: audit)
        directory = DirectoryRepository(database: database)
        referrals = ReferralRepository(database: database, clock: clock)
        signals = SignalRepository(database: database, clock: clock)
        watchers = WatcherRepository(database: database, clock: clock)
        register = RegisterRepository(database: database, clock: clock)
        checkIns = CheckInRepository(database: database, clock: clock)
        energies = EnergiesRepository(database: database, clock: clock)
        timeBank = TimeBankRepository(database: database, clock: clock)
        alerts = EmergingAlertRepository(database: database, clock: clock)
        basins = BasinsRepository(database: database, clock: clock)
        conviviality = ConvivialityRepository(database: database, clock: clock)
        places = PlacesRepository(database: database, clock: clock)
        occupancy = OccupancyRepository(database: database, clock: clock)
        coHousing = CoHousingRepository(database: database, clock: clock)
        learning = LearningRepository(database: database, clock: clock)
        inclusion = InclusionRepository(database: database, clock: clock)
        potentials = PotentialsRepository(database: database, clock: clock)
        advocacy = AdvocacyRepository(database: database, clock: clock)
        rights = RightsRepository(database: database, clock: clock)
        openFisca = openFiscaURL.map { OpenFiscaClient(baseURL: $0) }
    }
}
