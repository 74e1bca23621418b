/// Pairs request rows with response rows: row i with row i, counts equal — except for the batch answer of older
/// XGBoost containers, where N > 1 request rows get one CSV response row of exactly N scores, one per request row.

/// Pairs request rows with response rows.
enum RowPairing {
    /// The response row for each request row, or the mismatch.
    static func outputRows(inputCount: Int, output: CapturedPayload) throws(CaptureRejection) -> [JSONValue] {
        if output.rows.count == inputCount { return output.rows }
        if inputCount > 1, output.format == .csv, output.rows.count == 1,
            case .array(let scores) = output.rows[0], scores.count == inputCount
        {
            return scores.map { .array([$0]) }
        }
        throw CaptureRejection(.rowCountMismatch(input: inputCount, output: output.rows.count))
    }
}
