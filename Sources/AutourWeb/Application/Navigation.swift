import Foundation
import AutourCore

/// One entry of the main navigation.
struct NavigationItem: Sendable {
    let label: String
    let href: String
    let current: Bool
}

/// The main navigation, by module. An entry appears only when the permission rules let the
/// viewer use it; modules add their entry here.
enum Navigation {
    static let entries: [(label: String, href: String, action: Action)] = [
        ("Accueil", "/", .viewOwnAccount),
        ("Personnes", "/personnes", .readPersonFile),
        ("Annuaire des partenaires", "/annuaire", .readDirectory),
        ("Orientations reçues", "/orientations", .answerReferrals),
        ("Signalements", "/signalements", .triageSignals),
        ("Signaler", "/signaler", .sendSignal),
        ("Mes signalements", "/mes-signalements", .readOwnSignalStatus),
        ("Registre canicule", "/registre", .manageRegister),
        ("Mes appels", "/appels", .makeCalls),
        ("Veilleurs", "/radar/veilleurs", .manageWatchers),
        ("Indicateurs", "/radar/indicateurs", .viewIndicators),
        ("Bureau des heures", "/energies", .coordinateEnergies),
        ("Publier un besoin", "/energies/besoins/nouveau", .postNeeds),
        ("Mes missions", "/missions", .takeMissions),
        ("Banque de temps", "/temps", .useTimeBank),
        ("Comptes temps", "/temps/comptes", .enterTimeCheques),
        ("Comptes", "/admin/comptes", .manageAccounts),
        ("Conservation des données", "/conservation", .manageTerritory),
    ]

    static func items(for actor: Actor, currentPath: String) -> [NavigationItem] {
        entries.filter { Permissions.can(actor, $0.action) }
            .map { NavigationItem(label: $0.label, href: $0.href, current: $0.href == currentPath) }
    }
}
