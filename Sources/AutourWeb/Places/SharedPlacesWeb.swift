import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The public side of the shared places: the open calls and applying to them, each place's
/// bookings as a calendar feed (times only, no group named), and the activation kits that
/// inhabitants run through the link posted in the place.
struct SharedPlacesWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    let limiter: AddressLimiter
    let trustedProxies: Set<String>
    var service: PlacesService { store.placesService }

    static let applicationsPerAddressPerHour = 10

    struct CallCard { let title: String; let place: String; let address: String; let closes: String; let href: String; let description: String? }
    struct ListBody { let territoryName: String; let calls: [CallCard] }
    struct CallBody {
        let call: CallCard, action: String, back: String, values: [String: String], errors: [String: String], summary: String?, thanks: Bool
        let open: Bool
    }
    struct KitItem { let index: Int; let label: String }
    struct KitBody {
        let place: String, kits: [PlacesWeb.KitLink], kit: String?, items: [KitItem], action: String, errors: [String: String], thanks: Bool
    }

    func addPublicRoutes(to router: Router<AppContext>) {
        router.get("/lieux-partages/{slug}") { _, context in
            let territory = try await context.territory(from: store)
            let calls = try await store.occupancy.calls(territoryId: territory.id, openOnly: true)
            let places = try await store.places.places(territoryId: territory.id)
            let body = ListBody(territoryName: territory.name, calls: calls.compactMap { card($0, places: places, slug: territory.slug) })
            return renderer.page(
                "places_public", title: "Lieux à partager", body: body, path: Page.sharedPlaces(slug: territory.slug).path, viewer: context)
        }
        router.get("/lieux-partages/{slug}/appels/{id}") { request, context in
            let territory = try await context.territory(from: store)
            let call = try await service.call(id: try context.pathID(), territory: territory)
            return try await callPage(call, territory: territory, context: context, values: [:], error: nil, thanks: request.uri.queryParameters["ok"] != nil)
        }
        router.post("/lieux-partages/{slug}/appels/{id}") { request, context in
            let territory = try await context.territory(from: store)
            let call = try await service.call(id: try context.pathID(), territory: territory)
            let form = try await FormData.read(request, context: context)
            return try await limiter.admit(request, context, trusted: trustedProxies, now: clock.now()) {
                var stored = false
                let response = try await FormData.submit {
                    _ = try await service.apply(
                        Occupancy.ApplicationInput(
                            group: form.text("group"), contact: form.text("contact"), project: form.text("project"),
                            people: try form.integer("people", in: 1...500, unit: "personnes"), needs: form.text("needs"), hours: form.text("hours")),
                        call: call, actor: nil)
                    stored = true
                    return Response.seeOther(Page.sharedCall(slug: territory.slug, call.id).url(ok: "1"))
                } reshow: { error in
                    try await callPage(call, territory: territory, context: context, values: form.values, error: error, thanks: false)
                }
                return (response, stored)
            }
        }
        router.get("/lieux-partages/{slug}/{id}/calendrier.ics") { _, context in
            let territory = try await context.territory(from: store)
            let place = try await service.place(id: try context.pathID(), territory: territory)
            let now = clock.now()
            let rooms = Dictionary(uniqueKeysWithValues: place.rooms.map { ($0.id, $0.name) })
            let events = try await service.bookings(place: place, from: now.addingTimeInterval(-7 * 86_400), to: now.addingTimeInterval(180 * 86_400))
                .map { booking in
                    ICalendar.Event(
                        uid: "\(booking.id.uuidString.lowercased())@autour", start: booking.startsAt, end: booking.endsAt,
                        summary: "\(rooms[booking.roomId] ?? "Salle") réservée", description: "", location: "\(place.name), \(place.address)", updated: now)
                }
            return Response(
                status: .ok, headers: [.contentType: "text/calendar; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: ICalendar.feed(name: "\(place.name) — réservations", events: events))))
        }
        router.get("/kit/{token}") { request, context in
            try await kitPage(context, kit: nil, errors: [:], thanks: request.uri.queryParameters["ok"] != nil)
        }
        router.get("/kit/{token}/{kit}") { _, context in
            guard let kit = context.parameters.get("kit").flatMap(ActivationKit.init(rawValue:)) else { throw AutourError.notFound }
            return try await kitPage(context, kit: kit, errors: [:], thanks: false)
        }
        router.post("/kit/{token}/{kit}") { request, context in
            guard let token = context.parameters.get("token"), let place = try await store.places.place(kitToken: token),
                let kit = context.parameters.get("kit").flatMap(ActivationKit.init(rawValue:))
            else { throw AutourError.notFound }
            let form = try await FormData.read(request, context: context)
            do {
                try await service.runKit(
                    kit, place: place, runner: form.text("runner"), checked: kit.items.indices.filter { form["item_\($0)"] != nil }, note: form.text("note"))
                return Response.seeOther(Page.kit(token: token).url(ok: kit.rawValue))
            } catch let error as AutourError {
                guard case .invalid = error else { throw error }
                return try await kitPage(context, kit: kit, errors: error.fields, thanks: false, status: .unprocessableContent)
            }
        }
    }

    private func card(_ call: OccupancyRepository.Call, places: [Place], slug: String) -> CallCard? {
        guard let place = places.first(where: { $0.id == call.placeId }) else { return nil }
        return CallCard(
            title: call.title, place: place.name, address: place.address, closes: FrenchDay.text(call.closesAt),
            href: Page.sharedCall(slug: slug, call.id).path, description: call.description.nilIfEmpty)
    }

    private func callPage(
        _ call: OccupancyRepository.Call, territory: Territory, context: AppContext, values: [String: String], error: AutourError?, thanks: Bool
    ) async throws -> Response {
        let places = try await store.places.places(territoryId: territory.id)
        guard let card = card(call, places: places, slug: territory.slug) else { throw AutourError.notFound }
        let body = CallBody(
            call: card, action: Page.sharedCall(slug: territory.slug, call.id).path, back: Page.sharedPlaces(slug: territory.slug).path,
            values: values.isEmpty ? ["people": "1"] : values, errors: error?.fields ?? [:], summary: error?.message, thanks: thanks,
            open: call.closedAt == nil && call.closesAt > clock.now())
        return renderer.page(
            "places_public_call", title: call.title, body: body, path: card.href, viewer: context, status: error == nil ? .ok : .unprocessableContent)
    }

    private func kitPage(_ context: AppContext, kit: ActivationKit?, errors: [String: String], thanks: Bool, status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        guard let token = context.parameters.get("token"), let place = try await store.places.place(kitToken: token) else { throw AutourError.notFound }
        let body = KitBody(
            place: place.name,
            kits: ActivationKit.allCases.map { PlacesWeb.KitLink(label: $0.label, href: Page.kit(token: token).path + "/" + $0.rawValue) },
            kit: kit?.label, items: kit.map { $0.items.enumerated().map { KitItem(index: $0.offset, label: $0.element) } } ?? [],
            action: kit.map { Page.kit(token: token).path + "/" + $0.rawValue } ?? "", errors: errors, thanks: thanks)
        var response = renderer.page(
            "kit", title: "Trousse d'activation — \(place.name)", body: body, path: Page.kit(token: token).path, viewer: context, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
