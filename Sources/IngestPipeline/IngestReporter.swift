// How the pipeline tells its front door what happens: the CLI prints `FILE:LINE: error: ...` and a
// progress line; the Lambda logs JSON.

/// Receives rejections, upload failures and progress while sources are ingested.
public protocol IngestReporter: Sendable {
    /// A line broke a format rule (or was too long).
    func lineRejected(source: String, line: Int, reason: String)
    /// Something a user should know that loses nothing: a repeated id (`line` set), a relabelled content type.
    func warning(source: String, line: Int?, message: String)
    /// A source skipped whole, with the reason (it holds no captures).
    func sourceSkipped(source: String, reason: String)
    /// Lines of one upload that did not reach Arthur, with the reason.
    func linesNotUploaded(source: String, lines: [Int], reason: String)
    /// Something about a source worth saying that is no line's fate (a progress record ignored, an entry skipped).
    func notice(source: String, message: String)
    /// Called often while a source is read; implementations throttle.
    func progress(source: String, ledger: Ledger)
}
