import Transport

/// Percent-encoding as AWS signs it.
///
/// SigV4's `UriEncode()`: every byte of the UTF-8 text percent-encoded (`%XX`, upper-case hex) except the
/// RFC 3986 unreserved characters `A-Z a-z 0-9 - . _ ~`, and except `/` where a path keeps it.
///
/// The same text is what goes on the wire and into the canonical request, so the two cannot disagree.
public enum AWSURIEncoding {
    /// Encodes `text`; `/` stays as it is when `keepingSlash` (paths), else becomes `%2F` (query keys and values).
    public static func encode(_ text: String, keepingSlash: Bool = false) -> String {
        PercentEncoding.encode(text) { isUnreserved($0) || (keepingSlash && $0 == UInt8(ascii: "/")) }
    }

    /// The canonical query string: each name and value encoded, pairs sorted by name then value (the encoded
    /// text is ASCII, so string order is byte order), `name=` for an empty value, joined by `&`.
    public static func query(_ items: [(name: String, value: String)]) -> String {
        items.map { (encode($0.name), encode($0.value)) }
            .sorted { $0 < $1 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    static func isUnreserved(_ byte: UInt8) -> Bool { PercentEncoding.isUnreserved(byte) }
}
