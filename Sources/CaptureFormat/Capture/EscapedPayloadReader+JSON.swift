// JSON payloads read by `EscapedPayloadReader`: the grammar of `JSONScanner` (RFC 8259, strict), on the payload
// bytes the cursor sees, keeping only what `PayloadRows.shape` gives of one document. Every refusal is a `nil`,
// which hands the line to the exact reader for its verdict and its words; so does anything past the common
// documents (several values, one row of named values that is not in a list, a named row using a layout key).

@_spi(Scanning) import WireFormat

/// Where the fast path puts the plain rows of a JSON payload it reads, as ranges of the `data` string as written.
protocol RowRecording {
    /// Forgets the rows recorded so far.
    mutating func restart()
    mutating func record(_ row: PayloadSpans.Row)
}

/// Rows not recorded: the common reading, which only wants the shape.
struct SkippedRows: RowRecording {
    @inline(__always) mutating func restart() {}
    @inline(__always) mutating func record(_ row: PayloadSpans.Row) {}
}

/// Rows recorded into space the caller holds (no allocation, nothing to reference-count); those past its capacity
/// are only counted, and then none are given.
struct RowBuffer: RowRecording {
    let base: UnsafeMutablePointer<PayloadSpans.Row>
    let capacity: Int
    private var count = 0

    init(base: UnsafeMutablePointer<PayloadSpans.Row>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    @inline(__always) mutating func restart() { count = 0 }

    @inline(__always)
    mutating func record(_ row: PayloadSpans.Row) {
        if count < capacity { (base + count).initialize(to: row) }
        count += 1
    }

    /// The rows recorded; nil when more came than fit.
    var rows: UnsafeBufferPointer<PayloadSpans.Row>? {
        count <= capacity ? UnsafeBufferPointer(start: base, count: count) : nil
    }
}

extension [PayloadSpans.Row]: RowRecording {
    mutating func restart() { removeAll(keepingCapacity: true) }
    mutating func record(_ row: PayloadSpans.Row) { append(row) }
}

extension EscapedPayloadReader {
    /// Reads a JSON payload of one document up to the closing quote, and its shape by the document rules.
    mutating func readJSON() -> PayloadShape? {
        var rows = SkippedRows()
        return readJSON(recording: &rows)
    }

    /// Reads a JSON payload of one document up to the closing quote, and its shape by the document rules; its plain
    /// rows, as ranges of the `data` string as written, go to `rows`.
    mutating func readJSON(recording rows: inout some RowRecording) -> PayloadShape? {
        _ = skipWhitespace()
        guard let shape = skipDocument(recording: &rows) else { return nil }
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
        /// Where its row lies, as a range of the `data` string (a wrapper's array, for a wrapper).
        var row: PayloadSpans.Row = .scalar(0..<0)
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

    /// Moves past a JSON document and returns its shape by the document rules, its plain rows going to `rows`; nil
    /// where the exact reader decides.
    private mutating func skipDocument(recording rows: inout some RowRecording) -> PayloadShape? {
        guard let (byte, width) = peek() else { return nil }
        let start = position
        switch byte {
        case .openBracket:
            advance(width)
            guard let list = skipRowList(recording: &rows) else { return nil }
            if list.count > 0 && list.kinds.isSubset(of: .scalar) {
                rows.restart()
                rows.record(.ordered(span(from: start)))
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
                    guard let list = skipRowList(recording: &rows) else { return nil }
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
            guard skipValue() else { return nil }
            rows.record(.scalar(span(from: start)))
            return PayloadShape(rowCount: 1)
        }
    }

    /// The range of the `data` string from line offset `start` to the cursor.
    @inline(__always)
    private func span(from start: Int) -> Range<Int> {
        (start - origin)..<(position - origin)
    }

    /// Moves past the elements of an array already entered, and its `]`. Elements are classified in one pass;
    /// the values of the only element of a one-row list are counted after, by a second look at it.
    private mutating func skipRowList(recording rows: inout some RowRecording) -> RowList? {
        rows.restart()  // a later list under the same key replaces an earlier one
        var list = RowList()
        var isFirst = true
        var firstElement = 0
        var knownKeys: [Range<Int>] = []
        while true {
            guard let hasElement = nextElement(isFirst: &isFirst) else { return nil }
            guard hasElement else { break }
            skipWhitespaceInValue()
            if list.count == 0 { firstElement = position }
            guard let element = skipElement(knownKeys: &knownKeys) else { return nil }
            list.add(element)
            rows.record(element.row)
        }
        if list.count == 1 {
            let end = position
            position = firstElement
            guard let only = skipElementCountingValues() else { return nil }
            list.only = only
            position = end
        }
        return list
    }

    /// Moves past one element of a row list and tells what row it is, and where; nil where the exact reader decides
    /// (a named row that uses a layout key is refused in its words). The keys of the list's first row of named
    /// values are kept in `knownKeys`, to be matched in the rows after it.
    private mutating func skipElement(knownKeys: inout [Range<Int>]) -> Element? {
        skipWhitespaceInValue()
        guard let (byte, _) = peek() else { return nil }
        let start = position
        switch byte {
        case .openBracket:
            return skipValue() ? Element(kind: .array, row: .ordered(span(from: start))) : nil
        case .openBrace:
            // One skip of the whole object, which notes its members' keys on the way.
            var members = RowMembers()
            members.isRecordingKeys = knownKeys.isEmpty
            swap(&members.knownKeys, &knownKeys)
            let isSkipped = skipValue(noting: &members)
            swap(&members.knownKeys, &knownKeys)
            guard isSkipped else { return nil }
            if members.count == 1, let values = members.firstArray,
                members.first == .features || members.first == .probabilities
            {
                let values = (values.lowerBound - origin)..<(values.upperBound - origin)
                return Element(kind: members.first == .features ? .features : .probabilities, row: .ordered(values))
            }
            return members.usesLayoutKey ? nil : Element(kind: .named, row: .named(span(from: start)))
        default:
            return skipValue() ? Element(kind: .scalar, row: .scalar(span(from: start))) : nil
        }
    }

    /// Moves past one element of a row list, as `skipElement` does, with its values counted.
    private mutating func skipElementCountingValues() -> Element? {
        skipWhitespaceInValue()
        guard let (byte, width) = peek() else { return nil }
        switch byte {
        case .openBracket:
            advance(width)
            guard let (count, scalars) = skipArrayCountingValues() else { return nil }
            return Element(kind: .array, valueCount: count, valuesAreScalars: scalars)
        case .openBrace:
            return skipObjectElementCountingValues()
        default:
            return skipValue() ? Element(kind: .scalar) : nil
        }
    }

    /// Moves past an element that is an object, at its `{`: a wrapper, or a row of named values; with its values
    /// counted.
    private mutating func skipObjectElementCountingValues() -> Element? {
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
            if peek()?.byte == .openBracket {
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

    /// What `skipValue(noting:)` notes of the members of the outermost object it skips.
    private struct RowMembers {
        var count = 0
        /// The first member's key, and where its value lies in the line when it is an array.
        var first = Key.other
        var firstArray: Range<Int>?
        var firstArrayStart: Int?
        /// True when a key is one of Arthur's layout keys, or may be (written with escapes).
        var usesLayoutKey = false
        /// Where the keys of a list's first row of named values are written, each with its `:` (rows of named
        /// values mostly repeat their keys): a key whose bytes are those of the known key in its place is that key,
        /// with no need to read it.
        var knownKeys: [Range<Int>] = []
        var isRecordingKeys = false

        @inline(__always)
        mutating func note(_ key: Key) {
            count += 1
            if count == 1 { first = key }
            if key != .other { usesLayoutKey = true }
        }

        /// Notes a container of the first member closing at line offset `end`.
        @inline(__always)
        mutating func closeFirst(at end: Int) {
            if count == 1, let start = firstArrayStart, firstArray == nil { firstArray = start..<end }
        }
    }

    /// Moves past the value at the cursor (after optional whitespace).
    private mutating func skipValue() -> Bool {
        var unused = RowMembers()
        return skipValue(noting: &unused, isNoting: false)
    }

    /// Moves past the value at the cursor (after optional whitespace). Structural bytes are never escaped, so
    /// they are read directly; the open containers are kept as bits of one word, so the fast path gives up below
    /// 64 levels (the exact reader allows 512).
    /// When `isNoting`, the keys of the outermost object's members are noted in `members`, for a row's kind.
    @inline(__always)
    private mutating func skipValue(noting members: inout RowMembers, isNoting: Bool = true) -> Bool {
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
                if isNoting && !isObject && depth == 2 && members.count == 1 { members.firstArrayStart = position - 1 }
                skipWhitespaceInValue()
                guard position < count else { return false }
                if base[position] != (isObject ? .closeBrace : .closeBracket) {
                    if isObject {
                        guard isNoting && depth == 1 ? skipKey(noting: &members) : skipKey() != nil else {
                            return false
                        }
                    }
                    continue
                }
                position += 1
                depth -= 1
                if isNoting && depth == 1 { members.closeFirst(at: position) }
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
                        guard isNoting && depth == 1 ? skipKey(noting: &members) : skipKey() != nil else {
                            return false
                        }
                    }
                case isObject ? .closeBrace : .closeBracket:
                    position += 1
                    depth -= 1
                    if isNoting && depth == 1 { members.closeFirst(at: position) }
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

    /// Moves past a member's key of a row and its `:`, noting the key in `members`; false when the member is not
    /// well-formed.
    @inline(__always)
    private mutating func skipKey(noting members: inout RowMembers) -> Bool {
        let index = members.count
        if index < members.knownKeys.count {
            let known = members.knownKeys[index]
            if position + known.count <= count,
                ByteWord.equal(
                    UnsafeRawBufferPointer(start: base + position, count: known.count),
                    UnsafeRawBufferPointer(start: base + known.lowerBound, count: known.count))
            {
                position += known.count
                members.note(.other)  // only keys that are not layout keys are known
                return true
            }
        }
        let start = position
        guard let written = skipKey() else { return false }
        let key = key(written)
        members.note(key)
        if members.isRecordingKeys && key == .other {
            if members.knownKeys.isEmpty { members.knownKeys.reserveCapacity(32) }
            members.knownKeys.append(start..<position)
        }
        return true
    }

    /// Moves past a member's key and its `:`, and tells which key it is; nil when the member is not well-formed.
    private mutating func skipDocumentKey() -> Key? {
        guard let written = skipKey() else { return nil }
        return key(written)
    }

    /// Which key is written at `written`.
    @inline(__always)
    private func key(_ written: (range: Range<Int>, isPlain: Bool)) -> Key {
        let text = UnsafeRawBufferPointer(start: base + written.range.lowerBound, count: written.range.count)
        // A key is compared only with the known key of its length. A payload escape that spells a letter is
        // `\\u00XX` in the line, seven bytes for one, so a key written with escapes that spells a known key is
        // longer than any known key: such a key (which the fast path then leaves) is `.written`.
        switch text.count {
        case 8: return Self.text(text, is: "features") ? .features : .other
        case 9: return Self.text(text, is: "instances") ? .instances : .other
        case 11: return Self.text(text, is: "predictions") ? .predictions : .other
        case 13: return Self.text(text, is: "probabilities") ? .probabilities : .other
        case 14...: return !written.isPlain && text.contains(.backslash) ? .written : .other
        default: return .other
        }
    }

    /// Moves past a member's key and its `:`; returns where the key's text is written in the line, and whether it
    /// is plain (printable ASCII, no escapes); nil when the member is not well-formed.
    @inline(__always)
    private mutating func skipKey() -> (range: Range<Int>, isPlain: Bool)? {
        guard isAtEscapedQuote else { return nil }
        let start = position + 2
        hasEscapes = true
        position = start
        skipPlainBytes()
        let isPlain = isAtEscapedQuote
        if isPlain {
            position += 2
        } else {
            position = start - 2
            guard skipString() else { return nil }
        }
        let written = start..<(position - 2)
        skipWhitespaceInValue()
        guard position < count, base[position] == .colon else { return nil }  // never escaped
        position += 1
        return (written, isPlain)
    }

    private static func text(_ text: UnsafeRawBufferPointer, is known: StaticString) -> Bool {
        ByteWord.equal(text, UnsafeRawBufferPointer(start: known.utf8Start, count: known.utf8CodeUnitCount))
    }
}
