import AutourCore
import Foundation
import Hummingbird

/// The request context of every route. Authentication fills `account`; the CSRF middleware
/// fills `csrfToken` for the forms of the page being rendered.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var account: Account?
    /// The account's territory, loaded with it.
    public var territory: Territory?
    public var csrfToken = ""
    /// The browser session's secret, kept so that logout can close it.
    public var sessionToken: String?

    /// The peer's IP address, when the transport knows it.
    public let remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Request bodies are small forms and JSON documents; anything bigger is refused with 413.
    public var maxUploadSize: Int { 256 * 1024 }
}

/// The context of routes that need a signed-in account: `account` is not optional, so a
/// handler cannot forget to check it.
public struct SignedInContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let account: Account
    public let territory: Territory
    public let csrfToken: String
    public let sessionToken: String?

    public init(context: AppContext) throws {
        guard let account = context.account, let territory = context.territory else { throw AutourError.unauthenticated }
        coreContext = context.coreContext
        self.account = account
        self.territory = territory
        csrfToken = context.csrfToken
        sessionToken = context.sessionToken
    }

    public var maxUploadSize: Int { 256 * 1024 }
    public var actor: Actor { account.actor }

    /// Throws 403 (or 404 for a record out of reach) unless the permission rules allow it.
    public func require(_ action: Action, on record: RecordScope? = nil) throws {
        try Permissions.require(actor, action, on: record)
    }
}

extension RequestContext {
    /// The UUID in the path parameter `name`; anything else names no record (404).
    public func pathID(_ name: String = "id") throws -> UUID {
        guard let id = parameters.get(name, as: UUID.self) else { throw AutourError.notFound }
        return id
    }
}

extension Request {
    /// API routes answer JSON errors; everything else answers French HTML pages.
    var isAPI: Bool { uri.path.hasPrefix("/api/") }
}
