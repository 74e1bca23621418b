import CaptureFormat

/// How sources are read, printed and uploaded.
///
/// The knobs of a run, with the defaults the README documents.
public struct IngestOptions: Sendable {
    /// Print each normalized inference as a JSON line on standard output.
    public var emitJSONLines = false
    /// Upload chunks close to this size, made of whole lines (a longer line goes alone).
    public var chunkBytes = 4 << 20
    /// Lines longer than this are rejected without being held whole.
    public var maxLineBytes = 64 << 20
    /// Chunks of one source uploading at once while the next ones are parsed.
    public var uploadsInFlight = 2
    /// Once a stop comes (Ctrl-C, SIGTERM, a deadline), how long an upload in flight may still take before
    /// its lines are given up as "not uploaded" (no retry starts after the stop).
    public var stopGrace = Duration.seconds(5)
    /// The model's schema: when set, every inference is checked against it before it is sent (a line that does not
    /// fit is rejected, naming row, attribute and expectation), and named rows are sent ordered by position.
    public var schema: ModelSchema?
    /// Ground-truth items per `PATCH …/inferences` request, at most (a request also stays within ``chunkBytes``).
    public var groundTruthBatch = 1000

    public init() {}
}
