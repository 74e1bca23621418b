/// How `JSONScanner` checks a value without building it: every rule of `parseValue` applies, but nothing is
/// kept, so fields a caller ignores and payloads it only counts cost no allocations. Like `parseValue`, it keeps
/// the open containers on an explicit stack, not the call stack.

extension JSONScanner {
    /// Moves past the value at the cursor (after optional whitespace), checking all of it. `depth` is the number
    /// of arrays and objects around it.
    mutating func skipValue(depth: Int) throws(JSONSyntaxError) {
        skipWhitespace()
        if current == .quote {  // the usual skipped field: no containers to keep
            try skipString()
            return
        }
        var openIsObject: [Bool] = []  // the open containers, innermost last
        var isFirst = true
        nextValue: while true {
            skipWhitespace()
            switch current {
            case .openBrace, .openBracket:
                try enterContainer(depth: depth + openIsObject.count + 1)
                openIsObject.append(bytes[position - 1] == .openBrace)
                isFirst = true
            case .quote: try skipString()
            case UInt8(ascii: "t"): try expectLiteral("true")
            case UInt8(ascii: "f"): try expectLiteral("false")
            case UInt8(ascii: "n"): try expectLiteral("null")
            case .some(let byte) where byte == .minus || byte.isDigit: _ = try scanNumber()
            default: throw unexpected("a JSON value")
            }
            while let isObject = openIsObject.last {
                if isObject {
                    if try nextMember(isFirst: &isFirst) {
                        try skipString()
                        try expectColon()
                        continue nextValue
                    }
                } else if try nextElement(isFirst: &isFirst) {
                    continue nextValue
                }
                openIsObject.removeLast()
                isFirst = false
            }
            return
        }
    }

    /// Moves past the array at the cursor, checking it, and returns its number of elements.
    mutating func skipArrayCountingElements(depth: Int) throws(JSONSyntaxError) -> Int {
        try enterContainer(depth: depth + 1)
        var count = 0
        var isFirst = true
        while try nextElement(isFirst: &isFirst) {
            try skipValue(depth: depth + 1)
            count += 1
        }
        return count
    }
}
