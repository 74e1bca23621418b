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

    /// The plain rows of a JSON payload: a flat array is one ordered row.
    func rows(format: PayloadFormat) throws(JSONSyntaxError) -> [Row] {
        try document(format: format).rows
    }

    /// The plain rows of a JSON payload, checked by the rules (and with the errors) of `PayloadRows.jsonValues`,
    /// with what the document rules tell of them: the flat array's length, and Arthur's layout.
    func document(
        format: PayloadFormat
    ) throws(JSONSyntaxError) -> (rows: [Row], flatArrayCount: Int?, layout: PayloadShape.ArthurLayout) {
        let values = try PayloadRows.jsonValueSpans(text, isJSONLines: format == .jsonLines)
        guard format == .json, values.count == 1, let document = values.first else {
            return (try values.map(elementRow), nil, .other)
        }
        switch text[document.lowerBound] {
        case .openBracket:
            let elements = try elementSpans(of: document)
            if !elements.isEmpty, elements.allSatisfy({ !isContainer($0) }) {
                return ([.ordered(document)], elements.count, .other)
            }
            return (try elements.map(elementRow), nil, .other)
        case .openBrace:
            let members = try memberSpans(of: document)
            let instances = members.last { $0.key.isEqual(to: "instances") }
            let predictions = members.last { $0.key.isEqual(to: "predictions") }
            guard (instances == nil) != (predictions == nil), let list = (instances ?? predictions)?.value,
                isArray(list)
            else { return ([.named(document)], nil, .other) }
            var rows: [Row] = []
            var isLayout = members.count == 1
            for element in try elementSpans(of: list) {
                let row = try elementRow(element)
                rows.append(row)
                guard isLayout else { continue }
                switch row {
                case .named: continue
                case .ordered(let values) where instances != nil: isLayout = values != element && isFeatures(element)
                case .ordered(let values): isLayout = values == element
                case .scalar: isLayout = false
                }
            }
            return (rows, nil, isLayout ? (instances != nil ? .instances : .predictions) : .other)
        default:
            return ([.scalar(document)], nil, .other)
        }
    }

    /// The shape of a JSON payload, by the rules of `PayloadRows.read`, and the first row of named values that
    /// uses a layout key (0-based), with the key.
    func shape(format: PayloadFormat) throws(JSONSyntaxError) -> (PayloadShape, layoutKey: (row: Int, key: String)?) {
        let (rows, flatArrayCount, layout) = try document(format: format)
        var shape = PayloadShape(rowCount: rows.count, flatArrayCount: flatArrayCount, arthurLayout: layout)
        var layoutKey: (row: Int, key: String)?
        for (index, row) in rows.enumerated() {
            guard case .named(let object) = row else { continue }
            let members = try memberSpans(of: object)
            if layoutKey == nil, let member = members.first(where: { PayloadRows.layoutKeys.contains($0.key.text) }) {
                layoutKey = (index, member.key.text)
            }
            if rows.count == 1, !members.isEmpty, members.allSatisfy({ isArray($0.value) }) {
                let lengths = try members.map { member throws(JSONSyntaxError) in
                    try elementSpans(of: member.value).count
                }
                if let length = lengths.first, length >= 2, lengths.allSatisfy({ $0 == length }) {
                    shape.columnarCount = length
                }
            }
        }
        if rows.count == 1, case .ordered(let array) = rows[0] {
            let values = try elementSpans(of: array)
            if values.count >= 2, values.allSatisfy({ !isContainer($0) }) { shape.singleRowScalarCount = values.count }
        }
        return (shape, layoutKey)
    }

    /// True for an element `{"features":[…]}`.
    private func isFeatures(_ element: Range<Int>) -> Bool {
        guard let members = try? memberSpans(of: element), members.count == 1 else { return false }
        return members[0].key.isEqual(to: "features") && isArray(members[0].value)
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
