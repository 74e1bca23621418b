import WireFormat

/// An inference that does not fit the model.
///
/// Why an inference does not fit the model's schema, naming the side, the row, the attribute and what the model
/// expects: `endpointInput row 2: 12 values, model expects 13 inputs (age, workclass, …)`.
public struct SchemaMisfit: Error, Sendable, Equatable, CustomStringConvertible {
    /// What does not fit.
    public enum Kind: Sendable, Equatable {
        /// Ordered values that do not number the side's attributes.
        case valueCount(Int)
        /// Named values whose names are not the side's attributes: names the model does not have, names it lacks.
        case names(unknown: [String], missing: [String])
        /// A value that does not fit its attribute's type; `expectation` says what would (`an integer`).
        case valueType(attribute: String, value: JSONValue, expectation: String, valueType: String)
    }

    /// The side of the capture the row is on.
    public var side: CaptureRejection.Side
    /// The 1-based row of that side (the inference's index + 1).
    public var row: Int
    /// What does not fit.
    public var kind: Kind
    /// The names of the side's attributes, in position order, for the reason.
    public var attributeNames: [String]

    /// Makes a misfit from its parts.
    public init(side: CaptureRejection.Side, row: Int, kind: Kind, attributeNames: [String]) {
        self.side = side
        self.row = row
        self.kind = kind
        self.attributeNames = attributeNames
    }

    public var description: String {
        let head = "\(side.rawValue) row \(row): "
        switch kind {
        case .valueCount(let count):
            return head + "\(Self.counted(count, "value")), \(expected)"
        case .names(let unknown, let missing):
            var parts: [String] = []
            if !unknown.isEmpty { parts.append(Self.counted(names: unknown, "unknown")) }
            if !missing.isEmpty { parts.append(Self.counted(names: missing, "missing")) }
            return head + parts.joined(separator: ", ") + ", " + expected
        case .valueType(let attribute, let value, let expectation, let valueType):
            return head + "\(attribute) is \(Self.shown(value)), model expects \(expectation) (\(valueType))"
        }
    }

    /// `model expects 13 inputs (age, workclass, …)`.
    private var expected: String {
        let noun = side == .input ? "input" : "output"
        let count = "model expects \(Self.counted(attributeNames.count, noun))"
        guard !attributeNames.isEmpty else { return count }
        let shown = attributeNames.count <= 3 ? attributeNames : Array(attributeNames.prefix(2)) + ["…"]
        return count + " (" + shown.joined(separator: ", ") + ")"
    }

    /// `1 value`, `12 values`.
    private static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// `unknown attribute "agee"`, `missing attributes "a", "b", "c", … (5 in all)`.
    private static func counted(names: [String], _ adjective: String) -> String {
        let quoted = names.prefix(3).map { JSONWriter.string(.string($0)) }
        let more = names.count > 3 ? ", … (\(names.count) in all)" : ""
        return "\(adjective) attribute\(names.count == 1 ? "" : "s") " + quoted.joined(separator: ", ") + more
    }

    /// The value as JSON, cut at 40 characters.
    private static func shown(_ value: JSONValue) -> String {
        let text = JSONWriter.string(value)
        return text.count <= 40 ? text : String(text.prefix(39)) + "…"
    }
}
