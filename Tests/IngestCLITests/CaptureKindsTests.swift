import Foundation
import IngestTesting
import Testing

/// What the pipeline does with what real capture folders hold besides clean captures: repeated partner ids (a
/// warning naming both lines, counted), a JSON answer labelled text/html (read as JSON, one warning per source),
/// and batch transform manifests (skipped whole, exit 0), on the real `ingest` executable.
@Suite struct CaptureKindsTests {
    private static func line(id: String, rows: Int = 1, output: String? = nil) -> String {
        let input = String(repeating: "1,2\\n", count: rows)
        let scores = output ?? #""data":"\#(String(repeating: "0.5\\n", count: rows))","encoding":"CSV""#
        return
            #"{"captureData":{"endpointInput":{"observedContentType":"text/csv","data":"\#(input)","encoding":"CSV"},"#
            + #""endpointOutput":{"observedContentType":"text/csv",\#(scores)}},"#
            + #""eventMetadata":{"eventId":"e-\#(id)","inferenceId":"\#(id)","inferenceTime":"2024-01-19T19:27:57Z"}}"#
    }

    private static func file(_ lines: [String], name: String = "captures.jsonl") throws -> URL {
        let url = try TestPaths.temporaryDirectory().appendingPathComponent(name)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url
    }

    @Test func warnsOfRepeatedPartnerIDsNamingBothLines() throws {
        // Line 3's one row `x_0` meets row 0 of line 1's batch `x`; line 4 repeats line 2's id.
        let url = try Self.file([
            Self.line(id: "x", rows: 2), Self.line(id: "7"), Self.line(id: "x_0"), Self.line(id: "7"),
        ])
        let result = try IngestExecutable.run(["--dry-run", "--emit", "none", url.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "\(url.path):3: warning: partner inference id \"x_0\" already given by line 1; both are kept"))
        #expect(
            result.stderr.contains(
                "\(url.path):4: warning: partner inference id \"7\" already given by line 2; both are kept"))
        #expect(result.stderr.contains("5 inferences, 0 rejected, 2 duplicate ids"), "\(result.stderr)")
    }

    @Test func readsAJSONAnswerLabelledHTMLAndWarnsOncePerSource() throws {
        let html = #""data":"eyJzY29yZSI6MC41fQ==","encoding":"BASE64""#  // {"score":0.5}
        let htmlLine = Self.line(id: "a", output: html).replacingOccurrences(
            of: #""endpointOutput":{"observedContentType":"text/csv""#,
            with: #""endpointOutput":{"observedContentType":"text/html; charset=utf-8""#)
        let url = try Self.file([
            htmlLine, htmlLine.replacingOccurrences(of: #""inferenceId":"a""#, with: #""inferenceId":"b""#),
        ])
        let result = try IngestExecutable.run(["--dry-run", "--emit", "jsonl", url.path])
        #expect(result.status == 0, "\(result.stderr)")
        let warning = "\(url.path): warning: endpointOutput labelled text/html holds JSON; read as JSON"
        #expect(result.stderr.components(separatedBy: warning).count == 2, "\(result.stderr)")
        let outputs = try JSONLines.objects(result.stdout).map { $0["outputs"] as? NSDictionary }
        #expect(outputs == [["score": 0.5], ["score": 0.5]])
    }

    @Test(arguments: [
        #"[{"prefix":"s3://bucket/batch/output/"},"part-0.csv.out","part-1.csv.out"]"#,
        "\n[\n  {\n    \"prefix\": \"s3://bucket/batch/output/\"\n  },\n  \"part-0.csv.out\"\n]",
    ])
    func skipsABatchTransformManifestWhole(manifest: String) throws {
        let url = try Self.file([manifest], name: "manifest.jsonl")
        let captures = try Self.file([Self.line(id: "a")])
        let result = try IngestExecutable.run(["--dry-run", "--emit", "jsonl", url.path, captures.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains("\(url.path): skipped: a batch transform capture manifest, not endpoint captures"))
        #expect(!result.stderr.contains("error"))
        #expect(result.stderr.contains("ingest: 2 files (1 skipped), 1 lines, 1 inferences, 0 rejected"))
        #expect(try JSONLines.partnerIDs(result.stdout) == ["a"])
    }

    @Test func judgesEveryLineOfAFileThatOnlyStartsLikeAManifest() throws {
        let url = try Self.file(["[1,2]", Self.line(id: "a"), "[{\"prefix\":"])
        let result = try IngestExecutable.run(["--dry-run", "--emit", "jsonl", url.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(url.path):1: error: line is JSON but not an object"))
        #expect(result.stderr.contains("\(url.path):3: error: line ends before its JSON is complete"))
        #expect(try JSONLines.partnerIDs(result.stdout) == ["a"])
        #expect(result.stderr.contains("3 lines, 1 inferences, 2 rejected"))
    }
}
