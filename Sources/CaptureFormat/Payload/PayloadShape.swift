/// The shape of a payload — how many rows, and how wide the first CSV row is — which is all that pairing a
/// request with its response needs when the rows' values are not wanted.

/// How many rows a payload has, and how many fields its first CSV row has.
public struct PayloadShape: Equatable, Sendable {
    /// The number of rows, as `PayloadRows.rows` would give them.
    public var rowCount: Int
    /// The number of fields of the first row of CSV; 0 for JSON and for no rows.
    public var firstRowWidth: Int

    /// Makes a shape from its parts.
    public init(rowCount: Int, firstRowWidth: Int) {
        self.rowCount = rowCount
        self.firstRowWidth = firstRowWidth
    }
}
