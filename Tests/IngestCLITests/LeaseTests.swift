import Foundation
import IngestTesting
import Testing

/// Two `ingest` runs over one `--progress` folder at once: a lease file beside each source's progress record
/// lets one run ingest it; the other leaves it for a rerun, which finds it done. A stale lease (expired, or of a
/// process gone from this host) is taken over; a live one of another host is left alone.
@Suite(.serialized) struct LeaseTests {
    static let samples = ["mixed", "csv-batch", "json-features", "jsonlines", "xgboost-batch"]

    func environment(_ standIn: ArthurStandIn) -> [String: String] {
        [
            "ARTHUR_HOST": standIn.host, "ARTHUR_MODEL_ID": standIn.modelID, "ARTHUR_ACCESS_TOKEN": UploadTests.token,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
    }

    /// A folder holding a copy of each sample, and its progress folder.
    func captures() throws -> (folder: URL, progress: String) {
        let root = try TestPaths.temporaryDirectory()
        let folder = root.appendingPathComponent("captures")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in Self.samples {
            try FileManager.default.copyItem(
                at: TestPaths.file("samples/\(name).jsonl"), to: folder.appendingPathComponent("\(name).jsonl"))
        }
        return (folder, root.appendingPathComponent("progress").path)
    }

    /// Every file below `folder` whose name ends with `suffix`.
    func files(in folder: String, endingWith suffix: String) -> [String] {
        let names = FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []
        return names.filter { $0.hasSuffix(suffix) }
    }

    @Test func twoConcurrentRunsOverOneProgressFolderSendEachInferenceOnce() async throws {
        try await ArthurStandIn.with(token: UploadTests.token) { standIn in
            let (folder, progress) = try captures()
            let arguments = ["--chunk-size", "1KiB", "--uploads-in-flight", "1", "--progress", progress, folder.path]
            // Uploads take half a second, so each run still holds its sources when the other reaches them.
            try await standIn.injectFaults(Array(repeating: "slow:0.5", count: 20))
            let one = try BackgroundProcess(TestPaths.product("ingest"), arguments, environment: environment(standIn))
            let two = try BackgroundProcess(TestPaths.product("ingest"), arguments, environment: environment(standIn))
            defer {
                one.stop()
                two.stop()
            }
            let statuses = [
                try await one.waitForExit(timeout: .seconds(120)), try await two.waitForExit(timeout: .seconds(120)),
            ]
            let stderr = one.stderr + two.stderr
            #expect(stderr.contains("another run is ingesting it"), "the runs met: \(stderr)")
            #expect(statuses.contains(1), "a run that left sources for a rerun says so: \(statuses)")

            let expected = try JSONLines.partnerIDs(try IngestExecutable.run(["--dry-run", folder.path]).stdout)
            let afterBoth = try await standIn.received().inferences.map(\.partnerInferenceID)
            #expect(Set(afterBoth).count == afterBoth.count, "no inference twice")
            #expect(files(in: progress, endingWith: ".lease.json").isEmpty, "both released their leases")

            // The rerun sends what neither run reached, and skips what either finished.
            let rerun = try IngestExecutable.run(arguments, environment: environment(standIn))
            #expect(rerun.status == 0, "\(rerun.stderr)")
            let ids = try await standIn.received().inferences.map(\.partnerInferenceID)
            #expect(ids.count == expected.count, "each inference once")
            #expect(ids.sorted() == expected.sorted())
            #expect(files(in: progress, endingWith: ".progress.json").count == Self.samples.count)
            #expect(files(in: progress, endingWith: ".lease.json").isEmpty)
        }
    }

    @Test func aStaleLeaseIsTakenOverAndALiveOneOfAnotherHostIsLeftAlone() async throws {
        try await ArthurStandIn.with(token: UploadTests.token) { standIn in
            let (folder, progress) = try captures()
            let file = folder.appendingPathComponent("mixed.jsonl").path
            let arguments = ["--progress", progress, file]
            let leaseFile = URL(fileURLWithPath: progress).appendingPathComponent(
                String(folder.appendingPathComponent("mixed").path.dropFirst()) + ".lease.json")
            try FileManager.default.createDirectory(
                at: leaseFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            let live =
                #"{"holder":"ingest on elsewhere, process 7","host":"elsewhere","pid":7,"expires":99999999999999,"nonce":"a"}"#
            try Data(live.utf8).write(to: leaseFile)

            let refused = try IngestExecutable.run(arguments, environment: environment(standIn))
            #expect(refused.status == 1)
            #expect(
                refused.stderr.contains("another run is ingesting it (ingest on elsewhere, process 7"),
                "\(refused.stderr)")
            #expect(try await standIn.received().requests == 0, "the source was not read")
            #expect(try String(contentsOf: leaseFile, encoding: .utf8) == live, "another host's live lease stays")

            // Its expiry passed (the run on that host died): the next run takes it over and ingests the source.
            let expired = live.replacingOccurrences(of: "99999999999999", with: "1000")
            try Data(expired.utf8).write(to: leaseFile)
            let taken = try IngestExecutable.run(arguments, environment: environment(standIn))
            #expect(taken.status == 0, "\(taken.stderr)")
            #expect(taken.stderr.contains("took over the lease of ingest on elsewhere, process 7"), "\(taken.stderr)")
            let expected = try JSONLines.partnerIDs(try IngestExecutable.run(["--dry-run", file]).stdout)
            #expect(try await standIn.received().inferences.map(\.partnerInferenceID).sorted() == expected.sorted())
            #expect(!FileManager.default.fileExists(atPath: leaseFile.path), "released when done")
        }
    }
}
