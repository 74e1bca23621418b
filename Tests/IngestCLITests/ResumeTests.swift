import Foundation
import IngestTesting
import Testing

/// With `--progress`, a run that is killed or interrupted mid-file and run again sends Arthur every
/// inference exactly once, and a finished source is skipped.
@Suite(.serialized) struct ResumeTests {
    /// A generated capture file of a few hundred lines, many chunks at 4 KiB.
    func captureFile(in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent("capture.jsonl")
        try GeneratedCapture.write(
            to: file, ["--shape", "mixed", "--lines", "300", "--max-batch", "4", "--base64", "0.1", "--seed", "5"])
        return file
    }

    func environment(_ standIn: ArthurStandIn) -> [String: String] {
        ["ARTHUR_HOST": standIn.host, "ARTHUR_MODEL_ID": standIn.modelID, "ARTHUR_ACCESS_TOKEN": UploadTests.token]
    }

    func start(_ arguments: [String], _ environment: [String: String]) throws -> BackgroundProcess {
        var env = environment
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        return try BackgroundProcess(TestPaths.product("ingest"), arguments, environment: env)
    }

    @Test func killedRunResumesWithoutDuplicates() async throws {
        try await ArthurStandIn.with(token: UploadTests.token) { standIn in
            let folder = try TestPaths.temporaryDirectory()
            let file = try captureFile(in: folder)
            let progress = folder.appendingPathComponent("progress").path
            let arguments = ["--chunk-size", "4KiB", "--uploads-in-flight", "1", "--progress", progress, file.path]
            // Three uploads are accepted; the fourth is held, then dropped unrecorded: the crash comes meanwhile.
            try await standIn.injectFaults(["ok", "ok", "ok", "stall:20"])
            let first = try start(arguments, environment(standIn))
            let received = try await standIn.waitForReceived { $0.requests >= 4 }
            try #require(received.requests == 4 && received.acceptedRequests == 3)
            first.send(SIGKILL)
            _ = try await first.waitForExit()

            let second = try IngestExecutable.run(arguments, environment: environment(standIn))
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stderr.contains("by an earlier run"), "\(second.stderr)")
            let ids = try await standIn.received().inferences.map(\.partnerInferenceID)
            let expected = try JSONLines.partnerIDs(try IngestExecutable.run(["--dry-run", file.path]).stdout)
            #expect(ids.count == expected.count, "no duplicates, none missing")
            #expect(ids.sorted() == expected.sorted())

            let third = try IngestExecutable.run(arguments, environment: environment(standIn))
            #expect(third.status == 0)
            #expect(third.stderr.contains("already ingested"), "\(third.stderr)")
            #expect(try await standIn.received().inferences.count == expected.count)
        }
    }

    @Test func ctrlCFinishesTheUploadInFlightAndResumes() async throws {
        try await ArthurStandIn.with(token: UploadTests.token) { standIn in
            let folder = try TestPaths.temporaryDirectory()
            let file = try captureFile(in: folder)
            let progress = folder.appendingPathComponent("progress").path
            let deadLetter = folder.appendingPathComponent("dead").path
            let arguments = [
                "--chunk-size", "4KiB", "--uploads-in-flight", "1", "--progress", progress, "--dead-letter", deadLetter,
                file.path,
            ]
            // Later uploads are slow too, so a busy machine that handles the signal late cannot let the run end
            // before it.
            try await standIn.injectFaults(["ok", "slow:2", "slow:2", "slow:2"])
            let first = try start(arguments, environment(standIn))
            _ = try await standIn.waitForReceived { $0.requests >= 2 }
            first.send(SIGINT)  // while the second upload is slow: it is finished, nothing new is read
            let status = try await first.waitForExit(timeout: .seconds(30))
            #expect(status == 1)
            #expect(first.stderr.contains("interrupted"), "\(first.stderr)")
            #expect(first.stderr.contains("stopped before line"), "\(first.stderr)")
            #expect(first.stderr.contains("lines not uploaded") == false, "what was read was finished")
            let afterInterrupt = try await standIn.received()
            #expect(afterInterrupt.requests == afterInterrupt.acceptedRequests, "no upload abandoned")

            let second = try IngestExecutable.run(arguments, environment: environment(standIn))
            #expect(second.status == 0, "\(second.stderr)")
            let final = try await standIn.received()
            #expect(final.acceptedRequests > afterInterrupt.acceptedRequests, "the first run stopped before the end")
            let ids = final.inferences.map(\.partnerInferenceID)
            let expected = try JSONLines.partnerIDs(try IngestExecutable.run(["--dry-run", file.path]).stdout)
            #expect(ids.sorted() == expected.sorted())
            #expect(!FileManager.default.fileExists(atPath: deadLetter), "nothing was rejected")
        }
    }

    @Test func progressOfAnotherVersionIsIgnored() async throws {
        try await ArthurStandIn.with(token: UploadTests.token) { standIn in
            let folder = try TestPaths.temporaryDirectory()
            let file = try captureFile(in: folder)
            let progress = folder.appendingPathComponent("progress").path
            let arguments = ["--progress", progress, file.path]
            #expect(try IngestExecutable.run(arguments, environment: environment(standIn)).status == 0)
            // The file changes: its old record must not make the new content look done.
            let handle = try FileHandle(forWritingTo: file)
            try handle.seekToEnd()
            try handle.write(contentsOf: try Data(contentsOf: TestPaths.file("samples/csv-single.jsonl")))
            try handle.close()
            let again = try IngestExecutable.run(arguments, environment: environment(standIn))
            #expect(again.status == 0)
            #expect(!again.stderr.contains("already ingested"))
        }
    }
}
