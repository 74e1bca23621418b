/// A validated base URL (scheme, host and optional port; no path, query or credentials).
///
/// The rule every remote endpoint of the project follows: HTTPS, except to this machine.
///
/// Plain HTTP would put the Arthur token and AWS signatures on the wire in clear, so it is allowed
/// only for loopback hosts (`localhost`, `127.0.0.0/8`, `::1`), which is what tests and local
/// emulators use. A host given without a scheme means HTTPS.
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

    /// True for exactly `localhost`, an IPv4 literal in `127.0.0.0/8`, or the IPv6 literal `::1`; a name that
    /// merely starts with `127.` (`127.example.com`) is not loopback, whatever DNS says.
    public var isLoopback: Bool {
        let lower = host.lowercased()
        if lower == "localhost" { return true }
        if let octets = Self.ipv4Octets(lower) { return octets[0] == 127 }
        return Self.isIPv6Loopback(lower)
    }

    /// Parses and checks `text`; `name` says in errors which setting it came from.
    public init(_ text: String, name: String) throws {
        var rest = Substring(text.trimming { $0.properties.isWhitespace })
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
            if after.hasPrefix(":") { port = Self.port(after.dropFirst()) }
            host = String(host[host.index(after: host.startIndex)..<close])
            guard after.isEmpty || after.hasPrefix(":") else {
                throw EndpointURLError(name: name, reason: "has a malformed host \(authority)")
            }
            guard host.contains(":") else {
                throw EndpointURLError(name: name, reason: "has a malformed host \(authority): brackets hold IPv6 only")
            }
        } else if let colon = host.firstIndex(of: ":") {
            port = Self.port(host[host.index(after: colon)...])
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { throw EndpointURLError(name: name, reason: "has no host") }
        guard Self.isWellFormed(host: host) else {
            throw EndpointURLError(name: name, reason: "has a malformed host \(authority)")
        }
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

extension EndpointURL {
    /// The port's digits as a number, or -1 (refused as invalid) when they are not only digits.
    fileprivate static func port(_ text: Substring) -> Int {
        guard !text.isEmpty, text.count <= 5, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return -1 }
        return Int(text) ?? -1
    }

    /// A DNS name (letters, digits, `-`, `_` in dot-separated labels of 1–63 bytes), an IPv4 literal or, for a
    /// bracketed host, an IPv6 literal. Anything else (`127.0.0.1:P`, `a b`, `%`) is refused before any lookup.
    fileprivate static func isWellFormed(host: String) -> Bool {
        if host.contains(":") { return isIPv6Literal(host) }
        var name = Substring(host)
        if name.hasSuffix(".") { name.removeLast() }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        return !labels.isEmpty
            && labels.allSatisfy { label in
                (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                    && label.utf8.allSatisfy { byte in
                        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                            || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
                    }
            }
    }

    /// The four octets of a dotted-decimal IPv4 literal (`127.0.0.1`), or nil when `text` is not exactly one.
    static func ipv4Octets(_ text: String) -> [Int]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [Int] = []
        for part in parts {
            guard (1...3).contains(part.utf8.count), part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let value = Int(part), value <= 255
            else { return nil }
            octets.append(value)
        }
        return octets
    }

    /// The eight 16-bit groups of an IPv6 literal (`::1`, `fe80::1`, `::ffff:127.0.0.1`), or nil.
    static func ipv6Groups(_ text: String) -> [Int]? {
        var text = Substring(text)
        var tail: [Int] = []
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard let octets = ipv4Octets(String(text[text.index(after: lastColon)...])) else { return nil }
            tail = [octets[0] << 8 | octets[1], octets[2] << 8 | octets[3]]
            text = text[...lastColon]
            if !text.hasSuffix("::") { text.removeLast() }
        }
        func groups(_ part: Substring) -> [Int]? {
            if part.isEmpty { return [] }
            var values: [Int] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.utf8.count), let value = Int(group, radix: 16) else { return nil }
                values.append(value)
            }
            return values
        }
        guard let gap = text.firstRange(of: "::") else {
            guard let all = groups(text), all.count + tail.count == 8 else { return nil }
            return all + tail
        }
        let after = text[gap.upperBound...]
        guard !after.contains("::"), let head = groups(text[..<gap.lowerBound]), let rest = groups(after),
            head.count + rest.count + tail.count < 8
        else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - rest.count - tail.count) + rest + tail
    }

    fileprivate static func isIPv6Literal(_ text: String) -> Bool { ipv6Groups(text) != nil }

    /// `::1` in any spelling, or an IPv4-mapped loopback address (`::ffff:127.0.0.1`).
    fileprivate static func isIPv6Loopback(_ text: String) -> Bool {
        guard let groups = ipv6Groups(text) else { return false }
        if groups == [0, 0, 0, 0, 0, 0, 0, 1] { return true }
        return groups[0..<5].allSatisfy { $0 == 0 } && groups[5] == 0xFFFF && groups[6] >> 8 == 127
    }
}

/// A base URL that cannot be used, with the setting's name and why.
public struct EndpointURLError: Error, Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let reason: String
    public var description: String { "\(name) \(reason)" }
}
