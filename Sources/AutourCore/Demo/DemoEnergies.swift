import Foundation

/// The Energies demo: 300 resource persons, three months of missions done and verified, 80 open
/// needs, and this week a rise of shopping requests in one neighbourhood that the emerging-needs
/// test should notice.
public struct DemoEnergies: Sendable {
    public struct Past: Sendable {
        public let need: NeedInput
        public let resource: Int
        /// Days before now the mission was done.
        public let daysAgo: Double
        public let minutes: Int
        public let verified: Bool
    }

    public let resources: [ResourcePersonInput]
    public let past: [Past]
    public let open: [NeedInput]
    /// Open needs created this week (the rise), among `open`.
    public let risingSkill: String
    public let risingPlace: String

    public init(seed: UInt64, neighbourhoods: [String]) {
        var rng = SeededGenerator(seed: seed &+ 11)
        let skills = EnergiesRules.defaultSkills
        func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
        let first = [
            "Camille", "Yanis", "Inès", "Mathis", "Aïcha", "Hugo", "Léna", "Karim", "Chloé", "Malik", "Sarah", "Théo", "Nadia",
            "Lucas", "Fatou", "Julien", "Amira", "Noah", "Élise", "Omar", "Louise", "Samir", "Manon", "Bilal",
        ]
        let last = ["B.", "M.", "N.", "D.", "G.", "H.", "L.", "T.", "R.", "F.", "C.", "P.", "S.", "V.", "K."]
        let slots = [("09:00", "12:00"), ("14:00", "17:00"), ("18:00", "20:00"), ("10:00", "12:00")]
        var resources: [ResourcePersonInput] = []
        for i in 0..<300 {
            let kind: ResourceKind = i % 20 == 7 ? .professional : (i % 20 == 13 ? .partnerStaff : .volunteer)
            var mine: [String] = []
            for _ in 0..<Int.random(in: 1...3, using: &rng) { let s = pick(skills); if !mine.contains(s) { mine.append(s) } }
            let days = Array(Set((0..<Int.random(in: 1...3, using: &rng)).map { _ in Int.random(in: 1...6, using: &rng) })).sorted()
            let places = Int.random(in: 0..<7, using: &rng) == 0 ? [] : Array(Set([pick(neighbourhoods), pick(neighbourhoods)])).sorted()
            let motivations = Array(Set([pick(Motivation.allCases), pick(Motivation.allCases)])).map(\.rawValue).sorted()
            resources.append(
                ResourcePersonInput(
                    name: "\(pick(first)) \(pick(last))", skills: mine,
                    availability: days.map { day in
                        let s = pick(slots); return .init(weekday: day, start: s.0, end: s.1)
                    },
                    neighbourhoods: places, maxMinutesPerMonth: 60 * [4, 6, 8, 10, 12, 16, 20][Int.random(in: 0..<7, using: &rng)],
                    motivations: motivations, professional: kind.isProfessional, kind: kind.rawValue,
                    languages: ["français"] + (i % 9 == 0 ? ["arabe"] : i % 11 == 0 ? ["portugais"] : [])))
        }
        self.resources = resources
        let titles = [
            "Visite de convivialité": "Visite à une dame âgée qui se sent seule",
            "Accompagnement aux courses": "Accompagner aux courses du samedi",
            "Aide administrative": "Aider à remplir un dossier de retraite",
            "Aide au numérique": "Apprendre à faire une visio avec ses petits-enfants",
            "Petit bricolage": "Poser des barres d'appui dans une salle de bain",
            "Jardinage": "Entretenir le jardin partagé",
            "Transport accompagné": "Accompagner à un rendez-vous médical",
            "Cuisine et repas partagés": "Préparer le repas partagé du quartier",
            "Traduction et interprétariat": "Traduire lors d'un rendez-vous au CCAS",
            "Soutien scolaire": "Aide aux devoirs pour un collégien",
            "Animation d'atelier": "Animer un atelier mémoire",
            "Écoute et soutien": "Appels d'écoute pour une personne isolée",
        ]
        func need(_ skill: String, place: String, professional: Bool = false) -> NeedInput {
            let day = Int.random(in: 1...6, using: &rng)
            let window = pick(slots)
            return NeedInput(
                title: titles[skill] ?? skill, skills: [skill], neighbourhood: place, weekday: day, start: window.0, end: window.1,
                durationMinutes: [60, 90, 120][Int.random(in: 0..<3, using: &rng)], urgency: Int.random(in: 0..<8, using: &rng) == 0 ? "urgent" : "normal",
                professionalOnly: professional)
        }
        var past: [Past] = []
        for _ in 0..<420 {
            let resource = Int.random(in: 0..<300, using: &rng)
            let skill = resources[resource].skills[0]
            past.append(
                Past(
                    need: need(skill, place: resources[resource].neighbourhoods.first ?? pick(neighbourhoods)), resource: resource,
                    daysAgo: Double.random(in: 1...88, using: &rng), minutes: [45, 60, 90, 120, 150][Int.random(in: 0..<5, using: &rng)],
                    verified: Int.random(in: 0..<12, using: &rng) != 0))
        }
        self.past = past
        risingSkill = "Accompagnement aux courses"
        risingPlace = neighbourhoods[1 % neighbourhoods.count]
        let rising = "Accompagnement aux courses", risingAt = neighbourhoods[1 % neighbourhoods.count]
        var openNeeds: [NeedInput] = []
        for _ in 0..<7 { openNeeds.append(need(rising, place: risingAt)) }
        while openNeeds.count < 80 {
            let skill = pick(skills.filter { $0 != rising })
            openNeeds.append(need(skill, place: pick(neighbourhoods), professional: skill == "Aide administrative" && Bool.random(using: &rng)))
        }
        open = openNeeds
    }
}
