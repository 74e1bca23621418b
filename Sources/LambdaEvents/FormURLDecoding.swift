/// Form-URL decoding of object keys.
///
/// Decoding of the `application/x-www-form-urlencoded` text S3 uses for object keys in event
/// notifications: `+` is a space, then `%XX` is the byte XX; the bytes must be UTF-8. A `%` not followed
/// by two hex digits, or bytes that are not UTF-8, mean the key was not encoded by S3, and decoding
/// fails rather than guessing.
public enum FormURLDecoding {
    /// The decoded text, or nil when `encoded` is not valid form-URL-encoded UTF-8.
    public static func decode(_ encoded: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.utf8.count)
        var iterator = encoded.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
