import Foundation
import AutourCore
import Hummingbird

/// JSON responses outside the API contract (the probes), with its conventions: RFC 3339 UTC
/// times, stable key order.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension DecodingError {
    /// What a client sees of a body it got wrong: which field, never the decoder's English.
    var french: String {
        switch self {
        case .keyNotFound(let key, let context): "Champ obligatoire manquant : \(Self.field(context.codingPath + [key]))."
        case .typeMismatch(_, let context): "Type inattendu pour le champ \(Self.field(context.codingPath))."
        case .valueNotFound(_, let context): "Valeur manquante pour le champ \(Self.field(context.codingPath))."
        case .dataCorrupted(let context) where !context.codingPath.isEmpty: "Valeur inattendue pour le champ \(Self.field(context.codingPath))."
        default: "Corps JSON illisible."
        }
    }

    /// `roles.0`, `availability.2.start`: array positions as numbers, not « Index 0 ».
    static func field(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}

/// A CSV file to download (the prefecture's register export, from the page and the API alike).
enum CSVResponse {
    static let registerFilename = "registre.csv"

    static func make(_ text: String, filename: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: disposition(filename)],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func disposition(_ filename: String) -> String { "attachment; filename=\"\(filename)\"" }
}
