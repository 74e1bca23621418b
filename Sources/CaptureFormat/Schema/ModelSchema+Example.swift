// A capture line that fits the model, for `ingest schema`: one request row and one response row with a value of
// each attribute's type (its first category when it is categorical), written as SageMaker captures CSV or JSON.

import WireFormat

extension ModelSchema {
    /// One capture line (no newline) whose single inference fits the schema, its sides in CSV or in JSON
    /// (`{"instances":[{"features":[…]}]}` / `{"predictions":[[…]]}`).
    public func exampleLine(csv: Bool) -> String {
        func side(_ mode: String, _ attributes: [ModelAttribute]) -> JSONValue {
            let values = attributes.map(Self.exampleValue)
            let data: String
            if csv {
                data = values.map(Self.csvField).joined(separator: ",") + "\n"
            } else {
                let row: JSONValue = .array(values)
                data = JSONWriter.string(
                    mode == "INPUT"
                        ? .object([JSONMember("instances", .array([.object([JSONMember("features", row)])]))])
                        : .object([JSONMember("predictions", .array([row]))]))
            }
            return .object([
                JSONMember("observedContentType", .string(csv ? "text/csv" : "application/json")),
                JSONMember("mode", .string(mode)),
                JSONMember("data", .string(data)),
                JSONMember("encoding", .string(csv ? "CSV" : "JSON")),
            ])
        }
        let line: JSONValue = .object([
            JSONMember(
                "captureData",
                .object([
                    JSONMember("endpointInput", side("INPUT", inputs)),
                    JSONMember("endpointOutput", side("OUTPUT", outputs)),
                ])),
            JSONMember(
                "eventMetadata",
                .object([
                    JSONMember("eventId", .string("00000000-0000-4000-8000-000000000000")),
                    JSONMember("inferenceId", .string(csv ? "example-csv-1" : "example-json-1")),
                    JSONMember("inferenceTime", .string("2024-01-19T19:27:57Z")),
                ])),
            JSONMember("eventVersion", .string("0")),
        ])
        return JSONWriter.string(line)
    }

    /// A value of the attribute's type: its first category when it has categories that fit the type.
    static func exampleValue(_ attribute: ModelAttribute) -> JSONValue {
        if let category = attribute.categories.first {
            let asNumber = JSONValue.number(category)
            if ["FLOAT", "INTEGER"].contains(attribute.valueType), (try? JSONReader.parse(category)) == asNumber,
                expectation(attribute.valueType, unmetBy: asNumber, isCSV: false) == nil
            {
                return asNumber
            }
            if expectation(attribute.valueType, unmetBy: .string(category), isCSV: false) == nil {
                return .string(category)
            }
        }
        switch attribute.valueType {
        case "INTEGER": return .number("1")
        case "FLOAT": return .number("0.5")
        case "BOOLEAN": return .bool(true)
        case "TIMESTAMP": return .string("2024-01-19T19:27:57Z")
        default: return .string("text")
        }
    }

    /// A value as one CSV field: text as it is, quoted when it holds a comma, a quote or a line break.
    private static func csvField(_ value: JSONValue) -> String {
        let text: String
        switch value {
        case .string(let string): text = string
        case .bool(let bool): text = bool ? "true" : "false"
        case .number(let number): text = number
        default: text = JSONWriter.string(value)
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingQuotes() + "\""
    }
}

extension String {
    /// The text with each `"` doubled, as a quoted CSV field holds it.
    fileprivate func replacingQuotes() -> String {
        var result = ""
        for character in self {
            if character == "\"" { result.append("\"") }
            result.append(character)
        }
        return result
    }
}
