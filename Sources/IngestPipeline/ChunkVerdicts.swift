import ArthurUpload

/// One verdict per line of a chunk.
///
/// Reads Arthur's 207 answer to one chunk line by line, trusting it only for what it accounts for.
///
/// A failure names its line by `event_id`, matched against both the line's `eventId` and its `inferenceId`,
/// and the row by `inference_index_in_event`. A line with a 4xx (or status-less) failure is refused with
/// Arthur's messages; a line whose failures are all 5xx is to be sent again. A line with no failure counts
/// as uploaded only when the answer accounts for the whole chunk: `success + failure` (and `total`, when
/// given) equal the inferences sent, `failures` lists `failure` items, and each names a line of the chunk.
/// Otherwise which lines Arthur stored cannot be told, and the failure-free lines are "not uploaded".
struct ChunkVerdicts {
    /// Aligned with the chunk's lines.
    var verdicts: [LineVerdict] = []
    /// Why the answer does not account for the chunk, when it does not.
    var unaccounted: String?

    init(report: ArthurIngestReport, lines: [Chunk.Line]) {
        var linesByID: [String: [Int]] = [:]
        for (index, line) in lines.enumerated() {
            linesByID[line.eventID, default: []].append(index)
            if let inferenceID = line.inferenceID, inferenceID != line.eventID {
                linesByID[inferenceID, default: []].append(index)
            }
        }
        var failuresByLine: [Int: [ArthurInferenceFailure]] = [:]
        var unplaced: [String] = []
        for failure in report.failures {
            guard let eventID = failure.eventID else {
                unplaced.append("a failure without event_id (\(failure.message))")
                continue
            }
            let matching = (linesByID[eventID] ?? []).filter { index in
                failure.indexInEvent.map { (0..<lines[index].inferences).contains($0) } ?? true
            }
            guard !matching.isEmpty else {
                let which = failure.indexInEvent.map { " #\($0)" } ?? ""
                unplaced.append("unknown inference \"\(eventID)\"\(which) (\(failure.message))")
                continue
            }
            for index in Set(matching) { failuresByLine[index, default: []].append(failure) }
        }

        let sent = lines.reduce(0) { $0 + $1.inferences }
        var problems = report.problems
        if !unplaced.isEmpty {
            problems.append(
                "\(unplaced.count) \(unplaced.count == 1 ? "failure names" : "failures name") no line of the upload: "
                    + unplaced.prefix(3).joined(separator: "; ") + (unplaced.count > 3 ? "; …" : ""))
        }
        if let success = report.success, let failure = report.failure {
            if success + failure != sent || (report.total.map { $0 != sent } ?? false) {
                let total = report.total.map { ", total \($0)" } ?? ""
                problems.append("counts success \(success) + failure \(failure)\(total) for \(sent) inferences sent")
            }
            if failure != report.failures.count {
                problems.append("counts.failure is \(failure) but \(report.failures.count) failures are listed")
            }
        }
        if !problems.isEmpty {
            unaccounted =
                "not uploaded: Arthur's answer does not account for this line ("
                + problems.joined(separator: "; ") + "); it may or may not have been stored"
        }

        verdicts = lines.indices.map { index in
            guard let failures = failuresByLine[index] else {
                return unaccounted.map { .notUploaded(reason: $0, sendAgainOnRerun: false) } ?? .uploaded
            }
            let line = lines[index]
            let messages = failures.map { failure in
                let which = failure.indexInEvent.map { " #\($0)" } ?? ""
                let status = failure.status.map { "HTTP \($0)" } ?? "no status"
                return "inference \(failure.eventID ?? "")\(which) (\(status)): \(failure.message)"
            }
            if failures.allSatisfy(\.isArthursTrouble) {
                return .resend(reason: "not uploaded: Arthur failed " + messages.joined(separator: "; "))
            }
            let failed = min(line.inferences, Set(failures.map { $0.indexInEvent ?? -1 }).count)
            return .refused(
                reason: "Arthur rejected " + messages.joined(separator: "; "),
                failedInferences: failures.contains { $0.indexInEvent == nil } ? line.inferences : failed)
        }
    }
}
