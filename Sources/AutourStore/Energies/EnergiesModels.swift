import AutourCore
import FluentKit
import Foundation

final class SkillModel: Model, @unchecked Sendable {
    static let schema = "energy_skills"
    @ID(key: .id) var id: UUID?
    @Field(key: "territory_id") var territoryId: UUID
    @Field(key: "name") var name: String
    @Field(key: "position") var position: Int
    init() {}
}

final class EnergySettingsModel: Model, @unchecked Sendable {
    static let schema = "energy_settings"
    @ID(key: .id) var id: UUID?
    @Field(key: "territory_id") var territoryId: UUID
    @Field(key: "rest_missions_per_week") var restMissionsPerWeek: Int
    @Field(key: "monthly_goal_minutes") var monthlyGoalMinutes: Int
    init() {}
}

final class ResourcePersonModel: Model, @unchecked Sendable {
    static let schema = "resource_persons"
    @ID(key: .id) var id: UUID?
    @Field(key: "territory_id") var territoryId: UUID
    @OptionalField(key: "account_id") var accountId: UUID?
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @Field(key: "skills") var skills: String
    @Field(key: "availability") var availability: String
    @Field(key: "absences") var absences: String
    @Field(key: "neighbourhoods") var neighbourhoods: String
    @Field(key: "max_minutes_per_month") var maxMinutesPerMonth: Int
    @Field(key: "motivations") var motivations: String
    @Field(key: "languages") var languages: String
    @Field(key: "paused") var paused: Bool
    @Field(key: "created_at") var createdAt: Date
    init() {}

    static let separator = "\u{1F}"

    func apply(_ r: ValidResourcePerson) {
        name = r.name
        kind = r.kind.rawValue
        skills = r.skills.joined(separator: Self.separator)
        availability = r.availability.map { "\($0.weekday),\($0.start),\($0.end)" }.joined(separator: ";")
        absences = r.absences.map { "\($0.from)/\($0.to)" }.joined(separator: ";")
        neighbourhoods = r.neighbourhoods.joined(separator: Self.separator)
        maxMinutesPerMonth = r.maxMinutesPerMonth
        motivations = r.motivations.map(\.rawValue).sorted().joined(separator: ",")
        languages = r.languages.joined(separator: Self.separator)
        accountId = r.accountId ?? accountId
    }

    var core: ResourcePerson {
        func list(_ text: String) -> [String] { text.isEmpty ? [] : text.components(separatedBy: Self.separator) }
        return ResourcePerson(
            id: id!, territoryId: territoryId, accountId: accountId, name: name, kind: ResourceKind(rawValue: kind) ?? .volunteer,
            skills: list(skills),
            availability: availability.split(separator: ";").compactMap { part in
                let n = part.split(separator: ",").compactMap { Int($0) }
                return n.count == 3 ? WeeklySlot(weekday: n[0], start: n[1], end: n[2]) : nil
            },
            absences: absences.split(separator: ";").compactMap { part in
                let d = part.split(separator: "/").map(String.init)
                return d.count == 2 ? Absence(from: d[0], to: d[1]) : nil
            },
            neighbourhoods: list(neighbourhoods), maxMinutesPerMonth: maxMinutesPerMonth,
            motivations: Set(motivations.split(separator: ",").compactMap { Motivation(rawValue: String($0)) }),
            languages: list(languages), paused: paused)
    }
}

final class NeedModel: Model, @unchecked Sendable {
    static let schema = "needs"
    @ID(key: .id) var id: UUID?
    @Field(key: "territory_id") var territoryId: UUID
    @Field(key: "title") var title: String
    @Field(key: "skills") var skills: String
    @Field(key: "neighbourhood") var neighbourhood: String
    @OptionalField(key: "weekday") var weekday: Int?
    @OptionalField(key: "start_minute") var start: Int?
    @OptionalField(key: "end_minute") var end: Int?
    @Field(key: "duration_minutes") var durationMinutes: Int
    @Field(key: "urgency") var urgency: String
    @Field(key: "professional_only") var professionalOnly: Bool
    @Field(key: "status") var status: String
    @Field(key: "origin") var origin: String
    @OptionalField(key: "person_id") var personId: UUID?
    @OptionalField(key: "signal_id") var signalId: UUID?
    @OptionalField(key: "resource_person_id") var resourcePersonId: UUID?
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "accepted_at") var acceptedAt: Date?
    @OptionalField(key: "done_at") var doneAt: Date?
    @OptionalField(key: "minutes") var minutes: Int?
    @OptionalField(key: "hours_status") var hoursStatus: String?
    init() {}

    var core: Need {
        Need(
            id: id!, territoryId: territoryId, title: title,
            skills: skills.isEmpty ? [] : skills.components(separatedBy: ResourcePersonModel.separator), neighbourhood: neighbourhood,
            weekday: weekday, start: start, end: end, durationMinutes: durationMinutes, urgency: SignalUrgency(rawValue: urgency) ?? .normal,
            professionalOnly: professionalOnly, status: NeedStatus(rawValue: status) ?? .open, origin: NeedOrigin(rawValue: origin) ?? .coordinator,
            personId: personId, signalId: signalId, resourcePersonId: resourcePersonId, createdBy: createdBy, createdAt: createdAt,
            acceptedAt: acceptedAt, doneAt: doneAt, minutes: minutes, hoursStatus: hoursStatus.flatMap(HoursStatus.init(rawValue:)))
    }
}
