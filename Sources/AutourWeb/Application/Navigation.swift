import Foundation
import AutourCore

/// One entry of the main navigation as a page shows it.
struct NavigationItem: Sendable {
    let label: String
    let href: String
    let current: Bool
}

/// The main navigation: every module's entries, each shown only when the permission rules let
/// the viewer use it.
enum Navigation {
    static let entries: [NavigationEntry] = AutourModules.all.flatMap { $0.navigation }

    static func items(for actor: Actor, currentPath: String) -> [NavigationItem] {
        entries.filter { Permissions.can(actor, $0.action) }
            .map { NavigationItem(label: $0.label, href: $0.href, current: $0.href == currentPath) }
    }
}
