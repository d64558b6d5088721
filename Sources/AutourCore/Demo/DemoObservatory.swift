import Foundation

/// The Observatory's part of the demo: the months of the current year before the Radar's own
/// three months of history (signals worked and closed, with their first contact) and a year of
/// follow-ups in the files, so the dashboard and the yearly report have a year to show; and the
/// coordinator's comments of the report. Written in our own words.
public struct DemoObservatory: Sendable {
    public struct EarlierSignal: Sendable {
        public let at: Date
        public let input: SignalInput
        public let contactAfterHours: Int
        public let outcome: SignalOutcome
    }

    public struct EarlierFollowUp: Sendable {
        public let at: Date
        /// An index into the demo's inhabitants.
        public let inhabitant: Int
        public let kind: FollowUpKind
        public let summary: String
    }

    public let year: Int
    public let signals: [EarlierSignal]
    public let followUps: [EarlierFollowUp]
    public let comments: ReportComments
    /// Made-up census figures of the right order for a town of 50 000 (not INSEE's): the
    /// Mas du Taureau younger and poorer, the Village older.
    public let context: ContextFigures

    public init(seed: UInt64, neighbourhoods: [String], inhabitants: Int, now: Date) {
        var rng = SeededGenerator(seed: seed &+ 19)
        let calendar = FrenchTime.calendar
        let year = calendar.component(.year, from: now)
        self.year = year
        let start = calendar.date(from: DateComponents(year: year, month: 1, day: 1))!
        // The Radar's demo covers the last three months; this fills the year before them.
        let radarStart = now.addingTimeInterval(-95 * 86_400)
        let days = max(0, Int(radarStart.timeIntervalSince(start) / 86_400))
        func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
        let descriptions = [
            "Dame âgée qu'on ne voit plus au marché.", "Monsieur seul, volets fermés depuis des jours.", "Famille qui semble manquer de tout.",
            "Voisin très amaigri, ne sort plus.", "Personne âgée perdue dans le quartier.",
        ]
        // More isolation than anything else, and more in the Mas du Taureau: what a year of
        // watchers' signals typically looks like on a territory with one struggling estate.
        let kinds: [SignalKind] = [.isolation, .isolation, .isolation, .isolation, .food, .food, .housing, .healthWorry, .financial, .other]
        let outcomes: [SignalOutcome] = [.supported, .supported, .supported, .referred, .referred, .noNeed, .declined, .unreachable]
        let places = neighbourhoods.indices.flatMap { index in Array(repeating: index, count: index == 1 ? 3 : 1) }
        signals = (0..<(days * 2 / 5)).map { _ in
            let at = start.addingTimeInterval(Double(Int.random(in: 0..<max(1, days), using: &rng)) * 86_400 + 9 * 3_600)
            let kind = pick(kinds)
            return EarlierSignal(
                at: at,
                input: SignalInput(
                    kind: kind.rawValue, urgency: "normal", personDescription: pick(descriptions),
                    neighbourhood: neighbourhoods[pick(places)], consentToContact: "yes"),
                contactAfterHours: pick([4, 20, 30, 50, 70, 100]), outcome: pick(outcomes))
        }.sorted { $0.at < $1.at }
        let notes: [(FollowUpKind, String)] = [
            (.phoneCall, "Point au téléphone sur les démarches en cours."), (.homeVisit, "Visite : le logement est chauffé, le frigo rempli."),
            (.reception, "Reçue au CCAS pour un dossier d'aide."), (.meeting, "Rendez-vous avec la conseillère pour le budget."),
        ]
        let daysSoFar = max(1, Int(now.timeIntervalSince(start) / 86_400))
        followUps = (0..<(daysSoFar * 2 / 5)).map { _ in
            let note = pick(notes)
            return EarlierFollowUp(
                at: start.addingTimeInterval(Double(Int.random(in: 0..<daysSoFar, using: &rng)) * 86_400 + 10 * 3_600),
                inhabitant: Int.random(in: 0..<max(1, inhabitants), using: &rng), kind: note.0, summary: note.1)
        }.sorted { $0.at < $1.at }
        let shares = [0.19, 0.20, 0.20, 0.18, 0.14, 0.09]
        context = ContextFigures(
            places: Dictionary(
                uniqueKeysWithValues: neighbourhoods.enumerated().map { index, name in
                    let inhabitants = [9_800, 11_200, 6_400, 3_900, 7_600, 6_100, 5_300][index % 7]
                    let younger = index == 1 ? 1.25 : index == 3 ? 0.7 : 1.0
                    let bands = shares.enumerated().map { band, share in Int(Double(inhabitants) * share * (band < 2 ? younger : 2 - younger)) }
                    return (
                        name,
                        ContextFigures.Place(
                            bands: bands, households: inhabitants * 10 / 24, povertyRate: [21.5, 38.2, 24.0, 9.6, 17.3, 19.8, 22.4][index % 7])
                    )
                }))
        comments = ReportComments(
            summary: """
                L'année a confirmé le rôle des veilleurs : la plupart des personnes isolées que le CCAS accompagne aujourd'hui \
                lui ont été signalées par un voisin, un commerçant ou un partenaire, et non par une demande au guichet.

                Le Mas du Taureau concentre une part des signalements bien plus forte que sa part des habitants. Le conseil \
                d'administration est invité à y renforcer la présence du CCAS : permanence hebdomadaire, veilleurs formés dans les \
                commerces, convivialité au pied des immeubles.
                """,
            chapters: [
                IndicatorTheme.isolation.rawValue: """
                L'isolement reste le premier motif de signalement. Le premier contact a lieu le plus souvent dans les trois \
                jours ; les signalements restés sans contact plus longtemps concernent des personnes injoignables au téléphone, \
                pour lesquelles une visite est désormais prévue d'emblée.
                """,
                IndicatorTheme.rights.rawValue: """
                L'étude des droits a fait apparaître des prestations non demandées, surtout la complémentaire santé solidaire. \
                Les bons santé et les aides facultatives prennent le relais le temps que les droits s'ouvrent.
                """,
            ])
    }
}
