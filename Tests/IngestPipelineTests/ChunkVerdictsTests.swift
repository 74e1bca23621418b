import ArthurUpload
import Testing

@testable import IngestPipeline

/// Reading a 207 line by line: trusted only for what it accounts for (issue 9.3, 9.4), failures placed by
/// `eventId` or `inferenceId` (SPEC), 5xx items to be resent, 4xx items refused.
@Suite struct ChunkVerdictsTests {
    /// Three lines: `e1` (2 inferences), `e2` with inferenceId `i2` (1), `e3` (3).
    func lines() -> [Chunk.Line] {
        var chunk = Chunk(sequence: 1, capacity: 0)
        for (id, inferenceID, count) in [("e1", nil, 2), ("e2", "i2", 1), ("e3", nil, 3)] as [(String, String?, Int)] {
            Array("{}".utf8).withUnsafeBytes { bytes in
                chunk.append(
                    sent: bytes, original: nil, number: chunk.lines.count + 1, eventID: id, inferenceID: inferenceID,
                    inferences: count)
            }
        }
        return chunk.lines
    }

    static func failure(_ id: String?, _ index: Int?, status: Int? = 400) -> ArthurInferenceFailure {
        ArthurInferenceFailure(message: "bad", status: status, eventID: id, indexInEvent: index)
    }

    @Test func aCompleteAnswerIsTrusted() {
        let report = ArthurIngestReport(success: 5, failure: 1, total: 6, failures: [Self.failure("e3", 2)])
        let verdicts = ChunkVerdicts(report: report, lines: lines()).verdicts
        #expect(verdicts[0] == .uploaded && verdicts[1] == .uploaded)
        #expect(verdicts[2] == .refused(reason: "Arthur rejected inference e3 #2 (HTTP 400): bad", failedInferences: 1))
    }

    @Test func aFailureMayNameTheLineByItsInferenceID() {
        let report = ArthurIngestReport(success: 5, failure: 1, total: 6, failures: [Self.failure("i2", 0)])
        let verdicts = ChunkVerdicts(report: report, lines: lines()).verdicts
        #expect(verdicts[1] == .refused(reason: "Arthur rejected inference i2 #0 (HTTP 400): bad", failedInferences: 1))
        #expect(verdicts[0] == .uploaded && verdicts[2] == .uploaded)
    }

    @Test func onlyFiveHundredsAreResent() {
        let report = ArthurIngestReport(
            success: 3, failure: 3, total: 6,
            failures: [
                Self.failure("e1", 0, status: 500), Self.failure("e1", 1, status: 503),
                Self.failure("e2", 0, status: 500),
            ])
        var verdicts = ChunkVerdicts(report: report, lines: lines()).verdicts
        #expect(
            verdicts[0]
                == .resend(
                    reason:
                        "not uploaded: Arthur failed inference e1 #0 (HTTP 500): bad; inference e1 #1 (HTTP 503): bad"))
        let mixed = ArthurIngestReport(
            success: 4, failure: 2, total: 6,
            failures: [Self.failure("e1", 0, status: 500), Self.failure("e1", 1, status: 422)])
        verdicts = ChunkVerdicts(report: mixed, lines: lines()).verdicts
        guard case .refused = verdicts[0] else {
            Issue.record("a 4xx item makes the line refused: \(verdicts[0])")
            return
        }
    }

    /// Issue 9.3, 9.4, SPEC: counts that do not add up, failures naming no line, missing fields.
    @Test(arguments: [
        (ArthurIngestReport(success: 0, failure: 5, total: nil, failures: []), "counts success 0 + failure 5 for 6"),
        (
            ArthurIngestReport(success: 5, failure: 1, total: 6, failures: [Self.failure("nope", 0)]),
            "unknown inference \"nope\""
        ),
        (ArthurIngestReport(success: 5, failure: 1, total: 6, failures: [Self.failure(nil, 0)]), "without event_id"),
        (
            ArthurIngestReport(success: 5, failure: 1, total: 6, failures: [Self.failure("e2", 4)]),
            "unknown inference \"e2\" #4"
        ),
        (ArthurIngestReport(success: 6, failure: 0, total: 9, failures: []), "total 9 for 6"),
        (
            ArthurIngestReport(success: nil, failure: nil, total: nil, failures: [], problems: ["counts missing"]),
            "counts missing"
        ),
    ])
    func answersThatDoNotAccountLeaveLinesNotUploaded(report: ArthurIngestReport, reasonPart: String) {
        let judged = ChunkVerdicts(report: report, lines: lines())
        for verdict in judged.verdicts {
            guard case .notUploaded(let reason, let again) = verdict else {
                Issue.record("never uploaded: \(verdict)")
                continue
            }
            #expect(reason.contains(reasonPart), "\(reason)")
            #expect(!again, "Arthur may have stored it: a rerun does not send it again")
        }
    }
}
