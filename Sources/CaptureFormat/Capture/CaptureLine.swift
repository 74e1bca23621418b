/// One valid capture line, split into the inferences it holds, with the line rewritten for Arthur when it
/// carried BASE64 data (Arthur rejects BASE64, so such a line cannot go to it verbatim).

/// One valid capture line, split into its inferences.
public struct CaptureLine: Sendable {
    /// `eventMetadata.eventId`.
    public var eventID: String
    /// `eventMetadata.inferenceId`; nil when absent or empty.
    public var inferenceID: String?
    /// `inferenceID ?? eventID`, before any `_index` suffix.
    public var partnerID: String
    /// `eventMetadata.inferenceTime`, as captured.
    public var inferenceTime: String
    /// The inferences in request order; ids already suffixed `_0`…`_{N-1}` when there are N > 1.
    public var inferences: [Inference]
    /// nil when the source line can go to Arthur verbatim; otherwise the line rewritten with each BASE64 side
    /// replaced by its decoded text and "encoding":"CSV" or "JSON". Everything else of the line (eventMetadata,
    /// eventVersion, observedContentType, mode) is kept byte for byte.
    public var reencodedForArthur: [UInt8]?

    /// Makes a capture line from its parts.
    public init(
        eventID: String,
        inferenceID: String?,
        partnerID: String,
        inferenceTime: String,
        inferences: [Inference],
        reencodedForArthur: [UInt8]?
    ) {
        self.eventID = eventID
        self.inferenceID = inferenceID
        self.partnerID = partnerID
        self.inferenceTime = inferenceTime
        self.inferences = inferences
        self.reencodedForArthur = reencodedForArthur
    }
}

extension CaptureLine {
    /// The line without its rows' values: what `CaptureLineParser.validate` returns for it.
    public var summary: CaptureLineSummary {
        CaptureLineSummary(
            eventID: eventID, inferenceID: inferenceID, partnerID: partnerID, inferenceTime: inferenceTime,
            inferenceCount: inferences.count, reencodedForArthur: reencodedForArthur)
    }
}
