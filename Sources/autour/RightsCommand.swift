import ArgumentParser
import AutourCore
import AutourStore
import Foundation

/// `autour rights`: one household's likely entitlements from a JSON file (no database), and the
/// screening of a territory's whole caseload with its progress.
struct RightsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rights", abstract: "Accès aux droits : calcul OpenFisca-France (AUTOUR_OPENFISCA_URL).", subcommands: [Simulate.self, Screen.self])

    static func client(_ configuration: Configuration) throws -> OpenFiscaClient {
        guard let url = configuration.openFiscaURL else { throw CLIFailure(OpenFiscaUnavailable.notConfigured.message) }
        return OpenFiscaClient(baseURL: url)
    }

    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Les droits probables d'un foyer décrit en JSON (format dans le README), en JSON sur la sortie standard.")
        @Option(help: "Fichier JSON du foyer.") var household: String
        @Option(help: "Mois calculé, AAAA-MM (par défaut le mois en cours).") var period: String?

        func run() async throws {
            let configuration = try CommandEnvironment.configuration()
            let period = try SituationRules.period(period, today: Date())
            guard let data = FileManager.default.contents(atPath: household) else { throw CLIFailure("Fichier illisible : \(household).") }
            let situation: HouseholdSituation
            do { situation = try JSONDecoder().decode(HouseholdSituation.self, from: data) } catch {
                throw CLIFailure("\(household) : foyer illisible (\(RightsJSON.describe(error))).")
            }
            let client = try RightsCommand.client(configuration)
            let result: ScreeningResult
            do { result = try await client.simulate(situation, period: period, today: Date()) } catch let error as OpenFiscaUnavailable {
                throw CLIFailure(error.message)
            }
            print(RightsJSON.simulation(result, receives: situation.receives))
        }
    }

    struct Screen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Étudie les droits de tous les foyers dont la situation est relue, par lots de 1 000, et ouvre les suivis de non-recours.")
        @Option(help: "Territoire (son identifiant court).") var territory: String
        @Option(help: "Mois calculé, AAAA-MM (par défaut le mois en cours).") var period: String?
        @Option(name: .customLong("as"), help: "Compte coordinateur au nom duquel l'étude est faite et tracée (par défaut le premier du territoire).")
        var account: String?

        func run() async throws {
            let period = try SituationRules.period(period, today: Date())
            try await CommandEnvironment.withStore(try CommandEnvironment.configuration()) { store, _ in
                let territory = try await CommandEnvironment.territory(territory, in: store)
                let coordinators = try await store.accounts.list(territoryId: territory.id).filter { $0.roles.contains(.coordinator) && $0.active }
                let chosen = account.map { email in coordinators.first { $0.email == email.lowercased() } } ?? coordinators.first
                guard let actor = chosen?.actor else { throw CLIFailure("aucun compte coordinateur actif de ce nom dans \(territory.slug).") }
                let service = store.rightsService
                let started: (batchId: UUID, caseload: [RightsRepository.StoredSituation])
                do { started = try await service.startCaseload(period: period, actor: actor) } catch let error as OpenFiscaUnavailable {
                    throw CLIFailure(error.message)
                }
                FileHandle.standardError.write(Data("Étude de \(started.caseload.count) foyers…\n".utf8))
                let batch = try await service.run(batchId: started.batchId, caseload: started.caseload, actor: actor) { batch in
                    let filled = batch.percent / 5
                    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 20 - filled)
                    FileHandle.standardError.write(Data("[\(bar)] \(batch.percent) % (\(batch.done)/\(batch.total))\n".utf8))
                }
                guard batch.state == .done else { throw CLIFailure(batch.message) }
                print("Étude de \(batch.period.label) : \(batch.done) foyers étudiés, \(batch.findings) droits probablement non demandés à suivre.")
            }
        }
    }
}

/// The exact JSON `autour rights simulate` prints (keys in a fixed order, euros with two decimals).
enum RightsJSON {
    static func simulation(_ result: ScreeningResult, receives: [Benefit]) -> String {
        let amounts = Benefit.allCases.map { benefit -> String in
            let item = result.result(benefit)
            if benefit.isEligibilityOnly { return "\"\(benefit.rawValue)\": \(item?.eligible == true)" }
            let cents = item?.monthlyCents ?? 0
            return "\"\(benefit.rawValue)\": \(cents / 100).\(String(format: "%02d", cents % 100))"
        }
        let nonTakeUp = NonTakeUpRules.findings(result, receives: receives).map { "\"\($0.benefit.rawValue)\"" }
        return "{\"period\": \"\(result.period)\", \"benefits\": {\(amounts.joined(separator: ", "))}, \"nonTakeUp\": [\(nonTakeUp.joined(separator: ", "))]}"
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context): return "champ manquant « \((context.codingPath + [key]).map(\.stringValue).joined(separator: ".")) »"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "« \(path) » : \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
