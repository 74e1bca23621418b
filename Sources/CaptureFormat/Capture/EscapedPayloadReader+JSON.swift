/// JSON payloads read by `EscapedPayloadReader`: the grammar of `JSONScanner` (RFC 8259, strict), on the payload
/// bytes the cursor sees, keeping only what `PayloadRows.shape` counts. Every refusal is a `nil`, which hands the
/// line to the exact reader for its verdict and its words.

extension EscapedPayloadReader {
    /// Reads a JSON payload up to the closing quote: its values, one per line, and the rows of the first by the
    /// document rules.
    mutating func readJSON() -> JSONValuesShape? {
        var shape = JSONValuesShape()
        _ = skipWhitespace()
        while !isAtClosingQuote {
            var spansLines = false
            if shape.valueCount == 0 {
                guard let rows = skipDocumentCountingRows(spansLines: &spansLines) else { return nil }
                shape.documentRowCount = rows
            } else {
                guard skipValue(spansLines: &spansLines) else { return nil }
            }
            shape.valueCount += 1
            shape.someValueSpansLines = shape.someValueSpansLines || spansLines
            let sawNewline = skipWhitespace()
            if !isAtClosingQuote && !sawNewline { return nil }
        }
        consumeClosingQuote()
        return shape
    }

    /// What a document object holds under `instances` or `predictions`.
    private enum RowList {
        case absent
        case notAList
        case list(count: Int)
    }

    /// Moves past a JSON document and returns its number of rows by the document rules.
    private mutating func skipDocumentCountingRows(spansLines: inout Bool) -> Int? {
        guard let (byte, width) = peek() else { return nil }
        switch byte {
        case .openBracket:
            return skipArrayCountingElements(spansLines: &spansLines)
        case .openBrace:
            advance(width)
            var instances = RowList.absent
            var predictions = RowList.absent
            var isFirst = true
            while true {
                guard let hasMember = nextMember(isFirst: &isFirst, spansLines: &spansLines) else { return nil }
                guard hasMember else { break }
                guard let key = skipDocumentKey(spansLines: &spansLines), key != .written else { return nil }
                guard key != .other else {
                    guard skipValue(spansLines: &spansLines) else { return nil }
                    continue
                }
                if skipWhitespace() { spansLines = true }
                let list: RowList
                if peek()?.byte == .openBracket {
                    guard let count = skipArrayCountingElements(spansLines: &spansLines) else { return nil }
                    list = .list(count: count)
                } else {
                    guard skipValue(spansLines: &spansLines) else { return nil }
                    list = .notAList
                }
                if key == .instances { instances = list } else { predictions = list }
            }
            switch (instances, predictions) {
            case (.list(let count), .absent), (.absent, .list(let count)): return count
            default: return 1
            }
        default:
            return skipValue(spansLines: &spansLines) ? 1 : nil
        }
    }

    /// Moves past the array at the cursor and returns its number of elements.
    private mutating func skipArrayCountingElements(spansLines: inout Bool) -> Int? {
        advance(1)
        var count = 0
        var isFirst = true
        while true {
            guard let hasElement = nextElement(isFirst: &isFirst, spansLines: &spansLines) else { return nil }
            guard hasElement else { return count }
            guard skipValue(spansLines: &spansLines) else { return nil }
            count += 1
        }
    }

    /// Moves past the value at the cursor (after optional whitespace). The open containers are kept as bits of
    /// one word, so the fast path gives up below 64 levels (the exact reader allows 512).
    private mutating func skipValue(spansLines: inout Bool) -> Bool {
        var openIsObject: UInt64 = 0  // bit i: container i (outermost first) is an object
        var depth = 0
        var isFirst = true
        nextValue: while true {
            if skipWhitespace() { spansLines = true }
            guard let (byte, width) = peek() else { return false }
            switch byte {
            case .openBrace, .openBracket:
                guard depth < 64 else { return false }
                advance(width)
                if byte == .openBrace { openIsObject |= 1 << depth } else { openIsObject &= ~(1 << depth) }
                depth += 1
                isFirst = true
            case .quote: guard skipString() else { return false }
            case UInt8(ascii: "t"): guard skipLiteral("true") else { return false }
            case UInt8(ascii: "f"): guard skipLiteral("false") else { return false }
            case UInt8(ascii: "n"): guard skipLiteral("null") else { return false }
            case .minus, .zero ... .nine: guard skipNumber() else { return false }
            default: return false
            }
            while depth > 0 {
                if openIsObject & (1 << (depth - 1)) != 0 {
                    guard let hasMember = nextMember(isFirst: &isFirst, spansLines: &spansLines) else { return false }
                    if hasMember {
                        guard skipKey(spansLines: &spansLines) != nil else { return false }
                        continue nextValue
                    }
                } else {
                    guard let hasElement = nextElement(isFirst: &isFirst, spansLines: &spansLines) else { return false }
                    if hasElement { continue nextValue }
                }
                depth -= 1
                isFirst = false
            }
            return true
        }
    }

    /// In an array already entered: true with the cursor on the next element, false after its `]`; nil when
    /// neither follows.
    private mutating func nextElement(isFirst: inout Bool, spansLines: inout Bool) -> Bool? {
        if skipWhitespace() { spansLines = true }
        guard let (byte, width) = peek() else { return nil }
        if byte == .closeBracket {
            advance(width)
            return false
        }
        if isFirst {
            isFirst = false
            return true
        }
        guard byte == .comma else { return nil }
        advance(width)
        return true
    }

    /// In an object already entered: true with the cursor on the next member's key, false after its `}`; nil
    /// when neither follows.
    private mutating func nextMember(isFirst: inout Bool, spansLines: inout Bool) -> Bool? {
        if skipWhitespace() { spansLines = true }
        guard let (byte, width) = peek() else { return nil }
        if byte == .closeBrace {
            advance(width)
            return false
        }
        if isFirst {
            isFirst = false
        } else {
            guard byte == .comma else { return nil }
            advance(width)
            if skipWhitespace() { spansLines = true }
        }
        return peek()?.byte == .quote ? true : nil
    }

    /// A member key, as far as the document rules care.
    private enum Key {
        case instances
        case predictions
        case other
        /// A key written with payload escapes, which the fast path does not compare.
        case written
    }

    /// Moves past a member's key and its `:`, and tells which key it is; nil when the member is not well-formed.
    private mutating func skipDocumentKey(spansLines: inout Bool) -> Key? {
        guard let written = skipKey(spansLines: &spansLines) else { return nil }
        let text = UnsafeRawBufferPointer(rebasing: bytes[written])
        if text.contains(.backslash) { return .written }
        if Self.text(text, is: "instances") { return .instances }
        if Self.text(text, is: "predictions") { return .predictions }
        return .other
    }

    /// Moves past a member's key and its `:`; returns where the key's text is written in the line, nil when the
    /// member is not well-formed.
    private mutating func skipKey(spansLines: inout Bool) -> Range<Int>? {
        let start = position + 2
        guard skipString() else { return nil }
        let written = start..<(position - 2)
        if skipWhitespace() { spansLines = true }
        guard let (colon, width) = peek(), colon == .colon else { return nil }
        advance(width)
        return written
    }

    private static func text(_ text: UnsafeRawBufferPointer, is known: StaticString) -> Bool {
        guard text.count == known.utf8CodeUnitCount else { return false }
        for index in 0..<text.count where text[index] != known.utf8Start[index] { return false }
        return true
    }

    /// Moves past the payload string at the cursor (its opening quote written `\"`), checking it.
    private mutating func skipString() -> Bool {
        advance(2)
        let count = bytes.count
        while true {
            skipPlainBytes()
            guard position < count else { return false }
            let byte = bytes[position]
            if byte >= 0x80 {
                guard skipUTF8Sequence() else { return false }
                continue
            }
            // A raw `"` would end the `data` string inside a payload string; control characters are invalid.
            guard byte == .backslash, position + 1 < count else { return false }
            switch bytes[position + 1] {
            case .quote:
                position += 2
                return true
            case .slash:
                position += 2
            case .backslash:
                guard skipPayloadEscape() else { return false }
            default:
                return false  // a payload control character (`\n`, `\t`…) or a `\u` escape: left to the exact reader
            }
        }
    }

    /// Moves past a payload escape: its `\`, written `\\`, and what it escapes.
    private mutating func skipPayloadEscape() -> Bool {
        let count = bytes.count
        guard position + 2 < count else { return false }
        switch bytes[position + 2] {
        case .backslash:  // `\"`, `\\` or `\/`, the escaped character written as an escape too
            guard position + 3 < count else { return false }
            let escaped = bytes[position + 3]
            guard escaped == .quote || escaped == .backslash || escaped == .slash else { return false }
            position += 4
        case .slash, UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            position += 3
        case UInt8(ascii: "u"):
            guard let unit = JSONStringToken.hexQuad(in: bytes, at: position + 3), !(0xD800...0xDFFF).contains(unit)
            else { return false }  // surrogate pairs are left to the exact reader
            position += 7
        default:
            return false
        }
        return true
    }

    /// Moves past `word` (`true`, `false` or `null`), written as itself.
    private mutating func skipLiteral(_ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        guard position + length <= bytes.count else { return false }
        for offset in 0..<length where bytes[position + offset] != word.utf8Start[offset] { return false }
        position += length
        return true
    }

    /// Moves past a number, written as itself, checked against the RFC 8259 grammar.
    private mutating func skipNumber() -> Bool {
        if bytes[position] == .minus { position += 1 }
        guard let first = digit() else { return false }
        position += 1
        if first != .zero { skipDigits() }
        if digit() != nil { return false }  // a leading zero
        if position < bytes.count, bytes[position] == .dot {
            position += 1
            guard digit() != nil else { return false }
            skipDigits()
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == .plus || bytes[position] == .minus { position += 1 }
            guard digit() != nil else { return false }
            skipDigits()
        }
        return true
    }

    /// The digit at the cursor, if it is one.
    @inline(__always)
    private func digit() -> UInt8? {
        position < bytes.count && bytes[position].isDigit ? bytes[position] : nil
    }

    private mutating func skipDigits() {
        while position < bytes.count, bytes[position].isDigit { position += 1 }
    }
}
