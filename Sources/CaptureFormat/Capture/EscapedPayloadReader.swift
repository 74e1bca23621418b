@_spi(Scanning) import WireFormat

/// Walks a `data` string's bytes as the payload they spell.
///
/// The cursor of `EscapedPayload`: it walks the bytes of a `data` string as written in the line and sees the
/// payload they spell. A payload byte is either written as itself or as one of JSON's two-byte escapes (`\"`,
/// `\\`, `\/`, `\n`, `\r`, `\t`, `\b`, `\f`); the string ends at an unescaped `"`. `\u` escapes, control
/// characters and the end of the line are where the cursor stops and the fast path gives up.
struct EscapedPayloadReader {
    /// The line's first byte, and its length.
    let base: UnsafePointer<UInt8>
    let count: Int
    /// The offset in the line of the `data` string's first byte.
    let origin: Int
    /// The offset in the line of the next byte to read.
    var position: Int
    /// True once a `\` escape has been read.
    var hasEscapes = false
    /// True once a `/` written `\/` has been read in a JSON payload: an escape `JSONWriter` does not write.
    var hasEscapedSlash = false

    /// Reads `line` from `position` (after an opening quote).
    init(_ line: UnsafeRawBufferPointer, position: Int) {
        base = line.baseAddress!.assumingMemoryBound(to: UInt8.self)
        count = line.count
        origin = position
        self.position = position
    }

    /// The payload byte at the cursor and the number of line bytes that spell it; nil at the closing quote of
    /// the `data` string and wherever the fast path gives up.
    @inline(__always)
    func peek() -> (byte: UInt8, width: Int)? {
        guard position < count else { return nil }
        let byte = base[position]
        guard byte == .backslash else { return byte == .quote || byte < 0x20 ? nil : (byte, 1) }
        guard position + 1 < count else { return nil }
        switch base[position + 1] {
        case let escaped where escaped == .quote || escaped == .backslash || escaped == .slash: return (escaped, 2)
        case UInt8(ascii: "n"): return (.newline, 2)
        case UInt8(ascii: "r"): return (.carriageReturn, 2)
        case UInt8(ascii: "t"): return (.tab, 2)
        case UInt8(ascii: "b"): return (0x08, 2)
        case UInt8(ascii: "f"): return (0x0C, 2)
        default: return nil
        }
    }

    /// Moves past a byte `peek` returned.
    @inline(__always)
    mutating func advance(_ width: Int) {
        if width > 1 { hasEscapes = true }
        position += width
    }

    /// True at the unescaped `"` that closes the `data` string.
    var isAtClosingQuote: Bool { position < count && base[position] == .quote }

    /// Moves past the closing quote, which must be at the cursor.
    mutating func consumeClosingQuote() {
        position += 1
    }

    /// Skips payload whitespace (space, tab, `\n`, `\r`); true when a newline was among it.
    @inline(__always)
    mutating func skipWhitespace() -> Bool {
        guard position + 1 < count else { return skipWhitespaceRun() }
        switch base[position] {
        case .space: return skipWhitespaceRun()
        case .backslash:
            let escaped = base[position + 1]
            let isWhitespace =
                escaped == UInt8(ascii: "n") || escaped == UInt8(ascii: "r") || escaped == UInt8(ascii: "t")
            return isWhitespace ? skipWhitespaceRun() : false
        default: return false
        }
    }

    private mutating func skipWhitespaceRun() -> Bool {
        var sawNewline = false
        while let (byte, width) = peek(), byte.isJSONWhitespace {
            if byte == .newline { sawNewline = true }
            advance(width)
        }
        return sawNewline
    }

    /// Moves past line bytes that stand for themselves and need no look in a payload string or CSV field:
    /// printable ASCII other than `"` and `\` (and `extra`, when given), eight at a time where it can.
    @inline(__always)
    mutating func skipPlainBytes(stoppingAt extra: UInt8? = nil) {
        while position + 8 <= count {
            let word = ByteWord.load(base, at: position)
            var attention = ByteWord.stringAttention(word)
            if let extra { attention |= ByteWord.equal(extra, in: word) }
            if attention != 0 {
                position += ByteWord.firstByte(of: attention)
                return
            }
            position += 8
        }
        while position < count {
            let byte = base[position]
            if byte < 0x20 || byte >= 0x80 || byte == .quote || byte == .backslash || byte == extra { return }
            position += 1
        }
    }

    /// Moves past the valid UTF-8 sequence at the cursor; false when it is not valid.
    mutating func skipUTF8Sequence() -> Bool {
        let length = UTF8Validation.sequenceLength(in: UnsafeRawBufferPointer(start: base, count: count), at: position)
        position += length
        return length > 0
    }
}
