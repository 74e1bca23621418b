// How `JSONScanner` checks a value without building it: every rule of `parseValue` applies, but nothing is
// kept, so fields a caller ignores and payloads it only counts cost no allocations. Like `parseValue`, it keeps
// the open containers on an explicit stack, not the call stack: the first 64 as bits of one word.

extension JSONScanner {
    /// Moves past the value at the cursor (after optional whitespace), checking all of it. `depth` is the number
    /// of arrays and objects around it.
    @inlinable package mutating func skipValue(depth: Int) throws(JSONSyntaxError) {
        skipWhitespace()
        if current == .quote {  // the usual skipped field: no containers to keep
            try skipString()
            return
        }
        var open = OpenContainers()
        var isFirst = true
        nextValue: while true {
            skipWhitespace()
            switch current {
            case .openBrace, .openBracket:
                try enterContainer(depth: depth + open.count + 1)
                open.push(isObject: bytes[position - 1] == .openBrace)
                isFirst = true
            case .quote: try skipString()
            case UInt8(ascii: "t"): try expectLiteral("true")
            case UInt8(ascii: "f"): try expectLiteral("false")
            case UInt8(ascii: "n"): try expectLiteral("null")
            case .some(let byte) where byte == .minus || byte.isDigit: _ = try scanNumber()
            default: throw unexpected("a JSON value")
            }
            while let isObject = open.innermostIsObject {
                if isObject {
                    if try nextMember(isFirst: &isFirst) {
                        try skipString()
                        try expectColon()
                        continue nextValue
                    }
                } else if try nextElement(isFirst: &isFirst) {
                    continue nextValue
                }
                open.pop()
                isFirst = false
            }
            return
        }
    }
}

/// The kinds of the containers a skip is inside, innermost last: the first 64 as bits of a word, deeper ones in
/// an array (which only hostile nesting reaches), so skipping allocates nothing.
@usableFromInline struct OpenContainers {
    @usableFromInline var bits: UInt64 = 0
    @usableFromInline var deeper: [Bool] = []
    @usableFromInline var count = 0

    @inlinable init() {}

    @inlinable mutating func push(isObject: Bool) {
        if count < 64 {
            bits = isObject ? bits | 1 << count : bits & ~(1 << count)
        } else {
            deeper.append(isObject)
        }
        count += 1
    }

    @inlinable mutating func pop() {
        count -= 1
        if count >= 64 { deeper.removeLast() }
    }

    /// Whether the innermost container is an object; nil when none is open.
    @inlinable var innermostIsObject: Bool? {
        guard count > 0 else { return nil }
        return count > 64 ? deeper.last : bits & 1 << (count - 1) != 0
    }
}
