import ArgumentParser
import AutourCore
import AutourStore
import AutourWeb
import Foundation

struct TerritoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "territory", abstract: "Territoires (un CCAS ou un CIAS).",
        subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Crée un territoire.")
        @Option(help: "Identifiant court : minuscules, chiffres, tirets.") var slug: String
        @Option(help: "Nom affiché, par exemple « CCAS de Guéret ».") var name: String
        @Option(help: "Codes INSEE des communes, séparés par des virgules.") var communes: String = ""
        @Option(help: "Quartiers, séparés par des virgules.") var neighbourhoods: String = ""

        func run() async throws {
            let codes = try TerritoryRules.parseCommunes(communes)
            let names = neighbourhoods.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            try await CommandEnvironment.withStore(try CommandEnvironment.configuration()) { store, _ in
                let territory = try await store.territories.create(slug: slug, name: name, communes: codes, neighbourhoods: names)
                print("Territoire créé : \(territory.slug) (\(territory.id.uuidString.lowercased()))")
            }
        }
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Comptes.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Crée un compte ; le mot de passe est lu sur l'entrée standard.")
        @Option(help: "Identifiant du territoire.") var territory: String
        @Option(help: "Adresse e-mail (identifiant de connexion).") var email: String
        @Option(help: "Un ou plusieurs rôles, séparés par des virgules : agent coordinator elected watcher volunteer partner admin.") var role: String
        @Option(help: "Nom affiché.") var name: String?
        @Flag(help: "Lit le mot de passe sur l'entrée standard (obligatoire).") var passwordStdin = false
        @Flag(help: "Travailleur·se social·e : accès aux informations de santé.") var socialWorker = false

        func validate() throws {
            guard passwordStdin else { throw ValidationError("--password-stdin est obligatoire : le mot de passe est lu sur l'entrée standard") }
        }

        func run() async throws {
            let roles = try Role.parseList(role)
            guard let password = readLine(strippingNewline: true), !password.isEmpty else {
                throw CLIFailure("aucun mot de passe sur l'entrée standard")
            }
            try await CommandEnvironment.withStore(try CommandEnvironment.configuration()) { store, _ in
                let territory = try await CommandEnvironment.territory(self.territory, in: store)
                let account = try await store.createAccount(
                    territoryId: territory.id, email: email,
                    name: name ?? email, roles: roles, password: password,
                    isSocialWorker: socialWorker)
                print("Compte créé : \(account.email) (\(account.sortedRoles.map(\.rawValue).joined(separator: ",")))")
            }
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Jetons d'API.",
        subcommands: [Create.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Affiche un nouveau jeton d'API, une seule fois, seul sur la sortie standard.")
        @Option(help: "Adresse e-mail du compte.") var email: String

        func run() async throws {
            try await CommandEnvironment.withStore(try CommandEnvironment.configuration()) { store, _ in
                print(try await store.accounts.issueToken(email: email))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Révoque tous les jetons d'API d'un compte.")
        @Option(help: "Adresse e-mail du compte.") var email: String

        func run() async throws {
            try await CommandEnvironment.withStore(try CommandEnvironment.configuration()) { store, _ in
                let count = try await store.accounts.revokeTokens(email: email)
                print("Jetons révoqués : \(count)")
            }
        }
    }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Journal d'audit.", subcommands: [Verify.self, Anchor.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Vérifie la chaîne de hachage du journal d'audit et sa longueur contre les ancres signées hors de la base.")

        func run() async throws {
            try await CommandEnvironment.withStore(try CommandEnvironment.configuration()) { store, _ in
                let (checked, broken) = try await store.audit.verify()
                if let broken { throw CLIFailure("journal d'audit rompu : \(broken.description)") }
                let problems = try await store.audit.verifyAnchors() ?? []
                if let first = problems.first {
                    throw CLIFailure(
                        "journal d'audit tronqué ou réécrit : \(first)"
                            + (problems.count > 1 ? " (et \(FrenchText.count(problems.count - 1, "autre", "autres")))" : ""))
                }
                print("Journal d'audit intact : \(checked) entrées vérifiées, conformes à leurs ancres.")
            }
        }
    }

    struct Anchor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Signe la dernière entrée du journal dans le fichier d'ancres (le serveur le fait toutes les 5 minutes).")

        func run() async throws {
            try await CommandEnvironment.withStore(try CommandEnvironment.configuration()) { store, _ in
                print(try await store.audit.anchorHead()?.line ?? "Déjà ancré : rien à signer.")
            }
        }
    }
}

struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ledger", abstract: "Banque de temps.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Vérifie le grand livre : virements équilibrés et chaînés, soldes égaux à la somme des lignes, somme nulle.")

        func run() async throws {
            try await CommandEnvironment.withStore(try CommandEnvironment.configuration()) { store, _ in
                let report = try await store.timeBank.verify()
                guard report.isIntact else {
                    throw CLIFailure(
                        "grand livre rompu : " + report.problems.prefix(3).joined(separator: " ; ")
                            + (report.problems.count > 3 ? " (et \(report.problems.count - 3) autres)" : ""))
                }
                print("Grand livre intact : \(report.transfers) virements vérifiés, les soldes s'annulent.")
            }
        }
    }
}

struct Purge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Applique les règles de conservation : anonymise ou supprime ce qui a dépassé sa durée.")
    @Flag(help: "Compte seulement, sans rien modifier.") var dryRun = false

    func run() async throws {
        try await CommandEnvironment.withStore(try CommandEnvironment.configuration()) { store, _ in
            let report = try await store.retention.purge(dryRun: dryRun)
            print(dryRun ? "Purge simulée (rien n'est modifié) :" : "Purge appliquée :")
            for category in RetentionCategory.allCases {
                print("  \(category.rawValue): \(report.counts[category] ?? 0)")
            }
        }
    }
}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Importe des données ouvertes.",
        subcommands: [DataInclusion.self])

    struct DataInclusion: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "data-inclusion",
            abstract: "Importe des structures et services au schéma data·inclusion ; tout ou rien.")
        @Option(help: "Identifiant du territoire.") var territory: String
        @Argument(help: "Fichiers JSON (listes de structures ou de services).") var files: [String]

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("indiquez au moins un fichier") }
        }

        func run() async throws {
            var contents: [(name: String, data: Data)] = []
            for path in files {
                guard let data = FileManager.default.contents(atPath: path) else { throw CLIFailure("impossible de lire \(path)") }
                contents.append(((path as NSString).lastPathComponent, data))
            }
            try await CommandEnvironment.withStore(try CommandEnvironment.configuration()) { store, _ in
                let territory = try await CommandEnvironment.territory(self.territory, in: store)
                do {
                    let counts = try await store.directory.importFiles(contents, territoryId: territory.id)
                    print(
                        "Importé : \(FrenchText.count(counts.structures, "structure", "structures")), \(FrenchText.count(counts.services, "service", "services"))."
                    )
                } catch let rejected as DirectoryImportRejected {
                    // One line per problem, so each can be found and fixed in the file.
                    for problem in rejected.problems { FileHandle.standardError.write(Data((problem.description + "\n").utf8)) }
                    throw CLIFailure("import refusé : \(FrenchText.count(rejected.problems.count, "problème", "problèmes")), rien n'a été enregistré")
                }
            }
        }
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Exporte des données ouvertes.",
        subcommands: [DataInclusion.self])

    struct DataInclusion: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "data-inclusion", abstract: "Écrit structures.json et services.json au schéma data·inclusion.")
        @Option(help: "Identifiant du territoire.") var territory: String
        @Option(help: "Dossier où écrire les fichiers.") var out: String

        func run() async throws {
            try await CommandEnvironment.withStore(try CommandEnvironment.configuration()) { store, _ in
                let territory = try await CommandEnvironment.territory(self.territory, in: store)
                let (structures, services) = try await store.directory.export(territoryId: territory.id)
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                try encoder.encode(structures).write(to: URL(fileURLWithPath: out).appendingPathComponent("structures.json"))
                try encoder.encode(services).write(to: URL(fileURLWithPath: out).appendingPathComponent("services.json"))
                print(
                    "Exporté dans \(out) : \(FrenchText.count(structures.count, "structure", "structures")), \(FrenchText.count(services.count, "service", "services"))."
                )
            }
        }
    }
}

struct PartnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "partner", abstract: "Comptes partenaires.", subcommands: [Link.self])

    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fait répondre un compte partenaire pour une structure de l'annuaire (ses orientations).")
        @Option(help: "Adresse e-mail du compte partenaire.") var email: String
        @Option(help: "Identifiant data·inclusion de la structure (champ id).") var structure: String

        func run() async throws {
            try await CommandEnvironment.withStore(try CommandEnvironment.configuration()) { store, _ in
                guard let account = try await store.accounts.find(email: email) else { throw CLIFailure("aucun compte pour \(email)") }
                try await store.referrals.linkPartner(accountId: account.id, structureId: structure, territoryId: account.territoryId)
                print("\(account.email) répond désormais pour \(structure).")
            }
        }
    }
}
