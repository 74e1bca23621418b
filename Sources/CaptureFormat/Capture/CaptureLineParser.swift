/// Turns one line of a Data Capture `.jsonl` file into its inferences, or into the reason it is rejected: scan
/// the line, check its fields, decode both sides into rows, pair them, and name each inference.

/// Parses capture lines.
public enum CaptureLineParser {
    /// Parses one line (without its "\n"; a trailing "\r" or other JSON whitespace is fine).
    public static func parse(_ line: UnsafeRawBufferPointer, lineNumber: Int) throws(CaptureRejection) -> CaptureLine {
        let scanned: CaptureLayout?
        do throws(JSONSyntaxError) {
            scanned = try CaptureLineScanner.scan(line)
        } catch {
            throw CaptureRejection(.invalidJSON(error))
        }
        guard let layout = scanned else { throw CaptureRejection(.notAnObject) }

        try CaptureField.requireObject(layout.captureData, "captureData")
        try CaptureField.requireObject(layout.input.value, "captureData.endpointInput")
        try CaptureField.requireObject(layout.output.value, "captureData.endpointOutput")
        try CaptureField.requireObject(layout.eventMetadata, "eventMetadata")
        let eventID = try CaptureField.requireText(layout.eventID, "eventMetadata.eventId")
        let inferenceID = try CaptureField.optionalText(layout.inferenceID, "eventMetadata.inferenceId")
        let inferenceTime = try CaptureField.requireText(layout.inferenceTime, "eventMetadata.inferenceTime")

        let input = try CapturedPayload(layout.input, side: .input)
        let output = try CapturedPayload(layout.output, side: .output)
        guard !input.rows.isEmpty else { throw CaptureRejection(.noInputRows) }
        let outputRows = try RowPairing.outputRows(inputCount: input.rows.count, output: output)

        let partnerID = PartnerInferenceID.base(eventID: eventID, inferenceID: inferenceID)
        let count = input.rows.count
        var inferences: [Inference] = []
        inferences.reserveCapacity(count)
        for index in 0..<count {
            inferences.append(
                Inference(
                    partnerInferenceID: PartnerInferenceID.forRow(index, of: count, base: partnerID),
                    timestamp: inferenceTime,
                    inputs: input.rows[index],
                    outputs: outputRows[index],
                    line: lineNumber
                )
            )
        }
        return CaptureLine(
            eventID: eventID,
            inferenceID: inferenceID,
            partnerID: partnerID,
            inferenceTime: inferenceTime,
            inferences: inferences,
            reencodedForArthur: ArthurReencoding.line(
                line,
                objectRange: layout.objectRange,
                sides: [input.reencoding, output.reencoding].compactMap { $0 }
            )
        )
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

    /// True for an empty line or one of only spaces, tabs and "\r" (skipped, not rejected).
    public static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        line.allSatisfy { $0 == .space || $0 == .tab || $0 == .carriageReturn }
    }

    /// True for an empty line or one of only spaces, tabs and "\r" (skipped, not rejected).
    public static func isBlank(_ line: [UInt8]) -> Bool {
        line.withUnsafeBytes { isBlank($0) }
    }
}
