import Foundation

/// The one checked path by which a number typed in a form, put in a query string or sent in JSON
/// enters the domain. Swift stops the whole process on integer overflow and on converting NaN,
/// an infinity or a huge double to `Int`; a server shared by a whole CCAS must never do that
/// because of what one person typed. So a number is read as text, refused unless it lies in a
/// range that the field declares, and only then used in arithmetic, where every product of two
/// user-supplied values is checked for overflow.
public enum NumberInput {
    /// An integer within `range`, or nil: empty text, letters, a decimal, a value too large for
    /// `Int`, or out of range.
    public static func integer(_ text: String, in range: ClosedRange<Int>) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 20, let value = Int(trimmed), range.contains(value) else { return nil }
        return value
    }

    /// A decimal within `range` ("1,5" and "1.5" alike), or nil: never NaN nor an infinity.
    public static func decimal(_ text: String, in range: ClosedRange<Double>) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard !trimmed.isEmpty, trimmed.count <= 20, let value = Double(trimmed), value.isFinite, range.contains(value) else { return nil }
        return value
    }

    /// The French message for a field that must hold an integer in `range` (with its unit).
    static func message(_ range: ClosedRange<Int>, unit: String) -> String {
        "Saisissez un nombre entier de \(range.lowerBound) à \(range.upperBound)\(unit.isEmpty ? "" : " " + unit)."
    }

    /// Reads an integer field or throws a 422 naming the field, so a form shows the problem next
    /// to it and an API client learns which field to fix.
    public static func integer(_ text: String, field: String, in range: ClosedRange<Int>, unit: String = "") throws(AutourError) -> Int {
        guard let value = integer(text, in: range) else {
            throw .invalid("Un nombre est à corriger.", fields: [field: message(range, unit: unit)])
        }
        return value
    }

    /// An integer already decoded (a JSON number, a typed query parameter) that must lie in `range`.
    public static func integer(_ value: Int, field: String, in range: ClosedRange<Int>, unit: String = "") throws(AutourError) -> Int {
        guard range.contains(value) else { throw .invalid("Un nombre est à corriger.", fields: [field: message(range, unit: unit)]) }
        return value
    }

    /// An optional integer field: empty text is nil, anything else must be in range.
    public static func optionalInteger(_ text: String, field: String, in range: ClosedRange<Int>, unit: String = "") throws(AutourError) -> Int? {
        text.trimmingCharacters(in: .whitespaces).isEmpty ? nil : try integer(text, field: field, in: range, unit: unit)
    }

    /// A decimal number of hours (at most `maxHours`) as whole minutes.
    public static func hoursAsMinutes(_ text: String, field: String, maxHours: Int) throws(AutourError) -> Int {
        guard let hours = decimal(text, in: 0...Double(maxHours)) else {
            throw .invalid("Un nombre est à corriger.", fields: [field: "Saisissez un nombre d'heures de 0 à \(maxHours) (par exemple 1,5)."])
        }
        return Int((hours * 60).rounded())
    }

    /// Hours and minutes typed in two fields ("1" and "30"), as minutes, each part bounded so the
    /// sum cannot overflow.
    public static func duration(hours: String, minutes: String, maxMinutes: Int) throws(AutourError) -> Int {
        let h = hours.trimmingCharacters(in: .whitespaces).isEmpty ? 0 : try integer(hours, field: "hours", in: 0...(maxMinutes / 60), unit: "h")
        let m = minutes.trimmingCharacters(in: .whitespaces).isEmpty ? 0 : try integer(minutes, field: "minutes", in: 0...maxMinutes, unit: "min")
        return h * 60 + m
    }
}
