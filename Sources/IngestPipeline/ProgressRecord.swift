import CaptureFormat
import WireFormat

/// A source's progress, as saved after each answered upload.
///
/// What a source's earlier runs achieved, so a retry (a Lambda retry, a rerun of an interrupted CLI
/// backfill) sends Arthur only what it has not accepted yet:
///
/// `{"version":"<etag or size-mtime>","completed":false,"uploaded":[[1,4096],[8193,12000]],"refused":[{"line":17,"reason":"…"}]}`
///
/// - `version` names the exact object read; a record of another version is ignored.
/// - `uploaded`: line ranges of chunks Arthur answered with a 2xx (merged). Their lines are not sent again.
/// - `refused`: lines inside those ranges Arthur refused in its 207 answer; a retry keeps them in the
///   dead letter again (with the same reason) instead of sending them.
/// - `completed`: the source was read to its end and its dead letter written; a retry skips it.
/// - `source`: the source's name (path or `s3://` URI); a record of another source is ignored, so two
///   sources whose names map to one record name never mix their progress.
///
/// A record is checked when read (ranges ordered, disjoint, within 1…``maxLine``; refused lines inside
/// them): a record that fails is reported and ignored, never fatal.
public struct ProgressRecord: Sendable, Equatable {
    public var version: String
    /// The source the record belongs to (nil in records written before it was kept).
    public var source: String?
    public var completed = false
    /// The lines of chunks Arthur accepted (merged as they are added).
    public private(set) var uploaded = RangeSet<Int>()
    public var refused: [Int: String] = [:]

    /// The largest line number a record may hold: far above any file's line count, far below overflow.
    public static let maxLine = 1 << 48

    public init(version: String, source: String? = nil) {
        self.version = version
        self.source = source
    }

    /// True when `line` was in a chunk Arthur accepted.
    public func wasUploaded(_ line: Int) -> Bool { uploaded.contains(line) }

    /// Adds the lines `range` (a chunk Arthur accepted), merging with neighbours.
    public mutating func addUploaded(_ range: ClosedRange<Int>) {
        uploaded.insert(contentsOf: Range(range))
    }

    /// The accepted lines as closed ranges of line numbers, in order, as the record writes them.
    public var uploadedLines: [ClosedRange<Int>] { uploaded.ranges.map { $0.lowerBound...($0.upperBound - 1) } }

    /// The record as one JSON object.
    public var json: [UInt8] {
        let value: JSONValue = .object([
            JSONMember("version", .string(version)),
            JSONMember("source", source.map { .string($0) } ?? .null),
            JSONMember("completed", .bool(completed)),
            JSONMember(
                "uploaded",
                .array(uploadedLines.map { .array([.number(String($0.lowerBound)), .number(String($0.upperBound))]) })),
            JSONMember(
                "refused",
                .array(
                    refused.keys.sorted().map { line in
                        .object([
                            JSONMember("line", .number(String(line))), JSONMember("reason", .string(refused[line]!)),
                        ])
                    })),
        ])
        var bytes: [UInt8] = []
        JSONWriter.write(value, into: &bytes)
        return bytes
    }

    /// Reads a saved record, checking it; throws, saying what is wrong, when it is not a sound one. `maxLine`
    /// is the highest line the source can have, where known (a file of N bytes has at most N lines).
    public init(json bytes: [UInt8], maxLine: Int = ProgressRecord.maxLine) throws {
        guard let root = try? JSONReader.parse(bytes), root.objectValue != nil else {
            throw ProgressRecordError("not a JSON object")
        }
        guard let version = root["version"]?.stringValue else { throw ProgressRecordError("no version") }
        self.version = version
        source = root["source"]?.stringValue
        completed = root["completed"] == .bool(true)
        let limit = min(maxLine, Self.maxLine)
        var previous = 0
        for (index, pair) in (root["uploaded"]?.arrayValue ?? []).enumerated() {
            guard let bounds = pair.arrayValue, bounds.count == 2, let low = bounds[0].intValue,
                let high = bounds[1].intValue
            else { throw ProgressRecordError("uploaded[\(index)] is not a pair of line numbers") }
            guard low > previous, low <= high, high <= limit else {
                throw ProgressRecordError(
                    "uploaded[\(index)] = [\(low),\(high)] is not an ordered range of lines within 1…\(limit) "
                        + "after line \(previous)")
            }
            previous = high
            addUploaded(low...high)
        }
        for (index, item) in (root["refused"]?.arrayValue ?? []).enumerated() {
            guard let line = item["line"]?.intValue, wasUploaded(line) else {
                throw ProgressRecordError("refused[\(index)] names no line inside the uploaded ranges")
            }
            refused[line] = item["reason"]?.stringValue ?? "refused by Arthur"
        }
    }
}

/// Why a saved progress record was not used.
public struct ProgressRecordError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
