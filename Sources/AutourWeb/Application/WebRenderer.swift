import AutourCore
import Foundation
import Hummingbird
import Mustache

/// What every page's shell needs to know about the viewer.
protocol PageViewer {
    var viewer: Account? { get }
    var csrfToken: String { get }
}

extension AppContext: PageViewer { var viewer: Account? { account } }
extension SignedInContext: PageViewer { var viewer: Account? { account } }

/// Renders the French HTML pages from the Mustache templates in `Resources/templates`.
/// Mustache escapes every `{{value}}`, so stored text can never inject markup.
struct WebRenderer: Sendable {
    let library: MustacheLibrary

    static func load() async throws -> WebRenderer {
        let directory = Bundle.module.bundleURL.appendingPathComponent("Resources/templates").path
        return WebRenderer(library: try await MustacheLibrary(directory: directory))
    }

    /// The parts of the layout around every page.
    struct Shell {
        let title: String
        let signedIn: Bool
        let userName: String
        let userRoles: String
        let nav: [NavigationItem]
        let csrf: String
    }

    struct Page<Body> {
        let shell: Shell
        let body: Body
    }

    func page<Body>(
        _ template: String, title: String, body: Body, path: String, viewer: some PageViewer,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let account = viewer.viewer
        let shell = Shell(
            title: title, signedIn: account != nil, userName: account?.name ?? "",
            userRoles: account?.sortedRoles.map(\.label).joined(separator: ", ") ?? "",
            nav: account.map { Navigation.items(for: $0.actor, currentPath: path) } ?? [],
            csrf: viewer.csrfToken)
        guard let html = library.render(Page(shell: shell, body: body), withTemplate: template) else {
            // A missing template is a programming error caught by the tests, not user input.
            return Response(
                status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "Gabarit introuvable : \(template)")))
        }
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A whole HTML document without the site's shell (a report printed to PDF); nil only for a
    /// missing template, a programming error the tests catch.
    func document<Body>(_ template: String, body: Body) -> String? { library.render(body, withTemplate: template) }

    struct ErrorBody {
        let status: Int
        let heading: String
        let message: String
    }

    func errorPage(status: HTTPResponse.Status, message: String, context: AppContext) -> Response {
        let heading =
            switch status.code {
            case 403: "Accès refusé"
            case 404: "Page introuvable"
            case 413: "Envoi trop volumineux"
            case 422: "Demande à corriger"
            case 429: "Trop de tentatives"
            case 500..<600: "Erreur du service"
            default: "Demande impossible"
            }
        return page(
            "error", title: heading, body: ErrorBody(status: status.code, heading: heading, message: message),
            path: "", viewer: context, status: status)
    }
}

extension Response {
    /// After a successful form post: send the browser to a page (post/redirect/get).
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
