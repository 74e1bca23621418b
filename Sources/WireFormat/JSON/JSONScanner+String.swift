// How `JSONScanner` reads a string token: the hot loop of the whole module, since a capture's payload is one
// long JSON string. One pass finds the token's end and checks it — plain ASCII eight bytes at a time, escapes
// well-formed, UTF-8 valid, no control characters, no lone surrogates — and hands back a `JSONStringToken`, which
// unescapes its text only if a caller asks for it.

extension JSONScanner {
    /// Reads the string token at the cursor into its text.
    @inlinable package mutating func readString() throws(JSONSyntaxError) -> String {
        try scanStringToken().text
    }

    /// Moves past the string token at the cursor, checking it.
    @inlinable package mutating func skipString() throws(JSONSyntaxError) {
        _ = try scanString()
    }

    /// Moves past the string token at the cursor, checking it, and returns it.
    @inlinable package mutating func scanStringToken() throws(JSONSyntaxError) -> JSONStringToken {
        let opening = position
        let (content, hasEscapes) = try scanString()
        return JSONStringToken(
            content: UnsafeRawBufferPointer(rebasing: bytes[content]), hasEscapes: hasEscapes,
            token: opening..<position)
    }

    /// Moves past the string token at the cursor, checking it; returns the range of its content (between the
    /// quotes) and whether that holds escapes.
    @inlinable mutating func scanString() throws(JSONSyntaxError) -> (content: Range<Int>, hasEscapes: Bool) {
        let opening = position
        position += 1
        var hasEscapes = false
        while true {
            skipPlainStringBytes()
            guard position < count else { throw error("unterminated string", at: opening) }
            let byte = bytes[position]
            if byte == .quote {
                position += 1
                return ((opening + 1)..<(position - 1), hasEscapes)
            } else if byte == .backslash {
                hasEscapes = true
                if position + 1 < count, Self.isSingleCharacterEscape(bytes[position + 1]) {
                    position += 2  // the usual escape, `\"` or `\n`, without a call
                } else {
                    try scanEscape()
                }
            } else if byte < 0x20 {
                throw error("control character in string (must be escaped)")
            } else {
                let length = UTF8Validation.sequenceLength(in: bytes, at: position)
                guard length > 0 else { throw error("invalid UTF-8 in string") }
                position += length
            }
        }
    }

    /// True for the byte after a `\` in the escapes that stand for one character: `"`, `\`, `/`, b, f, n, r, t.
    @inline(__always)
    @inlinable static func isSingleCharacterEscape(_ byte: UInt8) -> Bool {
        switch byte {
        case .quote, .backslash, .slash, UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"),
            UInt8(ascii: "t"):
            true
        default: false
        }
    }

    /// Moves past printable ASCII other than `"` and `\`, eight bytes at a time where it can.
    @inline(__always)
    @inlinable mutating func skipPlainStringBytes() {
        while position + 8 <= count {
            let attention = ByteWord.stringAttention(ByteWord.load(bytes, at: position))
            if attention != 0 {
                position += ByteWord.firstByte(of: attention)
                return
            }
            position += 8
        }
        while position < count {
            let byte = bytes[position]
            if byte < 0x20 || byte >= 0x80 || byte == .quote || byte == .backslash { return }
            position += 1
        }
    }

    /// Moves past the escape at the cursor (a `\`), checking it.
    @inlinable mutating func scanEscape() throws(JSONSyntaxError) {
        let backslash = position
        guard position + 1 < count else { throw error("unterminated string", at: backslash) }
        switch bytes[position + 1] {
        case .quote, .backslash, .slash, UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"),
            UInt8(ascii: "t"):
            position += 2
        case UInt8(ascii: "u"):
            guard let unit = JSONStringToken.hexQuad(in: bytes, at: position + 2) else {
                throw error("invalid \\u escape", at: backslash)
            }
            position += 6
            if (0xDC00...0xDFFF).contains(unit) { throw error("lone surrogate in \\u escape", at: backslash) }
            guard (0xD800...0xDBFF).contains(unit) else { return }
            guard position + 1 < count, bytes[position] == .backslash, bytes[position + 1] == UInt8(ascii: "u"),
                let low = JSONStringToken.hexQuad(in: bytes, at: position + 2), (0xDC00...0xDFFF).contains(low)
            else { throw error("lone surrogate in \\u escape", at: backslash) }
            position += 6
        default:
            throw error("invalid escape", at: backslash)
        }
    }
}
