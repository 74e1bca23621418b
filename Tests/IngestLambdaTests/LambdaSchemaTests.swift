import Foundation
import IngestTesting
import Testing

/// The Lambda checks inferences against the model's attributes, read once per container: misfits go to the S3
/// dead letter with their reason, `SCHEMA_CHECK=off` skips the check, and attributes Arthur refuses fail the object
/// so Lambda retries it.
@Suite(.serialized) struct LambdaSchemaTests {
    /// An object of one line that fits and one that does not (12 values for 13 inputs).
    func putCaptures(_ harness: LambdaHarness, as name: String) async throws -> String {
        var short = CensusModel.row
        short.removeLast()
        let lines = [
            CensusModel.csvLine(id: "\(name)-fits", input: [CensusModel.row], output: ["0.5"]),
            CensusModel.csvLine(id: "\(name)-short", input: [short], output: ["0.5"]),
        ]
        let key = LambdaHarness.prefix + "\(name).jsonl"
        try await harness.s3.putObject(
            bucket: LambdaHarness.captureBucket, key: key, body: Array((lines.joined(separator: "\n") + "\n").utf8))
        return key
    }

    @Test func misfitsGoToTheDeadLetterAndTheSchemaIsReadOncePerContainer() async throws {
        try await LambdaHarness.with { harness in
            try await harness.arthur.setAttributes(CensusModel.attributes, maxPageSize: 10)
            let first = try await putCaptures(harness, as: "first")
            let second = try await putCaptures(harness, as: "second")
            try await harness.runtime.enqueue(Events.s3(keys: [first]), requestID: "r-1")
            try await harness.runtime.enqueue(Events.s3(keys: [second]), requestID: "r-2")
            let lambda = try harness.start()
            defer { lambda.stop() }
            let records = try await harness.runtime.waitForRecords(timeout: .seconds(60)) {
                $0.responses.count + $0.errors.count >= 2
            }
            #expect(records.errors.isEmpty, "\(records.errors.map(\.body))\n\(lambda.stdout)")
            let received = try await harness.arthur.received()
            #expect(received.inferences.map(\.partnerInferenceID).sorted() == ["first-fits", "second-fits"])
            #expect(received.attributeRequests.count == 2, "two pages, read by the first invocation only")
            let stem = String(first.dropLast(".jsonl".count))
            let reasons = String(
                decoding: try await harness.s3.object(
                    bucket: LambdaHarness.deadLetterBucket, key: "letters/\(stem).reasons.ndjson"),
                as: UTF8.self)
            #expect(
                reasons
                    == #"{"line":2,"reason":"endpointInput row 1: 12 values, model expects 13 inputs (age, workclass, …)"}"#
                    + "\n")
        }
    }

    @Test func schemaCheckOffSendsEveryLine() async throws {
        try await LambdaHarness.with { harness in
            try await harness.arthur.setAttributes(CensusModel.attributes)
            let key = try await putCaptures(harness, as: "unchecked")
            try await harness.runtime.enqueue(Events.s3(keys: [key]), requestID: "r-off")
            let lambda = try harness.start(["SCHEMA_CHECK": "off"])
            defer { lambda.stop() }
            let records = try await harness.runtime.waitForRecords(timeout: .seconds(60)) {
                !$0.responses.isEmpty || !$0.errors.isEmpty
            }
            #expect(records.errors.isEmpty, "\(records.errors.map(\.body))")
            let received = try await harness.arthur.received()
            #expect(received.inferences.map(\.partnerInferenceID).sorted() == ["unchecked-fits", "unchecked-short"])
            #expect(received.attributeRequests.isEmpty)
        }
    }

    @Test func refusedAttributesFailTheObjectForARetry() async throws {
        try await LambdaHarness.with { harness in
            try await harness.arthur.setAttributes(CensusModel.attributes)
            let key = try await putCaptures(harness, as: "refused")
            try await harness.runtime.enqueue(
                Events.sqs([(id: "m-1", body: Events.s3(keys: [key]))]), requestID: "r-refused")
            let lambda = try harness.start(["ARTHUR_MODEL_ID": "no-such-model"])
            defer { lambda.stop() }
            let records = try await harness.runtime.waitForRecords(timeout: .seconds(60)) {
                !$0.responses.isEmpty || !$0.errors.isEmpty
            }
            let body = try #require(records.responses.first?.body, "\(records.errors.map(\.body))")
            #expect(body == #"{"batchItemFailures":[{"itemIdentifier":"m-1"}]}"#)
            let logs = lambda.stdout + lambda.stderr
            #expect(logs.contains("check --model-id / ARTHUR_MODEL_ID"), "\(logs)")
            #expect(!logs.contains(LambdaHarness.token))
            let received = try await harness.arthur.received()
            #expect(received.requests == 0 && received.inferences.isEmpty)
            #expect(try await harness.s3.keys(bucket: LambdaHarness.deadLetterBucket).isEmpty)
        }
    }
}
