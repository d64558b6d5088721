import AutourCore
import Foundation
import Hummingbird

/// A submitted HTML form (application/x-www-form-urlencoded), read by field name.
public struct FormData: Sendable {
    public private(set) var values: [String: String] = [:]

    public init(_ body: String) {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let key = decode(parts[0])
            // The first value wins: a repeated field cannot override what was validated.
            if values[key] == nil { values[key] = parts.count > 1 ? decode(parts[1]) : "" }
        }
    }

    public subscript(_ name: String) -> String? { values[name] }

    /// The trimmed value, or "" when absent.
    public func text(_ name: String) -> String {
        (values[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// An integer field through the one checked path: a 422 naming the field unless it holds a
    /// whole number in `range` (never a trap, whatever was typed).
    public func integer(_ name: String, in range: ClosedRange<Int>, unit: String = "") throws(AutourError) -> Int {
        try NumberInput.integer(text(name), field: name, in: range, unit: unit)
    }

    /// Like `integer`, but an empty field is nil.
    public func optionalInteger(_ name: String, in range: ClosedRange<Int>, unit: String = "") throws(AutourError) -> Int? {
        try NumberInput.optionalInteger(text(name), field: name, in: range, unit: unit)
    }

    /// Reads the form body of `request`, within the context's upload limit.
    public static func read(_ request: Request, context: some RequestContext) async throws -> FormData {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return FormData(String(buffer: buffer))
    }
}
