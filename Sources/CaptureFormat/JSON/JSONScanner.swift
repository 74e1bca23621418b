/// A cursor over JSON bytes: the one place that knows JSON's grammar. `JSONReader` builds whole trees with it,
/// and `CaptureLineScanner` walks a capture line's outer object with it, member by member, without building a
/// tree for the parts it only needs to find.

/// A cursor over JSON bytes.
struct JSONScanner {
    /// The bytes read; valid for the scanner's whole life.
    let bytes: UnsafeRawBufferPointer
    /// The offset of the next byte to read.
    var position: Int

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.position = 0
    }

    /// The byte at the cursor, or nil at the end.
    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// An error at `offset`, or at the cursor.
    func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset ?? position, message: message)
    }

    /// The error for the byte at the cursor, which no rule expected there.
    func unexpected(_ expectation: String? = nil) -> JSONSyntaxError {
        guard let byte = current else { return error("unexpected end of input") }
        let shown =
            byte >= 0x21 && byte < 0x7F
            ? "character '\(String(UnicodeScalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
        return error(expectation.map { "unexpected \(shown), expected \($0)" } ?? "unexpected \(shown)")
    }

    /// Skips JSON whitespace and tells whether a newline was among it.
    @discardableResult
    mutating func skipWhitespace() -> Bool {
        var sawNewline = false
        while position < bytes.count {
            let byte = bytes[position]
            guard byte.isJSONWhitespace else { break }
            if byte == .newline { sawNewline = true }
            position += 1
        }
        return sawNewline
    }

    /// Checks that only whitespace is left.
    mutating func expectEnd() throws(JSONSyntaxError) {
        skipWhitespace()
        guard position == bytes.count else { throw unexpected("the end after the JSON value") }
    }

    /// Reads the value at the cursor (after optional whitespace). `depth` is the number of arrays and objects
    /// around it.
    mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        switch current {
        case .openBrace: return try parseObject(depth: depth + 1)
        case .openBracket: return try parseArray(depth: depth + 1)
        case .quote: return .string(try readString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case .some(let byte) where byte == .minus || byte.isDigit:
            return .number(try readNumber())
        default:
            throw unexpected("a JSON value")
        }
    }

    /// Reads and drops the value at the cursor, still checking all of it.
    mutating func skipValue(depth: Int) throws(JSONSyntaxError) {
        _ = try parseValue(depth: depth)
    }

    /// Consumes the `[` or `{` at the cursor, refusing to go deeper than `JSONReader.maximumDepth`.
    mutating func enterContainer(depth: Int) throws(JSONSyntaxError) {
        guard depth <= JSONReader.maximumDepth else {
            throw error("nesting deeper than \(JSONReader.maximumDepth) levels")
        }
        position += 1
    }

    private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        try enterContainer(depth: depth)
        var elements: [JSONValue] = []
        skipWhitespace()
        if current == .closeBracket {
            position += 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            switch current {
            case .comma: position += 1
            case .closeBracket:
                position += 1
                return .array(elements)
            default: throw unexpected("',' or ']'")
            }
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        try enterContainer(depth: depth)
        var members: [JSONMember] = []
        var isFirst = true
        while let key = try nextMemberKey(isFirst: &isFirst) {
            members.append(JSONMember(key, try parseValue(depth: depth)))
        }
        return .object(members)
    }

    /// In an object already entered, reads up to the next member's value and returns its key, or consumes the
    /// closing `}` and returns nil. `isFirst` starts true and is kept by the scanner.
    mutating func nextMemberKey(isFirst: inout Bool) throws(JSONSyntaxError) -> String? {
        skipWhitespace()
        if current == .closeBrace {
            position += 1
            return nil
        }
        if !isFirst {
            guard current == .comma else { throw unexpected("',' or '}'") }
            position += 1
            skipWhitespace()
        }
        isFirst = false
        guard current == .quote else { throw unexpected("a string key") }
        let key = try readString()
        skipWhitespace()
        guard current == .colon else { throw unexpected("':'") }
        position += 1
        return key
    }

    private mutating func expectLiteral(_ word: StaticString) throws(JSONSyntaxError) {
        let length = word.utf8CodeUnitCount
        guard position + length <= bytes.count,
            memcmpEqual(word.utf8Start, length)
        else { throw error("invalid literal, expected \(word)") }
        position += length
    }

    private func memcmpEqual(_ word: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        for index in 0..<length where bytes[position + index] != word[index] {
            return false
        }
        return true
    }

    /// Reads a number per the RFC 8259 grammar and returns its literal text.
    private mutating func readNumber() throws(JSONSyntaxError) -> String {
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
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    private mutating func skipDigits() {
        while position < bytes.count, bytes[position].isDigit { position += 1 }
    }
}
