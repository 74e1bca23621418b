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

    /// An S3 key as a name below a dead-letter folder or prefix, one to one: the key without `.jsonl`, with `%`
    /// written `%25` and the segments that would alias another key written out — `.` as `%2E`, `..` as
    /// `%2E%2E`, an empty one (from `//` or a leading `/`) as `%2F` — so `a/x.jsonl`, `a//x.jsonl` and
    /// `a/./x.jsonl` keep three dead letters.
    public static func deadLetterName(forKey key: String) -> String {
        var name = Substring(key)
        if name.hasSuffix(".jsonl") { name.removeLast(6) }
        let segments = name.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            switch segment {
            case "": return "%2F"
            case ".": return "%2E"
            case "..": return "%2E%2E"
            default: return String(segment).replacing("%", with: "%25")
            }
        }
        return segments.joined(separator: "/")
    }

    /// `sources` with names made one to one for the run: a source whose ``deadLetterName`` an earlier one
    /// already has (`../q/p/x.jsonl` and `q/p/x.jsonl` are both `q/p/x`) gets `~2`, `~3`… appended, so no two
    /// sources share a dead letter or a progress record.
    public static func withDistinctNames(_ sources: [CaptureSource]) -> [CaptureSource] {
        var taken = Set<String>()
        return sources.map { source in
            var source = source
            let base = source.deadLetterName
            var suffix = 1
            while !taken.insert(source.deadLetterName.lowercased()).inserted {
                suffix += 1
                source.deadLetterName = "\(base)~\(suffix)"
            }
            return source
        }
    }

    /// The source's name as one path segment, for the files it writes (`--to`): ``deadLetterName`` with `%` written
    /// `%25` and `/` written `%2F`, so it is one to one with the dead-letter name (and as distinct within a run).
    public var fileName: String { deadLetterName.replacing("%", with: "%25").replacing("/", with: "%2F") }

    /// The last part of ``deadLetterName``, for naming upload chunks.
    var stem: String { String(deadLetterName.split(separator: "/").last ?? "capture") }
}
