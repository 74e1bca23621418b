/// A checked JSON string token.
///
/// A JSON string token as the scanner found it: where it lies, its content with escapes as written, and whether it
/// holds any. Most tokens a scanner meets are only compared with a known key or counted, so the text is unescaped
/// (into an exact buffer, a word at a time) only when a caller asks for it.
@_spi(Scanning) public struct JSONStringToken {
    /// The bytes between the quotes, escapes as written; checked by the scanner.
    @usableFromInline package var content: UnsafeRawBufferPointer
    /// True when `content` holds a `\` escape.
    @usableFromInline package var hasEscapes: Bool
    /// The range of the token, quotes included, in the scanned bytes.
    @usableFromInline package var token: Range<Int>

    /// A token whose content a scanner has checked.
    @inlinable package init(content: UnsafeRawBufferPointer, hasEscapes: Bool, token: Range<Int>) {
        self.content = content
        self.hasEscapes = hasEscapes
        self.token = token
    }

    /// The text, unescaped.
    @inlinable package var text: String {
        guard hasEscapes else { return String(decoding: content, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: content.count) { unescape(into: $0) }
    }

    /// The text's UTF-8 bytes, unescaped.
    @inlinable package var bytes: [UInt8] {
        guard hasEscapes else { return Array(content) }
        return [UInt8](unsafeUninitializedCapacity: content.count) { buffer, count in
            count = unescape(into: buffer)
        }
    }

    /// Calls `body` with the unescaped text, in a temporary buffer when the content holds escapes.
    @inlinable package func withUnescapedBytes<Value, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        guard hasEscapes else { return try body(content) }
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: content.count) { buffer in
            let count = unescape(into: buffer)
            let text = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[..<count])
            return Result { () throws(Failure) in try body(text) }
        }.get()
    }

    /// True when the text is `known`.
    @inlinable package func isEqual(to known: StaticString) -> Bool {
        guard hasEscapes else {
            return ByteWord.equal(
                content, UnsafeRawBufferPointer(start: known.utf8Start, count: known.utf8CodeUnitCount))
        }
        return text == known.description
    }

    /// Lets a `switch` over a token match known texts: `case "captureData":`.
    @inline(__always)
    @inlinable package static func ~= (known: StaticString, token: JSONStringToken) -> Bool {
        (token.hasEscapes || token.content.count == known.utf8CodeUnitCount) && token.isEqual(to: known)
    }

    /// The value of the four hex digits at `index` of `bytes`, or nil.
    @inlinable package static func hexQuad(in bytes: UnsafeRawBufferPointer, at index: Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case .zero ... .nine: digit = byte - .zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Writes the unescaped text into `output` (at least as large as the content, which unescaping never grows) and returns the number of bytes written. Plain runs are copied a word at a
    /// time while `output` has room for a whole word.
    @inlinable func unescape(into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let target = UnsafeMutableRawBufferPointer(output)
        var written = 0
        var index = 0
        let bytes = content
        while index < bytes.count {
            if index + 8 <= bytes.count && written + 8 <= target.count {
                let word = ByteWord.load(bytes, at: index)
                target.storeBytes(of: word.littleEndian, toByteOffset: written, as: UInt64.self)
                let backslashes = ByteWord.equal(.backslash, in: word)
                let run = backslashes == 0 ? 8 : ByteWord.firstByte(of: backslashes)
                index += run
                written += run
                if run == 8 { continue }
            } else if bytes[index] != .backslash {
                output[written] = bytes[index]
                index += 1
                written += 1
                continue
            }
            let escaped = bytes[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "b"): output[written] = 0x08
            case UInt8(ascii: "f"): output[written] = 0x0C
            case UInt8(ascii: "n"): output[written] = .newline
            case UInt8(ascii: "r"): output[written] = .carriageReturn
            case UInt8(ascii: "t"): output[written] = .tab
            case UInt8(ascii: "u"):
                var scalar = Self.hexQuad(in: bytes, at: index) ?? 0
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    scalar =
                        0x10000 + ((scalar - 0xD800) << 10)
                        + ((Self.hexQuad(in: bytes, at: index + 2) ?? 0xDC00) - 0xDC00)
                    index += 6
                }
                written += Self.writeUTF8(scalar, into: output, at: written)
                continue
            default: output[written] = escaped  // `"`, `\` and `/` stand for themselves
            }
            written += 1
        }
        return written
    }

    /// Writes the UTF-8 encoding of a scalar value (never a surrogate) and returns its length.
    @inlinable static func writeUTF8(_ scalar: UInt32, into output: UnsafeMutableBufferPointer<UInt8>, at index: Int)
        -> Int
    {
        switch scalar {
        case ..<0x80:
            output[index] = UInt8(scalar)
            return 1
        case ..<0x800:
            output[index] = 0xC0 | UInt8(scalar >> 6)
            output[index + 1] = 0x80 | UInt8(scalar & 0x3F)
            return 2
        case ..<0x10000:
            output[index] = 0xE0 | UInt8(scalar >> 12)
            output[index + 1] = 0x80 | UInt8(scalar >> 6 & 0x3F)
            output[index + 2] = 0x80 | UInt8(scalar & 0x3F)
            return 3
        default:
            output[index] = 0xF0 | UInt8(scalar >> 18)
            output[index + 1] = 0x80 | UInt8(scalar >> 12 & 0x3F)
            output[index + 2] = 0x80 | UInt8(scalar >> 6 & 0x3F)
            output[index + 3] = 0x80 | UInt8(scalar & 0x3F)
            return 4
        }
    }
}
