/// What became of one source.
public struct SourceReport: Sendable {
    public var source: String
    public var ledger: Ledger
    /// Files the dead letter wrote.
    public var deadLetterPaths: [String]
    /// Why the source stopped early (unreadable, dead letter not writable, told to stop), if it did.
    public var error: SourceError?
    /// True when a progress record showed the source was ingested whole before; nothing was read.
    public var alreadyIngested = false
    /// Why the source was skipped whole (it holds no captures), if it was.
    public var skipped: String?

    /// True when every line was uploaded (or, in a dry run, valid) and nothing went wrong.
    public var isClean: Bool { error == nil && ledger.rejectedLines == 0 && ledger.failedLines == 0 }
}
