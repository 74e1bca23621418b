// Where a JSON payload's rows lie in its text, by the rules of `PayloadRows`, without reading their values: what
// the line sent to Arthur is written from (each row's bytes copied as they are, instead of building and writing
// `JSONValue`s again), and how `validate` reads the shape of a payload its one-pass fast path leaves. The text is
// checked once by `PayloadRows.jsonValueSpans` (with the errors of `jsonValues`), then walked once, down to the
// members of each row.

@_spi(Scanning) import WireFormat

/// The rows of a JSON payload, as ranges of its text.
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

    /// The rows of a payload, with what the document rules tell of them.
    struct Document {
        var rows: [Row] = []
        /// The length of a flat array (read as one ordered row).
        var flatArrayCount: Int?
        var layout = PayloadShape.ArthurLayout.other
        /// The first row of named values (0-based) that uses a layout key, and the key.
        var layoutKey: (row: Int, key: String)?
    }

    let text: UnsafeRawBufferPointer

    /// The plain rows of a JSON payload: a flat array is one ordered row. `isOneCheckedDocument` says the text is
    /// known to be one valid JSON document (read by the fast path), which is then not checked again.
    func rows(format: PayloadFormat, isOneCheckedDocument: Bool = false) throws(JSONSyntaxError) -> [Row] {
        try document(format: format, isOneCheckedDocument: isOneCheckedDocument).rows
    }

    /// The plain rows of a JSON payload, checked by the rules (and with the errors) of `PayloadRows.jsonValues`
    /// unless `isOneCheckedDocument`.
    func document(format: PayloadFormat, isOneCheckedDocument: Bool = false) throws(JSONSyntaxError) -> Document {
        let values: [Range<Int>]
        if isOneCheckedDocument, let start = text.firstIndex(where: { !$0.isJSONWhitespace }),
            let end = text.lastIndex(where: { !$0.isJSONWhitespace })
        {
            values = [start..<(end + 1)]
        } else {
            values = try PayloadRows.jsonValueSpans(text, isJSONLines: format == .jsonLines)
        }
        var document = Document()
        var scanner = JSONScanner(text)
        guard format == .json, values.count == 1, let value = values.first else {
            for value in values {
                scanner.position = value.lowerBound
                document.add(try element(&scanner, depth: 0))
            }
            return document
        }
        scanner.position = value.lowerBound
        switch text[value.lowerBound] {
        case .openBracket:
            try scanner.enterContainer(depth: 1)
            var isFirst = true
            var allScalars = true
            while try scanner.nextElement(isFirst: &isFirst) {
                let element = try element(&scanner, depth: 1)
                if case .scalar = element.row {} else { allScalars = false }
                document.add(element)
            }
            if allScalars && !document.rows.isEmpty {
                document = Document(rows: [.ordered(value)], flatArrayCount: document.rows.count)
            }
        case .openBrace:
            try scanner.enterContainer(depth: 1)
            var isFirst = true
            var memberCount = 0
            var instances: Document?
            var predictions: Document?
            var sawInstances = false
            var sawPredictions = false
            while let key = try scanner.nextMemberKey(isFirst: &isFirst) {
                memberCount += 1
                let isInstances = key.isEqual(to: "instances")
                let isPredictions = !isInstances && key.isEqual(to: "predictions")
                sawInstances = sawInstances || isInstances
                sawPredictions = sawPredictions || isPredictions
                scanner.skipWhitespace()
                guard isInstances || isPredictions, scanner.current == .openBracket else {
                    if isInstances { instances = nil }
                    if isPredictions { predictions = nil }
                    try scanner.skipValue(depth: 1)
                    continue
                }
                let list = try rowList(&scanner, isInstances: isInstances)
                if isInstances { instances = list } else { predictions = list }
            }
            guard sawInstances != sawPredictions, var list = instances ?? predictions else {
                var row = Document()
                // Any other object is one row of named values, never a wrapper to unwrap.
                var scanner = JSONScanner(text)
                scanner.position = value.lowerBound
                row.add(try element(&scanner, depth: 0, unwrapping: false))
                return row
            }
            if memberCount != 1 { list.layout = .other }
            document = list
        default:
            document.rows = [.scalar(value)]
        }
        return document
    }

    /// The shape of a JSON payload, by the rules of `PayloadRows.read`, and the first row of named values that uses
    /// a layout key (0-based), with the key.
    func shape(format: PayloadFormat) throws(JSONSyntaxError) -> (PayloadShape, layoutKey: (row: Int, key: String)?) {
        let document = try document(format: format)
        var shape = PayloadShape(
            rowCount: document.rows.count, flatArrayCount: document.flatArrayCount, arthurLayout: document.layout)
        if document.rows.count == 1 {
            switch document.rows[0] {
            case .ordered(let array):
                let values = try elementSpans(of: array)
                if values.count >= 2, values.allSatisfy({ !isContainer($0) }) {
                    shape.singleRowScalarCount = values.count
                }
            case .named(let object):
                let members = try memberSpans(of: object)
                if !members.isEmpty, members.allSatisfy({ isArray($0.value) }) {
                    let lengths = try members.map { member throws(JSONSyntaxError) in
                        try elementSpans(of: member.value).count
                    }
                    if let length = lengths.first, length >= 2, lengths.allSatisfy({ $0 == length }) {
                        shape.columnarCount = length
                    }
                }
            case .scalar:
                break
            }
        }
        return (shape, document.layoutKey)
    }

    /// One element read at the scanner: its row, whether it was written as the layout Arthur takes for it, and the
    /// layout key a row of named values uses.
    fileprivate struct Element {
        var row: Row
        /// A `{"features":[…]}` wrapper (input layout) or a bare array (output layout).
        var isFeatures = false
        var isArray = false
        var layoutKey: String?
    }

    /// The rows of the list at the scanner (its `[`), as the layout Arthur takes when every element fits.
    private func rowList(_ scanner: inout JSONScanner, isInstances: Bool) throws(JSONSyntaxError) -> Document {
        var list = Document(layout: isInstances ? .instances : .predictions)
        try scanner.enterContainer(depth: 2)
        var isFirst = true
        while try scanner.nextElement(isFirst: &isFirst) {
            let element = try element(&scanner, depth: 2)
            switch element.row {
            case .named: break
            case .ordered where isInstances ? element.isFeatures : element.isArray: break
            default: list.layout = .other
            }
            list.add(element)
        }
        return list
    }

    /// Reads the element at the scanner, inside `depth` containers: a `features`/`probabilities` wrapper
    /// unwrapped (when `unwrapping`), the keys of named values looked at.
    private func element(
        _ scanner: inout JSONScanner, depth: Int, unwrapping: Bool = true
    ) throws(JSONSyntaxError) -> Element {
        scanner.skipWhitespace()
        let start = scanner.position
        switch scanner.current {
        case .openBracket:
            try scanner.skipValue(depth: depth)
            return Element(row: .ordered(start..<scanner.position), isArray: true)
        case .openBrace:
            try scanner.enterContainer(depth: depth + 1)
            var isFirst = true
            var memberCount = 0
            var wrapped: (values: Range<Int>, isFeatures: Bool)?
            var layoutKey: String?
            while let key = try scanner.nextMemberKey(isFirst: &isFirst) {
                memberCount += 1
                scanner.skipWhitespace()
                let valueStart = scanner.position
                try scanner.skipValue(depth: depth + 1)
                guard Self.mayBeLayoutKey(key), layoutKey == nil, let known = LayoutKey(key) else { continue }
                layoutKey = known.rawValue
                if memberCount == 1, known == .features || known == .probabilities,
                    self.text[valueStart] == .openBracket
                {
                    wrapped = (valueStart..<scanner.position, known == .features)
                }
            }
            let span = start..<scanner.position
            if unwrapping, memberCount == 1, let wrapped {
                return Element(row: .ordered(wrapped.values), isFeatures: wrapped.isFeatures)
            }
            return Element(row: .named(span), layoutKey: layoutKey)
        default:
            try scanner.skipValue(depth: depth)
            return Element(row: .scalar(start..<scanner.position))
        }
    }

    /// A key Arthur reads as its layout.
    private enum LayoutKey: String {
        case instances, predictions, features, probabilities

        /// The layout key `key` spells, if any.
        init?(_ key: JSONStringToken) {
            switch key {
            case "instances": self = .instances
            case "predictions": self = .predictions
            case "features": self = .features
            case "probabilities": self = .probabilities
            default: return nil
            }
        }
    }

    /// False for a key that cannot be a layout key, known by its length as written (an escape only lengthens it).
    private static func mayBeLayoutKey(_ key: JSONStringToken) -> Bool {
        switch key.content.count {
        case 8, 9, 11, 13: true
        default: key.hasEscapes && key.content.count > 13
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
            scanner.skipWhitespace()
            let start = scanner.position
            try scanner.skipValue(depth: 1)
            elements.append(start..<scanner.position)
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
            scanner.skipWhitespace()
            let start = scanner.position
            try scanner.skipValue(depth: 1)
            members.append((key, start..<scanner.position))
        }
        return members
    }

    private func isContainer(_ span: Range<Int>) -> Bool {
        text[span.lowerBound] == .openBracket || text[span.lowerBound] == .openBrace
    }

    private func isArray(_ span: Range<Int>) -> Bool { text[span.lowerBound] == .openBracket }
}

extension PayloadSpans.Document {
    /// Adds an element's row, noting the first layout key of a row of named values.
    fileprivate mutating func add(_ element: PayloadSpans.Element) {
        if layoutKey == nil, let key = element.layoutKey { layoutKey = (rows.count, key) }
        rows.append(element.row)
    }
}
