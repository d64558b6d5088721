import Foundation

/// The communes' co-use graph as `autour basins` reads and writes it (README, « Command line »):
/// a CSV `a,b,weight` in (INSEE codes, integer weights, each pair once), and
/// `{"modularity": Q, "communities": [["72181", …], …]}` out.
///
/// Read byte by byte: a France-wide graph has a million lines, and splitting strings would cost
/// more than clustering it.
public struct CoUseGraph: Sendable {
    /// The INSEE code of each node, in order of first appearance.
    public let codes: [String]
    public let graph: WeightedGraph

    /// The largest weight accepted: far above any count of answers, far below Double's exact integers.
    public static let maxWeight: Int64 = 1_000_000_000_000

    public init(codes: [String], graph: WeightedGraph) {
        self.codes = codes
        self.graph = graph
    }

    public static func parseCSV(_ data: Data) throws(AutourError) -> CoUseGraph {
        let result: Result<CoUseGraph, AutourError> = data.withUnsafeBytes { raw in
            do throws(AutourError) {
                return .success(try parse(raw.bindMemory(to: UInt8.self)))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(AutourError) -> CoUseGraph {
        var at = 0
        var line = 1
        // The three fields of a line, as byte ranges.
        func fields() -> [Range<Int>] {
            var found: [Range<Int>] = []
            var begin = at
            while at < bytes.count, bytes[at] != 0x0A {
                if bytes[at] == UInt8(ascii: ",") {
                    found.append(begin..<at)
                    begin = at + 1
                }
                at += 1
            }
            var end = at
            if end > begin, bytes[end - 1] == 0x0D { end -= 1 }
            found.append(begin..<end)
            if at < bytes.count { at += 1 }
            return found
        }
        func text(_ range: Range<Int>) -> String {
            var range = range
            if range.count >= 2, bytes[range.lowerBound] == UInt8(ascii: "\""), bytes[range.upperBound - 1] == UInt8(ascii: "\"") {
                range = range.lowerBound + 1..<range.upperBound - 1
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self).trimmingCharacters(in: .whitespaces)
        }
        // Skip a UTF-8 byte order mark.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { at = 3 }
        guard fields().map(text) == ["a", "b", "weight"] else {
            throw .invalid("Ligne 1 : l'en-tête doit être « a,b,weight ».")
        }
        var index: [String: Int32] = [:]
        var codes: [String] = []
        var from: [Int32] = [], to: [Int32] = [], weight: [Double] = []
        let estimate = bytes.count / 16
        from.reserveCapacity(estimate)
        to.reserveCapacity(estimate)
        weight.reserveCapacity(estimate)
        func node(_ range: Range<Int>, _ column: String) throws(AutourError) -> Int32 {
            let code = text(range)
            guard !code.isEmpty, code.utf8.count <= 16 else { throw .invalid("Ligne \(line) : code commune « \(column) » vide ou trop long.") }
            if let known = index[code] { return known }
            let next = Int32(codes.count)
            index[code] = next
            codes.append(code)
            return next
        }
        while at < bytes.count {
            line += 1
            let row = fields()
            if row.count == 1, row[0].isEmpty { continue }  // blank line, a final newline
            guard row.count == 3 else { throw .invalid("Ligne \(line) : trois colonnes attendues (a,b,weight), \(row.count) trouvée(s).") }
            let a = try node(row[0], "a"), b = try node(row[1], "b")
            var value: Int64 = 0
            var digits = 0
            for position in row[2] {
                let byte = bytes[position]
                if byte == 0x20 { continue }
                guard byte >= 0x30, byte <= 0x39 else { throw .invalid("Ligne \(line) : poids entier positif attendu.") }
                value = value * 10 + Int64(byte - 0x30)
                digits += 1
                guard value <= maxWeight else { throw .invalid("Ligne \(line) : poids supérieur à \(maxWeight).") }
            }
            guard digits > 0, value >= 1 else { throw .invalid("Ligne \(line) : poids entier positif attendu.") }
            from.append(a)
            to.append(b)
            weight.append(Double(value))
        }
        guard !from.isEmpty else { throw .invalid("Aucune arête : le graphe est vide.") }
        return CoUseGraph(codes: codes, graph: WeightedGraph(nodeCount: codes.count, edgesFrom: from, to: to, weight: weight))
    }

    /// The communities as lists of codes (each sorted), largest first.
    public func communities(_ membership: [Int32]) -> [[String]] {
        let count = Int(membership.max().map { $0 + 1 } ?? 0)
        var lists = [[String]](repeating: [], count: count)
        for (node, community) in membership.enumerated() { lists[Int(community)].append(codes[node]) }
        return lists.map { $0.sorted() }
    }

    /// `{"modularity": Q, "communities": [[…], …]}`.
    public func output(_ result: Leiden.Result) -> Data {
        var out = Data()
        out.reserveCapacity(64 + codes.count * 10)
        out.append(contentsOf: Array(#"{"modularity": \#(result.modularity), "communities": ["#.utf8))
        for (position, community) in communities(result.membership).enumerated() {
            if position > 0 { out.append(contentsOf: Array(", ".utf8)) }
            out.append(UInt8(ascii: "["))
            for (rank, code) in community.enumerated() {
                if rank > 0 { out.append(contentsOf: Array(", ".utf8)) }
                MatchInstance.appendString(code, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(contentsOf: Array("]}\n".utf8))
        return out
    }
}
