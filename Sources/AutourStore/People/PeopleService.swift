import AutourCore
import Foundation

/// People's use cases shared by the pages and the API: a file reached only through the
/// permission table, and its opening recorded in the audit log.
public struct PeopleService: Sendable {
    let people: PeopleRepository

    /// The person `id` after the permission check; 404 outside the caller's territory or reach.
    public func person(id: UUID, for action: Action, by actor: Actor) async throws -> Person {
        try Permissions.require(actor, action)
        guard let person = try await people.find(id: id, territoryId: actor.territoryId) else { throw AutourError.notFound }
        try Permissions.require(actor, action, on: person.scope)
        return person
    }

    /// Like `person(id:for:by:)` for reading the file, and the read is recorded in the audit log.
    public func openFile(id: UUID, by actor: Actor) async throws -> Person {
        let person = try await person(id: id, for: .readPersonFile, by: actor)
        guard let opened = try await people.open(id: person.id, actor: actor) else { throw AutourError.notFound }
        return opened
    }

    /// A person as stored now (after a write that returns nothing).
    public func current(_ person: Person) async throws -> Person {
        guard let current = try await people.find(id: person.id, territoryId: person.territoryId) else { throw AutourError.notFound }
        return current
    }
}
