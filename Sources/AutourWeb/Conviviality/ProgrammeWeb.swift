import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// The public side of the programme: the list of events, each event's page with its
/// registration form, the calendar feed, and an inhabitant's own registration link. No account,
/// and no one's name on any of them.
struct ProgrammeWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    /// Public registrations per client address and hour.
    let limiter: AddressLimiter
    let trustedProxies: Set<String>
    var service: ConvivialityService { store.convivialityService }

    static let registrationsPerAddressPerHour = 20

    struct EventCard {
        let title: String, kind: String, when: String, venue: String, address: String?, price: String, places: String, href: String
        let accessibility: String?, description: String?
    }
    struct ListBody { let territoryName: String; let events: [EventCard]; let feed: String; let empty: Bool }
    struct EventBody {
        let event: EventCard, open: Bool, cancelled: Bool, full: Bool, action: String, programme: String
        let firstName: String, contact: String, seats: String, mixity: [MixityForm.Question], errors: [String: String], summary: String?
    }
    struct RegistrationBody {
        let event: EventCard, firstName: String, number: Int, seats: Int, status: String, confirmed: Bool, waiting: Bool, cancelled: Bool
        let rank: Int?, cancel: String, ended: Bool, eventCancelled: Bool, notice: String?
    }

    static func card(_ event: ConvivialEvent, slug: String) -> EventCard {
        EventCard(
            title: event.title, kind: event.kind.label, when: when(event), venue: event.venueName, address: event.venueAddress.nilIfEmpty,
            price: event.priceText,
            places: event.cancelledAt != nil
                ? "Annulé"
                : event.placesLeft > 0
                    ? FrenchText.count(event.placesLeft, "place libre", "places libres")
                    : (event.waiting > 0 ? "Complet — liste d'attente ouverte" : "Complet — liste d'attente"),
            href: Page.programmeEvent(slug: slug, event.id).path, accessibility: event.accessibility.nilIfEmpty,
            description: event.description.nilIfEmpty)
    }

    /// « Samedi 12/12/2026, 14h00 – 17h00 » (or two dates when it runs over midnight).
    static func when(_ event: ConvivialEvent) -> String {
        let start = FrenchFormat.dateTime(event.startsAt), end = FrenchFormat.dateTime(event.endsAt)
        let sameDay = FrenchFormat.date(event.startsAt) == FrenchFormat.date(event.endsAt)
        return "\(FrenchFormat.weekday(event.startsAt)) \(start) – \(sameDay ? String(end.suffix(5)) : end)"
    }

    func addPublicRoutes(to router: Router<AppContext>) {
        router.get("/programme/{slug}") { _, context in
            let territory = try await context.territory(from: store)
            let events = try await service.programme(territory: territory)
            let body = ListBody(
                territoryName: territory.name, events: events.map { Self.card($0, slug: territory.slug) },
                feed: Page.programmeFeed(slug: territory.slug).path, empty: events.isEmpty)
            return renderer.page(
                "programme", title: "Programme des rendez-vous conviviaux", body: body, path: Page.programme(slug: territory.slug).path, viewer: context)
        }
        router.get("/programme/{slug}/calendrier.ics") { _, context in
            let territory = try await context.territory(from: store)
            let events = try await service.programme(territory: territory).map { event in
                ICalendar.Event(
                    uid: "\(event.id.uuidString.lowercased())@autour", start: event.startsAt, end: event.endsAt,
                    summary: "\(event.title) (\(event.kind.label.lowercased()))",
                    description: [event.description, event.priceText, event.accessibility].filter { !$0.isEmpty }.joined(separator: "\n"),
                    location: [event.venueName, event.venueAddress].filter { !$0.isEmpty }.joined(separator: ", "), updated: clock.now(),
                    cancelled: event.cancelledAt != nil)
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/calendar; charset=utf-8",
                    .contentDisposition: "inline; filename=\"programme-\(territory.slug).ics\"",
                ],
                body: .init(byteBuffer: ByteBuffer(string: ICalendar.feed(name: "Programme — \(territory.name)", events: events))))
        }
        router.get("/programme/{slug}/{id}") { _, context in
            let territory = try await context.territory(from: store)
            let event = try await service.event(id: try context.pathID(), territory: territory)
            return eventPage(event, territory: territory, viewer: context, values: [:], error: nil)
        }
        router.post("/programme/{slug}/{id}") { request, context in
            let territory = try await context.territory(from: store)
            let event = try await service.event(id: try context.pathID(), territory: territory)
            let form = try await FormData.read(request, context: context)
            return try await limiter.admit(request, context, trusted: trustedProxies, now: clock.now()) {
                var stored = false
                let response = try await FormData.submit {
                    let seats = try form.integer("seats", in: 1...ConvivialityService.householdSeats, unit: "places")
                    let receipt = try await service.registerPublicly(
                        eventId: event.id, RegistrationInput(firstName: form.text("firstName"), contact: form.text("contact"), seats: seats),
                        mixity: MixityForm.answers(form), territory: territory)
                    stored = true
                    return Response.seeOther(Page.myRegistration(link: receipt.link ?? "").url(ok: "1"))
                } reshow: { error in
                    eventPage(event, territory: territory, viewer: context, values: form.values, error: error)
                }
                return (response, stored)
            }
        }
        router.get("/inscription/{link}") { request, context in
            guard let link = context.parameters.get("link") else { throw AutourError.notFound }
            let (registration, event, rank) = try await service.registration(link: link)
            let territory = try await store.territories.find(id: event.territoryId)
            let body = RegistrationBody(
                event: Self.card(event, slug: territory?.slug ?? ""), firstName: registration.firstName, number: registration.number,
                seats: registration.seats, status: registration.status.label, confirmed: registration.status == .confirmed,
                waiting: registration.status == .waiting, cancelled: registration.status == .cancelled, rank: rank,
                cancel: Page.myRegistration(link: link).path + "/annuler", ended: event.endsAt <= clock.now(),
                eventCancelled: event.cancelledAt != nil,
                notice: request.uri.queryParameters["ok"].map { $0 == "annulee" ? "Votre inscription est annulée." : "Votre inscription est enregistrée." })
            // The link is the registration's only key: it must not be kept by shared caches.
            var response = renderer.page(
                "programme_registration", title: "Votre inscription", body: body, path: Page.myRegistration(link: link).path, viewer: context)
            response.headers[.cacheControl] = "no-store"
            return response
        }
        router.post("/inscription/{link}/annuler") { _, context in
            guard let link = context.parameters.get("link") else { throw AutourError.notFound }
            try await service.cancel(link: link)
            return Response.seeOther(Page.myRegistration(link: link).url(ok: "annulee"))
        }
    }

    private func eventPage(
        _ event: ConvivialEvent, territory: Territory, viewer: AppContext, values: [String: String], error: AutourError?
    ) -> Response {
        let body = EventBody(
            event: Self.card(event, slug: territory.slug), open: event.endsAt > clock.now() && event.cancelledAt == nil,
            cancelled: event.cancelledAt != nil, full: event.placesLeft == 0,
            action: Page.programmeEvent(slug: territory.slug, event.id).path, programme: Page.programme(slug: territory.slug).path,
            firstName: values["firstName"] ?? "", contact: values["contact"] ?? "", seats: values["seats"] ?? "1",
            mixity: MixityForm.questions(territory, values: values), errors: error?.fields ?? [:], summary: error?.message)
        return renderer.page(
            "programme_event", title: event.title, body: body, path: Page.programmeEvent(slug: territory.slug, event.id).path, viewer: viewer,
            status: error == nil ? .ok : .unprocessableContent)
    }
}
