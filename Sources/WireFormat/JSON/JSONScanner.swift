/// A cursor over JSON bytes.
///
/// The one place that knows JSON's grammar. `JSONReader` builds whole trees with it
/// (`parseValue`), payload row counting and the capture-line scanner check values without building them
/// (`skipValue`), and `CaptureLineScanner` walks a capture line's outer object member by member.
@_spi(Scanning) public struct JSONScanner {
    /// The bytes read; valid for the scanner's whole life.
    @usableFromInline package let bytes: UnsafeRawBufferPointer
    /// `bytes.count`, kept (the buffer computes it on each use).
    @usableFromInline package let count: Int
    /// The offset of the next byte to read.
    @usableFromInline package var position: Int

    @inlinable package init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.count = bytes.count
        self.position = 0
    }

    /// The byte at the cursor, or nil at the end.
    @inlinable package var current: UInt8? { position < count ? bytes[position] : nil }

    /// An error at `offset`, or at the cursor.
    @inlinable package func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset ?? position, message: message)
    }

    /// The error for the byte at the cursor, which no rule expected there.
    @inlinable package func unexpected(_ expectation: String? = nil) -> JSONSyntaxError {
        guard let byte = current else { return error("unexpected end of input") }
        let shown =
            byte >= 0x21 && byte < 0x7F
            ? "character '\(String(UnicodeScalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
        return error(expectation.map { "unexpected \(shown), expected \($0)" } ?? "unexpected \(shown)")
    }

    /// Skips JSON whitespace and tells whether a newline was among it.
    @discardableResult
    @inline(__always)
    @inlinable package mutating func skipWhitespace() -> Bool {
        // Most tokens follow another directly: one look, then nothing to skip.
        guard position < count, bytes[position] <= .space else { return false }
        return skipWhitespaceRun()
    }

    @inlinable mutating func skipWhitespaceRun() -> Bool {
        var sawNewline = false
        while position < count {
            let byte = bytes[position]
            guard byte.isJSONWhitespace else { break }
            if byte == .newline { sawNewline = true }
            position += 1
        }
        return sawNewline
    }

    /// Checks that only whitespace is left.
    @inlinable package mutating func expectEnd() throws(JSONSyntaxError) {
        skipWhitespace()
        guard position == count else { throw unexpected("the end after the JSON value") }
    }

    /// Consumes the `[` or `{` at the cursor, refusing to go deeper than `JSONReader.maximumDepth`.
    @inlinable package mutating func enterContainer(depth: Int) throws(JSONSyntaxError) {
        guard depth <= JSONReader.maximumDepth else {
            throw error("nesting deeper than \(JSONReader.maximumDepth) levels")
        }
        position += 1
    }

    /// In an array already entered: true with the cursor on the next element, or false after consuming the
    /// closing `]`. `isFirst` starts true and is kept by the scanner.
    @inlinable package mutating func nextElement(isFirst: inout Bool) throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        if isFirst {
            isFirst = false
            guard current == .closeBracket else { return true }
            position += 1
            return false
        }
        switch current {
        case .comma:
            position += 1
            return true
        case .closeBracket:
            position += 1
            return false
        default:
            throw unexpected("',' or ']'")
        }
    }

    /// In an object already entered: true with the cursor on the next member's key (its opening quote), or
    /// false after consuming the closing `}`. `isFirst` starts true and is kept by the scanner.
    @inlinable package mutating func nextMember(isFirst: inout Bool) throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        if current == .closeBrace {
            position += 1
            return false
        }
        if !isFirst {
            guard current == .comma else { throw unexpected("',' or '}'") }
            position += 1
            skipWhitespace()
        }
        isFirst = false
        guard current == .quote else { throw unexpected("a string key") }
        return true
    }

    /// Consumes the `:` after a member's key.
    @inlinable package mutating func expectColon() throws(JSONSyntaxError) {
        skipWhitespace()
        guard current == .colon else { throw unexpected("':'") }
        position += 1
    }

    /// In an object already entered: reads up to the next member's value and returns its key token (compare it
    /// with `case "name":`, or read its `text`), or consumes the closing `}` and returns nil.
    @inlinable package mutating func nextMemberKey(isFirst: inout Bool) throws(JSONSyntaxError) -> JSONStringToken? {
        guard try nextMember(isFirst: &isFirst) else { return nil }
        let key = try scanStringToken()
        try expectColon()
        return key
    }

    /// Moves past `text` when the bytes at the cursor are exactly it; false, the cursor unmoved, otherwise.
    @inline(__always)
    @inlinable package mutating func skipText(_ text: StaticString) -> Bool {
        let length = text.utf8CodeUnitCount
        guard position + length <= count,
            ByteWord.equal(
                UnsafeRawBufferPointer(rebasing: bytes[position..<(position + length)]),
                UnsafeRawBufferPointer(start: text.utf8Start, count: length))
        else { return false }
        position += length
        return true
    }

    /// Consumes `word` (`true`, `false` or `null`) at the cursor.
    @inlinable package mutating func expectLiteral(_ word: StaticString) throws(JSONSyntaxError) {
        let length = word.utf8CodeUnitCount
        guard position + length <= count,
            UnsafeRawBufferPointer(rebasing: bytes[position..<(position + length)])
                .elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: length))
        else { throw error("invalid literal, expected \(word)") }
        position += length
    }

    /// Moves past a number, checked against the RFC 8259 grammar, and returns the range of its text.
    @inlinable package mutating func scanNumber() throws(JSONSyntaxError) -> Range<Int> {
        let start = position
        if current == .minus { position += 1 }
        guard let first = current, first.isDigit else { throw error("invalid number", at: start) }
        position += 1
        if first != .zero { skipDigits() }
        if current == .dot {
            position += 1
            guard current?.isDigit == true else { throw error("invalid number", at: start) }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == .plus || current == .minus { position += 1 }
            guard current?.isDigit == true else { throw error("invalid number", at: start) }
            skipDigits()
        }
        if current?.isDigit == true { throw error("invalid number (leading zero)", at: start) }
        return start..<position
    }

    @inlinable mutating func skipDigits() {
        while position < count, bytes[position].isDigit { position += 1 }
    }
}
