import WireFormat

/// Percent-encoding (RFC 3986 §2.1): the package's one encoder for URL paths and queries (SigV4, Arthur's
/// query path, the Runtime API's request ids).
public enum PercentEncoding {
    /// RFC 3986's unreserved characters: ASCII letters and digits, `-`, `.`, `_` and `~`.
    public static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// `text`'s UTF-8 bytes, each byte `keeping` refuses written as `%XX` (upper-case hex).
    public static func encode(_ text: String, keeping: (UInt8) -> Bool = isUnreserved) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if keeping(byte) {
                output.append(byte)
            } else {
                output += [UInt8(ascii: "%"), Hex.digit(byte >> 4, uppercase: true), Hex.digit(byte, uppercase: true)]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
