// One valid capture line, split into the inferences it holds, with the line Arthur is sent when that differs
// from the captured one (see `ArthurLine`).

/// One valid capture line, split into its inferences.
public struct CaptureLine: Sendable {
    /// `eventMetadata.eventId`.
    public var eventID: String
    /// `eventMetadata.inferenceId`; nil when absent or empty.
    public var inferenceID: String?
    /// `inferenceID ?? eventID`, before any `_index` suffix.
    public var partnerID: String
    /// `eventMetadata.inferenceTime`, normalized: `T` between date and time, `Z` when no offset was captured.
    public var inferenceTime: String
    /// The inferences in request order; ids already suffixed `_0`…`_{N-1}` when there are N > 1.
    public var inferences: [Inference]
    /// nil when the captured line goes to Arthur as it is; otherwise the line Arthur is sent: each side not in a
    /// layout Arthur accepts rewritten into one, BASE64 decoded, the time normalized, the rest byte for byte.
    public var sentToArthur: [UInt8]?
    /// The BASE64 sides read as JSON though labelled otherwise.
    public var relabellings: [Relabelling]
    /// How the request's payload was read (after BASE64): CSV fields are text, JSON values keep their types.
    public var inputFormat = PayloadFormat.json
    /// How the response's payload was read.
    public var outputFormat = PayloadFormat.json

    /// Makes a capture line from its parts.
    public init(
        eventID: String,
        inferenceID: String?,
        partnerID: String,
        inferenceTime: String,
        inferences: [Inference],
        sentToArthur: [UInt8]?,
        relabellings: [Relabelling] = []
    ) {
        self.eventID = eventID
        self.inferenceID = inferenceID
        self.partnerID = partnerID
        self.inferenceTime = inferenceTime
        self.inferences = inferences
        self.sentToArthur = sentToArthur
        self.relabellings = relabellings
    }
}

extension CaptureLine {
    /// The line without its rows' values: what `CaptureLineParser.validate` returns for it.
    public var summary: CaptureLineSummary {
        CaptureLineSummary(
            eventID: eventID, inferenceID: inferenceID, partnerID: partnerID, inferenceTime: inferenceTime,
            inferenceCount: inferences.count, sentToArthur: sentToArthur, relabellings: relabellings)
    }
}
