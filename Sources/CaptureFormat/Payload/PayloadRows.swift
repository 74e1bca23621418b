/// How a decoded payload becomes rows, one per inference. CSV: one row per record, fields as strings. JSON: the
/// text is read as a sequence of values separated by newlines; one value is a document (or, for a JSON Lines
/// media type, one line), several values are JSON Lines; two values on one line are an error. Pretty-printed
/// JSON (newlines inside one value) is one document; in JSON Lines each value must be on one line.
///
/// Document rules: an object with exactly one of `instances` / `predictions` holding an array gives one row per
/// element (other keys such as `signature_name` are ignored; of a repeated key the last counts, as in Python);
/// a top-level array gives one row per element; any other object is one row; a scalar is one row. Element rules:
/// an object whose single key is `features` or `probabilities` holding an array gives that array; any other
/// object stays an object (named values); an array stays an array (ordered values); a scalar becomes a one-value
/// array.

/// How a decoded payload becomes rows.
public enum PayloadRows {
    /// The rows of a decoded payload: each an `.array` (ordered values) or `.object` (named values).
    public static func rows(
        _ payload: UnsafeRawBufferPointer,
        format: PayloadFormat
    ) throws(PayloadSyntaxError) -> [JSONValue] {
        try rows(payload, format: format, isValidUTF8: false)
    }

    /// The rows of a decoded payload; `isValidUTF8` skips the UTF-8 check of CSV known to be valid.
    static func rows(
        _ payload: UnsafeRawBufferPointer,
        format: PayloadFormat,
        isValidUTF8: Bool
    ) throws(PayloadSyntaxError) -> [JSONValue] {
        switch format {
        case .csv:
            do throws(CSVSyntaxError) {
                var sink = CSVJSONRows()
                try CSVReader.read(payload, isValidUTF8: isValidUTF8, into: &sink)
                return sink.rows
            } catch {
                throw .csv(error)
            }
        case .json, .jsonLines:
            do throws(JSONSyntaxError) {
                let values = try jsonValues(payload, isJSONLines: format == .jsonLines)
                if format == .json, values.count == 1 {
                    return documentRows(values[0])
                }
                return values.map(elementRow)
            } catch {
                throw .json(error)
            }
        }
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
        var scanner = JSONScanner(payload)
        var values: [JSONValue] = []
        var spans: [Range<Int>] = []
        scanner.skipWhitespace()
        while scanner.current != nil {
            let start = scanner.position
            values.append(try scanner.parseValue(depth: 0))
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

    /// The rows of one JSON document.
    static func documentRows(_ document: JSONValue) -> [JSONValue] {
        switch document {
        case .array(let elements):
            return elements.map(elementRow)
        case .object(let members):
            let instances = members.last { $0.key == "instances" }
            let predictions = members.last { $0.key == "predictions" }
            if (instances == nil) != (predictions == nil), case .array(let elements) = (instances ?? predictions)?.value
            {
                return elements.map(elementRow)
            }
            return [document]
        default:
            return [.array([document])]
        }
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
