import AutourCore
import Foundation
import Hummingbird
import ZIPFoundation

/// A `Spreadsheet` as an OpenDocument spreadsheet (`.ods`): a zip whose first entry is the
/// uncompressed `mimetype`, then the manifest and the content, as LibreOffice expects. Numbers
/// are stored as floats, so the sheet can compute with them.
enum ODSFile {
    static let mimeType = "application/vnd.oasis.opendocument.spreadsheet"

    static func data(_ workbook: Spreadsheet) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        func add(_ path: String, _ text: String, compressed: Bool = true) throws {
            let bytes = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: compressed ? .deflate : .none,
                provider: { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) })
        }
        try add("mimetype", mimeType, compressed: false)
        try add("META-INF/manifest.xml", manifest)
        try add("content.xml", content(workbook))
        guard let data = archive.data else { throw ODSError() }
        return data
    }

    struct ODSError: Error {}

    static let manifest = """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
         <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="\(mimeType)"/>
         <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
        </manifest:manifest>
        """

    static func content(_ workbook: Spreadsheet) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
            xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
            office:version="1.2"><office:body><office:spreadsheet>
            """
        for sheet in workbook.sheets {
            xml += "<table:table table:name=\"\(escape(sheet.name))\">"
            for row in sheet.rows {
                xml += "<table:table-row>"
                if row.isEmpty { xml += "<table:table-cell/>" }
                for cell in row {
                    switch cell {
                    case .text(let text):
                        xml += "<table:table-cell office:value-type=\"string\"><text:p>\(escape(text))</text:p></table:table-cell>"
                    case .number(let value, let shown):
                        xml += "<table:table-cell office:value-type=\"float\" office:value=\"\(value)\"><text:p>\(escape(shown))</text:p></table:table-cell>"
                    }
                }
                xml += "</table:table-row>"
            }
            xml += "</table:table>"
        }
        return xml + "</office:spreadsheet></office:body></office:document-content>"
    }

    /// XML text: the five markup characters escaped, and control characters XML cannot hold left out.
    static func escape(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\t" || $0 == "\n" })).replacingOccurrences(
            of: "&", with: "&amp;"
        ).replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func response(_ workbook: Spreadsheet, filename: String) throws -> Response {
        Response(
            status: .ok, headers: [.contentType: mimeType, .contentDisposition: CSVResponse.disposition(filename)],
            body: .init(byteBuffer: ByteBuffer(bytes: try data(workbook))))
    }
}
