/// Percent-encoding as AWS signs it.
///
/// SigV4's `UriEncode()`: every byte of the UTF-8 text percent-encoded (`%XX`, upper-case hex) except the
/// RFC 3986 unreserved characters `A-Z a-z 0-9 - . _ ~`, and except `/` where a path keeps it.
///
/// The same text is what goes on the wire and into the canonical request, so the two cannot disagree.
public enum AWSURIEncoding {
    /// Encodes `text`; `/` stays as it is when `keepingSlash` (paths), else becomes `%2F` (query keys and values).
    public static func encode(_ text: String, keepingSlash: Bool = false) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The canonical query string: each name and value encoded, pairs sorted by name then value (the encoded
    /// text is ASCII, so string order is byte order), `name=` for an empty value, joined by `&`.
    public static func query(_ items: [(name: String, value: String)]) -> String {
        items.map { (encode($0.name), encode($0.value)) }
            .sorted { $0 < $1 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}
