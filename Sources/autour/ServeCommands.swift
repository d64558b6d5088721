import ArgumentParser
import AutourCore
import AutourStore
import AutourWeb
import Foundation
import Hummingbird
import Metrics
import Prometheus

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Applique les migrations puis sert l'application web et l'API.")

    @Option(help: "Adresse d'écoute (AUTOUR_HOST, 127.0.0.1 par défaut).") var host: String?
    @Option(help: "Port d'écoute (AUTOUR_PORT, 8080 par défaut).") var port: Int?
    @Flag(help: "Charge le territoire de démonstration si la base n'a encore aucun territoire.") var demo = false

    func run() async throws {
        var configuration = try CommandEnvironment.configuration()
        if let host { configuration.host = try Configuration.parseHost(host, variable: "--host") }
        if let port { configuration.port = try Configuration.parsePort(String(port), variable: "--port") }
        let settings = CommandEnvironment.settings(configuration)
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: settings.registry))
        let store = try await openStore(settings)
        if demo {
            if try await store.territories.count() == 0 {
                let (territory, plan) = try await demoLoader(store).load(seed: 1)
                printDemoLogins(territory: territory, plan: plan)
            } else if let territory = try await store.territories.find(slug: DemoTerritory.slug) {
                // A restart: the same accounts still open the demo, say them again.
                printDemoLogins(territory: territory, plan: DemoTerritory(seed: 1), created: false)
            }
        }
        let app = try await buildApplication(settings, store: store)
        say("Autour écoute sur http://\(configuration.host):\(configuration.port)")
        try await app.runService()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Applique les migrations en attente et s'arrête.")

    func run() async throws {
        try await CommandEnvironment.withStore(try CommandEnvironment.configuration()) { store, _ in
            let applied = try await store.database.appliedMigrations()
            print("Migrations appliquées : \(applied.count) (dernière : \(applied.last ?? "aucune"))")
        }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Charge le territoire de démonstration (refuse s'il existe déjà).")

    @Option(help: "Graine du générateur : la même graine donne le même territoire.") var seed: UInt64 = 1

    func run() async throws {
        try await CommandEnvironment.withStore(try CommandEnvironment.configuration()) { store, _ in
            let (territory, plan) = try await demoLoader(store).load(seed: seed)
            printDemoLogins(territory: territory, plan: plan)
        }
    }
}

func printDemoLogins(territory: Territory, plan: DemoTerritory, created: Bool = true) {
    var lines = [
        "Territoire de démonstration \(created ? "créé" : "déjà chargé") : \(territory.name) (\(territory.slug))",
        "Comptes (mot de passe commun : \(DemoTerritory.password)) :",
    ]
    for account in plan.accounts {
        let roles = account.roles.sorted().map(\.rawValue).joined(separator: ",")
        lines.append("  \(roles.padding(toLength: 12, withPad: " ", startingAt: 0)) \(account.email)  (\(account.name))")
    }
    say(lines.joined(separator: "\n"))
}

/// Writes a line straight to the standard output, unbuffered: when the output is a file or a
/// service's log, `print` buffers it by blocks, and the logins would wait there while the server runs.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
