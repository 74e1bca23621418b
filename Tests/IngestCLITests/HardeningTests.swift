import Foundation
import IngestTesting
import Testing

/// Issue 9 at the command line: forged progress records, colliding names, special files among the
/// sources, links in the dead letter, a `--progress` that is a file, and a bounded drain after SIGTERM.
@Suite(.serialized) struct HardeningTests {
    static let token = "tok-HARDEN-81d4c7-do-not-print"

    func environment(_ standIn: ArthurStandIn) -> [String: String] {
        ["ARTHUR_HOST": standIn.host, "ARTHUR_MODEL_ID": standIn.modelID, "ARTHUR_ACCESS_TOKEN": Self.token]
    }

    func copySample(_ name: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contentsOf: TestPaths.file("samples/\(name).jsonl")).write(to: url)
    }

    /// Issue 9.6: a forged range (`[2, Int.max]`) crashed every run; now the record is reported and ignored.
    @Test func aForgedProgressRecordIsReportedAndIgnored() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            let folder = try TestPaths.temporaryDirectory()
            let progress = folder.appendingPathComponent("progress")
            let record = progress.appendingPathComponent("samples/csv-batch.progress.json")
            try FileManager.default.createDirectory(
                at: record.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(#"{"version":"x","uploaded":[[1,2],[2,9223372036854775807]],"refused":[]}"#.utf8).write(to: record)
            let result = try IngestExecutable.run(
                ["--progress", progress.path, "samples/csv-batch.jsonl"], environment: environment(standIn))
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("progress record ignored"), "\(result.stderr)")
            #expect(result.stderr.contains("not an ordered range"), "\(result.stderr)")
            let expected = try JSONLines.partnerIDs(
                try IngestExecutable.run(["--dry-run", "samples/csv-batch.jsonl"]).stdout)
            #expect(try await standIn.received().inferences.count == expected.count)
        }
    }

    /// Issue 9.7: `A/../b/q/x.jsonl` and `A/a/b/q/x.jsonl` both map to `…/a/b/q/x`: each keeps its own dead
    /// letter now, and none of their rejected lines is lost.
    @Test func collidingNamesKeepEveryRejectedLine() throws {
        let folder = try TestPaths.temporaryDirectory()
        try copySample("bad-lines", to: folder.appendingPathComponent("a/b/q/x.jsonl"))
        try copySample("bad-lines", to: folder.appendingPathComponent("b/q/x.jsonl"))
        let dead = folder.appendingPathComponent("dead")
        let result = try IngestExecutable.run([
            "--dry-run", "--emit", "none", "--dead-letter", dead.path,
            folder.appendingPathComponent("a/b/q/x.jsonl").path, folder.path + "/a/../b/q/x.jsonl",
        ])
        #expect(result.status == 1)
        let summary = try #require(result.stderr.split(separator: "\n").first { $0.hasPrefix("ingest: 2 files") })
        let rejected = try #require(summary.split(separator: ",").first { $0.hasSuffix(" rejected") })
        let count = Int(rejected.split(separator: " ")[0])!
        let kept = try FileManager.default.subpathsOfDirectory(atPath: dead.path)
            .filter { $0.hasSuffix(".rejected.jsonl") }
            .map { try String(contentsOfFile: dead.path + "/" + $0, encoding: .utf8).split(separator: "\n").count }
        #expect(kept.count == 2, "two dead letters")
        #expect(kept.reduce(0, +) == count, "every rejected line kept: \(result.stderr)")
    }

    /// R4: a FIFO and a link to `/dev/zero` among a folder's `.jsonl` files are reported and not read.
    @Test func specialFilesInAFolderAreSkipped() throws {
        let folder = try TestPaths.temporaryDirectory()
        try copySample("csv-batch", to: folder.appendingPathComponent("good.jsonl"))
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("zero.jsonl").path, withDestinationPath: "/dev/zero")
        #expect(mkfifo(folder.appendingPathComponent("fifo.jsonl").path, 0o644) == 0)
        let result = try IngestExecutable.run(["--dry-run", "--emit", "none", folder.path], timeout: 30)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("zero.jsonl: skipped: a device"), "\(result.stderr)")
        #expect(result.stderr.contains("fifo.jsonl: skipped: a FIFO"), "\(result.stderr)")
        #expect(result.stderr.contains("ingest: 1 file,"), "\(result.stderr)")
    }

    /// R5: a symbolic link planted in the dead letter is not written through, nor is a linked folder.
    @Test func linksInTheDeadLetterAreNotFollowed() throws {
        let folder = try TestPaths.temporaryDirectory()
        let victim = folder.appendingPathComponent("victim.txt")
        try Data("precious\n".utf8).write(to: victim)
        let dead = folder.appendingPathComponent("dead")
        try FileManager.default.createDirectory(
            at: dead.appendingPathComponent("samples"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: dead.appendingPathComponent("samples/bad-lines.rejected.jsonl").path,
            withDestinationPath: victim.path)
        let result = try IngestExecutable.run([
            "--dry-run", "--emit", "none", "--dead-letter", dead.path, "samples/bad-lines.jsonl",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("refusing to write the dead letter"), "\(result.stderr)")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious\n")

        let linkedFolder = folder.appendingPathComponent("dead2")
        try FileManager.default.createDirectory(at: linkedFolder, withIntermediateDirectories: true)
        let elsewhere = folder.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: linkedFolder.appendingPathComponent("samples").path, withDestinationPath: elsewhere.path)
        let second = try IngestExecutable.run([
            "--dry-run", "--emit", "none", "--dead-letter", linkedFolder.path, "samples/bad-lines.jsonl",
        ])
        #expect(second.status == 1)
        #expect(second.stderr.contains("is a symbolic link or not a folder"), "\(second.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    }

    /// R9: `--progress` naming a regular file is a usage error before anything is sent.
    @Test func aProgressFileIsAUsageError() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            let file = try TestPaths.temporaryDirectory().appendingPathComponent("progress.json")
            try Data("{}".utf8).write(to: file)
            let result = try IngestExecutable.run(
                ["--progress", file.path, "samples/csv-batch.jsonl"], environment: environment(standIn))
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("is a file"), "\(result.stderr)")
            #expect(try await standIn.received().requests == 0)
        }
    }

    /// R3: after SIGTERM, an upload in flight gets a short grace period, not all its retries: against an
    /// Arthur that holds every request for 30 s, the run ends within seconds, its lines in the dead letter.
    @Test func sigtermBoundsTheDrain() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.injectFaults(["stall:30", "stall:30", "stall:30"])
            let folder = try TestPaths.temporaryDirectory()
            var env = environment(standIn)
            env["PATH"] = ProcessInfo.processInfo.environment["PATH"]
            let run = try BackgroundProcess(
                TestPaths.product("ingest"),
                [
                    "--timeout", "40", "--max-attempts", "3", "--dead-letter", folder.path,
                    "samples/csv-batch.jsonl",
                ],
                environment: env)
            defer { run.stop() }
            _ = try await standIn.waitForReceived { $0.requests >= 1 }
            let sent = ContinuousClock.now
            run.send(SIGTERM)
            let status = try await run.waitForExit(timeout: .seconds(25))
            #expect(ContinuousClock.now - sent < .seconds(15), "the drain is bounded by the grace period")
            #expect(status == 1, "\(run.stderr)")
            #expect(run.stderr.contains("grace period"), "\(run.stderr)")
            let kept = try String(
                contentsOf: folder.appendingPathComponent("samples/csv-batch.rejected.jsonl"), encoding: .utf8)
            #expect(kept.split(separator: "\n").count == 3)
            #expect(!run.stderr.contains(Self.token))
        }
    }
}
