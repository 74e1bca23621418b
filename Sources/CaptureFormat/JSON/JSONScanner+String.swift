/// How `JSONScanner` reads a string token: the hot loop of the whole module, since a capture's payload is one
/// long JSON string. A first pass finds the token's end and checks it — plain ASCII eight bytes at a time, escapes
/// well-formed, UTF-8 valid, no control characters, no lone surrogates; only a string that holds escapes gets a
/// second pass, which unescapes it into a buffer of exactly the right size.

extension JSONScanner {
    /// Reads the string token at the cursor into its text.
    mutating func readString() throws(JSONSyntaxError) -> String {
        let (content, hasEscapes) = try scanString()
        guard hasEscapes else {
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[content]), as: UTF8.self)
        }
        return String(unsafeUninitializedCapacity: content.count) { unescape(content, into: $0) }
    }

    /// Reads the string token at the cursor into its UTF-8 bytes.
    mutating func readStringBytes() throws(JSONSyntaxError) -> [UInt8] {
        let (content, hasEscapes) = try scanString()
        guard hasEscapes else { return Array(UnsafeRawBufferPointer(rebasing: bytes[content])) }
        return [UInt8](unsafeUninitializedCapacity: content.count) { buffer, count in
            count = unescape(content, into: buffer)
        }
    }

    /// Moves past the string token at the cursor, checking it.
    mutating func skipString() throws(JSONSyntaxError) {
        _ = try scanString()
    }

    /// Moves past the string token at the cursor, checking it; returns the range of its content (between the
    /// quotes) and whether that holds escapes.
    private mutating func scanString() throws(JSONSyntaxError) -> (content: Range<Int>, hasEscapes: Bool) {
        let opening = position
        position += 1
        var hasEscapes = false
        while true {
            skipPlainStringBytes()
            guard position < bytes.count else { throw error("unterminated string", at: opening) }
            let byte = bytes[position]
            if byte == .quote {
                position += 1
                return ((opening + 1)..<(position - 1), hasEscapes)
            } else if byte == .backslash {
                hasEscapes = true
                try scanEscape()
            } else if byte < 0x20 {
                throw error("control character in string (must be escaped)")
            } else {
                let length = UTF8Validation.sequenceLength(in: bytes, at: position)
                guard length > 0 else { throw error("invalid UTF-8 in string") }
                position += length
            }
        }
    }

    /// Moves past printable ASCII other than `"` and `\`, eight bytes at a time where it can.
    private mutating func skipPlainStringBytes() {
        let count = bytes.count
        while true {
            while position + 8 <= count,
                !ByteWord.needsStringAttention(bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            {
                position += 8
            }
            guard position < count else { return }
            let byte = bytes[position]
            if byte < 0x20 || byte >= 0x80 || byte == .quote || byte == .backslash { return }
            position += 1
        }
    }

    /// Moves past the escape at the cursor (a `\`), checking it.
    private mutating func scanEscape() throws(JSONSyntaxError) {
        let backslash = position
        guard position + 1 < bytes.count else { throw error("unterminated string", at: backslash) }
        switch bytes[position + 1] {
        case .quote, .backslash, .slash, UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"),
            UInt8(ascii: "t"):
            position += 2
        case UInt8(ascii: "u"):
            guard let unit = hexQuad(at: position + 2) else { throw error("invalid \\u escape", at: backslash) }
            position += 6
            if (0xDC00...0xDFFF).contains(unit) { throw error("lone surrogate in \\u escape", at: backslash) }
            guard (0xD800...0xDBFF).contains(unit) else { return }
            guard position + 1 < bytes.count, bytes[position] == .backslash, bytes[position + 1] == UInt8(ascii: "u"),
                let low = hexQuad(at: position + 2), (0xDC00...0xDFFF).contains(low)
            else { throw error("lone surrogate in \\u escape", at: backslash) }
            position += 6
        default:
            throw error("invalid escape", at: backslash)
        }
    }

    /// The value of the four hex digits at `index`, or nil.
    private func hexQuad(at index: Int) -> UInt32? {
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

    /// Writes the unescaped text of checked string content into `output` (at least as large as the content,
    /// which unescaping never grows) and returns the number of bytes written.
    private func unescape(_ content: Range<Int>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var written = 0
        var index = content.lowerBound
        while index < content.upperBound {
            var runEnd = index
            while runEnd + 8 <= content.upperBound,
                !ByteWord.has(.backslash, in: bytes.loadUnaligned(fromByteOffset: runEnd, as: UInt64.self))
            {
                runEnd += 8
            }
            while runEnd < content.upperBound, bytes[runEnd] != .backslash { runEnd += 1 }
            let run = UnsafeRawBufferPointer(rebasing: bytes[index..<runEnd])
            UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: output[written...])).copyMemory(
                from: run)
            written += run.count
            index = runEnd
            guard index < content.upperBound else { break }
            let escaped = bytes[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "b"): output[written] = 0x08
            case UInt8(ascii: "f"): output[written] = 0x0C
            case UInt8(ascii: "n"): output[written] = .newline
            case UInt8(ascii: "r"): output[written] = .carriageReturn
            case UInt8(ascii: "t"): output[written] = .tab
            case UInt8(ascii: "u"):
                var scalar = hexQuad(at: index) ?? 0
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + ((hexQuad(at: index + 2) ?? 0xDC00) - 0xDC00)
                    index += 6
                }
                written += writeUTF8(scalar, into: output, at: written)
                continue
            default: output[written] = escaped  // `"`, `\` and `/` stand for themselves
            }
            written += 1
        }
        return written
    }

    /// Writes the UTF-8 encoding of a scalar value (never a surrogate) and returns its length.
    private func writeUTF8(_ scalar: UInt32, into output: UnsafeMutableBufferPointer<UInt8>, at index: Int) -> Int {
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
