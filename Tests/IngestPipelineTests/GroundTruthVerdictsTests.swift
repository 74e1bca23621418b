import ArthurUpload
import Testing

@testable import IngestPipeline

/// Arthur's 207 to a ground-truth chunk, read by position: `results` are in request order, so each line owns the
/// next `inferences` results.
@Suite struct GroundTruthVerdictsTests {
    /// Two lines: `a` (one item), `b` (two items, `b_0` and `b_1`).
    func lines() -> [Chunk.Line] {
        var chunk = Chunk(sequence: 1, capacity: 0)
        chunk.isGroundTruth = true
        for (id, count) in [("a", 1), ("b", 2)] {
            Array("{}".utf8).withUnsafeBytes { bytes in
                chunk.append(
                    sent: bytes, original: nil, number: chunk.lines.count + 1, eventID: id, inferences: count)
            }
        }
        return chunk.lines
    }

    static func report(_ results: [(String, Int?)]) -> ArthurGroundTruthReport {
        let items = results.map { message, status in
            #"{"message":"\#(message)","status":\#(status.map { "\($0).0" } ?? "null")}"#
        }
        let body =
            #"{"counts":{"success":0,"failure":0,"total":\#(results.count)},"results":["#
            + items.joined(separator: ",") + "]}"
        return ArthurGroundTruthReport(json: Array(body.utf8))!
    }

    @Test(arguments: [
        (
            [("success", 200), ("success", 200), ("success", 200)] as [(String, Int?)],
            [LineVerdict.uploaded, .uploaded]
        ),
        (
            [("bad label", 400), ("success", 200), ("success", 200)],
            [.refused(reason: "Arthur rejected ground truth a (HTTP 400): bad label", failedInferences: 1), .uploaded]
        ),
        (
            [("success", 200), ("success", 200), ("busy", 503)],
            [.uploaded, .resend(reason: "not uploaded: Arthur failed ground truth b_1 (HTTP 503): busy")]
        ),
        (
            [("success", 200), ("busy", 500), ("nope", 422)],
            [
                .uploaded,
                .refused(
                    reason: "Arthur rejected ground truth b_0 (HTTP 500): busy; ground truth b_1 (HTTP 422): nope",
                    failedInferences: 2),
            ]
        ),
    ])
    func resultsAreMappedBackToLines(results: [(String, Int?)], expected: [LineVerdict]) {
        #expect(ChunkVerdicts(groundTruth: Self.report(results), lines: lines()).verdicts == expected)
    }

    @Test func anAnswerThatDoesNotNumberTheItemsAccountsForNoLine() {
        let verdicts = ChunkVerdicts(groundTruth: Self.report([("success", 200)]), lines: lines()).verdicts
        let reason =
            "not uploaded: Arthur's answer does not account for this line (1 results for 3 ground-truth items sent); "
            + "it may or may not have been stored"
        #expect(
            verdicts == [.notUploaded(reason: reason, sendAgainOnRerun: false)] + [
                .notUploaded(reason: reason, sendAgainOnRerun: false)
            ])
    }

    @Test func aResultWithoutAStatusIsNotTrusted() {
        let verdicts = ChunkVerdicts(
            groundTruth: Self.report([("success", 200), ("success", nil), ("success", 200)]), lines: lines()
        ).verdicts
        #expect(verdicts.allSatisfy { if case .notUploaded = $0 { true } else { false } })
    }

    @Test func theAnswerIsReadLeniently() {
        #expect(ArthurGroundTruthReport(json: Array(#"{"counts":{}}"#.utf8)) == nil)
        let report = ArthurGroundTruthReport(json: Array(#"{"results":[{"status":207.0}]}"#.utf8))
        #expect(report?.results == [.init(message: "no message", status: 207)])
        #expect(
            report?.problems == [
                "counts.success missing or not a count", "counts.failure missing or not a count",
                "counts.total missing or not a count",
            ])
    }
}
