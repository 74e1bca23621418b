import Foundation
import IngestTesting
import Testing

/// `ingest` sends Model Monitor's ground-truth records to the stand-in Arthur as `PATCH …/inferences`, keyed by the
/// census model's ground-truth attribute (`income_label`, INTEGER), timed by the SPEC's rules, with refused items in
/// the dead letter, 5xx items sent again, and progress that sends nothing twice.
@Suite(.serialized) struct GroundTruthTests {
    static let token = "tok-SECRET-3b8e1f0a-truth"

    func environment(_ standIn: ArthurStandIn) -> [String: String] {
        ["ARTHUR_HOST": standIn.host, "ARTHUR_MODEL_ID": standIn.modelID, "ARTHUR_ACCESS_TOKEN": Self.token]
    }

    /// `{"groundTruthData":{…},"eventMetadata":{"eventId":id, time…}}`.
    static func record(id: String, data: String, encoding: String = "CSV", time: (key: String, value: String)? = nil)
        throws -> String
    {
        var metadata: [String: Any] = ["eventId": id]
        if let time { metadata[time.key] = time.value }
        let object: [String: Any] = [
            "groundTruthData": ["data": data, "encoding": encoding], "eventMetadata": metadata, "eventVersion": "0",
        ]
        return String(
            decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static func write(_ lines: [String], to file: URL) throws {
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
    }

    /// What the stand-in stored: `id time data` per item, in order.
    static func stored(_ received: ArthurStandIn.Received) -> [String] {
        received.groundTruths.map { "\($0.partnerInferenceID) \($0.timestamp) \($0.dataText)" }
    }

    /// The sample's expected output as the stand-in should store it.
    static func expectedSample() throws -> [String] {
        let text = try String(contentsOf: TestPaths.file("samples/expected/ground-truth.jsonl"), encoding: .utf8)
        return try JSONLines.objects(text).map { object in
            let truth = try JSONSerialization.data(
                withJSONObject: object["ground_truth"] as Any, options: [.sortedKeys])
            return "\(object["partner_inference_id"]!) \(object["ground_truth_timestamp"]!) "
                + String(decoding: truth, as: UTF8.self)
        }
    }

    @Test func theSampleIsKeyedTimedAndSent() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.setAttributes(CensusModel.attributes)
            let result = try IngestExecutable.run(["samples/ground-truth.jsonl"], environment: environment(standIn))
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.allOutput.contains(Self.token))
            let received = try await standIn.received()
            // CSV single values, CSV rows (`_0`…), named JSON, BASE64 JSON; groundTruthTime (an offset made UTC,
            // a space, a fraction) and inferenceTime.
            #expect(Self.stored(received) == (try Self.expectedSample()))
            #expect(received.groundTruthRequests == 1)
            #expect(received.requests == 0, "no capture upload")
            #expect(result.stderr.contains("0 inferences, 8 ground truths, 0 rejected"), "\(result.stderr)")
            #expect(result.stderr.contains("5 lines (0 inferences, 8 ground truths) uploaded"), "\(result.stderr)")
        }
    }

    @Test func aDryRunPrintsTheExpectedSample() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.setAttributes(CensusModel.attributes)
            let result = try IngestExecutable.run(
                ["--dry-run", "--emit", "jsonl", "samples/ground-truth.jsonl"], environment: environment(standIn))
            #expect(result.status == 0, "\(result.stderr)")
            let expected = try String(
                contentsOf: TestPaths.file("samples/expected/ground-truth.jsonl"), encoding: .utf8)
            #expect(try JSONLines.objects(result.stdout) == JSONLines.objects(expected))
            #expect(try await standIn.received().groundTruthRequests == 0)
        }
    }

    @Test func withoutATimeTheRecordTakesThePathsHourElseTheFilesModificationTime() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.setAttributes(CensusModel.attributes)
            let folder = try TestPaths.temporaryDirectory()
            let hourly = folder.appendingPathComponent("gt/ep/2024/01/21/07/truth.jsonl")
            try Self.write([try Self.record(id: "by-path", data: "1")], to: hourly)
            let plain = folder.appendingPathComponent("plain/truth.jsonl")
            try Self.write([try Self.record(id: "by-mtime", data: "0")], to: plain)
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 1_706_000_000)], ofItemAtPath: plain.path)
            let result = try IngestExecutable.run([hourly.path, plain.path], environment: environment(standIn))
            #expect(result.status == 0, "\(result.stderr)")
            #expect(
                Self.stored(try await standIn.received()).sorted() == [
                    #"by-mtime 2024-01-23T08:53:20Z {"income_label":0}"#,
                    #"by-path 2024-01-21T07:00:00Z {"income_label":1}"#,
                ])
        }
    }

    @Test func misfitsAndRefusedItemsGoToTheDeadLetterWithTheirReason() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.setAttributes(CensusModel.attributes)
            try await standIn.failEventIDs(["refused"])
            let time = (key: "groundTruthTime", value: "2024-01-20T08:00:00Z")
            let lines = [
                try Self.record(id: "fits", data: "1", time: time),
                try Self.record(id: "refused", data: "0", time: time),
                try Self.record(id: "two", data: "1,0", time: time),
                try Self.record(id: "word", data: "yes", time: time),
            ]
            let file = try TestPaths.temporaryDirectory().appendingPathComponent("truth.jsonl")
            try Self.write(lines, to: file)
            let deadLetter = try TestPaths.temporaryDirectory()
            let result = try IngestExecutable.run(
                ["--dead-letter", deadLetter.path, file.path], environment: environment(standIn))
            #expect(result.status == 1, "\(result.stderr)")
            #expect(!result.allOutput.contains(Self.token))
            let received = try await standIn.received()
            #expect(Self.stored(received) == [#"fits 2024-01-20T08:00:00Z {"income_label":1}"#])
            let reasons = try String(
                contentsOf: deadLetter.appendingPathComponent(
                    file.deletingPathExtension().path.dropFirst() + ".reasons.ndjson"), encoding: .utf8)
            let expected = [
                2: "Arthur rejected ground truth refused (HTTP 400): rejected by stand-in",
                3: "groundTruthData row 1: 2 values, model expects 1 ground-truth attribute (income_label)",
                4: #"groundTruthData row 1: income_label is "yes", model expects an integer (INTEGER)"#,
            ]
            // Misfits are written as they are read, a refused line when its upload ends.
            #expect(
                try JSONLines.objects(reasons).map { "\($0["line"]!): \($0["reason"]!)" }.sorted()
                    == expected.keys.sorted().map { "\($0): \(expected[$0]!)" })
            let rejected = try String(
                contentsOf: deadLetter.appendingPathComponent(
                    file.deletingPathExtension().path.dropFirst() + ".rejected.jsonl"), encoding: .utf8)
            #expect(
                rejected.split(separator: "\n").map(String.init).sorted() == lines[1...].sorted(),
                "the lines verbatim")
        }
    }

    @Test func groundTruthWithoutTheSchemaIsRejectedSayingSo() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.setAttributes(CensusModel.attributes)
            let result = try IngestExecutable.run(
                ["--no-schema-check", "samples/ground-truth.jsonl"], environment: environment(standIn))
            #expect(result.status == 1)
            #expect(
                result.stderr.contains(
                    "samples/ground-truth.jsonl:1: error: ground truth needs the model's schema"), "\(result.stderr)")
            #expect(try await standIn.received().groundTruthRequests == 0)
        }
    }

    @Test func anItemArthurFailsWith500IsSentAgainAndCountedOnce() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.setAttributes(CensusModel.attributes)
            try await standIn.failGroundTruthWith500(["batch-7f3a_1"])
            let result = try IngestExecutable.run(
                ["samples/ground-truth.jsonl"], environment: environment(standIn))
            #expect(result.status == 0, "\(result.stderr)")
            let received = try await standIn.received()
            #expect(received.groundTruthRequests == 2)
            // The second request held only line 4's three items; _0 and _2 were set twice (a PATCH sets, it does
            // not add), and every id is stored.
            #expect(
                received.groundTruths.filter { $0.request == 2 }.map(\.partnerInferenceID) == [
                    "batch-7f3a_0", "batch-7f3a_1", "batch-7f3a_2",
                ])
            #expect(Set(Self.stored(received)) == Set(try Self.expectedSample()))
            #expect(result.stderr.contains("5 lines (0 inferences, 8 ground truths) uploaded"), "\(result.stderr)")
        }
    }

    @Test func aWholeRequestIsRetriedByTheOnePolicyAndARefusedTokenSaysWhatToCheck() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.setAttributes(CensusModel.attributes)
            try await standIn.injectFaults(["503", "429:0"])
            let retried = try IngestExecutable.run(["samples/ground-truth.jsonl"], environment: environment(standIn))
            #expect(retried.status == 0, "\(retried.stderr)")
            var received = try await standIn.received()
            #expect(received.groundTruthRequests == 3)
            #expect(Self.stored(received) == (try Self.expectedSample()))

            // The token revoked after the attributes were read: every line is kept, none sent again.
            try await standIn.injectFaults(["401"])
            let deadLetter = try TestPaths.temporaryDirectory()
            let refused = try IngestExecutable.run(
                ["--dead-letter", deadLetter.path, "samples/ground-truth.jsonl"], environment: environment(standIn))
            #expect(refused.status == 1)
            #expect(
                refused.stderr.contains("samples/ground-truth.jsonl:1-5: error: 5 lines not uploaded"),
                "\(refused.stderr)")
            #expect(refused.stderr.contains("ARTHUR_ACCESS_TOKEN"), "\(refused.stderr)")
            #expect(!refused.allOutput.contains(Self.token))
            received = try await standIn.received()
            #expect(received.groundTruthRequests == 4)
            let rejected = try String(
                contentsOf: deadLetter.appendingPathComponent("samples/ground-truth.rejected.jsonl"), encoding: .utf8)
            #expect(rejected == (try String(contentsOf: TestPaths.file("samples/ground-truth.jsonl"), encoding: .utf8)))
        }
    }

    @Test func capturesAndGroundTruthInOneFileGoEachByItsKind() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.setAttributes(CensusModel.attributes)
            let time = (key: "inferenceTime", value: "2024-01-19T19:27:10Z")
            let lines = [
                CensusModel.csvLine(id: "cap-1", input: [CensusModel.row], output: ["0.5"]),
                try Self.record(id: "cap-1", data: "1", time: time),
                try Self.record(id: "late", data: "0", time: time),
                CensusModel.csvLine(id: "cap-2", input: [CensusModel.row], output: ["0.5"]),
                try Self.record(id: "cap-2", data: "0", time: time),
            ]
            let file = try TestPaths.temporaryDirectory().appendingPathComponent("mixed.jsonl")
            try Self.write(lines, to: file)
            let result = try IngestExecutable.run([file.path], environment: environment(standIn))
            #expect(result.status == 0, "\(result.stderr)")
            let received = try await standIn.received()
            #expect(received.inferences.map(\.partnerInferenceID) == ["cap-1", "cap-2"])
            #expect(received.groundTruths.map(\.partnerInferenceID) == ["cap-1", "late", "cap-2"])
            #expect(received.requests == 2 && received.groundTruthRequests == 2, "a chunk holds one kind")
            #expect(result.stderr.contains("2 inferences, 3 ground truths, 0 rejected"), "\(result.stderr)")
            // `ingest verify` asks for the inferences only.
            let verify = try IngestExecutable.run(["verify", file.path], environment: environment(standIn))
            #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
            #expect(
                verify.stdout.contains("\(file.path): 2 found, 0 missing; 3 ground-truth lines not checked\n"),
                "\(verify.stdout)")
            #expect(try await standIn.received().queriedIDs.sorted() == ["cap-1", "cap-2"])
        }
    }

    @Test func aKilledRunResumesWithoutSendingGroundTruthTwice() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.setAttributes(CensusModel.attributes)
            let time = (key: "groundTruthTime", value: "2024-01-20T08:00:00Z")
            let lines = try (0..<300).map { try Self.record(id: "gt-\($0)", data: "\($0 % 2)", time: time) }
            let folder = try TestPaths.temporaryDirectory()
            let file = folder.appendingPathComponent("truth.jsonl")
            try Self.write(lines, to: file)
            let arguments = [
                "--chunk-size", "4KiB", "--uploads-in-flight", "1", "--progress",
                folder.appendingPathComponent("progress").path, file.path,
            ]
            // Two requests are answered; the third is held, then dropped unanswered: the crash comes meanwhile.
            try await standIn.injectFaults(["ok", "ok", "stall:20"])
            var env = environment(standIn)
            env["PATH"] = ProcessInfo.processInfo.environment["PATH"]
            let first = try BackgroundProcess(TestPaths.product("ingest"), arguments, environment: env)
            let before = try await standIn.waitForReceived { $0.groundTruthRequests >= 3 }
            try #require(before.groundTruthRequests == 3 && Set(before.groundTruths.map(\.request)) == [1, 2])
            first.send(SIGKILL)
            _ = try await first.waitForExit()

            let second = try IngestExecutable.run(arguments, environment: environment(standIn))
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stderr.contains("by an earlier run"), "\(second.stderr)")
            let ids = try await standIn.received().groundTruths.map(\.partnerInferenceID)
            #expect(ids.count == 300, "none sent twice, none missing")
            #expect(Set(ids) == Set((0..<300).map { "gt-\($0)" }))

            let third = try IngestExecutable.run(arguments, environment: environment(standIn))
            #expect(third.status == 0)
            #expect(try await standIn.received().groundTruths.count == 300)
        }
    }
}
