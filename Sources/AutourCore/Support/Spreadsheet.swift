import Foundation

/// A workbook as exports write it, whatever the file format: sheets of rows of cells, a number
/// kept as a number (so a spreadsheet can add it up) beside the text a French reader expects.
public struct Spreadsheet: Sendable, Equatable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        /// `value` for the spreadsheet, `shown` as a CSV or a reader writes it (« 12,50 »).
        case number(Double, shown: String)

        /// The cell in a CSV file.
        public var csv: String {
            switch self {
            case .text(let text): text
            case .number(_, let shown): shown
            }
        }
    }

    public struct Sheet: Sendable, Equatable {
        public let name: String
        public let rows: [[Cell]]
        public init(name: String, rows: [[Cell]]) {
            self.name = name
            self.rows = rows
        }
    }

    public let sheets: [Sheet]
    public init(sheets: [Sheet]) { self.sheets = sheets }

    /// A sheet's name as spreadsheets accept it: at most 31 characters, none of `[]*?:/\` (an apostrophe becomes ’), and
    /// unique in the workbook (a number is added to a repeated one).
    public static func sheetNames(_ wanted: [String]) -> [String] {
        var used: Set<String> = []
        return wanted.map { name in
            let clean = String(name.replacingOccurrences(of: "'", with: "’").filter { !"[]*?:/\\".contains($0) }.prefix(28))
            var candidate = clean.isEmpty ? "Feuille" : clean
            var index = 2
            while !used.insert(candidate.lowercased()).inserted {
                candidate = "\(clean) \(index)"
                index += 1
            }
            return candidate
        }
    }
}
