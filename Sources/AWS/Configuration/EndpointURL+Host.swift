// The origin and `Host` header of an endpoint, as requests are sent and signed.

import Transport

extension EndpointURL {
    /// `scheme://host[:port]` (no base path).
    var origin: String { "\(scheme)://\(hostHeader)" }

    /// The `Host` header: the host (bracketed if IPv6) and the port unless it is the scheme's default.
    var hostHeader: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        guard let port, port != (scheme == "https" ? 443 : 80) else { return bracketed }
        return "\(bracketed):\(port)"
    }
}
