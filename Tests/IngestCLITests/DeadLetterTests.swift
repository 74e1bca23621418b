import Foundation
import IngestTesting
import Testing

/// Rejected lines land verbatim in the dead letter, with a reason per line, and can be re-ingested.
@Suite struct DeadLetterTests {
    @Test func rejectedLinesAreKeptVerbatim() throws {
        let folder = try TestPaths.temporaryDirectory()
        let result = try IngestExecutable.run(["--dry-run", "--dead-letter", folder.path, "samples/bad-lines.jsonl"])
        #expect(result.status == 1)
        let rejectedPath = folder.appendingPathComponent("samples/bad-lines.rejected.jsonl")
        let reasonsPath = folder.appendingPathComponent("samples/bad-lines.reasons.ndjson")
        #expect(result.stderr.contains(rejectedPath.path))

        let source = try String(contentsOf: TestPaths.file("samples/bad-lines.jsonl"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let kept = try String(contentsOf: rejectedPath, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .dropLast()
        let reasons = try JSONLines.objects(try String(contentsOf: reasonsPath, encoding: .utf8))
        let expected = try DryRunTests.expectedRejections().map(\.0)
        #expect(reasons.map { $0["line"] as? Int } == expected)
        #expect(kept.count == expected.count)
        for (index, line) in expected.enumerated() {
            #expect(kept[index] == source[line - 1], "line \(line) not verbatim")
            #expect((reasons[index]["reason"] as? String)?.isEmpty == false)
        }

        // Re-ingesting the dead letter rejects exactly those lines again, and nothing else.
        let again = try IngestExecutable.run(["--dry-run", rejectedPath.path])
        #expect(again.status == 1)
        #expect(again.stderr.contains("\(expected.count) lines"))
        #expect(again.stderr.contains("\(expected.count) rejected"))
    }

    @Test func concurrentFilesKeepTheirOwnDeadLetterInOrder() throws {
        let files = [
            "samples/bad-lines.jsonl", "samples/mixed.jsonl", "samples/csv-batch.jsonl", "samples/base64.jsonl",
        ]
        let sequential = try TestPaths.temporaryDirectory()
        let concurrent = try TestPaths.temporaryDirectory()
        let one = try IngestExecutable.run(
            ["--dry-run", "--emit", "none", "--concurrency", "1", "--dead-letter", sequential.path] + files)
        let four = try IngestExecutable.run(
            ["--dry-run", "--emit", "none", "--concurrency", "4", "--dead-letter", concurrent.path] + files)
        #expect(one.status == 1 && four.status == 1)
        let summary = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("ingest: 4 files") } }
        #expect(summary(one.stderr) != nil && summary(one.stderr) == summary(four.stderr))
        for name in ["bad-lines.rejected.jsonl", "bad-lines.reasons.ndjson"] {
            let a = try String(contentsOf: sequential.appendingPathComponent("samples/\(name)"), encoding: .utf8)
            let b = try String(contentsOf: concurrent.appendingPathComponent("samples/\(name)"), encoding: .utf8)
            #expect(a == b && !a.isEmpty)
        }
    }

    @Test func overLongLineIsRejectedAndKeptWhole() throws {
        let folder = try TestPaths.temporaryDirectory()
        let good = try String(contentsOf: TestPaths.file("samples/csv-single.jsonl"), encoding: .utf8)
        let firstGood = good.split(separator: "\n")[0]
        let huge = #"{"captureData":{"endpointInput":{"data":""# + String(repeating: "9", count: 300_000) + #""}}}"#
        let file = folder.appendingPathComponent("long.jsonl")
        try Data((firstGood + "\n" + huge + "\n" + firstGood + "\n").utf8).write(to: file)
        let deadLetter = folder.appendingPathComponent("dl")
        let result = try IngestExecutable.run([
            "--dry-run", "--max-line-bytes", "64KiB", "--dead-letter", deadLetter.path, file.path,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("long.jsonl:2: error: line longer than 65536 bytes"), "\(result.stderr)")
        #expect(try JSONLines.objects(result.stdout).count == 2)
        let keptFile = try FileManager.default.subpathsOfDirectory(atPath: deadLetter.path)
            .first { $0.hasSuffix("long.rejected.jsonl") }
        let kept = try String(contentsOfFile: deadLetter.path + "/" + (keptFile ?? "missing"), encoding: .utf8)
        #expect(kept == huge + "\n")
    }
}
