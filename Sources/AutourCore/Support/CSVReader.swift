import Foundation

/// Reads CSV as spreadsheets and open-data portals write it: fields separated by `separator`,
/// optionally quoted (a quote doubled inside), lines ending in LF or CRLF, a UTF-8 byte order mark
/// ignored. Blank lines are skipped.
public enum CSVReader {
    public static func rows(_ text: String, separator: Character = ",") -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending {
                pending = nil
                return scalar
            }
            return iterator.next()
        }
        func endRow() {
            row.append(field)
            field = ""
            if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
            row = []
        }
        let sep = separator.unicodeScalars.first!
        while let scalar = next() {
            if quoted {
                if scalar == "\"" {
                    let after = next()
                    if after == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = after }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"", field.isEmpty {
                quoted = true
            } else if scalar == sep {
                row.append(field)
                field = ""
            } else if scalar == "\n" {
                endRow()
            } else if scalar == "\r" || (scalar == "\u{FEFF}" && rows.isEmpty && row.isEmpty && field.isEmpty) {
                continue
            } else {
                field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !row.isEmpty { endRow() }
        return rows
    }

    /// Rows as dictionaries keyed by the header's names; throws naming the missing columns.
    public static func records(_ text: String, separator: Character = ",", required: [String]) throws(AutourError) -> [[String: String]] {
        var all = rows(text, separator: separator)
        guard !all.isEmpty else { throw .invalid("Le fichier est vide.") }
        let header = all.removeFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = required.filter { !header.contains($0) }
        guard missing.isEmpty else { throw .invalid("Colonnes manquantes : \(missing.joined(separator: ", ")) (en-tête : \(header.joined(separator: ","))).") }
        return all.map { values in
            var record: [String: String] = [:]
            for (name, value) in zip(header, values) { record[name] = value.trimmingCharacters(in: .whitespaces) }
            return record
        }
    }
}
