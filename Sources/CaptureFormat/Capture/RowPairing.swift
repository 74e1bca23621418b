/// Pairs request rows with response rows: row i with row i, counts equal — except for the batch answer of older
/// XGBoost containers, where N > 1 request rows get one CSV response row of exactly N scores, one per request row.

/// Pairs request rows with response rows.
enum RowPairing {
    /// Row i with row i.
    case rowByRow
    /// The response's single CSV row holds one score per request row.
    case scorePerRequestRow

    /// How the response's rows pair with `inputCount` request rows, or the mismatch.
    init(inputCount: Int, output: CapturedPayload) throws(CaptureRejection) {
        let outputCount = output.shape.rowCount
        if outputCount == inputCount {
            self = .rowByRow
        } else if inputCount > 1, output.format == .csv, outputCount == 1, output.shape.firstRowWidth == inputCount {
            self = .scorePerRequestRow
        } else {
            throw CaptureRejection(.rowCountMismatch(input: inputCount, output: outputCount))
        }
    }

    /// The response row for each request row.
    func outputRows(_ rows: [JSONValue]) -> [JSONValue] {
        switch self {
        case .rowByRow: rows
        case .scorePerRequestRow: (rows.first?.arrayValue ?? []).map { .array([$0]) }
        }
    }
}
