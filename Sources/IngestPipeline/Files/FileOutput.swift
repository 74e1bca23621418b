/// The files a run writes: where, and in which format.
public struct FileOutput: Sendable {
    /// The folder or S3 prefix.
    public var target: FileTarget
    /// JSON, CSV or JSON Lines.
    public var format: FileFormat

    /// Files of `format` under `target`.
    public init(target: FileTarget, format: FileFormat) {
        self.target = target
        self.format = format
    }
}
