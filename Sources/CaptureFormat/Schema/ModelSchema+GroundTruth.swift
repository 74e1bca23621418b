// Ground truth keyed by the model's `GROUND_TRUTH`/`GROUND_TRUTH_CLASS` attributes: ordered values by position,
// named values by name, a single value to the single attribute; anything else is rejected, naming row and reason.
// CSV text is typed by the attribute (a number, a boolean, `null` for an empty field), as Arthur types CSV.

import WireFormat

extension ModelSchema {
    /// The ground-truth attributes (`GROUND_TRUTH` and `GROUND_TRUTH_CLASS`), by position.
    public var groundTruth: [ModelAttribute] {
        attributes.enumerated().filter { ["GROUND_TRUTH", "GROUND_TRUTH_CLASS"].contains($0.element.stage) }
            .sorted { ($0.element.position ?? .max, $0.offset) < ($1.element.position ?? .max, $1.offset) }
            .map(\.element)
    }

    /// The record's items for Arthur, one per row, timed `timestamp` (UTC), or why the record does not fit.
    public func groundTruthItems(
        _ record: GroundTruthRecord, timestamp: String, line: Int
    ) throws(GroundTruthRejection) -> [GroundTruthItem] {
        let attributes = groundTruth
        guard !attributes.isEmpty else {
            throw GroundTruthRejection(
                "the model declares no ground-truth attributes (stage GROUND_TRUTH or GROUND_TRUTH_CLASS): "
                    + "its ground truth cannot be keyed")
        }
        var rows = record.rows
        if record.isFlatArray, attributes.count == 1, case .array(let values) = rows[0] {
            rows = values.map { .array([$0]) }
        }
        let names = attributes.map(\.name)
        let shown = names.count <= 3 ? names : Array(names.prefix(2)) + ["…"]
        let expected =
            "model expects \(names.count) ground-truth attribute\(names.count == 1 ? "" : "s") ("
            + shown.joined(separator: ", ") + ")"
        var items: [GroundTruthItem] = []
        for (index, row) in rows.enumerated() {
            let head = "groundTruthData row \(index + 1): "
            let values: [JSONValue]
            switch row {
            case .object(let members):
                let given = members.map(\.key)
                let unknown = given.filter { !names.contains($0) }
                let missing = names.filter { !given.contains($0) }
                guard unknown.isEmpty, missing.isEmpty else {
                    var parts: [String] = []
                    if !unknown.isEmpty { parts.append(Self.listed(unknown, "unknown")) }
                    if !missing.isEmpty { parts.append(Self.listed(missing, "missing")) }
                    throw GroundTruthRejection(head + parts.joined(separator: ", ") + ", " + expected)
                }
                values = names.map { row[$0] ?? .null }
            case .array(let elements):
                guard elements.count == attributes.count else {
                    throw GroundTruthRejection(
                        head + "\(elements.count) value\(elements.count == 1 ? "" : "s"), " + expected)
                }
                values = elements
            default:
                guard attributes.count == 1 else { throw GroundTruthRejection(head + "1 value, " + expected) }
                values = [row]
            }
            var members: [JSONMember] = []
            for (attribute, value) in zip(attributes, values) {
                if let expectation = Self.expectation(attribute.valueType, unmetBy: value, isCSV: record.isCSV) {
                    throw GroundTruthRejection(
                        head + "\(attribute.name) is \(JSONWriter.string(value)), model expects \(expectation) "
                            + "(\(attribute.valueType))")
                }
                members.append(JSONMember(attribute.name, Self.typed(value, as: attribute.valueType)))
            }
            let id = rows.count == 1 ? record.eventID : "\(record.eventID)_\(index)"
            items.append(
                GroundTruthItem(partnerInferenceID: id, timestamp: timestamp, data: .object(members), line: line))
        }
        return items
    }

    /// A value that fits `valueType` (checked first) as Arthur takes it: CSV text and 0/1 booleans become JSON
    /// numbers and booleans, an empty CSV field `null`, and a number or boolean for a STRING attribute its text.
    static func typed(_ value: JSONValue, as valueType: String) -> JSONValue {
        switch (valueType, value) {
        case (_, .string("")) where valueType != "STRING" && valueType != "UNSTRUCTURED_TEXT":
            return .null
        case ("FLOAT", .string(let text)), ("INTEGER", .string(let text)):
            let trimmed = String(text.trimmingSpacesAndTabs())
            if case .number? = try? JSONReader.parse(trimmed) { return .number(trimmed) }
            guard let number = Double(trimmed) else { return value }
            if valueType == "INTEGER", let whole = Int(exactly: number) { return .number(String(whole)) }
            return .number(String(number))
        case ("BOOLEAN", .string(let text)):
            return .bool(["true", "1"].contains(text.lowercased()))
        case ("BOOLEAN", .number(let text)):
            return .bool(text == "1")
        case ("STRING", .number(let text)), ("UNSTRUCTURED_TEXT", .number(let text)):
            return .string(text)
        case ("STRING", .bool(let flag)), ("UNSTRUCTURED_TEXT", .bool(let flag)):
            return .string(flag ? "true" : "false")
        default:
            return value
        }
    }

    /// `unknown attribute "x"`, `missing attributes "a", "b"`.
    private static func listed(_ names: [String], _ adjective: String) -> String {
        let quoted = names.prefix(3).map { JSONWriter.string(.string($0)) }
        let more = names.count > 3 ? ", … (\(names.count) in all)" : ""
        return "\(adjective) attribute\(names.count == 1 ? "" : "s") " + quoted.joined(separator: ", ") + more
    }
}
