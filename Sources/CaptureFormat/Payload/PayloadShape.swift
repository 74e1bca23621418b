// The shape of a payload: its rows counted, and what the pairing rules and the line sent to Arthur need to know
// of them, without their values.

/// How many rows a payload has, and what pairing and Arthur's layout need to know of them.
public struct PayloadShape: Equatable, Sendable {
    /// Where a payload stands with respect to the one JSON layout Arthur's endpoint accepts.
    public enum ArthurLayout: Equatable, Sendable {
        /// CSV, or JSON in neither of the layouts below.
        case other
        /// `{"instances":[…]}` and nothing else, each element `{"features":[…]}` or named values.
        case instances
        /// `{"predictions":[…]}` and nothing else, each element an array or named values.
        case predictions
    }

    /// The number of rows by the plain rules (a flat array is one row of its values).
    public var rowCount: Int
    /// N when the payload is one JSON document that is an array of N ≥ 1 scalars: one row of N values that pairing
    /// may read as N rows of one value.
    public var flatArrayCount: Int?
    /// N when the payload's single row holds named values that are all arrays of one length N ≥ 2 (columnar JSON):
    /// pairing may read it as N rows.
    public var columnarCount: Int?
    /// K when the payload's single row holds K ≥ 2 ordered values, none an array or object (N scores in one row).
    public var singleRowScalarCount: Int?
    /// The payload's layout, for deciding whether it can go to Arthur as captured.
    public var arthurLayout: ArthurLayout

    /// Makes a shape from its parts.
    public init(
        rowCount: Int, flatArrayCount: Int? = nil, columnarCount: Int? = nil, singleRowScalarCount: Int? = nil,
        arthurLayout: ArthurLayout = .other
    ) {
        self.rowCount = rowCount
        self.flatArrayCount = flatArrayCount
        self.columnarCount = columnarCount
        self.singleRowScalarCount = singleRowScalarCount
        self.arthurLayout = arthurLayout
    }
}
