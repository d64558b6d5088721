import AutourCore
import FluentKit
import Foundation

final class DIStructureModel: Model, @unchecked Sendable {
    static let schema = "di_structures"
    @ID(key: .id) var id: UUID?
    @Field(key: "territory_id") var territoryId: UUID
    @Field(key: "di_id") var diId: String
    @Field(key: "name") var name: String
    @Field(key: "updated_on") var updatedOn: String
    @Field(key: "data") var data: String
    init() {}
}

final class DIServiceModel: Model, @unchecked Sendable {
    static let schema = "di_services"
    @ID(key: .id) var id: UUID?
    @Field(key: "territory_id") var territoryId: UUID
    @Field(key: "di_id") var diId: String
    @Field(key: "structure_di_id") var structureId: String
    @Field(key: "name") var name: String
    @Field(key: "updated_on") var updatedOn: String
    @Field(key: "thematiques") var thematiques: String
    @Field(key: "publics") var publics: String
    @OptionalField(key: "code_insee") var codeInsee: String?
    @Field(key: "data") var data: String
    init() {}
}

/// An import refused because of these problems; nothing was stored.
public struct DirectoryImportRejected: Error, Sendable, CustomStringConvertible {
    public let problems: [ImportProblem]
    public var description: String {
        "import refusé, rien n'a été enregistré (\(FrenchText.count(problems.count, "problème", "problèmes"))) :\n"
            + problems.map { "  " + $0.description }.joined(separator: "\n")
    }
}

/// The partner directory of a territory (data·inclusion structures and services).
public struct DirectoryRepository: Sendable {
    let database: AutourDatabase

    public init(database: AutourDatabase) { self.database = database }

    /// The official schemas and enumerations shipped with Autour.
    public static let structureSchema = JSONSchema(load("structure.schema"))
    public static let serviceSchema = JSONSchema(load("service.schema"))
    public static let enumerations = load("di_enums")

    static func load(_ name: String) -> JSONValue {
        let url =
            Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: name, withExtension: "json")!
        return try! JSONValue.parse(try! Data(contentsOf: url))
    }

    /// Labels of an enumeration of `di_enums.json` (for example `Categorie`, `Public`), by value.
    public static func labels(_ enumeration: String) -> [(value: String, label: String)] {
        (enumerations[enumeration]?.array ?? []).compactMap { item in
            guard let value = item["value"]?.string, let label = item["label"]?.string else { return nil }
            return (value, label)
        }
    }

    /// Imports files of structures and/or services: all or nothing.
    public func importFiles(_ files: [(name: String, data: Data)], territoryId: UUID) async throws -> (structures: Int, services: Int) {
        var parsed: [(name: String, records: [JSONValue])] = []
        var problems: [ImportProblem] = []
        for file in files {
            do {
                guard let records = try JSONValue.parse(file.data).array else {
                    problems.append(
                        ImportProblem(
                            file: file.name, record: 0, recordId: nil, field: "(document)",
                            message: "une liste JSON d'enregistrements est attendue"))
                    continue
                }
                parsed.append((file.name, records))
            } catch {
                problems.append(ImportProblem(file: file.name, record: 0, recordId: nil, field: "(document)", message: "JSON illisible"))
            }
        }
        let stored = Set(try await DIStructureModel.query(on: database.db).filter(\.$territoryId == territoryId).all(\.$diId))
        problems += DirectoryImport.validate(
            files: parsed, structureSchema: Self.structureSchema, serviceSchema: Self.serviceSchema,
            storedStructureIds: stored)
        guard problems.isEmpty else { throw DirectoryImportRejected(problems: problems) }

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var counts = (structures: 0, services: 0)
        // Structures first: services point at them.
        let ordered = parsed.sorted { DirectoryImport.kind(of: $0.records) == .structures && DirectoryImport.kind(of: $1.records) == .services }
        try await database.write { tx in
            for file in ordered {
                let kind = DirectoryImport.kind(of: file.records)
                for record in file.records {
                    let id = record["id"]!.string!
                    let data = String(decoding: try encoder.encode(record), as: UTF8.self)
                    if kind == .structures {
                        let model =
                            try await DIStructureModel.query(on: tx).filter(\.$territoryId == territoryId)
                            .filter(\.$diId == id).first() ?? DIStructureModel()
                        model.territoryId = territoryId
                        model.diId = id
                        model.name = record["nom"]?.string ?? id
                        model.updatedOn = record["date_maj"]?.string ?? ""
                        model.data = data
                        try await model.save(on: tx)
                    } else {
                        let model =
                            try await DIServiceModel.query(on: tx).filter(\.$territoryId == territoryId)
                            .filter(\.$diId == id).first() ?? DIServiceModel()
                        model.territoryId = territoryId
                        model.diId = id
                        model.structureId = record["structure_id"]?.string ?? ""
                        model.name = record["nom"]?.string ?? id
                        model.updatedOn = record["date_maj"]?.string ?? ""
                        model.thematiques = Self.joined(record["thematiques"])
                        model.publics = Self.joined(record["publics"])
                        model.codeInsee = record["code_insee"]?.string
                        model.data = data
                        try await model.save(on: tx)
                    }
                }
            }
            return ()
        }
        for file in parsed {
            if DirectoryImport.kind(of: file.records) == .structures { counts.structures += file.records.count } else { counts.services += file.records.count }
        }
        return counts
    }

    static func joined(_ list: JSONValue?) -> String {
        let values = list?.array?.compactMap(\.string) ?? []
        return values.isEmpty ? "," : "," + values.joined(separator: ",") + ","
    }

    /// Everything stored for the territory, as data·inclusion records.
    public func export(territoryId: UUID) async throws -> (structures: [JSONValue], services: [JSONValue]) {
        let structures = try await DIStructureModel.query(on: database.db).filter(\.$territoryId == territoryId).sort(\.$diId).all()
        let services = try await DIServiceModel.query(on: database.db).filter(\.$territoryId == territoryId).sort(\.$diId).all()
        return (try structures.map { try JSONValue.parse(Data($0.data.utf8)) }, try services.map { try JSONValue.parse(Data($0.data.utf8)) })
    }

    /// The territory's structures, id → name (partners organising events, booking rooms…).
    public func structureNames(territoryId: UUID) async throws -> [String: String] {
        let structures = try await DIStructureModel.query(on: database.db).filter(\.$territoryId == territoryId).all()
        return Dictionary(structures.map { ($0.diId, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// Services by category or thématique, public and commune (INSEE code); all when nil.
    public func services(
        territoryId: UUID, thematique: String? = nil, public audience: String? = nil,
        commune: String? = nil
    ) async throws -> [DirectoryService] {
        var query = DIServiceModel.query(on: try database.db).filter(\.$territoryId == territoryId)
        if let thematique, !thematique.isEmpty {
            // A category (`sante`) matches its thématiques (`sante--acces-aux-soins`).
            query = query.group(.or) { group in
                group.filter(\.$thematiques, .custom("LIKE"), "%,\(thematique),%")
                group.filter(\.$thematiques, .custom("LIKE"), "%,\(thematique)--%")
            }
        }
        if let audience, !audience.isEmpty { query = query.filter(\.$publics, .custom("LIKE"), "%,\(audience),%") }
        if let commune, !commune.isEmpty { query = query.filter(\.$codeInsee == commune) }
        let services = try await query.sort(\.$name).limit(200).all()
        let structureNames = Dictionary(
            try await DIStructureModel.query(on: database.db).filter(\.$territoryId == territoryId).all().map { ($0.diId, $0.name) },
            uniquingKeysWith: { first, _ in first })
        return try services.map { model in
            let record = try JSONValue.parse(Data(model.data.utf8))
            return DirectoryService(
                diId: model.diId, structureId: model.structureId, name: model.name,
                structureName: structureNames[model.structureId] ?? model.structureId,
                description: record["description"]?.string ?? "", updatedOn: model.updatedOn,
                thematiques: record["thematiques"]?.array?.compactMap(\.string) ?? [],
                publics: record["publics"]?.array?.compactMap(\.string) ?? [],
                commune: record["commune"]?.string, phone: record["telephone"]?.string, email: record["courriel"]?.string)
        }
    }
}
