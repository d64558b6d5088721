import Foundation
import AutourCore
import Hummingbird

/// JSON responses with the conventions of the README (« HTTP »): RFC 3339 UTC times, stable key order.
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

/// `{"items":[…]}`: every list of the API.
struct ItemList<Item: Encodable>: Encodable {
    let items: [Item]
}

extension Request {
    /// Decodes a JSON body; a body that is not JSON of the expected shape is a 400 whose message
    /// says which field is wrong.
    func decodeJSON<T: Decodable>(_ type: T.Type, context: some RequestContext) async throws -> T {
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw AutourError.unreadable(error.french)
        } catch {
            throw AutourError.unreadable("Corps JSON illisible.")
        }
    }
}

extension DecodingError {
    /// What a client sees of a body it got wrong: which field, never the decoder's English.
    var french: String {
        switch self {
        case .keyNotFound(let key, _): "Champ obligatoire manquant : \(key.stringValue)."
        case .typeMismatch(_, let context): "Type inattendu pour le champ \(context.codingPath.map(\.stringValue).joined(separator: "."))."
        case .valueNotFound(_, let context): "Valeur manquante pour le champ \(context.codingPath.map(\.stringValue).joined(separator: "."))."
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            "Valeur inattendue pour le champ \(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "."))."
        default: "Corps JSON illisible."
        }
    }
}
