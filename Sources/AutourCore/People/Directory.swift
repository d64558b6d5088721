import Foundation

/// The partner directory, on the data·inclusion schema v1: structures (associations, public
/// services…) and the services they offer. Records are kept as the producer sent them (once
/// valid), so an export gives back exactly what was imported.
public struct DirectoryService: Sendable, Equatable {
    public let diId: String
    public let structureId: String
    public let name: String
    public let structureName: String
    public let description: String
    public let updatedOn: String
    public let thematiques: [String]
    public let publics: [String]
    public let commune: String?
    public let phone: String?
    public let email: String?

    public init(
        diId: String, structureId: String, name: String, structureName: String, description: String, updatedOn: String,
        thematiques: [String], publics: [String], commune: String?, phone: String?, email: String?
    ) {
        self.diId = diId
        self.structureId = structureId
        self.name = name
        self.structureName = structureName
        self.description = description
        self.updatedOn = updatedOn
        self.thematiques = thematiques
        self.publics = publics
        self.commune = commune
        self.phone = phone
        self.email = email
    }

    /// A service not updated for a year is probably out of date: coordinators are shown it.
    public func isStale(today: Date) -> Bool {
        guard let day = PersonRules.parseDay(updatedOn) else { return true }
        return today.timeIntervalSince(day) > 365 * 86400
    }
}

/// One problem of an import, precise enough to fix the file: which file, which record, which field.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let record: Int
    public let recordId: String?
    public let field: String
    public let message: String

    public init(file: String, record: Int, recordId: String?, field: String, message: String) {
        self.file = file
        self.record = record
        self.recordId = recordId
        self.field = field
        self.message = message
    }

    public var description: String {
        "\(file): enregistrement \(record)\(recordId.map { " (id \($0))" } ?? ""): \(field): \(message)"
    }
}

public enum DirectoryImport {
    public enum Kind: String, Sendable { case structures, services }

    /// Guesses what a file holds from its records: services have a `structure_id`.
    public static func kind(of records: [JSONValue]) -> Kind {
        records.contains { $0["structure_id"] != nil } ? .services : .structures
    }

    /// Validates every record of every file against the official schemas, checks identifiers
    /// are unique and that each service's structure exists (in the files or already stored).
    /// Returns every problem; an import with any problem must store nothing.
    public static func validate(
        files: [(name: String, records: [JSONValue])], structureSchema: JSONSchema,
        serviceSchema: JSONSchema, storedStructureIds: Set<String>
    ) -> [ImportProblem] {
        var problems: [ImportProblem] = []
        var structureIds = Set<String>(), serviceIds = Set<String>()
        var pendingServices: [(file: String, index: Int, id: String?, structure: String)] = []
        for file in files {
            let kind = kind(of: file.records)
            let schema = kind == .services ? serviceSchema : structureSchema
            for (index, record) in file.records.enumerated() {
                let number = index + 1
                let id = record["id"]?.string
                for problem in schema.validate(record) {
                    problems.append(ImportProblem(file: file.name, record: number, recordId: id, field: problem.field, message: problem.message))
                }
                guard let id else { continue }
                let inserted = kind == .services ? serviceIds.insert(id).inserted : structureIds.insert(id).inserted
                if !inserted {
                    problems.append(ImportProblem(file: file.name, record: number, recordId: id, field: "id", message: "identifiant en double"))
                }
                if kind == .services, let structure = record["structure_id"]?.string {
                    pendingServices.append((file.name, number, id, structure))
                }
            }
        }
        for service in pendingServices where !structureIds.contains(service.structure) && !storedStructureIds.contains(service.structure) {
            problems.append(
                ImportProblem(
                    file: service.file, record: service.index, recordId: service.id, field: "structure_id",
                    message: "structure inconnue « \(service.structure) »"))
        }
        return problems
    }
}
