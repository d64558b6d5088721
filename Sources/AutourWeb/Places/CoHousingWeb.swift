import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// Intergenerational co-housing: the profiles, the pairs the solver proposes, the coordinator's
/// decision, the printable agreement and the follow-up visits.
struct CoHousingWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    var service: PlacesService { store.placesService }

    struct ProfileRow { let id: String; let side: String; let firstName: String; let neighbourhood: String; let wishes: String; let paired: Bool }
    struct PairRow {
        let id: String, host: String, guest: String, status: String, reasons: String, proposed: Bool, agreed: Bool, agreement: String
        let visits: [CoHousingRepository.Visit]
    }
    struct Body {
        let profiles: [ProfileRow], pairs: [PairRow], neighbourhoods: [Option], values: [String: String], errors: [String: String]
        let summary: String?, notice: String?, canDecide: Bool, today: String, error: String?
    }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/cohabitation") { request, context in try await page(request, context, values: [:], error: nil) }
        web.post("/cohabitation/profils") { request, context in
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let profile = CoHousing.Profile(
                    id: UUID(), side: form.text("side") == CoHousing.Side.host.rawValue ? .host : .guest, firstName: form.text("firstName"),
                    neighbourhood: form.text("neighbourhood"), wantsQuiet: form["wantsQuiet"] != nil, hasPets: form["hasPets"] != nil,
                    acceptsPets: form["acceptsPets"] != nil, smokes: form["smokes"] != nil, acceptsSmoking: form["acceptsSmoking"] != nil,
                    helpHours: try form.integer("helpHours", in: CoHousing.helpHoursRange, unit: "heures"),
                    languages: form.text("languages").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
                _ = try await service.addProfile(profile, contact: form.text("contact"), territory: context.territory, actor: context.actor)
                return Response.redirect(to: .coHousing, ok: "profil")
            } reshow: { error in
                try await page(request, context, values: form.values, error: error)
            }
        }
        web.post("/cohabitation/profils/{id}/retirer") { _, context in
            try await service.removeProfile(id: try context.pathID(), territory: context.territory, actor: context.actor)
            return Response.redirect(to: .coHousing, ok: "retire")
        }
        web.post("/cohabitation/propositions") { _, context in
            let proposals = try await service.proposePairs(territory: context.territory, actor: context.actor)
            return Response.redirect(to: .coHousing, ok: "propositions", query: [("n", String(proposals.count))], anchor: "binomes")
        }
        web.post("/cohabitation/binomes/{id}/decision") { request, context in
            let pair = try await service.pair(id: try context.pathID(), territory: context.territory, actor: context.actor)
            let form = try await FormData.read(request, context: context)
            do {
                try await service.decide(pair: pair, agreed: form.text("decision") == "agreed", actor: context.actor)
            } catch AutourError.conflict(let message) {
                return try await page(request, context, values: [:], error: .invalid(message), conflict: true)
            }
            return Response.redirect(to: .coHousing, ok: "decision", anchor: "binomes")
        }
        web.post("/cohabitation/binomes/{id}/visite") { request, context in
            let pair = try await service.pair(id: try context.pathID(), territory: context.territory, actor: context.actor)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                try await service.addVisit(pair: pair, day: form.text("day"), note: form.text("note"), actor: context.actor)
                return Response.redirect(to: .coHousing, ok: "visite", anchor: "binomes")
            } reshow: { error in
                try await page(request, context, values: [:], error: error)
            }
        }
        web.get("/cohabitation/binomes/{id}/accord") { _, context in
            let pair = try await service.pair(id: try context.pathID(), territory: context.territory, actor: context.actor)
            guard pair.status == .agreed else { throw AutourError.notFound }
            let board = try await service.coHousingBoard(territory: context.territory, actor: context.actor)
            let people = Dictionary(uniqueKeysWithValues: board.profiles.map { ($0.profile.id, $0.profile) })
            guard let host = people[pair.host], let guest = people[pair.guest] else { throw AutourError.notFound }
            let body = PrintableDocument(
                title: "Accord de cohabitation intergénérationnelle",
                sections: [
                    PrintableDocument.Section(
                        heading: "Les parties",
                        lines: [
                            "\(host.firstName), qui accueille chez elle ou chez lui\(host.neighbourhood.isEmpty ? "" : " (quartier \(host.neighbourhood))").",
                            "\(guest.firstName), accueilli·e.", "\(context.territory.name), qui accompagne le binôme.",
                        ]),
                    PrintableDocument.Section(
                        heading: "Ce que chacun apporte",
                        lines: [
                            "Une chambre meublée et l'accès aux pièces communes.",
                            "\(guest.helpHours) h de présence ou de coups de main par semaine (courses, repas partagés, compagnie), sans soins ni tâches d'un professionnel.",
                        ]),
                    PrintableDocument.Section(
                        heading: "Vivre ensemble",
                        lines: [
                            host.wantsQuiet || guest.wantsQuiet ? "Une maison calme : pas de bruit après 22 h." : "Les horaires se règlent ensemble.",
                            host.hasPets ? "Un animal vit dans la maison." : "Pas d'animal dans la maison.",
                            host.smokes || guest.smokes ? "Fumer seulement dehors." : "Maison non-fumeur.",
                            "Langues en commun : \(Set(host.languages).intersection(guest.languages).sorted().joined(separator: ", ")).",
                        ]),
                    PrintableDocument.Section(
                        heading: "Durée et suivi",
                        lines: [
                            "À compter du \(FrenchFormat.day(pair.agreedOn ?? "") ?? ""), pour un an, avec un mois d'essai.",
                            "Le CCAS rend visite au binôme chaque trimestre ; chacun peut l'appeler à tout moment, et mettre fin à l'accord avec un mois de préavis.",
                        ]),
                    PrintableDocument.Section(heading: "Signatures", lines: ["\(host.firstName) :", "\(guest.firstName) :", "Pour le CCAS :"]),
                ], back: Page.coHousing.path)
            return renderer.page("document", title: body.title, body: body, path: Page.agreement(pair.id).path, viewer: context)
        }
    }

    private func page(_ request: Request, _ context: SignedInContext, values: [String: String], error: AutourError?, conflict: Bool = false)
        async throws -> Response
    {
        let board = try await service.coHousingBoard(territory: context.territory, actor: context.actor)
        let names = Dictionary(uniqueKeysWithValues: board.profiles.map { ($0.profile.id, $0.profile.firstName) })
        let paired = Set(board.pairs.filter { $0.status == .agreed }.flatMap { [$0.host, $0.guest] })
        var pairs: [PairRow] = []
        for pair in board.pairs where pair.status != .declined {
            pairs.append(
                PairRow(
                    id: Page.segment(pair.id), host: names[pair.host] ?? "", guest: names[pair.guest] ?? "", status: pair.status.label,
                    reasons: pair.reasons.joined(separator: " ; "), proposed: pair.status == .proposed, agreed: pair.status == .agreed,
                    agreement: Page.agreement(pair.id).path, visits: pair.status == .agreed ? try await store.coHousing.visits(pairId: pair.id) : []))
        }
        let notice: String? =
            switch request.uri.queryParameters["ok"] {
            case "profil": "Profil ajouté."
            case "propositions": "Binômes proposés : \(request.uri.queryParameters["n"] ?? "0")."
            case "decision": "Décision enregistrée."
            case "visite": "Visite notée."
            case "retire": "Profil retiré, avec ses binômes et leurs visites."
            default: nil
            }
        let body = Body(
            profiles: board.profiles.map { entry in
                let p = entry.profile
                var wishes = [
                    "\(p.helpHours) h d'aide par semaine \(p.side == .host ? "attendues" : "proposées")", "langues : \(p.languages.joined(separator: ", "))",
                ]
                if p.wantsQuiet { wishes.append("maison calme") }
                if p.hasPets { wishes.append("a un animal") }
                if !p.acceptsPets { wishes.append("pas d'animal") }
                if p.smokes { wishes.append("fume") }
                return ProfileRow(
                    id: Page.segment(p.id), side: p.side.label, firstName: p.firstName, neighbourhood: p.neighbourhood, wishes: wishes.joined(separator: ", "),
                    paired: paired.contains(p.id))
            },
            pairs: pairs,
            neighbourhoods: [Option(value: "", label: "—", selected: (values["neighbourhood"] ?? "").isEmpty)]
                + context.territory.neighbourhoods.map { Option(value: $0.name, label: $0.name, selected: values["neighbourhood"] == $0.name) },
            values: values.isEmpty ? ["helpHours": "4", "languages": "français", "acceptsPets": "1"] : values, errors: error?.fields ?? [:],
            summary: conflict ? nil : error?.message, notice: notice, canDecide: Permissions.can(context.actor, .managePlaces),
            today: PlacesWeb.iso(clock.now()), error: conflict ? error?.message : nil)
        return renderer.page(
            "cohousing", title: "Cohabitation intergénérationnelle", body: body, path: Page.coHousing.path, viewer: context,
            status: error == nil ? .ok : (conflict ? .conflict : .unprocessableContent))
    }
}
