import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The staff's side of the programme: the season's events and mixity (coordinator), an event with
/// its registrations (names and places only), registering someone, the door on a phone.
struct ConvivialityWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    var service: ConvivialityService { store.convivialityService }

    // MARK: View models

    struct Row {
        let title: String, when: String, venue: String, places: String, waiting: Int, walkIns: Int, href: String
    }
    struct ReferenceField { let name: String; let label: String; let value: String }
    struct ReferenceForm { let attribute: String; let label: String; let fields: [ReferenceField]; let error: String? }
    struct DashboardBody {
        let season: String, seasons: [Option], rows: [Row], canPublish: Bool, programme: String, feed: String, notice: String?
        let showMixity: Bool, figures: [MixityForm.Figure], references: [ReferenceForm], referenceSummary: String?
    }
    struct RegistrationRow {
        let number: Int, firstName: String, seats: Int, status: String, waiting: Bool, checkedIn: Bool, id: String, canCancel: Bool
    }
    struct EventBody {
        let id: String, card: ProgrammeWeb.EventCard, organisers: String?, capacity: Int, confirmed: Int, waiting: Int, checkedIn: Int
        let walkIns: Int, registrations: [RegistrationRow], all: Bool, canRegister: Bool, canEdit: Bool, canDoor: Bool, publicPage: String, notice: String?
        let firstName: String, contact: String, seats: String, maxSeats: Int, mixity: [MixityForm.Question], errors: [String: String]
        let summary: String?, open: Bool, cancelled: Bool, canCancelEvent: Bool, canSignal: Bool, signalLink: String, canFile: Bool, showMixity: Bool,
            figures: [MixityForm.Figure]
    }
    struct EventFormBody {
        let action: String, heading: String, values: [String: String], kinds: [Option], organisers: [Option], hasOrganisers: Bool, places: [Option]
        let errors: [String: String]
        let summary: String?, cancel: String
    }
    struct DoorBody {
        let id: String, title: String, when: String, query: String, registrations: [RegistrationRow], confirmedSeats: Int, checkedIn: Int
        let walkIns: Int, notice: String?, error: String?, mixity: [MixityForm.Question], back: String
    }

    // MARK: Routes

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/convivialite") { request, context in
            try await dashboard(request, context, referenceError: nil)
        }
        web.post("/convivialite/reference") { request, context in
            try context.require(.manageEvents)
            let form = try await FormData.read(request, context: context)
            guard let attribute = Mixity.Attribute(rawValue: form.text("attribute")) else { throw AutourError.invalid("Caractère inconnu.") }
            var percents: [String: Double] = [:]
            var unreadable: [String: String] = [:]
            for value in Mixity.categories(attribute, places: context.territory.neighbourhoods.map(\.name)) {
                let text = form.text("ref_\(value)")
                guard !text.isEmpty else { continue }
                guard let percent = NumberInput.decimal(text, in: 0...100) else {
                    unreadable[value] = "Un pourcentage de 0 à 100."
                    continue
                }
                percents[value] = percent
            }
            do {
                guard unreadable.isEmpty else { throw AutourError.invalid("Un pourcentage est illisible.", fields: unreadable) }
                try await service.setReference(percents, attribute: attribute, territory: context.territory, actor: context.actor)
                return Response.redirect(to: .conviviality, ok: "reference", anchor: "reference")
            } catch let error as AutourError {
                guard case .invalid = error else { throw error }
                return try await dashboard(request, context, referenceError: (attribute, error))
            }
        }
        web.get("/convivialite/nouveau") { _, context in
            try context.require(.manageEvents)
            return try await eventForm(context, id: nil, values: ["kind": EventKind.cafe.rawValue, "capacity": "30", "price": "0"], error: nil)
        }
        web.post("/convivialite/nouveau") { request, context in
            try context.require(.manageEvents)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let id = try await service.publish(try Self.input(form), territory: context.territory, actor: context.actor)
                return Response.redirect(to: .event(id), ok: "publie")
            } reshow: { error in
                try await eventForm(context, id: nil, values: form.values, error: error)
            }
        }
        web.get("/convivialite/{id}") { request, context in
            let event = try await service.event(id: try context.pathID(), territory: context.territory)
            return try await eventPage(event, context, values: [:], error: nil, notice: request.uri.queryParameters["ok"].map(String.init))
        }
        web.get("/convivialite/{id}/modifier") { _, context in
            try context.require(.manageEvents)
            let event = try await service.event(id: try context.pathID(), territory: context.territory)
            return try await eventForm(context, id: event.id, values: Self.values(event), error: nil)
        }
        web.post("/convivialite/{id}/modifier") { request, context in
            try context.require(.manageEvents)
            let id = try context.pathID()
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                try await service.update(id: id, try Self.input(form), territory: context.territory, actor: context.actor)
                return Response.redirect(to: .event(id), ok: "modifie")
            } reshow: { error in
                try await eventForm(context, id: id, values: form.values, error: error)
            }
        }
        web.post("/convivialite/{id}/inscrire") { request, context in
            let event = try await service.event(id: try context.pathID(), territory: context.territory)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let seats = try form.integer("seats", in: 1...Programme.maximumGroupSeats, unit: "places")
                let registration = try await service.register(
                    eventId: event.id, RegistrationInput(firstName: form.text("firstName"), contact: form.text("contact"), seats: seats),
                    mixity: MixityForm.answers(form), territory: context.territory, actor: context.actor)
                return Response.redirect(to: .event(event.id), ok: registration.status == .confirmed ? "inscrit" : "attente", anchor: "inscriptions")
            } reshow: { error in
                try await eventPage(event, context, values: form.values, error: error, notice: nil)
            }
        }
        web.post("/convivialite/{id}/annuler-evenement") { request, context in
            let form = try await FormData.read(request, context: context)
            let event = try await service.event(id: try context.pathID(), territory: context.territory)
            guard form["confirm"] != nil else {
                return try await eventPage(
                    event, context, values: [:], error: .invalid("Cochez la case pour confirmer l'annulation.", fields: ["confirm": "À cocher."]), notice: nil)
            }
            try await service.cancelEvent(id: event.id, territory: context.territory, actor: context.actor)
            return Response.redirect(to: .event(event.id), ok: "evenement-annule")
        }
        web.post("/convivialite/{id}/annuler") { request, context in
            let event = try await service.event(id: try context.pathID(), territory: context.territory)
            let form = try await FormData.read(request, context: context)
            guard let registration = UUID(uuidString: form.text("registration")) else { throw AutourError.notFound }
            try await service.cancel(registrationId: registration, event: event, actor: context.actor)
            return Response.redirect(to: .event(event.id), ok: "annule", anchor: "inscriptions")
        }
        web.get("/convivialite/{id}/accueil") { request, context in
            let event = try await service.event(id: try context.pathID(), territory: context.territory)
            return try await door(
                event, context, query: request.uri.queryParameters["q"].map(String.init) ?? "", notice: request.uri.queryParameters["ok"].map(String.init),
                error: nil)
        }
        web.post("/convivialite/{id}/accueil") { request, context in
            let event = try await service.event(id: try context.pathID(), territory: context.territory)
            let form = try await FormData.read(request, context: context)
            do {
                switch form.text("action") {
                case "walkin":
                    let count = try form.integer("count", in: ConvivialityService.walkInsAtOnce, unit: "personnes")
                    try await service.walkIn(event: event, count: count, mixity: MixityForm.answers(form), territory: context.territory, actor: context.actor)
                    return Response.seeOther(
                        Page.door(event.id).url(
                            ok: FrenchText.count(count, "personne venue sans inscription comptée", "personnes venues sans inscription comptées")))
                default:
                    let number = try form.optionalInteger("number", in: 1...1_000_000)
                    let registration = try await service.checkIn(
                        event: event, registrationId: UUID(uuidString: form.text("registration")), number: number, actor: context.actor)
                    return Response.seeOther(
                        Page.door(event.id).url(ok: "\(registration.firstName) (n° \(registration.number)) est accueilli·e.", query: [("q", form.text("q"))]))
                }
            } catch let error as AutourError {
                switch error {
                case .invalid, .conflict:
                    return try await door(event, context, query: form.text("q"), notice: nil, error: error.message, status: .unprocessableContent)
                default: throw error
                }
            }
        }
    }

    // MARK: Pages

    private func dashboard(_ request: Request, _ context: SignedInContext, referenceError: (Mixity.Attribute, AutourError)?) async throws -> Response {
        let actor = context.actor
        try context.require(.viewProgramme)
        let territory = context.territory
        let current = Programme.season(of: clock.now(), in: FrenchTime.zone)
        let chosen = request.uri.queryParameters["saison"].map(String.init) ?? current
        guard let bounds = Programme.seasonBounds(chosen, in: FrenchTime.zone) else { throw AutourError.notFound }
        let events = try await store.conviviality.events(territoryId: territory.id, from: bounds.start, to: bounds.end)
        let first = Int(current.prefix(4)) ?? 2026
        let seasons = (first - 3...first + 1).reversed().map { year in
            let name = "\(year)-\(year + 1)"
            return Option(value: name, label: "Saison \(name)", selected: name == chosen)
        }
        let showMixity = Permissions.can(actor, .viewMixity)
        let reference = showMixity ? try await service.reference(territory: territory, actor: actor) : [:]
        let figures =
            showMixity
            ? MixityForm.figures(try await service.mixity(events: events, territory: territory, actor: actor), reference: reference, chartId: "saison")
            : []
        let places = territory.neighbourhoods.map(\.name)
        let references: [ReferenceForm] =
            Permissions.can(actor, .manageEvents)
            ? Mixity.Attribute.allCases.map { attribute in
                let shares = reference[attribute] ?? [:]
                let failed = referenceError?.0 == attribute ? referenceError?.1 : nil
                return ReferenceForm(
                    attribute: attribute.rawValue, label: attribute.label,
                    fields: Mixity.categories(attribute, places: places).map { value in
                        ReferenceField(
                            name: "ref_\(value)", label: MixityForm.label(value, of: attribute),
                            value: shares[value].map { FrenchText.decimal($0 * 100, digits: 1) } ?? "")
                    },
                    error: failed.map { ([$0.message] + $0.fields.values.sorted()).joined(separator: " ") })
            } : []
        let body = DashboardBody(
            season: chosen, seasons: seasons,
            rows: events.map { event in
                Row(
                    title: event.title, when: ProgrammeWeb.when(event), venue: event.venueName, places: "\(event.confirmedSeats) / \(event.capacity)",
                    waiting: event.waiting, walkIns: event.walkIns, href: Page.event(event.id).path)
            },
            canPublish: Permissions.can(actor, .manageEvents), programme: Page.programme(slug: territory.slug).path,
            feed: Page.programmeFeed(slug: territory.slug).path,
            notice: request.uri.queryParameters["ok"] == "reference" ? "Composition de référence enregistrée." : nil,
            showMixity: showMixity, figures: figures, references: references,
            referenceSummary: referenceError.map { "Composition de référence à corriger : \($0.1.message)" })
        return renderer.page(
            "conviviality", title: "Convivialités", body: body, path: Page.conviviality.path, viewer: context,
            status: referenceError == nil ? .ok : .unprocessableContent)
    }

    private func eventPage(_ event: ConvivialEvent, _ context: SignedInContext, values: [String: String], error: AutourError?, notice: String?) async throws
        -> Response
    {
        let actor = context.actor
        let (all, registrations) = try await service.registrations(event: event, actor: actor)
        let names = try await store.directory.structureNames(territoryId: context.territory.id)
        let showMixity = Permissions.can(actor, .viewMixity)
        let figures =
            showMixity
            ? MixityForm.figures(
                try await service.mixity(events: [event], territory: context.territory, actor: actor),
                reference: try await service.reference(territory: context.territory, actor: actor), chartId: "evenement") : []
        let details = "Rencontre lors de « \(event.title) » (\(FrenchFormat.date(event.startsAt)), \(event.venueName)). "
        let body = EventBody(
            id: Page.segment(event.id), card: ProgrammeWeb.card(event, slug: context.territory.slug),
            organisers: event.organisers.map { names[$0] ?? $0 }.joined(separator: ", ").nilIfEmpty, capacity: event.capacity,
            confirmed: event.confirmedSeats, waiting: event.waiting,
            checkedIn: registrations.filter { $0.checkedInAt != nil }.reduce(0) { $0 + $1.seats }, walkIns: event.walkIns,
            registrations: registrations.map { Self.row($0, canCancel: all) }, all: all, canRegister: Permissions.can(actor, .registerOthers),
            canEdit: Permissions.can(actor, .manageEvents), canDoor: all, publicPage: Page.programmeEvent(slug: context.territory.slug, event.id).path,
            notice: notice.map(Self.notice), firstName: values["firstName"] ?? "", contact: values["contact"] ?? "", seats: values["seats"] ?? "1",
            maxSeats: actor.hasAny([.agent, .coordinator]) ? ConvivialityService.householdSeats : Programme.maximumGroupSeats,
            mixity: MixityForm.questions(context.territory, values: values), errors: error?.fields ?? [:], summary: error?.message,
            open: event.endsAt > clock.now() && event.cancelledAt == nil, cancelled: event.cancelledAt != nil,
            canCancelEvent: Permissions.can(actor, .manageEvents) && event.cancelledAt == nil && event.endsAt > clock.now(),
            canSignal: Permissions.can(actor, .sendSignal) && actor.hasAny([.agent, .coordinator]),
            signalLink: Page.sendSignal.url(query: [("details", details)]), canFile: Permissions.can(actor, .writePersonFile),
            showMixity: showMixity, figures: figures)
        return renderer.page(
            "conviviality_event", title: event.title, body: body, path: Page.event(event.id).path, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    static func notice(_ code: String) -> String {
        switch code {
        case "publie": "Événement publié : il est sur le programme public et dans le calendrier."
        case "modifie": "Événement modifié."
        case "inscrit": "Inscription enregistrée : la place est réservée."
        case "attente": "Complet : l'inscription est sur la liste d'attente, elle passera dès qu'une place se libère."
        case "annule": "Inscription annulée ; la liste d'attente a avancé s'il y en avait une."
        case "evenement-annule": "Événement annulé : le programme, le calendrier et la page de chaque inscrit l'indiquent."
        default: "C'est fait."
        }
    }

    static func row(_ registration: EventRegistration, canCancel: Bool) -> RegistrationRow {
        RegistrationRow(
            number: registration.number, firstName: registration.firstName, seats: registration.seats, status: registration.status.label,
            waiting: registration.status == .waiting, checkedIn: registration.checkedInAt != nil, id: registration.id.uuidString,
            canCancel: canCancel && registration.status != .cancelled)
    }

    private func door(
        _ event: ConvivialEvent, _ context: SignedInContext, query: String, notice: String?, error: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (all, registrations) = try await service.registrations(event: event, actor: context.actor)
        guard all, Permissions.can(context.actor, .checkInAttendees) else { throw AutourError.forbidden }
        let folded = SearchText.fold(query)
        let shown = registrations.filter { $0.status != .cancelled }
            .filter { folded.isEmpty || SearchText.fold($0.firstName).contains(folded) || String($0.number) == query.trimmingCharacters(in: .whitespaces) }
        let body = DoorBody(
            id: Page.segment(event.id), title: event.title, when: ProgrammeWeb.when(event), query: query,
            registrations: shown.map { Self.row($0, canCancel: false) }, confirmedSeats: event.confirmedSeats,
            checkedIn: registrations.filter { $0.checkedInAt != nil }.reduce(0) { $0 + $1.seats }, walkIns: event.walkIns, notice: notice,
            error: error, mixity: MixityForm.questions(context.territory, values: [:]), back: Page.event(event.id).path)
        return renderer.page(
            "conviviality_door", title: "Accueil — \(event.title)", body: body, path: Page.door(event.id).path, viewer: context, status: status)
    }

    private func eventForm(_ context: SignedInContext, id: UUID?, values: [String: String], error: AutourError?) async throws -> Response {
        let structures = try await service.structures(territory: context.territory)
        let body = EventFormBody(
            action: id.map { Page.editEvent($0).path } ?? Page.newEvent.path, heading: id == nil ? "Publier un événement" : "Modifier l'événement",
            values: values,
            kinds: EventKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: values["kind"] == $0.rawValue) },
            organisers: structures.map { Option(value: "org_\($0.id)", label: $0.name, selected: values["org_\($0.id)"] != nil) },
            hasOrganisers: !structures.isEmpty,
            places: [Option(value: "", label: "— Autre lieu (saisi ci-dessous)", selected: (values["placeId"] ?? "").isEmpty)]
                + (try await service.places(territory: context.territory)).map {
                    Option(value: $0.id.uuidString, label: $0.name, selected: values["placeId"] == $0.id.uuidString)
                },
            errors: error?.fields ?? [:], summary: error?.message, cancel: id.map { Page.event($0).path } ?? Page.conviviality.path)
        return renderer.page(
            "conviviality_event_form", title: body.heading, body: body, path: body.action, viewer: context,
            status: error == nil ? .ok : .unprocessableContent)
    }

    /// The event typed in the form; dates as `datetime-local` in French time, the price in euros.
    static func input(_ form: FormData) throws -> EventInput {
        let priceText = form.text("price")
        let price = priceText.isEmpty ? 0 : NumberInput.decimal(priceText, in: 0...Double(Programme.maximumPriceCents) / 100).map { Int(($0 * 100).rounded()) }
        return EventInput(
            title: form.text("title"), description: form.text("description"), kind: form.text("kind"), venueName: form.text("venueName"),
            venueAddress: form.text("venueAddress"), startsAt: FrenchFormat.parseLocalDateTime(form.text("startsAt")),
            endsAt: FrenchFormat.parseLocalDateTime(form.text("endsAt")),
            capacity: NumberInput.integer(form.text("capacity"), in: Programme.capacityRange), priceCents: price,
            accessibility: form.text("accessibility"),
            organisers: form.values.keys.filter { $0.hasPrefix("org_") }.map { String($0.dropFirst(4)) },
            placeId: UUID(uuidString: form.text("placeId")))
    }

    static func values(_ event: ConvivialEvent) -> [String: String] {
        var values = [
            "title": event.title, "description": event.description, "kind": event.kind.rawValue, "venueName": event.venueName,
            "venueAddress": event.venueAddress, "startsAt": FrenchFormat.localDateTime(event.startsAt),
            "endsAt": FrenchFormat.localDateTime(event.endsAt), "capacity": String(event.capacity),
            "price": FrenchText.decimal(Double(event.priceCents) / 100, digits: 2), "accessibility": event.accessibility,
        ]
        for organiser in event.organisers { values["org_\(organiser)"] = "1" }
        if let place = event.placeId { values["placeId"] = place.uuidString }
        return values
    }
}
