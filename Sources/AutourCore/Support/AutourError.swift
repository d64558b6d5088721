import Foundation

/// The domain's errors. The web layer maps each case to one HTTP status in one middleware;
/// every message is French because a person reads it.
public enum AutourError: Error, Sendable, Equatable {
    /// The input is understood but not acceptable: 422, with a message per field.
    case invalid(String, fields: [String: String] = [:])
    /// The input cannot be read at all (broken JSON, wrong type): 400.
    case unreadable(String)
    /// No credentials or bad credentials: 401.
    case unauthenticated
    /// The role may not do this: 403.
    case forbidden
    /// The record does not exist or is not visible to the caller: 404.
    case notFound
    /// The request conflicts with what is stored (duplicate, stale state): 409.
    case conflict(String)
    /// Too many attempts; retry after the given number of seconds: 429.
    case tooManyAttempts(retryAfterSeconds: Int)

    public var code: String {
        switch self {
        case .invalid: "invalid"
        case .unreadable: "bad_request"
        case .unauthenticated: "unauthenticated"
        case .forbidden: "forbidden"
        case .notFound: "not_found"
        case .conflict: "conflict"
        case .tooManyAttempts: "too_many_attempts"
        }
    }

    public var message: String {
        switch self {
        case .invalid(let message, _), .unreadable(let message), .conflict(let message): message
        case .unauthenticated: "Identifiez-vous pour continuer."
        case .forbidden: "Votre rôle ne permet pas cette action."
        case .notFound: "Cette page ou cette fiche n'existe pas."
        case .tooManyAttempts(let seconds):
            "Trop de tentatives. Réessayez dans \(FrenchText.count(max(1, (seconds + 59) / 60), "minute", "minutes"))."
        }
    }

    /// The message and the first field's explanation, in one sentence for a page's error banner.
    public var summary: String { fields.values.first.map { "\(message) \($0)" } ?? message }

    public var fields: [String: String] {
        if case .invalid(_, let fields) = self { return fields }
        return [:]
    }
}

/// Collects field errors while validating a form or a JSON body, then throws them all at once
/// so that a person sees every problem in one round trip.
public struct FieldErrors: Sendable {
    public private(set) var fields: [String: String] = [:]
    public init() {}

    public mutating func add(_ field: String, _ message: String) {
        if fields[field] == nil { fields[field] = message }
    }

    public var isEmpty: Bool { fields.isEmpty }

    /// A text field: trimmed, its length in `range`, or an error naming the field.
    public mutating func text(_ value: String, _ range: ClosedRange<Int>, field: String, label: String) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if !range.contains(trimmed.count) { add(field, "\(label) : de \(range.lowerBound) à \(range.upperBound) caractères.") }
        return trimmed
    }

    public func throwIfAny(_ summary: String = "Certains champs sont à corriger.") throws(AutourError) {
        if !fields.isEmpty { throw .invalid(summary, fields: fields) }
    }

    /// A text field checked alone: trimmed, its length in `range`, or a 422 naming the field.
    public static func checkedText(_ value: String, _ range: ClosedRange<Int>, field: String, label: String, summary: String)
        throws(AutourError) -> String
    {
        var errors = FieldErrors()
        let checked = errors.text(value, range, field: field, label: label)
        try errors.throwIfAny(summary)
        return checked
    }
}
