import Foundation
import IngestTesting
import Testing

/// `ingest` against the stand-in Arthur on loopback: every valid inference arrives exactly once,
/// faults are retried, refusals are reported with a hint, and the token never shows.
@Suite(.serialized) struct UploadTests {
    static let token = "tok-SECRET-7d1e9c4b-do-not-print"
    static let samples = [
        "samples/csv-single.jsonl", "samples/csv-batch.jsonl", "samples/json-features.jsonl",
        "samples/json-named.jsonl", "samples/jsonlines.jsonl", "samples/base64.jsonl",
        "samples/xgboost-batch.jsonl", "samples/mixed.jsonl", "samples/bad-lines.jsonl",
    ]

    func environment(_ standIn: ArthurStandIn, token: String = token) -> [String: String] {
        ["ARTHUR_HOST": standIn.host, "ARTHUR_MODEL_ID": standIn.modelID, "ARTHUR_ACCESS_TOKEN": token]
    }

    /// The partner ids a dry run finds in `files`: what must arrive, once each.
    func expectedIDs(_ files: [String]) throws -> [String] {
        try JSONLines.partnerIDs(try IngestExecutable.run(["--dry-run", "--emit", "jsonl"] + files).stdout)
    }

    @Test func everyValidInferenceArrivesOnce() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            let result = try IngestExecutable.run(Self.samples, environment: environment(standIn))
            #expect(result.status == 1, "bad-lines.jsonl has rejected lines: \(result.stderr)")
            #expect(!result.allOutput.contains(Self.token))
            #expect(result.stdout.isEmpty, "an upload prints no inferences unless --emit jsonl")
            let received = try await standIn.received()
            let expected = try expectedIDs(Self.samples)
            #expect(received.inferences.map(\.partnerInferenceID).sorted() == expected.sorted())
            #expect(Set(expected).count == expected.count)
            #expect(received.filenames.allSatisfy { $0.hasSuffix(".jsonl") })
            #expect(received.authFailures == 0)
            #expect(result.stderr.contains("rejected"))
            #expect(!result.stderr.contains("not uploaded"), "BASE64 lines must be re-encoded: \(result.stderr)")
        }
    }

    @Test func faultsAreRetriedAndNothingIsDuplicated() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.injectFaults(["503", "reset", "429:1", "500", "reset"])
            let files = Array(Self.samples.dropLast())
            let result = try IngestExecutable.run(
                ["--chunk-size", "2KiB", "--uploads-in-flight", "1", "--max-attempts", "6"] + files,
                environment: environment(standIn))
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.allOutput.contains(Self.token))
            #expect(result.stderr.contains("retrying"))
            let received = try await standIn.received()
            let expected = try expectedIDs(files)
            #expect(received.inferences.map(\.partnerInferenceID).sorted() == expected.sorted())
            #expect(received.requests == received.acceptedRequests + 5)
            #expect(received.acceptedRequests > 5, "small chunks make many uploads")
        }
    }

    /// The one case the README says cannot be exactly once: Arthur did the work, the answer came too late.
    @Test func answerSlowerThanTheTimeoutIsRetriedAndCountedTwice() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.injectFaults(["slow:3"])
            let result = try IngestExecutable.run(
                ["--timeout", "1", "samples/csv-batch.jsonl"], environment: environment(standIn))
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("no answer before the timeout"), "\(result.stderr)")
            try await Task.sleep(for: .seconds(3))  // the slow request finishes on the server's side
            let received = try await standIn.received()
            let expected = try expectedIDs(["samples/csv-batch.jsonl"])
            #expect(received.requests == 2)
            #expect(received.inferences.map(\.partnerInferenceID).sorted() == (expected + expected).sorted())
        }
    }

    @Test func concurrentUploadsStillArriveOnce() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            let files = Array(Self.samples.dropLast())
            try await standIn.injectFaults(["503", "503"])
            let result = try IngestExecutable.run(
                ["--chunk-size", "1KiB", "--uploads-in-flight", "4"] + files, environment: environment(standIn))
            #expect(result.status == 0, "\(result.stderr)")
            let received = try await standIn.received()
            #expect(received.inferences.map(\.partnerInferenceID).sorted() == (try expectedIDs(files)).sorted())
        }
    }

    @Test func wrongTokenStopsSendingItAndKeepsEveryLine() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            let wrong = "tok-WRONG-0b5f-also-secret"
            let deadLetter = try TestPaths.temporaryDirectory()
            let result = try IngestExecutable.run(
                // Without the schema check, whose 401 would end the run before any upload (SchemaCheckTests).
                [
                    "--no-schema-check", "--chunk-size", "2KiB", "--uploads-in-flight", "1", "--concurrency", "1",
                    "--dead-letter", deadLetter.path,
                    "samples/mixed.jsonl", "samples/csv-batch.jsonl",
                ],
                environment: environment(standIn, token: wrong))
            #expect(result.status == 1)
            #expect(result.stderr.contains("check ARTHUR_ACCESS_TOKEN"), "\(result.stderr)")
            #expect(!result.allOutput.contains(wrong))
            let received = try await standIn.received()
            #expect(received.requests == 1, "after a 401 the token is not sent again")
            #expect(received.inferences.isEmpty)
            // Nothing lost: every line of both files is in the dead letter (in the order uploads ended).
            for name in ["mixed", "csv-batch"] {
                let kept = try String(
                    contentsOf: deadLetter.appendingPathComponent("samples/\(name).rejected.jsonl"), encoding: .utf8)
                let source = try String(contentsOf: TestPaths.file("samples/\(name).jsonl"), encoding: .utf8)
                #expect(
                    kept.split(separator: "\n").sorted()
                        == source.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }.sorted())
                let reasons = try String(
                    contentsOf: deadLetter.appendingPathComponent("samples/\(name).reasons.ndjson"), encoding: .utf8)
                #expect(!reasons.contains(wrong))
                #expect(reasons.contains("ARTHUR_ACCESS_TOKEN"))
            }
        }
    }

    @Test func unknownModelGetsAHint() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            var env = environment(standIn)
            env["ARTHUR_MODEL_ID"] = "no-such-model"
            let result = try IngestExecutable.run(["--no-schema-check", "samples/csv-single.jsonl"], environment: env)
            #expect(result.status == 1)
            #expect(result.stderr.contains("ARTHUR_MODEL_ID"), "\(result.stderr)")
            #expect(result.stderr.contains("not found"))
        }
    }

    @Test func failuresInA207GoToTheDeadLetter() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            let source = try String(contentsOf: TestPaths.file("samples/csv-batch.jsonl"), encoding: .utf8)
                .split(separator: "\n")
            let victim = try JSONSerialization.jsonObject(with: Data(source[1].utf8)) as! [String: Any]
            let eventID = (victim["eventMetadata"] as! [String: Any])["eventId"] as! String
            try await standIn.failEventIDs([eventID])
            let deadLetter = try TestPaths.temporaryDirectory()
            let result = try IngestExecutable.run(
                ["--dead-letter", deadLetter.path, "samples/csv-batch.jsonl"], environment: environment(standIn))
            #expect(result.status == 1)
            #expect(result.stderr.contains("samples/csv-batch.jsonl:2: error: Arthur rejected inference \(eventID)"))
            #expect(result.stderr.contains("rejected by stand-in"))
            let kept = try String(
                contentsOf: deadLetter.appendingPathComponent("samples/csv-batch.rejected.jsonl"), encoding: .utf8)
            #expect(kept == source[1] + "\n")
            let received = try await standIn.received()
            #expect(!received.inferences.contains { $0.eventID == eventID })
            let victimIDs = try JSONLines.partnerIDs(
                try IngestExecutable.run(["--dry-run", "-"], stdin: Data(source[1].utf8)).stdout)
            let allIDs = try expectedIDs(["samples/csv-batch.jsonl"])
            #expect(
                received.inferences.map(\.partnerInferenceID).sorted()
                    == allIDs.filter { !victimIDs.contains($0) }.sorted())
        }
    }

    @Test func exhaustedRetriesKeepTheLines() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.injectFaults(["503", "503"])
            let deadLetter = try TestPaths.temporaryDirectory()
            let result = try IngestExecutable.run(
                ["--max-attempts", "2", "--dead-letter", deadLetter.path, "samples/json-named.jsonl"],
                environment: environment(standIn))
            #expect(result.status == 1)
            #expect(result.stderr.contains("failed after 2 attempts: HTTP 503"), "\(result.stderr)")
            let kept = try String(
                contentsOf: deadLetter.appendingPathComponent("samples/json-named.rejected.jsonl"), encoding: .utf8)
            let source = try String(contentsOf: TestPaths.file("samples/json-named.jsonl"), encoding: .utf8)
            #expect(kept.split(separator: "\n").sorted() == source.split(separator: "\n").sorted())
            #expect(try await standIn.received().inferences.isEmpty)
        }
    }
}
