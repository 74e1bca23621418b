/// Matches the failures of Arthur's 207 answer to the lines of the chunk they came from, by event id.

import ArthurUpload

/// Arthur's per-inference failures, grouped by line of a chunk.
struct ArthurRefusals {
    /// Index of the line in the chunk → one message per failed inference.
    var byLine: [Int: [String]] = [:]
    /// Failures whose event id matches no line of the chunk.
    var unmatched = 0

    init(report: ArthurIngestReport, lines: [Chunk.Line]) {
        guard !report.failures.isEmpty else { return }
        var linesByEvent: [String: [Int]] = [:]
        for (index, line) in lines.enumerated() { linesByEvent[line.eventID, default: []].append(index) }
        for failure in report.failures {
            guard let eventID = failure.eventID, let indices = linesByEvent[eventID] else {
                unmatched += 1
                continue
            }
            let which = failure.indexInEvent.map { " #\($0)" } ?? ""
            for index in indices {
                byLine[index, default: []].append("inference \(eventID)\(which): \(failure.message)")
            }
        }
    }
}
