import WireFormat

/// An attribute of the model: what a value of an inference must be called, where it stands, and what it holds.
///
/// One attribute of an Arthur model, as its `GET /api/v3/models/{id}/attributes` list gives it (arthur-client,
/// `ModelAttribute`): a name, a value type, the stage of the pipeline it belongs to and its position there.
public struct ModelAttribute: Sendable, Equatable {
    /// `name`: the key of a named value, and the name reasons and `ingest schema` show.
    public var name: String
    /// `value_type`: `FLOAT`, `INTEGER`, `BOOLEAN`, `STRING`, `TIMESTAMP`, `UNSTRUCTURED_TEXT`, `TOKENS`, … .
    public var valueType: String
    /// `stage`: `PIPELINE_INPUT`, `PREDICTED_VALUE`, `GROUND_TRUTH`, `GROUND_TRUTH_CLASS`, `NON_INPUT_DATA`, … .
    public var stage: String
    /// `position` within its stage (0-based); nil when Arthur gave none.
    public var position: Int?
    /// `categorical`.
    public var categorical: Bool
    /// The `value` of each of `categories`, in Arthur's order.
    public var categories: [String]

    /// The stage of the model's inputs.
    public static let inputStage = "PIPELINE_INPUT"
    /// The stage of the model's outputs.
    public static let outputStage = "PREDICTED_VALUE"

    /// Makes an attribute from its parts.
    public init(
        name: String, valueType: String, stage: String, position: Int?, categorical: Bool = false,
        categories: [String] = []
    ) {
        self.name = name
        self.valueType = valueType
        self.stage = stage
        self.position = position
        self.categorical = categorical
        self.categories = categories
    }

    /// Reads one element of the list's `data`; `name`, `value_type` and `stage` are required.
    public init(json: JSONValue) throws(ModelSchemaError) {
        guard json.objectValue != nil else { throw ModelSchemaError("an attribute is not a JSON object") }
        guard let name = json["name"]?.stringValue, !name.isEmpty else {
            throw ModelSchemaError("an attribute has no name")
        }
        guard let valueType = json["value_type"]?.stringValue, let stage = json["stage"]?.stringValue else {
            throw ModelSchemaError("attribute \(name) has no value_type or stage")
        }
        var position: Int?
        if let value = json["position"], !value.isNull {
            guard let whole = ModelAttributePage.wholeNumber(value), whole >= 0 else {
                throw ModelSchemaError("attribute \(name) has a position that is not a whole number ≥ 0")
            }
            position = whole
        }
        self.init(
            name: name, valueType: valueType, stage: stage, position: position,
            categorical: json["categorical"]?.boolValue ?? false,
            categories: json["categories"]?.arrayValue?.compactMap { $0["value"]?.stringValue } ?? [])
    }
}
