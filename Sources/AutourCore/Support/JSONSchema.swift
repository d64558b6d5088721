import Foundation

/// A validator for the JSON Schema keywords that official open-data schemas such as
/// data·inclusion's use (type, anyOf, $ref to $defs, const, enum, required, properties, items,
/// lengths, pattern, minimum, minItems, uniqueItems, formats date/email/uri). Messages are French
/// and name the field, so an import can say exactly what to fix.
public struct JSONSchema: Sendable {
    public let root: JSONValue

    public init(_ root: JSONValue) { self.root = root }

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public let field: String
        public let message: String
        public var description: String { "\(field): \(message)" }
    }

    public func validate(_ value: JSONValue) -> [Problem] {
        var problems: [Problem] = []
        check(value, against: root, at: "", into: &problems)
        return problems
    }

    private func resolve(_ schema: JSONValue) -> JSONValue {
        guard let ref = schema["$ref"]?.string, ref.hasPrefix("#/$defs/") else { return schema }
        return root["$defs"]?[String(ref.dropFirst("#/$defs/".count))] ?? schema
    }

    private func check(_ value: JSONValue, against rawSchema: JSONValue, at path: String, into problems: inout [Problem]) {
        let schema = resolve(rawSchema)
        let field = path.isEmpty ? "(document)" : path
        func fail(_ message: String) { problems.append(Problem(field: field, message: message)) }

        if let branches = schema["anyOf"]?.array {
            var best: [Problem]?
            for branch in branches {
                var attempt: [Problem] = []
                check(value, against: branch, at: path, into: &attempt)
                if attempt.isEmpty { return }
                // Report the branch of the value's own type (for `X or null`, X's problems).
                if best == nil || typeMatches(value, resolve(branch)) { best = attempt }
            }
            problems.append(contentsOf: best ?? [Problem(field: field, message: "valeur non conforme")])
            return
        }
        if let types = schema["type"] {
            let allowed = types.array?.compactMap(\.string) ?? [types.string].compactMap { $0 }
            if !allowed.contains(where: { Self.isOfType(value, $0) }) {
                fail("type attendu : \(allowed.map(Self.typeLabel).joined(separator: " ou "))")
                return
            }
        }
        if let constant = schema["const"], constant != value { fail("valeur attendue : \(constant.string ?? "\(constant)")") }
        if let options = schema["enum"]?.array, !options.contains(value) {
            fail("valeur inconnue « \(value.string ?? "\(value)") »")
        }
        switch value {
        case .string(let text):
            let length = text.unicodeScalars.count
            if case .int(let min) = schema["minLength"], length < min { fail("\(min) caractères au moins") }
            if case .int(let max) = schema["maxLength"], length > max { fail("\(max) caractères au plus") }
            if let pattern = schema["pattern"]?.string, text.range(of: pattern, options: .regularExpression) == nil {
                fail("format invalide")
            }
            if let format = schema["format"]?.string, !Self.matches(format: format, text) { fail(Self.formatMessage(format)) }
        case .int, .double:
            let number: Double = if case .int(let i) = value { Double(i) } else if case .double(let d) = value { d } else { 0 }
            if let minimum = schema["minimum"], let bound = Self.number(minimum), number < bound { fail("doit valoir au moins \(minimum)") }
        case .array(let items):
            if case .int(let min) = schema["minItems"], items.count < min { fail("\(FrenchText.count(min, "élément", "éléments")) au moins") }
            if schema["uniqueItems"] == .bool(true), Set(items).count != items.count { fail("éléments en double") }
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { check(item, against: itemSchema, at: "\(field)[\(index)]", into: &problems) }
            }
        case .object(let object):
            for name in schema["required"]?.array?.compactMap(\.string) ?? [] where object[name] == nil {
                problems.append(Problem(field: path.isEmpty ? name : "\(path).\(name)", message: "champ obligatoire manquant"))
            }
            for (name, propertySchema) in schema["properties"]?.object ?? [:] {
                if let child = object[name] { check(child, against: propertySchema, at: path.isEmpty ? name : "\(path).\(name)", into: &problems) }
            }
        default: break
        }
    }

    private func typeMatches(_ value: JSONValue, _ schema: JSONValue) -> Bool {
        guard let type = schema["type"]?.string else { return false }
        return Self.isOfType(value, type)
    }

    static func isOfType(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("array", .array), ("object", .object), ("null", .null),
            ("integer", .int), ("number", .int), ("number", .double):
            true
        case ("integer", .double(let d)): d.rounded() == d
        default: false
        }
    }

    static func typeLabel(_ type: String) -> String {
        [
            "string": "texte", "number": "nombre", "integer": "entier", "boolean": "booléen", "array": "liste",
            "object": "objet", "null": "null",
        ][type] ?? type
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    static func matches(format: String, _ text: String) -> Bool {
        switch format {
        case "date": return PersonRules.parseDay(text) != nil
        case "email": return AccountRules.isPlausibleEmail(text)
        case "uri":
            guard let url = URL(string: text), let scheme = url.scheme, !scheme.isEmpty else { return false }
            return !text.contains(" ")
        default: return true
        }
    }

    static func formatMessage(_ format: String) -> String {
        switch format {
        case "date": "date attendue au format AAAA-MM-JJ"
        case "email": "adresse e-mail invalide"
        case "uri": "adresse web invalide (https://…)"
        default: "format \(format) invalide"
        }
    }
}
