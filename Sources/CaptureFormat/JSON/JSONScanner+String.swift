/// How `JSONScanner` reads a string token: the hot loop of the whole module, since a capture's payload is one
/// long JSON string. Plain ASCII is skipped eight bytes at a time; escapes are decoded, UTF-8 is validated, and
/// control characters and lone surrogates are refused.

extension JSONScanner {
    /// Reads the string token at the cursor into its text.
    mutating func readString() throws(JSONSyntaxError) -> String {
        var unescaped: [UInt8] = []
        if let content = try readStringContent(escapedInto: &unescaped) {
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[content]), as: UTF8.self)
        }
        return String(decoding: unescaped, as: UTF8.self)
    }

    /// Reads the string token at the cursor into its UTF-8 bytes.
    mutating func readStringBytes() throws(JSONSyntaxError) -> [UInt8] {
        var unescaped: [UInt8] = []
        if let content = try readStringContent(escapedInto: &unescaped) {
            return Array(UnsafeRawBufferPointer(rebasing: bytes[content]))
        }
        return unescaped
    }

    /// Reads the string token at the cursor. Returns the range of its content when it holds no escapes (its
    /// bytes are then the text); otherwise appends the unescaped text to `buffer` and returns nil.
    private mutating func readStringContent(
        escapedInto buffer: inout [UInt8]
    ) throws(JSONSyntaxError) -> Range<Int>? {
        let opening = position
        position += 1
        var runStart = position
        var hasEscapes = false
        while true {
            skipPlainStringBytes()
            guard position < bytes.count else { throw error("unterminated string", at: opening) }
            let byte = bytes[position]
            if byte == .quote {
                position += 1
                guard hasEscapes else { return runStart..<(position - 1) }
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<(position - 1)]))
                return nil
            } else if byte == .backslash {
                if !hasEscapes {
                    hasEscapes = true
                    buffer.reserveCapacity(bytes.count - runStart)
                }
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<position]))
                try readEscape(into: &buffer)
                runStart = position
            } else if byte < 0x20 {
                throw error("control character in string (must be escaped)")
            } else {
                let length = UTF8Validation.sequenceLength(in: bytes, at: position)
                guard length > 0 else { throw error("invalid UTF-8 in string") }
                position += length
            }
        }
    }

    /// Moves the cursor past printable ASCII other than `"` and `\`, eight bytes at a time where it can.
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

    /// Decodes the escape at the cursor (a `\`) and appends its UTF-8.
    private mutating func readEscape(into buffer: inout [UInt8]) throws(JSONSyntaxError) {
        let backslash = position
        position += 1
        guard position < bytes.count else { throw error("unterminated string", at: backslash) }
        let replacement: UInt8
        switch bytes[position] {
        case .quote: replacement = .quote
        case .backslash: replacement = .backslash
        case .slash: replacement = .slash
        case UInt8(ascii: "b"): replacement = 0x08
        case UInt8(ascii: "f"): replacement = 0x0C
        case UInt8(ascii: "n"): replacement = .newline
        case UInt8(ascii: "r"): replacement = .carriageReturn
        case UInt8(ascii: "t"): replacement = .tab
        case UInt8(ascii: "u"):
            position += 1
            appendUTF8(try readUnicodeEscape(startingAt: backslash), to: &buffer)
            return
        default:
            throw error("invalid escape", at: backslash)
        }
        buffer.append(replacement)
        position += 1
    }

    /// Reads the four hex digits after `\u` (and a second `\uXXXX` for a surrogate pair).
    private mutating func readUnicodeEscape(startingAt backslash: Int) throws(JSONSyntaxError) -> UInt32 {
        let unit = try readHexQuad(escapeAt: backslash)
        if unit >= 0xDC00 && unit <= 0xDFFF {
            throw error("lone surrogate in \\u escape", at: backslash)
        }
        if unit >= 0xD800 && unit <= 0xDBFF {
            guard position + 1 < bytes.count, bytes[position] == .backslash, bytes[position + 1] == UInt8(ascii: "u")
            else { throw error("lone surrogate in \\u escape", at: backslash) }
            let lowEscape = position
            position += 2
            let low = try readHexQuad(escapeAt: lowEscape)
            guard low >= 0xDC00 && low <= 0xDFFF else { throw error("lone surrogate in \\u escape", at: backslash) }
            return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        }
        return unit
    }

    /// Appends the UTF-8 encoding of a scalar value (never a surrogate).
    private func appendUTF8(_ scalar: UInt32, to buffer: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            buffer.append(UInt8(scalar))
        case ..<0x800:
            buffer.append(0xC0 | UInt8(scalar >> 6))
            buffer.append(0x80 | UInt8(scalar & 0x3F))
        case ..<0x10000:
            buffer.append(0xE0 | UInt8(scalar >> 12))
            buffer.append(0x80 | UInt8(scalar >> 6 & 0x3F))
            buffer.append(0x80 | UInt8(scalar & 0x3F))
        default:
            buffer.append(0xF0 | UInt8(scalar >> 18))
            buffer.append(0x80 | UInt8(scalar >> 12 & 0x3F))
            buffer.append(0x80 | UInt8(scalar >> 6 & 0x3F))
            buffer.append(0x80 | UInt8(scalar & 0x3F))
        }
    }

    private mutating func readHexQuad(escapeAt backslash: Int) throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("invalid \\u escape", at: backslash) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case .zero ... .nine: digit = byte - .zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape", at: backslash)
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}
