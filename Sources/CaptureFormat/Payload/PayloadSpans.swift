// Where a JSON payload's rows lie in its text, by the rules of `PayloadRows`, without reading their values: what
// the line sent to Arthur is written from, copying each row's bytes as they are instead of building and writing
// `JSONValue`s again.

/// The rows of a valid JSON payload, as ranges of its text.
struct PayloadSpans {
    /// One row, by the element rules.
    enum Row {
        /// An array: ordered values (the array of a `features`/`probabilities` wrapper included).
        case ordered(Range<Int>)
        /// A scalar: one ordered value.
        case scalar(Range<Int>)
        /// An object: named values.
        case named(Range<Int>)
    }

    let text: UnsafeRawBufferPointer

    /// The plain rows of a JSON payload already read by `PayloadRows` (so valid): a flat array is one ordered row.
    func rows(format: PayloadFormat) throws(JSONSyntaxError) -> [Row] {
        var scanner = JSONScanner(text)
        var values: [Range<Int>] = []
        scanner.skipWhitespace()
        while scanner.current != nil {
            values.append(try span(&scanner, depth: 0))
            scanner.skipWhitespace()
        }
        guard format == .json, values.count == 1, let document = values.first else {
            return try values.map(elementRow)
        }
        switch text[document.lowerBound] {
        case .openBracket:
            let elements = try elementSpans(of: document)
            if !elements.isEmpty, elements.allSatisfy({ !isContainer($0) }) { return [.ordered(document)] }
            return try elements.map(elementRow)
        case .openBrace:
            let members = try memberSpans(of: document)
            let instances = members.last { $0.key.isEqual(to: "instances") }
            let predictions = members.last { $0.key.isEqual(to: "predictions") }
            if (instances == nil) != (predictions == nil), let list = (instances ?? predictions)?.value, isArray(list) {
                return try elementSpans(of: list).map(elementRow)
            }
            return [.named(document)]
        default:
            return [.scalar(document)]
        }
    }

    /// The row of one element: a `features`/`probabilities` wrapper unwrapped.
    func elementRow(_ element: Range<Int>) throws(JSONSyntaxError) -> Row {
        switch text[element.lowerBound] {
        case .openBracket:
            return .ordered(element)
        case .openBrace:
            let members = try memberSpans(of: element)
            if members.count == 1,
                members[0].key.isEqual(to: "features") || members[0].key.isEqual(to: "probabilities"),
                isArray(members[0].value)
            {
                return .ordered(members[0].value)
            }
            return .named(element)
        default:
            return .scalar(element)
        }
    }

    /// The elements of the array at `array`.
    func elementSpans(of array: Range<Int>) throws(JSONSyntaxError) -> [Range<Int>] {
        var scanner = JSONScanner(text)
        scanner.position = array.lowerBound
        try scanner.enterContainer(depth: 1)
        var elements: [Range<Int>] = []
        var isFirst = true
        while try scanner.nextElement(isFirst: &isFirst) {
            elements.append(try span(&scanner, depth: 1))
        }
        return elements
    }

    /// The members of the object at `object`: each key's token and its value.
    func memberSpans(of object: Range<Int>) throws(JSONSyntaxError) -> [(key: JSONStringToken, value: Range<Int>)] {
        var scanner = JSONScanner(text)
        scanner.position = object.lowerBound
        try scanner.enterContainer(depth: 1)
        var members: [(key: JSONStringToken, value: Range<Int>)] = []
        var isFirst = true
        while let key = try scanner.nextMemberKey(isFirst: &isFirst) {
            members.append((key, try span(&scanner, depth: 1)))
        }
        return members
    }

    private func span(_ scanner: inout JSONScanner, depth: Int) throws(JSONSyntaxError) -> Range<Int> {
        scanner.skipWhitespace()
        let start = scanner.position
        try scanner.skipValue(depth: depth)
        return start..<scanner.position
    }

    private func isContainer(_ span: Range<Int>) -> Bool {
        text[span.lowerBound] == .openBracket || text[span.lowerBound] == .openBrace
    }

    private func isArray(_ span: Range<Int>) -> Bool { text[span.lowerBound] == .openBracket }
}
