// Turns one line of a Data Capture `.jsonl` file into its inferences, or into the reason it is rejected: scan
// the line, check its fields, decode both sides into rows, pair them, and name each inference. `validate` does
// the same checks without building the rows, for callers that only upload.

import WireFormat

/// Parses capture lines.
public enum CaptureLineParser {
    /// Parses one line (without its "\n"; a trailing "\r" or other JSON whitespace is fine). With
    /// `allowingLayoutKeys`, a named row may use a key Arthur reads as its layout (`instances`, `predictions`,
    /// `features`, `probabilities`): for callers that send named rows ordered by the model's schema
    /// (``ModelSchema/arthurLine(for:captured:)-(_,UnsafeRawBufferPointer)``), so Arthur never reads the key; otherwise such a row is rejected.
    public static func parse(
        _ line: UnsafeRawBufferPointer, lineNumber: Int, allowingLayoutKeys: Bool = false
    ) throws(CaptureRejection) -> CaptureLine {
        let checked = try CheckedCaptureLine(line, keepingRows: true, allowingLayoutKeys: allowingLayoutKeys)
        let count = checked.inferenceCount
        let inputRows = RowPairing.rows(checked.input.rows, read: checked.pairing.input)
        let outputRows = RowPairing.rows(checked.output.rows, read: checked.pairing.output)
        let partnerID = checked.partnerID
        var inferences: [Inference] = []
        inferences.reserveCapacity(count)
        for index in 0..<count {
            inferences.append(
                Inference(
                    partnerInferenceID: PartnerInferenceID.forRow(index, of: count, base: partnerID),
                    timestamp: checked.inferenceTime,
                    inputs: inputRows[index],
                    outputs: outputRows[index],
                    line: lineNumber
                )
            )
        }
        var parsed = CaptureLine(
            eventID: checked.eventID,
            inferenceID: checked.inferenceID,
            partnerID: partnerID,
            inferenceTime: checked.inferenceTime,
            inferences: inferences,
            sentToArthur: checked.sentToArthur,
            relabellings: checked.relabellings
        )
        parsed.inputFormat = checked.input.format
        parsed.outputFormat = checked.output.format
        return parsed
    }

    /// Parses one line (without its "\n").
    public static func parse(_ line: [UInt8], lineNumber: Int) throws(CaptureRejection) -> CaptureLine {
        try line.withUnsafeBytes { buffer in
            Result { () throws(CaptureRejection) in try parse(buffer, lineNumber: lineNumber) }
        }.get()
    }

    /// Parses one line given as a string.
    public static func parse(_ line: String, lineNumber: Int) throws(CaptureRejection) -> CaptureLine {
        try parse(Array(line.utf8), lineNumber: lineNumber)
    }

    /// Checks one line by every rule of `parse`, and rejects exactly the lines `parse` rejects, but builds no
    /// rows: for uploading, where only validity, ids and counts matter.
    public static func validate(_ line: UnsafeRawBufferPointer) throws(CaptureRejection) -> CaptureLineSummary {
        CaptureLineSummary(try CheckedCaptureLine(line, keepingRows: false))
    }

    /// Checks one line (without its "\n") by every rule of `parse`, building no rows.
    public static func validate(_ line: [UInt8]) throws(CaptureRejection) -> CaptureLineSummary {
        try line.withUnsafeBytes { buffer in
            Result { () throws(CaptureRejection) in try validate(buffer) }
        }.get()
    }

    /// True for an empty line or one of only spaces, tabs and "\r" (skipped, not rejected).
    public static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        line.allSatisfy { $0 == .space || $0 == .tab || $0 == .carriageReturn }
    }

    /// True for an empty line or one of only spaces, tabs and "\r" (skipped, not rejected).
    public static func isBlank(_ line: [UInt8]) -> Bool {
        line.withUnsafeBytes { isBlank($0) }
    }
}
