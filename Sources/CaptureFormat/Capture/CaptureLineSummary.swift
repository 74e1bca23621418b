// What `CaptureLineParser.validate` tells about a valid line without building its rows: its ids, time, number
// of inferences and the line to send Arthur — all an upload needs, at a fraction of the cost of `parse`.

/// A valid capture line without its rows' values.
public struct CaptureLineSummary: Equatable, Sendable {
    /// `eventMetadata.eventId`.
    public var eventID: String
    /// `eventMetadata.inferenceId`; nil when absent or empty.
    public var inferenceID: String?
    /// `inferenceID ?? eventID`, before any `_index` suffix.
    public var partnerID: String
    /// `eventMetadata.inferenceTime`, normalized: `T` between date and time, `Z` when no offset was captured.
    public var inferenceTime: String
    /// ``inferenceTime`` as whole seconds since 1970-01-01T00:00:00Z.
    public var inferenceSecondsSince1970: Int64? { InferenceTime.secondsSince1970(inferenceTime) }
    /// The number of inferences the line holds (its request rows).
    public var inferenceCount: Int
    /// As `CaptureLine.sentToArthur`.
    public var sentToArthur: [UInt8]?
    /// As `CaptureLine.relabellings`.
    public var relabellings: [Relabelling]

    /// Makes a summary from its parts.
    public init(
        eventID: String,
        inferenceID: String?,
        partnerID: String,
        inferenceTime: String,
        inferenceCount: Int,
        sentToArthur: [UInt8]?,
        relabellings: [Relabelling] = []
    ) {
        self.eventID = eventID
        self.inferenceID = inferenceID
        self.partnerID = partnerID
        self.inferenceTime = inferenceTime
        self.inferenceCount = inferenceCount
        self.sentToArthur = sentToArthur
        self.relabellings = relabellings
    }

    /// The summary of a line that passed every rule.
    init(_ checked: CheckedCaptureLine) {
        self.init(
            eventID: checked.eventID, inferenceID: checked.inferenceID, partnerID: checked.partnerID,
            inferenceTime: checked.inferenceTime, inferenceCount: checked.inferenceCount,
            sentToArthur: checked.sentToArthur, relabellings: checked.relabellings)
    }

    /// The partner inference id of inference `index` (0-based, in request order).
    public func partnerInferenceID(at index: Int) -> String {
        PartnerInferenceID.forRow(index, of: inferenceCount, base: partnerID)
    }
}
