import Foundation
import IngestTesting
import Testing

/// `ingest` against answers a hostile or broken Arthur gives (issue 9, and the 207 of the SPEC's "Uploading to
/// Arthur"): a 207 is trusted only for what it accounts for, a 2xx that is no report is not "uploaded", big
/// answers are read and never sent for again, a trickling answer is bounded by the timeout, item-level 5xx
/// are resent and counted once, and no text from Arthur brings the token back.
@Suite(.serialized) struct ArthurAnswerTests {
    static let token = "tok-ANSWER-5c0e2f19-do-not-print"

    func environment(_ standIn: ArthurStandIn) -> [String: String] {
        ["ARTHUR_HOST": standIn.host, "ARTHUR_MODEL_ID": standIn.modelID, "ARTHUR_ACCESS_TOKEN": Self.token]
    }

    func expectedIDs(_ files: [String]) throws -> [String] {
        try JSONLines.partnerIDs(try IngestExecutable.run(["--dry-run", "--emit", "jsonl"] + files).stdout)
    }

    func nonBlankLines(_ path: String) throws -> [Substring] {
        try String(contentsOf: TestPaths.file(path), encoding: .utf8).split(separator: "\n")
            .filter { !$0.allSatisfy(\.isWhitespace) }
    }

    /// The dead letter of `name` (`samples/csv-batch`): kept lines and their reasons.
    func deadLetter(_ folder: URL, _ name: String) throws -> (lines: [Substring], reasons: String) {
        let lines = try String(contentsOf: folder.appendingPathComponent("\(name).rejected.jsonl"), encoding: .utf8)
        let reasons = try String(contentsOf: folder.appendingPathComponent("\(name).reasons.ndjson"), encoding: .utf8)
        return (lines.split(separator: "\n"), reasons)
    }

    /// Issues 9.3, 9.4 and R2: answers that do not say which lines Arthur stored leave them "not uploaded",
    /// in the dead letter with the reason, exit 1 — and the chunk is not sent again (Arthur may have stored it).
    @Test(arguments: [
        ("unaccounted", "does not account"), ("unknown_event", "unknown-event-0"),
        ("html200", "without a readable report"), ("empty200", "an empty body"),
    ])
    func answersThatDoNotAccountForTheLinesAreNotBelieved(fault: String, reasonPart: String) async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.injectFaults([fault])
            let folder = try TestPaths.temporaryDirectory()
            let result = try IngestExecutable.run(
                ["--dead-letter", folder.path, "samples/csv-batch.jsonl"], environment: environment(standIn))
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("0 lines (0 inferences) uploaded, 3 lines not uploaded"), "\(result.stderr)")
            #expect(result.stderr.contains(reasonPart), "\(result.stderr)")
            let kept = try deadLetter(folder, "samples/csv-batch")
            #expect(kept.lines == (try nonBlankLines("samples/csv-batch.jsonl")))
            #expect(kept.reasons.contains(reasonPart))
            #expect(try await standIn.received().requests == 1, "an answered chunk is not sent again")
            #expect(!result.allOutput.contains(Self.token))
        }
    }

    /// Issue 9.5: a valid 207 over 1 MiB (20,000 failures) is read once: its failures go to the dead letter
    /// with Arthur's message, and the chunk is not sent again.
    @Test func aBig207IsReadAndTheChunkIsNotSentAgain() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            let folder = try TestPaths.temporaryDirectory()
            let rows = Array(repeating: "1,2", count: 100).joined(separator: "\\n")
            let outputs = Array(repeating: "0.5", count: 100).joined(separator: "\\n")
            let ids = (0..<200).map { "big-event-\($0)" }
            let lines = ids.map { id in
                #"{"captureData":{"endpointInput":{"observedContentType":"text/csv","mode":"INPUT","data":""#
                    + rows
                    + #"","encoding":"CSV"},"endpointOutput":{"observedContentType":"text/csv","mode":"OUTPUT","data":""#
                    + outputs + #"","encoding":"CSV"}},"eventMetadata":{"eventId":""# + id
                    + #"","inferenceTime":"2024-01-19T19:27:57Z"},"eventVersion":"0"}"#
            }
            let file = folder.appendingPathComponent("big.jsonl")
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
            try await standIn.failEventIDs(ids)
            let dead = folder.appendingPathComponent("dead")
            let result = try IngestExecutable.run(
                ["--dead-letter", dead.path, "--max-attempts", "3", file.path], environment: environment(standIn))
            #expect(result.status == 1)
            #expect(!result.stderr.contains("NIOTooManyBytes"), "\(result.stderr)")
            #expect(result.stderr.contains("200 lines not uploaded"), "\(result.stderr)")
            #expect(try await standIn.received().requests == 1, "an answered chunk is not sent again")
            let name = String(file.deletingPathExtension().path.dropFirst())
            let kept = try deadLetter(dead, name)
            #expect(kept.lines.count == 200)
            #expect(kept.reasons.split(separator: "\n").allSatisfy { $0.contains("rejected by stand-in") })
        }
    }

    /// Issue 9.2: `--timeout` bounds the whole exchange: an answer trickled a byte every half second is
    /// abandoned after the timeout and retried, instead of holding the upload for a minute.
    @Test func aTricklingAnswerIsBoundedByTheTimeout() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.injectFaults(["trickle:0.5"])
            let started = ContinuousClock.now
            let result = try IngestExecutable.run(
                ["--timeout", "2", "--max-attempts", "2", "samples/csv-batch.jsonl"], environment: environment(standIn))
            let elapsed = ContinuousClock.now - started
            #expect(result.status == 0, "\(result.stderr)")
            #expect(elapsed < .seconds(20), "the trickle would take a minute")
            #expect(result.stderr.contains("no answer before the timeout"), "\(result.stderr)")
            let received = try await standIn.received()
            #expect(
                received.inferences.map(\.partnerInferenceID).sorted()
                    == (try expectedIDs(["samples/csv-batch.jsonl"])).sorted())
        }
    }

    /// SPEC: an item whose status is 5xx is Arthur's trouble: its line is sent again in a later request and
    /// counted once when it goes through.
    @Test func itemsFailedWith5xxAreSentAgainAndCountedOnce() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.injectFaults(["item500"])
            let files = ["samples/csv-batch.jsonl", "samples/json-named.jsonl"]
            let result = try IngestExecutable.run(files, environment: environment(standIn))
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("sending them again"), "\(result.stderr)")
            let received = try await standIn.received()
            let ids = received.inferences.map(\.partnerInferenceID)
            #expect(ids.sorted() == (try expectedIDs(files)).sorted(), "every inference once")
            #expect(received.requests == 3, "two chunks, and the failed line once more")
        }
    }

    /// SPEC: counts and statuses written as floats are read; a 4xx item goes to the dead letter with Arthur's
    /// message.
    @Test func floatCountsAreReadAnd4xxItemsAreKept() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            let source = try nonBlankLines("samples/csv-batch.jsonl")
            let victim = try JSONSerialization.jsonObject(with: Data(source[1].utf8)) as! [String: Any]
            let eventID = (victim["eventMetadata"] as! [String: Any])["eventId"] as! String
            try await standIn.failEventIDs([eventID])
            try await standIn.injectFaults(["floatcounts"])
            let folder = try TestPaths.temporaryDirectory()
            let result = try IngestExecutable.run(
                ["--dead-letter", folder.path, "samples/csv-batch.jsonl"], environment: environment(standIn))
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains(", 2 lines ("), "\(result.stderr)")
            #expect(result.stderr.contains("1 lines not uploaded"), "\(result.stderr)")
            #expect(result.stderr.contains("(HTTP 400): rejected by stand-in"), "\(result.stderr)")
            #expect(try deadLetter(folder, "samples/csv-batch").lines == [source[1]])
        }
    }

    /// Issue 9 R1: an Arthur error text that quotes the token reaches neither stderr nor the dead letter.
    @Test func anEchoedTokenIsRedacted() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.injectFaults(["echo:503", "echo:400"])
            let folder = try TestPaths.temporaryDirectory()
            let result = try IngestExecutable.run(
                ["--dead-letter", folder.path, "samples/csv-batch.jsonl"], environment: environment(standIn))
            #expect(result.status == 1)
            #expect(result.stderr.contains("invalid request: Authorization: <redacted>"), "\(result.stderr)")
            #expect(!result.allOutput.contains(Self.token))
            let kept = try deadLetter(folder, "samples/csv-batch")
            #expect(kept.reasons.contains("<redacted>"))
            #expect(!kept.reasons.contains(Self.token))
        }
    }

    /// Issue 9 R8: a redirect is reported as one, with where it points, and not followed.
    @Test func aRedirectIsReportedWithItsTarget() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.injectFaults(["redirect:https://elsewhere.example.com/api"])
            let result = try IngestExecutable.run(["samples/csv-batch.jsonl"], environment: environment(standIn))
            #expect(result.status == 1)
            #expect(
                result.stderr.contains("redirect (HTTP 301) to https://elsewhere.example.com/api"), "\(result.stderr)")
            #expect(try await standIn.received().requests == 1)
        }
    }

    /// SPEC: every upload names the tool, asks for JSON, and carries `Arthur-Organization-ID` when set.
    @Test func requestsCarryTheSpecHeaders() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            var env = environment(standIn)
            env["ARTHUR_ORGANIZATION_ID"] = "org-7f3a"
            let result = try IngestExecutable.run(["samples/csv-batch.jsonl"], environment: env)
            #expect(result.status == 0, "\(result.stderr)")
            let headers = try await standIn.received().requestHeaders
            #expect(headers.count == 1)
            for request in headers {
                #expect(request["User-Agent"]??.hasPrefix("sagemaker-capture-to-arthur/") == true, "\(request)")
                #expect(request["Accept"] == "application/json")
                #expect(request["Arthur-Organization-ID"] == "org-7f3a")
            }
        }
    }
}
