import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The ethical charter: its public pages (the text in force with its fingerprint, the history,
/// each version's differences from the one before) and the coordinator's founding text. After
/// the founding text, the charter changes only through amendments the parliament adopts.
struct CharterWeb {
    let store: Store
    let renderer: WebRenderer
    var service: AdvocacyService { store.advocacyService }

    struct ArticleView { let number: Int, title: String, text: String }
    struct VersionLink { let number: Int, date: String, summary: String, fingerprint: String, href: String, current: Bool }
    struct PublicBody {
        let territoryName: String, founded: Bool, number: Int, date: String, fingerprint: String, articles: [ArticleView], history: [VersionLink]
        let labelsHref: String, opinionsHref: String
    }

    /// A word-level difference as the `word_diff` partial renders it (the charter's versions and
    /// an amendment's page).
    struct WordView {
        let text: String, same: Bool, removed: Bool, added: Bool
        static func of(_ words: [CharterRules.WordDiff]) -> [WordView] {
            words.map { WordView(text: $0.text, same: $0.kind == .same, removed: $0.kind == .removed, added: $0.kind == .added) }
        }
    }
    struct ChangeView { let number: Int, heading: String, words: [WordView] }
    struct VersionBody {
        let territoryName: String, number: Int, date: String, summary: String, fingerprint: String, previous: Int?, changes: [ChangeView]
        let hasChanges: Bool, canonical: String, charterHref: String, previousHref: String?
    }

    struct FoundingRow { let index: Int, number: Int, title: String, text: String, titleError: String?, textError: String? }
    struct FoundingBody { let rows: [FoundingRow], summary: String? }

    func addPublicRoutes(to router: Router<AppContext>) {
        router.get("/charte/{slug}") { _, context in
            let territory = try await context.territory(from: store)
            let versions = try await service.versions(territoryId: territory.id)
            let current = versions.last
            let body = PublicBody(
                territoryName: territory.name, founded: current != nil, number: current?.number ?? 0,
                date: current.map { FrenchFormat.date($0.adoptedAt) } ?? "", fingerprint: current?.fingerprint ?? "",
                articles: (current?.articles ?? []).map { ArticleView(number: $0.number, title: $0.title, text: $0.text) },
                history: versions.reversed().map { version in
                    VersionLink(
                        number: version.number, date: FrenchFormat.date(version.adoptedAt), summary: version.summary, fingerprint: version.fingerprint,
                        href: Page.publicCharterVersion(slug: territory.slug, version.number).path, current: version.number == current?.number)
                }, labelsHref: Page.publicLabels(slug: territory.slug).path, opinionsHref: Page.publicOpinions(slug: territory.slug).path)
            return renderer.page(
                "charter_public", title: "Charte éthique du bassin de vie", body: body, path: Page.publicCharter(slug: territory.slug).path, viewer: context)
        }
        router.get("/charte/{slug}/versions/{number}") { _, context in
            let territory = try await context.territory(from: store)
            guard let number = context.parameters.get("number", as: Int.self) else { throw AutourError.notFound }
            let versions = try await service.versions(territoryId: territory.id)
            guard let version = versions.first(where: { $0.number == number }) else { throw AutourError.notFound }
            let previous = versions.last { $0.number < number }
            let changes = CharterRules.changes(from: previous?.articles ?? [], to: version.articles).map { change in
                let heading =
                    switch change.kind {
                    case .added: "Article \(change.number) ajouté : « \(change.newTitle ?? "") »"
                    case .deleted: "Article \(change.number) supprimé : « \(change.oldTitle ?? "") »"
                    case .changed:
                        change.oldTitle == change.newTitle
                            ? "Article \(change.number) modifié : « \(change.newTitle ?? "") »"
                            : "Article \(change.number) modifié : « \(change.oldTitle ?? "") » devient « \(change.newTitle ?? "") »"
                    }
                return ChangeView(
                    number: change.number, heading: heading,
                    words: WordView.of(change.words))
            }
            let body = VersionBody(
                territoryName: territory.name, number: version.number, date: FrenchFormat.date(version.adoptedAt), summary: version.summary,
                fingerprint: version.fingerprint, previous: previous?.number, changes: changes, hasChanges: !changes.isEmpty,
                canonical: CharterRules.canonicalText(version.articles), charterHref: Page.publicCharter(slug: territory.slug).path,
                previousHref: previous.map { Page.publicCharterVersion(slug: territory.slug, $0.number).path })
            return renderer.page(
                "charter_version", title: "Charte, version \(version.number)", body: body,
                path: Page.publicCharterVersion(slug: territory.slug, number).path, viewer: context)
        }
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/plaidoyer/charte") { _, context in try await founding(context, drafts: nil, error: nil) }
        web.post("/plaidoyer/charte") { request, context in
            let form = try await FormData.read(request, context: context)
            let drafts = (0..<Self.foundingRows).map { (title: form.text("title\($0)"), text: form.text("text\($0)")) }
            return try await FormData.submit {
                try await service.found(drafts, actor: context.actor)
                return Response.redirect(to: .publicCharter(slug: context.territory.slug))
            } reshow: { error in
                try await founding(context, drafts: drafts, error: error)
            }
        }
    }

    static let foundingRows = 12

    private func founding(_ context: SignedInContext, drafts: [(title: String, text: String)]?, error: AutourError?) async throws -> Response {
        try Permissions.require(context.actor, .editCharter)
        if drafts == nil, try await !service.versions(territoryId: context.actor.territoryId).isEmpty {
            return Response.redirect(to: .publicCharter(slug: context.territory.slug))
        }
        let errors = error?.fields ?? [:]
        let rows = (0..<Self.foundingRows).map { index in
            FoundingRow(
                index: index, number: index + 1, title: drafts?[index].title ?? "", text: drafts?[index].text ?? "", titleError: errors["title\(index)"],
                textError: errors["text\(index)"])
        }
        return renderer.page(
            "charter_founding", title: "Le texte fondateur de la charte", body: FoundingBody(rows: rows, summary: error?.summary),
            path: Page.charterFounding.path, viewer: context, status: error == nil ? .ok : .unprocessableContent)
    }
}
