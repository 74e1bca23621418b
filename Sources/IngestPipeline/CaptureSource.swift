/// A named place capture lines come from: a local file, standard input, and later S3 objects.

/// A source of capture lines with the names used in messages and in the dead letter.
public struct CaptureSource: Sendable {
    /// The name in messages (`FILE:LINE: error: ...`): the path as given, `<stdin>`, or an `s3://` URI.
    public var name: String
    /// The source's path below a dead-letter folder, without the `.jsonl` ending.
    public var deadLetterName: String
    /// Opens the stream; called once, when the source's turn comes.
    public var open: @Sendable () async throws -> any ByteStream

    public init(name: String, deadLetterName: String, open: @escaping @Sendable () async throws -> any ByteStream) {
        self.name = name
        self.deadLetterName = deadLetterName
        self.open = open
    }

    /// A local file.
    public static func file(_ path: String) -> CaptureSource {
        CaptureSource(name: path, deadLetterName: deadLetterName(for: path)) { try FileByteStream(path: path) }
    }

    /// Standard input, named `<stdin>` in messages and `stdin` in the dead letter.
    public static let standardInput = CaptureSource(name: "<stdin>", deadLetterName: "stdin") {
        FileByteStream.standardInput()
    }

    /// `path` made relative and safe below a folder: no leading `/`, no `.` or `..` parts, no `.jsonl`.
    public static func deadLetterName(for path: String) -> String {
        let parts = path.split(separator: "/").filter { $0 != "." && $0 != ".." && !$0.isEmpty }
        var name = parts.joined(separator: "/")
        if name.hasSuffix(".jsonl") { name.removeLast(6) }
        return name.isEmpty ? "source" : name
    }

    /// The last part of ``deadLetterName``, for naming upload chunks.
    var stem: String { String(deadLetterName.split(separator: "/").last ?? "capture") }
}
