import Foundation
import IngestTesting
import Testing

/// Issue 9 in the Lambda: objects named many times in one event, forged progress records, colliding keys,
/// and an Arthur that echoes the token.
@Suite(.serialized) struct LambdaHardeningTests {
    func answer(_ harness: LambdaHarness, _ lambda: BackgroundProcess) async throws -> String {
        let records = try await harness.runtime.waitForRecords(timeout: .seconds(60)) {
            !$0.responses.isEmpty || !$0.errors.isEmpty
        }
        return try #require(records.responses.first?.body, "\(records.errors.map(\.body))\n\(lambda.stdout)")
    }

    /// R6: without a progress store, an object named 50 times in one event is uploaded once.
    @Test func anObjectNamedManyTimesIsIngestedOnce() async throws {
        try await LambdaHarness.with { harness in
            let key = try await harness.putSample("csv-batch", as: "repeated.jsonl")
            try await harness.runtime.enqueue(Events.s3(keys: Array(repeating: key, count: 50)), requestID: "r-dup")
            let lambda = try harness.start()
            defer { lambda.stop() }
            let body = try await answer(harness, lambda)
            #expect(body.contains("Succeeded"), "\(body)")
            let received = try await harness.arthur.received()
            #expect(received.requests == 1)
            #expect(
                received.inferences.map(\.partnerInferenceID).sorted()
                    == (try LambdaHarness.expectedIDs(["csv-batch"])).sorted())
        }
    }

    /// Issue 9.6: a forged progress record (a range ending at Int.max) is reported and ignored, never fatal.
    @Test func aForgedProgressRecordIsIgnored() async throws {
        try await LambdaHarness.with { harness in
            let key = try await harness.putSample("csv-batch", as: "forged.jsonl")
            let name = String(key.dropLast(".jsonl".count))
            try await harness.s3.putObject(
                bucket: LambdaHarness.deadLetterBucket, key: "progress/\(name).progress.json",
                body: Array(#"{"version":"x","uploaded":[[1,2],[2,9223372036854775807]],"refused":[]}"#.utf8))
            try await harness.runtime.enqueue(Events.s3(keys: [key]), requestID: "r-forged")
            let lambda = try harness.start([
                "PROGRESS_S3_URI": "s3://\(LambdaHarness.deadLetterBucket)/progress/"
            ])
            defer { lambda.stop() }
            let body = try await answer(harness, lambda)
            #expect(body.contains("Succeeded"), "\(body)")
            #expect(lambda.stdout.contains("progress record ignored"), "\(lambda.stdout)")
            #expect(
                try await harness.arthur.received().inferences.count
                    == (try LambdaHarness.expectedIDs(["csv-batch"])).count)
        }
    }

    /// Issue 9.7: `a/x.jsonl`, `a//x.jsonl` and `a/./x.jsonl` are three objects with three dead letters.
    @Test func keysThatLookAlikeKeepTheirOwnDeadLetters() async throws {
        try await LambdaHarness.with { harness in
            let keys = ["a/x.jsonl", "a//x.jsonl", "a/./x.jsonl"].map { LambdaHarness.prefix + $0 }
            for key in keys {
                try await harness.s3.putObject(
                    bucket: LambdaHarness.captureBucket, key: key,
                    body: Array(try Data(contentsOf: TestPaths.file("samples/bad-lines.jsonl"))))
            }
            try await harness.runtime.enqueue(Events.s3(keys: keys), requestID: "r-alike")
            let lambda = try harness.start()
            defer { lambda.stop() }
            _ = try await answer(harness, lambda)
            let stored = try await harness.s3.keys(bucket: LambdaHarness.deadLetterBucket)
            #expect(stored.filter { $0.hasSuffix(".rejected.jsonl") }.count == 3, "\(stored)")
        }
    }

    /// R1: an Arthur error that quotes the token does not put it in the function's log.
    @Test func anEchoedTokenStaysOutOfTheLogs() async throws {
        try await LambdaHarness.with { harness in
            let key = try await harness.putSample("csv-batch", as: "echo.jsonl")
            try await harness.arthur.injectFaults(["echo:503", "echo:400"])
            try await harness.runtime.enqueue(Events.s3(keys: [key]), requestID: "r-echo")
            let lambda = try harness.start()
            defer { lambda.stop() }
            _ = try await answer(harness, lambda)
            let logs = lambda.stdout + lambda.stderr
            #expect(logs.contains("Authorization: <redacted>"), "\(logs)")
            #expect(!logs.contains(LambdaHarness.token))
            let reasons = try await harness.s3.object(
                bucket: LambdaHarness.deadLetterBucket,
                key: "letters/" + String(key.dropLast(".jsonl".count)) + ".reasons.ndjson")
            #expect(!String(decoding: reasons, as: UTF8.self).contains(LambdaHarness.token))
        }
    }
}
