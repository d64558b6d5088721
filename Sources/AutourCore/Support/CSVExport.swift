import CSV
import Foundation

/// CSV as French spreadsheets read it: UTF-8, `;` between fields, every field quoted, and a
/// leading `=`, `+`, `-` or `@` defused so that a name or a label cannot run as a formula in
/// whoever opens the file. Written through CSV.swift's writer; the defusing is ours.
public enum CSVExport {
    /// The file: `rows`, each a line, joined by CRLF.
    public static func text(_ rows: [[String]]) -> String {
        guard let writer = try? CSVWriter(stream: .toMemory(), delimiter: ";", newline: .crlf) else { return "" }
        for row in rows { try? writer.write(row: row.map(defused), quotedAtIndex: { _ in true }) }
        writer.stream.close()
        guard let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { return "" }
        return String(decoding: data, as: UTF8.self) + (rows.isEmpty ? "" : "\r\n")
    }

    /// One line, without its line break.
    public static func line(_ fields: [String]) -> String { String(text([fields]).dropLast()) }

    static func defused(_ field: String) -> String { field.first.map { "=+-@".contains($0) } == true ? "'" + field : field }

    /// `JJ/MM/AAAA` in French time.
    public static func day(_ date: Date) -> String {
        let c = FrenchTime.calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%02d/%02d/%04d", c.day!, c.month!, c.year!)
    }
}
