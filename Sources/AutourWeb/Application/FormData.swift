import AutourCore
import Foundation
import Hummingbird

/// A submitted HTML form (application/x-www-form-urlencoded), read by field name.
public struct FormData: Sendable {
    public let values: [String: String]

    /// A form nobody has filled in yet.
    public static let empty = FormData(values: [:])

    init(values: [String: String]) { self.values = values }

    /// Parses a body with Hummingbird's URL-encoded form decoder. Our forms name each field once
    /// (checkboxes carry their value in their name), so a body it cannot read as flat fields — a
    /// field sent twice, a nested `a[b]` key — is refused (400) rather than half-read.
    public static func parse(_ body: String) throws -> FormData {
        do {
            return FormData(values: try URLEncodedFormDecoder().decode([String: String].self, from: body))
        } catch {
            throw AutourError.unreadable("Formulaire illisible : chaque champ doit être envoyé une seule fois.")
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
        return try parse(String(buffer: buffer))
    }
}

/// One choice of a `select` or a radio group, as the templates render it.
struct Option: Sendable {
    let value: String
    let label: String
    let selected: Bool
}

extension FormData {
    /// Runs a form's action and answers with the page it leads to; when what was typed breaks a rule
    /// (a 422), answers with the form again, its errors and what was typed, through `reshow`.
    /// Any other failure goes on to the error page.
    static func submit(_ action: () async throws -> Response, reshow: (AutourError) async throws -> Response) async throws -> Response {
        do {
            return try await action()
        } catch let error as AutourError {
            guard case .invalid = error else { throw error }
            return try await reshow(error)
        }
    }
}
