// The schema check without the rows built, for uploads: a line whose sides are both CSV is checked field by field
// in place, by the same rules as `misfit(in:)`, at about the cost of `validate`. Any doubt (a JSON side, a row of
// another width, a value that does not fit, a line `validate` rejects) sends the line the whole way (`parse`, then
// `misfit(in:)`), which gives the verdict and the words of its reason: this path only ever says "fits".

extension ModelSchema {
    /// The summary of `line` when it is a valid capture whose sides are both CSV and every value fits the schema,
    /// read without building its rows; nil otherwise, and then only `CaptureLineParser.parse` and ``misfit(in:)``
    /// can tell whether it fits and why not. A line for which this gives a summary gets the same summary from
    /// `parse`, no misfit, and no ``arthurLine(for:captured:)-(_,UnsafeRawBufferPointer)`` (CSV rows are never named).
    public func summaryIfFitting(_ line: UnsafeRawBufferPointer) -> CaptureLineSummary? {
        guard let checked = try? CheckedCaptureLine(line, keepingRows: false),
            Self.fits(checked.input, read: checked.pairing.input, rules: inputRules),
            Self.fits(checked.output, read: checked.pairing.output, rules: outputRules)
        else { return nil }
        return CaptureLineSummary(checked)
    }

    /// True when `side` is CSV whose every paired row fits `rules`.
    private static func fits(_ side: CapturedPayload, read reading: RowPairing.Reading, rules: [ValueRule]) -> Bool {
        guard side.format == .csv, reading == .plain || reading == .scorePerRequestRow else { return false }
        var check = CSVFitCheck(rules: rules, fieldsAreRows: reading == .scorePerRequestRow)
        do {
            try side.withText { text throws(CSVSyntaxError) in
                try CSVReader.read(text, isValidUTF8: side.decoded == nil, into: &check)
            }
        } catch {
            return false
        }
        return check.fits
    }
}

/// Checks CSV rows against a side's rules as they are read, keeping nothing.
struct CSVFitCheck: CSVRowSink {
    let rules: [ValueRule]
    /// The response's one row of scores, one per request row: each field is a row of one value.
    let fieldsAreRows: Bool
    private(set) var fits = true
    private var column = 0

    init(rules: [ValueRule], fieldsAreRows: Bool) {
        self.rules = rules
        self.fieldsAreRows = fieldsAreRows
        if fieldsAreRows && rules.count != 1 { fits = false }
    }

    mutating func field(_ text: UnsafeRawBufferPointer) {
        guard fits else { return }
        let index = fieldsAreRows ? 0 : column
        column += 1
        guard index < rules.count, ModelSchema.fits(rules[index], csvField: text) else {
            fits = false
            return
        }
    }

    mutating func endRow() {
        if !fieldsAreRows && column != rules.count { fits = false }
        column = 0
    }
}
