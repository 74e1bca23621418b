// A side's `data` string read in one pass where it lies in the line — through the escapes of the JSON string
// that holds it — while counting the rows of the CSV or JSON payload it spells. This is how `validate` checks
// the common line without unescaping its payloads into buffers and reading them a second time.
//
// It is a fast path, not a second set of rules: it accepts only payloads whose every byte it understands (no
// `\u` escapes in the `data` string, no quoted CSV fields, no JSON nested deeper than 64 levels, no surrogate
// escapes in JSON strings) and gives up on anything else — including every error — so that the exact reader
// (unescape, then `PayloadRows`) decides, and words, everything it does not. Its shapes are those of
// `PayloadRows.shape`; the tests check the two against each other.

@_spi(Scanning) import WireFormat

/// A `data` string and the shape of the payload it spells, read in one pass.
struct EscapedPayload {
    /// The payload's shape as the text format its first byte suggests; the encoding decides later if it applies.
    enum Shape {
        /// Rows of CSV: a payload that does not start with `{` or `[`.
        case csv(PayloadShape)
        /// One JSON document: a payload that starts with `{` or `[`.
        case json(PayloadShape)

        /// The shape as `PayloadRows.shape` gives it for `format`; nil when this reading does not apply.
        func payloadShape(as format: PayloadFormat) -> PayloadShape? {
            switch (self, format) {
            case (.csv(let shape), .csv):
                shape
            case (.json(let shape), .json):
                shape
            default:
                nil
            }
        }
    }

    /// The `data` string token.
    var token: JSONStringToken
    /// The shape of the payload it spells.
    var shape: Shape
    /// A JSON payload's plain rows as `writtenRows` gives them, recorded in the same pass, when they fit the space
    /// given to `read`.
    var writtenRows: UnsafeBufferPointer<PayloadSpans.Row>?

    /// Reads the string token whose opening quote is at `opening` in `line`; nil when the fast path leaves it to
    /// the exact reader. A JSON payload's plain rows are recorded in `rowSpace` when they fit.
    static func read(
        _ line: UnsafeRawBufferPointer, at opening: Int, rowSpace: UnsafeMutableBufferPointer<PayloadSpans.Row>
    ) -> EscapedPayload? {
        var reader = EscapedPayloadReader(line, position: opening + 1)
        var probe = reader
        _ = probe.skipWhitespace()
        let shape: Shape
        var writtenRows: UnsafeBufferPointer<PayloadSpans.Row>?
        switch probe.peek()?.byte {
        case .openBrace, .openBracket:
            if let space = rowSpace.baseAddress {
                var rows = RowBuffer(base: space, capacity: rowSpace.count)
                guard let values = reader.readJSON(recording: &rows) else { return nil }
                if !reader.hasEscapedSlash { writtenRows = rows.rows }
                shape = .json(values)
            } else {
                guard let values = reader.readJSON() else { return nil }
                shape = .json(values)
            }
        default:
            guard let rows = reader.readCSV() else { return nil }
            shape = .csv(rows)
        }
        let content = UnsafeRawBufferPointer(rebasing: line[(opening + 1)..<(reader.position - 1)])
        return EscapedPayload(
            token: JSONStringToken(content: content, hasEscapes: reader.hasEscapes, token: opening..<reader.position),
            shape: shape, writtenRows: writtenRows)
    }

    /// The plain rows of the JSON payload in the `data` string whose opening quote is at `opening` in `line`, as
    /// ranges of that string as written, when the fast path reads it and every escape in it is one `JSONWriter`
    /// writes too (so the rows can be copied from the line into another string as they are); else nil.
    static func writtenRows(_ line: UnsafeRawBufferPointer, at opening: Int) -> [PayloadSpans.Row]? {
        var reader = EscapedPayloadReader(line, position: opening + 1)
        var rows: [PayloadSpans.Row] = []
        guard reader.readJSON(recording: &rows) != nil, !reader.hasEscapedSlash else { return nil }
        return rows
    }
}
