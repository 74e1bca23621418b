import WireFormat

/// Base64 encoding and decoding (RFC 4648, standard alphabet).
///
/// Base64 per RFC 4648 (standard alphabet `A–Z a–z 0–9 + /`), for BASE64 captures. Decoding is strict where
/// leniency could hide damage and lenient where it cannot: `=` padding is required (a capture cut short by a byte
/// or two then fails instead of decoding to shorter data), must be complete and last, and the URL-safe alphabet
/// (`-`, `_`) and any other byte are invalid; ASCII whitespace (space, tab, `\r`, `\n`) anywhere is ignored, so
/// MIME-style line breaks work; unused low bits in the last character are not checked.
public enum Base64 {
    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static let whitespace: UInt8 = 64
    private static let padding: UInt8 = 65
    private static let invalid: UInt8 = 255

    /// For each byte: its 6-bit value, or `whitespace`, `padding` or `invalid`.
    private static let values: [UInt8] = {
        var values = [UInt8](repeating: invalid, count: 256)
        for (index, byte) in alphabet.enumerated() { values[Int(byte)] = UInt8(index) }
        for byte in [UInt8.space, .tab, .carriageReturn, .newline] { values[Int(byte)] = whitespace }
        values[Int(UInt8.equals)] = padding
        return values
    }()

    /// The bytes that `text` encodes, or nil when it is not valid base64.
    public static func decode(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        values.withUnsafeBufferPointer { values in
            var failed = false
            let decoded = [UInt8](unsafeUninitializedCapacity: text.count / 4 * 3 + 3) { output, written in
                guard let count = decode(text, values: values, into: output) else {
                    failed = true
                    written = 0
                    return
                }
                written = count
            }
            return failed ? nil : decoded
        }
    }

    /// The bytes that `text` encodes, or nil when it is not valid base64.
    public static func decode(_ text: [UInt8]) -> [UInt8]? {
        text.withUnsafeBytes { decode($0) }
    }

    /// The bytes that `text` encodes, or nil when it is not valid base64.
    public static func decode(_ text: String) -> [UInt8]? {
        decode(Array(text.utf8))
    }

    /// Decodes into `output` (large enough) and returns the number of bytes written, or nil when invalid.
    private static func decode(
        _ text: UnsafeRawBufferPointer,
        values: UnsafeBufferPointer<UInt8>,
        into output: UnsafeMutableBufferPointer<UInt8>
    ) -> Int? {
        var written = 0
        var quantum: UInt32 = 0
        var pending = 0  // characters of the current quantum seen
        var paddingSeen = 0
        var index = 0
        let count = text.count
        while index < count {
            if pending == 0 && paddingSeen == 0 && index + 4 <= count {
                let a = values[Int(text[index])]
                let b = values[Int(text[index + 1])]
                let c = values[Int(text[index + 2])]
                let d = values[Int(text[index + 3])]
                if (a | b | c | d) < 64 {
                    let bits = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    output[written] = UInt8(truncatingIfNeeded: bits >> 16)
                    output[written + 1] = UInt8(truncatingIfNeeded: bits >> 8)
                    output[written + 2] = UInt8(truncatingIfNeeded: bits)
                    written += 3
                    index += 4
                    continue
                }
            }
            let value = values[Int(text[index])]
            index += 1
            switch value {
            case whitespace:
                continue
            case padding:
                paddingSeen += 1
            case invalid:
                return nil
            default:
                guard paddingSeen == 0 else { return nil }
                quantum = quantum << 6 | UInt32(value)
                pending += 1
                if pending == 4 {
                    output[written] = UInt8(truncatingIfNeeded: quantum >> 16)
                    output[written + 1] = UInt8(truncatingIfNeeded: quantum >> 8)
                    output[written + 2] = UInt8(truncatingIfNeeded: quantum)
                    written += 3
                    pending = 0
                    quantum = 0
                }
            }
        }
        switch (pending, paddingSeen) {
        case (0, 0):
            break
        case (2, 2):
            output[written] = UInt8(truncatingIfNeeded: quantum >> 4)
            written += 1
        case (3, 1):
            output[written] = UInt8(truncatingIfNeeded: quantum >> 10)
            output[written + 1] = UInt8(truncatingIfNeeded: quantum >> 2)
            written += 2
        default:
            return nil
        }
        return written
    }

    /// The base64 text of `bytes`, padded with `=`.
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let remaining = min(3, bytes.count - index)
            var bits = UInt32(bytes[index]) << 16
            if remaining > 1 { bits |= UInt32(bytes[index + 1]) << 8 }
            if remaining > 2 { bits |= UInt32(bytes[index + 2]) }
            for slot in 0..<4 {
                output.append(slot <= remaining ? alphabet[Int(bits >> (18 - 6 * UInt32(slot)) & 0x3F)] : .equals)
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The base64 text of `bytes`, padded with `=`.
    public static func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { encode($0) }
    }
}
