import AutourWeb
import Foundation
import SnapshotTesting
import Testing

/// The Observatory's charts are drawn on the server: their SVG is compared with the recorded one
/// (`__Snapshots__`), so a change to a chart is seen in review as a change of its drawing.
@Suite("Observatory: server-drawn charts")
struct ChartSnapshotTests {
    static let items = [
        SVGChart.Item(label: "Centre-ville", value: 42, text: "42"), SVGChart.Item(label: "Mas du Taureau", value: 120, text: "120"),
        SVGChart.Item(label: "Village", value: nil, text: "masqué"), SVGChart.Item(label: "Un quartier au nom bien trop long pour tenir", value: 7, text: "7"),
    ]

    @Test("bars by neighbourhood: values written on the bars, a hidden figure hatched and marked « masqué », long names cut")
    func bars() {
        let svg = SVGChart(id: "barres", title: "Signalements par quartier", description: "Total par quartier.", items: Self.items).bars()
        #expect(svg.contains("role=\"img\"") && svg.contains(">masqué</text>") && svg.contains("Un quartier au nom bien t…"))
        assertSnapshot(of: svg, as: .lines)
    }

    @Test("a time series: a line broken where a period is hidden, its values on the points")
    func series() {
        let quarters = ["T1", "T2", "T3", "T4"].enumerated().map { index, label in
            SVGChart.Item(label: label, value: index == 1 ? nil : 10 * (index + 1), text: index == 1 ? "masqué" : "\(10 * (index + 1))")
        }
        let svg = SVGChart(id: "courbe", title: "Signalements par trimestre", description: "Évolution.", items: quarters).series()
        #expect(svg.components(separatedBy: "M").count - 1 >= 2, "the line restarts after the hidden quarter")
        assertSnapshot(of: svg, as: .lines)
    }

    @Test("an age pyramid: the people followed to the left, the population to the right, a hidden band hatched")
    func pyramid() {
        let svg = SVGChart.pyramid(
            id: "pyramide", title: "Âges", description: "Parts par tranche d'âge.", bands: ["0 à 14 ans", "15 à 29 ans", "75 ans et plus"],
            left: [nil, 30, 70], right: [25, 60, 15])
        #expect(svg.contains("Personnes suivies") && svg.contains("70 %") && svg.contains("url(#pyramide-hatch)"))
        assertSnapshot(of: svg, as: .lines)
    }
}
