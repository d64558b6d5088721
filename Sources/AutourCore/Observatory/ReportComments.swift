import Foundation

/// What the coordinator writes in the yearly report: a summary, and a comment per chapter that
/// reads the figures (what rose, what it means, what the CCAS will do). Stored per territory and year.
public struct ReportComments: Codable, Sendable, Equatable {
    public var summary: String
    /// By `IndicatorTheme.rawValue`.
    public var chapters: [String: String]

    public static let empty = ReportComments(summary: "", chapters: [:])
    public static let maxLength = 8_000

    public init(summary: String, chapters: [String: String]) {
        self.summary = summary
        self.chapters = chapters
    }

    public func chapter(_ theme: IndicatorTheme) -> String { chapters[theme.rawValue] ?? "" }

    /// Trimmed texts, each at most `maxLength` characters; the error names the field (`summary`,
    /// `chapter-isolation`…).
    public static func validated(summary: String, chapters: [IndicatorTheme: String]) throws(AutourError) -> ReportComments {
        var errors: [String: String] = [:]
        func clean(_ text: String, field: String) -> String {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.count > maxLength { errors[field] = "Au plus \(maxLength) caractères." }
            return trimmed
        }
        let comments = ReportComments(
            summary: clean(summary, field: "summary"),
            chapters: Dictionary(uniqueKeysWithValues: chapters.map { ($0.key.rawValue, clean($0.value, field: "chapter-\($0.key.rawValue)")) }))
        guard errors.isEmpty else { throw AutourError.invalid("Un commentaire est trop long.", fields: errors) }
        return comments
    }

    /// A text as paragraphs, split on blank lines.
    public static func paragraphs(_ text: String) -> [String] {
        text.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
