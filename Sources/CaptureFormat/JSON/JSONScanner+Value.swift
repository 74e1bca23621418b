/// How `JSONScanner` builds a `JSONValue` tree: the reading half of `JSONReader`, and what payload rows are made
/// of. Recursion is bounded by the nesting limit that `enterContainer` enforces.

extension JSONScanner {
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
            let text = try scanNumber()
            return .number(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[text]), as: UTF8.self))
        default:
            throw unexpected("a JSON value")
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        try enterContainer(depth: depth)
        var elements: [JSONValue] = []
        var isFirst = true
        while try nextElement(isFirst: &isFirst) {
            elements.append(try parseValue(depth: depth))
        }
        return .array(elements)
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
}
