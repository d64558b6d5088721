import ArgumentParser
import AutourCore
import Foundation

/// `autour match`: the assignment solver of the Energies module alone, on explicit costs (the
/// format is in the README). No database: it reads a file and writes one.
struct MatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Affectation optimale besoins → personnes ressources sur une instance JSON (le plus d'unités, puis le moindre coût).")
    @Option(help: "Instance JSON : {\"needs\":[{\"id\",\"demand\"}],\"resources\":[{\"id\",\"capacity\"}],\"arcs\":[{\"need\",\"resource\",\"cost\"}]}.")
    var instance: String
    @Option(help: "Fichier de sortie (sinon la sortie standard).") var out: String?

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: instance) else { throw CLIFailure("Fichier illisible : \(instance).") }
        let parsed = try MatchInstance.parse(data)
        let solution = try AssignmentSolver.solve(parsed.problem)
        let output = parsed.output(solution)
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: output) else { throw CLIFailure("Impossible d'écrire \(out).") }
        } else {
            FileHandle.standardOutput.write(output)
        }
    }
}
