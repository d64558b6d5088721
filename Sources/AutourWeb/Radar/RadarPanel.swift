import AutourCore
import AutourStore
import Foundation

/// The Radar's part of a person's file: the signals linked to it, the register entry and the
/// check-in calls. The People page shows it without knowing the Radar's rules.
struct RadarPanel {
    struct Choice { let value: String; let label: String; let selected: Bool }
    struct SignalRow { let id: String; let label: String }
    let signals: [SignalRow]
    let hasSignals: Bool
    let registered: String?
    let renewal: Bool
    let checkIn: String?
    let callers: [Choice]
    let frequency: Int
    /// Why the check-in form was refused, shown next to it.
    let error: String?

    static func load(for person: Person, store: Store, now: Date, error: String? = nil) async throws -> RadarPanel {
        let signals = try await store.signals.signals(personId: person.id)
        let entry = try await store.register.entry(personId: person.id)
        let consents = try await store.people.consents(personId: person.id)
        let plan = try await store.checkIns.activePlan(personId: person.id)
        let accounts = try await store.accounts.list(territoryId: person.territoryId)
            .filter { $0.active && ($0.roles.contains(.agent) || $0.roles.contains(.volunteer)) }
        let names = accounts.namesById
        let registered = entry.map { e in
            let until =
                RegisterRules.consentExpiry(consents, now: now).map { "consentement valable jusqu'au \(FrenchFormat.dateTime($0))" }
                ?? "consentement expiré"
            return "Inscrite le \(FrenchFormat.dateTime(e.registeredAt)) (\(e.reasons.map(\.label).sorted().joined(separator: ", "))) — \(until)."
        }
        return RadarPanel(
            signals: signals.map {
                SignalRow(
                    id: $0.id.uuidString.lowercased(),
                    label: "\($0.kind.label) — \(FrenchFormat.dateTime($0.createdAt)) — \($0.status.label)\($0.outcome.map { " : \($0.label)" } ?? "")")
            },
            hasSignals: !signals.isEmpty, registered: registered,
            renewal: entry != nil && RegisterRules.needsRenewal(consents, now: now),
            checkIn: plan.map {
                "Appelée \(CheckInRules.frequencyLabel($0.frequencyDays)) par \(names[$0.callerId] ?? "—") ; prochain appel le \(FrenchFormat.dateTime($0.nextDueAt))."
            },
            callers: accounts.map { Choice(value: $0.id.uuidString.lowercased(), label: $0.name, selected: $0.id == plan?.callerId) },
            frequency: plan?.frequencyDays ?? 7, error: error)
    }
}
