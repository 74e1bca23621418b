import Foundation
import IngestTesting
import Testing

/// `ingest --dry-run --emit jsonl` on every sample prints exactly the SPEC's normalized inferences.
@Suite struct DryRunTests {
    static let shapes = [
        "csv-single", "csv-batch", "json-features", "json-named", "jsonlines", "base64", "xgboost-batch", "mixed",
    ]

    @Test(arguments: shapes)
    func printsNormalizedInferences(shape: String) throws {
        let result = try IngestExecutable.run(["--dry-run", "--emit", "jsonl", "samples/\(shape).jsonl"])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try String(contentsOf: TestPaths.file("samples/expected/\(shape).jsonl"), encoding: .utf8)
        #expect(try JSONLines.objects(result.stdout) == JSONLines.objects(expected))
        #expect(!result.stdout.isEmpty)
        #expect(result.stderr.contains("ingest: 1 file,"))
        #expect(result.stderr.contains("0 rejected"))
    }

    @Test func badLinesAreNamedAndTheRestGoesOn() throws {
        let result = try IngestExecutable.run(["--dry-run", "samples/bad-lines.jsonl"])
        #expect(result.status == 1)
        let expected = try String(contentsOf: TestPaths.file("samples/expected/bad-lines.jsonl"), encoding: .utf8)
        #expect(try JSONLines.objects(result.stdout) == JSONLines.objects(expected))
        let badLines = try Self.expectedRejections()
        #expect(badLines.count >= 9)
        for (line, keyword) in badLines {
            let message = result.stderr.split(separator: "\n").first {
                $0.hasPrefix("samples/bad-lines.jsonl:\(line): error: ")
            }
            #expect(message != nil, "line \(line) (\(keyword)) not reported in:\n\(result.stderr)")
        }
        let reported = result.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(reported.count == badLines.count)
        #expect(result.stderr.contains("\(badLines.count) rejected"))
    }

    @Test func noDestinationMeansDryRunSaidOnce() throws {
        let result = try IngestExecutable.run(["samples/csv-single.jsonl", "samples/json-named.jsonl"])
        #expect(result.status == 0)
        #expect(result.stderr.components(separatedBy: "running as --dry-run").count == 2)
        #expect(try JSONLines.objects(result.stdout).count > 0)
    }

    @Test func standardInputAndDirectories() throws {
        let file = TestPaths.file("samples/mixed.jsonl")
        let fromStdin = try IngestExecutable.run(["--dry-run", "-"], stdin: try Data(contentsOf: file))
        let fromFile = try IngestExecutable.run(["--dry-run", "samples/mixed.jsonl"])
        #expect(fromStdin.status == 0)
        #expect(fromStdin.stdout == fromFile.stdout)

        let folder = try TestPaths.temporaryDirectory()
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("b/c"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: file, to: folder.appendingPathComponent("b/c/one.jsonl"))
        try FileManager.default.copyItem(
            at: TestPaths.file("samples/csv-single.jsonl"), to: folder.appendingPathComponent("a.jsonl"))
        try Data("not a capture".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let fromFolder = try IngestExecutable.run(["--dry-run", folder.path])
        #expect(fromFolder.status == 0, "\(fromFolder.stderr)")
        #expect(fromFolder.stderr.contains("2 files"))
        let single = try IngestExecutable.run(["--dry-run", "samples/csv-single.jsonl"])
        #expect(fromFolder.stdout == single.stdout + fromFile.stdout)
    }

    @Test func emitNonePrintsNothing() throws {
        let result = try IngestExecutable.run(["--dry-run", "--emit", "none", "samples/mixed.jsonl"])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("inferences"))
    }

    @Test func quietPrintsOnlyErrors() throws {
        let result = try IngestExecutable.run(["--dry-run", "--quiet", "--emit", "none", "samples/bad-lines.jsonl"])
        #expect(result.status == 1)
        #expect(!result.stderr.contains("ingest: 1 file"))
        #expect(result.stderr.contains("samples/bad-lines.jsonl:"))
    }

    /// `LINE: keyword` pairs from samples/expected/bad-lines.rejections.txt.
    static func expectedRejections() throws -> [(Int, String)] {
        let text = try String(contentsOf: TestPaths.file("samples/expected/bad-lines.rejections.txt"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { row in
            let parts = row.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let line = Int(parts[0].trimmingCharacters(in: .whitespaces)) else { return nil }
            return (line, parts[1].trimmingCharacters(in: .whitespaces))
        }
    }
}
