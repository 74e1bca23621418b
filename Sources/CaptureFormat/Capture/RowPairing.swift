// Pairs request rows with response rows: row i with row i, counts equal. Two kinds of side are read by what they
// pair with: a flat JSON array (one row of N values, or N rows of one value) and columnar JSON (one row of named
// arrays of length N, or N rows). And a response of one row of exactly N scalars answers N > 1 request rows with
// one score each, as older XGBoost containers answer a CSV batch.

import WireFormat

/// How a request's rows pair with its response's rows.
struct RowPairing: Equatable {
    /// How a side's plain rows become the rows that pair.
    enum Reading: Equatable {
        /// As they are.
        case plain
        /// The flat array's one row of N values, as N rows of one value.
        case flatArrayRows
        /// The columnar row of named arrays, as N rows of named values.
        case columnRows
        /// The response's single row of N scalars, as one score per request row.
        case scorePerRequestRow
    }

    var input: Reading
    var output: Reading
    /// The number of inferences: one per request row, as paired.
    var inferenceCount: Int

    /// The pairing of a request of shape `input` with a response of shape `output`, or the mismatch.
    init(input: PayloadShape, output: PayloadShape) throws(CaptureRejection) {
        self.input = .plain
        self.output = .plain
        let inputN = input.flatArrayCount ?? input.columnarCount
        let outputN = output.flatArrayCount ?? output.columnarCount
        if let inputN, inputN == outputN {
            self.input = Self.expanded(input)
            self.output = Self.expanded(output)
        } else {
            if let inputN, inputN > 1,
                output.rowCount == inputN || (input.columnarCount != nil && output.singleRowScalarCount == inputN)
            {
                self.input = Self.expanded(input)
            }
            if let outputN, outputN > 1, input.rowCount == outputN {
                self.output = Self.expanded(output)
            }
        }
        let inputCount = self.input == .plain ? input.rowCount : inputN ?? 0
        let outputCount = self.output == .plain ? output.rowCount : outputN ?? 0
        inferenceCount = inputCount
        if inputCount == outputCount { return }
        if inputCount > 1, outputCount == 1, self.output == .plain, output.singleRowScalarCount == inputCount {
            self.output = .scorePerRequestRow
            return
        }
        throw CaptureRejection(.rowCountMismatch(input: inputCount, output: outputCount))
    }

    private static func expanded(_ shape: PayloadShape) -> Reading {
        shape.flatArrayCount != nil ? .flatArrayRows : .columnRows
    }

    /// The rows that pair, from a side's plain rows.
    static func rows(_ rows: [JSONValue], read reading: Reading) -> [JSONValue] {
        switch reading {
        case .plain:
            return rows
        case .flatArrayRows, .scorePerRequestRow:
            return (rows.first?.arrayValue ?? []).map { .array([$0]) }
        case .columnRows:
            guard let members = rows.first?.objectValue, let length = members.first?.value.arrayValue?.count else {
                return []
            }
            return (0..<length).map { index in
                .object(members.map { JSONMember($0.key, $0.value.arrayValue?[index] ?? .null) })
            }
        }
    }
}
