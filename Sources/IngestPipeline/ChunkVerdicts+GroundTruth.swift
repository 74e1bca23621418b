// Arthur's 207 to a ground-truth chunk, line by line: its `results` are in request order, so a line's items are the
// next `inferences` results. A line whose items all succeeded is uploaded; one with a 4xx (or status-less) item goes
// to the dead letter with Arthur's messages; one whose failed items are all 5xx is sent again. An answer whose
// results do not number the items sent accounts for no line: they are "not uploaded", and not sent again.

import ArthurUpload

extension ChunkVerdicts {
    /// The verdicts of a ground-truth chunk's `lines` from Arthur's `report`.
    init(groundTruth report: ArthurGroundTruthReport, lines: [Chunk.Line]) {
        let sent = lines.reduce(0) { $0 + $1.inferences }
        var problems = report.problems.filter { !$0.hasPrefix("counts.") }
        if report.results.count != sent {
            problems.append("\(report.results.count) results for \(sent) ground-truth items sent")
        }
        if !problems.isEmpty {
            let reason =
                "not uploaded: Arthur's answer does not account for this line (" + problems.joined(separator: "; ")
                + "); it may or may not have been stored"
            unaccounted = reason
            verdicts = lines.map { _ in .notUploaded(reason: reason, sendAgainOnRerun: false) }
            return
        }
        var next = 0
        verdicts = lines.map { line in
            let results = report.results[next..<(next + line.inferences)]
            next += line.inferences
            let failed = results.enumerated().filter { !$0.element.succeeded }
            guard !failed.isEmpty else { return .uploaded }
            let messages = failed.map { index, result in
                let id = line.inferences == 1 ? line.eventID : "\(line.eventID)_\(index)"
                let status = result.status.map { "HTTP \($0)" } ?? "no status"
                return "ground truth \(id) (\(status)): \(result.message)"
            }
            if failed.allSatisfy({ $0.element.isArthursTrouble }) {
                return .resend(reason: "not uploaded: Arthur failed " + messages.joined(separator: "; "))
            }
            return .refused(
                reason: "Arthur rejected " + messages.joined(separator: "; "), failedInferences: failed.count)
        }
    }
}
