/// The rule every remote endpoint of the project follows: HTTPS, except to this machine.
///
/// Plain HTTP would put the Arthur token and AWS signatures on the wire in clear, so it is allowed
/// only for loopback hosts (`localhost`, `127.0.0.0/8`, `::1`), which is what tests and local
/// emulators use. A host given without a scheme means HTTPS.

/// A validated base URL (scheme, host and optional port; no path, query or credentials).
public struct EndpointURL: Sendable, Equatable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int?
    /// Path prefix with no trailing `/` (empty for most endpoints).
    public let basePath: String

    /// `scheme://host[:port]` followed by ``basePath``.
    public var description: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(bracketed)\(port.map { ":\($0)" } ?? "")\(basePath)"
    }

    /// True for `localhost`, `127.x.x.x` and `::1`.
    public var isLoopback: Bool {
        let lower = host.lowercased()
        return lower == "localhost" || lower == "::1" || lower.hasPrefix("127.")
    }

    /// Parses and checks `text`; `name` says in errors which setting it came from.
    public init(_ text: String, name: String) throws(EndpointURLError) {
        var rest = Substring(text.trimmingSpaces())
        guard !rest.isEmpty else { throw EndpointURLError(name: name, reason: "is empty") }
        var scheme = "https"
        if let range = rest.firstRange(of: "://") {
            scheme = rest[..<range.lowerBound].lowercased()
            rest = rest[range.upperBound...]
        }
        guard scheme == "https" || scheme == "http" else {
            throw EndpointURLError(name: name, reason: "has scheme \(scheme): only https is supported")
        }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var path = String(rest[authorityEnd...])
        guard !authority.contains("@") else {
            throw EndpointURLError(name: name, reason: "holds credentials: put the token in the environment instead")
        }
        guard !path.contains("?"), !path.contains("#") else {
            throw EndpointURLError(name: name, reason: "has a query or fragment: give the host only")
        }
        while path.hasSuffix("/") { path.removeLast() }
        var host = String(authority)
        var port: Int?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else {
                throw EndpointURLError(name: name, reason: "has an unclosed IPv6 bracket")
            }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") { port = Int(after.dropFirst()) ?? -1 }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            port = Int(host[host.index(after: colon)...]) ?? -1
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { throw EndpointURLError(name: name, reason: "has no host") }
        if let port, !(1...65535).contains(port) {
            throw EndpointURLError(name: name, reason: "has an invalid port")
        }
        self.scheme = scheme
        self.host = host
        self.port = port
        self.basePath = path
        if scheme == "http" && !isLoopback {
            throw EndpointURLError(
                name: name, reason: "uses plain http to \(host): use https (http is allowed only to loopback hosts)")
        }
    }
}

/// A base URL that cannot be used, with the setting's name and why.
public struct EndpointURLError: Error, Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let reason: String
    public var description: String { "\(name) \(reason)" }
}

extension String {
    fileprivate func trimmingSpaces() -> Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return self[first...last]
    }
}
