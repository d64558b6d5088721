import ArgumentParser
import AutourCore
import Foundation

/// The `autour` command line. Exit status: 0 success, 1 failure (one line on stderr),
/// 2 usage error, as the README says (ArgumentParser's own usage code, 64, is remapped).
struct AutourCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autour",
        abstract: "Autour : la plateforme d'action sociale de proximité des CCAS et CIAS.",
        subcommands: [
            Serve.self, Migrate.self, Demo.self, TerritoryCommand.self, UserCommand.self,
            TokenCommand.self, AuditCommand.self, Purge.self,
            ImportCommand.self, ExportCommand.self, PartnerCommand.self, MatchCommand.self, BasinsCommand.self, CommunesCommand.self, LedgerCommand.self,
            RightsCommand.self,
        ])

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            if let exit = error as? ExitCode { Foundation.exit(exit.rawValue) }
            FileHandle.standardError.write(Data(("autour: " + oneLine(error) + "\n").utf8))
            Foundation.exit(1)
        }
    }

    /// The one line a failure prints: French messages for domain errors, the variable's name for
    /// configuration errors, and a description without stack for the rest.
    static func oneLine(_ error: any Error) -> String {
        switch error {
        case let error as AutourError:
            let fields = error.fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            return fields.isEmpty ? error.message : error.message + " (" + fields.joined(separator: "; ") + ")"
        case let error as ConfigurationError: return error.description
        case let error as CLIFailure: return error.message
        default:
            return String(describing: error).replacingOccurrences(of: "\n", with: " ")
        }
    }
}

/// A failure the command explains itself.
struct CLIFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
