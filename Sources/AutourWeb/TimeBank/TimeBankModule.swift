import AutourCore
import AutourStore
import Hummingbird
import Logging

/// The time bank: members' accounts, payments, requests, cheques and the offers board.
struct TimeBankModule: AutourModule {
    let context: ModuleContext

    init(_ context: ModuleContext) { self.context = context }

    static var demo: (any DemoPart)? { TimeBankDemo() }

    static let navigation = [
        NavigationEntry(label: "Banque de temps", href: Page.timeBank.path, action: .useTimeBank),
        NavigationEntry(label: "Comptes temps", href: Page.timeAccounts.path, action: .enterTimeCheques),
    ]

    static func homeTasks(for role: Role) -> [HomeLink] {
        switch role {
        case .volunteer:
            [HomeLink(title: "Banque de temps", summary: "Consulter votre solde et échanger des services.", href: Page.timeBank.path)]
        case .coordinator:
            [HomeLink(title: "Comptes temps", summary: "Créditer les heures notées sur papier, suivre les comptes des membres.", href: Page.timeAccounts.path)]
        default: []
        }
    }

    static func jobs(store: Store, logger: Logger) -> [PeriodicJob] {
        [
            PeriodicJob(name: "time-bank requests", every: .seconds(3600), logger: logger, oncePerDatabase: store.jobClaims) {
                "requests accepted after the delay: \(try await store.timeBank.acceptDueRequests())"
            }
        ]
    }

    func addWebRoutes(to web: RouterGroup<SignedInContext>) {
        TimeBankWeb(store: context.store, renderer: context.renderer, clock: context.clock).addRoutes(to: web)
    }
}
