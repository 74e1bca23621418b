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
            valueSpansLines = false
            if shape.valueCount == 0 {
                guard let rows = skipDocumentCountingRows() else { return nil }
                shape.documentRowCount = rows
            } else {
                guard skipValue() else { return nil }
            }
            shape.valueCount += 1
            shape.someValueSpansLines = shape.someValueSpansLines || valueSpansLines
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
    private mutating func skipDocumentCountingRows() -> Int? {
        guard let (byte, width) = peek() else { return nil }
        switch byte {
        case .openBracket:
            return skipArrayCountingElements()
        case .openBrace:
            advance(width)
            var instances = RowList.absent
            var predictions = RowList.absent
            var isFirst = true
            while true {
                guard let hasMember = nextMember(isFirst: &isFirst) else { return nil }
                guard hasMember else { break }
                guard let key = skipDocumentKey(), key != .written else { return nil }
                guard key != .other else {
                    guard skipValue() else { return nil }
                    continue
                }
                skipWhitespaceInValue()
                let list: RowList
                if peek()?.byte == .openBracket {
                    guard let count = skipArrayCountingElements() else { return nil }
                    list = .list(count: count)
                } else {
                    guard skipValue() else { return nil }
                    list = .notAList
                }
                if key == .instances { instances = list } else { predictions = list }
            }
            switch (instances, predictions) {
            case (.list(let count), .absent), (.absent, .list(let count)): return count
            default: return 1
            }
        default:
            return skipValue() ? 1 : nil
        }
    }

    /// Moves past the array at the cursor and returns its number of elements.
    private mutating func skipArrayCountingElements() -> Int? {
        advance(1)
        var count = 0
        var isFirst = true
        while true {
            guard let hasElement = nextElement(isFirst: &isFirst) else { return nil }
            guard hasElement else { return count }
            guard skipValue() else { return nil }
            count += 1
        }
    }

    /// Moves past the value at the cursor (after optional whitespace). Structural bytes are never escaped, so
    /// they are read directly; the open containers are kept as bits of one word, so the fast path gives up below
    /// 64 levels (the exact reader allows 512).
    private mutating func skipValue() -> Bool {
        var openIsObject: UInt64 = 0  // bit i: container i (outermost first) is an object
        var depth = 0
        while true {
            // A value, or the first value of a container being opened; whitespace is skipped where it is met.
            guard position < count else { return false }
            switch base[position] {
            case let opening where opening == .openBrace || opening == .openBracket:
                guard depth < 64 else { return false }
                let isObject = opening == .openBrace
                position += 1
                openIsObject = isObject ? openIsObject | 1 << depth : openIsObject & ~(1 << depth)
                depth += 1
                skipWhitespaceInValue()
                guard position < count else { return false }
                if base[position] != (isObject ? .closeBrace : .closeBracket) {
                    if isObject { guard skipKey() != nil else { return false } }
                    continue
                }
                position += 1
                depth -= 1
            case .backslash:
                guard position + 1 < count else { return false }
                if base[position + 1] != .quote {
                    guard skipWhitespaceInValue() else { return false }
                    continue
                }
                guard skipString() else { return false }
            case .space:
                skipWhitespaceInValue()
                continue
            case UInt8(ascii: "t"): guard skipLiteral("true") else { return false }
            case UInt8(ascii: "f"): guard skipLiteral("false") else { return false }
            case UInt8(ascii: "n"): guard skipLiteral("null") else { return false }
            case .minus, .zero ... .nine: guard skipNumber() else { return false }
            default: return false
            }
            // After a value: closing brackets, up to a comma and the next value.
            while depth > 0 {
                guard position < count else { return false }
                let isObject = openIsObject & (1 << (depth - 1)) != 0
                switch base[position] {
                case .comma:
                    position += 1
                    if isObject {
                        skipWhitespaceInValue()
                        guard skipKey() != nil else { return false }
                    }
                case isObject ? .closeBrace : .closeBracket:
                    position += 1
                    depth -= 1
                    continue
                default:
                    guard skipWhitespaceInValue() else { return false }
                    continue
                }
                break
            }
            if depth == 0 { return true }
        }
    }

    /// Skips whitespace inside a value, noting a newline in `valueSpansLines`; true when there was some.
    @inline(__always)
    @discardableResult
    private mutating func skipWhitespaceInValue() -> Bool {
        let start = position
        if skipWhitespace() { valueSpansLines = true }
        return position > start
    }

    /// In an array already entered: true with the cursor on the next element, false after its `]`; nil when
    /// neither follows.
    @inline(__always)
    private mutating func nextElement(isFirst: inout Bool) -> Bool? {
        skipWhitespaceInValue()
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
    @inline(__always)
    private mutating func nextMember(isFirst: inout Bool) -> Bool? {
        skipWhitespaceInValue()
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
            skipWhitespaceInValue()
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
    private mutating func skipDocumentKey() -> Key? {
        guard let written = skipKey() else { return nil }
        let text = UnsafeRawBufferPointer(start: base + written.lowerBound, count: written.count)
        if text.contains(.backslash) { return .written }
        if Self.text(text, is: "instances") { return .instances }
        if Self.text(text, is: "predictions") { return .predictions }
        return .other
    }

    /// Moves past a member's key and its `:`; returns where the key's text is written in the line, nil when the
    /// member is not well-formed.
    @inline(__always)
    private mutating func skipKey() -> Range<Int>? {
        let start = position + 2
        guard skipString() else { return nil }
        let written = start..<(position - 2)
        skipWhitespaceInValue()
        guard position < count, base[position] == .colon else { return nil }  // never escaped
        position += 1
        return written
    }

    private static func text(_ text: UnsafeRawBufferPointer, is known: StaticString) -> Bool {
        ByteWord.equal(text, UnsafeRawBufferPointer(start: known.utf8Start, count: known.utf8CodeUnitCount))
    }
}
