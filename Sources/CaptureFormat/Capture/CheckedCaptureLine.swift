/// A capture line that passed every rule: scanned, its fields checked, both sides decoded (into rows, or only
/// counted), rows paired, and rewritten for Arthur if a side was BASE64. `CaptureLineParser.parse` and
/// `CaptureLineParser.validate` both start here, so the two cannot disagree about which lines are valid.

/// A capture line that passed every rule.
struct CheckedCaptureLine {
    var eventID: String
    var inferenceID: String?
    var inferenceTime: String
    var input: CapturedPayload
    var output: CapturedPayload
    var pairing: RowPairing
    var reencodedForArthur: [UInt8]?

    /// The id the line's inferences share before any `_i` suffix.
    var partnerID: String { PartnerInferenceID.base(eventID: eventID, inferenceID: inferenceID) }
    /// The number of inferences: one per request row.
    var inferenceCount: Int { input.shape.rowCount }

    /// Checks a line by every rule; `keepingRows` decides whether the rows' values are built or only counted.
    init(_ line: UnsafeRawBufferPointer, keepingRows: Bool) throws(CaptureRejection) {
        let scanned: CaptureLayout?
        do throws(JSONSyntaxError) {
            scanned = try CaptureLineScanner.scan(line, readsPayloadShapes: !keepingRows)
        } catch {
            // A byte order mark may open a file (the line reader skips it), never a line: say so in those words.
            let isByteOrderMark = error.offset == 0 && line.starts(with: [0xEF, 0xBB, 0xBF])
            throw CaptureRejection(.invalidJSON(isByteOrderMark ? CaptureRejection.byteOrderMarkError : error))
        }
        guard let layout = scanned else { throw CaptureRejection(.notAnObject) }

        try CaptureField.requireObject(layout.captureData, "captureData")
        try CaptureField.requireObject(layout.input.value, "captureData.endpointInput")
        try CaptureField.requireObject(layout.output.value, "captureData.endpointOutput")
        try CaptureField.requireObject(layout.eventMetadata, "eventMetadata")
        eventID = try CaptureField.requireText(layout.eventID, "eventMetadata.eventId")
        inferenceID = try CaptureField.optionalText(layout.inferenceID, "eventMetadata.inferenceId")
        inferenceTime = try CaptureField.requireText(layout.inferenceTime, "eventMetadata.inferenceTime")

        input = try CapturedPayload(layout.input, side: .input, keepingRows: keepingRows)
        output = try CapturedPayload(layout.output, side: .output, keepingRows: keepingRows)
        guard input.shape.rowCount > 0 else { throw CaptureRejection(.noInputRows) }
        pairing = try RowPairing(inputCount: input.shape.rowCount, output: output)
        reencodedForArthur =
            input.reencoding == nil && output.reencoding == nil
            ? nil
            : ArthurReencoding.line(
                line, objectRange: layout.objectRange,
                sides: [input.reencoding, output.reencoding].compactMap { $0 })
    }
}
