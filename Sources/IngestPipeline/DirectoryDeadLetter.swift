import CaptureFormat

/// A source's dead letter in a folder.
///
/// The dead letter of one source in a local folder: `NAME.rejected.jsonl` and `NAME.reasons.ndjson`.
///
/// `NAME` is the source's name with its `.jsonl` ending dropped (see ``CaptureSource/deadLetterName``),
/// so sources keep their folder structure below the dead-letter folder. Files are created only when
/// the first line is rejected. The reasons file does not end in `.jsonl`, so re-ingesting the folder
/// picks up the rejected lines only.
public final class DirectoryDeadLetter: DeadLetter {
    public let linesPath: String
    public let reasonsPath: String
    private let folder: String
    private let name: String
    private var lines: BufferedFileWriter?
    private var reasons: BufferedFileWriter?

    /// The dead letter of the source `name` under `folder`.
    public init(folder: String, name: String) {
        let base = folder.hasSuffix("/") ? folder + name : folder + "/" + name
        linesPath = base + ".rejected.jsonl"
        reasonsPath = base + ".reasons.ndjson"
        self.folder = folder
        self.name = name
    }

    public func beginLine() throws {
        if lines == nil {
            lines = try BufferedFileWriter(creating: name + ".rejected.jsonl", in: folder)
            reasons = try BufferedFileWriter(creating: name + ".reasons.ndjson", in: folder)
        }
    }

    public func appendLine(_ bytes: UnsafeRawBufferPointer) throws {
        try lines?.append(bytes)
    }

    public func endLine(number: Int, reason: String) throws {
        try lines?.append { $0.append(0x0A) }
        try reasons?.append { appendReasonRecord(number: number, reason: reason, to: &$0) }
    }

    public func finish() async throws -> [String] {
        guard let lines, let reasons else { return [] }
        try lines.flush()
        try reasons.flush()
        return [linesPath, reasonsPath]
    }
}
