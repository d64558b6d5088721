import AutourCore
import AutourStore
import Foundation
import Hummingbird

/// One household's page: the situation the agent reviews (members, resources, housing, what it
/// already receives), its screening with the next steps, and the « what if » simulation that
/// changes nothing stored.
struct SituationWeb {
    let store: Store
    let renderer: WebRenderer
    let clock: WallClock
    var service: RightsService { store.rightsService }

    struct IncomeField { let name: String, id: String, label: String, help: String, value: String, error: String? }
    struct MemberField {
        let index: Int, legend: String, personId: String, roles: [Option], birthDate: String, birthError: String?, incomes: [IncomeField]
        let disabled: Bool
    }
    struct ResultRow {
        let label: String, amount: String, before: String?, eligible: Bool, nonTakeUp: Bool, organisation: String, nextStep: String
    }
    struct ResultView { let heading: String, period: String, rows: [ResultRow], hasBefore: Bool, stored: Bool, screenedAt: String? }
    struct Body {
        let id: String, fileHref: String, name: String, reviewed: Bool, members: [MemberField], statuses: [Option], rent: String, rentError: String?
        let commune: String, communeError: String?, socialHousing: Bool, receives: [Option], period: String, periodError: String?
        let result: ResultView?, unavailable: String?, notice: String?, summary: String?, configured: Bool, findings: [FindingLink], hasFindings: Bool
    }
    struct FindingLink { let href: String, label: String, amount: String, deadline: String, outcome: String }

    func addRoutes(to web: RouterGroup<SignedInContext>) {
        web.get("/droits/personnes/{id}") { request, context in
            let view = try await service.situation(personId: try context.pathID(), actor: context.actor)
            let notice = request.uri.queryParameters["ok"].map { $0 == "etudie" ? "Situation enregistrée et droits étudiés." : "Situation enregistrée." }
            let latest = try await service.latestScreening(personId: view.person.id, actor: context.actor)
            return try await page(
                view, form: nil, errors: [:], result: latest.map { stored(view.situation, $0) }, notice: notice, context: context)
        }
        web.post("/droits/personnes/{id}") { request, context in
            let view = try await service.situation(personId: try context.pathID(), actor: context.actor)
            let form = try await FormData.read(request, context: context)
            let action = form.text("action")
            var errors: [String: String] = [:]
            let situation = Self.situation(form, errors: &errors)
            let period = Self.period(form, errors: &errors, today: clock.now())
            do {
                guard errors.isEmpty else { throw AutourError.invalid("La situation du foyer est à compléter.", fields: errors) }
                switch action {
                case "simulate":
                    // Nothing is stored: the result is shown beside the last screening.
                    let latest = try await service.latestScreening(personId: view.person.id, actor: context.actor)
                    let result = try await service.simulate(situation, period: period)
                    return try await page(
                        view, form: form, errors: [:], result: simulated(situation, result, before: latest?.result), notice: nil, context: context)
                case "screen":
                    _ = try await service.saveSituation(situation, personId: view.person.id, actor: context.actor)
                    do {
                        _ = try await service.screen(personId: view.person.id, period: period, actor: context.actor)
                    } catch let error as OpenFiscaUnavailable {
                        let saved = try await service.situation(personId: view.person.id, actor: context.actor)
                        return try await page(
                            saved, form: nil, errors: [:], result: nil, notice: "Situation enregistrée.", unavailable: error, context: context)
                    }
                    return Response.redirect(to: .rightsSituation(view.person.id), ok: "etudie", anchor: "resultats")
                default:
                    _ = try await service.saveSituation(situation, personId: view.person.id, actor: context.actor)
                    return Response.redirect(to: .rightsSituation(view.person.id), ok: "enregistre")
                }
            } catch let error as AutourError {
                guard case .invalid = error else { throw error }
                return try await page(view, form: form, errors: error.fields, result: nil, notice: nil, summary: error.message, context: context)
            } catch let error as OpenFiscaUnavailable {
                return try await page(view, form: form, errors: [:], result: nil, notice: nil, unavailable: error, context: context)
            }
        }
    }

    // MARK: Form

    static let maximumRows = SituationRules.maximumMembers

    /// The situation typed in the form. A member row whose role is empty is left out (the blank
    /// row adds a member, « retirer » removes one). Amounts go through the checked number path.
    static func situation(_ form: FormData, errors: inout [String: String]) -> HouseholdSituation {
        var members: [HouseholdMember] = []
        for index in 0..<maximumRows {
            guard let role = HouseholdRole(rawValue: form.text("members.\(index).role")) else { continue }
            var income: [IncomeKind: Double] = [:]
            for kind in IncomeKind.allCases {
                let name = "members.\(index).\(kind.rawValue)"
                let text = form.text(name)
                guard !text.isEmpty else { continue }
                if let value = NumberInput.decimal(text, in: 0...SituationRules.maximumMonthlyIncome) {
                    income[kind] = value
                } else {
                    errors[name] = "\(kind.label) : un montant mensuel en euros, de 0 à \(Int(SituationRules.maximumMonthlyIncome))."
                }
            }
            members.append(
                HouseholdMember(
                    role: role, birthDate: form.text("members.\(index).birthDate"), monthlyIncome: income,
                    disabled: form["members.\(index).disabled"] != nil ? true : nil, personId: UUID(uuidString: form.text("members.\(index).personId"))))
        }
        var rent: Double?
        if !form.text("rent").isEmpty {
            rent = NumberInput.decimal(form.text("rent"), in: 0...SituationRules.maximumRent)
            if rent == nil { errors["rent"] = "Loyer : un montant mensuel en euros, de 0 à \(Int(SituationRules.maximumRent))." }
        }
        return HouseholdSituation(
            members: members,
            housing: Housing(
                status: HousingStatus(rawValue: form.text("status")) ?? .tenant, rent: rent, commune: form.text("commune").uppercased(),
                socialHousing: form["socialHousing"] != nil ? true : nil),
            receives: Benefit.allCases.filter { form["receives.\($0.rawValue)"] != nil })
    }

    static func period(_ form: FormData, errors: inout [String: String], today: Date) -> YearMonth {
        do { return try SituationRules.period(form.text("period"), today: today) } catch {
            errors["period"] = error.fields["period"]
            return YearMonth(containing: today)
        }
    }

    func page(
        _ view: RightsService.SituationView, form: FormData?, errors: [String: String], result: ResultView?, notice: String?,
        summary: String? = nil, unavailable: OpenFiscaUnavailable? = nil, context: SignedInContext
    ) async throws -> Response {
        // What is shown: what was typed when the form comes back, otherwise the situation.
        let situation = view.situation
        func value(_ name: String, _ fallback: String) -> String { form.map { $0.text(name) } ?? fallback }
        let rowCount = form == nil ? situation.members.count + 1 : Self.maximumRows
        var members: [MemberField] = []
        for index in 0..<min(rowCount, Self.maximumRows) {
            let member = index < situation.members.count ? situation.members[index] : nil
            let role = value("members.\(index).role", member?.role.rawValue ?? "")
            if form != nil, role.isEmpty, index > situation.members.count { continue }
            members.append(
                MemberField(
                    index: index, legend: member == nil ? "Ajouter une personne au foyer" : "Personne \(index + 1)",
                    personId: value("members.\(index).personId", member?.personId.map { $0.uuidString.lowercased() } ?? ""),
                    roles: [Option(value: "", label: member == nil ? "— choisir —" : "— retirer du foyer —", selected: role.isEmpty)]
                        + HouseholdRole.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == role) },
                    birthDate: value("members.\(index).birthDate", member?.birthDate ?? ""), birthError: errors["members.\(index).birthDate"],
                    incomes: IncomeKind.allCases.map { kind in
                        let name = "members.\(index).\(kind.rawValue)"
                        let amount = member.map { $0.income(kind) } ?? 0
                        return IncomeField(
                            name: name, id: "m\(index)-\(kind.rawValue)", label: kind.label, help: kind.help,
                            value: value(name, amount > 0 ? Self.amount(amount) : ""), error: errors[name])
                    },
                    disabled: form.map { $0["members.\(index).disabled"] != nil } ?? (member?.disabled == true)))
        }
        let status = value("status", situation.housing.status.rawValue)
        let receives = form.map { form in Set(Benefit.allCases.filter { form["receives.\($0.rawValue)"] != nil }) } ?? Set(situation.receives)
        let findings = try await service.findings(personId: view.person.id, actor: context.actor).filter { $0.outcome == .open }
        let body = Body(
            id: view.person.id.uuidString.lowercased(), fileHref: Page.person(view.person.id).path, name: view.person.displayName, reviewed: view.reviewed,
            members: members, statuses: HousingStatus.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == status) },
            rent: value("rent", situation.housing.rent.map(Self.amount) ?? ""), rentError: errors["rent"],
            commune: value("commune", situation.housing.commune), communeError: errors["commune"],
            socialHousing: form.map { $0["socialHousing"] != nil } ?? (situation.housing.socialHousing == true),
            receives: Benefit.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: receives.contains($0)) },
            period: value("period", service.currentPeriod.description), periodError: errors["period"],
            result: result, unavailable: unavailable?.message ?? (service.isConfigured ? nil : OpenFiscaUnavailable.notConfigured.message),
            notice: notice, summary: summary ?? errors["members"].map { "La situation du foyer est à compléter. \($0)" }, configured: service.isConfigured,
            findings: findings.map(RightsWeb.link), hasFindings: !findings.isEmpty)
        let status422 = summary != nil || !errors.isEmpty
        return renderer.page(
            "rights_situation", title: "Droits — \(view.person.displayName)", body: body, path: Page.rights.path, viewer: context,
            status: unavailable != nil ? .serviceUnavailable : (status422 ? .unprocessableContent : .ok))
    }

    /// « 912 » or « 912,50 », as a French form field shows an amount.
    static func amount(_ value: Double) -> String {
        let cents = FrenchMoney.cents(value) ?? 0
        return cents % 100 == 0 ? "\(cents / 100)" : "\(cents / 100),\(String(format: "%02d", cents % 100))"
    }

    // MARK: Results

    func rows(_ situation: HouseholdSituation, _ result: ScreeningResult, before: ScreeningResult?) -> [ResultRow] {
        let missing = Set(NonTakeUpRules.findings(result, receives: situation.receives).map(\.benefit))
        return result.benefits.map { item in
            ResultRow(
                label: item.benefit.label, amount: item.amountText, before: before?.result(item.benefit)?.amountText, eligible: item.eligible,
                nonTakeUp: missing.contains(item.benefit), organisation: item.benefit.organisation, nextStep: item.benefit.nextStep)
        }
    }

    func stored(_ situation: HouseholdSituation, _ screening: RightsRepository.Screening) -> ResultView {
        ResultView(
            heading: "Droits probables", period: screening.result.period.label, rows: rows(situation, screening.result, before: nil), hasBefore: false,
            stored: true, screenedAt: FrenchFormat.dateTime(screening.screenedAt))
    }

    func simulated(_ situation: HouseholdSituation, _ result: ScreeningResult, before: ScreeningResult?) -> ResultView {
        ResultView(
            heading: "Simulation (rien n'est enregistré)", period: result.period.label, rows: rows(situation, result, before: before),
            hasBefore: before != nil, stored: false, screenedAt: nil)
    }
}

/// The Rights section of a person's file: when the household was last screened, the follow-ups
/// still open, and the link to the household's page.
struct RightsPanel {
    let href: String, latest: String, findings: [SituationWeb.FindingLink], hasFindings: Bool

    static func load(for person: Person, store: Store, actor: Actor) async throws -> RightsPanel? {
        guard person.erasedAt == nil, Permissions.can(actor, .screenRights) else { return nil }
        let service = store.rightsService
        let latest = try await service.latestScreening(personId: person.id, actor: actor)
        let open = try await service.findings(personId: person.id, actor: actor).filter { $0.outcome == .open }
        return RightsPanel(
            href: Page.rightsSituation(person.id).path,
            latest: latest.map { "Dernière étude des droits le \(FrenchFormat.dateTime($0.screenedAt)), pour \($0.result.period.label)." }
                ?? "Les droits de ce foyer n'ont pas encore été étudiés.",
            findings: open.map(RightsWeb.link), hasFindings: !open.isEmpty)
    }
}
