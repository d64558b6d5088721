import Foundation

/// A map of communes drawn on the server as SVG: no tile server, no script, no CDN. It is an image
/// for assistive technologies (`role="img"`, a title and a description); every page showing one
/// also shows the same figures as a table. Fills are told apart by pattern as well as by colour,
/// so that the map reads in black and white. Reused by every module that draws the territory.
struct SVGMap {
    struct Style: Sendable {
        let fill: String
        /// A pattern drawn over the fill: "hatch" or "dots".
        let pattern: String?
        init(fill: String, pattern: String? = nil) {
            self.fill = fill
            self.pattern = pattern
        }
    }

    struct Area {
        let name: String
        /// GeoJSON Polygon or MultiPolygon, as stored.
        let geometry: String
        let style: Style
        var outlined = false
    }

    struct Line {
        let from: (lon: Double, lat: Double)
        let to: (lon: Double, lat: Double)
        let width: Double
    }

    struct Marker {
        let at: (lon: Double, lat: Double)
        let radius: Double
        let label: String
    }

    let id: String
    let title: String
    let description: String
    var areas: [Area] = []
    var lines: [Line] = []
    var markers: [Marker] = []
    var width = 720.0

    static let ink = "#7a2e00"

    func render() -> String {
        let shapes = areas.map { SVGMap.polygons($0.geometry) }
        var minLon = Double.infinity, maxLon = -Double.infinity, minLat = Double.infinity, maxLat = -Double.infinity
        for polygon in shapes.joined() {
            for ring in polygon {
                for point in ring {
                    minLon = min(minLon, point.0)
                    maxLon = max(maxLon, point.0)
                    minLat = min(minLat, point.1)
                    maxLat = max(maxLat, point.1)
                }
            }
        }
        guard minLon.isFinite, maxLon > minLon, maxLat > minLat else {
            return "<p>Pas de contour de commune à dessiner : importez les communes (<code>autour communes import</code>).</p>"
        }
        // Equirectangular around the middle latitude: right for a territory a hundred km wide.
        let squeeze = cos((minLat + maxLat) / 2 * .pi / 180)
        let scale = width / ((maxLon - minLon) * squeeze)
        let height = (maxLat - minLat) * scale
        func x(_ lon: Double) -> String { SVGMap.number((lon - minLon) * squeeze * scale) }
        func y(_ lat: Double) -> String { SVGMap.number((maxLat - lat) * scale) }

        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="-4 -4 \(SVGMap.number(width + 8)) \(SVGMap.number(height + 8))" \
            role="img" aria-labelledby="\(id)-title \(id)-desc" preserveAspectRatio="xMidYMid meet">
            <title id="\(id)-title">\(SVGMap.escape(title))</title><desc id="\(id)-desc">\(SVGMap.escape(description))</desc>
            <defs><pattern id="\(id)-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
            <line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-opacity="0.55" stroke-width="2"/></pattern>\
            <pattern id="\(id)-dots" width="6" height="6" patternUnits="userSpaceOnUse"><circle cx="3" cy="3" r="1.2" fill="#000" fill-opacity="0.55"/></pattern></defs>

            """
        var outlines = ""
        for (area, polygons) in zip(areas, shapes) {
            var path = ""
            for polygon in polygons {
                for ring in polygon where ring.count > 2 {
                    path += "M" + ring.map { "\(x($0.0)) \(y($0.1))" }.joined(separator: "L") + "Z"
                }
            }
            svg += "<path d=\"\(path)\" fill=\"\(area.style.fill)\" stroke=\"#4d4d4d\" stroke-width=\"0.6\"><title>\(SVGMap.escape(area.name))</title></path>"
            if let pattern = area.style.pattern { svg += "<path d=\"\(path)\" fill=\"url(#\(id)-\(pattern))\" stroke=\"none\"/>" }
            if area.outlined { outlines += "<path d=\"\(path)\" fill=\"none\" stroke=\"#000\" stroke-width=\"2.5\"/>" }
        }
        svg += outlines
        for line in lines {
            svg +=
                "<line x1=\"\(x(line.from.lon))\" y1=\"\(y(line.from.lat))\" x2=\"\(x(line.to.lon))\" y2=\"\(y(line.to.lat))\" "
                + "stroke=\"\(SVGMap.ink)\" stroke-opacity=\"0.8\" stroke-linecap=\"round\" stroke-width=\"\(SVGMap.number(line.width))\"/>"
        }
        for marker in markers {
            svg +=
                "<circle cx=\"\(x(marker.at.lon))\" cy=\"\(y(marker.at.lat))\" r=\"\(SVGMap.number(marker.radius))\" fill=\"#fff\" "
                + "stroke=\"\(SVGMap.ink)\" stroke-width=\"2\"><title>\(SVGMap.escape(marker.label))</title></circle>"
        }
        return svg + "</svg>"
    }

    /// A small square of a style, for the legend beside a map.
    static func swatch(_ style: Style) -> String {
        var svg = "<svg class=\"swatch\" width=\"18\" height=\"18\" viewBox=\"0 0 18 18\" aria-hidden=\"true\" focusable=\"false\">"
        svg += "<rect x=\"0.5\" y=\"0.5\" width=\"17\" height=\"17\" fill=\"\(style.fill)\" stroke=\"#4d4d4d\"/>"
        if let pattern = style.pattern {
            svg +=
                pattern == "hatch"
                ? "<path d=\"M0 18L18 0M-6 12L12 -6M6 24L24 6\" stroke=\"#000\" stroke-opacity=\"0.55\" stroke-width=\"2\"/>"
                : "<circle cx=\"5\" cy=\"5\" r=\"1.3\"/><circle cx=\"13\" cy=\"5\" r=\"1.3\"/><circle cx=\"5\" cy=\"13\" r=\"1.3\"/><circle cx=\"13\" cy=\"13\" r=\"1.3\"/>"
        }
        return svg + "</svg>"
    }

    /// Polygons → rings → (lon, lat) points of a GeoJSON Polygon or MultiPolygon.
    static func polygons(_ geometry: String) -> [[[(Double, Double)]]] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(geometry.utf8)) as? [String: Any],
            let type = object["type"] as? String, let coordinates = object["coordinates"]
        else { return [] }
        func ring(_ value: Any) -> [(Double, Double)] {
            ((value as? [[Double]]) ?? []).compactMap { $0.count >= 2 ? ($0[0], $0[1]) : nil }
        }
        func polygon(_ value: Any) -> [[(Double, Double)]] { ((value as? [Any]) ?? []).map(ring) }
        switch type {
        case "Polygon": return [polygon(coordinates)]
        case "MultiPolygon": return ((coordinates as? [Any]) ?? []).map(polygon)
        default: return []
        }
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
