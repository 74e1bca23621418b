// How `JSONScanner` builds a `JSONValue` tree: the reading half of `JSONReader`, and what payload rows are made
// of. The containers being built are kept on an explicit stack rather than the call stack, so the depth of the
// input never decides how much thread stack is used (the nesting limit still applies).

extension JSONScanner {
    /// An array or object being built.
    private struct OpenContainer {
        var isObject: Bool
        var elements: [JSONValue] = []
        var members: [JSONMember] = []
        /// The key of the member whose value is being read.
        var key = ""

        /// A container with room for `capacity` values.
        init(isObject: Bool, capacity: Int) {
            self.isObject = isObject
            if isObject { members.reserveCapacity(capacity) } else { elements.reserveCapacity(capacity) }
        }

        var count: Int { isObject ? members.count : elements.count }
        var value: JSONValue { isObject ? .object(members) : .array(elements) }

        mutating func add(_ value: JSONValue) {
            if isObject { members.append(JSONMember(key, value)) } else { elements.append(value) }
        }
    }

    /// Reads the value at the cursor (after optional whitespace). `depth` is the number of arrays and objects
    /// around it.
    package mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        var open: [OpenContainer] = []
        // The size of the last container closed at each level: rows tend to look alike, so a new container
        // reserves that much and rarely grows.
        var lastCount: [Int] = []
        var isFirst = true
        nextValue: while true {
            var completed: JSONValue?
            skipWhitespace()
            switch current {
            case .openBrace, .openBracket:
                try enterContainer(depth: depth + open.count + 1)
                if lastCount.count == open.count { lastCount.append(0) }
                open.append(OpenContainer(isObject: bytes[position - 1] == .openBrace, capacity: lastCount[open.count]))
                isFirst = true
            case .quote: completed = .string(try readString())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                completed = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                completed = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                completed = .null
            case .some(let byte) where byte == .minus || byte.isDigit:
                let text = try scanNumber()
                completed = .number(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[text]), as: UTF8.self))
            default:
                throw unexpected("a JSON value")
            }
            while true {
                if let value = completed {
                    guard !open.isEmpty else { return value }
                    open[open.count - 1].add(value)
                }
                let innermost = open.count - 1
                if open[innermost].isObject {
                    if let key = try nextMemberKey(isFirst: &isFirst) {
                        open[innermost].key = key.text
                        continue nextValue
                    }
                } else if try nextElement(isFirst: &isFirst) {
                    continue nextValue
                }
                let closed = open.removeLast()
                lastCount[open.count] = closed.count
                completed = closed.value
                isFirst = false
            }
        }
    }
}
