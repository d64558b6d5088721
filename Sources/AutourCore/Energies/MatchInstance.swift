import Foundation

/// The file format of `autour match` (README, « Command line »):
/// `{"needs":[{"id","demand"}],"resources":[{"id","capacity"}],"arcs":[{"need","resource","cost"}]}` in,
/// `{"assignments":[{"need","resource"}],"assigned":N,"cost":C}` out.
///
/// Read by a small dedicated scanner rather than a general JSON decoder: instances have hundreds of
/// thousands of arcs, and building a dictionary per arc would cost more than solving.
public struct MatchInstance: Sendable {
    public let needIds: [String]
    public let resourceIds: [String]
    public let problem: AssignmentProblem

    public static func parse(_ data: Data) throws(AutourError) -> MatchInstance {
        do {
            return try data.withUnsafeBytes { raw in
                var scanner = Scanner(bytes: raw.bindMemory(to: UInt8.self))
                return try scanner.instance()
            }
        } catch let error as AutourError {
            throw error
        } catch {
            throw .unreadable("Instance illisible.")
        }
    }

    /// The solution as JSON, arcs in the order of the input.
    public func output(_ solution: AssignmentSolution) -> Data {
        var out = Data()
        out.reserveCapacity(64 + solution.arcs.count * 40)
        out.append(contentsOf: Array(#"{"assignments":["#.utf8))
        for (index, arc) in solution.arcs.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: Array(#"{"need":"#.utf8))
            Self.appendString(needIds[Int(problem.arcNeed[arc])], to: &out)
            out.append(contentsOf: Array(#","resource":"#.utf8))
            Self.appendString(resourceIds[Int(problem.arcResource[arc])], to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: Array(#"],"assigned":\#(solution.assigned),"cost":\#(solution.cost)}"#.utf8))
        out.append(UInt8(ascii: "\n"))
        return out
    }

    static func appendString(_ text: String, to out: inout Data) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0..<0x20: out.append(contentsOf: Array(String(format: "\\u%04x", byte).utf8))
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func fail(_ what: String) -> AutourError { .unreadable("Instance illisible à l'octet \(at) : \(what).") }

    mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
    }

    mutating func expect(_ char: UInt8) throws(AutourError) {
        skipSpace()
        guard at < bytes.count, bytes[at] == char else { throw fail("« \(Character(UnicodeScalar(char))) » attendu") }
        at += 1
    }

    /// Consumes `char` if it comes next.
    mutating func take(_ char: UInt8) -> Bool {
        skipSpace()
        if at < bytes.count, bytes[at] == char { at += 1; return true }
        return false
    }

    mutating func string() throws(AutourError) -> String {
        try expect(UInt8(ascii: "\""))
        let begin = at
        var escaped = false
        while at < bytes.count, bytes[at] != UInt8(ascii: "\"") {
            if bytes[at] == UInt8(ascii: "\\") { escaped = true; at += 1 }
            at += 1
        }
        guard at < bytes.count else { throw fail("chaîne non terminée") }
        let raw = UnsafeBufferPointer(rebasing: bytes[begin..<at])
        at += 1
        let text = String(decoding: raw, as: UTF8.self)
        guard escaped else { return text }
        // Rare: let Foundation undo the escapes.
        guard let data = ("\"" + text + "\"").data(using: .utf8),
            let decoded = try? JSONDecoder().decode(String.self, from: data)
        else { throw fail("échappement invalide") }
        return decoded
    }

    mutating func integer() throws(AutourError) -> Int64 {
        skipSpace()
        var negative = false
        if at < bytes.count, bytes[at] == UInt8(ascii: "-") { negative = true; at += 1 }
        let begin = at
        var value: Int64 = 0
        while at < bytes.count, bytes[at] >= 0x30, bytes[at] <= 0x39 {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(bytes[at] - 0x30))
            guard !o1, !o2 else { throw fail("nombre trop grand") }
            value = sum
            at += 1
        }
        guard at > begin else { throw fail("nombre attendu") }
        if at < bytes.count, bytes[at] == UInt8(ascii: ".") || bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
            throw fail("nombre entier attendu")
        }
        return negative ? -value : value
    }

    /// An id: a string, or an integer written as a number.
    mutating func identifier() throws(AutourError) -> String {
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "\"") { return try string() }
        return String(try integer())
    }

    /// Skips any JSON value (for fields this format does not use).
    mutating func skipValue() throws(AutourError) {
        skipSpace()
        guard at < bytes.count else { throw fail("valeur attendue") }
        switch bytes[at] {
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            repeat {
                let byte = bytes[at]
                if byte == UInt8(ascii: "\"") { _ = try string(); continue }
                if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
                if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { depth -= 1 }
                at += 1
            } while depth > 0 && at < bytes.count
        default:
            while at < bytes.count, !",}] \n\r\t".utf8.contains(bytes[at]) { at += 1 }
        }
    }

    /// Reads `[ {…}, … ]`, calling `field` for each key of each object and `done` after each object.
    mutating func objects(
        _ field: (inout Scanner, String) throws(AutourError) -> Void,
        done: (Int) throws(AutourError) -> Void
    ) throws(AutourError) {
        try expect(UInt8(ascii: "["))
        if take(UInt8(ascii: "]")) { return }
        var index = 0
        repeat {
            try expect(UInt8(ascii: "{"))
            if !take(UInt8(ascii: "}")) {
                repeat {
                    let key = try string()
                    try expect(UInt8(ascii: ":"))
                    try field(&self, key)
                } while take(UInt8(ascii: ","))
                try expect(UInt8(ascii: "}"))
            }
            try done(index)
            index += 1
        } while take(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
    }

    mutating func instance() throws(AutourError) -> MatchInstance {
        var needIds: [String] = [], demands: [Int] = []
        var resourceIds: [String] = [], capacities: [Int] = []
        var arcNeedIds: [String] = [], arcResourceIds: [String] = [], costs: [Int64] = []
        try expect(UInt8(ascii: "{"))
        repeat {
            let key = try string()
            try expect(UInt8(ascii: ":"))
            switch key {
            case "needs", "resources":
                let isNeed = key == "needs"
                var id: String?, amount: Int64?
                try objects(
                    { (s: inout Scanner, field: String) throws(AutourError) in
                        switch field {
                        case "id": id = try s.identifier()
                        case "demand" where isNeed, "capacity" where !isNeed: amount = try s.integer()
                        default: try s.skipValue()
                        }
                    },
                    done: { (index: Int) throws(AutourError) in
                        let what = isNeed ? "besoin" : "ressource"
                        guard let value = id else { throw .invalid("\(key)[\(index)] : « id » manquant.") }
                        guard let amount, amount >= 1, amount <= 1_000_000 else {
                            throw .invalid("\(key)[\(index)] (\(what) \(value)) : \(isNeed ? "demand" : "capacity") entier de 1 à 1 000 000 attendu.")
                        }
                        if isNeed { needIds.append(value); demands.append(Int(amount)) } else { resourceIds.append(value); capacities.append(Int(amount)) }
                        id = nil
                    })
            case "arcs":
                var need: String?, resource: String?, cost: Int64?
                try objects(
                    { (s: inout Scanner, field: String) throws(AutourError) in
                        switch field {
                        case "need": need = try s.identifier()
                        case "resource": resource = try s.identifier()
                        case "cost": cost = try s.integer()
                        default: try s.skipValue()
                        }
                    },
                    done: { (index: Int) throws(AutourError) in
                        guard let n = need, let r = resource, let c = cost else {
                            throw .invalid("arcs[\(index)] : « need », « resource » et « cost » sont obligatoires.")
                        }
                        arcNeedIds.append(n)
                        arcResourceIds.append(r)
                        costs.append(c)
                        need = nil; resource = nil; cost = nil
                    })
            default:
                try skipValue()
            }
        } while take(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))

        func index(_ ids: [String], _ what: String) throws(AutourError) -> [String: Int32] {
            var map = [String: Int32](minimumCapacity: ids.count)
            for (i, id) in ids.enumerated() where map.updateValue(Int32(i), forKey: id) != nil {
                throw .invalid("\(what) en double : \(id).")
            }
            return map
        }
        let needIndex = try index(needIds, "besoin"), resourceIndex = try index(resourceIds, "ressource")
        var arcNeed = [Int32](), arcResource = [Int32]()
        arcNeed.reserveCapacity(costs.count)
        arcResource.reserveCapacity(costs.count)
        for i in 0..<costs.count {
            guard let n = needIndex[arcNeedIds[i]] else { throw .invalid("arcs[\(i)] : besoin inconnu « \(arcNeedIds[i]) ».") }
            guard let r = resourceIndex[arcResourceIds[i]] else { throw .invalid("arcs[\(i)] : ressource inconnue « \(arcResourceIds[i]) ».") }
            guard costs[i] >= 0, costs[i] <= AssignmentProblem.maxCost else {
                throw .invalid("arcs[\(i)] : coût entier de 0 à \(AssignmentProblem.maxCost) attendu.")
            }
            arcNeed.append(n)
            arcResource.append(r)
        }
        return MatchInstance(
            needIds: needIds, resourceIds: resourceIds,
            problem: AssignmentProblem(
                demands: demands, capacities: capacities, arcNeed: arcNeed,
                arcResource: arcResource, arcCost: costs))
    }
}
