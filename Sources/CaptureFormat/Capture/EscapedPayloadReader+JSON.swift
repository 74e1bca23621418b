// JSON payloads read by `EscapedPayloadReader`: the grammar of `JSONScanner` (RFC 8259, strict), on the payload
// bytes the cursor sees, keeping only what `PayloadRows.shape` gives of one document. Every refusal is a `nil`,
// which hands the line to the exact reader for its verdict and its words; so does anything past the common
// documents (several values, one row of named values that is not in a list, a named row using a layout key).

extension EscapedPayloadReader {
    /// Reads a JSON payload of one document up to the closing quote, and its shape by the document rules.
    mutating func readJSON() -> PayloadShape? {
        _ = skipWhitespace()
        guard let shape = skipDocument() else { return nil }
        _ = skipWhitespace()
        guard isAtClosingQuote else { return nil }
        consumeClosingQuote()
        return shape
    }

    /// What the fast path learned of one element of a document's row list.
    private struct Element {
        enum Kind: UInt8 {
            case scalar = 1
            case array = 2
            case features = 4
            case probabilities = 8
            case named = 16
        }

        var kind: Kind
        /// Arrays and wrappers: how many values, and whether none is an array or object.
        var valueCount = 0
        var valuesAreScalars = false
        /// Named values: the one length of their values when every value is an array.
        var columnLength: Int?
    }

    /// The kinds of a list's elements, as a set.
    private struct ElementKinds {
        var bits: UInt8 = 0
        mutating func insert(_ kind: Element.Kind) { bits |= kind.rawValue }
        func isSubset(of kind: Element.Kind, _ other: Element.Kind? = nil) -> Bool {
            bits & ~(kind.rawValue | (other?.rawValue ?? 0)) == 0
        }
    }

    /// A row list: its element count and kinds, and the only element when there is exactly one.
    private struct RowList {
        var count = 0
        var kinds = ElementKinds()
        var only: Element?

        mutating func add(_ element: Element) {
            count += 1
            kinds.insert(element.kind)
            only = count == 1 ? element : nil
        }

        /// The shape of the rows this list gives.
        func shape(layout: PayloadShape.ArthurLayout) -> PayloadShape {
            var shape = PayloadShape(rowCount: count, arthurLayout: layout)
            guard let only else { return shape }
            switch only.kind {
            case .array, .features, .probabilities:
                if only.valueCount >= 2 && only.valuesAreScalars { shape.singleRowScalarCount = only.valueCount }
            case .named:
                if let length = only.columnLength, length >= 2 { shape.columnarCount = length }
            case .scalar:
                break
            }
            return shape
        }
    }

    /// Moves past a JSON document and returns its shape by the document rules; nil where the exact reader decides.
    private mutating func skipDocument() -> PayloadShape? {
        guard let (byte, width) = peek() else { return nil }
        switch byte {
        case .openBracket:
            advance(width)
            guard let list = skipRowList() else { return nil }
            if list.count > 0 && list.kinds.isSubset(of: .scalar) {
                return PayloadShape(
                    rowCount: 1, flatArrayCount: list.count,
                    singleRowScalarCount: list.count >= 2 ? list.count : nil)
            }
            return list.shape(layout: .other)
        case .openBrace:
            advance(width)
            var instances: RowList?
            var predictions: RowList?
            var hasOtherValue = false  // a key other than a list under instances/predictions
            var memberCount = 0
            var isFirst = true
            while true {
                guard let hasMember = nextMember(isFirst: &isFirst) else { return nil }
                guard hasMember else { break }
                memberCount += 1
                guard let key = skipDocumentKey(), key != .written else { return nil }
                skipWhitespaceInValue()
                if key == .instances || key == .predictions, peek()?.byte == .openBracket {
                    advance(1)
                    guard let list = skipRowList() else { return nil }
                    if key == .instances { instances = list } else { predictions = list }
                } else {
                    guard skipValue() else { return nil }
                    if key == .instances { instances = nil }
                    if key == .predictions { predictions = nil }
                    if key == .instances || key == .predictions { hasOtherValue = true }
                }
            }
            // One map row (no list, both lists, or a key that is not a list): left to the exact reader.
            guard !hasOtherValue, (instances == nil) != (predictions == nil), let list = instances ?? predictions
            else { return nil }
            var layout = PayloadShape.ArthurLayout.other
            if memberCount == 1 {
                if instances != nil, list.kinds.isSubset(of: .features, .named) { layout = .instances }
                if predictions != nil, list.kinds.isSubset(of: .array, .named) { layout = .predictions }
            }
            return list.shape(layout: layout)
        default:
            return skipValue() ? PayloadShape(rowCount: 1) : nil
        }
    }

    /// Moves past the elements of an array already entered, and its `]`. Elements are classified in one pass;
    /// the values of the only element of a one-row list are counted after, by a second look at it.
    private mutating func skipRowList() -> RowList? {
        var list = RowList()
        var isFirst = true
        var firstElement = 0
        while true {
            guard let hasElement = nextElement(isFirst: &isFirst) else { return nil }
            guard hasElement else { break }
            skipWhitespaceInValue()
            if list.count == 0 { firstElement = position }
            guard let element = skipElement(counting: false) else { return nil }
            list.add(element)
        }
        if list.count == 1 {
            let end = position
            position = firstElement
            guard let only = skipElement(counting: true) else { return nil }
            list.only = only
            position = end
        }
        return list
    }

    /// Moves past one element of a row list and tells what row it is, with its values counted when `counting`;
    /// nil where the exact reader decides (a named row that uses a layout key is refused in its words).
    private mutating func skipElement(counting: Bool) -> Element? {
        skipWhitespaceInValue()
        guard let (byte, width) = peek() else { return nil }
        switch byte {
        case .openBracket where !counting:
            return skipValue() ? Element(kind: .array) : nil
        case .openBracket:
            advance(width)
            guard let (count, scalars) = skipArrayCountingValues() else { return nil }
            return Element(kind: .array, valueCount: count, valuesAreScalars: scalars)
        case .openBrace where !counting:
            // A row of named values unless its first key opens a `features`/`probabilities` wrapper: then one
            // skip of the whole object that gives up on a layout key.
            var probe = self
            probe.advance(width)
            probe.skipWhitespaceInValue()
            if probe.peek()?.byte == .quote, let first = probe.skipDocumentKey(), first != .features,
                first != .probabilities
            {
                return skipValue(refusingLayoutKeys: true) ? Element(kind: .named) : nil
            }
            return skipObjectElement(counting: false)
        case .openBrace:
            return skipObjectElement(counting: true)
        default:
            return skipValue() ? Element(kind: .scalar) : nil
        }
    }

    /// Moves past an element that is an object, at its `{`: a wrapper, or a row of named values.
    private mutating func skipObjectElement(counting: Bool) -> Element? {
        guard let (_, width) = peek() else { return nil }
        advance(width)
        var memberCount = 0
        var firstKey = Key.other
        var firstArray: (count: Int, scalars: Bool)?
        var usesLayoutKey = false
        var columnLength: Int?
        var isColumnar = true
        var isFirst = true
        while true {
            guard let hasMember = nextMember(isFirst: &isFirst) else { return nil }
            guard hasMember else { break }
            memberCount += 1
            guard let key = skipDocumentKey(), key != .written else { return nil }
            if memberCount == 1 { firstKey = key }
            if key != .other { usesLayoutKey = true }
            skipWhitespaceInValue()
            if peek()?.byte == .openBracket, !counting {
                guard skipValue() else { return nil }
                if memberCount == 1 { firstArray = (0, false) }
            } else if peek()?.byte == .openBracket {
                advance(1)
                guard let array = skipArrayCountingValues() else { return nil }
                if memberCount == 1 { firstArray = array }
                if columnLength == nil { columnLength = array.count }
                if columnLength != array.count { isColumnar = false }
            } else {
                guard skipValue() else { return nil }
                isColumnar = false
            }
        }
        if memberCount == 1, firstKey == .features || firstKey == .probabilities, let firstArray {
            return Element(
                kind: firstKey == .features ? .features : .probabilities, valueCount: firstArray.count,
                valuesAreScalars: firstArray.scalars)
        }
        guard !usesLayoutKey else { return nil }
        return Element(kind: .named, columnLength: isColumnar ? columnLength : nil)
    }

    /// Moves past the values of an array already entered, and its `]`: how many, and whether none is an array or
    /// object.
    private mutating func skipArrayCountingValues() -> (count: Int, scalars: Bool)? {
        var count = 0
        var scalars = true
        var isFirst = true
        while true {
            guard let hasElement = nextElement(isFirst: &isFirst) else { return nil }
            guard hasElement else { return (count, scalars) }
            if let byte = peek()?.byte, byte == .openBracket || byte == .openBrace { scalars = false }
            guard skipValue() else { return nil }
            count += 1
        }
    }

    /// Moves past the value at the cursor (after optional whitespace). Structural bytes are never escaped, so
    /// they are read directly; the open containers are kept as bits of one word, so the fast path gives up below
    /// 64 levels (the exact reader allows 512).
    /// With `refusingLayoutKeys`, a member of the outermost object whose key is one of Arthur's layout keys makes it
    /// give up too (for a row of named values, which the exact reader then refuses in its words).
    private mutating func skipValue(refusingLayoutKeys: Bool = false) -> Bool {
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
                    if isObject {
                        guard let key = skipKey() else { return false }
                        if refusingLayoutKeys && depth == 1 && isLayoutKey(key) { return false }
                    }
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
                        guard let key = skipKey() else { return false }
                        if refusingLayoutKeys && depth == 1 && isLayoutKey(key) { return false }
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

    /// Skips whitespace inside a value; true when there was some.
    @inline(__always)
    @discardableResult
    private mutating func skipWhitespaceInValue() -> Bool {
        let start = position
        _ = skipWhitespace()
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
        case features
        case probabilities
        case other
        /// A key written with payload escapes, which the fast path does not compare.
        case written
    }

    /// Moves past a member's key and its `:`, and tells which key it is; nil when the member is not well-formed.
    private mutating func skipDocumentKey() -> Key? {
        guard let written = skipKey() else { return nil }
        return key(written)
    }

    /// True when the key written at `written` is one of Arthur's layout keys, or may be (written with escapes).
    private func isLayoutKey(_ written: Range<Int>) -> Bool {
        key(written) != .other
    }

    /// Which key is written at `written`.
    private func key(_ written: Range<Int>) -> Key {
        let text = UnsafeRawBufferPointer(start: base + written.lowerBound, count: written.count)
        // A key is compared only with the known key of its length. A payload escape that spells a letter is
        // `\\u00XX` in the line, seven bytes for one, so a key written with escapes that spells a known key is
        // longer than any known key: such a key (which the fast path then leaves) is `.written`.
        switch text.count {
        case 8: return Self.text(text, is: "features") ? .features : .other
        case 9: return Self.text(text, is: "instances") ? .instances : .other
        case 11: return Self.text(text, is: "predictions") ? .predictions : .other
        case 13: return Self.text(text, is: "probabilities") ? .probabilities : .other
        case 14...: return text.contains(.backslash) ? .written : .other
        default: return .other
        }
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
