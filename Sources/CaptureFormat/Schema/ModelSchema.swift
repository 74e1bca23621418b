/// What the model expects of each inference.
///
/// The model's attributes that an inference must fit: its inputs (`PIPELINE_INPUT`) and outputs (`PREDICTED_VALUE`),
/// each in position order. Ground truth and non-input attributes are kept in ``attributes`` but not checked here.
public struct ModelSchema: Sendable, Equatable {
    /// Every attribute, in the order Arthur listed them.
    public let attributes: [ModelAttribute]
    /// The `PIPELINE_INPUT` attributes by position (ties, and attributes without one, in listing order, last).
    public let inputs: [ModelAttribute]
    /// The `PREDICTED_VALUE` attributes by position.
    public let outputs: [ModelAttribute]
    /// What the check asks of each input's and output's values, and their names: worked out once, for the check of
    /// every row (ModelSchema+Check.swift).
    let inputRules: [ValueRule]
    let outputRules: [ValueRule]
    let inputNames: Set<String>
    let outputNames: Set<String>

    /// The schema of `attributes`, listed in any order.
    public init(attributes: [ModelAttribute]) {
        self.attributes = attributes
        func stage(_ name: String) -> [ModelAttribute] {
            attributes.enumerated().filter { $0.element.stage == name }
                .sorted { ($0.element.position ?? .max, $0.offset) < ($1.element.position ?? .max, $1.offset) }
                .map(\.element)
        }
        inputs = stage(ModelAttribute.inputStage)
        outputs = stage(ModelAttribute.outputStage)
        inputRules = inputs.map { ValueRule($0.valueType) }
        outputRules = outputs.map { ValueRule($0.valueType) }
        inputNames = Set(inputs.map(\.name))
        outputNames = Set(outputs.map(\.name))
    }

    /// True when the model declares neither inputs nor outputs: there is nothing to check against.
    public var isEmpty: Bool { inputs.isEmpty && outputs.isEmpty }

    /// The attributes the rows of `side` must fit.
    public func attributes(of side: CaptureRejection.Side) -> [ModelAttribute] {
        side == .input ? inputs : outputs
    }
}
