import Foundation
import IngestTesting
import Testing

/// `ingest --to` (issue 13): the inferences as files, read back with Python's `json` and `csv` modules and checked
/// against a dry run (`Tests/Servers/read_inference_files.py`): every inference once, flat values, each file in the
/// UTC hour of its rows; the same files again on a rerun; S3 through the stand-in; files and Arthur together.
@Suite(.serialized) struct FilesTests {
    static let samples = [
        "samples/csv-single.jsonl", "samples/csv-batch.jsonl", "samples/json-features.jsonl",
        "samples/json-named.jsonl", "samples/jsonlines.jsonl", "samples/base64.jsonl",
        "samples/xgboost-batch.jsonl", "samples/mixed.jsonl",
    ]
    /// Times that fall in four different UTC hours: an offset, a fraction, no zone, the day before.
    static let times = [
        "2024-01-19T19:27:22Z", "2024-01-19T23:59:59.999+02:00", "2024-01-20T00:00:00-05:00", "2024-01-19 07:00:00",
    ]

    /// The samples as one file whose lines' `inferenceTime`s cycle through ``times``.
    func capturesOverHours(in folder: URL) throws -> String {
        var lines: [String] = []
        for sample in Self.samples {
            let text = try String(contentsOf: TestPaths.file(sample), encoding: .utf8)
            lines += text.split(separator: "\n").map(String.init)
        }
        let timed = lines.enumerated().map { index, line in
            line.replacing(
                /"inferenceTime":"[^"]*"/, with: "\"inferenceTime\":\"\(Self.times[index % Self.times.count])\"")
        }
        let path = folder.appendingPathComponent("hours.jsonl").path
        try (timed.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `read_inference_files.py` did not run to its end.
    struct ReadBackFailed: Error {
        var stderr: String
    }

    /// What `read_inference_files.py` found in `folder`.
    struct ReadBack {
        var files: [String: Int]
        var rows: Int
        var problems: [String]
    }

    func readBack(_ folder: URL, format: String, dryRun: String) throws -> ReadBack {
        let expected = folder.deletingLastPathComponent().appendingPathComponent("dry-run-\(UUID().uuidString).jsonl")
        try dryRun.write(to: expected, atomically: true, encoding: .utf8)
        let result = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", TestPaths.file("Tests/Servers/read_inference_files.py").path, folder.path, format,
                expected.path,
            ])
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        guard result.status == 0, let json else { throw ReadBackFailed(stderr: result.stderr) }
        return ReadBack(
            files: json["files"] as? [String: Int] ?? [:], rows: json["rows"] as? Int ?? -1,
            problems: json["problems"] as? [String] ?? ["no problems list"])
    }

    /// Every file under `folder`, by relative path, with its bytes.
    func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: folder.path)
        while let relative = walker?.nextObject() as? String {
            let url = folder.appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = try Data(contentsOf: url)
            }
        }
        return files
    }

    @Test(arguments: ["json", "csv", "jsonl"])
    func everyInferenceIsWrittenOnceInItsHour(format: String) throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let captures = try capturesOverHours(in: folder)
        let dryRun = try IngestExecutable.run(["--dry-run", "--emit", "jsonl", captures])
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        let inferences = dryRun.stdout.split(separator: "\n").count
        let output = folder.appendingPathComponent("out")
        let result = try IngestExecutable.run([captures, "--to", output.path, "--to-format", format])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("writing files only"))
        #expect(result.stderr.contains("(\(inferences) inferences) written to files"), "\(result.stderr)")
        let read = try readBack(output, format: format, dryRun: dryRun.stdout)
        #expect(read.problems == [])
        #expect(read.rows == inferences)
        let partitions = Set(read.files.keys.map { String($0.split(separator: "/").prefix(4).joined(separator: "/")) })
        #expect(partitions == ["2024/01/19/19", "2024/01/19/21", "2024/01/20/05", "2024/01/19/07"])
        #expect(read.files.keys.allSatisfy { $0.hasSuffix("hours-1.\(format)") })
    }

    @Test func aRerunWritesTheSameFilesAndSmallChunksCutSeveral() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let captures = try capturesOverHours(in: folder)
        let output = folder.appendingPathComponent("out")
        let arguments = [captures, "--to", output.path, "--chunk-size", "2KiB", "--quiet"]
        let first = try IngestExecutable.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        let written = try snapshot(output)
        let again = try IngestExecutable.run(arguments)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try snapshot(output) == written)
        let perHour = Dictionary(grouping: written.keys) { $0.split(separator: "/").prefix(4).joined(separator: "/") }
        #expect(perHour["2024/01/19/19"]?.count ?? 0 > 1, "\(written.keys.sorted())")
        let dryRun = try IngestExecutable.run(["--dry-run", "--emit", "jsonl", captures]).stdout
        let read = try readBack(output, format: "json", dryRun: dryRun)
        #expect(read.problems == [])
        #expect(read.rows == dryRun.split(separator: "\n").count)
    }

    @Test func aTargetThatIsAFileIsAUsageError() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("plain")
        try Data().write(to: file)
        let result = try IngestExecutable.run(["samples/csv-single.jsonl", "--to", file.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is a file"))
    }

    @Test func aSymbolicLinkWhereAFileGoesIsRefusedAndItsLinesKept() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out")
        let partition = output.appendingPathComponent("2024/01/19/19")
        try FileManager.default.createDirectory(at: partition, withIntermediateDirectories: true)
        let victim = folder.appendingPathComponent("victim")
        try Data("keep".utf8).write(to: victim)
        try FileManager.default.createSymbolicLink(
            at: partition.appendingPathComponent("samples%2Fcsv-single-1.json"), withDestinationURL: victim)
        let deadLetter = folder.appendingPathComponent("dead")
        let result = try IngestExecutable.run(
            ["samples/csv-single.jsonl", "--to", output.path, "--dead-letter", deadLetter.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("refusing to replace it"), "\(result.stderr)")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep")
        let kept = try String(
            contentsOf: deadLetter.appendingPathComponent("samples/csv-single.rejected.jsonl"), encoding: .utf8)
        #expect(kept.split(separator: "\n").count == 3)
    }

    @Test func s3TargetThroughTheStandIn() async throws {
        try await S3StandIn.with { s3 in
            try await s3.createBucket("lake")
            let files = ["samples/csv-batch.jsonl", "samples/json-named.jsonl"]
            let result = try IngestExecutable.run(
                files + ["--to", "s3://lake/inferences/", "--to-format", "jsonl"], environment: s3.environment())
            #expect(result.status == 0, "\(result.stderr)")
            let keys = try await s3.keys(bucket: "lake")
            #expect(
                keys == [
                    "inferences/2024/01/19/19/samples%2Fcsv-batch-1.jsonl",
                    "inferences/2024/01/19/19/samples%2Fjson-named-1.jsonl",
                ])
            var ids: [String] = []
            for key in keys {
                let body = String(decoding: try await s3.object(bucket: "lake", key: key), as: UTF8.self)
                ids += try JSONLines.partnerIDs(body)
                #expect(try await s3.contentType(bucket: "lake", key: key) == "application/jsonl")
            }
            let expected = try JSONLines.partnerIDs(try IngestExecutable.run(["--dry-run"] + files).stdout)
            #expect(ids.sorted() == expected.sorted())
            #expect(try await s3.stats().refused == 0)
        }
    }

    @Test func filesAndArthurTogether() async throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let token = "tok-SECRET-7d1e9c4b-do-not-print"
        try await ArthurStandIn.with(token: token) { standIn in
            let environment = [
                "ARTHUR_HOST": standIn.host, "ARTHUR_MODEL_ID": standIn.modelID, "ARTHUR_ACCESS_TOKEN": token,
            ]
            let output = folder.appendingPathComponent("out")
            let result = try IngestExecutable.run(
                Self.samples + ["--to", output.path, "--to-format", "csv"], environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.allOutput.contains(token))
            #expect(result.stderr.contains("uploaded and written to files"), "\(result.stderr)")
            let dryRun = try IngestExecutable.run(["--dry-run", "--emit", "jsonl"] + Self.samples).stdout
            let received = try await standIn.received()
            #expect(try received.inferences.map(\.partnerInferenceID).sorted() == JSONLines.partnerIDs(dryRun).sorted())
            let read = try readBack(output, format: "csv", dryRun: dryRun)
            #expect(read.problems == [])
            #expect(read.rows == received.inferences.count)
        }
    }

    @Test func orderedValuesTakeTheModelsAttributeNames() async throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let token = "tok-SECRET-7d1e9c4b-do-not-print"
        try await ArthurStandIn.with(token: token) { standIn in
            try await standIn.setAttributes(CensusModel.attributes)
            let captures = folder.appendingPathComponent("census.jsonl")
            try
                (CensusModel.csvLine(id: "c1", input: [CensusModel.row, CensusModel.row], output: ["0.1", "0.2"])
                + "\n").write(to: captures, atomically: true, encoding: .utf8)
            let output = folder.appendingPathComponent("out")
            let result = try IngestExecutable.run(
                [captures.path, "--to", output.path, "--to-format", "jsonl"],
                environment: [
                    "ARTHUR_HOST": standIn.host, "ARTHUR_MODEL_ID": standIn.modelID, "ARTHUR_ACCESS_TOKEN": token,
                ])
            #expect(result.status == 0, "\(result.stderr)")
            let files = try snapshot(output)
            #expect(files.count == 1)
            let rows = try JSONLines.objects(String(decoding: files.values.first ?? Data(), as: UTF8.self))
            #expect(rows.map { $0["partner_inference_id"] as? String } == ["c1_0", "c1_1"])
            let names = ["partner_inference_id", "inference_timestamp"] + CensusModel.inputs.map(\.name) + ["income"]
            #expect(rows.allSatisfy { Set($0.allKeys.compactMap { $0 as? String }) == Set(names) })
            #expect(rows.first?["workclass"] as? String == "State-gov")
            #expect(rows.last?["income"] as? String == "0.2")
        }
    }

    @Test func withProgressARerunSkipsADoneSourceAndLeavesItsFiles() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out")
        let arguments =
            Self.samples + ["--to", output.path, "--progress", folder.appendingPathComponent("progress").path]
        let first = try IngestExecutable.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        let written = try snapshot(output)
        let again = try IngestExecutable.run(arguments)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("\(Self.samples.count) files done before"), "\(again.stderr)")
        #expect(try snapshot(output) == written)
    }

    @Test func aFileS3CannotTakePutsItsLinesInTheDeadLetter() async throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await S3StandIn.with { s3 in
            try await s3.createBucket("lake")
            try await s3.injectFaults(["503", "503"])
            let deadLetter = folder.appendingPathComponent("dead")
            let result = try IngestExecutable.run(
                [
                    "samples/csv-batch.jsonl", "--to", "s3://lake/inferences/", "--max-attempts", "2",
                    "--dead-letter", deadLetter.path,
                ], environment: s3.environment())
            #expect(result.status == 1)
            #expect(
                result.stderr.contains("not written to 2024/01/19/19/samples%2Fcsv-batch-1.json"), "\(result.stderr)")
            #expect(result.stderr.contains("3 lines not written"), "\(result.stderr)")
            let kept = try String(
                contentsOf: deadLetter.appendingPathComponent("samples/csv-batch.rejected.jsonl"), encoding: .utf8)
            let source = try String(contentsOf: TestPaths.file("samples/csv-batch.jsonl"), encoding: .utf8)
            #expect(kept == source)
            #expect(try await s3.keys(bucket: "lake").isEmpty)
            // The same run again, S3 well: the file is written, and nothing is in the dead letter.
            let again = try IngestExecutable.run(
                ["samples/csv-batch.jsonl", "--to", "s3://lake/inferences/"], environment: s3.environment())
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try await s3.keys(bucket: "lake") == ["inferences/2024/01/19/19/samples%2Fcsv-batch-1.json"])
        }
    }
}
