import AutourCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Why a screening cannot be computed now. Pages say it in French; nothing becomes a 500.
public enum OpenFiscaUnavailable: Error, Sendable, Equatable {
    /// `AUTOUR_OPENFISCA_URL` is not set.
    case notConfigured
    /// The service did not answer, or answered with an error.
    case unreachable(String)
    /// The service answered that it cannot compute this situation (a 4xx; its reason, in
    /// OpenFisca's English, is for the log, not for the person).
    case refused(String)

    public var message: String {
        switch self {
        case .notConfigured:
            "Le calcul des droits n'est pas disponible : le service OpenFisca-France n'est pas configuré (AUTOUR_OPENFISCA_URL). La situation est enregistrée ; l'étude attendra."
        case .unreachable:
            "Le service de calcul OpenFisca-France ne répond pas pour le moment. La situation est enregistrée ; réessayez dans quelques minutes."
        case .refused:
            "OpenFisca-France ne peut pas calculer cette situation : vérifiez les dates de naissance, la commune et les montants, puis réessayez."
        }
    }
}

/// The OpenFisca-France web API (`openfisca serve`), run as a sidecar: the official rules as code,
/// unmodified. Autour only posts situations to `/calculate` and reads the answer.
public struct OpenFiscaClient: Sendable {
    public let baseURL: URL
    /// A batch of 1 000 households takes a few seconds; a minute means the service is stuck.
    let timeout: TimeInterval

    public init(baseURL: URL, timeout: TimeInterval = 120) {
        self.baseURL = baseURL
        self.timeout = timeout
    }

    /// Posts a request body built by `OpenFiscaMapping` and returns the parsed answer.
    public func calculate(_ body: JSONValue) async throws(OpenFiscaUnavailable) -> JSONValue {
        let data: Data
        do { data = try OpenFiscaMapping.encode(body) } catch { throw .unreachable("encoding: \(error)") }
        return try await calculate(data)
    }

    public func calculate(_ body: Data) async throws(OpenFiscaUnavailable) -> JSONValue {
        var request = URLRequest(url: baseURL.appendingPathComponent("calculate"), timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        let answer: Data
        let response: URLResponse
        do { (answer, response) = try await URLSession.shared.data(for: request) } catch { throw .unreachable("\(error)") }
        // OpenFisca refusing the situation itself is a problem of the input, said as such.
        if let http = response as? HTTPURLResponse, (400..<500).contains(http.statusCode) {
            throw .refused(String(decoding: answer.prefix(300), as: UTF8.self))
        }
        guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            throw .unreachable("HTTP \(status): \(String(decoding: answer.prefix(500), as: UTF8.self))")
        }
        do { return try JSONValue.parse(answer) } catch { throw .unreachable("unreadable answer") }
    }

    /// One situation computed for `period` (checked as the rules say) without storing anything:
    /// the service's « what if » and `autour rights simulate` alike.
    public func simulate(_ situation: HouseholdSituation, period: YearMonth, today: Date) async throws -> ScreeningResult {
        let checked = try SituationRules.validate(situation, today: today)
        let period = try SituationRules.checkPeriod(period, today: today)
        guard let result = try await screen([("h", checked)], period: period)["h"] else { throw OpenFiscaUnavailable.unreachable("no answer") }
        return result
    }

    /// Screens households (at most `OpenFiscaMapping.batchSize`) in one request.
    public func screen(_ households: [(key: String, situation: HouseholdSituation)], period: YearMonth) async throws -> [String: ScreeningResult] {
        guard households.count <= OpenFiscaMapping.batchSize else { throw AutourError.invalid("Un lot compte au plus \(OpenFiscaMapping.batchSize) foyers.") }
        let answer = try await calculate(OpenFiscaMapping.request(households, period: period))
        return try OpenFiscaMapping.results(answer, households: households, period: period)
    }
}
