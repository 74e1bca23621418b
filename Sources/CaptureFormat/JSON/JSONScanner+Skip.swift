/// How `JSONScanner` checks a value without building it: every rule of `parseValue` applies, but nothing is
/// kept, so fields a caller ignores and payloads it only counts cost no allocations.

extension JSONScanner {
    /// Moves past the value at the cursor (after optional whitespace), checking all of it. `depth` is the number
    /// of arrays and objects around it.
    mutating func skipValue(depth: Int) throws(JSONSyntaxError) {
        skipWhitespace()
        switch current {
        case .openBrace:
            try enterContainer(depth: depth + 1)
            var isFirst = true
            while try nextMember(isFirst: &isFirst) {
                try skipString()
                try expectColon()
                try skipValue(depth: depth + 1)
            }
        case .openBracket:
            try enterContainer(depth: depth + 1)
            var isFirst = true
            while try nextElement(isFirst: &isFirst) {
                try skipValue(depth: depth + 1)
            }
        case .quote: try skipString()
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case .some(let byte) where byte == .minus || byte.isDigit: _ = try scanNumber()
        default: throw unexpected("a JSON value")
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
