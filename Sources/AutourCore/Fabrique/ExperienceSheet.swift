import Foundation

/// An experience sheet of the Fabrique: what a CCAS tried, how, with whom, for what result and
/// what it learnt, so that another can start from it. A sheet is written as a draft, sent for
/// review, then published by a coordinator (or sent back with a note); only a published sheet is
/// searched, and only a published sheet marked `shared` is seen by the instance's other territories.
public struct ExperienceSheet: Sendable, Equatable, Codable {
    public var id: UUID
    public var territoryId: UUID
    /// The territory that wrote it, for a sheet shared by another one.
    public var territoryName: String
    public var content: SheetContent
    public var status: SheetStatus
    public var shared: Bool
    /// The coordinator's note when the sheet was sent back.
    public var reviewNote: String
    public var authorId: UUID?
    public var updatedAt: Date
    public var publishedAt: Date?

    public init(
        id: UUID, territoryId: UUID, territoryName: String, content: SheetContent, status: SheetStatus, shared: Bool, reviewNote: String,
        authorId: UUID?, updatedAt: Date, publishedAt: Date?
    ) {
        (self.id, self.territoryId, self.territoryName, self.content, self.status) = (id, territoryId, territoryName, content, status)
        (self.shared, self.reviewNote, self.authorId, self.updatedAt, self.publishedAt) = (shared, reviewNote, authorId, updatedAt, publishedAt)
    }
}

public enum SheetStatus: String, CaseIterable, Sendable, Codable {
    case draft, review, published

    public var label: String {
        switch self {
        case .draft: "Brouillon"
        case .review: "À relire"
        case .published: "Publiée"
        }
    }
}

/// What the sheet is about, for the search's filter.
public enum SheetTheme: String, CaseIterable, Sendable, Codable {
    case isolation, rights, housing, food, mobility, digital, employment, health, youth, ageing, participation

    public var label: String {
        switch self {
        case .isolation: "Isolement et lien social"
        case .rights: "Accès aux droits"
        case .housing: "Logement"
        case .food: "Alimentation"
        case .mobility: "Mobilité"
        case .digital: "Numérique"
        case .employment: "Emploi et insertion"
        case .health: "Santé"
        case .youth: "Jeunesse et familles"
        case .ageing: "Vieillissement"
        case .participation: "Participation des habitants"
        }
    }
}

/// The size of the commune where the experience took place: what works in a village of 800
/// inhabitants is not what works in a city.
public enum CommuneSize: String, CaseIterable, Sendable, Codable {
    case village, town, city, metropolis

    public init(population: Int) {
        self =
            switch population {
            case ..<2_000: .village
            case ..<10_000: .town
            case ..<50_000: .city
            default: .metropolis
            }
    }

    public var label: String {
        switch self {
        case .village: "Moins de 2 000 habitants"
        case .town: "De 2 000 à 10 000 habitants"
        case .city: "De 10 000 à 50 000 habitants"
        case .metropolis: "Plus de 50 000 habitants"
        }
    }
}

/// Everything a person writes in a sheet.
public struct SheetContent: Sendable, Equatable, Codable {
    public var title: String
    public var context: String
    public var goals: String
    public var actions: String
    /// Means and costs: people, places, money (in words).
    public var means: String
    /// What it cost in all, in euros, when known.
    public var costEuros: Int?
    public var partners: String
    /// Results, with the figures that show them.
    public var results: String
    public var lessons: String
    public var figures: [ManualFigure]
    public var theme: SheetTheme
    public var communeSize: CommuneSize
    public var contact: String

    public init(
        title: String, context: String, goals: String, actions: String, means: String, costEuros: Int?, partners: String, results: String,
        lessons: String, figures: [ManualFigure], theme: SheetTheme, communeSize: CommuneSize, contact: String
    ) {
        (self.title, self.context, self.goals, self.actions, self.means, self.costEuros) = (title, context, goals, actions, means, costEuros)
        (self.partners, self.results, self.lessons, self.figures, self.theme) = (partners, results, lessons, figures, theme)
        (self.communeSize, self.contact) = (communeSize, contact)
    }

    /// The texts of each part the search reads (`SheetPart`); the contact is not searched.
    public var parts: [SheetPart: [String]] {
        [.title: [title], .summary: [context, goals], .outcome: [results, lessons], .body: [actions, means, partners]]
    }

    /// The sheet's distinct terms by part, in order.
    public var partTerms: [SheetPart: [String]] {
        parts.mapValues { texts in
            var seen = Set<String>()
            return texts.flatMap(FrenchSearch.terms).filter { seen.insert($0).inserted }
        }
    }

    /// The texts an excerpt is taken from, in the order a reader meets them.
    public var excerptSources: [String] { [context, goals, actions, results, lessons, means, partners] }
}

/// What a sheet's form or an imported file may hold.
public enum SheetRules {
    public static let titleRange = 5...150
    public static let longText = 0...5_000
    public static let maxCost = 100_000_000

    /// A sheet as typed: every text trimmed and capped, a cost in whole euros, known figures,
    /// theme and size. A draft may be incomplete; `complete` checks what review needs.
    public static func validated(
        title: String, context: String, goals: String, actions: String, means: String, cost: String, partners: String, results: String,
        lessons: String, figures: [String], theme: String, communeSize: String, contact: String
    ) throws(AutourError) -> SheetContent {
        var errors = FieldErrors()
        var costEuros: Int?
        do throws(AutourError) { costEuros = try NumberInput.optionalInteger(cost, field: "cost", in: 0...maxCost, unit: "€") } catch {
            errors.add("cost", error.fields["cost"] ?? "Un montant en euros, sans centimes.")
        }
        let content = SheetContent(
            title: errors.text(title, titleRange, field: "title", label: "Le titre"),
            context: errors.text(context, longText, field: "context", label: "Le contexte"),
            goals: errors.text(goals, longText, field: "goals", label: "Les objectifs"),
            actions: errors.text(actions, longText, field: "actions", label: "Les actions"),
            means: errors.text(means, longText, field: "means", label: "Les moyens"),
            costEuros: costEuros,
            partners: errors.text(partners, longText, field: "partners", label: "Les partenaires"),
            results: errors.text(results, longText, field: "results", label: "Les résultats"),
            lessons: errors.text(lessons, longText, field: "lessons", label: "Les enseignements"),
            figures: {
                let known = figures.compactMap(ManualFigure.init(rawValue:))
                if known.count != figures.count { errors.add("figures", "Une figure cochée n'existe pas.") }
                return ManualFigure.allCases.filter(known.contains)
            }(),
            theme: SheetTheme(rawValue: theme)
                ?? {
                    errors.add("theme", "Choisissez un thème.")
                    return .isolation
                }(),
            communeSize: CommuneSize(rawValue: communeSize)
                ?? {
                    errors.add("communeSize", "Choisissez la taille de la commune.")
                    return .town
                }(),
            contact: errors.text(contact, 0...300, field: "contact", label: "Le contact"))
        try errors.throwIfAny("La fiche est à corriger.")
        return content
    }

    /// What a sheet needs before a coordinator reads it: a context, goals, what was done, results
    /// and lessons, and at least one figure of the manual.
    public static func complete(_ content: SheetContent) throws(AutourError) {
        var errors = FieldErrors()
        for (field, value, label) in [
            ("context", content.context, "Le contexte"), ("goals", content.goals, "Les objectifs"), ("actions", content.actions, "Les actions"),
            ("results", content.results, "Les résultats"), ("lessons", content.lessons, "Les enseignements"),
        ] where value.count < 20 {
            errors.add(field, "\(label) : au moins 20 caractères avant la relecture.")
        }
        if content.figures.isEmpty { errors.add("figures", "Cochez au moins une figure du manuel.") }
        try errors.throwIfAny("La fiche n'est pas prête à relire.")
    }
}

/// The file CCAS exchange sheets with (`fabrique.json`): published sheets only, without their
/// ids, authors or territory's internals, so that importing makes new drafts of one's own.
public struct SheetExchange: Sendable, Equatable, Codable {
    public static let format = "autour-fabrique"
    public static let maxSheets = 1_000

    public struct Sheet: Sendable, Equatable, Codable {
        public var from: String
        public var publishedAt: Date?
        public var content: SheetContent

        public init(from: String, publishedAt: Date?, content: SheetContent) { (self.from, self.publishedAt, self.content) = (from, publishedAt, content) }
    }

    public var format: String
    public var version: Int
    public var sheets: [Sheet]

    public init(sheets: [Sheet]) { (format, version, self.sheets) = (Self.format, 1, sheets) }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    /// A received file, read whole or refused with the reason: every sheet goes through
    /// `SheetRules.validated` as if it had been typed.
    public static func decoded(_ data: Data) throws(AutourError) -> SheetExchange {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let file: SheetExchange
        do { file = try decoder.decode(SheetExchange.self, from: data) } catch {
            throw .invalid("Ce fichier n'est pas un export de fiches de la Fabrique.", fields: ["file": "Fichier JSON illisible."])
        }
        guard file.format == format, file.version == 1 else {
            throw .invalid("Ce fichier n'est pas un export de fiches de la Fabrique.", fields: ["file": "Format ou version inconnus."])
        }
        guard (1...maxSheets).contains(file.sheets.count) else {
            throw .invalid("Un fichier apporte de 1 à \(maxSheets) fiches.", fields: ["file": "Nombre de fiches hors limites."])
        }
        var sheets: [Sheet] = []
        for (index, sheet) in file.sheets.enumerated() {
            let c = sheet.content
            do {
                let valid = try SheetRules.validated(
                    title: c.title, context: c.context, goals: c.goals, actions: c.actions, means: c.means, cost: c.costEuros.map(String.init) ?? "",
                    partners: c.partners, results: c.results, lessons: c.lessons, figures: c.figures.map(\.rawValue), theme: c.theme.rawValue,
                    communeSize: c.communeSize.rawValue, contact: c.contact)
                sheets.append(Sheet(from: String(sheet.from.prefix(200)), publishedAt: sheet.publishedAt, content: valid))
            } catch {
                throw .invalid("La fiche n° \(index + 1) du fichier est à corriger : \(error.summary)", fields: ["file": error.summary])
            }
        }
        return SheetExchange(sheets: sheets)
    }
}

/// The search's filters: one figure of the manual, one theme, one size of commune.
public struct SheetFilters: Sendable, Equatable {
    public var figure: ManualFigure?
    public var theme: SheetTheme?
    public var communeSize: CommuneSize?

    public init(figure: ManualFigure? = nil, theme: SheetTheme? = nil, communeSize: CommuneSize? = nil) {
        (self.figure, self.theme, self.communeSize) = (figure, theme, communeSize)
    }

    public static let none = SheetFilters()
}
