import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The staff's and partners' pages of the shared places: the list, a place with its week of
/// bookings and its booking form, the week's availability, calls for co-occupants with their
/// applications, the four-week trials and their printable convention.
struct PlacesWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    var service: PlacesService { store.placesService }

    // MARK: View models

    struct PlaceRow { let name: String; let href: String; let address: String; let owner: String; let rooms: Int; let status: String }
    struct CallRow { let title: String; let place: String; let closes: String; let href: String }
    struct TrialRow { let occupant: String; let place: String; let status: String; let week: String; let href: String }
    struct ListBody {
        let places: [PlaceRow], calls: [CallRow], trials: [TrialRow], canManage: Bool, canCoHousing: Bool, cap: Int, notice: String?
        let publicPage: String, capError: String?
    }
    struct BookingRow { let id: String; let time: String; let room: String; let group: String; let purpose: String?; let canCancel: Bool }
    struct Day { let label: String; let bookings: [BookingRow] }
    struct KitLink { let label: String; let href: String }
    struct KitRunRow { let when: String; let kit: String; let runner: String; let complete: Bool; let note: String? }
    struct RoomLine { let name: String; let capacity: Int; let equipment: String? }
    struct PlaceBody {
        let id: String, name: String, address: String, owner: String, hours: String, accessibility: String?, state: String?, vacant: Bool
        let description: String?, rooms: [RoomLine], days: [Day], week: String, previous: String, next: String, notice: String?, error: String?
        let errors: [String: String], canBook: Bool, isPartner: Bool, roomOptions: [Option], values: [String: String], canManage: Bool
        let calls: [CallRow], trials: [TrialRow], showKits: Bool, kits: [KitLink], runs: [KitRunRow], feed: String, callValues: [String: String]
        let callErrors: [String: String]
    }
    struct RoomRow { let place: String; let href: String; let room: String; let days: [String] }
    struct AvailabilityBody { let week: String; let dayNames: [String]; let rows: [RoomRow]; let previous: String; let next: String }
    struct PlaceFormBody {
        let values: [String: String], owners: [Option], errors: [String: String], summary: String?, action: String, heading: String, submit: String
        let editing: Bool, rooms: String?, back: String
    }
    struct ApplicationRow {
        let id: String, group: String, contact: String, project: String, people: Int, needs: String?, hours: String?, status: String
        let reasons: String?, undecided: Bool, selected: Bool, trial: String?
    }
    struct CallBody {
        let id: String, title: String, description: String?, place: String, placeHref: String, opened: String, closes: String, open: Bool
        let applications: [ApplicationRow], notice: String?, error: String?, errors: [String: String], publicPage: String, today: String
    }
    struct ReviewRow { let week: Int; let reviewer: String; let wentWell: String; let problems: String; let carryOn: Bool }
    struct TrialBody {
        let id: String, occupant: String, place: String, placeHref: String, starts: String, ends: String, week: String, status: String
        let running: Bool, ended: Bool, convention: Bool, reasons: String?, rules: String, reviews: [ReviewRow], notice: String?, error: String?
        let errors: [String: String], canDecide: Bool, weeks: [Option]
    }

    // MARK: Routes

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/lieux") { request, context in try await list(request, context, capError: nil) }
        web.post("/lieux/plafond") { request, context in
            let form = try await FormData.read(request, context: context)
            do {
                try await service.setWeeklyCap(hours: try form.integer("cap", in: 1...40, unit: "heures"), territory: context.territory, actor: context.actor)
                return Response.redirect(to: .places, ok: "plafond")
            } catch let error as AutourError {
                guard case .invalid = error else { throw error }
                return try await list(request, context, capError: error.fields.values.first ?? error.message)
            }
        }
        web.get("/lieux/nouveau") { _, context in
            try context.require(.managePlaces)
            return placeForm(context, place: nil, values: ["opens": "08:00", "closes": "22:00", "owner": PlaceOwner.ccas.rawValue], error: nil)
        }
        web.post("/lieux/nouveau") { request, context in
            try context.require(.managePlaces)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                let id = try await service.create(try Self.placeInput(form), territory: context.territory, actor: context.actor)
                return Response.redirect(to: .place(id), ok: "cree")
            } reshow: { error in
                placeForm(context, place: nil, values: form.values, error: error)
            }
        }
        web.get("/lieux/{id}/modifier") { _, context in
            try context.require(.managePlaces)
            let place = try await service.place(id: try context.pathID(), territory: context.territory)
            let values = [
                "name": place.name, "address": place.address, "owner": place.owner.rawValue, "ownerName": place.ownerName,
                "accessibility": place.accessibility, "opens": PlaceRules.timeField(place.opens), "closes": PlaceRules.timeField(place.closes),
                "state": place.state, "description": place.description,
            ].merging(place.vacant ? ["vacant": "1"] : [:]) { a, _ in a }
            return placeForm(context, place: place, values: values, error: nil)
        }
        web.post("/lieux/{id}/modifier") { request, context in
            try context.require(.managePlaces)
            let place = try await service.place(id: try context.pathID(), territory: context.territory)
            let form = try await FormData.read(request, context: context)
            return try await FormData.submit {
                try await service.update(place, with: try Self.placeInput(form), actor: context.actor)
                return Response.redirect(to: .place(place.id), ok: "modifie")
            } reshow: { error in
                placeForm(context, place: place, values: form.values, error: error)
            }
        }
        web.get("/lieux/disponibilites") { request, context in
            let week = Self.week(request, now: clock.now())
            let (places, free) = try await service.availability(territory: context.territory, week: week, actor: context.actor)
            let days = (0..<7).map { Self.day(week, plus: $0) }
            let rows = places.flatMap { place in
                place.rooms.map { room in
                    RoomRow(
                        place: place.name, href: Page.place(place.id).url(query: [("semaine", Self.iso(week))], anchor: "reserver"), room: room.name,
                        days: days.map { day in
                            let slots = (free[room.id] ?? []).filter { $0.start >= day && $0.start < Self.day(day, plus: 1) }
                            return slots.isEmpty ? "complet" : slots.map { Self.hours($0.start, $0.end) }.joined(separator: ", ")
                        })
                }
            }
            let body = AvailabilityBody(
                week: FrenchDay.text(week), dayNames: days.map { FrenchDay.text($0) }, rows: rows,
                previous: Page.availability.url(query: [("semaine", Self.iso(Self.day(week, plus: -7)))]),
                next: Page.availability.url(query: [("semaine", Self.iso(Self.day(week, plus: 7)))]))
            return renderer.page("places_availability", title: "Disponibilités des salles", body: body, path: Page.availability.path, viewer: context)
        }
        web.get("/lieux/{id}") { request, context in
            let place = try await service.place(id: try context.pathID(), territory: context.territory)
            return try await placePage(place, request, context, values: [:], error: nil)
        }
        web.post("/lieux/{id}/reserver") { request, context in
            let place = try await service.place(id: try context.pathID(), territory: context.territory)
            let form = try await FormData.read(request, context: context)
            return try await reshowing {
                let day = PersonRules.parseDay(form.text("day"))
                let (from, to) = (PlaceRules.minutes(form.text("from")), PlaceRules.minutes(form.text("to")))
                let start = day.flatMap { d in from.map { Self.at(d, minutes: $0) } }
                let end = day.flatMap { d in to.map { Self.at(d, minutes: $0) } }
                let bookings = try await service.book(
                    BookingInput(
                        roomId: UUID(uuidString: form.text("room")), group: form.text("group"), purpose: form.text("purpose"), startsAt: start, endsAt: end,
                        weeks: try form.integer("weeks", in: 1...BookingRules.maximumWeeks, unit: "semaines")), place: place, actor: context.actor)
                return Response.seeOther(
                    Page.place(place.id).url(
                        ok: "reserve", query: [("semaine", Self.iso(BookingRules.weekStart(bookings[0].startsAt))), ("n", String(bookings.count))],
                        anchor: "semaine"))
            } page: { error in
                try await placePage(place, request, context, values: form.values, error: error, status: Problem(error).status)
            }
        }
        web.post("/lieux/{id}/annuler") { request, context in
            let form = try await FormData.read(request, context: context)
            guard let booking = UUID(uuidString: form.text("booking")) else { throw AutourError.notFound }
            let placeId = try await service.cancelBooking(id: booking, series: form["series"] != nil, territory: context.territory, actor: context.actor)
            return Response.redirect(to: .place(placeId), ok: "annule", anchor: "semaine")
        }
        web.post("/lieux/{id}/appel") { request, context in
            let place = try await service.place(id: try context.pathID(), territory: context.territory)
            let form = try await FormData.read(request, context: context)
            do {
                let id = try await service.openCall(
                    Occupancy.CallInput(
                        title: form.text("title"), description: form.text("description"),
                        closesOn: PersonRules.parseDay(form.text("closesOn"))
                            .map { Self.at($0, minutes: 23 * 60 + 59) }), place: place, actor: context.actor)
                return Response.redirect(to: .placeCall(id), ok: "ouvert")
            } catch let error as AutourError {
                guard case .invalid = error else { throw error }
                return try await placePage(place, request, context, values: [:], error: nil, callValues: form.values, callError: error)
            }
        }
        web.get("/lieux/appels/{id}") { request, context in
            let call = try await service.call(id: try context.pathID(), territory: context.territory)
            return try await callPage(call, request, context, error: nil)
        }
        web.post("/lieux/appels/{id}/decision") { request, context in
            let call = try await service.call(id: try context.pathID(), territory: context.territory)
            let form = try await FormData.read(request, context: context)
            return try await callAction(call, request, context) {
                guard let application = UUID(uuidString: form.text("application")) else { throw AutourError.notFound }
                try await service.decide(
                    applicationId: application, call: call, selected: form.text("decision") == "selected", reasons: form.text("reasons"), actor: context.actor)
                return Response.redirect(to: .placeCall(call.id), ok: "decision")
            }
        }
        web.post("/lieux/appels/{id}/essai") { request, context in
            let call = try await service.call(id: try context.pathID(), territory: context.territory)
            let form = try await FormData.read(request, context: context)
            return try await callAction(call, request, context) {
                guard let application = UUID(uuidString: form.text("application")) else { throw AutourError.notFound }
                let trial = try await service.startTrial(
                    applicationId: application, call: call, startsAt: PersonRules.parseDay(form.text("startsOn")).map { Self.at($0, minutes: 0) },
                    rules: form.text("rules"), actor: context.actor)
                return Response.redirect(to: .trial(trial), ok: "commence")
            }
        }
        web.post("/lieux/appels/{id}/clore") { request, context in
            let call = try await service.call(id: try context.pathID(), territory: context.territory)
            return try await callAction(call, request, context) {
                try await service.closeCall(call, actor: context.actor)
                return Response.redirect(to: .placeCall(call.id), ok: "clos")
            }
        }
        web.get("/lieux/essais/{id}") { request, context in
            let trial = try await service.trial(id: try context.pathID(), territory: context.territory, actor: context.actor)
            return try await trialPage(trial, request, context, error: nil)
        }
        web.post("/lieux/essais/{id}/avis") { request, context in
            let trial = try await service.trial(id: try context.pathID(), territory: context.territory, actor: context.actor)
            let form = try await FormData.read(request, context: context)
            return try await trialAction(trial, request, context) {
                try await service.review(
                    Occupancy.ReviewInput(
                        week: try form.integer("week", in: 1...4), reviewer: form.text("reviewer"), wentWell: form.text("wentWell"),
                        problems: form.text("problems"), carryOn: form.text("carryOn") == "oui"), trial: trial, actor: context.actor)
                return Response.redirect(to: .trial(trial.id), ok: "avis")
            }
        }
        web.post("/lieux/essais/{id}/decision") { request, context in
            let trial = try await service.trial(id: try context.pathID(), territory: context.territory, actor: context.actor)
            let form = try await FormData.read(request, context: context)
            return try await trialAction(trial, request, context) {
                try await service.decide(trial: trial, convention: form.text("decision") == "convention", reasons: form.text("reasons"), actor: context.actor)
                return Response.redirect(to: .trial(trial.id), ok: "decide")
            }
        }
        web.get("/lieux/essais/{id}/convention") { _, context in
            let trial = try await service.trial(id: try context.pathID(), territory: context.territory, actor: context.actor)
            guard trial.status == .convention else { throw AutourError.notFound }
            let place = try await service.place(id: trial.placeId, territory: context.territory)
            let body = PrintableDocument(
                title: "Convention d'occupation partagée — \(place.name)",
                sections: [
                    PrintableDocument.Section(heading: "Les parties", lines: ["\(context.territory.name), pour le lieu.", "\(trial.occupant), occupant."]),
                    PrintableDocument.Section(
                        heading: "Le lieu",
                        lines: [
                            "\(place.name), \(place.address).",
                            "Propriétaire : \(place.owner.label)\(place.ownerName.isEmpty ? "" : " (\(place.ownerName))").",
                            "Ouvert de \(PlaceRules.clock(place.opens)) à \(PlaceRules.clock(place.closes)).",
                            "Salles : " + place.rooms.map { "\($0.name) (\($0.capacity) personnes)" }.joined(separator: ", ") + ".",
                        ]),
                    PrintableDocument.Section(
                        heading: "Les dates",
                        lines: [
                            "Essai de quatre semaines du \(FrenchDay.text(trial.startsAt)) au \(FrenchDay.text(trial.endsAt)).",
                            "Convention à compter du \(FrenchDay.text(trial.decidedAt ?? trial.endsAt)), pour un an, renouvelable après un bilan.",
                        ]),
                    PrintableDocument.Section(heading: "Les règles du lieu", lines: trial.rules.components(separatedBy: .newlines).filter { !$0.isEmpty }),
                    PrintableDocument.Section(
                        heading: "Un lieu ouvert",
                        lines: [
                            "L'occupant partage le lieu : les salles restent réservables par d'autres groupes, dans la limite d'heures par semaine fixée par le CCAS.",
                            "Les trousses d'activation (ouverture, fermeture, clés, sécurité, ménage) sont tenues à chaque passage.",
                        ]),
                    PrintableDocument.Section(heading: "Décision du CCAS", lines: [trial.decisionReasons]),
                    PrintableDocument.Section(heading: "Signatures", lines: ["Pour le CCAS :", "Pour l'occupant :"]),
                ], back: Page.trial(trial.id).path)
            return renderer.page("document", title: body.title, body: body, path: Page.convention(trial.id).path, viewer: context)
        }
    }

    // MARK: Pages

    private func list(_ request: Request, _ context: SignedInContext, capError: String?) async throws -> Response {
        let places = try await service.places(territory: context.territory, actor: context.actor)
        let names = Dictionary(uniqueKeysWithValues: places.map { ($0.id, $0.name) })
        let calls = try await store.occupancy.calls(territoryId: context.territory.id, openOnly: true)
        let trials = try await store.occupancy.trials(territoryId: context.territory.id).filter { $0.status == .running }
        let body = ListBody(
            places: places.map { place in
                PlaceRow(
                    name: place.name, href: Page.place(place.id).path, address: place.address, owner: place.owner.label, rooms: place.rooms.count,
                    status: place.vacant ? "Vacant\(place.state.isEmpty ? "" : " — \(place.state)")" : "Ouvert, \(place.hoursText)")
            },
            calls: calls.map { Self.callRow($0, place: names[$0.placeId] ?? "") },
            trials: trials.map { trialRow($0, place: names[$0.placeId] ?? "") },
            canManage: Permissions.can(context.actor, .managePlaces), canCoHousing: Permissions.can(context.actor, .manageCoHousing),
            cap: try await store.places.weeklyCapMinutes(territoryId: context.territory.id) / 60,
            notice: request.uri.queryParameters["ok"] == "plafond" ? "Plafond enregistré." : nil,
            publicPage: Page.sharedPlaces(slug: context.territory.slug).path, capError: capError)
        return renderer.page(
            "places", title: "Lieux partagés", body: body, path: Page.places.path, viewer: context, status: capError == nil ? .ok : .unprocessableContent)
    }

    static func callRow(_ call: OccupancyRepository.Call, place: String) -> CallRow {
        CallRow(title: call.title, place: place, closes: FrenchDay.text(call.closesAt), href: Page.placeCall(call.id).path)
    }

    func trialRow(_ trial: OccupancyRepository.Trial, place: String) -> TrialRow {
        TrialRow(
            occupant: trial.occupant, place: place, status: trial.status.label,
            week: Occupancy.trialWeek(start: trial.startsAt, at: clock.now()).map { "semaine \($0) sur 4" } ?? "",
            href: Page.trial(trial.id).path)
    }

    /// The place typed in the form (on an edit, the rooms are those to add).
    static func placeInput(_ form: FormData) throws -> PlaceInput {
        PlaceInput(
            name: form.text("name"), address: form.text("address"), owner: form.text("owner"), ownerName: form.text("ownerName"),
            accessibility: form.text("accessibility"), opens: PlaceRules.minutes(form.text("opens")), closes: PlaceRules.minutes(form.text("closes")),
            vacant: form["vacant"] != nil, state: form.text("state"), description: form.text("description"),
            rooms: try PlaceRules.parseRooms(form.text("rooms")))
    }

    private func placeForm(_ context: SignedInContext, place: Place?, values: [String: String], error: AutourError?) -> Response {
        let path = place.map { Page.place($0.id).path + "/modifier" } ?? Page.newPlace.path
        let body = PlaceFormBody(
            values: values, owners: PlaceOwner.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: values["owner"] == $0.rawValue) },
            errors: error?.fields ?? [:], summary: error?.message, action: path, heading: place == nil ? "Ajouter un lieu" : "Modifier le lieu",
            submit: place == nil ? "Ajouter le lieu" : "Enregistrer", editing: place != nil,
            rooms: place.map { $0.rooms.map { "\($0.name) (\($0.capacity))" }.joined(separator: ", ").nilIfEmpty } ?? nil,
            back: place.map { Page.place($0.id).path } ?? Page.places.path)
        return renderer.page(
            "place_form", title: body.heading, body: body, path: path, viewer: context, status: error == nil ? .ok : .unprocessableContent)
    }

    private func placePage(
        _ place: Place, _ request: Request, _ context: SignedInContext, values: [String: String], error: AutourError?,
        status: HTTPResponse.Status = .ok, callValues: [String: String] = [:], callError: AutourError? = nil
    ) async throws -> Response {
        try context.require(.viewPlaces, on: place.scope)
        let week = Self.week(request, now: clock.now())
        let bookings = try await service.bookings(place: place, from: week, to: Self.day(week, plus: 7))
        let rooms = Dictionary(uniqueKeysWithValues: place.rooms.map { ($0.id, $0.name) })
        let staff = context.actor.hasAny([.agent, .coordinator])
        let canBook = Permissions.can(context.actor, .bookRooms)
        let days = (0..<7).map { offset -> Day in
            let day = Self.day(week, plus: offset)
            let next = Self.day(day, plus: 1)
            return Day(
                label: FrenchDay.text(day),
                bookings: bookings.filter { $0.startsAt >= day && $0.startsAt < next }.map { booking in
                    BookingRow(
                        id: booking.id.uuidString, time: Self.hours(booking.startsAt, booking.endsAt), room: rooms[booking.roomId] ?? "",
                        group: booking.group, purpose: booking.purpose.nilIfEmpty,
                        canCancel: canBook && (staff || booking.bookedBy == context.actor.accountId) && booking.startsAt > clock.now())
                })
        }
        let calls = try await store.occupancy.calls(territoryId: place.territoryId, placeId: place.id, openOnly: false)
        let trials = try await store.occupancy.trials(territoryId: place.territoryId, placeId: place.id)
        let token = staff ? try await store.places.kitToken(placeId: place.id) : nil
        let notice: String? =
            switch request.uri.queryParameters["ok"] {
            case "cree": "Lieu ajouté."
            case "modifie": "Lieu modifié."
            case "reserve": "Réservation enregistrée (\(request.uri.queryParameters["n"] ?? "1") créneau·x)."
            case "annule": "Réservation annulée."
            default: nil
            }
        var defaults = values
        if defaults.isEmpty {
            // Today, or the first day of a later week being viewed.
            defaults = ["weeks": "1", "from": "14:00", "to": "16:00", "day": Self.iso(max(week, clock.now()))]
        }
        let body = PlaceBody(
            id: Page.segment(place.id), name: place.name, address: place.address,
            owner: place.owner.label + (place.ownerName.isEmpty ? "" : " — \(place.ownerName)"), hours: place.hoursText,
            accessibility: place.accessibility.nilIfEmpty, state: place.state.nilIfEmpty, vacant: place.vacant,
            description: place.description.nilIfEmpty,
            rooms: place.rooms.map { RoomLine(name: $0.name, capacity: $0.capacity, equipment: $0.equipment.nilIfEmpty) },
            days: days, week: FrenchDay.text(week),
            previous: Page.place(place.id).url(query: [("semaine", Self.iso(Self.day(week, plus: -7)))], anchor: "semaine"),
            next: Page.place(place.id).url(query: [("semaine", Self.iso(Self.day(week, plus: 7)))], anchor: "semaine"), notice: notice,
            error: error?.message, errors: error?.fields ?? [:], canBook: canBook && !place.rooms.isEmpty,
            isPartner: context.actor.has(.partner) && !staff,
            roomOptions: place.rooms.map {
                Option(value: $0.id.uuidString, label: "\($0.name) (\($0.capacity) places)", selected: defaults["room"] == $0.id.uuidString)
            },
            values: defaults, canManage: Permissions.can(context.actor, .managePlaces),
            calls: calls.map { Self.callRow($0, place: place.name) }, trials: trials.map { trialRow($0, place: place.name) },
            showKits: token != nil,
            kits: token.map { token in ActivationKit.allCases.map { KitLink(label: $0.label, href: Page.kit(token: token).path + "/" + $0.rawValue) } } ?? [],
            runs: staff
                ? try await store.occupancy.kitRuns(placeId: place.id, limit: 10).map {
                    KitRunRow(when: FrenchFormat.dateTime($0.at), kit: $0.kit.label, runner: $0.runner, complete: $0.complete, note: $0.note.nilIfEmpty)
                } : [],
            feed: Page.placeFeed(slug: context.territory.slug, place.id).path, callValues: callValues, callErrors: callError?.fields ?? [:])
        return renderer.page(
            "place", title: place.name, body: body, path: Page.place(place.id).path, viewer: context,
            status: callError == nil ? status : .unprocessableContent)
    }

    /// Runs a form's action; a refusal a person can act on (422, 409) shows the page again with it.
    private func reshowing(_ action: () async throws -> Response, page: (AutourError) async throws -> Response) async throws -> Response {
        do { return try await action() } catch let error as AutourError {
            switch error {
            case .invalid, .conflict: return try await page(error)
            default: throw error
            }
        }
    }

    private func callAction(_ call: OccupancyRepository.Call, _ request: Request, _ context: SignedInContext, _ action: () async throws -> Response)
        async throws -> Response
    {
        try await reshowing(action) { try await callPage(call, request, context, error: $0) }
    }

    private func callPage(_ call: OccupancyRepository.Call, _ request: Request, _ context: SignedInContext, error: AutourError?) async throws -> Response {
        let applications = try await service.applications(call: call, actor: context.actor)
        let place = try await service.place(id: call.placeId, territory: context.territory)
        let trials = Dictionary(
            uniqueKeysWithValues: try await store.occupancy.trials(territoryId: call.territoryId, placeId: call.placeId).map { ($0.applicationId, $0.id) })
        let body = CallBody(
            id: Page.segment(call.id), title: call.title, description: call.description.nilIfEmpty, place: place.name, placeHref: Page.place(place.id).path,
            opened: FrenchDay.text(call.openedAt), closes: FrenchDay.text(call.closesAt), open: call.closedAt == nil,
            applications: applications.map { a in
                ApplicationRow(
                    id: a.id.uuidString, group: a.group, contact: a.contact, project: a.project, people: a.people, needs: a.needs.nilIfEmpty,
                    hours: a.hours.nilIfEmpty,
                    status: a.status.label, reasons: a.reasons.nilIfEmpty, undecided: a.status == .submitted, selected: a.status == .selected,
                    trial: trials[a.id].map { Page.trial($0).path })
            },
            notice: request.uri.queryParameters["ok"].map { _ in "C'est fait." }, error: error?.message, errors: error?.fields ?? [:],
            publicPage: Page.sharedCall(slug: context.territory.slug, call.id).path, today: Self.iso(clock.now()))
        return renderer.page(
            "place_call", title: call.title, body: body, path: Page.placeCall(call.id).path, viewer: context,
            status: error.map { Problem($0).status } ?? .ok)
    }

    private func trialAction(_ trial: OccupancyRepository.Trial, _ request: Request, _ context: SignedInContext, _ action: () async throws -> Response)
        async throws -> Response
    {
        try await reshowing(action) { try await trialPage(trial, request, context, error: $0) }
    }

    private func trialPage(_ trial: OccupancyRepository.Trial, _ request: Request, _ context: SignedInContext, error: AutourError?) async throws
        -> Response
    {
        let place = try await service.place(id: trial.placeId, territory: context.territory)
        let now = clock.now()
        let current = Occupancy.trialWeek(start: trial.startsAt, at: now)
        let body = TrialBody(
            id: Page.segment(trial.id), occupant: trial.occupant, place: place.name, placeHref: Page.place(place.id).path,
            starts: FrenchDay.text(trial.startsAt), ends: FrenchDay.text(trial.endsAt),
            week: current.map { "Semaine \($0) sur 4" } ?? (now < trial.startsAt ? "L'essai n'a pas commencé" : "Les quatre semaines sont passées"),
            status: trial.status.label, running: trial.status == .running, ended: now >= trial.endsAt, convention: trial.status == .convention,
            reasons: trial.decisionReasons.nilIfEmpty, rules: trial.rules,
            reviews: try await store.occupancy.reviews(trialId: trial.id).map {
                ReviewRow(week: $0.week, reviewer: $0.reviewer, wentWell: $0.wentWell, problems: $0.problems, carryOn: $0.carryOn)
            },
            notice: request.uri.queryParameters["ok"].map { _ in "C'est enregistré." }, error: error?.message, errors: error?.fields ?? [:],
            canDecide: Permissions.can(context.actor, .managePlaces),
            weeks: (1...4).map { Option(value: String($0), label: "Semaine \($0)", selected: $0 == (current ?? 4)) })
        return renderer.page(
            "place_trial", title: "Essai — \(trial.occupant)", body: body, path: Page.trial(trial.id).path, viewer: context,
            status: error.map { Problem($0).status } ?? .ok)
    }

    // MARK: Dates

    /// The week asked by `?semaine=YYYY-MM-DD` (its Monday), or this week.
    static func week(_ request: Request, now: Date) -> Date {
        let asked = request.uri.queryParameters["semaine"].flatMap { PersonRules.parseDay(String($0)) }.map { at($0, minutes: 12 * 60) }
        return BookingRules.weekStart(asked ?? now)
    }

    /// A UTC-midnight day (as `PersonRules.parseDay` gives) at `minutes` of French local time.
    static func at(_ day: Date, minutes: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: day)
        var local = Calendar(identifier: .gregorian)
        local.timeZone = FrenchTime.zone
        let midnight = local.date(from: DateComponents(year: c.year, month: c.month, day: c.day))!
        return local.date(byAdding: .minute, value: minutes, to: midnight)!
    }

    static func day(_ date: Date, plus days: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = FrenchTime.zone
        return calendar.date(byAdding: .day, value: days, to: date)!
    }

    /// `YYYY-MM-DD` of a date in French time.
    static func iso(_ date: Date) -> String { FrenchTime.day(date) }

    static func hours(_ start: Date, _ end: Date) -> String {
        "\(String(FrenchFormat.dateTime(start).suffix(5))) – \(String(FrenchFormat.dateTime(end).suffix(5)))"
    }
}
