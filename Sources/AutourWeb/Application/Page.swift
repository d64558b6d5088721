import Foundation
import Hummingbird

/// Every page a browser is sent to or linked to, named once: redirects, the navigation, home
/// cards and view models build their URLs here, never from string literals. A test checks that
/// each page is a GET route of the router.
package enum Page: Sendable, Hashable {
    case home, login, sessions, accounts, directory, referralsReceived, retention
    case people, newPerson, person(UUID)
    case register, calls, campaign(UUID), radarIndicators, watchers
    case signals, signal(UUID), sendSignal, mySignals
    case energies, needs, newNeed, need(UUID), newResource, resource(UUID), hours, missions, alerts, alert(UUID)
    case timeBank, timeAccounts, board
    case basins, recordBasin, questionnaire(slug: String)
    case conviviality, newEvent, event(UUID), editEvent(UUID), door(UUID)
    case programme(slug: String), programmeEvent(slug: String, UUID), programmeFeed(slug: String), myRegistration(link: String)
    case places, newPlace, place(UUID), availability, placeCall(UUID), trial(UUID), convention(UUID), coHousing, agreement(UUID)
    case sharedPlaces(slug: String), sharedCall(slug: String, UUID), placeFeed(slug: String, UUID), kit(token: String)
    case learning, learner(UUID), interviewStep(UUID, Int), interviewSuggestions(UUID), lexicon, newTrainingSession, trainingSession(UUID)
    case inclusion, equipment(UUID), equipmentAudit(UUID), auditGrid, inclusionPublic(slug: String)
    case projects, newProject, project(UUID), editProject(UUID), projectStages, projectGallery(slug: String)
    case advocacy, parliamentMembers, charterFounding, parliamentSession(UUID), amendment(UUID), labels, labelApplication(UUID), council
    case publicCharter(slug: String), publicCharterVersion(slug: String, Int), publicLabels(slug: String), publicOpinions(slug: String)
    case publicOpinion(slug: String, Int)
    case rights, rightsSituation(UUID), rightsBatch(UUID), rightsFinding(UUID)
    case aid, aidRules, newAidApplication(UUID), aidApplication(UUID), aidCommission(UUID), aidMinutes(UUID), aidLetter(UUID)
    case vouchers, personVouchers(UUID), shopVouchers
    case observatory, observatoryMethods, observatoryIndicator(String), observatoryCSV(String), observatoryODS
    case observatoryReport, observatoryReportPDF, observatoryComments, observatoryContext
    case fabrique, fabriqueFigures, newSheet, sheet(UUID), editSheet(UUID), pendingSheets, sheetsExport, sheetsImport
    case strategy, strategyPlan(UUID), strategyPrint(UUID)

    package var path: String {
        switch self {
        case .home: "/"
        case .login: "/login"
        case .sessions: "/sessions"
        case .accounts: "/admin/comptes"
        case .directory: "/annuaire"
        case .referralsReceived: "/orientations"
        case .retention: "/conservation"
        case .people: "/personnes"
        case .newPerson: "/personnes/nouvelle"
        case .person(let id): "/personnes/\(Self.segment(id))"
        case .register: "/registre"
        case .calls: "/appels"
        case .campaign(let id): "/campagnes/\(Self.segment(id))"
        case .radarIndicators: "/radar/indicateurs"
        case .watchers: "/radar/veilleurs"
        case .signals: "/signalements"
        case .signal(let id): "/signalements/\(Self.segment(id))"
        case .sendSignal: "/signaler"
        case .mySignals: "/mes-signalements"
        case .energies: "/energies"
        case .needs: "/energies/besoins"
        case .newNeed: "/energies/besoins/nouveau"
        case .need(let id): "/energies/besoins/\(Self.segment(id))"
        case .newResource: "/energies/ressources/nouvelle"
        case .resource(let id): "/energies/ressources/\(Self.segment(id))"
        case .hours: "/energies/heures"
        case .missions: "/missions"
        case .alerts: "/energies/alertes"
        case .alert(let id): "/energies/alertes/\(Self.segment(id))"
        case .timeBank: "/temps"
        case .timeAccounts: "/temps/comptes"
        case .board: "/temps/annonces"
        case .basins: "/bassins"
        case .recordBasin: "/bassins/saisir"
        case .questionnaire(let slug): "/bassin-de-vie/\(slug)"
        case .conviviality: "/convivialite"
        case .newEvent: "/convivialite/nouveau"
        case .event(let id): "/convivialite/\(Self.segment(id))"
        case .editEvent(let id): "/convivialite/\(Self.segment(id))/modifier"
        case .door(let id): "/convivialite/\(Self.segment(id))/accueil"
        case .programme(let slug): "/programme/\(slug)"
        case .programmeEvent(let slug, let id): "/programme/\(slug)/\(Self.segment(id))"
        case .programmeFeed(let slug): "/programme/\(slug)/calendrier.ics"
        case .myRegistration(let link): "/inscription/\(link)"
        case .places: "/lieux"
        case .newPlace: "/lieux/nouveau"
        case .place(let id): "/lieux/\(Self.segment(id))"
        case .availability: "/lieux/disponibilites"
        case .placeCall(let id): "/lieux/appels/\(Self.segment(id))"
        case .trial(let id): "/lieux/essais/\(Self.segment(id))"
        case .convention(let id): "/lieux/essais/\(Self.segment(id))/convention"
        case .coHousing: "/cohabitation"
        case .agreement(let id): "/cohabitation/binomes/\(Self.segment(id))/accord"
        case .sharedPlaces(let slug): "/lieux-partages/\(slug)"
        case .sharedCall(let slug, let id): "/lieux-partages/\(slug)/appels/\(Self.segment(id))"
        case .placeFeed(let slug, let id): "/lieux-partages/\(slug)/\(Self.segment(id))/calendrier.ics"
        case .kit(let token): "/kit/\(token)"
        case .learning: "/apprendre"
        case .learner(let id): "/apprendre/personnes/\(Self.segment(id))"
        case .interviewStep(let id, let step): "/apprendre/entretiens/\(Self.segment(id))/etape/\(step)"
        case .interviewSuggestions(let id): "/apprendre/entretiens/\(Self.segment(id))/suggestions"
        case .lexicon: "/apprendre/lexique"
        case .newTrainingSession: "/apprendre/seances/nouvelle"
        case .trainingSession(let id): "/apprendre/seances/\(Self.segment(id))"
        case .inclusion: "/inclusion"
        case .equipment(let id): "/inclusion/equipements/\(Self.segment(id))"
        case .equipmentAudit(let id): "/inclusion/equipements/\(Self.segment(id))/audit"
        case .auditGrid: "/inclusion/grille"
        case .inclusionPublic(let slug): "/inclusion-publique/\(slug)"
        case .projects: "/projets"
        case .newProject: "/projets/nouveau"
        case .project(let id): "/projets/\(Self.segment(id))"
        case .editProject(let id): "/projets/\(Self.segment(id))/modifier"
        case .projectStages: "/projets/etapes"
        case .projectGallery(let slug): "/projets-ouverts/\(slug)"
        case .advocacy: "/plaidoyer"
        case .parliamentMembers: "/plaidoyer/membres"
        case .charterFounding: "/plaidoyer/charte"
        case .parliamentSession(let id): "/plaidoyer/seances/\(Self.segment(id))"
        case .amendment(let id): "/plaidoyer/amendements/\(Self.segment(id))"
        case .labels: "/plaidoyer/labels"
        case .labelApplication(let id): "/plaidoyer/labels/\(Self.segment(id))"
        case .council: "/plaidoyer/conseil"
        case .publicCharter(let slug): "/charte/\(slug)"
        case .publicCharterVersion(let slug, let number): "/charte/\(slug)/versions/\(number)"
        case .publicLabels(let slug): "/acteurs-labellises/\(slug)"
        case .publicOpinions(let slug): "/avis/\(slug)"
        case .publicOpinion(let slug, let number): "/avis/\(slug)/\(number)"
        case .rights: "/droits"
        case .rightsSituation(let id): "/droits/personnes/\(Self.segment(id))"
        case .rightsBatch(let id): "/droits/etudes/\(Self.segment(id))"
        case .rightsFinding(let id): "/droits/suivis/\(Self.segment(id))"
        case .aid: "/droits/aides"
        case .aidRules: "/droits/aides/regles"
        case .newAidApplication(let personId): "/droits/personnes/\(Self.segment(personId))/aides"
        case .aidApplication(let id): "/droits/aides/demandes/\(Self.segment(id))"
        case .aidCommission(let id): "/droits/aides/commissions/\(Self.segment(id))"
        case .aidMinutes(let id): "/droits/aides/commissions/\(Self.segment(id))/proces-verbal"
        case .aidLetter(let id): "/droits/aides/decisions/\(Self.segment(id))/courrier"
        case .vouchers: "/droits/bons"
        case .personVouchers(let personId): "/droits/personnes/\(Self.segment(personId))/bons"
        case .shopVouchers: "/bons"
        case .observatory: "/observatoire"
        case .observatoryMethods: "/observatoire/methodes"
        case .observatoryIndicator(let id): "/observatoire/indicateurs/\(id)"
        case .observatoryCSV(let id): "/observatoire/indicateurs/\(id)/export.csv"
        case .observatoryODS: "/observatoire/export.ods"
        case .observatoryReport: "/observatoire/rapport"
        case .observatoryReportPDF: "/observatoire/rapport.pdf"
        case .observatoryComments: "/observatoire/rapport/commentaires"
        case .observatoryContext: "/observatoire/contexte"
        case .fabrique: "/fabrique"
        case .fabriqueFigures: "/fabrique/figures"
        case .newSheet: "/fabrique/fiches/nouvelle"
        case .sheet(let id): "/fabrique/fiches/\(Self.segment(id))"
        case .editSheet(let id): "/fabrique/fiches/\(Self.segment(id))/modifier"
        case .pendingSheets: "/fabrique/en-cours"
        case .sheetsExport: "/fabrique/export.json"
        case .sheetsImport: "/fabrique/import"
        case .strategy: "/fabrique/strategie"
        case .strategyPlan(let id): "/fabrique/strategie/\(Self.segment(id))"
        case .strategyPrint(let id): "/fabrique/strategie/\(Self.segment(id))/imprimer"
        }
    }

    /// The page with a notice to show (`?ok=`), other query items, and an anchor to scroll to.
    package func url(ok notice: String? = nil, query: [(String, String)] = [], anchor: String? = nil) -> String {
        let items = (notice.map { [("ok", $0)] } ?? []) + query
        let encoded = items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: Self.queryValue) ?? "")" }
        return path + (encoded.isEmpty ? "" : "?" + encoded.joined(separator: "&")) + (anchor.map { "#" + $0 } ?? "")
    }

    /// Ids in URLs are lower case, as the pages have always written them.
    static func segment(_ id: UUID) -> String { id.uuidString.lowercased() }

    static let queryValue = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.~"))

    /// One of each page, for the test that checks they are all served.
    package static let samples: [Page] = {
        let id = UUID()
        return [
            .home, .login, .sessions, .accounts, .directory, .referralsReceived, .retention, .people, .newPerson, .person(id), .register, .calls,
            .campaign(id), .radarIndicators, .watchers, .signals, .signal(id), .sendSignal, .mySignals, .energies, .needs, .newNeed, .need(id),
            .newResource, .resource(id), .hours, .missions, .alerts, .alert(id), .timeBank, .timeAccounts, .board,
            .basins, .recordBasin, .questionnaire(slug: "demo"),
            .conviviality, .newEvent, .event(id), .editEvent(id), .door(id), .programme(slug: "demo"), .programmeEvent(slug: "demo", id),
            .programmeFeed(slug: "demo"), .myRegistration(link: "x"),
            .places, .newPlace, .place(id), .availability, .placeCall(id), .trial(id), .convention(id), .coHousing, .agreement(id),
            .sharedPlaces(slug: "demo"), .sharedCall(slug: "demo", id), .placeFeed(slug: "demo", id), .kit(token: "x"),
            .learning, .learner(id), .interviewStep(id, 1), .interviewSuggestions(id), .lexicon, .newTrainingSession, .trainingSession(id),
            .inclusion, .equipment(id), .equipmentAudit(id), .auditGrid, .inclusionPublic(slug: "demo"),
            .projects, .newProject, .project(id), .editProject(id), .projectStages, .projectGallery(slug: "demo"),
            .advocacy, .parliamentMembers, .charterFounding, .parliamentSession(id), .amendment(id), .labels, .labelApplication(id), .council,
            .publicCharter(slug: "demo"), .publicCharterVersion(slug: "demo", 1), .publicLabels(slug: "demo"), .publicOpinions(slug: "demo"),
            .publicOpinion(slug: "demo", 1), .rights, .rightsSituation(id), .rightsBatch(id), .rightsFinding(id),
            .aid, .aidRules, .newAidApplication(id), .aidApplication(id), .aidCommission(id), .aidMinutes(id), .aidLetter(id),
            .vouchers, .personVouchers(id), .shopVouchers,
            .observatory, .observatoryMethods, .observatoryIndicator("signals"), .observatoryCSV("signals"), .observatoryODS,
            .observatoryReport, .observatoryReportPDF, .observatoryComments, .observatoryContext,
            .fabrique, .fabriqueFigures, .newSheet, .sheet(id), .editSheet(id), .pendingSheets, .sheetsExport, .sheetsImport,
            .strategy, .strategyPlan(id), .strategyPrint(id),
        ]
    }()
}

extension Response {
    /// After a successful form post: send the browser to a page (post/redirect/get).
    static func redirect(to page: Page, ok notice: String? = nil, query: [(String, String)] = [], anchor: String? = nil) -> Response {
        seeOther(page.url(ok: notice, query: query, anchor: anchor))
    }
}
