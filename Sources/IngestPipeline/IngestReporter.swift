/// How the pipeline tells its front door what happens: the CLI prints `FILE:LINE: error: ...` and a
/// progress line; the Lambda logs JSON.

/// Receives rejections, upload failures and progress while sources are ingested.
public protocol IngestReporter: Sendable {
    /// A line broke a format rule (or was too long).
    func lineRejected(source: String, line: Int, reason: String)
    /// Lines of one upload that did not reach Arthur, with the reason.
    func linesNotUploaded(source: String, lines: [Int], reason: String)
    /// Something about a source worth saying that is no line's fate (a progress record ignored, an entry skipped).
    func notice(source: String, message: String)
    /// Called often while a source is read; implementations throttle.
    func progress(source: String, ledger: Ledger)
}
