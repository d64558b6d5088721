import AutourCore
import Foundation

/// The voluntary and anonymous questions of the mixity measure, as they appear in the public
/// registration, the agent's registration and the door's walk-in form; and their figures as a
/// small chart with the same numbers in a table.
enum MixityForm {
    struct Question { let name: String; let label: String; let options: [Option] }

    static func label(_ value: String, of attribute: Mixity.Attribute) -> String {
        switch value {
        case Mixity.preferNotToSay: "Je préfère ne pas répondre"
        case Mixity.elsewhere: "Ailleurs"
        case "0-17": "Moins de 18 ans"
        case "75+": "75 ans et plus"
        case "femme": "Femme"
        case "homme": "Homme"
        case "autre": "Autre"
        case "oui": "Oui"
        case "non": "Non"
        default: attribute == .ageBand ? value.replacingOccurrences(of: "-", with: " à ") + " ans" : value
        }
    }

    static func questions(_ territory: Territory, values: [String: String]) -> [Question] {
        let places = territory.neighbourhoods.map(\.name)
        return Mixity.Attribute.allCases.map { attribute in
            let name = "mixity_\(attribute.rawValue)"
            let chosen = values[name] ?? ""
            let options =
                [Option(value: "", label: "—", selected: chosen.isEmpty)]
                + (Mixity.categories(attribute, places: places) + [Mixity.preferNotToSay]).map {
                    Option(value: $0, label: label($0, of: attribute), selected: $0 == chosen)
                }
            return Question(name: name, label: attribute.label, options: options)
        }
    }

    /// The answers typed in a form, before `Mixity.answers` checks them.
    static func answers(_ form: FormData) -> [Mixity.Attribute: String] {
        var answers: [Mixity.Attribute: String] = [:]
        for attribute in Mixity.Attribute.allCases { answers[attribute] = form.text("mixity_\(attribute.rawValue)") }
        return answers
    }

    // MARK: Figures

    struct Cell { let label: String; let count: String; let reference: String }
    struct Figure {
        let id: String, label: String, answers: String, evenness: String, distance: String, chart: String, cells: [Cell]
    }

    static func figures(_ all: [Mixity.Figures], reference: [Mixity.Attribute: [String: Double]], chartId: String) -> [Figure] {
        all.map { figures in
            let reference = reference[figures.attribute] ?? [:]
            let referenceTotal = reference.values.reduce(0, +)
            let cells = figures.cells.map { cell in
                Cell(
                    label: label(cell.value, of: figures.attribute), count: cell.count,
                    reference: cell.value == Mixity.preferNotToSay || referenceTotal <= 0
                        ? "—" : FrenchText.decimal(100 * (reference[cell.value] ?? 0) / referenceTotal, digits: 0) + " %")
            }
            let id = "\(chartId)-\(figures.attribute.rawValue)"
            return Figure(
                id: id, label: figures.attribute.label, answers: SmallCount.text(figures.answers),
                evenness: figures.evenness.map { FrenchText.decimal($0, digits: 2) } ?? "—",
                distance: figures.distance.map { FrenchText.decimal($0, digits: 2) } ?? "—",
                chart: chart(figures, reference: reference, title: figures.attribute.label), cells: cells)
        }
    }

    /// Horizontal bars: each answer's share of the attendance (only counts of 5 or more are drawn),
    /// with a tick at the territory's share. Decorative beside its table, which says the same.
    static func chart(_ figures: Mixity.Figures, reference: [String: Double], title: String) -> String {
        let categories = figures.cells.filter { $0.value != Mixity.preferNotToSay }
        let counts = categories.map { Int($0.count) ?? 0 }
        let total = max(1, figures.answers)
        let referenceTotal = reference.values.reduce(0, +)
        let rowHeight = 22, labelWidth = 150, barWidth = 220
        var svg =
            "<svg class=\"bars\" width=\"\(labelWidth + barWidth + 50)\" height=\"\(rowHeight * categories.count + 4)\" aria-hidden=\"true\" focusable=\"false\">"
        for (index, cell) in categories.enumerated() {
            let y = index * rowHeight + 2
            let share = Double(counts[index]) / Double(total)
            let width = Int((share * Double(barWidth)).rounded())
            svg += "<text x=\"0\" y=\"\(y + 15)\" font-size=\"13\">\(SVGMap.escape(label(cell.value, of: figures.attribute)))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"14\" fill=\"#1d4e89\"/>"
            svg += "<text x=\"\(labelWidth + width + 4)\" y=\"\(y + 15)\" font-size=\"12\">\(SVGMap.escape(cell.count))</text>"
            if referenceTotal > 0 {
                let x = labelWidth + Int(((reference[cell.value] ?? 0) / referenceTotal * Double(barWidth)).rounded())
                svg += "<rect x=\"\(x - 1)\" y=\"\(y)\" width=\"3\" height=\"20\" fill=\"#b3261e\"/>"
            }
        }
        return svg + "</svg>"
    }
}
