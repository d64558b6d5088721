import AutourCore
import Foundation

/// Prints an HTML document to PDF with headless Chromium (Debian's `chromium`, the browser the
/// end-to-end tests drive): the page is written to a private temporary folder beside nothing
/// else, printed there, and the folder removed. `AUTOUR_CHROMIUM` names another executable;
/// without one, asking for a PDF is a 503 that says to print the HTML page instead.
package struct PDFPrinter: Sendable {
    package let executable: String?

    static let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    /// Past this, the print is abandoned (a stuck browser must not hold a request for ever).
    static let timeout: TimeInterval = 90

    package static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> PDFPrinter {
        if let named = environment["AUTOUR_CHROMIUM"], !named.isEmpty { return PDFPrinter(executable: named) }
        return PDFPrinter(executable: candidates.first { FileManager.default.isExecutableFile(atPath: $0) })
    }

    struct Unavailable: Error {
        let message: String
    }

    /// Holds the running process for the timeout, which runs on another thread.
    private final class Running: @unchecked Sendable {
        let process = Process()
    }

    func pdf(html: String) async throws -> Data {
        guard let executable else {
            throw Unavailable(message: "Le PDF demande Chromium sur le serveur (AUTOUR_CHROMIUM) ; imprimez la page du rapport depuis votre navigateur.")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("autour-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("rapport.html"), output = folder.appendingPathComponent("rapport.pdf")
        try Data(html.utf8).write(to: page)
        let running = Running()
        running.process.executableURL = URL(fileURLWithPath: executable)
        running.process.arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-pdf-header-footer",
            "--user-data-dir=\(folder.appendingPathComponent("profil").path)", "--print-to-pdf=\(output.path)", page.absoluteString,
        ]
        running.process.standardOutput = FileHandle.nullDevice
        running.process.standardError = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            running.process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try running.process.run() } catch {
                running.process.terminationHandler = nil
                continuation.resume(throwing: Unavailable(message: "Chromium n'a pas pu démarrer (\(executable))."))
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + Self.timeout) { if running.process.isRunning { running.process.terminate() } }
        }
        guard status == 0, let data = try? Data(contentsOf: output), data.starts(with: Array("%PDF".utf8)) else {
            throw Unavailable(message: "Chromium n'a pas produit le PDF ; imprimez la page du rapport depuis votre navigateur.")
        }
        return data
    }
}
