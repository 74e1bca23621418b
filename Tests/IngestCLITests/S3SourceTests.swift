import Foundation
import IngestTesting
import Testing

/// `ingest` reading `s3://` objects and prefixes from the stand-in S3 (moto behind botocore's
/// signature check), writing its dead letter to S3, and uploading to the stand-in Arthur.
@Suite(.serialized) struct S3SourceTests {
    static let prefix = "datacapture/my-endpoint/AllTraffic/2024/01/19/19/"

    /// Puts samples under the capture prefix, with keys that need URI encoding; returns their keys in key order.
    func putSamples(_ s3: S3StandIn, bucket: String, names: [String]) async throws -> [String] {
        try await s3.createBucket(bucket)
        var keys: [String] = []
        for (index, name) in names.enumerated() {
            let key = Self.prefix + "\(index)-\(name) copy+1=ü.jsonl"
            try await s3.putObject(
                bucket: bucket, key: key, body: Array(try Data(contentsOf: TestPaths.file("samples/\(name).jsonl"))))
            keys.append(key)
        }
        try await s3.putObject(bucket: bucket, key: Self.prefix + "notes.txt", body: Array("not capture".utf8))
        return keys.sorted()
    }

    @Test func prefixIsReadInKeyOrder() async throws {
        try await S3StandIn.with { s3 in
            let names = ["json-named", "csv-batch", "base64"]
            _ = try await putSamples(s3, bucket: "captures", names: names)
            let result = try IngestExecutable.run(
                ["--dry-run", "s3://captures/\(Self.prefix)"], environment: s3.environment())
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("3 files"))
            let local = try IngestExecutable.run(["--dry-run"] + names.map { "samples/\($0).jsonl" })
            #expect(try JSONLines.objects(result.stdout) == JSONLines.objects(local.stdout))
            #expect(try await s3.stats().refused == 0)
        }
    }

    @Test func cutDownloadsResume() async throws {
        try await S3StandIn.with { s3 in
            let keys = try await putSamples(s3, bucket: "captures", names: ["mixed"])
            try await s3.injectFaults(["cut:700", "cut:300"])
            let result = try IngestExecutable.run(
                ["--dry-run", "s3://captures/\(keys[0])"], environment: s3.environment(temporary: true))
            #expect(result.status == 0, "\(result.stderr)")
            let local = try IngestExecutable.run(["--dry-run", "samples/mixed.jsonl"])
            #expect(try JSONLines.objects(result.stdout) == JSONLines.objects(local.stdout))
            #expect(try await s3.stats().faults == 2)
        }
    }

    @Test func deadLetterGoesToS3Verbatim() async throws {
        try await S3StandIn.with { s3 in
            let keys = try await putSamples(s3, bucket: "captures", names: ["bad-lines"])
            try await s3.createBucket("dead")
            let result = try IngestExecutable.run(
                ["--dry-run", "--dead-letter", "s3://dead/letters", "s3://captures/\(keys[0])"],
                environment: s3.environment())
            #expect(result.status == 1)
            let stem = String(keys[0].dropLast(".jsonl".count))
            #expect(
                try await s3.keys(bucket: "dead").sorted() == [
                    "letters/\(stem).reasons.ndjson", "letters/\(stem).rejected.jsonl",
                ])
            let kept = String(
                decoding: try await s3.object(bucket: "dead", key: "letters/\(stem).rejected.jsonl"), as: UTF8.self)
            let source = try String(contentsOf: TestPaths.file("samples/bad-lines.jsonl"), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false)
            let expected = try DryRunTests.expectedRejections().map { String(source[$0.0 - 1]) }
            #expect(kept.split(separator: "\n").map(String.init) == expected)
        }
    }

    /// A dead letter past one part goes by multipart upload; when a part cannot be sent (every attempt's
    /// connection cut mid-body), the source fails with that error and the upload is aborted: no parts linger.
    @Test func aDeadLetterUploadCutMidPartIsAborted() async throws {
        try await S3StandIn.with { s3 in
            try await s3.createBucket("dead")
            let bad = try String(contentsOf: TestPaths.file("samples/bad-lines.jsonl"), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false)[7]
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dl-cut-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("rejected.jsonl")
            try Data(String(repeating: bad + "\n", count: (12 << 20) / bad.utf8.count).utf8).write(to: file)
            // CreateMultipartUpload goes through; both attempts at part 1 lose their connection mid-body.
            try await s3.injectFaults(["ok", "drop:1000000", "drop:4000000"])
            let result = try IngestExecutable.run(
                ["--dry-run", "--max-attempts", "2", "--dead-letter", "s3://dead/letters/", file.path],
                environment: s3.environment())
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("UploadPart 1 s3://dead/letters/"), "\(result.stderr)")
            #expect(try await s3.stats().faults == 2)
            #expect(try await s3.multipartUploads(bucket: "dead").isEmpty)
            #expect(try await s3.keys(bucket: "dead").isEmpty)
            #expect(try await s3.stats().refused == 0)
        }
    }

    @Test func uploadsFromS3ArriveOnce() async throws {
        try await S3StandIn.with { s3 in
            try await ArthurStandIn.with(token: UploadTests.token) { arthur in
                let names = ["csv-single", "xgboost-batch", "jsonlines"]
                _ = try await putSamples(s3, bucket: "captures", names: names)
                var env = s3.environment()
                env["ARTHUR_HOST"] = arthur.host
                env["ARTHUR_MODEL_ID"] = arthur.modelID
                env["ARTHUR_ACCESS_TOKEN"] = UploadTests.token
                let result = try IngestExecutable.run(["s3://captures/datacapture/"], environment: env)
                #expect(result.status == 0, "\(result.stderr)")
                #expect(!result.allOutput.contains(UploadTests.token))
                #expect(!result.allOutput.contains(S3StandIn.secretAccessKey))
                let expected = try JSONLines.partnerIDs(
                    try IngestExecutable.run(["--dry-run"] + names.map { "samples/\($0).jsonl" }).stdout)
                #expect(try await arthur.received().inferences.map(\.partnerInferenceID).sorted() == expected.sorted())
            }
        }
    }

    @Test(arguments: [
        ("s3://no-such-bucket/x/", [String: String](), "NoSuchBucket"),
        ("s3://captures/", ["AWS_SECRET_ACCESS_KEY": "wrong-secret"], "secret"),
        ("s3://captures/empty/", [:], "no .jsonl objects"),
    ])
    func configurationProblemsExitTwo(uri: String, override: [String: String], messagePart: String) async throws {
        try await S3StandIn.with { s3 in
            try await s3.createBucket("captures")
            let env = s3.environment().merging(override) { $1 }
            let result = try IngestExecutable.run(["--dry-run", uri], environment: env)
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.lowercased().contains(messagePart.lowercased()), "\(result.stderr)")
            #expect(!result.allOutput.contains("wrong-secret"))
        }
    }

    @Test func missingObjectIsAnErrorForThatSource() async throws {
        try await S3StandIn.with { s3 in
            try await s3.createBucket("captures")
            let result = try IngestExecutable.run(
                ["--dry-run", "s3://captures/missing.jsonl"], environment: s3.environment())
            #expect(result.status == 1)
            #expect(result.stderr.contains("s3://captures/missing.jsonl"), "\(result.stderr)")
            #expect(result.stderr.contains("NoSuchKey") || result.stderr.contains("no object"), "\(result.stderr)")
        }
    }

    @Test func s3WithoutCredentialsIsAConfigurationError() throws {
        let result = try IngestExecutable.run(["--dry-run", "s3://captures/x.jsonl"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("AWS_ACCESS_KEY_ID") || result.stderr.contains("AWS_REGION"), "\(result.stderr)")
    }
}
