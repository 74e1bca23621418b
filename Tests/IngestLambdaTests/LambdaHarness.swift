import AsyncHTTPClient
import Foundation
import IngestTesting
import NIOCore
import NIOHTTP1
import Testing

/// The real `ingest-lambda` between real local servers.
///
/// Everything an `ingest-lambda` test needs on loopback: the stand-in S3 (moto behind botocore's
/// signature check), the stand-in Arthur, the Runtime API server, and the real executable wired to
/// them; plus builders for the event shapes AWS delivers.
struct LambdaHarness {
    static let token = "lambda-arthur-token-SECRET-5e2f"
    static let captureBucket = "captures"
    static let deadLetterBucket = "dead"
    static let prefix = "datacapture/ep/AllTraffic/2024/01/19/19/"

    let s3: S3StandIn
    let arthur: ArthurStandIn
    let runtime: RuntimeAPIServer

    /// Runs `body` with the three servers up and both buckets made.
    static func with<T>(_ body: (LambdaHarness) async throws -> T) async throws -> T {
        try await S3StandIn.with { s3 in
            try await ArthurStandIn.with(token: token) { arthur in
                try await RuntimeAPIServer.with { runtime in
                    try await s3.createBucket(captureBucket)
                    try await s3.createBucket(deadLetterBucket)
                    return try await body(LambdaHarness(s3: s3, arthur: arthur, runtime: runtime))
                }
            }
        }
    }

    /// The function's environment: AWS settings for the stand-in S3, the stand-in Arthur, an S3 dead letter.
    func environment(_ overrides: [String: String?] = [:]) -> [String: String] {
        var env = s3.environment()
        env["ARTHUR_HOST"] = arthur.host
        env["ARTHUR_MODEL_ID"] = arthur.modelID
        env["ARTHUR_ACCESS_TOKEN"] = Self.token
        env["DEAD_LETTER_S3_URI"] = "s3://\(Self.deadLetterBucket)/letters/"
        env["AWS_LAMBDA_RUNTIME_API"] = runtime.address
        env["INGEST_MAX_ATTEMPTS"] = "2"
        for (name, value) in overrides { env[name] = value }
        return env
    }

    /// Starts the real executable.
    func start(_ overrides: [String: String?] = [:]) throws -> BackgroundProcess {
        try BackgroundProcess(TestPaths.product("ingest-lambda"), environment: environment(overrides))
    }

    /// Starts the real executable without a Runtime API (and with `overrides`), so that it serves the emulator's
    /// invoke URL, and posts `event` to it as `curl` would; returns the running process (stop it), the answer's status and body.
    func invokeLocally(
        _ event: String, timeoutSeconds: Int64, _ overrides: [String: String?] = [:]
    ) async throws -> (lambda: BackgroundProcess, status: UInt, body: String) {
        let lambda = try start(
            overrides.merging(["AWS_LAMBDA_RUNTIME_API": nil, "LOCAL_INVOKE_PORT": "0"]) { $1 })
        do {
            let line = try #require(
                try await lambda.waitForLine(containing: "serving the local invoke URL"), "\(lambda.stdout)")
            let log = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let port = try #require((log?["metadata"] as? [String: Any])?["port"] as? String)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/2015-03-31/functions/function/invocations")
            request.method = .POST
            request.body = .bytes(ByteBuffer(string: event))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(timeoutSeconds))
            let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
            return (lambda, response.status.code, body)
        } catch {
            lambda.stop()
            throw error
        }
    }

    /// Uploads `samples/<name>.jsonl` under the capture prefix as `<prefix><keyName>`; returns the key.
    @discardableResult
    func putSample(_ name: String, as keyName: String) async throws -> String {
        let key = Self.prefix + keyName
        try await s3.putObject(
            bucket: Self.captureBucket, key: key,
            body: Array(try Data(contentsOf: TestPaths.file("samples/\(name).jsonl"))))
        return key
    }

    /// The partner ids a dry run of these samples prints: what must reach Arthur, once each.
    static func expectedIDs(_ names: [String]) throws -> [String] {
        try JSONLines.partnerIDs(
            try IngestExecutable.run(["--dry-run", "--emit", "jsonl"] + names.map { "samples/\($0).jsonl" }).stdout)
    }
}

/// Event payloads shaped as AWS delivers them.
enum Events {
    /// A key as S3 notifications carry it: form-URL-encoded (space → `+`, the rest percent-encoded).
    static func formEncoded(_ key: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-_.~/ ")
        return (key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key).replacingOccurrences(
            of: " ", with: "+")
    }

    static func s3Record(bucket: String, key: String) -> [String: Any] {
        [
            "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
            "eventTime": "2024-01-19T19:28:00.000Z", "eventName": "ObjectCreated:Put",
            "s3": [
                "s3SchemaVersion": "1.0", "bucket": ["name": bucket, "arn": "arn:aws:s3:::\(bucket)"],
                "object": ["key": formEncoded(key), "size": 1, "eTag": "0123", "sequencer": "0065AACF"],
            ],
        ]
    }

    static func s3(bucket: String = LambdaHarness.captureBucket, keys: [String]) -> String {
        text(["Records": keys.map { s3Record(bucket: bucket, key: $0) }])
    }

    static func sqs(_ messages: [(id: String, body: String)]) -> String {
        text([
            "Records": messages.map { message in
                [
                    "messageId": message.id, "receiptHandle": "AQEB", "body": message.body,
                    "attributes": ["ApproximateReceiveCount": "1"], "eventSource": "aws:sqs",
                    "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:captures", "awsRegion": "us-east-1",
                ] as [String: Any]
            }
        ])
    }

    /// `inner` (an S3 notification) as SNS delivers it to Lambda.
    static func sns(_ inner: String) -> String {
        text(["Records": [snsRecord(inner)]])
    }

    /// The SNS envelope SQS carries when a topic feeds a queue.
    static func snsEnvelope(_ inner: String) -> String {
        text([
            "Type": "Notification", "MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
            "TopicArn": "arn:aws:sns:us-east-1:123456789012:captures", "Subject": "Amazon S3 Notification",
            "Message": inner, "Timestamp": "2024-01-19T19:28:01.000Z", "SignatureVersion": "1",
        ])
    }

    static func snsRecord(_ inner: String) -> [String: Any] {
        [
            "EventSource": "aws:sns", "EventVersion": "1.0",
            "EventSubscriptionArn": "arn:aws:sns:us-east-1:123456789012:captures:2bcfbf39",
            "Sns": [
                "Type": "Notification", "MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
                "TopicArn": "arn:aws:sns:us-east-1:123456789012:captures", "Subject": "Amazon S3 Notification",
                "Message": inner, "Timestamp": "2024-01-19T19:28:01.000Z",
            ],
        ]
    }

    static func eventBridge(bucket: String = LambdaHarness.captureBucket, key: String) -> String {
        text([
            "version": "0", "id": "17793124-05d4-b198-2fde-7ededc63b103", "detail-type": "Object Created",
            "source": "aws.s3", "account": "123456789012", "time": "2024-01-19T19:28:00Z", "region": "us-east-1",
            "resources": ["arn:aws:s3:::\(bucket)"],
            "detail": [
                "version": "0", "bucket": ["name": bucket], "object": ["key": key, "size": 1, "etag": "0123"],
                "request-id": "N4N7GDK58NMKJ12R", "requester": "123456789012", "reason": "PutObject",
            ],
        ])
    }

    static func batchOperations(_ tasks: [(id: String, key: String)], bucket: String = LambdaHarness.captureBucket)
        -> String
    {
        text([
            "invocationSchemaVersion": "2.0", "invocationId": "YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo",
            "job": ["id": "f3cc4f60-61f6-4a2b-8a21-d07600c373ce", "userArguments": [:] as [String: String]],
            "tasks": tasks.map { task in
                ["taskId": task.id, "s3Bucket": bucket, "s3Key": formEncoded(task.key), "s3VersionId": NSNull()]
            },
        ])
    }

    static func text(_ object: Any) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
}
