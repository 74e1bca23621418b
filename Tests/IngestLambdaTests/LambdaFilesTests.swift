import Foundation
import IngestTesting
import Testing

/// The real `ingest-lambda` with `OUTPUT_S3_URI` (issue 13): an S3 event's objects written as inference files to
/// the stand-in S3 (signatures checked), with Arthur and without it, and the same objects again on a retry.
@Suite(.serialized) struct LambdaFilesTests {
    static let lake = "lake"

    /// Sends the running function an S3 event for `keys`; returns the answer's body.
    func invoke(_ harness: LambdaHarness, _ lambda: BackgroundProcess, keys: [String], requestID: String)
        async throws -> String
    {
        try await harness.runtime.enqueue(Events.s3(keys: keys), requestID: requestID)
        let records = try await harness.runtime.waitForRecords(timeout: .seconds(60)) {
            $0.responses.contains { $0.requestId == requestID } || !$0.errors.isEmpty
        }
        #expect(records.errors.isEmpty, "\(records.errors.map(\.body))\n\(lambda.stdout)")
        return try #require(records.responses.first { $0.requestId == requestID }, "\(lambda.stdout)").body
    }

    /// The partner ids in every object under the lake's `inferences/` prefix, and the objects' bytes by key.
    func written(_ harness: LambdaHarness) async throws -> (ids: [String], objects: [String: [UInt8]]) {
        var ids: [String] = []
        var objects: [String: [UInt8]] = [:]
        for key in try await harness.s3.keys(bucket: Self.lake, prefix: "inferences/") {
            let body = try await harness.s3.object(bucket: Self.lake, key: key)
            objects[key] = body
            let rows = try JSONSerialization.jsonObject(with: Data(body)) as? [[String: Any]] ?? []
            ids += rows.map { $0["partner_inference_id"] as? String ?? "" }
        }
        return (ids, objects)
    }

    @Test func withoutArthurTheObjectsAreWrittenAsFiles() async throws {
        try await LambdaHarness.with { harness in
            try await harness.s3.createBucket(Self.lake)
            let keys = [
                try await harness.putSample("csv-batch", as: "19-27.jsonl"),
                try await harness.putSample("json-named", as: "19-28.jsonl"),
            ]
            let overrides: [String: String?] = [
                "ARTHUR_HOST": nil, "ARTHUR_MODEL_ID": nil, "ARTHUR_ACCESS_TOKEN": nil,
                "OUTPUT_S3_URI": "s3://\(Self.lake)/inferences/",
            ]
            let lambda = try harness.start(overrides)
            defer { lambda.stop() }
            let first = try await invoke(harness, lambda, keys: keys, requestID: "r-files")
            #expect(first.contains("written to files"), "\(first)")
            let (ids, objects) = try await written(harness)
            #expect(ids.sorted() == (try LambdaHarness.expectedIDs(["csv-batch", "json-named"])).sorted())
            #expect(
                objects.keys.sorted()
                    == keys.map {
                        "inferences/2024/01/19/19/" + String($0.dropLast(".jsonl".count)).replacing("/", with: "%2F")
                            + "-1.json"
                    })
            #expect(try await harness.arthur.received().requests == 0)
            #expect(try await harness.s3.stats().refused == 0)
            // A retried event writes the same objects, byte for byte.
            _ = try await invoke(harness, lambda, keys: keys, requestID: "r-files-again")
            #expect(try await written(harness).objects == objects)
        }
    }

    @Test func withArthurEachObjectGoesToBothOnce() async throws {
        try await LambdaHarness.with { harness in
            try await harness.s3.createBucket(Self.lake)
            let keys = [try await harness.putSample("mixed", as: "19-30.jsonl")]
            let lambda = try harness.start([
                "OUTPUT_S3_URI": "s3://\(Self.lake)/inferences/", "OUTPUT_FORMAT": "json",
                "PROGRESS_S3_URI": "s3://\(LambdaHarness.deadLetterBucket)/progress/",
            ])
            defer { lambda.stop() }
            let answer = try await invoke(harness, lambda, keys: keys, requestID: "r-both")
            #expect(answer.contains("uploaded and written to files"), "\(answer)")
            #expect(!(lambda.stdout + lambda.stderr).contains(LambdaHarness.token))
            let expected = try LambdaHarness.expectedIDs(["mixed"]).sorted()
            #expect(try await harness.arthur.received().inferences.map(\.partnerInferenceID).sorted() == expected)
            let files = try await written(harness)
            #expect(files.ids.sorted() == expected)
            // The event again (as Lambda retries it): the progress record says done; nothing is sent or written twice.
            let again = try await invoke(harness, lambda, keys: keys, requestID: "r-both-again")
            #expect(again.contains("already ingested"), "\(again)")
            #expect(try await harness.arthur.received().inferences.count == expected.count)
            #expect(try await written(harness).objects == files.objects)
        }
    }

    @Test func aWrongFormatIsAnInitError() async throws {
        try await LambdaHarness.with { harness in
            let lambda = try harness.start(["OUTPUT_S3_URI": "s3://lake/x/", "OUTPUT_FORMAT": "parquet"])
            defer { lambda.stop() }
            let records = try await harness.runtime.waitForRecords(timeout: .seconds(30)) { !$0.initErrors.isEmpty }
            #expect(records.initErrors.first?.body.contains("OUTPUT_FORMAT must be json, csv or jsonl") == true)
        }
    }
}
