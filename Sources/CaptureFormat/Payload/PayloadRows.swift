// How a decoded payload becomes rows, one per inference. CSV: one row per record, fields as strings. JSON: the
// text is read as a sequence of values separated by newlines; one value is a document (or, for a JSON Lines
// media type, one line), several values are JSON Lines; two values on one line are an error. Pretty-printed
// JSON (newlines inside one value) is one document; in JSON Lines each value must be on one line.
//
// Document rules: an object with exactly one of `instances` / `predictions` holding an array gives one row per
// element (other keys such as `signature_name` are ignored; of a repeated key the last counts, as in Python);
// a non-empty top-level array of scalars (a flat array) is one row of its values, which pairing may read as one
// row per value (see `RowPairing`); any other top-level array gives one row per element; any other object is one
// row; a scalar is one row. Element rules: an object whose single key is `features` or `probabilities` holding an
// array gives that array; any other object stays an object (named values); an array stays an array (ordered
// values); a scalar becomes a one-value array.

@_spi(Scanning) import WireFormat

/// How a decoded payload becomes rows.
public enum PayloadRows {
    /// The rows of a decoded payload: each an `.array` (ordered values) or `.object` (named values).
    public static func rows(
        _ payload: UnsafeRawBufferPointer,
        format: PayloadFormat
    ) throws(PayloadSyntaxError) -> [JSONValue] {
        try read(payload, format: format, isValidUTF8: false).rows
    }

    /// The rows of a decoded payload, with their shape; `isValidUTF8` skips the UTF-8 check of CSV known to be
    /// valid.
    static func read(
        _ payload: UnsafeRawBufferPointer,
        format: PayloadFormat,
        isValidUTF8: Bool
    ) throws(PayloadSyntaxError) -> (rows: [JSONValue], shape: PayloadShape) {
        switch format {
        case .csv:
            do throws(CSVSyntaxError) {
                var sink = CSVJSONRows()
                try CSVReader.read(payload, isValidUTF8: isValidUTF8, into: &sink)
                return (sink.rows, PayloadShape(rows: sink.rows))
            } catch {
                throw .csv(error)
            }
        case .json, .jsonLines:
            do throws(JSONSyntaxError) {
                let values = try jsonValues(payload, isJSONLines: format == .jsonLines)
                if format == .json, values.count == 1 {
                    return document(values[0])
                }
                let rows = values.map(elementRow)
                return (rows, PayloadShape(rows: rows))
            } catch {
                throw .json(error)
            }
        }
    }

    /// The rows of a decoded payload with their shape, both from the rows' values (where `shape` reads no values).
    public static func read(_ payload: [UInt8], format: PayloadFormat) throws(PayloadSyntaxError) -> (
        rows: [JSONValue], shape: PayloadShape
    ) {
        try payload.withUnsafeBytes { buffer in
            Result { () throws(PayloadSyntaxError) in try read(buffer, format: format, isValidUTF8: false) }
        }.get()
    }

    /// The rows of a decoded payload.
    public static func rows(_ payload: [UInt8], format: PayloadFormat) throws(PayloadSyntaxError) -> [JSONValue] {
        try payload.withUnsafeBytes { buffer in
            Result { () throws(PayloadSyntaxError) in try rows(buffer, format: format) }
        }.get()
    }

    /// The JSON values of the text, none for blank text. Several values must be JSON Lines: one per line. So must
    /// a single value when the media type says JSON Lines.
    static func jsonValues(
        _ payload: UnsafeRawBufferPointer,
        isJSONLines: Bool
    ) throws(JSONSyntaxError) -> [JSONValue] {
        try scanValues(payload, isJSONLines: isJSONLines) { scanner throws(JSONSyntaxError) in
            try scanner.parseValue(depth: 0)
        }
    }

    /// Where the JSON values of the text lie, checked by the rules of `jsonValues` (with its errors) but not read.
    static func jsonValueSpans(
        _ payload: UnsafeRawBufferPointer,
        isJSONLines: Bool
    ) throws(JSONSyntaxError) -> [Range<Int>] {
        try scanValues(payload, isJSONLines: isJSONLines) { scanner throws(JSONSyntaxError) in
            let start = scanner.position
            try scanner.skipValue(depth: 0)
            return start..<scanner.position
        }
    }

    /// Reads each value of the text with `read`, checking that values are one per line where they must be.
    private static func scanValues<Value>(
        _ payload: UnsafeRawBufferPointer,
        isJSONLines: Bool,
        read: (inout JSONScanner) throws(JSONSyntaxError) -> Value
    ) throws(JSONSyntaxError) -> [Value] {
        var scanner = JSONScanner(payload)
        var values: [Value] = []
        var spans: [Range<Int>] = []
        scanner.skipWhitespace()
        while scanner.current != nil {
            let start = scanner.position
            values.append(try read(&scanner))
            spans.append(start..<scanner.position)
            let sawNewline = scanner.skipWhitespace()
            if scanner.current != nil && !sawNewline {
                throw scanner.unexpected("a newline between JSON values")
            }
        }
        if isJSONLines || values.count > 1 {
            for span in spans where payload[span].contains(.newline) {
                throw JSONSyntaxError(offset: span.lowerBound, message: "JSON Lines value spread over several lines")
            }
        }
        return values
    }

    /// The rows of one JSON document, with their shape.
    static func document(_ document: JSONValue) -> (rows: [JSONValue], shape: PayloadShape) {
        switch document {
        case .array(let elements) where !elements.isEmpty && elements.allSatisfy(\.isScalar):
            let rows = [document]
            return (rows, PayloadShape(rows: rows, flatArrayCount: elements.count))
        case .array(let elements):
            let rows = elements.map(elementRow)
            return (rows, PayloadShape(rows: rows))
        case .object(let members):
            let instances = members.last { $0.key == "instances" }
            let predictions = members.last { $0.key == "predictions" }
            if (instances == nil) != (predictions == nil), case .array(let elements) = (instances ?? predictions)?.value
            {
                let rows = elements.map(elementRow)
                var layout = PayloadShape.ArthurLayout.other
                if members.count == 1 {
                    if instances != nil, elements.allSatisfy({ isFeatures($0) || isNamed($0) }) {
                        layout = .instances
                    } else if predictions != nil, elements.allSatisfy({ $0.arrayValue != nil || isNamed($0) }) {
                        layout = .predictions
                    }
                }
                return (rows, PayloadShape(rows: rows, arthurLayout: layout))
            }
            return ([document], PayloadShape(rows: [document]))
        default:
            let rows: [JSONValue] = [.array([document])]
            return (rows, PayloadShape(rows: rows))
        }
    }

    /// True for an element `{"features":[…]}`.
    private static func isFeatures(_ element: JSONValue) -> Bool {
        guard case .object(let members) = element, members.count == 1, members[0].key == "features" else {
            return false
        }
        return members[0].value.arrayValue != nil
    }

    /// True for an element that is an object of named values (not a `features`/`probabilities` wrapper).
    private static func isNamed(_ element: JSONValue) -> Bool {
        guard case .object(let members) = element else { return false }
        guard members.count == 1, members[0].key == "features" || members[0].key == "probabilities" else {
            return true
        }
        return members[0].value.arrayValue == nil
    }

    /// The row of one element (of a document's list, or one JSON Lines value).
    static func elementRow(_ element: JSONValue) -> JSONValue {
        switch element {
        case .object(let members):
            if members.count == 1, members[0].key == "features" || members[0].key == "probabilities",
                case .array = members[0].value
            {
                return members[0].value
            }
            return element
        case .array:
            return element
        default:
            return .array([element])
        }
    }
}
