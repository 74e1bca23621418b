import Foundation
import IngestTesting
import Testing

/// The real `ingest-lambda` takes a ground-truth object from an S3 event end to end: each record keyed by the
/// model's ground-truth attribute and sent as `PATCH …/inferences`, a record that names no time given the hour of
/// its key, a misfit in the S3 dead letter, and a retried event sending nothing twice.
@Suite(.serialized) struct LambdaGroundTruthTests {
    static let key = "groundtruth/ep/2024/01/20/08/truth.jsonl"

    @Test func anUntimedRecordOutsideAnHourlyPathTakesTheObjectsLastModifiedTime() async throws {
        try await LambdaHarness.with { harness in
            try await harness.arthur.setAttributes(CensusModel.attributes)
            let key = "groundtruth/flat/truth.jsonl"
            let line = #"{"groundTruthData":{"data":"0","encoding":"CSV"},"eventMetadata":{"eventId":"flat"}}"#
            let before = Date()
            try await harness.s3.putObject(bucket: LambdaHarness.captureBucket, key: key, body: Array(line.utf8))
            try await harness.runtime.enqueue(Events.s3(keys: [key]), requestID: "gt-flat")
            let lambda = try harness.start()
            defer { lambda.stop() }
            let records = try await harness.runtime.waitForRecords(timeout: .seconds(60)) {
                !$0.responses.isEmpty || !$0.errors.isEmpty
            }
            #expect(records.errors.isEmpty, "\(records.errors.map(\.body))\n\(lambda.stdout)")
            let stored = try #require(try await harness.arthur.received().groundTruths.first)
            #expect(stored.partnerInferenceID == "flat")
            // S3's Last-Modified: whole seconds, UTC, within the test's span.
            let time = try #require(ISO8601DateFormatter().date(from: stored.timestamp), "\(stored.timestamp)")
            #expect(stored.timestamp.hasSuffix("Z") && !stored.timestamp.contains("."))
            #expect(time >= before.addingTimeInterval(-2) && time <= Date().addingTimeInterval(1))
        }
    }

    @Test func aGroundTruthObjectGoesToArthur() async throws {
        try await LambdaHarness.with { harness in
            try await harness.arthur.setAttributes(CensusModel.attributes)
            var lines = try String(contentsOf: TestPaths.file("samples/ground-truth.jsonl"), encoding: .utf8)
            lines += #"{"groundTruthData":{"data":"1","encoding":"CSV"},"eventMetadata":{"eventId":"untimed"}}"# + "\n"
            lines += #"{"groundTruthData":{"data":"maybe","encoding":"CSV"},"eventMetadata":{"eventId":"word"}}"# + "\n"
            try await harness.s3.putObject(bucket: LambdaHarness.captureBucket, key: Self.key, body: Array(lines.utf8))
            let event = Events.s3(keys: [Self.key])
            try await harness.runtime.enqueue(event, requestID: "gt-1")
            try await harness.runtime.enqueue(event, requestID: "gt-2")  // a retried delivery of the same object
            let lambda = try harness.start([
                "PROGRESS_S3_URI": "s3://\(LambdaHarness.deadLetterBucket)/progress/"
            ])
            defer { lambda.stop() }
            let records = try await harness.runtime.waitForRecords(timeout: .seconds(60)) {
                $0.responses.count + $0.errors.count >= 2
            }
            #expect(records.errors.isEmpty, "\(records.errors.map(\.body))\n\(lambda.stdout)")
            #expect(!lambda.stdout.contains(LambdaHarness.token))
            let received = try await harness.arthur.received()
            let sample = try JSONLines.objects(
                try String(contentsOf: TestPaths.file("samples/expected/ground-truth.jsonl"), encoding: .utf8)
            ).map { "\($0["partner_inference_id"]!) \($0["ground_truth_timestamp"]!)" }
            #expect(
                received.groundTruths.map { "\($0.partnerInferenceID) \($0.timestamp)" }
                    == sample + ["untimed 2024-01-20T08:00:00Z"], "each once, though the event came twice")
            #expect(received.groundTruthRequests == 1)
            let reasons = String(
                decoding: try await harness.s3.object(
                    bucket: LambdaHarness.deadLetterBucket,
                    key: "letters/groundtruth/ep/2024/01/20/08/truth.reasons.ndjson"),
                as: UTF8.self)
            #expect(
                reasons
                    == #"{"line":7,"reason":"groundTruthData row 1: income_label is \"maybe\", model expects an integer (INTEGER)"}"#
                    + "\n")
        }
    }
}
