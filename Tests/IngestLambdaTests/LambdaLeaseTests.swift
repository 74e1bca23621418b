import Foundation
import IngestTesting
import Testing

/// S3 delivers an event at least once, and a copy may run while the first is still working: the lease beside
/// each object's progress record lets one invocation ingest it; the others answer so Lambda retries them, and
/// the retry finds the object done. Real executable, stand-in S3 (moto's conditional writes) and Arthur.
@Suite(.serialized) struct LambdaLeaseTests {
    static let progressPrefix = "progress/"

    func progress(_ extra: [String: String] = [:]) -> [String: String?] {
        var environment: [String: String?] = [
            "INGEST_CHUNK_BYTES": "1024", "INGEST_UPLOADS_IN_FLIGHT": "1",
            "PROGRESS_S3_URI": "s3://\(LambdaHarness.deadLetterBucket)/\(Self.progressPrefix)",
        ]
        for (name, value) in extra { environment[name] = value }
        return environment
    }

    /// The progress prefix's keys, without the prefix.
    func progressKeys(_ harness: LambdaHarness) async throws -> [String] {
        try await harness.s3.keys(bucket: LambdaHarness.deadLetterBucket, prefix: Self.progressPrefix).map {
            String($0.dropFirst(Self.progressPrefix.count))
        }
    }

    /// The progress key of `key` with `suffix` (`.lease.json`, `.progress.json`).
    func progressKey(_ key: String, _ suffix: String) -> String {
        Self.progressPrefix + key.dropLast(".jsonl".count) + suffix
    }

    @Test func twoSimultaneousInvocationsSendEachInferenceOnceThenARetrySkips() async throws {
        try await LambdaHarness.with { harness in
            let a = try await harness.putSample("mixed", as: "twice-a.jsonl")
            let b = try await harness.putSample("csv-batch", as: "twice-b.jsonl")
            let event = Events.s3(keys: [a, b])
            // Each upload takes half a second, so the first invocation holds its object while the second starts.
            try await harness.arthur.injectFaults(Array(repeating: "slow:0.5", count: 12))
            let overrides = progress()
            async let one = harness.invokeLocally(event, timeoutSeconds: 120, overrides)
            async let two = harness.invokeLocally(event, timeoutSeconds: 120, overrides)
            let answers = try await [one, two]
            for answer in answers { answer.lambda.stop() }
            #expect(answers.allSatisfy { $0.status == 200 })
            let refused = answers.filter { $0.body.contains("RetryableFailure") }
            #expect(!refused.isEmpty, "one of them found a live lease: \(answers.map(\.body))")
            #expect(refused.allSatisfy { $0.body.contains("another run is ingesting it") }, "\(refused.map(\.body))")

            let expected = try LambdaHarness.expectedIDs(["mixed", "csv-batch"])
            let received = try await harness.arthur.received().inferences.map(\.partnerInferenceID)
            #expect(received.count == expected.count, "each inference once, though both invocations ran")
            #expect(received.sorted() == expected.sorted())
            #expect(try await progressKeys(harness).allSatisfy { $0.hasSuffix(".progress.json") }, "leases released")

            // Lambda retries the refused invocation: both objects are done, so it skips them.
            let retry = try await harness.invokeLocally(event, timeoutSeconds: 60, overrides)
            retry.lambda.stop()
            #expect(retry.body.contains("already ingested") && !retry.body.contains("Failure"), "\(retry.body)")
            #expect(try await harness.arthur.received().inferences.count == expected.count)
            let keys = try await progressKeys(harness)
            #expect(keys.count == 2 && keys.allSatisfy { $0.hasSuffix(".progress.json") }, "no lease left: \(keys)")
        }
    }

    @Test func aLiveLeaseLeavesTheObjectForARetryInEveryAnswer() async throws {
        try await LambdaHarness.with { harness in
            let key = try await harness.putSample("mixed", as: "held.jsonl")
            let lease = #"{"holder":"Lambda request r-other","expires":99999999999999,"nonce":"x"}"#
            try await harness.s3.putObject(
                bucket: LambdaHarness.deadLetterBucket, key: progressKey(key, ".lease.json"), body: Array(lease.utf8))
            try await harness.runtime.enqueue(
                Events.sqs([(id: "m-held", body: Events.s3(keys: [key]))]), requestID: "r-sqs")
            try await harness.runtime.enqueue(Events.batchOperations([(id: "t-held", key: key)]), requestID: "r-batch")
            try await harness.runtime.enqueue(Events.s3(keys: [key]), requestID: "r-s3")
            let lambda = try harness.start(progress())
            defer { lambda.stop() }
            let records = try await harness.runtime.waitForRecords { $0.responses.count + $0.errors.count >= 3 }
            let sqs = try #require(records.responses.first { $0.requestId == "r-sqs" }?.body)
            #expect(sqs == #"{"batchItemFailures":[{"itemIdentifier":"m-held"}]}"#)
            let batch = try #require(records.responses.first { $0.requestId == "r-batch" }?.body)
            #expect(batch.contains(#""resultCode":"TemporaryFailure""#), "\(batch)")
            #expect(batch.contains("Lambda request r-other"), "\(batch)")
            let plain = try #require(records.errors.first { $0.requestId == "r-s3" })
            #expect(plain.errorType == "RetryableFailure")
            #expect(try await harness.arthur.received().requests == 0, "the object was not read")
            let kept = try await harness.s3.object(
                bucket: LambdaHarness.deadLetterBucket, key: progressKey(key, ".lease.json"))
            #expect(String(decoding: kept, as: UTF8.self) == lease, "another run's lease is left alone")
        }
    }

    @Test func aProgressRecordWrittenByAnotherRunIsNotOverwritten() async throws {
        try await LambdaHarness.with { harness in
            let key = try await harness.putSample("mixed", as: "raced.jsonl")
            // The first upload takes eight seconds; meanwhile another run writes the object's progress record.
            try await harness.arthur.injectFaults(["slow:8"])
            try await harness.runtime.enqueue(Events.s3(keys: [key]), requestID: "r-raced")
            let lambda = try harness.start(progress())
            defer { lambda.stop() }
            let leaseKey = progressKey(key, ".lease.json")
            let deadline = ContinuousClock.now + .seconds(30)
            while !(try await harness.s3.keys(bucket: LambdaHarness.deadLetterBucket, prefix: leaseKey)).contains(
                leaseKey), ContinuousClock.now < deadline
            {
                try await Task.sleep(for: .milliseconds(50))
            }
            let foreign = #"{"version":"v-other","source":"another run","completed":false,"uploaded":[],"refused":[]}"#
            try await harness.s3.putObject(
                bucket: LambdaHarness.deadLetterBucket, key: progressKey(key, ".progress.json"),
                body: Array(foreign.utf8))

            let records = try await harness.runtime.waitForRecords { !$0.errors.isEmpty || !$0.responses.isEmpty }
            let error = try #require(records.errors.first, "\(records.responses.map(\.body))")
            #expect(error.errorType == "RetryableFailure")
            #expect(error.body.contains("another run wrote the progress record first"), "\(error.body)")
            let record = try await harness.s3.object(
                bucket: LambdaHarness.deadLetterBucket, key: progressKey(key, ".progress.json"))
            #expect(String(decoding: record, as: UTF8.self) == foreign, "the 412 stopped the save: nothing overwritten")
            #expect(try await harness.arthur.received().requests == 1, "no chunk sent after the conflict")
            #expect(try await progressKeys(harness) == ["datacapture/ep/AllTraffic/2024/01/19/19/raced.progress.json"])
        }
    }
}
