import AutourCore
import Foundation

/// Charts drawn on the server as SVG, like `SVGMap`: no script, an image for assistive
/// technologies (`role="img"`, a title and a description), and always beside a table that says
/// the same. They read in black and white: values are written on the chart, not told by colour,
/// and a hidden figure is drawn as a hatched stub marked « masqué ».
package struct SVGChart {
    package struct Item {
        let label: String
        /// nil when the figure is hidden (small count).
        let value: Int?
        /// The value as written on the chart (« 12 », « 3 h 30 », « 1 250 € »).
        let text: String

        package init(label: String, value: Int?, text: String) {
            self.label = label
            self.value = value
            self.text = text
        }
    }

    let id: String
    let title: String
    let description: String
    let items: [Item]

    package init(id: String, title: String, description: String, items: [Item]) {
        self.id = id
        self.title = title
        self.description = description
        self.items = items
    }

    static let ink = "#1d4e89"
    private var largest: Int { max(1, items.compactMap(\.value).max() ?? 1) }

    fileprivate func open(width: Int, height: Int) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 \(width) \(height)" role="img" \
        aria-labelledby="\(id)-title \(id)-desc"><title id="\(id)-title">\(SVGMap.escape(title))</title>\
        <desc id="\(id)-desc">\(SVGMap.escape(description))</desc><defs><pattern id="\(id)-hatch" width="6" height="6" \
        patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#555" stroke-width="2"/>\
        </pattern></defs>
        """
    }

    /// Horizontal bars, one per item (neighbourhoods, kinds), longest value full width.
    package func bars() -> String {
        let rowHeight = 26, labelWidth = 190, barWidth = 330, width = 640
        var svg = open(width: width, height: rowHeight * items.count + 6)
        for (index, item) in items.enumerated() {
            let y = index * rowHeight + 3
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 17)\" font-size=\"13\" text-anchor=\"end\">\(SVGMap.escape(Self.clip(item.label)))</text>"
            if let value = item.value {
                let length = max(1, value * barWidth / largest)
                svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(length)\" height=\"16\" fill=\"\(Self.ink)\"/>"
                svg += "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 17)\" font-size=\"13\">\(SVGMap.escape(item.text))</text>"
            } else {
                svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"24\" height=\"16\" fill=\"url(#\(id)-hatch)\" stroke=\"#555\"/>"
                svg += "<text x=\"\(labelWidth + 30)\" y=\"\(y + 17)\" font-size=\"13\" font-style=\"italic\">masqué</text>"
            }
        }
        return svg + "</svg>"
    }

    /// A time series: one point per period joined by a line, broken where a figure is hidden.
    package func series() -> String {
        let width = 640, height = 220, left = 16, right = 16, top = 28, bottom = 36
        let plotHeight = height - top - bottom
        let step = items.count > 1 ? Double(width - left - right) / Double(items.count - 1) : 0
        func x(_ index: Int) -> Int { items.count > 1 ? left + Int((Double(index) * step).rounded()) : width / 2 }
        func y(_ value: Int) -> Int { top + plotHeight - value * plotHeight / largest }
        var svg = open(width: width, height: height)
        svg += "<line x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(width - right)\" y2=\"\(top + plotHeight)\" stroke=\"#555\"/>"
        var path = "", drawing = false
        for (index, item) in items.enumerated() {
            guard let value = item.value else {
                drawing = false
                continue
            }
            path += "\(drawing ? "L" : "M")\(x(index)) \(y(value))"
            drawing = true
        }
        if !path.isEmpty { svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(Self.ink)\" stroke-width=\"2.5\"/>" }
        for (index, item) in items.enumerated() {
            let anchor = index == 0 && items.count > 1 ? "start" : index == items.count - 1 && items.count > 1 ? "end" : "middle"
            svg += "<text x=\"\(x(index))\" y=\"\(height - 12)\" font-size=\"12\" text-anchor=\"\(anchor)\">\(SVGMap.escape(item.label))</text>"
            if let value = item.value {
                svg += "<circle cx=\"\(x(index))\" cy=\"\(y(value))\" r=\"4\" fill=\"#fff\" stroke=\"\(Self.ink)\" stroke-width=\"2.5\"/>"
                svg += "<text x=\"\(x(index))\" y=\"\(y(value) - 9)\" font-size=\"12\" text-anchor=\"\(anchor)\">\(SVGMap.escape(item.text))</text>"
            } else {
                svg += "<rect x=\"\(x(index) - 6)\" y=\"\(top + plotHeight - 12)\" width=\"12\" height=\"12\" fill=\"url(#\(id)-hatch)\" stroke=\"#555\"/>"
            }
        }
        return svg + "</svg>"
    }

    /// Long labels are cut so they never run into the bars; the table beside has them whole.
    static func clip(_ label: String) -> String { label.count > 26 ? String(label.prefix(25)) + "…" : label }

    /// An age pyramid: each band (oldest on top) as two bars from a middle axis, the people
    /// followed to the left and the population to the right, both as shares in per cent.
    package static func pyramid(id: String, title: String, description: String, bands: [String], left: [Double?], right: [Double?]) -> String {
        let rowHeight = 26, middle = 320, half = 200, width = 640, top = 26
        let largest = max(1, (left + right).compactMap { $0 }.max() ?? 1)
        func length(_ share: Double) -> Int { max(1, Int((share / largest * Double(half - 60)).rounded())) }
        func percent(_ share: Double) -> String { FrenchText.decimal(share, digits: 1) + " %" }
        var svg = SVGChart(id: id, title: title, description: description, items: []).open(width: width, height: top + rowHeight * bands.count + 6)
        svg += "<text x=\"\(middle - 8)\" y=\"16\" font-size=\"13\" text-anchor=\"end\" font-weight=\"bold\">Personnes suivies</text>"
        svg += "<text x=\"\(middle + 8)\" y=\"16\" font-size=\"13\" font-weight=\"bold\">Population</text>"
        for (index, band) in bands.enumerated().reversed() {
            let y = top + (bands.count - 1 - index) * rowHeight
            svg += "<text x=\"4\" y=\"\(y + 17)\" font-size=\"12\">\(SVGMap.escape(band))</text>"
            if let share = left[index] {
                let l = length(share)
                svg += "<rect x=\"\(middle - l)\" y=\"\(y + 4)\" width=\"\(l)\" height=\"16\" fill=\"\(ink)\"/>"
                svg += "<text x=\"\(middle - l - 4)\" y=\"\(y + 17)\" font-size=\"12\" text-anchor=\"end\">\(percent(share))</text>"
            } else {
                svg += "<rect x=\"\(middle - 24)\" y=\"\(y + 4)\" width=\"24\" height=\"16\" fill=\"url(#\(id)-hatch)\" stroke=\"#555\"/>"
            }
            if let share = right[index] {
                let l = length(share)
                svg += "<rect x=\"\(middle)\" y=\"\(y + 4)\" width=\"\(l)\" height=\"16\" fill=\"#fff\" stroke=\"#222\" stroke-width=\"1.5\"/>"
                svg += "<text x=\"\(middle + l + 4)\" y=\"\(y + 17)\" font-size=\"12\">\(percent(share))</text>"
            }
        }
        svg += "<line x1=\"\(middle)\" y1=\"\(top)\" x2=\"\(middle)\" y2=\"\(top + rowHeight * bands.count)\" stroke=\"#222\"/>"
        return svg + "</svg>"
    }
}
