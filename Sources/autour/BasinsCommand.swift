import ArgumentParser
import AutourCore
import AutourStore
import Foundation

/// `autour basins`: the Leiden clustering of a co-use graph alone (the format is in the README), so
/// that it can be compared with other implementations. No database: it reads a file and writes one.
struct BasinsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "basins",
        abstract: "Territoires d'action : l'algorithme de Leiden sur un graphe de co-usage des communes (CSV a,b,weight).")
    @Option(help: "Graphe CSV, en-tête « a,b,weight » : codes INSEE, poids entiers, chaque paire une fois.") var graph: String
    @Option(help: "Fichier JSON de sortie (sinon la sortie standard).") var out: String?
    @Option(help: "Résolution γ de la modularité (1 : modularité de Newman).") var resolution: Double = 1
    @Option(help: "Graine : la même graine donne les mêmes communautés.") var seed: UInt64 = 0

    func run() async throws {
        guard resolution.isFinite, resolution > 0, resolution <= 1000 else { throw CLIFailure("--resolution : nombre positif attendu (au plus 1000).") }
        guard let data = FileManager.default.contents(atPath: graph) else { throw CLIFailure("Fichier illisible : \(graph).") }
        let parsed = try CoUseGraph.parseCSV(data)
        let result = Leiden.run(parsed.graph, resolution: resolution, seed: seed)
        let output = parsed.output(result)
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: output) else { throw CLIFailure("Impossible d'écrire \(out).") }
        } else {
            FileHandle.standardOutput.write(output)
        }
    }
}

/// `autour communes import`: loads the communes of France, their EPCI and boundaries into the
/// database, from the files shipped with Autour or from a newer copy.
struct CommunesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "communes", abstract: "Communes de France.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Importe (ou met à jour) les communes, EPCI et contours : france_communes.csv.gz, france_epci.csv, france_boundaries.geojson.gz.")
        @Option(help: "Dossier des trois fichiers (par défaut, ceux livrés avec Autour).") var dir: String?

        func run() async throws {
            try await CommandEnvironment.withStore(try CommandEnvironment.configuration()) { store, _ in
                let counts = try await store.basins.importCommunes(from: dir.map { URL(fileURLWithPath: $0) } ?? BasinsRepository.shippedCommunes)
                print("Communes importées : \(counts.communes) communes, \(counts.epcis) EPCI, \(counts.boundaries) contours.")
            }
        }
    }
}
