import Foundation
import IngestTesting
import Testing

/// The real `ingest-lambda`, driven by a Runtime API server on loopback, reading the stand-in S3 and
/// uploading to the stand-in Arthur: every event shape ends with every valid inference uploaded once
/// and every rejected line verbatim in the S3 dead letter.
@Suite(.serialized) struct IngestLambdaTests {
    @Test func s3EventHandlesEveryRecord() async throws {
        try await LambdaHarness.with { harness in
            let keys = [
                try await harness.putSample("csv-batch", as: "19-27 with space.jsonl"),
                try await harness.putSample("base64", as: "19-28+plus=eq&ü.jsonl"),
                try await harness.putSample("bad-lines", as: "19-29-bad.jsonl"),
            ]
            try await harness.s3.putObject(
                bucket: LambdaHarness.captureBucket, key: LambdaHarness.prefix + "x.csv", body: [0x31])
            try await harness.runtime.enqueue(
                Events.s3(keys: keys + [LambdaHarness.prefix + "x.csv"]), requestID: "r-s3")
            let lambda = try harness.start()
            defer { lambda.stop() }
            let records = try await harness.runtime.waitForRecords(timeout: .seconds(60)) {
                !$0.responses.isEmpty || !$0.errors.isEmpty
            }
            #expect(records.errors.isEmpty, "\(records.errors.map(\.body))\n\(lambda.stdout)")
            let response = try #require(records.responses.first)
            #expect(response.requestId == "r-s3")
            #expect(response.body.contains("Succeeded"))
            #expect(response.body.contains("not a .jsonl key"))

            let received = try await harness.arthur.received().inferences.map(\.partnerInferenceID)
            let expected = try LambdaHarness.expectedIDs(["csv-batch", "base64", "bad-lines"])
            #expect(received.sorted() == expected.sorted())

            let stem = String(keys[2].dropLast(".jsonl".count))
            let kept = String(
                decoding: try await harness.s3.object(
                    bucket: LambdaHarness.deadLetterBucket, key: "letters/\(stem).rejected.jsonl"),
                as: UTF8.self)
            let source = try String(contentsOf: TestPaths.file("samples/bad-lines.jsonl"), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false)
            #expect(kept.split(separator: "\n").count == 9)
            #expect(kept.split(separator: "\n").allSatisfy { source.contains($0) })
            #expect(try await harness.s3.keys(bucket: LambdaHarness.deadLetterBucket).count == 2)

            let logs = lambda.stdout + lambda.stderr
            #expect(!logs.contains(LambdaHarness.token))
            #expect(!logs.contains(S3StandIn.secretAccessKey))
            #expect(logs.contains("\"requestId\":\"r-s3\""))
            #expect(logs.contains("rejected line"))
        }
    }

    @Test func aBatchTransformManifestIsSkippedWhole() async throws {
        try await LambdaHarness.with { harness in
            let manifest = LambdaHarness.prefix + "manifest.jsonl"
            try await harness.s3.putObject(
                bucket: LambdaHarness.captureBucket, key: manifest,
                body: Array("[\n  {\"prefix\": \"s3://bucket/batch/\"},\n  \"part-0.csv.out\"\n]\n".utf8))
            let capture = try await harness.putSample("csv-single", as: "after-manifest.jsonl")
            try await harness.runtime.enqueue(Events.s3(keys: [manifest, capture]), requestID: "r-manifest")
            let lambda = try harness.start()
            defer { lambda.stop() }
            let records = try await harness.runtime.waitForRecords(timeout: .seconds(60)) {
                !$0.responses.isEmpty || !$0.errors.isEmpty
            }
            #expect(records.errors.isEmpty, "\(records.errors.map(\.body))\n\(lambda.stdout)")
            let response = try #require(records.responses.first)
            #expect(response.body.contains("skipped: a batch transform capture manifest, not endpoint captures"))
            let received = try await harness.arthur.received().inferences.map(\.partnerInferenceID)
            #expect(received.sorted() == (try LambdaHarness.expectedIDs(["csv-single"])).sorted())
            #expect(try await harness.s3.keys(bucket: LambdaHarness.deadLetterBucket).isEmpty)
        }
    }

    @Test func sqsNamesOnlyMessagesARetryMayCure() async throws {
        try await LambdaHarness.with { harness in
            let good = try await harness.putSample("json-named", as: "good.jsonl")
            let flaky = try await harness.putSample("csv-single", as: "flaky.jsonl")
            // Processed in order: the first GetObject meets two 503s and gives up (INGEST_MAX_ATTEMPTS=2).
            try await harness.s3.injectFaults(["503", "503"])
            let event = Events.sqs([
                (id: "m-flaky", body: Events.s3(keys: [flaky])),
                (id: "m-missing", body: Events.s3(keys: [LambdaHarness.prefix + "missing.jsonl"])),
                (id: "m-good", body: Events.s3(keys: [good])),
                (id: "m-garbled", body: "{not json"),
            ])
            try await harness.runtime.enqueue(event, requestID: "r-sqs")
            let lambda = try harness.start()
            defer { lambda.stop() }
            let records = try await harness.runtime.waitForRecords(timeout: .seconds(60)) {
                !$0.responses.isEmpty || !$0.errors.isEmpty
            }
            let body = try #require(records.responses.first?.body, "\(records.errors.map(\.body))")
            let answer = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            let failures = (answer?["batchItemFailures"] as? [[String: Any]])?.compactMap {
                $0["itemIdentifier"] as? String
            }
            #expect(failures == ["m-flaky"], "\(body)")
            let received = try await harness.arthur.received().inferences.map(\.partnerInferenceID)
            #expect(received.sorted() == (try LambdaHarness.expectedIDs(["json-named"])).sorted())
        }
    }

    @Test func snsAndSNSInsideSQS() async throws {
        try await LambdaHarness.with { harness in
            let a = try await harness.putSample("json-features", as: "sns one.jsonl")
            let b = try await harness.putSample("bad-lines", as: "sqs+sns.jsonl")
            try await harness.runtime.enqueue(Events.sns(Events.s3(keys: [a])), requestID: "r-sns")
            try await harness.runtime.enqueue(
                Events.sqs([(id: "m-1", body: Events.snsEnvelope(Events.s3(keys: [b])))]), requestID: "r-sqs-sns")
            let lambda = try harness.start()
            defer { lambda.stop() }
            let records = try await harness.runtime.waitForRecords { $0.responses.count + $0.errors.count >= 2 }
            #expect(records.errors.isEmpty, "\(records.errors.map(\.body))")
            #expect(records.responses.first { $0.requestId == "r-sqs-sns" }?.body == #"{"batchItemFailures":[]}"#)
            let received = try await harness.arthur.received().inferences.map(\.partnerInferenceID)
            #expect(received.sorted() == (try LambdaHarness.expectedIDs(["json-features", "bad-lines"])).sorted())
            let stem = String(b.dropLast(".jsonl".count))
            let kept = try await harness.s3.object(
                bucket: LambdaHarness.deadLetterBucket, key: "letters/\(stem).rejected.jsonl")
            #expect(String(decoding: kept, as: UTF8.self).split(separator: "\n").count == 9)
        }
    }

    @Test func eventBridgeAndBatchOperations() async throws {
        try await LambdaHarness.with { harness in
            let a = try await harness.putSample("xgboost-batch", as: "eb key with space.jsonl")
            let b = try await harness.putSample("jsonlines", as: "batch+1.jsonl")
            try await harness.runtime.enqueue(Events.eventBridge(key: a), requestID: "r-eb")
            try await harness.runtime.enqueue(
                Events.batchOperations([
                    (id: "t-ok", key: b), (id: "t-missing", key: LambdaHarness.prefix + "gone.jsonl"),
                ]),
                requestID: "r-batch")
            let lambda = try harness.start()
            defer { lambda.stop() }
            let records = try await harness.runtime.waitForRecords(timeout: .seconds(60)) {
                $0.responses.count + $0.errors.count >= 2
            }
            #expect(records.errors.isEmpty, "\(records.errors.map(\.body))")
            let batch = try #require(records.responses.first { $0.requestId == "r-batch" }?.body)
            let answer = try JSONSerialization.jsonObject(with: Data(batch.utf8)) as? [String: Any]
            let results = (answer?["results"] as? [[String: Any]]) ?? []
            let codes = Dictionary(
                uniqueKeysWithValues: results.map { ($0["taskId"] as? String ?? "", $0["resultCode"] as? String ?? "") }
            )
            #expect(codes == ["t-ok": "Succeeded", "t-missing": "PermanentFailure"], "\(batch)")
            #expect(answer?["invocationSchemaVersion"] as? String == "2.0")
            let received = try await harness.arthur.received().inferences.map(\.partnerInferenceID)
            #expect(received.sorted() == (try LambdaHarness.expectedIDs(["xgboost-batch", "jsonlines"])).sorted())
        }
    }

    @Test func unavailableArthurWithoutDeadLetterFailsSoLambdaRetries() async throws {
        try await LambdaHarness.with { harness in
            let key = try await harness.putSample("csv-single", as: "a.jsonl")
            try await harness.arthur.injectFaults(["503", "503"])
            try await harness.runtime.enqueue(Events.s3(keys: [key]), requestID: "r-retry")
            let lambda = try harness.start(["DEAD_LETTER_S3_URI": nil])
            defer { lambda.stop() }
            let records = try await harness.runtime.waitForRecords(timeout: .seconds(60)) {
                !$0.errors.isEmpty || !$0.responses.isEmpty
            }
            let error = try #require(records.errors.first, "\(records.responses.map(\.body))")
            #expect(error.errorType == "RetryableFailure")
            #expect(error.body.contains("no dead letter"))
            #expect(!error.body.contains(LambdaHarness.token))
        }
    }

    @Test func deadlineMidFileThenRetryUploadsEachInferenceOnce() async throws {
        try await LambdaHarness.with { harness in
            let key = try await harness.putSample("mixed", as: "deadline.jsonl")
            let other = try await harness.putSample("csv-batch", as: "deadline-2.jsonl")
            // Each upload takes a second; the deadline leaves room for about two of them.
            try await harness.arthur.injectFaults(Array(repeating: "slow:1", count: 3))
            let event = Events.s3(keys: [key, other])
            try await harness.runtime.enqueue(event, requestID: "r-first", deadlineInMilliseconds: 3_000)
            let lambda = try harness.start([
                "INGEST_CHUNK_BYTES": "1024", "INGEST_UPLOADS_IN_FLIGHT": "1", "INGEST_DEADLINE_MARGIN_MS": "1500",
                "PROGRESS_S3_URI": "s3://\(LambdaHarness.deadLetterBucket)/progress/",
            ])
            defer { lambda.stop() }
            let first = try await harness.runtime.waitForRecords(timeout: .seconds(60)) {
                !$0.errors.isEmpty || !$0.responses.isEmpty
            }
            let error = try #require(first.errors.first, "\(first.responses.map(\.body))")
            #expect(error.errorType == "RetryableFailure")
            #expect(error.body.contains("deadline"), "\(error.body)")
            let partial = try await harness.arthur.received()
            #expect(partial.inferences.count > 0, "some chunks went through before the deadline")

            // Lambda retries the event: only what Arthur has not accepted is sent.
            try await harness.runtime.enqueue(event, requestID: "r-retry", deadlineInMilliseconds: 60_000)
            let second = try await harness.runtime.waitForRecords(timeout: .seconds(60)) { !$0.responses.isEmpty }
            #expect(second.responses.first?.requestId == "r-retry", "\(second.errors.map(\.body))")
            let received = try await harness.arthur.received().inferences.map(\.partnerInferenceID)
            let expected = try LambdaHarness.expectedIDs(["mixed", "csv-batch"])
            #expect(received.count == expected.count, "no duplicates, none missing")
            #expect(received.sorted() == expected.sorted())
            #expect(lambda.stdout.contains("resumedLines"))
        }
    }

    @Test func killedMidFileThenRetriedInANewContainerUploadsEachInferenceOnce() async throws {
        try await LambdaHarness.with { harness in
            let key = try await harness.putSample("mixed", as: "killed.jsonl")
            let progress = [
                "INGEST_CHUNK_BYTES": "1024", "INGEST_UPLOADS_IN_FLIGHT": "1",
                "PROGRESS_S3_URI": "s3://\(LambdaHarness.deadLetterBucket)/progress/",
            ]
            // Two uploads go through; the third is held, then dropped unrecorded: the container dies meanwhile.
            try await harness.arthur.injectFaults(["ok", "ok", "stall:20"])
            try await harness.runtime.enqueue(
                Events.s3(keys: [key]), requestID: "r-killed", deadlineInMilliseconds: 15_000)
            let first = try harness.start(progress.merging(["INGEST_DEADLINE_MARGIN_MS": "2000"]) { $1 })
            let received = try await harness.arthur.waitForReceived { $0.requests >= 3 }
            try #require(received.acceptedRequests == 2)
            first.send(SIGKILL)
            _ = try await first.waitForExit()

            // Lambda retries the event in a new container. Until the killed invocation's deadline its lease keeps
            // the object: a retry fails, to be retried again; after it, the lease is taken over.
            try await harness.runtime.enqueue(Events.s3(keys: [key]), requestID: "r-too-soon")
            let second = try harness.start(progress)
            defer { second.stop() }
            let soon = try await harness.runtime.waitForRecords { $0.errors.contains { $0.requestId == "r-too-soon" } }
            let refused = try #require(soon.errors.first { $0.requestId == "r-too-soon" })
            #expect(refused.errorType == "RetryableFailure")
            #expect(refused.body.contains("another run is ingesting it"), "\(refused.body)")
            var attempt = 0
            var records: RuntimeAPIServer.Records
            repeat {
                attempt += 1
                try await Task.sleep(for: .seconds(2))
                try await harness.runtime.enqueue(Events.s3(keys: [key]), requestID: "r-retried-\(attempt)")
                records = try await harness.runtime.waitForRecords {
                    $0.responses.contains { $0.requestId == "r-retried-\(attempt)" }
                        || $0.errors.contains { $0.requestId == "r-retried-\(attempt)" }
                }
            } while !records.responses.contains(where: { $0.requestId == "r-retried-\(attempt)" }) && attempt < 15
            #expect(
                records.responses.contains { $0.requestId == "r-retried-\(attempt)" }, "\(records.errors.map(\.body))")
            #expect(second.stdout.contains("took over the lease"), "\(second.stdout)")
            let ids = try await harness.arthur.received().inferences.map(\.partnerInferenceID)
            let expected = try LambdaHarness.expectedIDs(["mixed"])
            #expect(ids.count == expected.count, "no duplicates, none missing")
            #expect(ids.sorted() == expected.sorted())
        }
    }

    @Test func tokenFromSecretsManager() async throws {
        try await LambdaHarness.with { harness in
            let arn = try await harness.s3.createSecret(name: "arthur/token", value: LambdaHarness.token)
            let key = try await harness.putSample("mixed", as: "m.jsonl")
            try await harness.runtime.enqueue(Events.s3(keys: [key]), requestID: "r-1")
            try await harness.runtime.enqueue(Events.s3(keys: [key]), requestID: "r-2")
            let lambda = try harness.start(["ARTHUR_ACCESS_TOKEN": nil, "ARTHUR_ACCESS_TOKEN_SECRET_ARN": arn])
            defer { lambda.stop() }
            let records = try await harness.runtime.waitForRecords(timeout: .seconds(60)) {
                $0.responses.count + $0.errors.count >= 2
            }
            #expect(records.errors.isEmpty, "\(records.errors.map(\.body))")
            let received = try await harness.arthur.received()
            #expect(received.inferences.count == 2 * (try LambdaHarness.expectedIDs(["mixed"])).count)
            #expect(received.authFailures == 0)
            #expect(!(lambda.stdout + lambda.stderr).contains(LambdaHarness.token))
        }
    }

    @Test(arguments: [
        (["ARTHUR_HOST": nil] as [String: String?], "ARTHUR_HOST is not set"),
        (["ARTHUR_HOST": "http://arthur.example.com"], "plain http"),
        (["ARTHUR_ACCESS_TOKEN": nil], "ARTHUR_ACCESS_TOKEN_SECRET_ARN"),
        (["AWS_REGION": nil], "AWS_REGION"),
        (["DEAD_LETTER_S3_URI": "dead/letters"], "DEAD_LETTER_S3_URI"),
        (["SCHEMA_CHECK": "maybe"], "SCHEMA_CHECK must be on or off"),
    ])
    func badConfigurationIsAnInitError(overrides: [String: String?], messagePart: String) async throws {
        try await RuntimeAPIServer.with { runtime in
            var env: [String: String] = [
                "ARTHUR_HOST": "https://arthur.example.com", "ARTHUR_MODEL_ID": "m", "ARTHUR_ACCESS_TOKEN": "t",
                "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "us-east-1",
                "AWS_LAMBDA_RUNTIME_API": runtime.address,
            ]
            for (name, value) in overrides { env[name] = value }
            let lambda = try BackgroundProcess(TestPaths.product("ingest-lambda"), environment: env)
            defer { lambda.stop() }
            #expect(try await lambda.waitForExit() == 1)
            let records = try await runtime.records()
            let initError = try #require(records.initErrors.first, "stdout: \(lambda.stdout)")
            #expect(initError.body.contains(messagePart), "\(initError.body)")
            #expect(records.nextRequests.isEmpty)
        }
    }
}
