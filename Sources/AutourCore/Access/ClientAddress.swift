import Foundation

/// Who a request comes from, for rate limiting. Behind a reverse proxy every client arrives
/// from the proxy's address, so one address's limit would lock the whole CCAS out; the proxy's
/// `X-Forwarded-For` names the client, but any client can write that header too. It is read
/// only when the peer is a configured proxy, from the right (the entries the proxies appended)
/// to the first address that is not itself a trusted proxy.
public enum ClientAddress {
    public static func resolve(peer: String?, forwardedFor: String?, trusted: Set<String>) -> String {
        guard let peer else { return "unknown" }
        guard trusted.contains(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() where !trusted.contains(hop) {
            return Configuration.isIPAddress(hop) ? hop : peer
        }
        return peer
    }
}
