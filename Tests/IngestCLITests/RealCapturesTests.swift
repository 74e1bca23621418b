import Foundation
import IngestTesting
import Testing

/// On every published capture in `Tests/Fixtures/real-captures/` (sources in its README), `ingest --dry-run`
/// and `tools/reference_ingest.py` print the same inferences, reject the same lines and give the same
/// warnings; uploaded to the stand-in Arthur, which reads each sent line by Arthur's published contract
/// (`Tests/Servers/arthur_contract.py`), every inference of the dry run arrives exactly once, under the
/// id, time, inputs and outputs Arthur derives itself.
@Suite(.serialized) struct RealCapturesTests {
    static let token = "tok-SECRET-7d1e9c4b-real-captures"
    static let folder = "Tests/Fixtures/real-captures"
    static let files: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: TestPaths.file(folder).path)) ?? [])
        .filter { $0.hasSuffix(".jsonl") }.sorted().map { "\(folder)/\($0)" }

    /// The line numbers `stderr` names as rejected in `path` (`PATH:LINE: error: ...`).
    static func rejectedLines(_ stderr: String, in path: String) -> [Int] {
        stderr.split(separator: "\n").compactMap { message in
            guard message.hasPrefix("\(path):") else { return nil }
            let rest = message.dropFirst(path.count + 1)
            guard let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix(": error: ") else { return nil }
            return Int(rest[..<colon])
        }
    }

    /// The warning lines of `stderr` (`PATH: warning: ...` and `PATH:LINE: warning: ...`), in order.
    static func warnings(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { $0.contains(": warning: ") }
    }

    static func reference(_ arguments: [String]) throws -> ProcessResult {
        try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "tools/reference_ingest.py"] + arguments,
            currentDirectory: TestPaths.packageRoot)
    }

    @Test func theFolderHoldsEveryPublishedShape() throws {
        #expect(Self.files.count >= 14, "\(Self.files)")
        let readme = try String(contentsOf: TestPaths.file("\(Self.folder)/README.md"), encoding: .utf8)
        for file in Self.files {
            let name = String(file.dropFirst(Self.folder.count + 1))
            #expect(readme.contains("`\(name)`"), "\(name) is not in the README")
        }
    }

    @Test(arguments: files)
    func agreesWithTheReference(file: String) throws {
        let ours = try IngestExecutable.run(["--dry-run", "--emit", "jsonl", file])
        let reference = try Self.reference(["--emit", "jsonl", file])
        #expect(ours.status == reference.status, "\(ours.stderr)\n---\n\(reference.stderr)")
        #expect(try JSONLines.objects(ours.stdout) == JSONLines.objects(reference.stdout))
        #expect(Self.rejectedLines(ours.stderr, in: file) == Self.rejectedLines(reference.stderr, in: file))
        #expect(Self.warnings(ours.stderr) == Self.warnings(reference.stderr))
        let skipped = "\(file): skipped: a batch transform capture manifest, not endpoint captures"
        #expect(ours.stderr.contains(skipped) == reference.stderr.contains(skipped), "\(ours.stderr)")
    }

    @Test func theSDKTemplateTimesAreRejectedAndTheManifestsSkipped() throws {
        let template = "\(Self.folder)/sdk-monitor-capture-template-time.jsonl"
        let result = try IngestExecutable.run(["--dry-run", "--emit", "none", template])
        #expect(result.status == 1)
        #expect(Self.rejectedLines(result.stderr, in: template) == Array(1...44))
        let manifests = Self.files.filter { $0.contains("manifest") }
        #expect(manifests.count == 2)
        let skipped = try IngestExecutable.run(["--dry-run"] + manifests)
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(skipped.stdout.isEmpty)
        for manifest in manifests {
            #expect(skipped.stderr.contains("\(manifest): skipped: a batch transform capture manifest"))
        }
    }

    @Test func uploadedInferencesArriveOnceAsArthurDerivesThem() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            let environment = [
                "ARTHUR_HOST": standIn.host, "ARTHUR_MODEL_ID": standIn.modelID, "ARTHUR_ACCESS_TOKEN": Self.token,
            ]
            let result = try IngestExecutable.run(Self.files, environment: environment)
            #expect(result.status == 1, "the SDK's {%s} lines are rejected: \(result.stderr)")
            #expect(!result.allOutput.contains(Self.token))
            #expect(!result.stderr.contains("not uploaded"), "Arthur's contract refused a sent line: \(result.stderr)")

            let dryRun = try IngestExecutable.run(["--dry-run", "--emit", "jsonl"] + Self.files)
            let expected = try JSONLines.objects(dryRun.stdout)
            #expect(expected.count > 20)
            let received = try await standIn.received()
            #expect(received.inferences.map(\.partnerInferenceID).sorted() == expected.map(Self.id).sorted())

            // Beyond the ids: each received inference holds the dry run's time, inputs and outputs.
            var unmatched = try Self.receivedInferences(standIn)
            for inference in expected {
                let wanted = try Self.asArthurStoresIt(inference)
                let index = try unmatched.firstIndex { try Self.asArthurStoresIt($0) == wanted }
                #expect(index != nil, "not received as Arthur reads it: \(wanted)")
                if let index { unmatched.remove(at: index) }
            }
            #expect(unmatched.isEmpty, "received but not in the dry run: \(unmatched)")
        }
    }

    static func id(_ inference: NSDictionary) -> String { (inference["partner_inference_id"] as? String) ?? "" }

    /// The fields of an inference that Arthur stores (id, time, inputs, outputs) as canonical JSON text
    /// (sorted keys, numbers as JSONSerialization writes them): `NSDictionary`s rebuilt from parsed values
    /// did not compare equal on Linux even when their JSON was the same.
    static func asArthurStoresIt(_ inference: NSDictionary) throws -> String {
        var fields: [String: Any] = [:]
        for key in ["partner_inference_id", "inference_timestamp", "inputs", "outputs"] { fields[key] = inference[key] }
        let data = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// The stand-in's record of received inferences as JSON objects (values included), read with urllib.
    static func receivedInferences(_ standIn: ArthurStandIn) throws -> [NSDictionary] {
        let script = "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())"
        let fetched = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, "\(standIn.host)/_control/received"])
        let object = try JSONSerialization.jsonObject(with: Data(fetched.stdout.utf8)) as? NSDictionary
        let inferences = (object?["inferences"] as? [Any])?.compactMap { $0 as? NSDictionary } ?? []
        #expect(fetched.status == 0 && !inferences.isEmpty, "could not read the stand-in's record: \(fetched.stderr)")
        return inferences
    }
}
