/// Line and inference counts of one source or a whole run.
///
/// The count every run keeps, so that no line goes missing unnoticed: each line read ends as
/// uploaded, rejected, or failed to upload (and then kept in the dead letter).
public struct Ledger: Sendable, Equatable {
    /// Bytes read from the source.
    public var bytes = 0
    /// Non-blank lines read.
    public var lines = 0
    /// Blank lines, skipped.
    public var blankLines = 0
    /// Lines that parsed, and the inferences they hold.
    public var validLines = 0
    public var inferences = 0
    /// Ground-truth items of the valid ground-truth lines (one per row; not counted in ``inferences``), and
    /// those Arthur took.
    public var groundTruth = 0
    public var uploadedGroundTruth = 0
    /// Lines rejected by the format rules.
    public var rejectedLines = 0
    /// Lines Arthur accepted whole, and the inferences it accepted.
    public var uploadedLines = 0
    public var uploadedInferences = 0
    /// Valid lines that did not reach Arthur (retries ran out, or Arthur refused them).
    public var failedLines = 0
    /// Of the uploaded lines, those an earlier run had uploaded (found in the progress record, not sent again).
    public var resumedLines = 0
    /// Inferences whose partner id an earlier line of the same source gave too (sent anyway, with a warning).
    public var duplicateIDs = 0
    /// Sources skipped whole because they hold no captures (batch transform manifests).
    public var skippedSources = 0
    /// The newest `inferenceTime` of the valid lines, in seconds since 1970 (the capture lag is measured from it).
    public var newestInferenceTime: Int64?

    public init() {}

    /// Valid lines sent and not yet answered; zero once a source is done.
    public var pendingLines: Int { validLines - uploadedLines - failedLines }

    /// True when every line read is accounted for (in a dry run valid lines count as done).
    public func isBalanced(dryRun: Bool) -> Bool {
        dryRun ? lines == validLines + rejectedLines : lines == uploadedLines + rejectedLines + failedLines
    }

    /// Adds another ledger's counts to this one.
    public mutating func add(_ other: Ledger) {
        bytes += other.bytes
        lines += other.lines
        blankLines += other.blankLines
        validLines += other.validLines
        inferences += other.inferences
        groundTruth += other.groundTruth
        uploadedGroundTruth += other.uploadedGroundTruth
        rejectedLines += other.rejectedLines
        uploadedLines += other.uploadedLines
        uploadedInferences += other.uploadedInferences
        failedLines += other.failedLines
        resumedLines += other.resumedLines
        duplicateIDs += other.duplicateIDs
        skippedSources += other.skippedSources
        if let time = other.newestInferenceTime { note(inferenceTime: time) }
    }

    /// Keeps `seconds` (since 1970) when it is newer than the newest inference time seen.
    public mutating func note(inferenceTime seconds: Int64) {
        if seconds > newestInferenceTime ?? .min { newestInferenceTime = seconds }
    }
}
