import Foundation
import AutourCore
import AutourStore
import Hummingbird

/// The home page: for each role the account holds, what that role does first.
struct HomeController {
    let territories: TerritoryRepository
    let renderer: WebRenderer

    struct Task {
        let title: String
        let summary: String
        let href: String
        var available: Bool { !href.isEmpty }
    }

    struct RoleSection {
        let code: String
        let label: String
        let tasks: [Task]
    }

    struct HomeBody {
        let firstName: String
        let territoryName: String
        let roles: [RoleSection]
    }

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get("/") { _, context in
            let territory = try await territories.find(id: context.account.territoryId)
            let body = HomeBody(
                firstName: String(context.account.name.split(separator: " ").first ?? ""),
                territoryName: territory?.name ?? "",
                roles: context.account.sortedRoles.map { RoleSection(code: $0.rawValue, label: $0.label, tasks: Self.tasks(for: $0)) })
            return renderer.page("home", title: "Accueil", body: body, path: "/", viewer: context)
        }
    }

    /// The first things each role does. A task without a link belongs to a module still to come.
    static func tasks(for role: Role) -> [Task] {
        switch role {
        case .agent:
            [Task(title: "Traiter les signalements", summary: "Prendre en charge les situations signalées, les plus urgentes d'abord.", href: "/signalements"),
             Task(title: "Retrouver une personne", summary: "Chercher un dossier par nom, téléphone ou adresse.", href: "/personnes"),
             Task(title: "Noter une visite", summary: "Consigner une visite à domicile ou un appel, depuis la fiche de la personne.", href: "/personnes")]
        case .coordinator:
            [Task(title: "Dossiers des personnes", summary: "Retrouver une fiche, l'exporter à la demande de la personne, l'anonymiser.", href: "/personnes"),
             Task(title: "Tableau de bord", summary: "Suivre les signalements, les besoins et les ressources du territoire.", href: "/radar/indicateurs"),
             Task(title: "Registre canicule et grand froid", summary: "Inscrire, lancer une campagne d'appels, suivre son avancement.", href: "/registre"),
             Task(title: "Réseau des veilleurs", summary: "Écrire la charte, suivre la formation et le secteur de chaque veilleur.", href: "/radar/veilleurs"),
             Task(title: "Proposer des personnes ressources", summary: "Confier un besoin aux bénévoles ou professionnels disponibles.", href: "/energies"),
             Task(title: "Consulter la traçabilité", summary: "Savoir qui a consulté ou modifié un dossier (API /api/v1/audit).", href: "")]
        case .elected:
            [Task(title: "Indicateurs du territoire", summary: "Des chiffres agrégés par quartier, jamais un dossier individuel.", href: "/radar/indicateurs"),
             Task(title: "Analyse des besoins sociaux", summary: "Préparer le rapport annuel du CCAS.", href: "")]
        case .watcher:
            [Task(title: "Signaler une situation", summary: "En une minute, dire qu'une personne semble avoir besoin d'aide.", href: "/signaler"),
             Task(title: "Suivre mes signalements", summary: "Savoir si vos signalements ont été pris en charge.", href: "/mes-signalements")]
        case .volunteer:
            [Task(title: "Missions proposées", summary: "Accepter ou décliner les missions qui vous sont proposées.", href: "/missions"),
             Task(title: "Banque de temps", summary: "Consulter votre solde et échanger des services.", href: "/temps"),
             Task(title: "Mes appels", summary: "Les personnes à appeler pendant une campagne ou pour un appel de convivialité.", href: "/appels")]
        case .partner:
            [Task(title: "Orientations reçues", summary: "Accepter, refuser ou clore les orientations que le CCAS vous adresse.", href: "/orientations"),
             Task(title: "Signaler une situation", summary: "Transmettre au CCAS une situation qui vous inquiète.", href: "/signaler"),
             Task(title: "Publier un besoin", summary: "Demander un coup de main aux personnes ressources.", href: "/energies/besoins/nouveau")]
        case .admin:
            [Task(title: "Gérer les comptes", summary: "Créer les comptes, attribuer les rôles, désactiver un accès.", href: "/admin/comptes"),
             Task(title: "Vérifier le journal d'audit", summary: "Contrôler l'intégrité avec la commande « autour audit verify ».", href: "")]
        }
    }
}
