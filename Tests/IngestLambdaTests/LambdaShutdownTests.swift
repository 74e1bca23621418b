import Foundation
import IngestTesting
import Testing

/// SIGTERM, which Lambda sends about half a second before it stops a container, ends the runtime's service group
/// gracefully: an invocation in hand stops reading, finishes its upload, saves its progress and answers; an idle
/// runtime exits at once.
@Suite(.serialized) struct LambdaShutdownTests {
    @Test func sigtermMidFileSavesProgressAndTheRetrySendsTheRest() async throws {
        try await LambdaHarness.with { harness in
            let file = try TestPaths.temporaryDirectory().appendingPathComponent("sigterm.jsonl")
            try GeneratedCapture.write(to: file, ["--shape", "mixed", "--lines", "120", "--seed", "3"])
            let key = LambdaHarness.prefix + "sigterm.jsonl"
            try await harness.s3.putObject(
                bucket: LambdaHarness.captureBucket, key: key, body: Array(try Data(contentsOf: file)))
            let expected = try JSONLines.partnerIDs(
                try IngestExecutable.run(["--dry-run", "--emit", "jsonl", file.path]).stdout)
            let progress = [
                "INGEST_CHUNK_BYTES": "1024", "INGEST_UPLOADS_IN_FLIGHT": "1",
                "PROGRESS_S3_URI": "s3://\(LambdaHarness.deadLetterBucket)/progress/",
            ]
            // Uploads after the second take 3 s each: the file would take minutes, so SIGTERM lands mid-file however
            // late a loaded machine lets the test send it.
            try await harness.arthur.injectFaults(["ok", "ok"] + Array(repeating: "slow:3", count: 40))
            try await harness.runtime.enqueue(
                Events.s3(keys: [key]), requestID: "r-terminated", deadlineInMilliseconds: 300_000)
            let first = try harness.start(progress)
            defer { first.stop() }
            _ = try await harness.arthur.waitForReceived { $0.acceptedRequests >= 2 }
            first.send(SIGTERM)
            let status = try await first.waitForExit(timeout: .seconds(30))
            #expect(status == 0, "\(first.stdout)")
            let records = try await harness.runtime.waitForRecords { !$0.errors.isEmpty || !$0.responses.isEmpty }
            let error = try #require(records.errors.first { $0.requestId == "r-terminated" }, "\(records)")
            #expect(error.errorType == "RetryableFailure")
            #expect(error.body.contains("SIGTERM"), "\(error.body)")
            #expect(first.stdout.contains("SIGTERM"), "\(first.stdout)")
            let partial = try await harness.arthur.received().inferences.count
            #expect(partial > 0 && partial < expected.count, "stopped mid-file: \(partial) of \(expected.count)")

            // Lambda retries the event in a new container: only what Arthur has not accepted is sent (in one chunk).
            try await harness.runtime.enqueue(Events.s3(keys: [key]), requestID: "r-retry")
            let second = try harness.start(["PROGRESS_S3_URI": progress["PROGRESS_S3_URI"]])
            defer { second.stop() }
            let retried = try await harness.runtime.waitForRecords {
                $0.responses.contains { $0.requestId == "r-retry" } || $0.errors.contains { $0.requestId == "r-retry" }
            }
            #expect(retried.responses.contains { $0.requestId == "r-retry" }, "\(retried.errors.map(\.body))")
            let ids = try await harness.arthur.received().inferences.map(\.partnerInferenceID)
            #expect(ids.count == expected.count, "no duplicates, none missing")
            #expect(ids.sorted() == expected.sorted())
        }
    }

    @Test func sigtermWhileWaitingForAnInvocationExitsAtOnce() async throws {
        try await LambdaHarness.with { harness in
            let lambda = try harness.start()
            defer { lambda.stop() }
            // The runtime is up once it asks the Runtime API for an invocation.
            _ = try await harness.runtime.waitForRecords { !$0.nextRequests.isEmpty }
            lambda.send(SIGTERM)
            let status = try await lambda.waitForExit(timeout: .seconds(30))
            #expect(status == 0, "exits 0 rather than waiting on: \(lambda.stdout)")
        }
    }
}
