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

import CaptureFormat

/// A source's progress, as saved after each answered upload.
public struct ProgressRecord: Sendable, Equatable {
    public var version: String
    public var completed = false
    public private(set) var uploaded: [ClosedRange<Int>] = []
    public var refused: [Int: String] = [:]

    public init(version: String) { self.version = version }

    /// True when `line` was in a chunk Arthur accepted.
    public func wasUploaded(_ line: Int) -> Bool {
        var low = 0
        var high = uploaded.count
        while low < high {
            let middle = (low + high) / 2
            if uploaded[middle].upperBound < line { low = middle + 1 } else { high = middle }
        }
        return low < uploaded.count && uploaded[low].contains(line)
    }

    /// Adds the lines `range` (a chunk Arthur accepted), merging with neighbours.
    public mutating func addUploaded(_ range: ClosedRange<Int>) {
        var merged = range
        var kept: [ClosedRange<Int>] = []
        for existing in uploaded {
            if existing.upperBound + 1 < merged.lowerBound || merged.upperBound + 1 < existing.lowerBound {
                kept.append(existing)
            } else {
                merged = min(existing.lowerBound, merged.lowerBound)...max(existing.upperBound, merged.upperBound)
            }
        }
        kept.append(merged)
        uploaded = kept.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// The record as one JSON object.
    public var json: [UInt8] {
        let value: JSONValue = .object([
            JSONMember("version", .string(version)),
            JSONMember("completed", .bool(completed)),
            JSONMember(
                "uploaded",
                .array(uploaded.map { .array([.number(String($0.lowerBound)), .number(String($0.upperBound))]) })),
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

    /// Reads a saved record; nil when it is not one.
    public init?(json bytes: [UInt8]) {
        guard let root = try? JSONReader.parse(bytes), let version = root["version"]?.stringValue else { return nil }
        self.version = version
        completed = root["completed"] == .bool(true)
        for pair in root["uploaded"]?.arrayValue ?? [] {
            guard let bounds = pair.arrayValue, bounds.count == 2, let low = bounds[0].intValue,
                let high = bounds[1].intValue, low <= high
            else { return nil }
            addUploaded(low...high)
        }
        for item in root["refused"]?.arrayValue ?? [] {
            guard let line = item["line"]?.intValue else { return nil }
            refused[line] = item["reason"]?.stringValue ?? "refused by Arthur"
        }
    }
}
