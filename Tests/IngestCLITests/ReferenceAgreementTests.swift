import Foundation
import IngestTesting
import Testing

/// On generated captures of every shape (batches, BASE64, inference ids), `ingest` and the plain
/// Python reference in tools/reference_ingest.py print the same inferences.
@Suite struct ReferenceAgreementTests {
    @Test(arguments: ["csv", "json1", "json2", "mixed"])
    func agreesWithTheReference(shape: String) throws {
        let folder = try TestPaths.temporaryDirectory()
        let file = folder.appendingPathComponent("\(shape).jsonl")
        try GeneratedCapture.write(
            to: file, ["--shape", shape, "--lines", "400", "--max-batch", "6", "--base64", "0.2", "--seed", "11"])
        let python = URL(fileURLWithPath: "/usr/bin/env")

        let ours = try IngestExecutable.run(["--dry-run", "--emit", "jsonl", file.path])
        let reference = try ChildProcess.run(
            python, ["python3", TestPaths.file("tools/reference_ingest.py").path, "--emit", "jsonl", file.path])
        #expect(ours.status == 0, "\(ours.stderr)")
        #expect(reference.status == 0, "\(reference.stderr)")
        let oursObjects = try JSONLines.objects(ours.stdout)
        #expect(oursObjects.count > 400)
        #expect(oursObjects == (try JSONLines.objects(reference.stdout)))

        // Without --emit the rows are never built (CaptureLineParser.validate): same counts, same verdicts.
        let validated = try IngestExecutable.run(["--dry-run", "--emit", "none", file.path])
        #expect(validated.stderr == ours.stderr)
    }

    @Test func validatingAndParsingJudgeBadLinesAlike() throws {
        let parsed = try IngestExecutable.run(["--dry-run", "--emit", "jsonl", "samples/bad-lines.jsonl"])
        let validated = try IngestExecutable.run(["--dry-run", "--emit", "none", "samples/bad-lines.jsonl"])
        #expect(validated.status == 1)
        #expect(validated.stderr == parsed.stderr)
        #expect(validated.stderr.contains("9 rejected"))
    }
}
