import Foundation

/// The Radar's rules for signals: what a sender may write, the deadlines of the triage queue,
/// which moves a signal may make, and which signals look like the same situation.
public enum SignalRules {
    /// Free text stays short: a signal says what was noticed, not a medical story.
    public static let detailsLimit = 500
    public static let nameLimit = 120
    public static let descriptionLimit = 200
    public static let addressLimit = 200
    /// An urgent signal gets a first contact within 24 hours, a normal one within 7 days.
    public static let urgentDelay: TimeInterval = 24 * 3600
    public static let normalDelay: TimeInterval = 7 * 86400
    /// Two signals about the same name or address within 30 days probably describe one situation.
    public static let duplicateWindow: TimeInterval = 30 * 86400

    /// Checks what a sender wrote; every problem is reported at once, by field.
    public static func validate(_ input: SignalInput, territory: Territory, today: Date) throws(AutourError) -> ValidSignal {
        var errors = FieldErrors()
        func clean(_ text: String?, _ field: String, max: Int) -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            if text.count > max { errors.add(field, "\(max) caractères au plus.") }
            return text
        }
        let kind = SignalKind(rawValue: input.kind)
        if kind == nil { errors.add("kind", "Choisissez ce qui vous inquiète.") }
        let urgency = SignalUrgency(rawValue: input.urgency)
        if urgency == nil { errors.add("urgency", "Indiquez si c'est urgent.") }
        let consent = ContactConsent(rawValue: input.consentToContact)
        if consent == nil { errors.add("consentToContact", "Indiquez si la personne accepte d'être contactée.") }
        let name = clean(input.personName, "personName", max: nameLimit)
        let description = clean(input.personDescription, "personDescription", max: descriptionLimit)
        if name == nil, description == nil {
            errors.add("personName", "Donnez le nom de la personne ou, à défaut, une description.")
        }
        let address = clean(input.address, "address", max: addressLimit)
        let details = clean(input.details, "details", max: detailsLimit)
        var neighbourhood: String?
        if let text = clean(input.neighbourhood, "neighbourhood", max: 100) {
            if let match = territory.neighbourhoods.first(where: { SearchText.fold($0.name) == SearchText.fold(text) }) {
                neighbourhood = match.name
            } else {
                errors.add("neighbourhood", "Quartier inconnu sur ce territoire.")
            }
        }
        var discharge: String?
        if kind == .hospitalDischarge {
            if let text = clean(input.dischargeDate, "dischargeDate", max: 10), let day = PersonRules.parseDay(text),
                day >= startOfDay(today).addingTimeInterval(-86400)
            {
                discharge = text
            } else {
                errors.add("dischargeDate", "Indiquez la date de sortie prévue (AAAA-MM-JJ, pas dans le passé).")
            }
        }
        try errors.throwIfAny("Le signalement ne peut pas être envoyé.")
        return ValidSignal(
            kind: kind!, urgency: urgency!, personName: name, personDescription: description, address: address,
            neighbourhood: neighbourhood, details: details, consentToContact: consent!, dischargeDate: discharge)
    }

    /// Hospital discharges come from the discharge teams (partners) or the CCAS itself, not from
    /// watchers: they know a date and a need, which a neighbour does not.
    public static func checkSender(of kind: SignalKind, _ actor: Actor) throws(AutourError) {
        guard kind == .hospitalDischarge, !actor.hasAny([.partner, .agent, .coordinator]) else { return }
        throw .invalid(
            "Les sorties d'hôpital sont signalées par les équipes hospitalières ou le CCAS.",
            fields: ["kind": "Choisissez un autre type : « Sortie d'hôpital » est réservé aux partenaires."])
    }

    /// When the first contact is due: before the discharge date for a hospital discharge, within
    /// 24 hours when urgent, within 7 days otherwise.
    public static func deadline(of signal: Signal) -> Date {
        if signal.kind == .hospitalDischarge, let day = signal.dischargeDate.flatMap(PersonRules.parseDay) {
            return day
        }
        return signal.createdAt.addingTimeInterval(signal.urgency == .urgent ? urgentDelay : normalDelay)
    }

    /// An open signal with no contact yet, past its deadline.
    public static func isOverdue(_ signal: Signal, now: Date) -> Bool {
        signal.status != .closed && signal.firstContactAt == nil && now > deadline(of: signal)
    }

    /// The triage order: urgent (and hospital discharges) first, then the oldest.
    public static func queueOrder(_ a: Signal, _ b: Signal) -> Bool {
        let (ua, ub) = (priority(a), priority(b))
        if ua != ub { return ua > ub }
        return a.createdAt < b.createdAt
    }

    static func priority(_ signal: Signal) -> Int {
        signal.urgency == .urgent || signal.kind == .hospitalDischarge ? 1 : 0
    }

    /// The shortest reason that can explain a visit to someone who refused to be contacted.
    public static let refusedVisitReasonMinimum = 15

    /// A person who said they did not want to be contacted is not visited on a whim: a visit
    /// needs its reason written in the note (a danger, a change of mind told to the sender…).
    public static func checkOutreach(_ kind: OutreachKind, note: String, consentToContact: ContactConsent) throws(AutourError) {
        guard kind == .visit, consentToContact == .no else { return }
        if note.trimmingCharacters(in: .whitespacesAndNewlines).count < refusedVisitReasonMinimum {
            throw .invalid(
                "La personne a refusé d'être contactée.",
                fields: ["note": "Écrivez pourquoi une visite est tout de même nécessaire (\(refusedVisitReasonMinimum) caractères au moins)."])
        }
    }

    /// Moves of the triage workflow. A closed signal does not move any more.
    public enum Move: Sendable { case assign, qualify, contact, close }

    public static func status(after move: Move, from status: SignalStatus) throws(AutourError) -> SignalStatus {
        guard status != .closed else { throw .conflict("Ce signalement est clos.") }
        switch move {
        case .assign: return status == .new ? .assigned : status
        case .qualify: return .qualified
        case .contact: return status
        case .close: return .closed
        }
    }

    /// The folded name and address that duplicates are compared on ("" when unknown).
    public static func duplicateKeys(name: String?, address: String?) -> (name: String, address: String) {
        (name.map(SearchText.fold) ?? "", address.map(SearchText.fold) ?? "")
    }

    /// Other signals within 30 days about the same (folded) name or address.
    public static func likelyDuplicates(of signal: Signal, among others: [Signal]) -> [Signal] {
        let flagged = duplicateGroups([signal] + others.filter { $0.id != signal.id })
        return others.filter { $0.id != signal.id && flagged[$0.id]?.contains(signal.id) == true }
    }

    /// For each signal, the others it probably repeats (same folded name or address within 30
    /// days; signals already merged as duplicates are left out). Folds each text once, so a queue
    /// of hundreds is flagged at once.
    public static func duplicateGroups(_ signals: [Signal]) -> [UUID: Set<UUID>] {
        var byKey: [String: [Int]] = [:]
        for (index, signal) in signals.enumerated() where signal.outcome != .duplicate {
            let keys = duplicateKeys(name: signal.personName, address: signal.address)
            if !keys.name.isEmpty { byKey["n:" + keys.name, default: []].append(index) }
            if !keys.address.isEmpty { byKey["a:" + keys.address, default: []].append(index) }
        }
        var result: [UUID: Set<UUID>] = [:]
        for members in byKey.values where members.count > 1 {
            for a in members {
                for b in members
                where a != b
                    && abs(signals[a].createdAt.timeIntervalSince(signals[b].createdAt)) <= duplicateWindow
                {
                    result[signals[a].id, default: []].insert(signals[b].id)
                }
            }
        }
        return result
    }

    static func startOfDay(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86400).rounded(.down) * 86400)
    }

    /// Reads the outcome of a closing; `duplicate` needs the signal it duplicates.
    public static func parseOutcome(_ text: String) throws(AutourError) -> SignalOutcome {
        guard let outcome = SignalOutcome(rawValue: text) else {
            throw .invalid("Choisissez l'issue du signalement.", fields: ["outcome": "Issue inconnue."])
        }
        return outcome
    }
}
