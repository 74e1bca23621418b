// A capture line that passed every rule: scanned, its fields checked, its time normalized, both sides decoded
// (into rows, or only counted), rows paired, ids within Arthur's limit, and the line Arthur is sent written when it
// differs from the captured one. `CaptureLineParser.parse` and `CaptureLineParser.validate` both start here, so
// the two cannot disagree about which lines are valid.

@_spi(Scanning) import WireFormat

/// A capture line that passed every rule.
struct CheckedCaptureLine {
    var eventID: String
    var inferenceID: String?
    /// The inference time, normalized.
    var inferenceTime: String
    var input: CapturedPayload
    var output: CapturedPayload
    var pairing: RowPairing
    /// The line Arthur is sent, when it differs from the captured line.
    var sentToArthur: [UInt8]?

    /// The BASE64 sides read as JSON though labelled otherwise.
    var relabellings: [Relabelling] {
        var relabellings: [Relabelling] = []
        if let type = input.relabelledFrom { relabellings.append(Relabelling(side: .input, mediaType: type)) }
        if let type = output.relabelledFrom { relabellings.append(Relabelling(side: .output, mediaType: type)) }
        return relabellings
    }

    /// The id the line's inferences share before any `_i` suffix.
    var partnerID: String { PartnerInferenceID.base(eventID: eventID, inferenceID: inferenceID) }
    /// The number of inferences: one per request row, as paired.
    var inferenceCount: Int { pairing.inferenceCount }

    /// Checks a line by every rule; `keepingRows` decides whether the rows' values are built or only counted, and
    /// `allowingLayoutKeys` whether named rows may use `features` & co. (see `CapturedPayload`).
    init(_ line: UnsafeRawBufferPointer, keepingRows: Bool, allowingLayoutKeys: Bool = false) throws(CaptureRejection) {
        if keepingRows {
            try self.init(
                line, keepingRows: true, allowingLayoutKeys: allowingLayoutKeys,
                rowSpace: UnsafeMutableBufferPointer(start: nil, count: 0))
            return
        }
        // Counting only: the scan records the JSON payloads' plain rows here, for the line Arthur is sent.
        self = try withUnsafeTemporaryAllocation(of: PayloadSpans.Row.self, capacity: Self.recordedRowCapacity) {
            rowSpace throws(CaptureRejection) in
            try CheckedCaptureLine(line, keepingRows: false, allowingLayoutKeys: allowingLayoutKeys, rowSpace: rowSpace)
        }
    }

    /// How many JSON payload rows a line's scan records on the stack; a payload with more is read again if it is
    /// rewritten.
    private static let recordedRowCapacity = 128

    private init(
        _ line: UnsafeRawBufferPointer, keepingRows: Bool, allowingLayoutKeys: Bool,
        rowSpace: UnsafeMutableBufferPointer<PayloadSpans.Row>
    ) throws(CaptureRejection) {
        var scanner = CaptureLineScanner(line, readsPayloadShapes: !keepingRows, rowSpace: rowSpace)
        let isObject: Bool
        do throws(JSONSyntaxError) {
            isObject = try scanner.scan()
        } catch {
            // A byte order mark may open a file (the line reader skips it), never a line: say so in those words.
            let isByteOrderMark = error.offset == 0 && line.starts(with: [0xEF, 0xBB, 0xBF])
            throw CaptureRejection(.invalidJSON(isByteOrderMark ? CaptureRejection.byteOrderMarkError : error))
        }
        guard isObject else { throw CaptureRejection(.notAnObject) }
        let layout = scanner.layout

        // Every field is worked out in a local and the whole line stored at the end, so that building it copies no
        // part of it (a stored property read back in a throwing init copies the struct, and its strings' references).
        try CaptureField.requireObject(layout.captureData, "captureData")
        try CaptureField.requireObject(layout.input.value, "captureData.endpointInput")
        try CaptureField.requireObject(layout.output.value, "captureData.endpointOutput")
        try CaptureField.requireObject(layout.eventMetadata, "eventMetadata")
        let eventID = try CaptureField.requireText(layout.eventID, "eventMetadata.eventId")
        let inferenceID = try CaptureField.optionalText(layout.inferenceID, "eventMetadata.inferenceId")
        guard let time = try CaptureField.optionalNonEmptyString(layout.inferenceTime, "eventMetadata.inferenceTime")
        else { throw CaptureRejection(.missingField("eventMetadata.inferenceTime")) }
        let normalizedTime =
            time.hasEscapes ? InferenceTime.normalized(time.text) : InferenceTime.normalized(time.content)
        guard let normalizedTime else { throw CaptureRejection(.invalidTime(time.text)) }

        let input = try CapturedPayload(
            layout.input, side: .input, keepingRows: keepingRows, allowingLayoutKeys: allowingLayoutKeys)
        let output = try CapturedPayload(
            layout.output, side: .output, keepingRows: keepingRows, allowingLayoutKeys: allowingLayoutKeys)
        guard input.shape.rowCount > 0 else { throw CaptureRejection(.noInputRows) }
        let pairing = try RowPairing(input: input.shape, output: output.shape)
        let partnerID = PartnerInferenceID.base(eventID: eventID, inferenceID: inferenceID)
        if partnerID.utf8.count + 21 > PartnerInferenceID.maximumLength {
            let length = PartnerInferenceID.longestLength(base: partnerID, count: pairing.inferenceCount)
            guard length <= PartnerInferenceID.maximumLength else { throw CaptureRejection(.idTooLong(length: length)) }
        }
        let sentToArthur = try ArthurLine.line(
            line, objectRange: layout.objectRange, input: input, output: output, pairing: pairing,
            writtenRows: (layout.input.writtenRows, layout.output.writtenRows),
            time: Self.isSame(normalizedTime, time.content) ? nil : (time.token, normalizedTime))
        self.init(
            eventID: eventID, inferenceID: inferenceID, inferenceTime: normalizedTime, input: input, output: output,
            pairing: pairing, sentToArthur: sentToArthur)
    }

    /// The line from its checked parts.
    private init(
        eventID: String, inferenceID: String?, inferenceTime: String, input: CapturedPayload, output: CapturedPayload,
        pairing: RowPairing, sentToArthur: [UInt8]?
    ) {
        self.eventID = eventID
        self.inferenceID = inferenceID
        self.inferenceTime = inferenceTime
        self.input = input
        self.output = output
        self.pairing = pairing
        self.sentToArthur = sentToArthur
    }

    /// True when `text` is spelled by exactly the bytes `written`.
    private static func isSame(_ text: String, _ written: UnsafeRawBufferPointer) -> Bool {
        var text = text
        return text.withUTF8 { ByteWord.equal(UnsafeRawBufferPointer($0), written) }
    }
}
